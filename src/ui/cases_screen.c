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
#include "onedoor/labels.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_screens.h"
#include "onedoor/ui_views.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CASES_LIMIT 2000

/* The open stages, in order; the filter cycles through them. */
static const char *const stages[] = {"accept", "verify", "supervise", "approve", "file"};
#define STAGE_COUNT (int)(sizeof stages / sizeof stages[0])

enum { Q_LIST = 1 };
enum { ASK_FIND = 1 };

struct cases_state {
	struct session *s;
	struct ui_screen *sc;
	bool loaded;
	struct case_row *rows;
	int count;
	int *shown; /* indices of rows passing the filters */
	int shown_count;
	int selected, top;
	/* filters: -1 = all */
	int stage, light;
	char item[49], centre[33], find[128];
	bool mine;
	bool ended; /* the ended cases instead of the open ones */
};

static bool passes(const struct cases_state *cs, const struct case_row *r)
{
	struct cases_filter f = {
		.mine = cs->mine,
		.stage = cs->stage >= 0 ? stages[cs->stage] : NULL,
		.light = cs->light,
		.item = cs->item,
		.centre = cs->centre,
		.find = cs->find,
	};
	return cases_view_passes(&f, r);
}

static void apply_filters(struct cases_state *cs, long long keep_id)
{
	free(cs->shown);
	cs->shown = xcalloc((size_t)(cs->count ? cs->count : 1), sizeof *cs->shown);
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
	/* A clerk's cases are the centre's: saying so lets the server use the
	 * centre's index instead of filtering every case by row security. */
	const char *centre = strcmp(cs->s->staff.role_group, "clerk") == 0 ? cs->s->staff.centre_code
									     : NULL;
	struct db_query q;
	if (cs->ended)
		case_ended_query(&q, centre, CASES_LIMIT);
	else
		case_worklist_query(&q, centre, CASES_LIMIT);
	ui_send(cs->s, cs->sc, Q_LIST, &q);
	db_query_free(&q);
}

