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
#include "onedoor/store_receipt.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_prompt.h"
#include "onedoor/ui_screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct case_state {
	struct session *s;
	long long id;
	struct case_detail *detail;
	int top; /* first timeline line shown */
};

/* The action behind each command for this person on this case, or -1. */
static int action_for(const struct case_state *cs, enum ui_command cmd)
{
	const char *group = cs->s->staff.role_group;
	const struct case_row *r = &cs->detail->row;
	const char *st = r->stage;
	bool is = strcmp(group, "clerk") == 0, verifier = strcmp(group, "verifier") == 0;
	bool supervisor = strcmp(group, "supervisor") == 0, approver = strcmp(group, "approver") == 0;
	bool open = cs->detail->found_in_worklist;
	if (!open)
		return -1;
	if (cmd == CMD_ACT_PASS) {
		if (is && !strcmp(st, "accept"))
			return CASE_ACCEPT;
		if (verifier && !strcmp(st, "verify"))
			return CASE_VERIFY_PASS;
		if (supervisor && !strcmp(st, "supervise"))
			return CASE_SUPERVISE_PASS;
		if (approver && !strcmp(st, "approve"))
			return CASE_APPROVE;
		if (supervisor && !strcmp(st, "file"))
			return CASE_FILE;
	} else if (cmd == CMD_ACT_FAIL) {
		if (is && !strcmp(st, "accept"))
			return CASE_REFUSE;
		if (verifier && !strcmp(st, "verify"))
			return CASE_VERIFY_FAIL;
		if (approver && !strcmp(st, "approve"))
			return CASE_REJECT;
	} else if (cmd == CMD_ACT_RETURN) {
		/* Back one stage, by whoever holds the current one. */
		if ((verifier && !strcmp(st, "verify")) ||
		    (supervisor && (!strcmp(st, "supervise") || !strcmp(st, "file"))) ||
		    (approver && !strcmp(st, "approve")))
			return CASE_RETURN;
	} else if (cmd == CMD_ACT_WITHDRAW) {
		return is ? CASE_WITHDRAW : -1;
	} else if (cmd == CMD_CHECK_PASS || cmd == CMD_CHECK_FAIL) {
		if (verifier && r->check_kind[0])
			return cmd == CMD_CHECK_PASS ? CASE_CHECK_PASS : CASE_CHECK_FAIL;
	}
	return -1;
}

/* The standard phrase of an action, as the case's history records it. */
static const char *phrase(int action)
{
	switch ((enum case_action)action) {
	case CASE_ACCEPT:
		return "同意受理";
	case CASE_REFUSE:
		return "不同意受理";
	case CASE_VERIFY_PASS:
	case CASE_CHECK_PASS:
		return "核对通过";
	case CASE_VERIFY_FAIL:
	case CASE_CHECK_FAIL:
		return "核对不通过";
	case CASE_SUPERVISE_PASS:
		return "督办通过";
	case CASE_APPROVE:
		return "同意救助";
	case CASE_REJECT:
		return "不同意救助";
	case CASE_FILE:
		return "备案";
	case CASE_RETURN:
		return "退回";
	case CASE_WITHDRAW:
		return "撤回申请";
	}
	return "";
}

static bool load(struct case_state *cs)
{
	struct diag d;
	case_detail_free(&cs->detail);
	if (case_detail_load(cs->s->db, cs->id, &cs->detail, &d) != OD_OK) {
		session_say(cs->s, ROLE_ERROR, _("Cannot read the case: %s"), d.text);
		return false;
	}
	return true;
}

