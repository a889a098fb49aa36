/* decide_screen.c - the department approver's decision (审批决定): grant
 * with an amount and a start month, or refuse with a reason.
 *
 * The amount starts as the engine's amount on the verified facts (the
 * latest verification report), the month as this month.  The server
 * (onedoor.case_decide) holds every rule: who may decide, that an amount
 * other than the engine's needs a reason, that a refusal needs one; its
 * refusal is shown whole and nothing typed is lost.  Once decided, the
 * decision notice is printed (written to its file, never overwritten) and
 * shown in this screen's place. */
#include "curses_provider.h"
#include "onedoor/civil_date.h"
#include "onedoor/i18n.h"
#include "onedoor/store_case_file.h"
#include "onedoor/store_verification.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_field.h"
#include "onedoor/ui_screens.h"
#include "onedoor/ui_views.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { Q_FORM = 1, Q_DECIDE, Q_NOTICE };
enum { F_AMOUNT, F_MONTH, F_REASON, F_COUNT };
enum { ASK_LEAVE = 1 };

struct decide_state {
	struct session *s;
	struct ui_screen *sc;
	long long id;
	struct decide_form form;
	bool loaded;
	bool has_grant, has_refuse;
	char phrase[2][2][96]; /* [grant, refuse][zh, en] */
	struct ui_field fields[F_COUNT];
	int focus;
	bool sent_grant;     /* what the decision sent was */
	char request_id[37]; /* kept while the same input is sent again */
};

static const char *phrase(const struct decide_state *st, bool refuse)
{
	return st->phrase[refuse][st->s->lang ? 1 : 0];
}

static void draw(struct ui_screen *sc, struct session *s)
{
	struct decide_state *st = sc->state;
	ui_clear();
	session_draw_frame(s, _("Approval decision"));
	if (!st->loaded) {
		ui_text(1, 0, ui_cols(), ROLE_INFO, true, _("Reading the case..."));
		static const enum ui_command none[] = {CMD_HELP, CMD_NONE};
		ui_command_bar(CTX_DECIDE, none);
		ui_cursor(-1, 0);
		return;
	}
	const struct decide_form *f = &st->form;
	bool monthly = !strcmp(f->period, "monthly");
	char line[512];
	snprintf(line, sizeof line, "%s  %s  %s", f->case_no, f->item_name[s->lang ? 1 : 0],
		 f->subject_name);
	ui_text(1, 0, ui_cols(), ROLE_HEADER, true, line);
	if (*f->engine_amount)
		snprintf(line, sizeof line,
			 monthly ? _("Amount by the rules on the verified facts: %s yuan per month")
				 : _("Amount by the rules on the verified facts: %s yuan, once"),
			 f->engine_amount);
	else
		snprintf(line, sizeof line, "%s",
			 _("The rules give no amount on the verified facts: type the amount."));
	ui_text(3, 0, ui_cols(), ROLE_INFO, true, line);
	static const char *const labels[F_COUNT] = {
		N_("Amount (yuan)"), N_("From month (YYYY-MM)"), N_("Reason")};
	int label_w = 0;
	for (int i = 0; i < F_COUNT; i++) {
		int w = str_width(_(labels[i]));
		label_w = w > label_w ? w : label_w;
	}
	for (int i = 0; i < F_COUNT; i++) {
		int row = 5 + 2 * i;
		ui_text(row, 2, label_w, i == st->focus ? ROLE_FIELD_FOCUS : ROLE_LABEL, false,
			_(labels[i]));
		int col = 4 + label_w;
		field_draw(&st->fields[i], row, col, ui_cols() - col - 2, false);
	}
	ui_text(12, 2, ui_cols() - 4, ROLE_NORMAL, true,
		_("A reason is needed to refuse, and for an amount other than the rules' amount."));
	/* The key bar: help and the server's two offers under their phrases. */
	const char *pairs[8];
	char names[3][8];
	int n = 0;
	if (ui_command_key(CTX_DECIDE, CMD_HELP, names[0]) ||
	    ui_command_key(CTX_ANY, CMD_HELP, names[0])) {
		pairs[n++] = names[0];
		pairs[n++] = _(ui_command_label(CMD_HELP));
	}
	if (st->has_grant && ui_command_key(CTX_DECIDE, CMD_ACT_PASS, names[1])) {
		pairs[n++] = names[1];
		pairs[n++] = phrase(st, false);
	}
	if (st->has_refuse && ui_command_key(CTX_DECIDE, CMD_ACT_FAIL, names[2])) {
		pairs[n++] = names[2];
		pairs[n++] = phrase(st, true);
	}
	pairs[n] = pairs[n + 1] = NULL;
	ui_key_bar(pairs);
	int row = 5 + 2 * st->focus, col = 4 + label_w;
	field_draw(&st->fields[st->focus], row, col, ui_cols() - col - 2, true);
}

