/* reviews_screen.c - the reviews of benefits in force (复核), for the
 * department that owns the item and the county centre: the periodic reviews
 * due and the changes of circumstances (reported at the window or found in
 * the departments' data), most urgent first with their lights; those
 * decided; and the random re-checks drawn.
 *
 * A review is decided continue, adjust (a new monthly amount from a month)
 * or stop (from a month), always with a reason; the benefit itself may be
 * suspended and resumed.  Which keys work on a row is the server's rule
 * (onedoor.review_screen's may_* columns); the server checks again when the
 * statement comes.  The county centre also opens this month's periodic
 * reviews and looks for changes in the departments' latest data.  On the
 * re-checks (a screen of keys of their own) the verification office records
 * a re-check's result: confirmed, or a discrepancy with what was found. */
#include "curses_provider.h"
#include "onedoor/civil_date.h"
#include "onedoor/i18n.h"
#include "onedoor/labels.h"
#include "onedoor/store_lifecycle.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_screens.h"
#include "onedoor/ui_views.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REVIEWS_LIMIT 500

enum { Q_MAY = 1, Q_LIST, Q_DECIDE, Q_STATE, Q_GENERATE, Q_CHANGES, Q_RECHECK };
/* The questions asked in turn for an action. */
enum { ASK_AMOUNT = 1, ASK_MONTH, ASK_REASON, ASK_GENERATE, ASK_CHANGES, ASK_RESULT, ASK_NOTE };
enum table { T_OPEN, T_DECIDED, T_RECHECKS, T_COUNT };

struct reviews_state {
	struct session *s;
	struct ui_screen *sc;
	enum table table;
	struct review_row *rows;
	struct recheck_row *rechecks;
	int count;
	int selected, top;
	bool loaded, may_open;
	/* The action being asked for, and what was typed so far. */
	enum ui_command pending;
	long long pending_id;
	char amount_fen[24], month[8];
	const char *result;     /* a re-check's result being recorded */
	char request_id[37];
};

static struct ui_screen *screen_at(struct session *s, enum table table);

static const char *table_title(enum table t)
{
	switch (t) {
	case T_OPEN:
		return _("Reviews to decide");
	case T_DECIDED:
		return _("Reviews decided");
	case T_RECHECKS:
		return _("Random re-checks");
	case T_COUNT:
		break;
	}
	return "";
}

static void reload(struct reviews_state *st)
{
	struct db_query q;
	if (st->table == T_RECHECKS)
		lifecycle_rechecks_query(&q, REVIEWS_LIMIT);
	else
		lifecycle_reviews_query(&q, st->table == T_DECIDED, REVIEWS_LIMIT);
	ui_send(st->s, st->sc, Q_LIST, &q);
	db_query_free(&q);
}

/* Columns: light, case, name, item, due, then what the review is about. */
static void draw_review(const struct reviews_state *st, int row, const struct review_row *r,
			bool selected)
{
	enum ui_role role = selected ? ROLE_SELECTED : ROLE_NORMAL;
	int x = 0;
	ui_text(row, x, 2, selected ? role : light_role(r->light), false, light_letter(r->light));
	x += 2;
	ui_text(row, x, 17, role, true, r->case_no), x += 17;
	ui_text(row, x, 9, role, true, r->subject_name), x += 9;
	ui_text(row, x, 17, role, true, session_item_name(st->s, r->item_code)), x += 17;
	ui_text(row, x, 11, role, true, st->table == T_DECIDED ? r->decided_on : r->due_on);
	x += 11;
	char what[1024];
	review_view_line(r, what, sizeof what);
	ui_text(row, x, ui_cols() - x, role, true, what);
}

static void recheck_what(const struct recheck_row *r, char *what, size_t size)
{
	if (*r->result)
		snprintf(what, size, _("drawn %s, approved %s: %s %s"), r->month, r->approved_on,
			 _(label_of(LABEL_RECHECK, r->result)), r->note);
	else
		snprintf(what, size, _("drawn %s, approved %s: to re-check"), r->month, r->approved_on);
}

