/* case_file_screen.c - the case seen whole, for the verifier, the
 * supervision window, the department approver and the auditor: the
 * household and its members with their facts, what was declared, the menu
 * as the clerk saw it at acceptance, the materials, the verification report
 * with its flagged differences, the decision and the history - the same
 * content as `onedoor-admin case show` (case_file.c), scrolled.
 *
 * Every opening reads the members' records through the logged path: the
 * trace is sent first and committed on its own, then the case file.  The
 * verifier asks for a new report, acknowledges a flagged difference with a
 * note and passes or fails; the approver decides (decide_screen.c).  What
 * may be done comes from the server (onedoor.case_actions); its refusals
 * are shown as they are. */
#include "curses_provider.h"
#include "onedoor/i18n.h"
#include "onedoor/labels.h"
#include "onedoor/store_case_file.h"
#include "onedoor/store_verification.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_screens.h"
#include "onedoor/ui_views.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { Q_TRACE = 1, Q_FILE, Q_ACTIONS, Q_ACT, Q_REPORT, Q_ACK, Q_NOTICE, Q_PRINT_REPORT };
enum { ASK_REASON = 1, ASK_NOTE };

struct case_file_state {
	struct session *s;
	struct ui_screen *sc;
	long long id;
	char case_no[72];
	struct case_file cf;
	struct case_file_view view;
	int view_width; /* the width view was built for; 0: build again */
	bool loaded;
	int top;
	bool to_report; /* after the next read, scroll to the report's differences */
	struct case_allowed *allowed;
	int n_allowed;
	int pending_action; /* index into allowed waiting for its reason; -1 none */
	int ack_pos;        /* the difference whose note is asked */
	char request_id[37];
};

static void load(struct case_file_state *st)
{
	struct db_query q;
	case_file_trace_query(&q, st->case_no, false);
	ui_send(st->s, st->sc, Q_TRACE, &q);
	db_query_free(&q);
	/* The trace commits on its own first; the file and what may be done
	 * to the case then come in one round trip. */
	struct db_query reads[2];
	const int tags[2] = {Q_FILE, Q_ACTIONS};
	case_file_query(&reads[0], st->case_no, false);
	case_actions_query(&reads[1], st->id);
	ui_send_together(st->s, st->sc, tags, reads, 2);
	db_query_free(&reads[0]);
	db_query_free(&reads[1]);
}

static const struct case_allowed *allowed_for(const struct case_file_state *st,
					      enum ui_command cmd)
{
	return case_view_allowed(st->allowed, st->n_allowed, cmd, NULL);
}

static const struct case_allowed *allowed_action(const struct case_file_state *st,
						 const char *action)
{
	return case_view_allowed(st->allowed, st->n_allowed, CMD_NONE, action);
}

/* The verifier's report keys go with the server's offer to verify now. */
static bool verifying(const struct case_file_state *st)
{
	return allowed_action(st, "verify_pass") || allowed_action(st, "verify_fail");
}

static int body_rows(void)
{
	return ui_rows() - 6; /* title, 2 header lines, rule; status line and key bar */
}

static void scroll_to(struct case_file_state *st, int line)
{
	int last = st->view.n - body_rows();
	st->top = line > last ? last : line;
	if (st->top < 0)
		st->top = 0;
}

