/* worklist_screen.c - the applications of the centre, newest first: the
 * clerk's home.  A registered application opens with Enter, back into its
 * form, the menu and acceptance; a form not yet submitted is resumed from
 * its draft. */
#include "curses_provider.h"
#include "onedoor/draft.h"
#include "onedoor/i18n.h"
#include "onedoor/labels.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_screens.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WORKLIST_LIMIT 500

enum { Q_LIST = 1 };

struct worklist_state {
	struct application_row *rows;
	int count;
	int selected, top;
	bool loaded;
};

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

static void draw(struct ui_screen *sc, struct session *s)
{
	struct worklist_state *st = sc->state;
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
			 _(label_of(LABEL_APP_STATUS, r->status)), r->created_at);
	}
	if (st->loaded && st->count == 0)
		ui_text(3, 0, ui_cols(), ROLE_NORMAL, true,
			_("No applications yet. Press F2 (or Ctrl-N) to register a household."));
	char ids[1][DRAFT_ID_SIZE];
	if (draft_list(ids, 1) > 0)
		ui_text(ui_rows() - 3, 0, ui_cols(), ROLE_INFO, true,
			_("A form was not submitted: F7 (Ctrl-O) resumes it."));
	static const enum ui_command keys[] = {CMD_HELP,    CMD_NEW_HOUSEHOLD, CMD_CASES,
					       CMD_RESUME_DRAFT, CMD_REFRESH, CMD_QUIT,
					       CMD_NONE};
	ui_command_bar(CTX_WORKLIST, keys);
	ui_cursor(-1, 0);
}

static void reload(struct ui_screen *sc, struct session *s)
{
	struct db_query q;
	store_applications_query(&q, s->staff.centre_code, WORKLIST_LIMIT);
	ui_send(s, sc, Q_LIST, &q);
	db_query_free(&q);
}

static enum ui_op result(struct ui_screen *sc, struct session *s, struct ui_reply *reply)
{
	struct worklist_state *st = sc->state;
	if (reply->cancelled) /* the loop has said so */
		return UI_REDRAW;
	if (reply->status != OD_OK)
		return session_fail(s, _("Cannot read the worklist"), reply->d.text);
	free(st->rows);
	store_applications_read(reply->result, &st->rows, &st->count);
	st->loaded = true;
	if (st->selected >= st->count)
		st->selected = st->count ? st->count - 1 : 0;
	return UI_REDRAW;
}

/* Enter: a registered application back into its form; the others have
 * cases, which the case list shows. */
static enum ui_op open_selected(struct session *s, struct worklist_state *st)
{
	if (st->count == 0)
		return UI_STAY;
	const struct application_row *r = &st->rows[st->selected];
	if (strcmp(r->status, "registered") != 0) {
		session_say(s, ROLE_INFO, _("Application %s is %s: its cases are on the case list (F3)."),
			    r->application_no, _(label_of(LABEL_APP_STATUS, r->status)));
		return UI_REDRAW;
	}
	return ui_push(s, household_screen_new(s, NULL, r->application_no, r->household_no));
}

static enum ui_op command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	struct worklist_state *st = sc->state;
	char ids[1][DRAFT_ID_SIZE];
	switch (cmd) {
	case CMD_NEW_HOUSEHOLD:
		return ui_push(s, household_screen_new(s, NULL, NULL, NULL));
	case CMD_RESUME_DRAFT:
		if (draft_list(ids, 1) == 0) {
			session_say(s, ROLE_INFO, _("There is no draft to resume."));
			return UI_REDRAW;
		}
		return ui_push(s, household_screen_new(s, ids[0], NULL, NULL));
	case CMD_REFRESH:
		reload(sc, s);
		session_say(s, ROLE_INFO, _("Worklist refreshed."));
		return UI_REDRAW;
	case CMD_CASES:
		return ui_push(s, cases_screen_new(s));
	case CMD_STATUS_LOOKUP:
		return ui_push(s, status_screen_new(s));
	case CMD_POLICY_LIST:
		return ui_push(s, policy_screen_new(s));
	case CMD_OPEN:
		return open_selected(s, st);
	default:
		return UI_STAY;
	}
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *k)
{
	struct worklist_state *st = sc->state;
	if (k->kind == KEY_KIND_CHAR && k->ch == '?')
		return ui_push(s, help_screen_new(s, sc));
	if (k->kind != KEY_KIND_FUNC)
		return UI_STAY;
	int page = ui_rows() - 5;
	switch (k->code) {
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
		return open_selected(s, st);
	default:
		return UI_STAY;
	}
	return UI_REDRAW;
}

/* Back from a form or another list: what it did shows here. */
static enum ui_op resume(struct ui_screen *sc, struct session *s)
{
	struct worklist_state *st = sc->state;
	st->selected = 0;
	reload(sc, s);
	return UI_REDRAW;
}

static enum ui_op notify(struct ui_screen *sc, struct session *s)
{
	reload(sc, s);
	return UI_STAY;
}

static void destroy(struct ui_screen *sc)
{
	struct worklist_state *st = sc->state;
	free(st->rows);
	free(st);
}

static const char *const worklist_help[] = {
	N_("Up, Down, PgUp, PgDn: move in the list"),
	N_("Enter: open the application (a registered one goes back to its form)"), NULL};

static const struct ui_screen_ops worklist_ops = {
	.name = "applications",
	.ctx = CTX_WORKLIST,
	.help = worklist_help,
	.draw = draw,
	.key = key,
	.command = command,
	.result = result,
	.notify = notify,
	.resume = resume,
	.destroy = destroy,
};

struct ui_screen *worklist_screen_new(struct session *s)
{
	struct ui_screen *sc = ui_screen_new(&worklist_ops, xcalloc(1, sizeof(struct worklist_state)));
	reload(sc, s);
	return sc;
}