static void draw_recheck(int row, const struct recheck_row *r, bool selected)
{
	enum ui_role role = selected ? ROLE_SELECTED : ROLE_NORMAL;
	int x = 0;
	ui_text(row, x, 2, selected ? role : light_role(r->light), false, light_letter(r->light));
	x += 2;
	ui_text(row, x, 17, role, true, r->case_no), x += 17;
	ui_text(row, x, 9, role, true, r->subject_name), x += 9;
	ui_text(row, x, 11, role, true, r->due_on), x += 11;
	char what[512];
	recheck_what(r, what, sizeof what);
	ui_text(row, x, ui_cols() - x, role, true, what);
}

/* Under the list, a line or two may not be enough for the note: the
 * selected re-check whole, on three lines at most. */
static void draw_recheck_details(const struct recheck_row *r, int row)
{
	char what[512], line[1024];
	recheck_what(r, what, sizeof what);
	snprintf(line, sizeof line, "%s %s  %s", r->case_no, r->subject_name, what);
	const char *p = line;
	for (int i = 0; i < 3 && *p; i++) {
		size_t next, len = str_wrap_line(p, ui_cols(), &next);
		snprintf(what, sizeof what, "%.*s", (int)len, p);
		ui_text(row + i, 0, ui_cols(), i ? ROLE_NORMAL : ROLE_INFO, true, what);
		p += next;
	}
}

/* The selected review's details under the list: the benefit's state and
 * amount, and what the reader may do (the server's rule). */
static void draw_details(const struct reviews_state *st, int row)
{
	if (st->count == 0)
		return;
	if (st->table == T_RECHECKS) {
		draw_recheck_details(&st->rechecks[st->selected], row);
		return;
	}
	const struct review_row *r = &st->rows[st->selected];
	char amount[48], line[768];
	view_yuan(r->amount_now_fen, amount, sizeof amount);
	snprintf(line, sizeof line, _("Benefit %s from %s, %s a month now; opened %s, due %s"),
		 _(label_of(LABEL_BENEFIT, r->benefit_state)), r->benefit_state_from,
		 *amount ? amount : "-", r->opened_on, r->due_on);
	ui_text(row, 0, ui_cols(), ROLE_INFO, true, line);
	/* The review whole (the list cuts it): two lines at most. */
	char what[1024];
	review_view_line(r, what, sizeof what);
	const char *p = what;
	for (int i = 0; i < 2 && *p; i++) {
		size_t next, len = str_wrap_line(p, ui_cols(), &next);
		snprintf(line, sizeof line, "%.*s", (int)len, p);
		ui_text(row + 1 + i, 0, ui_cols(), ROLE_NORMAL, true, line);
		p += next;
	}
}

static void draw(struct ui_screen *sc, struct session *s)
{
	struct reviews_state *st = sc->state;
	ui_clear();
	char title[128];
	snprintf(title, sizeof title, "%s - %s", _("Reviews"), table_title(st->table));
	session_draw_frame(s, title);
	if (st->table == T_RECHECKS)
		ui_text(1, 0, ui_cols(), ROLE_HEADER, true, _("  Case             Name     Due"));
	else
		ui_text(1, 0, ui_cols(), ROLE_HEADER, true,
			st->table == T_DECIDED
				? _("  Case             Name     Item             Decided    What")
				: _("  Case             Name     Item             Due        What"));
	ui_hline(2, 0, ui_cols());
	int visible = ui_rows() - 9;
	if (st->selected < st->top)
		st->top = st->selected;
	if (st->selected >= st->top + visible)
		st->top = st->selected - visible + 1;
	for (int i = 0; i < visible && st->top + i < st->count; i++) {
		int at = st->top + i;
		if (st->table == T_RECHECKS)
			draw_recheck(3 + i, &st->rechecks[at], at == st->selected);
		else
			draw_review(st, 3 + i, &st->rows[at], at == st->selected);
	}
	if (st->loaded && st->count == 0)
		ui_text(3, 0, ui_cols(), ROLE_INFO, true,
			st->table == T_OPEN ? _("No review waits for a decision.")
					    : _("Nothing to show."));
	ui_hline(ui_rows() - 6, 0, ui_cols());
	draw_details(st, ui_rows() - 5);
	static const enum ui_command keys[] = {CMD_HELP,         CMD_REVIEW_CONTINUE,
					       CMD_REVIEW_ADJUST, CMD_REVIEW_STOP,
					       CMD_SUSPEND_RESUME, CMD_OPEN,
					       CMD_NEXT_TABLE,    CMD_NONE};
	static const enum ui_command county_keys[] = {CMD_HELP,          CMD_REVIEW_CONTINUE,
						      CMD_REVIEW_ADJUST, CMD_REVIEW_STOP,
						      CMD_OPEN,          CMD_NEXT_TABLE,
						      CMD_REVIEWS_GENERATE, CMD_NONE};
	static const enum ui_command recheck_keys[] = {CMD_HELP, CMD_RECHECK_RECORD, CMD_OPEN,
						       CMD_NEXT_TABLE, CMD_NONE};
	if (st->table == T_RECHECKS)
		ui_command_bar(CTX_RECHECKS, recheck_keys);
	else
		ui_command_bar(CTX_REVIEWS, st->may_open ? county_keys : keys);
	ui_cursor(-1, 0);
}

