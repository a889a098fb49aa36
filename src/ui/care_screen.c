/* care_screen.c - three-colour care (三色预警) of the persons who receive
 * extreme-poverty support at home: each rated on living conditions, health
 * and care arrangement, red first, with the open and overdue items of their
 * problem list and the next deadline.  The colour reads as a letter too
 * (R, Y, G; - not rated yet).
 *
 * F2 rates the selected person: the three aspects (good, concern, danger),
 * a note, and the first item of the problem list with its person
 * responsible and deadline; the server gives the colour and says when a
 * rating needs a problem list.  Enter (F9) opens the person's problem list. */
#include "onedoor/i18n.h"
#include "onedoor/strbuf.h"
#include "onedoor/store_watch.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_screens.h"
#include "onedoor/ui_watch.h"
#include "onedoor/xalloc.h"

#include "curses_provider.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { Q_LIST = 1, Q_RATE };
enum { ASK_LIVING = 1, ASK_HEALTH, ASK_CARE, ASK_NOTE, ASK_PROBLEM, ASK_RESPONSIBLE,
       ASK_DEADLINE };

/* A rating being asked for, aspect by aspect. */
struct care_rating {
	long long person;
	const char *aspect[3]; /* living, health, care */
	char note[512], problem[512], responsible[192];
};

struct care_state {
	struct session *s;
	struct ui_screen *sc;
	struct watch_care *rows;
	int count;
	struct wt_table t;
	struct care_rating r;
};

static void reload(struct care_state *st)
{
	struct db_query q;
	watch_care_list_query(&q);
	ui_send(st->s, st->sc, Q_LIST, &q);
	db_query_free(&q);
}

static const struct watch_care *selected(const struct care_state *st)
{
	if (st->t.count == 0)
		return NULL;
	return &st->rows[st->t.rows[st->t.selected].index];
}

static void build(struct care_state *st)
{
	long long keep = wt_selected_id(&st->t);
	wt_clear_rows(&st->t);
	for (int i = 0; i < st->count; i++)
		watch_care_row(&st->rows[i], wt_add(&st->t));
	wt_keep(&st->t, keep);
}

/* Sends the rating asked for (deadline NULL: no problem item given). */
static void rate(struct care_state *st, const char *deadline)
{
	struct strbuf items = {0};
	strbuf_append(&items, "[");
	if (deadline) {
		strbuf_append(&items, "{\"item\": ");
		strbuf_append_json(&items, st->r.problem);
		strbuf_append(&items, ", \"responsible\": ");
		strbuf_append_json(&items, st->r.responsible);
		strbuf_append(&items, ", \"deadline\": ");
		strbuf_append_json(&items, deadline);
		strbuf_append(&items, "}");
	}
	strbuf_append(&items, "]");
	char rid[37];
	db_new_request_id(rid);
	struct db_query q;
	watch_care_rate_query(&q, rid, st->r.person, st->r.aspect[0], st->r.aspect[1],
			      st->r.aspect[2], st->r.note, strbuf_text(&items));
	ui_send(st->s, st->sc, Q_RATE, &q);
	db_query_free(&q);
	strbuf_free(&items);
	reload(st);
}

static enum ui_op result(struct ui_screen *sc, struct session *s, struct ui_reply *reply)
{
	struct care_state *st = sc->state;
	if (reply->cancelled)
		return UI_REDRAW;
	if (reply->tag == Q_RATE) {
		if (reply->status != OD_OK)
			return session_fail(s, _("Not rated"), reply->d.text);
		const char *colour = db_rows(reply->result) ? db_value(reply->result, 0, "colour") : "";
		session_say(s, ROLE_INFO, _("Rated %s."), watch_colour_letter(colour));
		return UI_REDRAW;
	}
	if (reply->status != OD_OK)
		return session_fail(s, _("Cannot read the care list"), reply->d.text);
	free(st->rows);
	watch_care_list_read(reply->result, &st->rows, &st->count);
	st->t.loaded = true;
	build(st);
	return UI_REDRAW;
}

static void draw(struct ui_screen *sc, struct session *s)
{
	struct care_state *st = sc->state;
	ui_clear();
	session_draw_frame(s, _("Three-colour care"));
	int n[4] = {0}; /* red, yellow, green, not rated */
	for (int i = 0; i < st->count; i++) {
		const char *c = st->rows[i].colour;
		n[strcmp(c, "red") == 0 ? 0 : strcmp(c, "yellow") == 0 ? 1 : strcmp(c, "green") == 0 ? 2 : 3]++;
	}
	char line[256];
	snprintf(line, sizeof line, _("%d persons supported at home: R %d, Y %d, G %d, not rated %d"),
		 st->count, n[0], n[1], n[2], n[3]);
	ui_text(1, 0, ui_cols(), ROLE_INFO, true, line);
	wt_draw(&st->t, 2, ui_rows() - 4);
	static const enum ui_command keys[] = {CMD_HELP, CMD_RATE, CMD_OPEN, CMD_REFRESH, CMD_NONE};
	ui_command_bar(CTX_CARE, keys);
	ui_cursor(-1, 0);
}