static enum ui_op result(struct ui_screen *sc, struct session *s, struct ui_reply *reply)
{
	struct cases_state *cs = sc->state;
	if (reply->cancelled) /* the loop has said so */
		return UI_REDRAW;
	if (reply->status != OD_OK)
		return session_fail(s, _("Cannot read the cases"), reply->d.text);
	long long keep = selected_id(cs);
	free(cs->rows);
	case_worklist_read(reply->result, &cs->rows, &cs->count);
	cs->loaded = true;
	apply_filters(cs, keep);
	return UI_REDRAW;
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

static void draw_row(const struct cases_state *cs, int row, const struct case_row *r, bool sel)
{
	struct cases_columns c = cases_view_columns(ui_cols());
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
	ui_text(row, x, c.stage + 1, role, true, _(label_of(LABEL_STAGE, r->stage))), x += c.stage + 1;
	ui_text(row, x, c.due + 1, role, true, r->next_due), x += c.due + 1;
	ui_text(row, x, ui_cols() - x, role, true, left);
}

static void draw(struct ui_screen *sc, struct session *s)
{
	(void)s;
	struct cases_state *cs = sc->state;
	ui_clear();
	session_draw_frame(cs->s, _("Cases"));
	char filters[512];
	snprintf(filters, sizeof filters, _("Showing %d of %d: %s, stage %s, light %s%s%s%s%s%s%s"),
		 cs->shown_count, cs->count, cs->mine ? _("mine") : _("all"),
		 cs->stage >= 0 ? _(label_of(LABEL_STAGE, stages[cs->stage])) : _("any"),
		 cs->light >= 0 ? light_letter((enum case_light)cs->light) : _("any"),
		 cs->item[0] ? _(", item ") : "", cs->item, cs->centre[0] ? _(", centre ") : "",
		 cs->centre, cs->find[0] ? _(", find ") : "", cs->find);
	ui_text(1, 0, ui_cols(), ROLE_INFO, true, filters);
	struct cases_columns c = cases_view_columns(ui_cols());
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
	if (cs->loaded && cs->shown_count == 0)
		ui_text(4, 0, ui_cols(), ROLE_NORMAL, true, _("No cases to show."));
	static const enum ui_command keys[] = {CMD_HELP,         CMD_FILTER_STAGE, CMD_FILTER_LIGHT,
					       CMD_FIND,         CMD_TOGGLE_MINE,  CMD_OPEN,
					       CMD_TOGGLE_ENDED, CMD_NONE};
	ui_command_bar(CTX_CASES, keys);
	ui_cursor(-1, 0);
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

static enum ui_op command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	struct cases_state *cs = sc->state;
	switch (cmd) {
	case CMD_REFRESH:
		reload(cs);
		session_say(s, ROLE_INFO, _("Cases refreshed."));
		return UI_REDRAW;
	case CMD_FILTER_STAGE:
		cs->stage = cs->stage + 1 < STAGE_COUNT ? cs->stage + 1 : -1;
		break;
	case CMD_FILTER_LIGHT:
		/* all -> red -> yellow -> green -> all: the urgent first. */
		cs->light = cs->light < 0 ? CASE_LIGHT_RED
			    : cs->light == CASE_LIGHT_GREEN ? -1
							    : cs->light - 1;
		break;
	case CMD_FILTER_ITEM:
		cycle_value(cs, cs->item, sizeof cs->item, false);
		break;
	case CMD_FILTER_CENTRE:
		cycle_value(cs, cs->centre, sizeof cs->centre, true);
		break;
	case CMD_FIND:
		return ui_ask(s, sc, ASK_FIND, _("Find (name, case number or item; Esc clears):"));
	case CMD_TOGGLE_MINE:
		cs->mine = !cs->mine;
		break;
	case CMD_TOGGLE_ENDED:
		/* Ended cases wait for nobody: all of them, any stage. */
		cs->ended = !cs->ended;
		cs->mine = false;
		cs->stage = cs->light = -1;
		cs->loaded = false;
		reload(cs);
		session_say(s, ROLE_INFO, cs->ended ? _("Ended cases (filed, refused, withdrawn); F11: the open ones.")
						   : _("Open cases."));
		return UI_REDRAW;
	case CMD_OPEN:
		return selected_id(cs) < 0 ? UI_STAY : ui_push(s, case_screen_new(s, selected_id(cs)));
	default:
		return UI_STAY;
	}
	apply_filters(cs, selected_id(cs));
	return UI_REDRAW;
}

static enum ui_op answer(struct ui_screen *sc, struct session *s, int tag, const char *text)
{
	(void)s;
	struct cases_state *cs = sc->state;
	if (tag == ASK_FIND)
		snprintf(cs->find, sizeof cs->find, "%s", text ? text : "");
	apply_filters(cs, selected_id(cs));
	return UI_REDRAW;
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *k)
{
	struct cases_state *cs = sc->state;
	if (k->kind == KEY_KIND_CHAR && k->ch == '?')
		return ui_push(s, help_screen_new(s, sc));
	if (k->kind != KEY_KIND_FUNC)
		return UI_STAY;
	int page = ui_rows() - 6, last = cs->shown_count ? cs->shown_count - 1 : 0;
	switch (k->code) {
	case KEY_ESCAPE:
		/* The home screen of a role stays; elsewhere Esc goes back. */
		return ui_depth(s) > 1 ? UI_POP : UI_STAY;
	case KEY_RETURN:
	case KEY_ENTER:
		return command(sc, s, CMD_OPEN);
	case KEY_DOWN:
		cs->selected += cs->selected < last;
		break;
	case KEY_UP:
		cs->selected -= cs->selected > 0;
		break;
	case KEY_NPAGE:
		cs->selected = cs->selected + page < last ? cs->selected + page : last;
		break;
	case KEY_PPAGE:
		cs->selected = cs->selected > page ? cs->selected - page : 0;
		break;
	case KEY_HOME:
		cs->selected = 0;
		break;
	case KEY_END:
		cs->selected = last;
		break;
	default:
		return UI_STAY;
	}
	return UI_REDRAW;
}

/* Back from a case (it may have moved), or someone changed one: read
 * again; the cursor stays on the case it was on. */
static enum ui_op reread(struct ui_screen *sc, struct session *s)
{
	(void)s;
	reload(sc->state);
	return UI_STAY;
}

static void destroy(struct ui_screen *sc)
{
	struct cases_state *cs = sc->state;
	free(cs->rows);
	free(cs->shown);
	free(cs);
}

static const char *const cases_help[] = {
	N_("Up, Down, PgUp, PgDn, Home, End: move   Enter: open the case"),
	N_("L: light, G green, Y yellow (due soon), R red (overdue)"), NULL};

static const struct ui_screen_ops cases_ops = {
	.name = "cases",
	.ctx = CTX_CASES,
	.help = cases_help,
	.draw = draw,
	.key = key,
	.command = command,
	.result = result,
	.notify = reread,
	.resume = reread,
	.answer = answer,
	.destroy = destroy,
};

struct ui_screen *cases_screen_new(struct session *s)
{
	struct cases_state *cs = xcalloc(1, sizeof *cs);
	struct ui_screen *sc = ui_screen_new(&cases_ops, cs);
	cs->s = s;
	cs->sc = sc;
	cs->stage = cs->light = -1;
	/* Auditors act on nothing, and a clerk follows up every case of the
	 * centre (row security limits them to it): both start with all.  The
	 * other roles start with what waits for them. */
	cs->mine = strcmp(s->staff.role_group, "auditor") != 0 &&
		   strcmp(s->staff.role_group, "admin") != 0 &&
		   strcmp(s->staff.role_group, "clerk") != 0;
	reload(cs);
	return sc;
}
