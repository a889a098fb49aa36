/* case_screen.c - one case: every running clock, the history of its stages,
 * the materials of its item, and the actions this person may take now.
 *
 * The server decides what is allowed; the screen offers only the actions
 * that fit the person's role and the case's stage, and asks for a reason
 * where the standard phrase needs one (refusing, returning, withdrawing).
 * A case changed by someone else since it was read is not overwritten:
 * the server refuses the stale version, the screen says who changed it and
 * shows the case as it is now. */
#include "curses_provider.h"
#include "onedoor/i18n.h"
#include "onedoor/labels.h"
#include "onedoor/receipt.h"
#include "onedoor/store_receipt.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_screens.h"
#include "onedoor/ui_views.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Statements: the case's three parts (CASE_PART_* + Q_PART), an action,
 * the receipt for a reprint. */
enum { Q_PART = 1, Q_ACTIONS = 10, Q_ACT, Q_RECEIPT };
enum { ASK_REASON = 1 };

struct case_state {
	struct session *s;
	struct ui_screen *sc;
	long long id;
	struct case_detail *detail; /* parts filled as they arrive */
	bool loaded;                /* the row part has come */
	int top; /* first timeline line shown */
	struct case_allowed *allowed; /* what this person may do now (server's) */
	int n_allowed;
	int pending_action;         /* index into allowed: sent or waiting for its reason; -1 none */
	bool conflict;              /* the last action met a change by someone else */
	char request_id[37];        /* of the action sent, kept for a resend */
};

/* What the server allows this person on this case now, behind cmd; NULL
 * when nothing (the rule is the server's: onedoor.case_actions). */
static const struct case_allowed *allowed_for(const struct case_state *cs, enum ui_command cmd)
{
	return case_view_allowed(cs->allowed, cs->n_allowed, cmd, NULL);
}

/* Reads the case again: its three parts and what may be done to it, in
 * one round trip, answered in order. */
static void load(struct case_state *cs)
{
	struct db_query q[CASE_PART_EVENTS - CASE_PART_ROW + 2];
	int tags[sizeof q / sizeof q[0]], n = 0;
	for (int part = CASE_PART_ROW; part <= CASE_PART_EVENTS; part++, n++) {
		case_detail_query(&q[n], (enum case_part)part, cs->id);
		tags[n] = Q_PART + part;
	}
	case_actions_query(&q[n], cs->id);
	tags[n++] = Q_ACTIONS;
	ui_send_together(cs->s, cs->sc, tags, q, n);
	for (int i = 0; i < n; i++)
		db_query_free(&q[i]);
}

static void draw_clocks(const struct case_state *cs, int *row)
{
	for (int i = 0; i < cs->detail->n_clocks && *row < ui_rows() - 8; i++) {
		const struct case_clock *c = &cs->detail->clocks[i];
		const char *what = strcmp(c->clock, "stage") == 0 ? _(label_of(LABEL_STAGE, c->label))
				   : strcmp(c->clock, "case") == 0 ? _("whole case")
								   : _(label_of(LABEL_CHECK, c->label));
		char line[256];
		snprintf(line, sizeof line, _("%s: since %s, due %s, %d working days left, %d used"),
			 what, c->started_on, c->due_on, c->days_left, c->elapsed);
		ui_text(*row, 0, 2, light_role(c->light), false, light_letter(c->light));
		ui_text(*row, 3, ui_cols() - 3, ROLE_NORMAL, true, line);
		(*row)++;
	}
}