static enum ui_op on_written(struct reviews_state *st, struct ui_reply *reply, const char *done)
{
	struct session *s = st->s;
	st->pending = CMD_NONE;
	st->request_id[0] = '\0';
	reload(st);
	if (reply->status == OD_ERR_CONFLICT)
		return session_fail(s, _("Changed meanwhile by someone else; this is the list as it is now"),
				    reply->d.text);
	if (reply->status != OD_OK)
		return session_fail(s, _("Not done"), reply->d.text);
	session_say(s, ROLE_INFO, "%s", done);
	return UI_REDRAW;
}

static enum ui_op result(struct ui_screen *sc, struct session *s, struct ui_reply *reply)
{
	struct reviews_state *st = sc->state;
	if (reply->cancelled)
		return UI_REDRAW;
	char done[256];
	switch (reply->tag) {
	case Q_MAY:
		st->may_open = reply->status == OD_OK && lifecycle_reviews_may_open_read(reply->result);
		return UI_REDRAW;
	case Q_LIST:
		if (reply->status != OD_OK)
			return session_fail(s, _("Cannot read the reviews"), reply->d.text);
		free(st->rows);
		free(st->rechecks);
		st->rows = NULL;
		st->rechecks = NULL;
		if (st->table == T_RECHECKS)
			lifecycle_rechecks_read(reply->result, &st->rechecks, &st->count);
		else
			lifecycle_reviews_read(reply->result, &st->rows, &st->count);
		st->loaded = true;
		if (st->selected >= st->count)
			st->selected = st->count ? st->count - 1 : 0;
		return UI_REDRAW;
	case Q_DECIDE:
		return on_written(st, reply, _("Review decided; the case's history records it."));
	case Q_STATE:
		return on_written(st, reply, _("Benefit changed; payments follow from that month."));
	case Q_RECHECK:
		return on_written(st, reply, _("Re-check recorded; the case's history records it."));
	case Q_GENERATE:
	case Q_CHANGES:
		if (reply->status != OD_OK)
			return on_written(st, reply, "");
		if (reply->tag == Q_GENERATE)
			snprintf(done, sizeof done, _("Reviews opened now: %s; due this month in all: %s."),
				 db_value(reply->result, 0, "opened"), db_value(reply->result, 0, "due"));
		else
			snprintf(done, sizeof done,
				 _("Benefits checked against the deaths, pensions and vehicles data: %s; "
				   "reviews opened: %s."),
				 db_value(reply->result, 0, "checked"),
				 db_value(reply->result, 0, "opened"));
		return on_written(st, reply, done);
	}
	return UI_STAY;
}

static const struct review_row *selected_review(struct reviews_state *st)
{
	if (st->table == T_RECHECKS || st->count == 0) {
		session_say(st->s, ROLE_INFO, _("Choose a review first (F3 shows the reviews)."));
		return NULL;
	}
	return &st->rows[st->selected];
}

