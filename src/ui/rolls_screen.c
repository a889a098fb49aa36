/* rolls_screen.c - the payment rolls (资金拨付单) of a month, one per
 * department and township centre, with their totals; and finance's view of
 * the same rolls, those waiting for its check first.
 *
 * The county centre (and a department) makes the month's rolls here and
 * opens one to check, hold lines and submit it; finance opens the rolls
 * submitted to it to approve or return them.  Who may do what to a roll is
 * the server's word (pay_roll_row.actions); "waiting" lists exactly the
 * rolls where that word is not empty. */
#include "curses_provider.h"
#include "onedoor/civil_date.h"
#include "onedoor/i18n.h"
#include "onedoor/labels.h"
#include "onedoor/store_payments.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_screens.h"
#include "onedoor/ui_views.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { Q_MAY = 1, Q_LIST, Q_GENERATE };
enum { ASK_GENERATE = 1 };

struct rolls_state {
	struct session *s;
	struct ui_screen *sc;
	enum ui_context ctx;     /* CTX_ROLLS (county centre) or CTX_FINANCE */
	bool waiting;            /* the rolls this login may act on, any month */
	char month[11];          /* YYYY-MM-01 of the month shown otherwise */
	bool may_generate;       /* the server says this login makes rolls */
	struct pay_roll_row *rows;
	int count, selected, top;
	bool loaded;
	char keep[32];           /* the roll to select again after a reload */
	char request_id[37];     /* of the generation sent */
};

static void reload(struct rolls_state *st)
{
	if (st->count > 0)
		snprintf(st->keep, sizeof st->keep, "%s", st->rows[st->selected].roll_no);
	struct db_query q;
	pay_rolls_query(&q, st->waiting ? NULL : st->month, st->waiting);
	ui_send(st->s, st->sc, Q_LIST, &q);
	db_query_free(&q);
}

/* The month `delta` months from the one shown. */
static void move_month(struct rolls_state *st, int delta)
{
	int y = atoi(st->month), m = atoi(st->month + 5) - 1 + delta;
	y += m >= 0 ? m / 12 : -((11 - m) / 12);
	m = ((m % 12) + 12) % 12;
	snprintf(st->month, sizeof st->month, "%04d-%02d-01", y, m + 1);
}

struct rolls_columns {
	int no, month, dept, centre, state, lines, held, total;
};

static struct rolls_columns layout(bool with_month)
{
	struct rolls_columns c = {13, with_month ? 7 : 0, 0, 0, 12, 6, 4, 13};
	int rest = ui_cols() - (c.no + c.state + c.lines + c.held + c.total + 6) -
		   (with_month ? c.month + 1 : 0) - 1;
	c.dept = rest * 2 / 5;
	c.centre = rest - c.dept;
	return c;
}

static void cell(int row, int *x, int width, enum ui_role role, bool right, const char *text)
{
	if (width <= 0)
		return;
	int w = str_width(text);
	if (right && w < width)
		ui_text(row, *x, width - w, role, false, "");
	ui_text(row, *x + (right && w < width ? width - w : 0), right && w < width ? w : width,
		role, true, text);
	ui_text(row, *x + width, 1, role, false, "");
	*x += width + 1;
}

