/* roll_screen.c - one payment roll (资金拨付单): its recipients, items,
 * this month's amounts, back pay and totals, the account each is paid
 * into (masked), and what happened to the roll.
 *
 * The county centre or the department holds or releases lines and submits
 * the roll to finance; finance approves it or returns it with a reason,
 * and a returned roll comes back here to be corrected and submitted again
 * (逐级退回).  The key bar offers only what the server allows this login
 * now (onedoor.roll_actions); the server checks it again on every write,
 * with the roll's version, so a roll changed meanwhile is never overwritten.
 * F11 prints the roll to sign.
 *
 * Finance writes the bank file of an approved roll (F7) and imports the
 * bank's answer (F9) here, with the same code as `onedoor-admin payments
 * export/results` (bank_io.h, pay_bank_file_text): the path asked with a
 * default, UTF-8 or GBK; a refused result file named by FILE:LINE. */
#include "curses_provider.h"
#include "onedoor/bank_io.h"
#include "onedoor/i18n.h"
#include "onedoor/labels.h"
#include "onedoor/store_payments.h"
#include "onedoor/strbuf.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_screens.h"
#include "onedoor/ui_views.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { Q_HEAD = 1, Q_LINES, Q_EVENTS, Q_WRITE, Q_EXPORT, Q_RESULTS };
enum { ASK_SUBMIT = 1, ASK_APPROVE, ASK_RETURN, ASK_HOLD, ASK_RELEASE, ASK_EXPORT_PATH,
       ASK_EXPORT_ENCODING, ASK_RESULTS_PATH, ASK_RESULTS_ENCODING };

struct roll_state {
	struct session *s;
	struct ui_screen *sc;
	char roll_no[32];
	struct pay_roll_row head;
	bool loaded;                  /* the head has come */
	struct pay_line_row *lines;
	int n_lines;
	struct pay_event_row *events;
	int n_events;
	bool history;                 /* the events instead of the lines */
	int selected, top;
	int asked;                    /* ASK_* of the write sent, for its message */
	int hold_line;                /* the line of a hold or release asked */
	char request_id[37];
	char bank_path[1024];         /* the bank file or result file asked */
	bool bank_gbk;
	char export_id[37];           /* the export sent; kept while its file is unwritten */
	bool export_unwritten;        /* exported, the file not written: F7 again */
	int *result_lines;            /* each result's line in its file, for FILE:LINE */
	int n_results;
};

