/* cases_screen.c - the cases this person must act on, most urgent first.
 *
 * The light column shows colour and a letter (G/Y/R) so that it reads on a
 * monochrome terminal and with NO_COLOR.  The list follows the server:
 * every case change is NOTIFYed and arrives at the main loop's single wait
 * (the connection's socket is polled with the keyboard); the list reloads
 * and the cursor stays on the case it was on. */
#include "curses_provider.h"
#include "onedoor/case_store.h"
#include "onedoor/i18n.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_prompt.h"
#include "onedoor/ui_screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CASES_LIMIT 2000

static const char *const stages[] = {"accept", "verify", "supervise", "approve", "file"};
#define STAGE_COUNT (int)(sizeof stages / sizeof stages[0])

struct cases_state {
	struct session *s;
	struct case_row *rows;
	int count;
	int *shown; /* indices of rows passing the filters */
	int shown_count;
	int selected, top;
	/* filters: -1 = all */
	int stage, light;
	char item[49], centre[33], find[128];
	bool mine;
};

/* The role that acts on a case in `stage`, as the server's stage_group. */
static const char *stage_group(const char *stage)
{
	static const char *const groups[] = {"clerk", "verifier", "supervisor", "approver",
					     "supervisor"};
	for (int i = 0; i < STAGE_COUNT; i++)
		if (strcmp(stages[i], stage) == 0)
			return groups[i];
	return "";
}

const char *stage_label(const char *stage)
{
	/* Nouns, distinct from the verbs of actions elsewhere. */
	static const char *const labels[] = {N_("intake"), N_("verification"), N_("supervision"),
					     N_("approval"), N_("filing")};
	for (int i = 0; i < STAGE_COUNT; i++)
		if (strcmp(stages[i], stage) == 0)
			return _(labels[i]);
	return stage;
}

static bool mine(const struct cases_state *cs, const struct case_row *r)
{
	const char *group = cs->s->staff.role_group;
	if (strcmp(group, stage_group(r->stage)) == 0)
		return true;
	/* A running check (green channel materials, commitment post-check)
	 * is the verifier's too. */
	return strcmp(group, "verifier") == 0 && r->check_kind[0];
}

static bool passes(const struct cases_state *cs, const struct case_row *r)
{
	if (cs->mine && !mine(cs, r))
		return false;
	if (cs->stage >= 0 && strcmp(r->stage, stages[cs->stage]) != 0)
		return false;
	if (cs->light >= 0 && (int)r->light != cs->light)
		return false;
	if (cs->item[0] && strcmp(r->item_code, cs->item) != 0)
		return false;
	if (cs->centre[0] && strcmp(r->centre_code, cs->centre) != 0)
		return false;
	if (cs->find[0] && !strstr(r->subject_name, cs->find) && !strstr(r->case_no, cs->find) &&
	    !strstr(r->item_name, cs->find))
		return false;
	return true;
}

static void apply_filters(struct cases_state *cs, long long keep_id)
{
	free(cs->shown);
	cs->shown = calloc((size_t)(cs->count ? cs->count : 1), sizeof *cs->shown);
	cs->shown_count = 0;
	int keep = -1;
	for (int i = 0; i < cs->count; i++)
		if (passes(cs, &cs->rows[i])) {
			if (cs->rows[i].id == keep_id)
				keep = cs->shown_count;
			cs->shown[cs->shown_count++] = i;
		}
	if (keep >= 0)
		cs->selected = keep;
	if (cs->selected >= cs->shown_count)
		cs->selected = cs->shown_count ? cs->shown_count - 1 : 0;
}

static long long selected_id(const struct cases_state *cs)
{
	return cs->shown_count ? cs->rows[cs->shown[cs->selected]].id : -1;
}

static void reload(struct cases_state *cs)
{
	long long keep = selected_id(cs);
	struct diag d;
	free(cs->rows);
	cs->rows = NULL;
	cs->count = 0;
	/* A clerk's cases are the centre's: saying so lets the server use the
	 * centre's index instead of filtering every case by row security. */
	const char *centre = strcmp(cs->s->staff.role_group, "clerk") == 0 ? cs->s->staff.centre_code
									     : NULL;
	if (case_worklist(cs->s->db, centre, CASES_LIMIT, &cs->rows, &cs->count, &d) != OD_OK)
		session_say(cs->s, ROLE_ERROR, _("Cannot read the cases: %s"), d.text);
	apply_filters(cs, keep);
}

enum ui_role light_role(enum case_light l)
{
	switch (l) {
	case CASE_LIGHT_GREEN:
		return ROLE_LIGHT_GREEN;
	case CASE_LIGHT_YELLOW:
		return ROLE_LIGHT_YELLOW;
	case CASE_LIGHT_RED:
		return ROLE_LIGHT_RED;
	case CASE_LIGHT_NONE:
		break;
	}
	return ROLE_NORMAL;
}

const char *light_letter(enum case_light l)
{
	switch (l) {
	case CASE_LIGHT_GREEN:
		return "G";
	case CASE_LIGHT_YELLOW:
		return "Y";
	case CASE_LIGHT_RED:
		return "R";
	case CASE_LIGHT_NONE:
		break;
	}
	return " ";
}