static void draw(struct ui_screen *sc, struct session *s)
{
	struct case_file_state *st = sc->state;
	ui_clear();
	session_draw_frame(s, _("The case seen whole"));
	if (!st->loaded) {
		ui_text(1, 0, ui_cols(), ROLE_INFO, true, _("Reading the case..."));
		static const enum ui_command none[] = {CMD_HELP, CMD_NONE};
		ui_command_bar(CTX_CASE_FILE, none);
		ui_cursor(-1, 0);
		return;
	}
	if (st->view_width != ui_cols()) {
		/* Laid out again for this width, keeping the line on top. */
		case_file_view_build(&st->cf, ui_cols() - 1, &st->view);
		st->view_width = ui_cols();
		scroll_to(st, st->top);
	}
	char line[512];
	const struct case_file *cf = &st->cf;
	snprintf(line, sizeof line, "%s  %s  %s  %s", st->case_no,
		 case_file_get(cf, "case", 0, "item_name"), case_file_get(cf, "case", 0, "subject"),
		 _(label_of(LABEL_STAGE, case_file_get(cf, "case", 0, "stage"))));
	ui_text(1, 0, ui_cols(), ROLE_HEADER, true, line);
	case_file_view_summary(cf, line, sizeof line);
	bool open = case_file_open_difference(cf) > 0;
	ui_text(2, 0, ui_cols(), open ? ROLE_ERROR : ROLE_INFO, true, line);
	ui_hline(3, 0, ui_cols());
	const char *text = strbuf_text(&st->view.text);
	for (int i = 0; i < body_rows() && st->top + i < st->view.n; i++) {
		const struct case_file_line *l = &st->view.lines[st->top + i];
		snprintf(line, sizeof line, "%.*s", (int)l->len, text + l->start);
		enum ui_role role = l->kind == CFL_HEADING ? ROLE_HEADER
				    : l->kind == CFL_FLAG  ? ROLE_ERROR
				    : l->kind == CFL_OPEN  ? ROLE_ERROR
							   : ROLE_NORMAL;
		ui_text(4 + i, 0, ui_cols(), role, true, line);
	}
	/* The key bar: help, print, the verifier's report keys, and each
	 * action the server allows under its standard phrase. */
	const char *pairs[2 * 12 + 2];
	char names[12][8];
	int n = 0, k = 0;
	enum ui_command fixed[5] = {CMD_HELP, CMD_NONE, CMD_NONE, CMD_PRINT, CMD_NONE};
	/* Payments are named once something was granted (the key works
	 * always): at 80 columns the verifier's keys need the room. */
	if (!strcmp(case_file_get(cf, "decision", 0, "outcome"), "granted"))
		fixed[4] = CMD_PAYMENTS;
	if (verifying(st)) {
		fixed[1] = CMD_NEW_REPORT;
		fixed[2] = open ? CMD_ACKNOWLEDGE : CMD_NONE;
	} else {
		fixed[1] = CMD_HISTORY; /* the household's history: history_screen.c */
	}
	for (int i = 0; i < 5; i++)
		if (fixed[i] != CMD_NONE && ui_command_key(CTX_CASE_FILE, fixed[i], names[k])) {
			pairs[n++] = names[k++];
			pairs[n++] = _(ui_command_label(fixed[i]));
		}
	for (int i = 0; i < st->n_allowed && k < 12; i++) {
		const struct case_allowed *a = &st->allowed[i];
		if (!ui_command_key(CTX_CASE_FILE, ui_command_named(a->command), names[k]))
			continue;
		pairs[n++] = names[k++];
		pairs[n++] = a->phrase[s->lang ? 1 : 0];
	}
	pairs[n] = pairs[n + 1] = NULL;
	ui_key_bar(pairs);
	ui_cursor(-1, 0);
}

static void send_action(struct case_file_state *st, int action, const char *reason)
{
	db_new_request_id(st->request_id);
	struct db_query q;
	case_transition_query(&q, st->request_id, st->id,
			      atoi(case_file_get(&st->cf, "case", 0, "version")),
			      st->allowed[action].action, reason && *reason ? reason : NULL);
	ui_send(st->s, st->sc, Q_ACT, &q);
	db_query_free(&q);
	st->pending_action = action;
}