static void load(struct roll_state *st)
{
	struct db_query q;
	pay_roll_head_query(&q, st->roll_no);
	ui_send(st->s, st->sc, Q_HEAD, &q);
	db_query_free(&q);
	pay_roll_lines_query(&q, st->roll_no);
	ui_send(st->s, st->sc, Q_LINES, &q);
	db_query_free(&q);
	pay_roll_events_query(&q, st->roll_no);
	ui_send(st->s, st->sc, Q_EVENTS, &q);
	db_query_free(&q);
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

/* Why a line is not paid, in words: held (and why), or the bank's reason. */
static const char *line_why(const struct pay_line_row *l)
{
	if (strcmp(l->state, "held") == 0)
		return strcmp(l->hold_kind, "manual") == 0 && *l->hold_reason
			       ? l->hold_reason
			       : _(label_of(LABEL_HOLD, l->hold_kind));
	return l->bank_reason;
}

static void draw_head(const struct roll_state *st, struct session *s)
{
	const struct pay_roll_row *h = &st->head;
	char line[768], a[32], b[32], c[32];
	snprintf(line, sizeof line, "%s  %s  %s  %s", h->roll_no, h->month,
		 h->department_name[s->lang ? 1 : 0], h->centre_name);
	ui_text(1, 0, ui_cols(), ROLE_HEADER, true, line);
	struct roll_sums sum;
	roll_view_sums(st->lines, st->n_lines, &sum);
	snprintf(line, sizeof line, _("State: %s   Lines: %d, to pay %d, held %d"),
		 _(label_of(LABEL_ROLL_STATE, h->state)), h->line_count, sum.to_pay, h->held_count);
	ui_text(2, 0, ui_cols(), ROLE_NORMAL, true, line);
	money_text(h->amount_fen, a);
	money_text(h->back_pay_fen, b);
	money_text(h->total_fen, c);
	snprintf(line, sizeof line, _("This month %s + back pay %s = total %s yuan"), a, b, c);
	if (h->paid_fen || h->failed_fen) {
		char p[32], f[32], more[160];
		money_text(h->paid_fen, p);
		money_text(h->failed_fen, f);
		snprintf(more, sizeof more, _("; paid %s, failed %s"), p, f);
		snprintf(line + strlen(line), sizeof line - strlen(line), "%s", more);
	}
	ui_text(3, 0, ui_cols(), ROLE_NORMAL, true, line);
	if (strcmp(h->state, "returned") == 0 && *h->return_reason) {
		snprintf(line, sizeof line, _("Returned by finance: %s"), h->return_reason);
		ui_text(4, 0, ui_cols(), ROLE_ERROR, true, line);
	}
}

static void draw_lines(struct roll_state *st, struct session *s, int first, int bottom)
{
	struct roll_columns c = roll_view_columns(ui_cols());
	int x = 0;
	cell(first, &x, c.no, ROLE_LABEL, true, _("No."));
	cell(first, &x, c.name, ROLE_LABEL, false, _("Recipient"));
	cell(first, &x, c.item, ROLE_LABEL, false, _("Item"));
	cell(first, &x, c.amount, ROLE_LABEL, true, _("This month"));
	cell(first, &x, c.back, ROLE_LABEL, true, _("Back pay"));
	cell(first, &x, c.total, ROLE_LABEL, true, _("Total"));
	cell(first, &x, c.account, ROLE_LABEL, false, _("Account"));
	cell(first, &x, c.state, ROLE_LABEL, false, _("State"));
	int visible = bottom - first - 1;
	if (st->selected < st->top)
		st->top = st->selected;
	if (st->selected >= st->top + visible)
		st->top = st->selected - visible + 1;
	for (int i = 0; i < visible && st->top + i < st->n_lines; i++) {
		const struct pay_line_row *l = &st->lines[st->top + i];
		bool sel = st->top + i == st->selected;
		enum ui_role role = sel ? ROLE_SELECTED : ROLE_NORMAL;
		enum ui_role state_role = sel ? ROLE_SELECTED
					  : strcmp(l->state, "failed") == 0 ? ROLE_ERROR
					  : strcmp(l->state, "held") == 0   ? ROLE_LIGHT_YELLOW
									    : ROLE_NORMAL;
		char no[16], a[32], b[32], t[32], acct[64];
		snprintf(no, sizeof no, "%d", l->line_no);
		money_text(l->amount_fen, a);
		money_text(l->back_pay_fen, b);
		money_text(l->total_fen, t);
		roll_view_account(l->account_masked, c.account, acct, sizeof acct);
		int row = first + 1 + i;
		x = 0;
		cell(row, &x, c.no, role, true, no);
		cell(row, &x, c.name, role, false, l->recipient_name);
		cell(row, &x, c.item, role, false, l->item_name[s->lang ? 1 : 0]);
		cell(row, &x, c.amount, role, true, a);
		cell(row, &x, c.back, role, true, l->back_pay_fen ? b : "");
		cell(row, &x, c.total, role, true, t);
		cell(row, &x, c.account, role, false, *acct ? acct : "-");
		cell(row, &x, c.state, state_role, false, _(label_of(LABEL_PAY_STATE, l->state)));
		ui_text(row, x, ui_cols() - x, role, false, "");
	}
	if (st->n_lines == 0)
		ui_text(first + 1, 0, ui_cols(), ROLE_INFO, true, _("This roll has no lines."));
	/* The selected line whole: whose account, which months, why not paid. */
	if (st->n_lines > 0) {
		const struct pay_line_row *l = &st->lines[st->selected];
		char line[768], months[64];
		roll_view_months(l->months, months, sizeof months);
		snprintf(line, sizeof line, _("%s  account holder %s  %s  months: %s"), l->case_no,
			 l->holder_name, *l->account_masked ? l->account_masked : "-", months);
		ui_text(bottom + 1, 0, ui_cols(), ROLE_NORMAL, true, line);
		const char *why = line_why(l);
		if (*why) {
			snprintf(line, sizeof line, "%s: %s", _(label_of(LABEL_PAY_STATE, l->state)), why);
			ui_text(bottom + 2, 0, ui_cols(),
				strcmp(l->state, "failed") == 0 ? ROLE_ERROR : ROLE_INFO, true, line);
		}
	}
}

static void draw_history(struct roll_state *st, int first, int bottom)
{
	ui_text(first, 0, ui_cols(), ROLE_LABEL, true, _("What happened to the roll"));
	int visible = bottom - first - 1;
	for (int i = 0; i < visible && st->top + i < st->n_events; i++) {
		const struct pay_event_row *e = &st->events[st->top + i];
		char line[1024];
		snprintf(line, sizeof line, "%s  %s  %s%s%s", e->at,
			 _(label_of(LABEL_ROLL_EVENT, e->action)), e->actor_name,
			 *e->reason ? _(" reason: ") : "", e->reason);
		ui_text(first + 1 + i, 0, ui_cols(),
			strcmp(e->action, "return") == 0 ? ROLE_ERROR : ROLE_NORMAL, true, line);
	}
}

static void draw(struct ui_screen *sc, struct session *s)
{
	struct roll_state *st = sc->state;
	ui_clear();
	session_draw_frame(s, _("Payment roll"));
	if (!st->loaded) {
		ui_text(1, 0, ui_cols(), ROLE_INFO, true, _("Reading the roll..."));
		static const enum ui_command none[] = {CMD_HELP, CMD_NONE};
		ui_command_bar(CTX_ROLL, none);
		ui_cursor(-1, 0);
		return;
	}
	draw_head(st, s);
	int first = 5, bottom = ui_rows() - 5;
	ui_hline(bottom, 0, ui_cols());
	if (st->history)
		draw_history(st, first, bottom);
	else
		draw_lines(st, s, first, bottom);
	/* The key bar: help, lines/history, print, and what the server
	 * allows now, each under its own word. */
	const char *pairs[2 * 8 + 2];
	char names[8][8];
	int n = 0, k = 0;
	struct {
		enum ui_command cmd;
		const char *label;
		bool offered;
	} offer[] = {
		{CMD_HELP, _("Help"), true},
		{CMD_ROLL_FORWARD, _("Submit to finance"), roll_view_may(st->head.actions, "submit")},
		{CMD_ROLL_FORWARD, _("Approve"), roll_view_may(st->head.actions, "approve")},
		{CMD_ROLL_RETURN, _("Return"), roll_view_may(st->head.actions, "return")},
		{CMD_ROLL_HOLD, _("Hold/release"),
		 roll_view_may(st->head.actions, "hold") && !st->history},
		{CMD_ROLL_BANK_FILE, _("Bank file"),
		 roll_view_may(st->head.actions, "export") || st->export_unwritten},
		{CMD_ROLL_BANK_RESULTS, _("Bank results"), roll_view_may(st->head.actions, "results")},
		{CMD_ROLL_HISTORY, st->history ? _("Lines") : _("History"), true},
		{CMD_PRINT, _("Print"), true},
	};
	for (size_t i = 0; i < sizeof offer / sizeof offer[0] && k < 8; i++)
		if (offer[i].offered && ui_command_key(CTX_ROLL, offer[i].cmd, names[k])) {
			pairs[n++] = names[k++];
			pairs[n++] = offer[i].label;
		}
	pairs[n] = pairs[n + 1] = NULL;
	ui_key_bar(pairs);
	ui_cursor(-1, 0);
}

/* The roll as a document to sign, in the reader's language. */
static void print_roll(struct roll_state *st, struct session *s)
{
	const struct pay_roll_row *h = &st->head;
	struct strbuf b = STRBUF_INIT;
	char y1[32], y2[32], y3[32];
	strbuf_printf(&b, "%s\n\n", _("Payment roll"));
	strbuf_printf(&b, _("Roll: %s    Month: %s    State: %s\n"), h->roll_no, h->month,
		      _(label_of(LABEL_ROLL_STATE, h->state)));
	strbuf_printf(&b, _("County: %s    Department: %s    Centre: %s\n"), h->county_name,
		      h->department_name[s->lang ? 1 : 0], h->centre_name);
	if (strcmp(h->state, "returned") == 0 && *h->return_reason)
		strbuf_printf(&b, _("Returned by finance: %s\n"), h->return_reason);
	strbuf_append(&b, "\n");
	strbuf_cell(&b, _("No."), 4, true);
	strbuf_cell(&b, _("Recipient"), 10, false);
	strbuf_cell(&b, _("Item"), 14, false);
	strbuf_cell(&b, _("This month"), 10, true);
	strbuf_cell(&b, _("Back pay"), 10, true);
	strbuf_cell(&b, _("Total"), 10, true);
	strbuf_cell(&b, _("Account"), 19, false);
	strbuf_cell(&b, _("State"), 8, false);
	strbuf_append(&b, "\n");
	for (int i = 0; i < st->n_lines; i++) {
		const struct pay_line_row *l = &st->lines[i];
		char no[16];
		snprintf(no, sizeof no, "%d", l->line_no);
		money_text(l->amount_fen, y1);
		money_text(l->back_pay_fen, y2);
		money_text(l->total_fen, y3);
		strbuf_cell(&b, no, 4, true);
		strbuf_cell(&b, l->recipient_name, 10, false);
		strbuf_cell(&b, l->item_name[s->lang ? 1 : 0], 14, false);
		strbuf_cell(&b, y1, 10, true);
		strbuf_cell(&b, y2, 10, true);
		strbuf_cell(&b, y3, 10, true);
		strbuf_cell(&b, *l->account_masked ? l->account_masked : "-", 19, false);
		strbuf_cell(&b, _(label_of(LABEL_PAY_STATE, l->state)), 8, false);
		strbuf_append(&b, "\n");
		strbuf_printf(&b, "     %s  %s\n", l->case_no, l->months);
		if (*line_why(l))
			strbuf_printf(&b, "     %s\n", line_why(l));
	}
	struct roll_sums sum;
	roll_view_sums(st->lines, st->n_lines, &sum);
	money_text(sum.amount_fen, y1);
	money_text(sum.back_pay_fen, y2);
	money_text(sum.total_fen, y3);
	strbuf_append(&b, "\n");
	strbuf_printf(&b, _("To pay: %d lines, this month %s + back pay %s = %s yuan; held: %d\n"),
		      sum.to_pay, y1, y2, y3, sum.held);
	if (sum.paid || sum.failed) {
		money_text(sum.paid_fen, y1);
		money_text(sum.failed_fen, y2);
		strbuf_printf(&b, _("Paid %s yuan; failed %s yuan\n"), y1, y2);
	}
	strbuf_printf(&b, "\n%s\n",
		      _("Prepared by: __________   Checked by: __________   Finance: __________"));
	char name[64];
	snprintf(name, sizeof name, "roll-%s", h->roll_no);
	session_print(s, name, strbuf_text(&b));
	strbuf_free(&b);
}

static void send_write(struct roll_state *st, int asked, const char *reason)
{
	db_new_request_id(st->request_id);
	struct db_query q;
	switch (asked) {
	case ASK_SUBMIT:
		pay_submit_query(&q, st->request_id, st->roll_no, st->head.version);
		break;
	case ASK_APPROVE:
	case ASK_RETURN:
		pay_check_query(&q, st->request_id, st->roll_no, st->head.version,
				asked == ASK_APPROVE, reason);
		break;
	default:
		pay_hold_query(&q, st->request_id, st->roll_no, st->head.version, st->hold_line,
			       asked == ASK_HOLD, reason);
		break;
	}
	ui_send(st->s, st->sc, Q_WRITE, &q);
	db_query_free(&q);
	st->asked = asked;
}

static enum ui_op on_written(struct roll_state *st, struct ui_reply *reply)
{
	struct session *s = st->s;
	enum od_status status = pay_write_status(s->db, reply->status);
	int asked = st->asked;
	st->asked = 0;
	load(st); /* as it is now, whatever happened */
	if (status == OD_ERR_CONFLICT) {
		session_say(s, ROLE_ERROR,
			    _("Changed meanwhile by someone else; this is the roll as it is now."));
		return UI_REDRAW;
	}
	if (status != OD_OK)
		return session_fail(s, _("Not done"), reply->d.text);
	session_say(s, ROLE_INFO, "%s",
		    asked == ASK_SUBMIT    ? _("Submitted to finance.")
		    : asked == ASK_APPROVE ? _("Approved: the bank file can be written.")
		    : asked == ASK_RETURN  ? _("Returned to the department with the reason.")
		    : asked == ASK_HOLD    ? _("The line is held; its months are owed again next roll.")
					   : _("The line is released."));
	return UI_REDRAW;
}

/* The bank file: the roll's lines from the export (sent with st->export_id,
 * which a retry keeps: the server then returns the same lines), written
 * whole to st->bank_path. */
static enum ui_op send_export(struct roll_state *st)
{
	struct diag d;
	if (bank_file_free(st->bank_path, &d) != OD_OK)
		return session_fail(st->s, _("Cannot write the bank file"), d.text);
	if (!st->export_unwritten)
		db_new_request_id(st->export_id);
	struct db_query q;
	pay_export_query(&q, st->export_id, st->roll_no);
	ui_send(st->s, st->sc, Q_EXPORT, &q);
	db_query_free(&q);
	return UI_REDRAW;
}

static enum ui_op on_exported(struct roll_state *st, struct ui_reply *reply)
{
	struct session *s = st->s;
	if (reply->status != OD_OK) {
		st->export_unwritten = false;
		load(st);
		return session_fail(s, _("Cannot write the bank file"), reply->d.text);
	}
	struct strbuf out = STRBUF_INIT;
	int64_t total = 0;
	struct diag d;
	int lines = db_rows(reply->result);
	enum od_status w = pay_bank_file_text(reply->result, st->bank_gbk, &out, &total, &d);
	if (w == OD_OK)
		w = bank_file_write(st->bank_path, strbuf_text(&out), out.len, &d);
	strbuf_free(&out);
	load(st);
	if (w != OD_OK) {
		/* The roll is exported: the same request gives its lines again. */
		st->export_unwritten = true;
		char why[1400];
		snprintf(why, sizeof why, _("%s (F7 writes it again, to another file if need be)"),
			 d.text);
		return session_fail(s, _("Cannot write the bank file"), why);
	}
	st->export_unwritten = false;
	char y[32];
	money_text(total, y);
	session_say(s, ROLE_INFO, _("Bank file written: %s, %d payments, %s yuan."), st->bank_path,
		    lines, y);
	return UI_REDRAW;
}

/* The bank's answer: read and checked here (bank_results_load), then
 * recorded all or nothing by the server. */
static enum ui_op send_results(struct roll_state *st)
{
	struct bank_result *rows = NULL;
	int count = 0;
	struct diag d;
	if (bank_results_load(st->bank_path, st->bank_gbk, &rows, &count, &d) != OD_OK)
		return session_fail(st->s, _("The result file is refused"), d.text);
	struct strbuf json = STRBUF_INIT;
	bank_results_json(rows, count, &json);
	free(st->result_lines);
	st->result_lines = xcalloc(count > 0 ? (size_t)count : 1, sizeof *st->result_lines);
	st->n_results = count;
	for (int i = 0; i < count; i++)
		st->result_lines[i] = rows[i].line;
	free(rows);
	db_new_request_id(st->request_id);
	struct db_query q;
	pay_results_query(&q, st->request_id, strbuf_text(&json));
	strbuf_free(&json);
	ui_send(st->s, st->sc, Q_RESULTS, &q);
	db_query_free(&q);
	return UI_REDRAW;
}

static enum ui_op on_results(struct roll_state *st, struct ui_reply *reply)
{
	struct session *s = st->s;
	if (reply->status != OD_OK) {
		int item = pay_results_bad_item(s->db, reply->status);
		if (item >= 1 && item <= st->n_results) {
			char where[1600];
			snprintf(where, sizeof where, "%s:%d: %s", st->bank_path,
				 st->result_lines[item - 1], reply->d.text);
			return session_fail(s, _("The result file is refused"), where);
		}
		return session_fail(s, _("Cannot record the bank's results"), reply->d.text);
	}
	int paid = 0, failed = 0;
	for (int i = 0; i < db_rows(reply->result); i++) {
		paid += atoi(db_value(reply->result, i, "paid"));
		failed += atoi(db_value(reply->result, i, "failed"));
	}
	load(st);
	session_say(s, ROLE_INFO, _("The bank's results are recorded: %d paid, %d failed."), paid,
		    failed);
	return UI_REDRAW;
}

static enum ui_op result(struct ui_screen *sc, struct session *s, struct ui_reply *reply)
{
	struct roll_state *st = sc->state;
	if (reply->cancelled) {
		st->asked = 0;
		return UI_REDRAW;
	}
	if (reply->tag == Q_WRITE)
		return on_written(st, reply);
	if (reply->tag == Q_EXPORT)
		return on_exported(st, reply);
	if (reply->tag == Q_RESULTS)
		return on_results(st, reply);
	if (reply->status != OD_OK) {
		session_fail(s, _("Cannot read the payment roll"), reply->d.text);
		return st->loaded ? UI_REDRAW : UI_POP;
	}
	switch (reply->tag) {
	case Q_HEAD: {
		struct pay_roll_row *rows = NULL;
		int n = 0;
		pay_rolls_read(reply->result, &rows, &n);
		if (n != 1) {
			free(rows);
			session_say(s, ROLE_ERROR, _("This payment roll is not yours to see."));
			return st->loaded ? UI_REDRAW : UI_POP;
		}
		st->head = rows[0];
		free(rows);
		st->loaded = true;
		break;
	}
	case Q_LINES:
		free(st->lines);
		pay_roll_lines_read(reply->result, &st->lines, &st->n_lines);
		if (st->selected >= st->n_lines)
			st->selected = st->n_lines ? st->n_lines - 1 : 0;
		break;
	case Q_EVENTS:
		free(st->events);
		pay_roll_events_read(reply->result, &st->events, &st->n_events);
		break;
	default:
		break;
	}
	return UI_REDRAW;
}

static enum ui_op hold_or_release(struct roll_state *st, struct ui_screen *sc)
{
	struct session *s = st->s;
	if (st->history || st->n_lines == 0 || !roll_view_may(st->head.actions, "hold"))
		return UI_STAY;
	const struct pay_line_row *l = &st->lines[st->selected];
	char question[512];
	st->hold_line = l->line_no;
	if (strcmp(l->state, "pending") == 0) {
		snprintf(question, sizeof question, _("Hold line %d (%s) - reason:"), l->line_no,
			 l->recipient_name);
		return ui_ask(s, sc, ASK_HOLD, question);
	}
	if (strcmp(l->hold_kind, "manual") == 0) {
		snprintf(question, sizeof question, _("Release line %d (%s) to be paid? (y/n)"),
			 l->line_no, l->recipient_name);
		return ui_confirm(s, sc, ASK_RELEASE, question);
	}
	session_say(s, ROLE_INFO,
		    _("No account on file: record it at the window, then make the roll again."));
	return UI_REDRAW;
}

static enum ui_op command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	struct roll_state *st = sc->state;
	if (!st->loaded)
		return UI_STAY;
	const struct pay_roll_row *h = &st->head;
	char question[512], total[32];
	money_text(h->total_fen, total);
	switch (cmd) {
	case CMD_REFRESH:
		load(st);
		return UI_STAY;
	case CMD_PRINT:
		print_roll(st, s);
		return UI_REDRAW;
	case CMD_ROLL_HISTORY:
		st->history = !st->history;
		st->top = 0;
		return UI_REDRAW;
	case CMD_ROLL_FORWARD:
		if (roll_view_may(h->actions, "submit")) {
			snprintf(question, sizeof question,
				 _("Submit roll %s to finance: %d lines to pay, %s yuan? (y/n)"),
				 h->roll_no, h->line_count - h->held_count, total);
			return ui_confirm(s, sc, ASK_SUBMIT, question);
		}
		if (roll_view_may(h->actions, "approve")) {
			snprintf(question, sizeof question,
				 _("Approve roll %s: %d lines to pay, %s yuan? (y/n)"), h->roll_no,
				 h->line_count - h->held_count, total);
			return ui_confirm(s, sc, ASK_APPROVE, question);
		}
		session_say(s, ROLE_ERROR, _("Not yours to do while the roll is %s."),
			    _(label_of(LABEL_ROLL_STATE, h->state)));
		return UI_REDRAW;
	case CMD_ROLL_RETURN:
		if (!roll_view_may(h->actions, "return")) {
			session_say(s, ROLE_ERROR, _("Not yours to do while the roll is %s."),
				    _(label_of(LABEL_ROLL_STATE, h->state)));
			return UI_REDRAW;
		}
		return ui_ask(s, sc, ASK_RETURN, _("Return the roll to the department - reason:"));
	case CMD_ROLL_HOLD:
		return hold_or_release(st, sc);
	case CMD_ROLL_BANK_FILE:
		if (!roll_view_may(h->actions, "export") && !st->export_unwritten)
			return UI_STAY;
		snprintf(question, sizeof question, "%s.csv", h->roll_no);
		return ui_ask_with(s, sc, ASK_EXPORT_PATH, _("Write the bank file to:"), question);
	case CMD_ROLL_BANK_RESULTS:
		if (!roll_view_may(h->actions, "results"))
			return UI_STAY;
		snprintf(question, sizeof question, "%s-results.csv", h->roll_no);
		return ui_ask_with(s, sc, ASK_RESULTS_PATH, _("The bank's result file:"), question);
	default:
		return UI_STAY;
	}
}