struct columns {
	int no, name, item, stage, due, left;
};

static struct columns layout(void)
{
	struct columns c = {17, 10, 16, 8, 11, 6};
	int used = 2 + c.no + c.name + c.item + c.stage + c.due + c.left + 6;
	if (ui_cols() > used)
		c.item += ui_cols() - used;
	return c;
}

static void draw_row(const struct cases_state *cs, int row, const struct case_row *r, bool sel)
{
	struct columns c = layout();
	enum ui_role role = sel ? ROLE_SELECTED : ROLE_NORMAL;
	char left[16];
	snprintf(left, sizeof left, "%d", r->days_left);
	ui_text(row, 0, 2, light_role(r->light), false, light_letter(r->light));
	int x = 2;
	ui_text(row, x, 1, role, false, ""), x += 1;
	ui_text(row, x, c.no + 1, role, true, r->case_no), x += c.no + 1;
	ui_text(row, x, c.name + 1, role, true, r->subject_name), x += c.name + 1;
	const char *item_name = r->item_name;
	if (cs->s->catalogue && cs->s->lang) {
		int it = catalogue_find_item(cs->s->catalogue, r->item_code, strlen(r->item_code));
		if (it >= 0)
			item_name = cs->s->catalogue->items[it].name_en;
	}
	ui_text(row, x, c.item + 1, role, true, item_name), x += c.item + 1;
	ui_text(row, x, c.stage + 1, role, true, stage_label(r->stage)), x += c.stage + 1;
	ui_text(row, x, c.due + 1, role, true, r->next_due), x += c.due + 1;
	ui_text(row, x, ui_cols() - x, role, true, left);
}

static void draw(struct cases_state *cs)
{
	ui_clear();
	session_draw_frame(cs->s, _("Cases"));
	char filters[512];
	snprintf(filters, sizeof filters, _("Showing %d of %d: %s, stage %s, light %s%s%s%s%s%s%s"),
		 cs->shown_count, cs->count, cs->mine ? _("mine") : _("all"),
		 cs->stage >= 0 ? stage_label(stages[cs->stage]) : _("any"),
		 cs->light >= 0 ? light_letter((enum case_light)cs->light) : _("any"),
		 cs->item[0] ? _(", item ") : "", cs->item, cs->centre[0] ? _(", centre ") : "",
		 cs->centre, cs->find[0] ? _(", find ") : "", cs->find);
	ui_text(1, 0, ui_cols(), ROLE_INFO, true, filters);
	struct columns c = layout();
	int x = 3;
	ui_text(2, 0, 3, ROLE_HEADER, false, _("L"));
	ui_text(2, x, c.no + 1, ROLE_HEADER, true, _("Case")), x += c.no + 1;
	ui_text(2, x, c.name + 1, ROLE_HEADER, true, _("Applicant")), x += c.name + 1;
	ui_text(2, x, c.item + 1, ROLE_HEADER, true, _("Item")), x += c.item + 1;
	ui_text(2, x, c.stage + 1, ROLE_HEADER, true, _("Stage")), x += c.stage + 1;
	ui_text(2, x, c.due + 1, ROLE_HEADER, true, _("Due")), x += c.due + 1;
	ui_text(2, x, ui_cols() - x, ROLE_HEADER, true, _("Left"));
	ui_hline(3, 0, ui_cols());
	int visible = ui_rows() - 6;
	if (cs->selected < cs->top)
		cs->top = cs->selected;
	if (cs->selected >= cs->top + visible)
		cs->top = cs->selected - visible + 1;
	for (int i = 0; i < visible && cs->top + i < cs->shown_count; i++)
		draw_row(cs, 4 + i, &cs->rows[cs->shown[cs->top + i]], cs->top + i == cs->selected);
	if (cs->shown_count == 0)
		ui_text(4, 0, ui_cols(), ROLE_NORMAL, true, _("No cases to show."));
	static const enum ui_command keys[] = {CMD_HELP,         CMD_FILTER_STAGE, CMD_FILTER_LIGHT,
					       CMD_FIND,         CMD_TOGGLE_MINE,  CMD_OPEN,
					       CMD_NONE};
	ui_command_bar(CTX_CASES, keys);
	ui_cursor(-1, 0);
}

static void draw_state(void *state)
{
	draw(state);
}

/* Cycles a text filter through the values present in the list. */
static void cycle_value(struct cases_state *cs, char *filter, size_t size, bool centre)
{
	/* The smallest value greater than the current one; none: back to all. */
	const char *next = NULL;
	for (int i = 0; i < cs->count; i++) {
		const char *v = centre ? cs->rows[i].centre_code : cs->rows[i].item_code;
		if (strcmp(v, filter) > 0 && (!next || strcmp(v, next) < 0))
			next = v;
	}
	snprintf(filter, size, "%s", next ? next : "");
}