static enum ui_op act(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	struct case_file_state *st = sc->state;
	const struct case_allowed *a = allowed_for(st, cmd);
	if (!a) {
		session_say(s, ROLE_ERROR, _("Not yours to do at this stage."));
		return UI_REDRAW;
	}
	/* The approver decides with amount and start month (or a reason). */
	if (!strcmp(a->action, "approve") || !strcmp(a->action, "reject"))
		return ui_push(s, decide_screen_new(s, st->id, allowed_action(st, "approve"),
						    allowed_action(st, "reject"),
						    !strcmp(a->action, "reject")));
	int action = (int)(a - st->allowed);
	if (a->reason_required) {
		char question[256];
		snprintf(question, sizeof question, _("%s - reason:"), a->phrase[s->lang ? 1 : 0]);
		st->pending_action = action;
		return ui_ask(s, sc, ASK_REASON, question);
	}
	send_action(st, action, NULL);
	return UI_REDRAW;
}

/* Asks the note for the first difference still open. */
static enum ui_op acknowledge(struct ui_screen *sc, struct session *s)
{
	struct case_file_state *st = sc->state;
	int pos = case_file_open_difference(&st->cf);
	if (!pos) {
		session_say(s, ROLE_INFO, _("No flagged difference waits for a note."));
		return UI_REDRAW;
	}
	st->ack_pos = pos;
	/* Its lines on screen while the note is typed. */
	int flag = -1;
	for (int i = 0, seen = 0; i < st->view.n; i++)
		if (st->view.lines[i].kind == CFL_FLAG && ++seen == pos) {
			flag = i;
			break;
		}
	if (flag >= 0)
		scroll_to(st, flag);
	char question[256];
	snprintf(question, sizeof question, _("Difference %d (%s) - note:"), pos,
		 case_file_get(&st->cf, "difference", pos, "found"));
	return ui_ask(s, sc, ASK_NOTE, question);
}

static enum ui_op answer(struct ui_screen *sc, struct session *s, int tag, const char *text)
{
	(void)s;
	struct case_file_state *st = sc->state;
	if (tag == ASK_REASON && text && st->pending_action >= 0) {
		send_action(st, st->pending_action, text);
	} else if (tag == ASK_NOTE && text && st->ack_pos > 0) {
		db_new_request_id(st->request_id);
		struct db_query q;
		verification_acknowledge_query(
			&q, st->request_id, atoll(case_file_get(&st->cf, "report", -1, "id")),
			case_file_get(&st->cf, "difference", st->ack_pos, "flag"), text);
		ui_send(s, sc, Q_ACK, &q);
		db_query_free(&q);
	} else {
		st->pending_action = -1;
	}
	return UI_REDRAW;
}

/* A stored document (the decision notice, the report) to print. */
static void send_document(struct case_file_state *st, int tag)
{
	struct db_query q;
	case_document_query(&q, st->case_no, tag == Q_NOTICE ? "notice" : "report", 0);
	ui_send(st->s, st->sc, tag, &q);
	db_query_free(&q);
}

static enum ui_op on_document(struct case_file_state *st, struct ui_reply *reply)
{
	struct session *s = st->s;
	struct diag d = reply->d;
	char *text = NULL;
	bool notice = reply->tag == Q_NOTICE;
	if (reply->status != OD_OK ||
	    case_document_read(reply->result, st->case_no, notice ? "notice" : "report", &text,
			       &d) != OD_OK)
		return session_fail(s, _("Nothing to print"), d.text);
	char name[128];
	if (notice)
		snprintf(name, sizeof name, "%s", case_file_get(&st->cf, "decision", 0, "notice_no"));
	else
		snprintf(name, sizeof name, "%s-HD%s", st->case_no,
			 case_file_get(&st->cf, "report", -1, "version"));
	/* A notice was issued when it was decided: this is a reprint.  The
	 * report is printed as stored, each time in a file of its own. */
	enum ui_op op = ui_push(s, document_screen_new(s, notice ? DOC_NOTICE : DOC_REPORT, name,
						       text, notice));
	free(text);
	return op;
}