static void draw(struct ui_screen *sc, struct session *s)
{
	struct case_state *cs = sc->state;
	ui_clear();
	const struct case_row *r = &cs->detail->row;
	session_draw_frame(s, _("Case"));
	if (!cs->loaded) {
		ui_text(1, 0, ui_cols(), ROLE_INFO, true, _("Reading the case..."));
		static const enum ui_command none[] = {CMD_HELP, CMD_NONE};
		ui_command_bar(CTX_CASE, none);
		ui_cursor(-1, 0);
		return;
	}
	char line[1024];
	const char *item_name = r->item_name;
	int it = s->catalogue ? catalogue_find_item(s->catalogue, r->item_code, strlen(r->item_code))
			      : -1;
	if (it >= 0 && s->lang)
		item_name = s->catalogue->items[it].name_en;
	snprintf(line, sizeof line, "%s  %s  %s", r->case_no, item_name, r->subject_name);
	ui_text(1, 0, ui_cols(), ROLE_HEADER, true, line);
	case_view_header(r, line, sizeof line);
	ui_text(2, 0, ui_cols(), ROLE_NORMAL, true, line);
	int row = 3;
	draw_clocks(cs, &row);
	ui_hline(row, 0, ui_cols());
	ui_text(row++, 2, str_width(_(" History ")), ROLE_HEADER, false, _(" History "));
	int history_rows = ui_rows() - 4 - row;
	const struct case_event *ev = cs->detail->events;
	for (int i = 0; i < history_rows && cs->top + i < cs->detail->n_events; i++) {
		const struct case_event *e = &ev[cs->top + i];
		snprintf(line, sizeof line, "%.16s %s %s(%s)%s%s%s", e->at,
			 s->lang && e->phrase_en[0] ? e->phrase_en : e->phrase, e->actor_name,
			 e->actor, e->reason[0] ? _(" reason: ") : "", e->reason,
			 e->late ? _(" [late]") : "");
		ui_text(row + i, 0, ui_cols(), e->late ? ROLE_ERROR : ROLE_NORMAL, true, line);
	}
	/* The item's materials, as the checklist at the window. */
	int materials_row = ui_rows() - 3;
	{
		if (it >= 0 && s->catalogue->items[it].n_materials > 0) {
			const struct cat_item *ci = &s->catalogue->items[it];
			char list[512] = "";
			size_t n = 0;
			for (int m = 0; m < ci->n_materials && n < sizeof list; m++)
				n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", m ? _(", ") : "",
						      ci->materials[m]);
			snprintf(line, sizeof line, _("Materials: %s"), list);
			ui_text(materials_row, 0, ui_cols(), ROLE_INFO, true, line);
		}
	}
	/* The key bar: help, print, and each action the server allows, under
	 * its standard phrase. */
	const char *pairs[2 * 14 + 2];
	char names[14][8];
	int n = 0, k = 0;
	static const enum ui_command fixed[] = {CMD_HELP, CMD_PRINT, CMD_CASE_FILE};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (ui_command_key(CTX_CASE, fixed[i], names[k])) {
			pairs[n++] = names[k++];
			pairs[n++] = _(ui_command_label(fixed[i]));
		}
	int offered[10];
	int n_offered = case_view_offered(cs->allowed, cs->n_allowed, offered, 10);
	for (int i = 0; i < n_offered; i++) {
		const struct case_allowed *a = &cs->allowed[offered[i]];
		ui_command_key(CTX_CASE, ui_command_named(a->command), names[k]);
		pairs[n++] = names[k++];
		pairs[n++] = a->phrase[s->lang ? 1 : 0];
	}
	pairs[n] = pairs[n + 1] = NULL;
	ui_key_bar(pairs);
	if (!cs->detail->found_in_worklist && !s->status[0])
		ui_status(ROLE_INFO, _("This case has ended; its history is kept."));
	ui_cursor(-1, 0);
}

/* Sends the action behind cmd, once its reason (when it needs one) is in. */
static void send_action(struct case_state *cs, int action, const char *reason)
{
	db_new_request_id(cs->request_id);
	struct db_query q;
	case_transition_query(&q, cs->request_id, cs->id, cs->detail->row.version,
			      cs->allowed[action].action, reason && *reason ? reason : NULL);
	ui_send(cs->s, cs->sc, Q_ACT, &q);
	db_query_free(&q);
	cs->pending_action = action;
}