static void decide(struct decide_state *st, bool grant)
{
	int field = 0;
	const char *wrong = grant ? decide_view_check(st->fields[F_AMOUNT].text,
						      st->fields[F_MONTH].text, &field)
				  : NULL;
	if (wrong) {
		st->focus = field == 0 ? F_AMOUNT : F_MONTH;
		session_say(st->s, ROLE_ERROR, "%s", _(wrong));
		return;
	}
	/* The same request id while the input is the same: a resend after a
	 * lost answer finds the first decision. */
	if (!*st->request_id || st->sent_grant != grant)
		db_new_request_id(st->request_id);
	st->sent_grant = grant;
	struct db_query q;
	verification_decide_query(&q, st->request_id, st->id, st->form.version, grant,
				  grant ? st->fields[F_AMOUNT].text : "",
				  grant ? st->fields[F_MONTH].text : "", st->fields[F_REASON].text);
	ui_send(st->s, st->sc, Q_DECIDE, &q);
	db_query_free(&q);
}

static enum ui_op command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	struct decide_state *st = sc->state;
	if (!st->loaded || ui_waiting(s, sc))
		return UI_STAY;
	if (cmd == CMD_ACT_PASS && st->has_grant)
		decide(st, true);
	else if (cmd == CMD_ACT_FAIL && st->has_refuse)
		decide(st, false);
	else
		return UI_STAY;
	return UI_REDRAW;
}

static enum ui_op result(struct ui_screen *sc, struct session *s, struct ui_reply *reply)
{
	struct decide_state *st = sc->state;
	struct diag d = reply->d;
	if (reply->cancelled)
		return st->loaded ? UI_REDRAW : UI_POP;
	switch (reply->tag) {
	case Q_FORM:
		if (reply->status != OD_OK ||
		    verification_decide_form_read(reply->result, &st->form, &d) != OD_OK) {
			session_fail(s, _("Cannot read the case"), d.text);
			return UI_POP;
		}
		field_set(&st->fields[F_AMOUNT], st->form.engine_amount);
		st->loaded = true;
		return UI_REDRAW;
	case Q_DECIDE: {
		if (reply->status != OD_OK) {
			/* Nothing typed is lost; a new attempt is a new request.  The
			 * server's HINT names what to correct. */
			st->request_id[0] = '\0';
			const char *hint = db_last_hint(s->db);
			if (!strcmp(hint, "reason")) {
				st->focus = F_REASON;
				session_say(s, ROLE_ERROR, "%s",
					    st->sent_grant
						    ? _("An amount other than the rules' amount needs a reason: type it under Reason.")
						    : _("Refusing needs a reason: type it under Reason."));
				return UI_REDRAW;
			}
			if (!strcmp(hint, "amount")) {
				st->focus = F_AMOUNT;
				session_say(s, ROLE_ERROR, "%s",
					    _("The rules give no amount on the verified facts: type the amount."));
				return UI_REDRAW;
			}
			return session_fail(s, _("Not decided"), d.text);
		}
		struct db_query q;
		case_document_query(&q, st->form.case_no, "notice", 0);
		ui_send(s, sc, Q_NOTICE, &q);
		db_query_free(&q);
		return UI_REDRAW;
	}
	case Q_NOTICE: {
		char *text = NULL;
		if (reply->status != OD_OK ||
		    case_document_read(reply->result, st->form.case_no, "notice", &text, &d) != OD_OK) {
			session_fail(s, _("Decided, but the notice cannot be read"), d.text);
			return UI_POP;
		}
		enum ui_op op = ui_replace(
			s, document_screen_new(s, DOC_NOTICE, db_value(reply->result, 0, "notice_no"),
					       text, false));
		/* Printing has said where the notice went; the decision first. */
		char printed[sizeof s->status];
		snprintf(printed, sizeof printed, "%s", s->status);
		session_say(s, ROLE_INFO, _("%s: done. %s"), phrase(st, !st->sent_grant), printed);
		free(text);
		return op;
	}
	}
	return UI_STAY;
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *k)
{
	struct decide_state *st = sc->state;
	if (k->kind == KEY_KIND_FUNC && !k->paste) {
		switch (k->code) {
		case KEY_ESCAPE:
			if (st->fields[F_REASON].len == 0)
				return UI_POP;
			return ui_confirm(s, sc, ASK_LEAVE, _("Leave without deciding? (y/n)"));
		case KEY_TAB:
		case KEY_DOWN:
		case KEY_RETURN:
		case KEY_ENTER:
			st->focus = (st->focus + 1) % F_COUNT;
			return UI_REDRAW;
		case KEY_BTAB:
		case KEY_UP:
			st->focus = (st->focus + F_COUNT - 1) % F_COUNT;
			return UI_REDRAW;
		default:
			break;
		}
	}
	if (!st->loaded)
		return UI_STAY;
	return field_edit(&st->fields[st->focus], k) ? UI_REDRAW : UI_STAY;
}