static void draw_clocks(const struct case_state *cs, int *row)
{
	for (int i = 0; i < cs->detail->n_clocks && *row < ui_rows() - 8; i++) {
		const struct case_clock *c = &cs->detail->clocks[i];
		const char *what = strcmp(c->clock, "stage") == 0 ? stage_label(c->label)
				   : strcmp(c->clock, "case") == 0 ? _("whole case")
				   : strcmp(c->label, "materials") == 0 ? _("missing materials")
									: _("post-check");
		char line[256];
		snprintf(line, sizeof line, _("%s: since %s, due %s, %d working days left, %d used"),
			 what, c->started_on, c->due_on, c->days_left, c->elapsed);
		ui_text(*row, 0, 2, light_role(c->light), false, light_letter(c->light));
		ui_text(*row, 3, ui_cols() - 3, ROLE_NORMAL, true, line);
		(*row)++;
	}
}

static void draw(struct case_state *cs)
{
	ui_clear();
	const struct case_row *r = &cs->detail->row;
	session_draw_frame(cs->s, _("Case"));
	char line[1024];
	snprintf(line, sizeof line, "%s  %s  %s", r->case_no, r->item_name, r->subject_name);
	ui_text(1, 0, ui_cols(), ROLE_HEADER, true, line);
	snprintf(line, sizeof line, _("Stage: %s   Track: %s%s   Light: %s"), stage_label(r->stage),
		 r->track, r->provisional ? _(" (provisional)") : "", light_letter(r->light));
	ui_text(2, 0, ui_cols(), ROLE_NORMAL, true, line);
	int row = 3;
	draw_clocks(cs, &row);
	ui_hline(row, 0, ui_cols());
	ui_text(row++, 2, str_width(_(" History ")), ROLE_HEADER, false, _(" History "));
	int history_rows = ui_rows() - 4 - row;
	const struct case_event *ev = cs->detail->events;
	for (int i = 0; i < history_rows && cs->top + i < cs->detail->n_events; i++) {
		const struct case_event *e = &ev[cs->top + i];
		snprintf(line, sizeof line, "%.16s %s %s(%s)%s%s%s", e->at, e->phrase, e->actor_name,
			 e->actor, e->reason[0] ? _(" reason: ") : "", e->reason,
			 e->late ? _(" [late]") : "");
		ui_text(row + i, 0, ui_cols(), e->late ? ROLE_ERROR : ROLE_NORMAL, true, line);
	}
	/* The item's materials, as the checklist at the window. */
	int materials_row = ui_rows() - 3;
	if (cs->s->catalogue) {
		int it = catalogue_find_item(cs->s->catalogue, r->item_code, strlen(r->item_code));
		if (it >= 0) {
			const struct cat_item *ci = &cs->s->catalogue->items[it];
			char list[512] = "";
			size_t n = 0;
			for (int m = 0; m < ci->n_materials && n < sizeof list; m++)
				n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", m ? _(", ") : "",
						      ci->materials[m]);
			snprintf(line, sizeof line, _("Materials: %s"), list);
			ui_text(materials_row, 0, ui_cols(), ROLE_INFO, true, line);
		}
	}
	enum ui_command keys[10];
	int k = 0;
	keys[k++] = CMD_HELP;
	keys[k++] = CMD_PRINT;
	static const enum ui_command acts[] = {CMD_ACT_PASS,     CMD_ACT_FAIL,   CMD_ACT_RETURN,
					       CMD_ACT_WITHDRAW, CMD_CHECK_PASS, CMD_CHECK_FAIL};
	for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++)
		if (action_for(cs, acts[i]) >= 0)
			keys[k++] = acts[i];
	keys[k] = CMD_NONE;
	ui_command_bar(CTX_CASE, keys);
	/* The key bar says "Pass"; the status line says what it means here. */
	if (!cs->s->status[0] && action_for(cs, CMD_ACT_PASS) >= 0) {
		snprintf(line, sizeof line, _("F8: %s"), phrase(action_for(cs, CMD_ACT_PASS)));
		ui_status(ROLE_INFO, line);
	}
	ui_cursor(-1, 0);
}

static void draw_state(void *state)
{
	draw(state);
}