static enum ui_op act(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	struct case_state *cs = sc->state;
	const struct case_allowed *a = allowed_for(cs, cmd);
	if (!a) {
		session_say(s, ROLE_ERROR, _("Not yours to do at this stage."));
		return UI_REDRAW;
	}
	/* The approver decides with amount and start month (decide_screen.c). */
	if (!strcmp(a->action, "approve") || !strcmp(a->action, "reject"))
		return ui_push(s, decide_screen_new(
					  s, cs->id,
					  case_view_allowed(cs->allowed, cs->n_allowed, CMD_NONE, "approve"),
					  case_view_allowed(cs->allowed, cs->n_allowed, CMD_NONE, "reject"),
					  !strcmp(a->action, "reject")));
	int action = (int)(a - cs->allowed);
	if (a->reason_required) {
		char question[256];
		snprintf(question, sizeof question, _("%s - reason:"), a->phrase[s->lang ? 1 : 0]);
		cs->pending_action = action;
		return ui_ask(s, sc, ASK_REASON, question);
	}
	send_action(cs, action, NULL);
	return UI_REDRAW;
}

static enum ui_op answer(struct ui_screen *sc, struct session *s, int tag, const char *text)
{
	(void)s;
	struct case_state *cs = sc->state;
	if (tag == ASK_REASON && text && cs->pending_action >= 0)
		send_action(cs, cs->pending_action, text);
	else
		cs->pending_action = -1;
	return UI_REDRAW;
}

static enum ui_op on_acted(struct case_state *cs, struct ui_reply *reply)
{
	struct session *s = cs->s;
	struct diag d = reply->d;
	struct case_ref out;
	char phrase[96] = "";
	if (cs->pending_action >= 0 && cs->pending_action < cs->n_allowed)
		snprintf(phrase, sizeof phrase, "%s", cs->allowed[cs->pending_action].phrase[s->lang ? 1 : 0]);
	cs->pending_action = -1;
	enum od_status st = case_transition_read(s->db, reply->status, reply->result, &out, &d);
	load(cs); /* as it is now, whatever happened */
	if (st == OD_ERR_CONFLICT) {
		/* Who changed it is said when the history has come (below). */
		cs->conflict = true;
		return UI_REDRAW;
	}
	if (st != OD_OK)
		return session_fail(s, _("Not done"), d.text);
	session_say(s, ROLE_INFO, _("%s: done; the case is now at %s."), phrase,
		    _(label_of(LABEL_STAGE, out.stage)));
	return UI_REDRAW;
}

/* The applicant's receipt again: the receipt issued at this window, word
 * for word, marked as a reprint; when it was issued elsewhere, rebuilt from
 * the application's cases (without the amounts, which are estimated at the
 * window only) and marked the same way. */
static enum ui_op on_receipt(struct case_state *cs, struct ui_reply *reply)
{
	struct session *s = cs->s;
	struct application_receipt ar;
	struct diag d = reply->d;
	if (reply->status != OD_OK ||
	    store_application_receipt_read(reply->result, &ar, &d) != OD_OK)
		return session_fail(s, _("No receipt"), d.text);
	char *original = receipt_read(ar.application_no, s->cfg->receipt_dir);
	if (original) {
		enum ui_op op = ui_push(s, receipt_screen_text(s, ar.application_no, original, true));
		free(original);
		free(ar.cases);
		return op;
	}
	struct receipt_item items[64];
	int n = ar.n_cases < 64 ? ar.n_cases : 64;
	for (int i = 0; i < n; i++)
		items[i] = (struct receipt_item){.case_no = ar.cases[i].case_no,
						 .item_code = ar.cases[i].item_code,
						 .due_date = ar.cases[i].case_due};
	struct strbuf text = STRBUF_INIT;
	receipt_compose(s, ar.application_no, ar.applicant_name, ar.applicant_id, ar.accepted_by,
			ar.accepted_on, items, n, &text);
	enum ui_op op = ui_push(s, receipt_screen_text(s, ar.application_no, strbuf_text(&text),
						       true));
	strbuf_free(&text);
	free(ar.cases);
	return op;
}

