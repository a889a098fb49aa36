/* watch_figures_screen.c - for supervisors: per township, the open
 * warnings by age in working days and how many are red or yellow (table
 * 1), and the monitoring register by category with the visits due and
 * missed, the proposals waiting, and the care persons rated red and their
 * overdue problem items (table 2).  One statement gives both; Tab goes
 * from one to the other; read again every minute.  Counts only, nothing
 * traced: a hot standby may answer (ui_send_read). */
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

#define WF_REFRESH_MS 60000

enum { Q_FIGURES = 1 };

struct wf_state {
	struct session *s;
	struct ui_screen *sc;
	struct watch_figures *rows;
	int count;
	int which; /* 0 warnings, 1 monitoring and care */
	struct wt_table t;
};

static const char *const titles[] = {N_("Open warnings by township and age (working days)"),
				     N_("Monitoring register and care by township")};

static void reload(struct wf_state *st)
{
	struct db_query q;
	watch_figures_query(&q);
	ui_send_read(st->s, st->sc, Q_FIGURES, &q);
	db_query_free(&q);
}

static enum ui_op result(struct ui_screen *sc, struct session *s, struct ui_reply *reply)
{
	struct wf_state *st = sc->state;
	if (reply->cancelled)
		return UI_REDRAW;
	if (reply->status != OD_OK)
		return session_fail(s, _("Cannot read the figures"), reply->d.text);
	free(st->rows);
	watch_figures_read(reply->result, &st->rows, &st->count);
	watch_figures_table(st->rows, st->count, st->which, &st->t);
	st->t.loaded = true;
	wt_keep(&st->t, 0);
	return UI_REDRAW;
}

static void draw(struct ui_screen *sc, struct session *s)
{
	struct wf_state *st = sc->state;
	ui_clear();
	session_draw_frame(s, _("Warnings and monitoring figures"));
	char line[256];
	snprintf(line, sizeof line, "[%d/2] %s", st->which + 1, _(titles[st->which]));
	ui_text(1, 0, ui_cols(), ROLE_INFO, true, line);
	wt_draw(&st->t, 2, ui_rows() - 4);
	static const enum ui_command keys[] = {CMD_HELP, CMD_PREV_TABLE, CMD_NEXT_TABLE,
					       CMD_REFRESH, CMD_NONE};
	ui_command_bar(CTX_WATCH_FIGURES, keys);
	ui_cursor(-1, 0);
}

static void show(struct wf_state *st, int which)
{
	st->which = which;
	st->t.selected = st->t.top = 0;
	watch_figures_table(st->rows, st->count, st->which, &st->t);
}

static enum ui_op command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	struct wf_state *st = sc->state;
	switch (cmd) {
	case CMD_REFRESH:
		reload(st);
		session_say(s, ROLE_INFO, "%s", _("Refreshed."));
		return UI_REDRAW;
	case CMD_NEXT_TABLE:
	case CMD_PREV_TABLE:
		show(st, 1 - st->which);
		return UI_REDRAW;
	default:
		return UI_STAY;
	}
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *k)
{
	struct wf_state *st = sc->state;
	if (k->kind == KEY_KIND_FUNC && k->code == KEY_ESCAPE)
		return UI_POP;
	if (k->kind == KEY_KIND_CHAR && k->ch == '?' && !k->paste)
		return ui_push(s, help_screen_new(s, sc));
	if (k->kind == KEY_KIND_FUNC && (k->code == KEY_TAB || k->code == KEY_BTAB ||
					 k->code == KEY_LEFT || k->code == KEY_RIGHT))
		return command(sc, s, CMD_NEXT_TABLE);
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
	struct wf_state *st = sc->state;
	free(st->rows);
	wt_free(&st->t);
	free(st);
}

static const char *const figures_help[] = {N_("Tab, Right: next table; Left: previous table"),
					   N_("Up, Down, Page Up, Page Down: move in the table"),
					   N_("Esc: back"), NULL};

static const struct ui_screen_ops figures_ops = {
	.name = "watch_figures",
	.ctx = CTX_WATCH_FIGURES,
	.help = figures_help,
	.draw = draw,
	.key = key,
	.command = command,
	.result = result,
	.resume = reread,
	.tick = reread,
	.destroy = destroy,
};

struct ui_screen *watch_figures_screen_new(struct session *s)
{
	struct wf_state *st = xcalloc(1, sizeof *st);
	struct ui_screen *sc = ui_screen_new(&figures_ops, st);
	st->s = s;
	st->sc = sc;
	sc->tick_ms = WF_REFRESH_MS;
	watch_figures_table(NULL, 0, 0, &st->t);
	wt_clear_rows(&st->t);
	reload(st);
	return sc;
}