static void on_help(struct cases_state *cs)
{
	(void)cs;
	const char *extra[] = {_("Up, Down: move   Enter: open the case"),
			       _("L: light, G green, Y yellow (due soon), R red (overdue)"), NULL};
	ui_help_overlay(CTX_CASES, extra);
}

static void on_refresh(struct cases_state *cs)
{
	reload(cs);
	session_say(cs->s, ROLE_INFO, _("Cases refreshed."));
}

static void on_stage(struct cases_state *cs)
{
	cs->stage = cs->stage + 1 < STAGE_COUNT ? cs->stage + 1 : -1;
	apply_filters(cs, selected_id(cs));
}

static void on_light(struct cases_state *cs)
{
	/* all -> red -> yellow -> green -> all: the urgent first. */
	cs->light = cs->light < 0 ? CASE_LIGHT_RED : cs->light == CASE_LIGHT_GREEN ? -1 : cs->light - 1;
	apply_filters(cs, selected_id(cs));
}

static void on_item(struct cases_state *cs)
{
	cycle_value(cs, cs->item, sizeof cs->item, false);
	apply_filters(cs, selected_id(cs));
}

static void on_centre(struct cases_state *cs)
{
	cycle_value(cs, cs->centre, sizeof cs->centre, true);
	apply_filters(cs, selected_id(cs));
}

static void on_find(struct cases_state *cs)
{
	char text[128];
	if (ui_prompt(_("Find (name, case number or item; empty Enter clears):"), text, sizeof text))
		snprintf(cs->find, sizeof cs->find, "%s", text);
	else
		cs->find[0] = '\0';
	apply_filters(cs, selected_id(cs));
}

static void on_mine(struct cases_state *cs)
{
	cs->mine = !cs->mine;
	apply_filters(cs, selected_id(cs));
}

static void on_open(struct cases_state *cs)
{
	long long id = selected_id(cs);
	if (id < 0)
		return;
	case_screen_run(cs->s, id);
	reload(cs);
}

static void on_goto(struct cases_state *cs)
{
	ui_goto(cs->s, CTX_CASES);
	reload(cs);
}

static const struct {
	enum ui_command cmd;
	void (*run)(struct cases_state *cs);
} cases_handlers[] = {
	{CMD_GOTO, on_goto},
	{CMD_HELP, on_help},	 {CMD_REFRESH, on_refresh}, {CMD_FILTER_STAGE, on_stage},
	{CMD_FILTER_LIGHT, on_light}, {CMD_FILTER_ITEM, on_item}, {CMD_FILTER_CENTRE, on_centre},
	{CMD_FIND, on_find},	 {CMD_TOGGLE_MINE, on_mine},  {CMD_OPEN, on_open},
};

void cases_screen_run(struct session *s)
{
	static struct cases_state cs;
	memset(&cs, 0, sizeof cs);
	cs.s = s;
	cs.stage = cs.light = -1;
	/* Auditors act on nothing, and a clerk follows up every case of the
	 * centre (row security limits them to it): both start with all.  The
	 * other roles start with what waits for them. */
	cs.mine = strcmp(s->staff.role_group, "auditor") != 0 &&
		  strcmp(s->staff.role_group, "admin") != 0 &&
		  strcmp(s->staff.role_group, "clerk") != 0;
	reload(&cs);
	for (;;) {
		struct ui_key key;
		enum session_turn turn = session_turn(s, draw_state, &cs, &key);
		if (turn == TURN_QUIT)
			break;
		if (turn == TURN_SERVER_CHANGED) {
			reload(&cs); /* someone changed a case; the cursor stays */
			continue;
		}
		enum ui_command cmd = ui_command_of(CTX_CASES, &key);
		if (cmd == CMD_QUIT || (key.kind == KEY_KIND_FUNC &&
					(key.code == KEY_ESCAPE || key.code == CTRL('c'))))
			break;
		if (key.kind == KEY_KIND_FUNC && (key.code == KEY_RETURN || key.code == KEY_ENTER))
			cmd = CMD_OPEN;
		if (key.kind == KEY_KIND_CHAR && key.ch == '?')
			cmd = CMD_HELP;
		for (size_t i = 0; i < sizeof cases_handlers / sizeof cases_handlers[0]; i++)
			if (cases_handlers[i].cmd == cmd)
				cases_handlers[i].run(&cs);
		if (key.kind == KEY_KIND_FUNC && key.code == KEY_DOWN &&
		    cs.selected + 1 < cs.shown_count)
			cs.selected++;
		if (key.kind == KEY_KIND_FUNC && key.code == KEY_UP && cs.selected > 0)
			cs.selected--;
		if (key.kind == KEY_KIND_FUNC && key.code == KEY_NPAGE)
			cs.selected = cs.selected + 10 < cs.shown_count ? cs.selected + 10
									: (cs.shown_count ? cs.shown_count - 1 : 0);
		if (key.kind == KEY_KIND_FUNC && key.code == KEY_PPAGE)
			cs.selected = cs.selected > 10 ? cs.selected - 10 : 0;
	}
	free(cs.rows);
	free(cs.shown);
	cs.rows = NULL;
	cs.shown = NULL;
}
