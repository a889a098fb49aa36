/* worklist_screen.c - the applications this person may see, newest first. */
#include "curses_provider.h"
#include "onedoor/draft.h"
#include "onedoor/i18n.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_screens.h"

#include <stdlib.h>
#include <string.h>

#define WORKLIST_LIMIT 500

struct worklist_state {
	struct application_row *rows;
	int count;
	int selected, top;
};

static const char *status_label(const char *status)
{
	if (strcmp(status, "registered") == 0)
		return _("registered");
	if (strcmp(status, "accepted") == 0)
		return _("accepted");
	if (strcmp(status, "refused") == 0)
		return _("refused");
	if (strcmp(status, "withdrawn") == 0)
		return _("withdrawn");
	return status;
}

/* Column layout in display columns; fits 80 and grows the name column on
 * wider terminals. */
struct columns {
	int no, name, id, members, status, when;
};

static struct columns layout(void)
{
	struct columns c = {14, 10, 18, 4, 8, 16};
	int used = c.no + c.name + c.id + c.members + c.status + c.when + 6;
	if (ui_cols() > used)
		c.name += (ui_cols() - used) / 2;
	return c;
}

static void draw_row(int row, const struct columns *c, enum ui_role role, const char *no,
		     const char *name, const char *id, const char *members, const char *status,
		     const char *when)
{
	int x = 0;
	ui_text(row, x, c->no + 1, role, true, no), x += c->no + 1;
	ui_text(row, x, c->name + 1, role, true, name), x += c->name + 1;
	ui_text(row, x, c->id + 1, role, true, id), x += c->id + 1;
	ui_text(row, x, c->members + 1, role, true, members), x += c->members + 1;
	ui_text(row, x, c->status + 1, role, true, status), x += c->status + 1;
	ui_text(row, x, ui_cols() - x, role, true, when);
}

static void draw(struct session *s, struct worklist_state *st)
{
	ui_clear();
	session_draw_frame(s, _("Applications"));
	struct columns c = layout();
	draw_row(1, &c, ROLE_HEADER, _("Application"), _("Applicant"), _("Resident ID"),
		 _("Size"), _("Status"), _("Registered"));
	ui_hline(2, 0, ui_cols());
	int visible = ui_rows() - 5;
	if (st->selected < st->top)
		st->top = st->selected;
	if (st->selected >= st->top + visible)
		st->top = st->selected - visible + 1;
	for (int i = 0; i < visible && st->top + i < st->count; i++) {
		const struct application_row *r = &st->rows[st->top + i];
		char members[16];
		snprintf(members, sizeof members, "%d", r->member_count);
		draw_row(3 + i, &c, st->top + i == st->selected ? ROLE_SELECTED : ROLE_NORMAL,
			 r->application_no, r->applicant_name, r->applicant_id, members,
			 status_label(r->status), r->created_at);
	}
	if (st->count == 0)
		ui_text(3, 0, ui_cols(), ROLE_NORMAL, true,
			_("No applications yet. Press F2 (or Ctrl-N) to register a household."));
	char ids[1][DRAFT_ID_SIZE];
	bool drafts = draft_list(ids, 1) > 0;
	if (drafts)
		ui_text(ui_rows() - 3, 0, ui_cols(), ROLE_INFO, true,
			_("A form was not submitted: F7 (Ctrl-O) resumes it."));
	static const enum ui_command keys[] = {CMD_HELP,    CMD_NEW_HOUSEHOLD, CMD_CASES,
					       CMD_RESUME_DRAFT, CMD_REFRESH, CMD_QUIT,
					       CMD_NONE};
	ui_command_bar(CTX_WORKLIST, keys);
	ui_cursor(-1, 0);
}

static void reload(struct session *s, struct worklist_state *st)
{
	struct diag d;
	free(st->rows);
	st->rows = NULL;
	st->count = 0;
	if (store_list_applications(s->db, s->staff.centre_code, WORKLIST_LIMIT, &st->rows,
				    &st->count, &d) != OD_OK)
		session_say(s, ROLE_ERROR, _("Cannot read the worklist: %s"), d.text);
	if (st->selected >= st->count)
		st->selected = st->count ? st->count - 1 : 0;
}

static void on_help(struct session *s, struct worklist_state *st)
{
	(void)s;
	(void)st;
	const char *extra[] = {_("Up, Down: move in the list"), NULL};
	ui_help_overlay(CTX_WORKLIST, extra);
}

static void open_form(struct session *s, struct worklist_state *st, const char *resume_id)
{
	char app_no[64];
	if (household_screen_run(s, resume_id, app_no)) {
		reload(s, st);
		st->selected = 0;
	}
}

static void on_new_household(struct session *s, struct worklist_state *st)
{
	open_form(s, st, NULL);
}

static void on_resume_draft(struct session *s, struct worklist_state *st)
{
	char ids[1][DRAFT_ID_SIZE];
	if (draft_list(ids, 1) == 0)
		session_say(s, ROLE_INFO, _("There is no draft to resume."));
	else
		open_form(s, st, ids[0]);
}

static void on_refresh(struct session *s, struct worklist_state *st)
{
	reload(s, st);
	session_say(s, ROLE_INFO, _("Worklist refreshed."));
}

static void on_cases(struct session *s, struct worklist_state *st)
{
	cases_screen_run(s);
	reload(s, st);
}

static void on_status_lookup(struct session *s, struct worklist_state *st)
{
	(void)st;
	status_screen_run(s);
}

static void on_policy_list(struct session *s, struct worklist_state *st)
{
	(void)st;
	policy_screen_run(s);
}

static void on_goto(struct session *s, struct worklist_state *st)
{
	ui_goto(s, CTX_WORKLIST);
	reload(s, st);
}

static const struct {
	enum ui_command cmd;
	void (*run)(struct session *s, struct worklist_state *st);
} worklist_handlers[] = {
	{CMD_GOTO, on_goto},
	{CMD_STATUS_LOOKUP, on_status_lookup},
	{CMD_POLICY_LIST, on_policy_list},
	{CMD_CASES, on_cases},
	{CMD_HELP, on_help},
	{CMD_NEW_HOUSEHOLD, on_new_household},
	{CMD_RESUME_DRAFT, on_resume_draft},
	{CMD_REFRESH, on_refresh},
};

void worklist_screen_run(struct session *s)
{
	struct worklist_state st;
	memset(&st, 0, sizeof st);
	reload(s, &st);
	for (;;) {
		if (ui_too_small())
			ui_draw_too_small();
		else
			draw(s, &st);
		struct ui_key key = ui_wait_key(-1, -1);
		if (ui_quit_requested())
			break;
		enum ui_command cmd = ui_command_of(CTX_WORKLIST, &key);
		if (cmd == CMD_QUIT || (key.kind == KEY_KIND_FUNC && key.code == CTRL('c')))
			break;
		if (key.kind == KEY_KIND_CHAR && key.ch == '?')
			cmd = CMD_HELP;
		for (size_t i = 0; i < sizeof worklist_handlers / sizeof worklist_handlers[0]; i++)
			if (worklist_handlers[i].cmd == cmd)
				worklist_handlers[i].run(s, &st);
		if (key.kind == KEY_KIND_FUNC && key.code == KEY_DOWN && st.selected + 1 < st.count)
			st.selected++;
		if (key.kind == KEY_KIND_FUNC && key.code == KEY_UP && st.selected > 0)
			st.selected--;
	}
	free(st.rows);
}