static void draw(struct ui_screen *sc, struct session *s)
{
	struct rolls_state *st = sc->state;
	ui_clear();
	session_draw_frame(s, st->ctx == CTX_FINANCE ? _("Finance check") : _("Payment rolls"));
	char line[512], a[32], b[32];
	if (st->waiting)
		snprintf(line, sizeof line, _("Rolls waiting for you: %d"), st->count);
	else
		snprintf(line, sizeof line, _("Month: %.7s   Rolls: %d"), st->month, st->count);
	ui_text(1, 0, ui_cols(), ROLE_HEADER, true, line);
	struct rolls_columns c = layout(st->waiting);
	int x = 0;
	cell(2, &x, c.no, ROLE_LABEL, false, _("Roll"));
	cell(2, &x, c.month, ROLE_LABEL, false, _("Month"));
	cell(2, &x, c.dept, ROLE_LABEL, false, _("Department"));
	cell(2, &x, c.centre, ROLE_LABEL, false, _("Centre"));
	cell(2, &x, c.state, ROLE_LABEL, false, _("State"));
	cell(2, &x, c.lines, ROLE_LABEL, true, _("People"));
	cell(2, &x, c.held, ROLE_LABEL, true, _("Held"));
	cell(2, &x, c.total, ROLE_LABEL, true, _("Total (yuan)"));
	ui_hline(3, 0, ui_cols());
	int first = 4, bottom = ui_rows() - 5; /* rows of the list: first .. bottom-1 */
	int visible = bottom - first;
	if (!st->loaded)
		ui_text(first, 0, ui_cols(), ROLE_INFO, true, _("Reading the rolls..."));
	else if (st->count == 0)
		ui_text(first, 0, ui_cols(), ROLE_INFO, true,
			st->waiting ? _("Nothing waits for you.")
			: st->may_generate
				? _("No roll for this month yet: F2 makes them from what is owed.")
				: _("No roll for this month."));
	if (st->selected < st->top)
		st->top = st->selected;
	if (st->selected >= st->top + visible)
		st->top = st->selected - visible + 1;
	long long total = 0, back = 0;
	int lines = 0, held = 0;
	for (int i = 0; i < st->count; i++) {
		total += st->rows[i].total_fen;
		back += st->rows[i].back_pay_fen;
		lines += st->rows[i].line_count;
		held += st->rows[i].held_count;
	}
	for (int i = 0; i < visible && st->top + i < st->count; i++) {
		const struct pay_roll_row *r = &st->rows[st->top + i];
		enum ui_role role = st->top + i == st->selected ? ROLE_SELECTED : ROLE_NORMAL;
		char n1[16], n2[16];
		snprintf(n1, sizeof n1, "%d", r->line_count);
		snprintf(n2, sizeof n2, "%d", r->held_count);
		money_text(r->total_fen, a);
		x = 0;
		cell(first + i, &x, c.no, role, false, r->roll_no);
		cell(first + i, &x, c.month, role, false, r->month);
		cell(first + i, &x, c.dept, role, false, r->department_name[s->lang ? 1 : 0]);
		cell(first + i, &x, c.centre, role, false, r->centre_name);
		cell(first + i, &x, c.state,
		     strcmp(r->state, "returned") == 0 && role == ROLE_NORMAL ? ROLE_ERROR : role,
		     false, _(label_of(LABEL_ROLL_STATE, r->state)));
		cell(first + i, &x, c.lines, role, true, n1);
		cell(first + i, &x, c.held, role, true, n2);
		cell(first + i, &x, c.total, role, true, a);
		ui_text(first + i, x, ui_cols() - x, role, false, "");
	}
	ui_hline(bottom, 0, ui_cols());
	money_text(total, a);
	money_text(back, b);
	snprintf(line, sizeof line, _("In all: %d lines (%d held), %s yuan, of which back pay %s"),
		 lines, held, a, b);
	ui_text(bottom + 1, 0, ui_cols(), ROLE_NORMAL, true, line);
	if (st->count > 0 && *st->rows[st->selected].return_reason &&
	    strcmp(st->rows[st->selected].state, "returned") == 0) {
		snprintf(line, sizeof line, _("Returned by finance: %s"),
			 st->rows[st->selected].return_reason);
		ui_text(bottom + 2, 0, ui_cols(), ROLE_ERROR, true, line);
	}
	enum ui_command keys[8];
	int k = 0;
	keys[k++] = CMD_HELP;
	if (st->may_generate && !st->waiting)
		keys[k++] = CMD_ROLL_GENERATE;
	if (!st->waiting) {
		keys[k++] = CMD_PREV_MONTH;
		keys[k++] = CMD_NEXT_MONTH;
	}
	keys[k++] = CMD_TOGGLE_WAITING;
	keys[k++] = CMD_OPEN;
	keys[k] = CMD_NONE;
	ui_command_bar(st->ctx, keys);
	ui_cursor(-1, 0);
}

static enum ui_op result(struct ui_screen *sc, struct session *s, struct ui_reply *reply)
{
	struct rolls_state *st = sc->state;
	if (reply->cancelled)
		return UI_REDRAW;
	if (reply->tag == Q_MAY) {
		st->may_generate = reply->status == OD_OK && pay_may_generate_read(reply->result);
		return UI_REDRAW;
	}
	if (reply->tag == Q_GENERATE) {
		enum od_status status = pay_write_status(s->db, reply->status);
		reload(st);
		if (status != OD_OK)
			return session_fail(s, _("The rolls were not made"), reply->d.text);
		session_say(s, ROLE_INFO, _("The rolls of %.7s are made from what is owed now: %d."),
			    st->month, db_rows(reply->result));
		return UI_REDRAW;
	}
	if (reply->status != OD_OK)
		return session_fail(s, _("Cannot read the payment rolls"), reply->d.text);
	free(st->rows);
	pay_rolls_read(reply->result, &st->rows, &st->count);
	st->loaded = true;
	st->selected = 0;
	for (int i = 0; i < st->count; i++)
		if (strcmp(st->rows[i].roll_no, st->keep) == 0)
			st->selected = i;
	return UI_REDRAW;
}

static enum ui_op open_selected(struct rolls_state *st)
{
	if (st->count == 0)
		return UI_STAY;
	snprintf(st->keep, sizeof st->keep, "%s", st->rows[st->selected].roll_no);
	return ui_push(st->s, roll_screen_new(st->s, st->rows[st->selected].roll_no));
}