static enum ui_op result(struct ui_screen *sc, struct session *s, struct ui_reply *reply)
{
	struct case_file_state *st = sc->state;
	struct diag d = reply->d;
	if (reply->cancelled) {
		st->pending_action = -1;
		return st->loaded ? UI_REDRAW : UI_POP;
	}
	switch (reply->tag) {
	case Q_TRACE:
		if (reply->status == OD_OK)
			return UI_STAY; /* the case file follows */
		session_fail(s, _("Cannot read the case"), d.text);
		return st->loaded ? UI_REDRAW : UI_POP;
	case Q_FILE:
		if (reply->status != OD_OK) {
			session_fail(s, _("Cannot read the case"), d.text);
			return st->loaded ? UI_REDRAW : UI_POP;
		}
		case_file_read(reply->result, &st->cf);
		st->loaded = true;
		st->view_width = 0; /* laid out again when drawn */
		if (st->to_report) {
			st->to_report = false;
			case_file_view_build(&st->cf, ui_cols() - 1, &st->view);
			st->view_width = ui_cols();
			int flag = case_file_view_first(&st->view, 0, CFL_FLAG);
			if (flag >= 0)
				scroll_to(st, flag);
		}
		return UI_REDRAW;
	case Q_ACTIONS:
		free(st->allowed);
		st->allowed = NULL;
		st->n_allowed = 0;
		if (reply->status == OD_OK)
			case_actions_read(reply->result, &st->allowed, &st->n_allowed);
		return UI_REDRAW;
	case Q_ACT: {
		struct case_ref out;
		char phrase[96] = "";
		if (st->pending_action >= 0 && st->pending_action < st->n_allowed)
			snprintf(phrase, sizeof phrase, "%s",
				 st->allowed[st->pending_action].phrase[s->lang ? 1 : 0]);
		st->pending_action = -1;
		enum od_status rs = case_transition_read(s->db, reply->status, reply->result, &out, &d);
		if (rs != OD_OK && !strcmp(db_last_hint(s->db), "verification_blocked")) {
			/* Said from the case as read; the server decided it. */
			char why[512];
			case_file_view_blocked(&st->cf, why, sizeof why);
			load(st);
			session_say(s, ROLE_ERROR, "%s", why);
			return UI_REDRAW;
		}
		load(st);
		if (rs != OD_OK)
			return session_fail(s, _("Not done"), d.text);
		session_say(s, ROLE_INFO, _("%s: done; the case is now at %s."), phrase,
			    _(label_of(LABEL_STAGE, out.stage)));
		return UI_REDRAW;
	}
	case Q_REPORT:
		if (reply->status != OD_OK)
			return session_fail(s, _("No new report"), d.text);
		session_say(s, ROLE_INFO, _("Verification report version %s written."),
			    db_value(reply->result, 0, "version"));
		st->to_report = true;
		load(st);
		return UI_REDRAW;
	case Q_ACK:
		if (reply->status != OD_OK)
			return session_fail(s, _("Not acknowledged"), d.text);
		session_say(s, ROLE_INFO, _("Difference %d acknowledged; %s still open."), st->ack_pos,
			    db_value(reply->result, 0, "open"));
		st->ack_pos = 0;
		load(st);
		return UI_REDRAW;
	case Q_NOTICE:
	case Q_PRINT_REPORT:
		return on_document(st, reply);
	}
	return UI_STAY;
}

