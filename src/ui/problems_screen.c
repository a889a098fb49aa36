/* problems_screen.c - one person's problem list (问题清单) of three-colour
 * care: each item with the person responsible, its deadline and a light
 * (yellow from 2 working days before the deadline, red after it), open
 * items first.  F8 closes the selected item with a note saying what was
 * done; F2 adds an item.  The list is closed item by item (限期整改). */
#include "onedoor/i18n.h"
#include "onedoor/store_watch.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_screens.h"
#include "onedoor/ui_watch.h"
#include "onedoor/xalloc.h"

#include "curses_provider.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { Q_LIST = 1, Q_CLOSE, Q_ADD };
enum { ASK_CLOSE = 1, ASK_ITEM, ASK_RESPONSIBLE, ASK_DEADLINE };

struct pl_state {
	struct session *s;
	struct ui_screen *sc;
	long long person;
	char name[192];
	struct watch_problem *rows;
	int count;
	struct wt_table t;
	long long acting;
	bool by_position; /* after a close: the next item takes the closed one's place */
	char item[512], responsible[192]; /* an item being added */
};

static void reload(struct pl_state *st)
{
	struct db_query q;
	watch_problems_query(&q, st->person);
	ui_send(st->s, st->sc, Q_LIST, &q);
	db_query_free(&q);
}

static const struct watch_problem *selected(const struct pl_state *st)
{
	if (st->t.count == 0)
		return NULL;
	return &st->rows[st->t.rows[st->t.selected].index];
}

static void build(struct pl_state *st)
{
	long long keep = st->by_position ? 0 : wt_selected_id(&st->t);
	st->by_position = false;
	wt_clear_rows(&st->t);
	for (int i = 0; i < st->count; i++)
		watch_problem_row(&st->rows[i], wt_add(&st->t));
	wt_keep(&st->t, keep);
}

static enum ui_op result(struct ui_screen *sc, struct session *s, struct ui_reply *reply)
{
	struct pl_state *st = sc->state;
	if (reply->cancelled)
		return UI_REDRAW;
	if (reply->tag == Q_CLOSE || reply->tag == Q_ADD) {
		if (reply->status != OD_OK)
			return session_fail(s, _("Not done"), reply->d.text);
		if (reply->tag == Q_CLOSE && db_rows(reply->result) > 0)
			session_say(s, ROLE_INFO, _("Item closed; %s still open."),
				    db_value(reply->result, 0, "open_left"));
		else
			session_say(s, ROLE_INFO, "%s", _("Done."));
		return UI_REDRAW;
	}
	if (reply->status != OD_OK)
		return session_fail(s, _("Cannot read the problem list"), reply->d.text);
	free(st->rows);
	watch_problems_read(reply->result, &st->rows, &st->count);
	st->t.loaded = true;
	build(st);
	return UI_REDRAW;
}

static void draw(struct ui_screen *sc, struct session *s)
{
	struct pl_state *st = sc->state;
	ui_clear();
	session_draw_frame(s, _("Problem list"));
	int open = 0, red = 0;
	for (int i = 0; i < st->count; i++) {
		open += !*st->rows[i].closed_on;
		red += st->rows[i].light == CASE_LIGHT_RED;
	}
	char line[384];
	snprintf(line, sizeof line, _("%s: %d items, %d open, %d overdue"), st->name, st->count,
		 open, red);
	ui_text(1, 0, ui_cols(), ROLE_INFO, true, line);
	wt_draw(&st->t, 2, ui_rows() - 4);
	static const enum ui_command keys[] = {CMD_HELP, CMD_ADD_PROBLEM, CMD_CLOSE_PROBLEM,
					       CMD_REFRESH, CMD_NONE};
	ui_command_bar(CTX_PROBLEMS, keys);
	ui_cursor(-1, 0);
}

static enum ui_op command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	struct pl_state *st = sc->state;
	const struct watch_problem *p = selected(st);
	switch (cmd) {
	case CMD_REFRESH:
		reload(st);
		session_say(s, ROLE_INFO, "%s", _("Refreshed."));
		return UI_REDRAW;
	case CMD_CLOSE_PROBLEM:
		if (!p)
			return UI_STAY;
		if (*p->closed_on) {
			session_say(s, ROLE_INFO, "%s", _("This item is closed already."));
			return UI_REDRAW;
		}
		st->acting = p->id;
		return ui_ask(s, sc, ASK_CLOSE, _("What was done (closing note):"));
	case CMD_ADD_PROBLEM:
		return ui_ask(s, sc, ASK_ITEM, _("The problem to put right:"));
	default:
		return UI_STAY;
	}
}

static enum ui_op answer(struct ui_screen *sc, struct session *s, int tag, const char *text)
{
	struct pl_state *st = sc->state;
	if (!text)
		return UI_REDRAW;
	char rid[37];
	struct db_query q;
	switch (tag) {
	case ASK_CLOSE:
		for (int i = 0; i < st->count; i++)
			if (st->rows[i].id == st->acting) {
				db_new_request_id(rid);
				watch_problem_close_query(&q, rid, st->acting, st->rows[i].version,
							  text);
				ui_send(s, sc, Q_CLOSE, &q);
				db_query_free(&q);
				st->by_position = true;
				reload(st);
			}
		break;
	case ASK_ITEM:
		snprintf(st->item, sizeof st->item, "%s", text);
		return ui_ask(s, sc, ASK_RESPONSIBLE, _("Person responsible:"));
	case ASK_RESPONSIBLE:
		snprintf(st->responsible, sizeof st->responsible, "%s", text);
		return ui_ask(s, sc, ASK_DEADLINE, _("Deadline (YYYY-MM-DD):"));
	case ASK_DEADLINE:
		db_new_request_id(rid);
		watch_problem_add_query(&q, rid, st->person, st->item, st->responsible, text);
		ui_send(s, sc, Q_ADD, &q);
		db_query_free(&q);
		reload(st);
		break;
	}
	return UI_REDRAW;
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *k)
{
	struct pl_state *st = sc->state;
	if (k->kind == KEY_KIND_FUNC && k->code == KEY_ESCAPE)
		return UI_POP;
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
	struct pl_state *st = sc->state;
	free(st->rows);
	wt_free(&st->t);
	free(st);
}

static const char *const problems_help[] = {
	N_("Up, Down, Page Up, Page Down: move in the list"),
	N_("The light is the deadline: Y within 2 working days, R past it"), N_("Esc: back"),
	NULL};

static const struct ui_screen_ops problems_ops = {
	.name = "problems",
	.ctx = CTX_PROBLEMS,
	.help = problems_help,
	.draw = draw,
	.key = key,
	.command = command,
	.result = result,
	.answer = answer,
	.resume = reread,
	.destroy = destroy,
};

struct ui_screen *problems_screen_new(struct session *s, long long person_id, const char *name)
{
	struct pl_state *st = xcalloc(1, sizeof *st);
	struct ui_screen *sc = ui_screen_new(&problems_ops, st);
	st->s = s;
	st->sc = sc;
	st->person = person_id;
	snprintf(st->name, sizeof st->name, "%s", name);
	watch_problem_columns(&st->t);
	reload(st);
	return sc;
}
