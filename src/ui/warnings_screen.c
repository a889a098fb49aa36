/* warnings_screen.c - a department's warning queue (预警签收): the
 * proactive warnings found for households (high self-paid medical costs,
 * the death of a main labourer ...), most urgent first, each with its
 * explanation, its age and the light of its acknowledgement clock.  The
 * department acknowledges one (签收, F8) and records what came of it (F4):
 * contacted, an application opened, or not needed with the reason.
 *
 * Whose queue: the server's row security decides (a department's approvers
 * their department's, clerks their centre's, supervisors their county's),
 * and only the department may act; a refusal is shown as the server says
 * it.  The list is read again after every action and every minute, so that
 * lights move with the working-day calendar. */
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

#define WQ_LIMIT 50 /* the most urgent, four pages; tests/bench/bench_monitoring.sh times this read */
#define WQ_REFRESH_MS 60000

enum { Q_LIST = 1, Q_ACT };
enum { ASK_OUTCOME = 1, ASK_NOTE, ASK_APPLICATION, ASK_WHY };

struct wq_state {
	struct session *s;
	struct ui_screen *sc;
	struct watch_warning *rows;
	int count;
	struct wt_table t;
	const char *outcome; /* chosen at F4, until its note is typed */
	long long acting;    /* the warning the question is about */
};

/* A department's approver reads their department's queue, a clerk their
 * centre's (the indexes the server keeps for those); others what row
 * security lets them see. */
static void reload(struct wq_state *st)
{
	const struct staff_info *me = &st->s->staff;
	bool clerk = strcmp(me->role_group, "clerk") == 0;
	struct db_query q;
	watch_warnings_query(&q, me->department, clerk ? me->centre_code : NULL, WQ_LIMIT);
	ui_send(st->s, st->sc, Q_LIST, &q);
	db_query_free(&q);
}

static const struct watch_warning *selected(const struct wq_state *st)
{
	if (st->t.count == 0)
		return NULL;
	return &st->rows[st->t.rows[st->t.selected].index];
}

static const struct watch_warning *by_id(const struct wq_state *st, long long id)
{
	for (int i = 0; i < st->count; i++)
		if (st->rows[i].id == id)
			return &st->rows[i];
	return NULL;
}

static void build(struct wq_state *st)
{
	long long keep = wt_selected_id(&st->t);
	wt_clear_rows(&st->t);
	for (int i = 0; i < st->count; i++)
		watch_warning_row(&st->rows[i], st->s->lang, wt_add(&st->t));
	wt_keep(&st->t, keep);
}

/* Sends the action on warning w, then the list again. */
static void act(struct wq_state *st, const struct watch_warning *w, const char *action,
		const char *outcome, const char *note, const char *application_no)
{
	char rid[37];
	db_new_request_id(rid);
	struct db_query q;
	watch_warning_act_query(&q, rid, w->id, w->version, action, outcome, note,
				application_no);
	ui_send(st->s, st->sc, Q_ACT, &q);
	db_query_free(&q);
	reload(st);
}

static enum ui_op result(struct ui_screen *sc, struct session *s, struct ui_reply *reply)
{
	struct wq_state *st = sc->state;
	if (reply->cancelled)
		return UI_REDRAW;
	if (reply->tag == Q_ACT) {
		if (reply->status != OD_OK)
			return session_fail(s, _("Not done"), reply->d.text);
		session_say(s, ROLE_INFO, "%s", _("Done."));
		return UI_REDRAW;
	}
	if (reply->status != OD_OK)
		return session_fail(s, _("Cannot read the warnings"), reply->d.text);
	free(st->rows);
	watch_warnings_read(reply->result, &st->rows, &st->count);
	st->t.loaded = true;
	build(st);
	return UI_REDRAW;
}