static enum ui_op answer(struct ui_screen *sc, struct session *s, int tag, const char *text)
{
	(void)sc;
	(void)s;
	return tag == ASK_LEAVE && text ? UI_POP : UI_REDRAW;
}

static bool unsaved(struct ui_screen *sc, struct session *s)
{
	(void)s;
	const struct decide_state *st = sc->state;
	return st->fields[F_REASON].len > 0;
}

static void destroy(struct ui_screen *sc)
{
	free(sc->state);
}

static const char *const decide_help[] = {
	N_("Tab, Up, Down, Enter: next field"),
	N_("An empty amount takes the rules' amount; an empty month this month."),
	N_("Esc: back without deciding"), NULL};

static const struct ui_screen_ops decide_ops = {
	.name = "decide",
	.ctx = CTX_DECIDE,
	.help = decide_help,
	.draw = draw,
	.key = key,
	.command = command,
	.result = result,
	.answer = answer,
	.unsaved = unsaved,
	.destroy = destroy,
};

struct ui_screen *decide_screen_new(struct session *s, long long case_id,
				    const struct case_allowed *grant,
				    const struct case_allowed *refuse, bool refusing)
{
	struct decide_state *st = xcalloc(1, sizeof *st);
	struct ui_screen *sc = ui_screen_new(&decide_ops, st);
	st->s = s;
	st->sc = sc;
	st->id = case_id;
	const struct case_allowed *offers[2] = {grant, refuse};
	for (int i = 0; i < 2; i++)
		if (offers[i])
			for (int l = 0; l < 2; l++)
				snprintf(st->phrase[i][l], sizeof st->phrase[i][l], "%s",
					 offers[i]->phrase[l]);
	st->has_grant = grant != NULL;
	st->has_refuse = refuse != NULL;
	st->focus = refusing ? F_REASON : F_AMOUNT;
	for (int i = 0; i < F_COUNT; i++)
		st->fields[i].max_chars = i == F_REASON ? 200 : 12;
	int y, m, d;
	cdate_to_ymd(session_today(s), &y, &m, &d);
	char month[16];
	snprintf(month, sizeof month, "%04d-%02d", y, m);
	field_set(&st->fields[F_MONTH], month);
	s->status[0] = '\0';
	struct db_query q;
	verification_decide_form_query(&q, case_id);
	ui_send(s, sc, Q_FORM, &q);
	db_query_free(&q);
	return sc;
}