/* Sends the pending action once everything it needs is typed. */
static void send_pending(struct reviews_state *st, const char *reason)
{
	const struct review_row *r = NULL;
	for (int i = 0; i < st->count && st->rows; i++)
		if (st->rows[i].id == st->pending_id)
			r = &st->rows[i];
	if (!r)
		return;
	if (!st->request_id[0])
		db_new_request_id(st->request_id);
	char id[24], version[16];
	struct db_query q;
	if (st->pending == CMD_SUSPEND_RESUME) {
		snprintf(id, sizeof id, "%lld", r->case_id);
		snprintf(version, sizeof version, "%d", r->benefit_version);
		lifecycle_benefit_state_query(&q, st->request_id, id, version,
					      r->may_suspend ? "suspended" : "in_force", st->month,
					      reason);
		ui_send(st->s, st->sc, Q_STATE, &q);
	} else {
		snprintf(id, sizeof id, "%lld", r->id);
		snprintf(version, sizeof version, "%d", r->version);
		const char *outcome = st->pending == CMD_REVIEW_ADJUST ? "adjust"
				      : st->pending == CMD_REVIEW_STOP ? "stop"
								       : "continue";
		lifecycle_review_decide_query(&q, st->request_id, id, version, outcome,
					      st->pending == CMD_REVIEW_ADJUST ? st->amount_fen : NULL,
					      st->pending == CMD_REVIEW_CONTINUE ? NULL : st->month,
					      reason);
		ui_send(st->s, st->sc, Q_DECIDE, &q);
	}
	db_query_free(&q);
}

/* F8 on a re-check: its result (a letter), then the note. */
static enum ui_op begin_recheck(struct ui_screen *sc, struct reviews_state *st)
{
	struct session *s = st->s;
	if (st->table != T_RECHECKS || st->count == 0) {
		session_say(s, ROLE_INFO, "%s", _("Choose a re-check first."));
		return UI_REDRAW;
	}
	const struct recheck_row *r = &st->rechecks[st->selected];
	if (!r->may_record) {
		session_say(s, ROLE_ERROR, "%s",
			    *r->result ? _("This re-check's result is recorded already.")
				       : _("The county's verification office records re-checks."));
		return UI_REDRAW;
	}
	st->pending = CMD_RECHECK_RECORD;
	st->pending_id = r->case_id;
	st->request_id[0] = '\0';
	return ui_choose(s, sc, ASK_RESULT,
			 _("Re-check of the case: c confirmed, d discrepancy found (Esc: cancel)"),
			 "cd");
}

static void send_recheck(struct reviews_state *st, const char *note)
{
	const struct recheck_row *r = NULL;
	for (int i = 0; i < st->count && st->rechecks; i++)
		if (st->rechecks[i].case_id == st->pending_id)
			r = &st->rechecks[i];
	if (!r)
		return;
	if (!st->request_id[0])
		db_new_request_id(st->request_id);
	char id[24], version[16];
	snprintf(id, sizeof id, "%lld", r->case_id);
	snprintf(version, sizeof version, "%d", r->version);
	struct db_query q;
	lifecycle_recheck_record_query(&q, st->request_id, id, version, st->result, note);
	ui_send(st->s, st->sc, Q_RECHECK, &q);
	db_query_free(&q);
}

/* F8, F6, F4, F7 on a review: the questions in turn (amount, month,
 * reason), each answer checked here before the next. */
static enum ui_op begin(struct ui_screen *sc, struct reviews_state *st, enum ui_command cmd)
{
	struct session *s = st->s;
	const struct review_row *r = selected_review(st);
	if (!r)
		return UI_REDRAW;
	bool may = cmd == CMD_SUSPEND_RESUME ? r->may_suspend || r->may_resume : r->may_decide;
	if (!may) {
		session_say(s, ROLE_ERROR, cmd == CMD_SUSPEND_RESUME
					       ? _("This benefit cannot be suspended or resumed by you now.")
					       : _("This review is not yours to decide now."));
		return UI_REDRAW;
	}
	st->pending = cmd;
	st->pending_id = r->id;
	st->request_id[0] = '\0';
	st->amount_fen[0] = st->month[0] = '\0';
	if (cmd == CMD_REVIEW_ADJUST)
		return ui_ask(s, sc, ASK_AMOUNT, _("New monthly amount in yuan:"));
	if (cmd == CMD_REVIEW_CONTINUE)
		return ui_ask(s, sc, ASK_REASON, _("Continue the benefit - reason:"));
	return ui_ask(s, sc, ASK_MONTH,
		      cmd == CMD_REVIEW_STOP ? _("Stop from month (YYYY-MM):")
		      : r->may_suspend ? _("Suspend from month (YYYY-MM):")
				       : _("Resume from month (YYYY-MM):"));
}

