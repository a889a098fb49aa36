/* payments_screen.c - what a case was paid (发放记录): roll by roll, which
 * months, how much of it back pay, paid or failed (with the bank's reason,
 * the months then owed again by the next roll) and when; and the SMS sent
 * to the applicant about the case.  Opened from the case screen and from
 * the status lookup, for whoever sees the case; the account is shown
 * masked, as the server gives it. */
#include "curses_provider.h"
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

enum { Q_PAYMENTS = 1, Q_MESSAGES };

struct payments_state {
	struct session *s;
	struct ui_screen *sc;
	long long case_id;
	char title[512];           /* case number, item, recipient */
	struct pay_case_row *rows;
	int count;
	struct pay_message_row *messages;
	int n_messages;
	bool loaded, messages_loaded;
	int top;                   /* first text line shown */
};

static void load(struct payments_state *st)
{
	struct db_query q;
	pay_case_payments_query(&q, st->case_id);
	ui_send(st->s, st->sc, Q_PAYMENTS, &q);
	db_query_free(&q);
	pay_case_messages_query(&q, st->case_id);
	ui_send(st->s, st->sc, Q_MESSAGES, &q);
	db_query_free(&q);
}

/* Where a line stands, in the applicant's words. */
static const char *where(const struct pay_case_row *r)
{
	if (strcmp(r->state, "pending") != 0)
		return _(label_of(LABEL_PAY_STATE, r->state));
	if (strcmp(r->roll_state, "exported") == 0)
		return _("at the bank");
	if (strcmp(r->roll_state, "approved") == 0)
		return _("approved, to the bank");
	if (strcmp(r->roll_state, "submitted") == 0)
		return _("with finance");
	return _("in the roll");
}

static void cell(int row, int *x, int width, enum ui_role role, bool right, const char *text)
{
	int w = str_width(text);
	int pad = right && w < width ? width - w : 0;
	ui_text(row, *x, pad, role, false, "");
	ui_text(row, *x + pad, width - pad, role, true, text);
	ui_text(row, *x + width, 1, role, false, "");
	*x += width + 1;
}

static void draw(struct ui_screen *sc, struct session *s)
{
	struct payments_state *st = sc->state;
	ui_clear();
	session_draw_frame(s, _("Payments"));
	ui_text(1, 0, ui_cols(), ROLE_HEADER, true, st->title);
	int row = 2, last = ui_rows() - 3;
	char line[1024], a[32], b[32];
	if (!st->loaded) {
		ui_text(row++, 0, ui_cols(), ROLE_INFO, true, _("Reading the payments..."));
	} else if (st->count == 0) {
		ui_text(row++, 0, ui_cols(), ROLE_INFO, true,
			_("Nothing paid yet: a case is paid from the month's roll once it is "
			  "filed with a decision."));
	} else {
		long long paid = 0;
		int months = 0;
		for (int i = 0; i < st->count; i++)
			if (strcmp(st->rows[i].state, "paid") == 0) {
				paid += st->rows[i].total_fen;
				for (const char *p = st->rows[i].months; *p; p++)
					months += p == st->rows[i].months || p[-1] == ' ';
			}
		money_text(paid, a);
		snprintf(line, sizeof line, _("Paid in all: %s yuan for %d month(s)"), a, months);
		/* The account of the latest payment, once: the same card as a rule. */
		const char *acct = st->rows[st->count - 1].account_masked;
		if (*acct)
			snprintf(line + strlen(line), sizeof line - strlen(line), "   %s%s",
				 _("Account: "), acct);
		ui_text(row++, 0, ui_cols(), ROLE_NORMAL, true, line);
		/* Roll month, months paid, total, back pay, where, date. */
		int wm = 7, wmon = 20, wt = 10, wb = 9, ww = 12;
		int wd = ui_cols() - (wm + wmon + wt + wb + ww + 5);
		int x = 0;
		cell(row, &x, wm, ROLE_LABEL, false, _("Roll"));
		cell(row, &x, wmon, ROLE_LABEL, false, _("Months"));
		cell(row, &x, wt, ROLE_LABEL, true, _("Total"));
		cell(row, &x, wb, ROLE_LABEL, true, _("Back pay"));
		cell(row, &x, ww, ROLE_LABEL, false, _("State"));
		ui_text(row++, x, wd, ROLE_LABEL, true, _("Date"));
		/* Lines: each payment, and under a failed or held one, why. */
		int line_no = 0;
		for (int i = 0; i < st->count && row < last - 2; i++) {
			const struct pay_case_row *r = &st->rows[i];
			const char *why = strcmp(r->state, "failed") == 0 ? r->bank_reason
					  : strcmp(r->state, "held") == 0
					      ? (*r->hold_reason ? r->hold_reason
								 : _(label_of(LABEL_HOLD, r->hold_kind)))
					      : "";
			for (int part = 0; part < (*why ? 2 : 1); part++, line_no++) {
				if (line_no < st->top || row >= last - 2)
					continue;
				if (part == 1) {
					snprintf(line, sizeof line,
						 strcmp(r->state, "failed") == 0
							 ? _("  not paid: %s - owed again in the next roll")
							 : _("  held: %s"),
						 why);
					ui_text(row++, 0, ui_cols(), ROLE_ERROR, true, line);
					continue;
				}
				char mon[64];
				roll_view_months(r->months, mon, sizeof mon);
				money_text(r->total_fen, a);
				money_text(r->back_pay_fen, b);
				enum ui_role role = strcmp(r->state, "failed") == 0 ? ROLE_ERROR
						    : strcmp(r->state, "paid") == 0 ? ROLE_NORMAL
										    : ROLE_INFO;
				x = 0;
				cell(row, &x, wm, role, false, r->roll_month);
				cell(row, &x, wmon, role, false, mon);
				cell(row, &x, wt, role, true, a);
				cell(row, &x, wb, role, true, r->back_pay_fen ? b : "");
				cell(row, &x, ww, role, false, where(r));
				ui_text(row++, x, wd, role, true, r->result_on);
			}
		}
	}
	/* The messages to the applicant. */
	if (row < last - 1) {
		ui_hline(row, 0, ui_cols());
		ui_text(row++, 2, str_width(_(" Messages to the applicant ")), ROLE_HEADER, false,
			_(" Messages to the applicant "));
		if (st->messages_loaded && st->n_messages == 0)
			ui_text(row++, 0, ui_cols(), ROLE_INFO, true,
				_("No message: no mobile number on file, or nothing to tell yet."));
		for (int i = 0; i < st->n_messages && row < last; i++) {
			const struct pay_message_row *m = &st->messages[i];
			snprintf(line, sizeof line, "%s  %s  %s  %s%s%s", m->created_on,
				 _(label_of(LABEL_SMS_KIND, m->kind)), m->phone_masked,
				 _(label_of(LABEL_SMS_STATE, m->state)), *m->done_on ? " " : "",
				 m->done_on);
			ui_text(row++, 0, ui_cols(),
				strcmp(m->state, "failed") == 0 ? ROLE_ERROR : ROLE_NORMAL, true, line);
		}
	}
	static const enum ui_command keys[] = {CMD_HELP, CMD_REFRESH, CMD_NONE};
	ui_command_bar(CTX_PAYMENTS, keys);
	ui_cursor(-1, 0);
}