static void act(struct case_state *cs, enum ui_command cmd)
{
	int action = action_for(cs, cmd);
	if (action < 0) {
		session_say(cs->s, ROLE_ERROR, _("Not yours to do at this stage."));
		return;
	}
	char reason[256] = "";
	if (case_action_needs_reason((enum case_action)action)) {
		char question[128];
		snprintf(question, sizeof question, _("%s - reason:"), phrase(action));
		if (!ui_prompt(question, reason, sizeof reason))
			return;
	}
	char request[37];
	db_new_request_id(request);
	struct diag d;
	struct case_ref out;
	int version = cs->detail->row.version;
	enum od_status st = case_transition(cs->s->db, request, cs->id, version,
					    (enum case_action)action, reason[0] ? reason : NULL,
					    &out, &d);
	if (st == OD_ERR_CONFLICT) {
		load(cs);
		const struct case_event *last =
			cs->detail->n_events ? &cs->detail->events[cs->detail->n_events - 1] : NULL;
		session_say(cs->s, ROLE_ERROR,
			    _("Changed meanwhile by %s (%s, %s); this is the case as it is now."),
			    last ? last->actor_name : "?", last ? last->phrase : "",
			    last ? last->at : "");
		return;
	}
	if (st != OD_OK) {
		session_say(cs->s, ROLE_ERROR, _("Not done: %s"), d.text);
		return;
	}
	session_say(cs->s, ROLE_INFO, _("%s: done; the case is now at %s."), phrase(action),
		    stage_label(out.stage));
	load(cs);
}

/* The applicant's receipt again, rebuilt from the application's cases
 * (amounts are estimated at the window only, so a reprint leaves them out). */
static void reprint(struct case_state *cs)
{
	struct application_receipt ar;
	struct diag d;
	if (store_application_receipt(cs->s->db, cs->id, &ar, &d) != OD_OK) {
		session_say(cs->s, ROLE_ERROR, _("No receipt: %s"), d.text);
		return;
	}
	struct receipt_item items[64];
	int n = ar.n_cases < 64 ? ar.n_cases : 64;
	for (int i = 0; i < n; i++)
		items[i] = (struct receipt_item){.case_no = ar.cases[i].case_no,
						 .item_code = ar.cases[i].item_code,
						 .due_date = ar.cases[i].case_due};
	receipt_issue(cs->s, ar.application_no, ar.applicant_name, ar.applicant_id,
		      ar.accepted_by, ar.accepted_on, items, n);
	free(ar.cases);
}

static void on_help(struct case_state *cs)
{
	(void)cs;
	const char *extra[] = {_("Up, Down: scroll the history   Esc: back"), NULL};
	ui_help_overlay(CTX_CASE, extra);
}

void case_screen_run(struct session *s, long long case_id)
{
	struct case_state cs = {.s = s, .id = case_id};
	if (!load(&cs))
		return;
	s->status[0] = '\0';
	for (;;) {
		struct ui_key key;
		enum session_turn turn = session_turn(s, draw_state, &cs, &key);
		if (turn == TURN_QUIT)
			break;
		if (turn == TURN_SERVER_CHANGED) {
			load(&cs);
			continue;
		}
		if (key.kind == KEY_KIND_FUNC && (key.code == KEY_ESCAPE || key.code == CTRL('c')))
			break;
		enum ui_command cmd = ui_command_of(CTX_CASE, &key);
		if (cmd == CMD_QUIT)
			break;
		if (cmd == CMD_HELP || (key.kind == KEY_KIND_CHAR && key.ch == '?'))
			on_help(&cs);
		else if (cmd == CMD_REFRESH)
			load(&cs);
		else if (cmd == CMD_PRINT)
			reprint(&cs);
		else if (cmd != CMD_NONE)
			act(&cs, cmd);
		if (key.kind == KEY_KIND_FUNC && key.code == KEY_DOWN &&
		    cs.top + 1 < cs.detail->n_events)
			cs.top++;
		if (key.kind == KEY_KIND_FUNC && key.code == KEY_UP && cs.top > 0)
			cs.top--;
	}
	s->status[0] = '\0';
	case_detail_free(&cs.detail);
}