static enum ui_op command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	struct case_file_state *st = sc->state;
	if (!st->loaded)
		return UI_STAY;
	switch (cmd) {
	case CMD_REFRESH:
		load(st);
		return UI_STAY;
	case CMD_NEW_REPORT: {
		db_new_request_id(st->request_id);
		struct db_query q;
		verification_regenerate_query(&q, st->request_id, st->id);
		ui_send(s, sc, Q_REPORT, &q);
		db_query_free(&q);
		return UI_STAY;
	}
	case CMD_ACKNOWLEDGE:
		return acknowledge(sc, s);
	case CMD_HISTORY: /* the household's whole history: history_screen.c */
		return ui_push(s, history_screen_new(s, st->id, NULL));
	case CMD_PAYMENTS: /* what the case was paid: payments_screen.c */
		return ui_push(s, payments_screen_new(s, st->id, st->case_no));
	case CMD_PRINT:
		if (*case_file_get(&st->cf, "decision", 0, "notice_no"))
			send_document(st, Q_NOTICE);
		else if (*case_file_get(&st->cf, "report", -1, "version"))
			send_document(st, Q_PRINT_REPORT);
		else
			session_say(s, ROLE_INFO, _("Nothing to print yet: no report, no decision."));
		return UI_REDRAW;
	case CMD_ACT_PASS:
	case CMD_ACT_FAIL:
	case CMD_ACT_RETURN:
		return act(sc, s, cmd);
	default:
		return UI_STAY;
	}
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *k)
{
	struct case_file_state *st = sc->state;
	(void)s;
	if (k->kind != KEY_KIND_FUNC)
		return UI_STAY;
	int page = body_rows() - 1;
	switch (k->code) {
	case KEY_ESCAPE:
		return UI_POP;
	case KEY_DOWN:
		scroll_to(st, st->top + 1);
		break;
	case KEY_UP:
		scroll_to(st, st->top - 1);
		break;
	case KEY_NPAGE:
		scroll_to(st, st->top + page);
		break;
	case KEY_PPAGE:
		scroll_to(st, st->top - page);
		break;
	case KEY_HOME:
		scroll_to(st, 0);
		break;
	case KEY_END:
		scroll_to(st, st->view.n);
		break;
	case KEY_TAB:
		scroll_to(st, case_file_view_section(&st->view, st->top, 1));
		break;
	case KEY_BTAB:
		scroll_to(st, case_file_view_section(&st->view, st->top, -1));
		break;
	default:
		return UI_STAY;
	}
	return UI_REDRAW;
}

static enum ui_op reread(struct ui_screen *sc, struct session *s)
{
	(void)s;
	load(sc->state);
	return UI_STAY;
}

/* A case changed somewhere: what may be done here is asked again (a
 * change of this case shows in it), not the members' records, whose every
 * read leaves a trace; F5 reads the whole case again. */
static enum ui_op changed(struct ui_screen *sc, struct session *s)
{
	struct case_file_state *st = sc->state;
	struct db_query q;
	case_actions_query(&q, st->id);
	ui_send(s, sc, Q_ACTIONS, &q);
	db_query_free(&q);
	return UI_STAY;
}

static void destroy(struct ui_screen *sc)
{
	struct case_file_state *st = sc->state;
	case_file_clear(&st->cf);
	case_file_view_free(&st->view);
	free(st->allowed);
	free(st);
}

static const char *const case_file_help[] = {
	N_("Up, Down, PgUp, PgDn, Home, End: scroll"),
	N_("Tab, Shift-Tab: next or previous part (household, menu, report...)"),
	N_("Esc: back to the case"), NULL};

static const struct ui_screen_ops case_file_ops = {
	.name = "case_file",
	.ctx = CTX_CASE_FILE,
	.help = case_file_help,
	.draw = draw,
	.key = key,
	.command = command,
	.result = result,
	.notify = changed,
	.resume = reread,
	.answer = answer,
	.destroy = destroy,
};

struct ui_screen *case_file_screen_new(struct session *s, long long case_id, const char *case_no)
{
	struct case_file_state *st = xcalloc(1, sizeof *st);
	struct ui_screen *sc = ui_screen_new(&case_file_ops, st);
	st->s = s;
	st->sc = sc;
	st->id = case_id;
	snprintf(st->case_no, sizeof st->case_no, "%s", case_no);
	st->pending_action = -1;
	st->cf.form = s->household_form; /* the facts' codes in words */
	st->cf.lang = s->lang;
	s->status[0] = '\0';
	load(st);
	return sc;
}