static enum ui_op answer(struct ui_screen *sc, struct session *s, int tag, const char *text)
{
	struct reviews_state *st = sc->state;
	if (!text) {
		st->pending = CMD_NONE;
		return UI_REDRAW;
	}
	char q[256];
	switch (tag) {
	case ASK_GENERATE: {
		int y, m, d;
		cdate_to_ymd(session_today(s), &y, &m, &d);
		snprintf(st->month, sizeof st->month, "%04d-%02d", y, m);
		db_new_request_id(st->request_id);
		struct db_query dq;
		lifecycle_reviews_generate_query(&dq, st->request_id, st->month);
		ui_send(s, sc, Q_GENERATE, &dq);
		db_query_free(&dq);
		return UI_REDRAW;
	}
	case ASK_CHANGES: {
		db_new_request_id(st->request_id);
		struct db_query dq;
		lifecycle_reviews_from_data_query(&dq, st->request_id, NULL);
		ui_send(s, sc, Q_CHANGES, &dq);
		db_query_free(&dq);
		return UI_REDRAW;
	}
	case ASK_AMOUNT:
		if (!review_view_amount(text, st->amount_fen)) {
			/* Said in the question itself: the question covers the
			 * status line. */
			char bad[160];
			snprintf(bad, sizeof bad, _("\"%s\" is not an amount in yuan (e.g. 680 or 680.50)."),
				 text);
			snprintf(q, sizeof q, "%s %s", bad, _("New monthly amount in yuan:"));
			return ui_ask(s, sc, ASK_AMOUNT, q);
		}
		return ui_ask(s, sc, ASK_MONTH, _("The new amount from month (YYYY-MM):"));
	case ASK_MONTH:
		if (!review_view_month(text, st->month)) {
			char bad[96];
			snprintf(bad, sizeof bad, _("\"%s\" is not a month."), text);
			snprintf(q, sizeof q, "%s %s", bad, _("Month (YYYY-MM, e.g. 2026-04):"));
			return ui_ask(s, sc, ASK_MONTH, q);
		}
		return ui_ask(s, sc, ASK_REASON, _("Reason:"));
	case ASK_REASON:
		send_pending(st, text);
		return UI_REDRAW;
	case ASK_RESULT:
		st->result = text[0] == 'd' ? "discrepancy" : "confirmed";
		if (text[0] == 'd')
			return ui_ask(s, sc, ASK_NOTE, _("What the re-check found:"));
		return ui_ask_optional(s, sc, ASK_NOTE, _("Note (may be empty):"), NULL);
	case ASK_NOTE:
		send_recheck(st, text);
		return UI_REDRAW;
	}
	return UI_REDRAW;
}