static enum ui_op result(struct ui_screen *sc, struct session *s, struct ui_reply *reply)
{
	struct payments_state *st = sc->state;
	if (reply->cancelled)
		return UI_REDRAW;
	if (reply->status != OD_OK) {
		session_fail(s, _("Cannot read the payments"), reply->d.text);
		return UI_REDRAW;
	}
	if (reply->tag == Q_PAYMENTS) {
		free(st->rows);
		pay_case_payments_read(reply->result, &st->rows, &st->count);
		st->loaded = true;
	} else {
		free(st->messages);
		pay_case_messages_read(reply->result, &st->messages, &st->n_messages);
		st->messages_loaded = true;
	}
	return UI_REDRAW;
}

static enum ui_op command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	(void)s;
	if (cmd == CMD_REFRESH)
		load(sc->state);
	return UI_STAY;
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *k)
{
	struct payments_state *st = sc->state;
	if (k->kind == KEY_KIND_CHAR && k->ch == '?')
		return ui_push(s, help_screen_new(s, sc));
	if (k->kind != KEY_KIND_FUNC)
		return UI_STAY;
	switch (k->code) {
	case KEY_ESCAPE:
		return UI_POP;
	case KEY_DOWN:
		st->top += st->top + 1 < 2 * st->count;
		return UI_REDRAW;
	case KEY_UP:
		st->top -= st->top > 0;
		return UI_REDRAW;
	default:
		return UI_STAY;
	}
}

static void destroy(struct ui_screen *sc)
{
	struct payments_state *st = sc->state;
	free(st->rows);
	free(st->messages);
	free(st);
}

static const char *const payments_help[] = {N_("Up, Down: scroll the payments"), N_("Esc: back"),
					    NULL};

static const struct ui_screen_ops payments_ops = {
	.name = "payments",
	.ctx = CTX_PAYMENTS,
	.help = payments_help,
	.draw = draw,
	.key = key,
	.command = command,
	.result = result,
	.destroy = destroy,
};

struct ui_screen *payments_screen_new(struct session *s, long long case_id, const char *title)
{
	struct payments_state *st = xcalloc(1, sizeof *st);
	struct ui_screen *sc = ui_screen_new(&payments_ops, st);
	st->s = s;
	st->sc = sc;
	st->case_id = case_id;
	snprintf(st->title, sizeof st->title, "%s", title);
	s->status[0] = '\0';
	load(st);
	return sc;
}