static enum ui_op command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	struct rolls_state *st = sc->state;
	char question[256];
	switch (cmd) {
	case CMD_ROLL_GENERATE:
		if (!st->may_generate || st->waiting)
			return UI_STAY;
		snprintf(question, sizeof question,
			 _("Make the rolls of %.7s from what is owed now (drafts are made again)? "
			   "(y/n)"),
			 st->month);
		return ui_confirm(s, sc, ASK_GENERATE, question);
	case CMD_PREV_MONTH:
	case CMD_NEXT_MONTH:
		if (st->waiting)
			return UI_STAY;
		move_month(st, cmd == CMD_PREV_MONTH ? -1 : 1);
		st->count = 0;
		st->loaded = false;
		reload(st);
		return UI_REDRAW;
	case CMD_TOGGLE_WAITING:
		st->waiting = !st->waiting;
		st->loaded = false;
		reload(st);
		return UI_REDRAW;
	case CMD_REFRESH:
		reload(st);
		return UI_STAY;
	case CMD_OPEN:
		return open_selected(st);
	default:
		return UI_STAY;
	}
}

static enum ui_op answer(struct ui_screen *sc, struct session *s, int tag, const char *text)
{
	struct rolls_state *st = sc->state;
	if (tag != ASK_GENERATE || !text)
		return UI_REDRAW;
	db_new_request_id(st->request_id);
	struct db_query q;
	pay_generate_query(&q, st->request_id, st->month);
	ui_send(s, sc, Q_GENERATE, &q);
	db_query_free(&q);
	return UI_REDRAW;
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *k)
{
	struct rolls_state *st = sc->state;
	if (k->kind == KEY_KIND_CHAR && k->ch == '?')
		return ui_push(s, help_screen_new(s, sc));
	if (k->kind != KEY_KIND_FUNC)
		return UI_STAY;
	int page = ui_rows() - 9 > 1 ? ui_rows() - 9 : 1;
	switch (k->code) {
	case KEY_ESCAPE:
		return UI_POP;
	case KEY_RETURN:
	case KEY_ENTER:
		return k->paste ? UI_STAY : open_selected(st);
	case KEY_DOWN:
		st->selected += st->selected + 1 < st->count;
		return UI_REDRAW;
	case KEY_UP:
		st->selected -= st->selected > 0;
		return UI_REDRAW;
	case KEY_NPAGE:
		st->selected = st->selected + page < st->count ? st->selected + page
			       : st->count > 0 ? st->count - 1 : 0;
		return UI_REDRAW;
	case KEY_PPAGE:
		st->selected = st->selected > page ? st->selected - page : 0;
		return UI_REDRAW;
	default:
		return UI_STAY;
	}
}

/* Back from a roll: it may have been submitted, approved or returned. */
static enum ui_op resume(struct ui_screen *sc, struct session *s)
{
	(void)s;
	reload(sc->state);
	return UI_STAY;
}

static void destroy(struct ui_screen *sc)
{
	struct rolls_state *st = sc->state;
	free(st->rows);
	free(st);
}

static const char *const rolls_help[] = {N_("Up, Down, PgUp, PgDn: choose a roll"),
					 N_("Enter: open the roll"), N_("Esc: back"), NULL};

static const struct ui_screen_ops rolls_ops = {
	.name = "rolls",
	.ctx = CTX_ROLLS,
	.help = rolls_help,
	.draw = draw,
	.key = key,
	.command = command,
	.result = result,
	.resume = resume,
	.answer = answer,
	.destroy = destroy,
};

static const struct ui_screen_ops finance_ops = {
	.name = "finance",
	.ctx = CTX_FINANCE,
	.help = rolls_help,
	.draw = draw,
	.key = key,
	.command = command,
	.result = result,
	.resume = resume,
	.destroy = destroy,
};

static struct ui_screen *rolls_new(struct session *s, bool finance)
{
	struct rolls_state *st = xcalloc(1, sizeof *st);
	struct ui_screen *sc = ui_screen_new(finance ? &finance_ops : &rolls_ops, st);
	st->s = s;
	st->sc = sc;
	st->ctx = finance ? CTX_FINANCE : CTX_ROLLS;
	st->waiting = finance;
	/* This month, as the server counts it. */
	char today[CDATE_TEXT_SIZE];
	cdate_format(session_today(s), today);
	snprintf(st->month, sizeof st->month, "%.7s-01", today);
	s->status[0] = '\0';
	if (!finance) {
		struct db_query q;
		pay_may_generate_query(&q);
		ui_send(s, sc, Q_MAY, &q);
		db_query_free(&q);
	}
	reload(st);
	return sc;
}

struct ui_screen *rolls_screen_new(struct session *s)
{
	return rolls_new(s, false);
}

struct ui_screen *finance_screen_new(struct session *s)
{
	return rolls_new(s, true);
}