static enum ui_op command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	struct reviews_state *st = sc->state;
	char q[192];
	switch (cmd) {
	case CMD_REFRESH:
		reload(st);
		return UI_REDRAW;
	case CMD_NEXT_TABLE: {
		enum table next = (enum table)((st->table + 1) % T_COUNT);
		/* The re-checks have keys of their own (another context). */
		if (next == T_RECHECKS || st->table == T_RECHECKS)
			return ui_replace(s, screen_at(s, next));
		st->table = next;
		st->selected = st->top = st->count = 0;
		st->loaded = false;
		reload(st);
		return UI_REDRAW;
	}
	case CMD_RECHECK_RECORD:
		return begin_recheck(sc, st);
	case CMD_OPEN:
		if (st->count == 0)
			return UI_STAY;
		return ui_push(s, case_screen_new(s, st->table == T_RECHECKS
							    ? st->rechecks[st->selected].case_id
							    : st->rows[st->selected].case_id));
	case CMD_REVIEW_CONTINUE:
	case CMD_REVIEW_ADJUST:
	case CMD_REVIEW_STOP:
	case CMD_SUSPEND_RESUME:
		return begin(sc, st, cmd);
	case CMD_REVIEWS_GENERATE:
	case CMD_REVIEWS_CHANGES:
		if (!st->may_open) {
			session_say(s, ROLE_ERROR,
				    _("The county centre opens the reviews and looks for changes."));
			return UI_REDRAW;
		}
		if (cmd == CMD_REVIEWS_CHANGES)
			return ui_confirm(s, sc, ASK_CHANGES,
					  _("Look for deaths, new pensions and vehicles in the departments' latest "
					    "data and put "
					    "the benefits concerned to review? (y/n)"));
		{
			int y, m, d;
			cdate_to_ymd(session_today(s), &y, &m, &d);
			snprintf(q, sizeof q, _("Open the periodic reviews due in %04d-%02d? (y/n)"), y,
				 m);
		}
		return ui_confirm(s, sc, ASK_GENERATE, q);
	default:
		return UI_STAY;
	}
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *k)
{
	struct reviews_state *st = sc->state;
	if (k->kind != KEY_KIND_FUNC)
		return UI_STAY;
	int page = ui_rows() - 9;
	switch (k->code) {
	case KEY_ESCAPE:
		return UI_POP;
	case KEY_DOWN:
		st->selected += st->selected + 1 < st->count;
		break;
	case KEY_UP:
		st->selected -= st->selected > 0;
		break;
	case KEY_NPAGE:
		st->selected = st->selected + page < st->count ? st->selected + page
							       : (st->count ? st->count - 1 : 0);
		break;
	case KEY_PPAGE:
		st->selected = st->selected > page ? st->selected - page : 0;
		break;
	case KEY_RETURN:
	case KEY_ENTER:
		return command(sc, s, CMD_OPEN);
	default:
		return UI_STAY;
	}
	return UI_REDRAW;
}

static enum ui_op resume(struct ui_screen *sc, struct session *s)
{
	(void)s;
	reload(sc->state);
	return UI_REDRAW;
}

static enum ui_op notify(struct ui_screen *sc, struct session *s)
{
	(void)s;
	reload(sc->state);
	return UI_STAY;
}

static void destroy(struct ui_screen *sc)
{
	struct reviews_state *st = sc->state;
	free(st->rows);
	free(st->rechecks);
	free(st);
}

static const char *const reviews_help[] = {
	N_("Up, Down, PgUp, PgDn: move in the list   Enter: open the case"),
	N_("F3: reviews to decide, decided, random re-checks in turn"),
	N_("Continue, adjust and stop ask for the month and a reason; the department or the county "
	   "centre decides"),
	NULL};

static const char *const rechecks_help[] = {
	N_("Up, Down, PgUp, PgDn: move in the list   Enter: open the case"),
	N_("F3: reviews to decide, decided, random re-checks in turn"),
	N_("The verification office records a re-check: confirmed, or a discrepancy with what was "
	   "found"),
	NULL};

static const struct ui_screen_ops reviews_ops = {
	.name = "reviews",
	.ctx = CTX_REVIEWS,
	.help = reviews_help,
	.draw = draw,
	.key = key,
	.command = command,
	.result = result,
	.answer = answer,
	.resume = resume,
	.notify = notify,
	.destroy = destroy,
};

static const struct ui_screen_ops rechecks_ops = {
	.name = "rechecks",
	.ctx = CTX_RECHECKS,
	.help = rechecks_help,
	.draw = draw,
	.key = key,
	.command = command,
	.result = result,
	.answer = answer,
	.resume = resume,
	.notify = notify,
	.destroy = destroy,
};

struct ui_screen *reviews_screen_new(struct session *s)
{
	return screen_at(s, T_OPEN);
}

static struct ui_screen *screen_at(struct session *s, enum table table)
{
	struct reviews_state *st = xcalloc(1, sizeof *st);
	struct ui_screen *sc = ui_screen_new(table == T_RECHECKS ? &rechecks_ops : &reviews_ops, st);
	st->s = s;
	st->sc = sc;
	st->table = table;
	struct db_query q;
	lifecycle_reviews_may_open_query(&q);
	ui_send(s, sc, Q_MAY, &q);
	db_query_free(&q);
	reload(st);
	return sc;
}