static enum ui_op answer(struct ui_screen *sc, struct session *s, int tag, const char *text)
{
	struct roll_state *st = sc->state;
	if (!text) /* Esc or no; an empty reason is never answered (the question stays) */
		return UI_REDRAW;
	switch (tag) {
	case ASK_EXPORT_PATH:
	case ASK_RESULTS_PATH:
		snprintf(st->bank_path, sizeof st->bank_path, "%s", text);
		return ui_choose(s, sc, tag == ASK_EXPORT_PATH ? ASK_EXPORT_ENCODING
							   : ASK_RESULTS_ENCODING,
				 _("Encoding: u UTF-8, g GBK"), "ug");
	case ASK_EXPORT_ENCODING:
	case ASK_RESULTS_ENCODING:
		st->bank_gbk = text[0] == 'g';
		return tag == ASK_EXPORT_ENCODING ? send_export(st) : send_results(st);
	default:
		send_write(st, tag, tag == ASK_RETURN || tag == ASK_HOLD ? text : NULL);
		return UI_REDRAW;
	}
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *k)
{
	struct roll_state *st = sc->state;
	if (k->kind == KEY_KIND_CHAR && k->ch == '?')
		return ui_push(s, help_screen_new(s, sc));
	if (k->kind != KEY_KIND_FUNC)
		return UI_STAY;
	int count = st->history ? st->n_events : st->n_lines;
	int *pos = st->history ? &st->top : &st->selected;
	int page = ui_rows() - 12 > 1 ? ui_rows() - 12 : 1;
	switch (k->code) {
	case KEY_ESCAPE:
		return UI_POP;
	case KEY_DOWN:
		*pos += *pos + 1 < count;
		break;
	case KEY_UP:
		*pos -= *pos > 0;
		break;
	case KEY_NPAGE:
		*pos = *pos + page < count ? *pos + page : count > 0 ? count - 1 : 0;
		break;
	case KEY_PPAGE:
		*pos = *pos > page ? *pos - page : 0;
		break;
	default:
		return UI_STAY;
	}
	return UI_REDRAW;
}

static void destroy(struct ui_screen *sc)
{
	struct roll_state *st = sc->state;
	free(st->lines);
	free(st->events);
	free(st->result_lines);
	free(st);
}

static const char *const roll_help[] = {N_("Up, Down, PgUp, PgDn: choose a line"),
					N_("Esc: back to the rolls"), NULL};

static const struct ui_screen_ops roll_ops = {
	.name = "roll",
	.ctx = CTX_ROLL,
	.help = roll_help,
	.draw = draw,
	.key = key,
	.command = command,
	.result = result,
	.answer = answer,
	.destroy = destroy,
};

struct ui_screen *roll_screen_new(struct session *s, const char *roll_no)
{
	struct roll_state *st = xcalloc(1, sizeof *st);
	struct ui_screen *sc = ui_screen_new(&roll_ops, st);
	st->s = s;
	st->sc = sc;
	snprintf(st->roll_no, sizeof st->roll_no, "%s", roll_no);
	s->status[0] = '\0';
	load(st);
	return sc;
}