static void draw(struct ui_screen *sc, struct session *s)
{
	struct wq_state *st = sc->state;
	ui_clear();
	session_draw_frame(s, _("Warning queue"));
	int open = 0, red = 0;
	for (int i = 0; i < st->count; i++) {
		open += strcmp(st->rows[i].state, "open") == 0;
		red += st->rows[i].light == CASE_LIGHT_RED;
	}
	char line[256];
	snprintf(line, sizeof line, _("%d%s warnings: %d to acknowledge, %d overdue"), st->count,
		 st->count == WQ_LIMIT ? "+" : "", open, red);
	ui_text(1, 0, ui_cols(), ROLE_INFO, true, line);
	int detail = 5, height = ui_rows() - 4 - detail - 1;
	wt_draw(&st->t, 2, height);
	ui_hline(2 + height, 0, ui_cols());
	const struct watch_warning *w = selected(st);
	if (w) {
		char text[1536];
		watch_warning_detail(w, s->lang, text, sizeof text);
		wt_draw_text(3 + height, detail, text);
	}
	static const enum ui_command keys[] = {CMD_HELP, CMD_ACK_WARNING, CMD_OUTCOME, CMD_REFRESH,
					       CMD_NONE};
	ui_command_bar(CTX_WARNINGS, keys);
	ui_cursor(-1, 0);
}

static enum ui_op command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	struct wq_state *st = sc->state;
	const struct watch_warning *w = selected(st);
	switch (cmd) {
	case CMD_REFRESH:
		reload(st);
		session_say(s, ROLE_INFO, "%s", _("Refreshed."));
		return UI_REDRAW;
	case CMD_ACK_WARNING:
		if (!w)
			return UI_STAY;
		act(st, w, "acknowledge", NULL, NULL, NULL);
		return UI_REDRAW;
	case CMD_OUTCOME:
		if (!w)
			return UI_STAY;
		st->acting = w->id;
		return ui_choose(s, sc, ASK_OUTCOME,
				 _("Outcome: c contacted, a application opened, x not needed"),
				 "cax");
	default:
		return UI_STAY;
	}
}

static enum ui_op answer(struct ui_screen *sc, struct session *s, int tag, const char *text)
{
	struct wq_state *st = sc->state;
	const struct watch_warning *w = by_id(st, st->acting);
	if (!text || !w)
		return UI_REDRAW;
	switch (tag) {
	case ASK_OUTCOME:
		st->outcome = watch_outcome_code(text[0]);
		if (!st->outcome)
			return UI_REDRAW;
		if (strcmp(st->outcome, "application") == 0)
			return ui_ask_optional(s, sc, ASK_APPLICATION,
					       _("Application number (empty: not known):"), NULL);
		if (strcmp(st->outcome, "not_needed") == 0)
			return ui_ask(s, sc, ASK_WHY, _("Why is no intervention needed?"));
		return ui_ask_optional(s, sc, ASK_NOTE, _("Note (what was said, optional):"), NULL);
	case ASK_APPLICATION:
		act(st, w, "close", st->outcome, NULL, text);
		break;
	case ASK_WHY:
	case ASK_NOTE:
		act(st, w, "close", st->outcome, text, NULL);
		break;
	}
	return UI_REDRAW;
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *k)
{
	struct wq_state *st = sc->state;
	if (k->kind == KEY_KIND_FUNC && k->code == KEY_ESCAPE)
		return UI_POP;
	if (k->kind == KEY_KIND_CHAR && k->ch == '?' && !k->paste)
		return ui_push(s, help_screen_new(s, sc));
	wt_move(&st->t, k, ui_rows() - 12);
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
	struct wq_state *st = sc->state;
	free(st->rows);
	wt_free(&st->t);
	free(st);
}

static const char *const warnings_help[] = {
	N_("Up, Down, Page Up, Page Down: move in the queue"),
	N_("The light is the acknowledgement clock: G on time, Y due today or soon, R overdue"),
	N_("Esc: back"), NULL};

static const struct ui_screen_ops warnings_ops = {
	.name = "warnings",
	.ctx = CTX_WARNINGS,
	.help = warnings_help,
	.draw = draw,
	.key = key,
	.command = command,
	.result = result,
	.answer = answer,
	.notify = reread,
	.resume = reread,
	.tick = reread,
	.destroy = destroy,
};

struct ui_screen *warnings_screen_new(struct session *s)
{
	struct wq_state *st = xcalloc(1, sizeof *st);
	struct ui_screen *sc = ui_screen_new(&warnings_ops, st);
	st->s = s;
	st->sc = sc;
	sc->tick_ms = WQ_REFRESH_MS;
	watch_warning_columns(&st->t);
	reload(st);
	return sc;
}