static enum ui_op result(struct ui_screen *sc, struct session *s, struct ui_reply *reply)
{
	struct case_state *cs = sc->state;
	if (reply->cancelled) { /* the loop has said so */
		cs->pending_action = -1;
		return UI_REDRAW;
	}
	if (reply->tag == Q_ACT)
		return on_acted(cs, reply);
	if (reply->tag == Q_RECEIPT)
		return on_receipt(cs, reply);
	if (reply->tag == Q_ACTIONS) {
		/* None when it failed: the screen then offers nothing to do. */
		free(cs->allowed);
		cs->allowed = NULL;
		cs->n_allowed = 0;
		if (reply->status == OD_OK)
			case_actions_read(reply->result, &cs->allowed, &cs->n_allowed);
		return UI_REDRAW;
	}
	int part = reply->tag - Q_PART;
	struct diag d = reply->d;
	if (reply->status != OD_OK ||
	    case_detail_read(cs->detail, (enum case_part)part, reply->result, &d) != OD_OK) {
		session_fail(s, _("Cannot read the case"), d.text);
		return cs->loaded ? UI_REDRAW : UI_POP;
	}
	if (part == CASE_PART_ROW)
		cs->loaded = true;
	if (part == CASE_PART_EVENTS && cs->conflict) {
		cs->conflict = false;
		const struct case_event *last =
			cs->detail->n_events ? &cs->detail->events[cs->detail->n_events - 1] : NULL;
		session_say(s, ROLE_ERROR,
			    _("Changed meanwhile by %s (%s, %s); this is the case as it is now."),
			    last ? last->actor_name : "?", last ? last->phrase : "",
			    last ? last->at : "");
	}
	if (part == CASE_PART_EVENTS && cs->top >= cs->detail->n_events)
		cs->top = cs->detail->n_events ? cs->detail->n_events - 1 : 0;
	return UI_REDRAW;
}

static enum ui_op command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	struct case_state *cs = sc->state;
	if (!cs->loaded)
		return UI_STAY;
	switch (cmd) {
	case CMD_REFRESH:
		load(cs);
		return UI_STAY;
	case CMD_PRINT: {
		struct db_query q;
		store_application_receipt_query(&q, cs->id);
		ui_send(s, sc, Q_RECEIPT, &q);
		db_query_free(&q);
		return UI_STAY;
	}
	case CMD_CASE_FILE:
		return ui_push(s, case_file_screen_new(s, cs->id, cs->detail->row.case_no));
	case CMD_ACT_PASS:
	case CMD_ACT_FAIL:
	case CMD_ACT_RETURN:
	case CMD_ACT_WITHDRAW:
	case CMD_CHECK_PASS:
	case CMD_CHECK_FAIL:
		return act(sc, s, cmd);
	default:
		return UI_STAY;
	}
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *k)
{
	struct case_state *cs = sc->state;
	if (k->kind == KEY_KIND_CHAR && k->ch == '?')
		return ui_push(s, help_screen_new(s, sc));
	if (k->kind != KEY_KIND_FUNC)
		return UI_STAY;
	switch (k->code) {
	case KEY_ESCAPE:
		return UI_POP;
	case KEY_RETURN:
	case KEY_ENTER:
		return cs->loaded ? command(sc, s, CMD_CASE_FILE) : UI_STAY;
	case KEY_DOWN:
		if (cs->top + 1 < cs->detail->n_events)
			cs->top++;
		break;
	case KEY_UP:
		cs->top -= cs->top > 0;
		break;
	default:
		return UI_STAY;
	}
	return UI_REDRAW;
}

static enum ui_op notify(struct ui_screen *sc, struct session *s)
{
	(void)s;
	load(sc->state);
	return UI_STAY;
}

static void destroy(struct ui_screen *sc)
{
	struct case_state *cs = sc->state;
	case_detail_free(&cs->detail);
	free(cs->allowed);
	free(cs);
}

static const char *const case_help[] = {N_("Up, Down: scroll the history   Esc: back"), NULL};

static const struct ui_screen_ops case_ops = {
	.name = "case",
	.ctx = CTX_CASE,
	.help = case_help,
	.draw = draw,
	.key = key,
	.command = command,
	.result = result,
	.notify = notify,
	.resume = notify, /* back from the case seen whole or a decision */
	.answer = answer,
	.destroy = destroy,
};

struct ui_screen *case_screen_new(struct session *s, long long case_id)
{
	struct case_state *cs = xcalloc(1, sizeof *cs);
	struct ui_screen *sc = ui_screen_new(&case_ops, cs);
	cs->s = s;
	cs->sc = sc;
	cs->id = case_id;
	cs->pending_action = -1;
	cs->detail = xcalloc(1, sizeof *cs->detail);
	s->status[0] = '\0';
	load(cs);
	return sc;
}