static enum ui_op open_problems(struct care_state *st)
{
	const struct watch_care *c = selected(st);
	if (!c)
		return UI_STAY;
	return ui_push(st->s, problems_screen_new(st->s, c->person_id, c->person_name));
}

static enum ui_op command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	struct care_state *st = sc->state;
	const struct watch_care *c = selected(st);
	switch (cmd) {
	case CMD_REFRESH:
		reload(st);
		session_say(s, ROLE_INFO, "%s", _("Refreshed."));
		return UI_REDRAW;
	case CMD_OPEN:
		return open_problems(st);
	case CMD_RATE:
		if (!c)
			return UI_STAY;
		memset(&st->r, 0, sizeof st->r);
		st->r.person = c->person_id;
		return ui_choose(s, sc, ASK_LIVING,
				 _("Living conditions: g good, c concern, d danger"), "gcd");
	default:
		return UI_STAY;
	}
}

static enum ui_op answer(struct ui_screen *sc, struct session *s, int tag, const char *text)
{
	struct care_state *st = sc->state;
	if (!text)
		return UI_REDRAW;
	switch (tag) {
	case ASK_LIVING:
		st->r.aspect[0] = watch_aspect_code(text[0]);
		return ui_choose(s, sc, ASK_HEALTH, _("Health: g good, c concern, d danger"), "gcd");
	case ASK_HEALTH:
		st->r.aspect[1] = watch_aspect_code(text[0]);
		return ui_choose(s, sc, ASK_CARE, _("Care arrangement: g good, c concern, d danger"),
				 "gcd");
	case ASK_CARE:
		st->r.aspect[2] = watch_aspect_code(text[0]);
		return ui_ask_optional(s, sc, ASK_NOTE, _("Note on the rating (optional):"), NULL);
	case ASK_NOTE:
		snprintf(st->r.note, sizeof st->r.note, "%s", text);
		return ui_ask_optional(s, sc, ASK_PROBLEM, _("A problem to put right (empty: none):"),
				       NULL);
	case ASK_PROBLEM:
		snprintf(st->r.problem, sizeof st->r.problem, "%s", text);
		if (!*text) {
			rate(st, NULL);
			return UI_REDRAW;
		}
		return ui_ask(s, sc, ASK_RESPONSIBLE, _("Person responsible:"));
	case ASK_RESPONSIBLE:
		snprintf(st->r.responsible, sizeof st->r.responsible, "%s", text);
		return ui_ask(s, sc, ASK_DEADLINE, _("Deadline (YYYY-MM-DD):"));
	case ASK_DEADLINE:
		rate(st, text);
		break;
	}
	return UI_REDRAW;
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *k)
{
	struct care_state *st = sc->state;
	if (k->kind == KEY_KIND_FUNC && k->code == KEY_ESCAPE)
		return UI_POP;
	if (k->kind == KEY_KIND_FUNC && (k->code == KEY_RETURN || k->code == KEY_ENTER))
		return open_problems(st);
	if (k->kind == KEY_KIND_CHAR && k->ch == '?' && !k->paste)
		return ui_push(s, help_screen_new(s, sc));
	wt_move(&st->t, k, ui_rows() - 6);
	return UI_REDRAW;
}

static enum ui_op reread(struct ui_screen *sc, struct session *s)
{
	(void)s;
	reload(sc->state);
	return UI_STAY;
}

static void destroy(struct ui_screen *sc)
{
	struct care_state *st = sc->state;
	free(st->rows);
	wt_free(&st->t);
	free(st);
}

static const char *const care_help[] = {
	N_("Up, Down, Page Up, Page Down: move in the list"), N_("Enter: the person's problem list"),
	N_("R red: any aspect in danger; Y yellow: any of concern; G green: all good"),
	N_("Esc: back"), NULL};

static const struct ui_screen_ops care_ops = {
	.name = "care",
	.ctx = CTX_CARE,
	.help = care_help,
	.draw = draw,
	.key = key,
	.command = command,
	.result = result,
	.answer = answer,
	.resume = reread,
	.destroy = destroy,
};

struct ui_screen *care_screen_new(struct session *s)
{
	struct care_state *st = xcalloc(1, sizeof *st);
	struct ui_screen *sc = ui_screen_new(&care_ops, st);
	st->s = s;
	st->sc = sc;
	watch_care_columns(&st->t);
	reload(st);
	return sc;
}
