/* register_screen.c - the monitoring register (监测预警库): households
 * watched, not forgotten - category 1 (hard-up, not yet eligible) and 2
 * (clearly not eligible, keep watching), each with its reason, the person
 * responsible and the day entered, and a visit due every quarter (一季度一
 * 访问) with a light like a case's, most urgent first.  F8 records a visit
 * (what was found); the server re-runs the menu on the facts it knows and
 * may propose an application or a move, shown under the list.  F6 moves
 * the household to the other category, F4 takes it off the register (an
 * application was opened, or another reason).
 *
 * A village coordinator sees their village's entries and records visits;
 * the centre and the county see theirs (row security).  What may be done
 * is the server's to say: a refusal is shown as it gives it. */
#include "onedoor/i18n.h"
#include "onedoor/labels.h"
#include "onedoor/store_watch.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_screens.h"
#include "onedoor/ui_watch.h"
#include "onedoor/xalloc.h"

#include "curses_provider.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MR_LIMIT 50 /* the most urgent, four pages; tests/bench/bench_monitoring.sh times this read */
#define MR_REFRESH_MS 60000

enum { Q_LIST = 1, Q_VISIT, Q_ACT };
enum { ASK_FINDINGS = 1, ASK_MOVE, ASK_LEAVE, ASK_WHY, ASK_APPLICATION };

struct mr_state {
	struct session *s;
	struct ui_screen *sc;
	struct watch_entry *rows;
	int count;
	struct wt_table t;
	long long acting; /* the entry the question is about */
};

/* A clerk reads their centre's entries, a coordinator their village's (the
 * register's indexes); supervisors what row security lets them see. */
static void reload(struct mr_state *st)
{
	const struct staff_info *me = &st->s->staff;
	bool clerk = strcmp(me->role_group, "clerk") == 0;
	struct db_query q;
	watch_register_query(&q, clerk ? me->centre_code : NULL, me->village, MR_LIMIT);
	ui_send(st->s, st->sc, Q_LIST, &q);
	db_query_free(&q);
}

static const struct watch_entry *selected(const struct mr_state *st)
{
	if (st->t.count == 0)
		return NULL;
	return &st->rows[st->t.rows[st->t.selected].index];
}

static const struct watch_entry *by_id(const struct mr_state *st, long long id)
{
	for (int i = 0; i < st->count; i++)
		if (st->rows[i].id == id)
			return &st->rows[i];
	return NULL;
}

static void build(struct mr_state *st)
{
	long long keep = wt_selected_id(&st->t);
	wt_clear_rows(&st->t);
	for (int i = 0; i < st->count; i++)
		watch_entry_row(&st->rows[i], wt_add(&st->t));
	wt_keep(&st->t, keep);
}

static void visit(struct mr_state *st, const struct watch_entry *e, const char *findings)
{
	char rid[37];
	db_new_request_id(rid);
	struct db_query q;
	watch_visit_query(&q, rid, e->id, e->version, findings, NULL, NULL);
	ui_send(st->s, st->sc, Q_VISIT, &q);
	db_query_free(&q);
	reload(st);
}

static void act(struct mr_state *st, const struct watch_entry *e, const char *action,
		int category, const char *note, const char *application_no)
{
	char rid[37];
	db_new_request_id(rid);
	struct db_query q;
	watch_entry_act_query(&q, rid, e->id, e->version, action, category, note, application_no);
	ui_send(st->s, st->sc, Q_ACT, &q);
	db_query_free(&q);
	reload(st);
}

static enum ui_op result(struct ui_screen *sc, struct session *s, struct ui_reply *reply)
{
	struct mr_state *st = sc->state;
	if (reply->cancelled)
		return UI_REDRAW;
	if (reply->tag == Q_VISIT || reply->tag == Q_ACT) {
		if (reply->status != OD_OK)
			return session_fail(s, _("Not done"), reply->d.text);
		if (reply->tag == Q_ACT) {
			session_say(s, ROLE_INFO, "%s", _("Done."));
			return UI_REDRAW;
		}
		struct watch_visit_result v;
		watch_visit_read(reply->result, &v);
		if (*v.proposal)
			session_say(s, ROLE_INFO, _("Visit recorded; next due %s. Proposed: %s"),
				    v.visit_due, _(label_of(LABEL_PROPOSAL, v.proposal)));
		else
			session_say(s, ROLE_INFO, _("Visit recorded; next due %s."), v.visit_due);
		return UI_REDRAW;
	}
	if (reply->status != OD_OK)
		return session_fail(s, _("Cannot read the register"), reply->d.text);
	free(st->rows);
	watch_register_read(reply->result, &st->rows, &st->count);
	st->t.loaded = true;
	build(st);
	return UI_REDRAW;
}

static void draw(struct ui_screen *sc, struct session *s)
{
	struct mr_state *st = sc->state;
	ui_clear();
	session_draw_frame(s, _("Monitoring register"));
	int cat[3] = {0}, red = 0, proposals = 0;
	for (int i = 0; i < st->count; i++) {
		cat[st->rows[i].category == 1 ? 1 : 2]++;
		red += st->rows[i].light == CASE_LIGHT_RED;
		proposals += *st->rows[i].proposal != '\0';
	}
	char line[256];
	snprintf(line, sizeof line,
		 _("%d%s households: %d in category 1, %d in category 2; %d visits missed, %d "
		   "proposals"),
		 st->count, st->count == MR_LIMIT ? "+" : "", cat[1], cat[2], red, proposals);
	ui_text(1, 0, ui_cols(), ROLE_INFO, true, line);
	int detail = 5, height = ui_rows() - 4 - detail - 1;
	wt_draw(&st->t, 2, height);
	ui_hline(2 + height, 0, ui_cols());
	const struct watch_entry *e = selected(st);
	if (e) {
		char items[512], text[2048];
		watch_item_names(s->catalogue, e->proposal_items, s->lang, items, sizeof items);
		watch_entry_detail(e, items, text, sizeof text);
		wt_draw_text(3 + height, detail, text);
	}
	/* A village coordinator visits; the centre also moves and takes off. */
	static const enum ui_command keys[] = {CMD_HELP,	   CMD_VISIT, CMD_MOVE_CATEGORY,
					       CMD_LEAVE_REGISTER, CMD_REFRESH, CMD_NONE};
	static const enum ui_command visitor[] = {CMD_HELP, CMD_VISIT, CMD_REFRESH, CMD_NONE};
	ui_command_bar(CTX_REGISTER,
		       strcmp(s->staff.role_group, "coordinator") == 0 ? visitor : keys);
	ui_cursor(-1, 0);
}

static enum ui_op command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	struct mr_state *st = sc->state;
	const struct watch_entry *e = selected(st);
	if (cmd == CMD_REFRESH) {
		reload(st);
		session_say(s, ROLE_INFO, "%s", _("Refreshed."));
		return UI_REDRAW;
	}
	if (!e)
		return UI_STAY;
	st->acting = e->id;
	char question[256];
	switch (cmd) {
	case CMD_VISIT:
		return ui_ask(s, sc, ASK_FINDINGS, _("What was found on the visit:"));
	case CMD_MOVE_CATEGORY:
		snprintf(question, sizeof question, _("Why does it move to category %d?"),
			 e->category == 1 ? 2 : 1);
		return ui_ask(s, sc, ASK_MOVE, question);
	case CMD_LEAVE_REGISTER:
		return ui_choose(s, sc, ASK_LEAVE,
				 _("Leave the register: a an application was opened, o another "
				   "reason"),
				 "ao");
	default:
		return UI_STAY;
	}
}

static enum ui_op answer(struct ui_screen *sc, struct session *s, int tag, const char *text)
{
	struct mr_state *st = sc->state;
	const struct watch_entry *e = by_id(st, st->acting);
	if (!text || !e)
		return UI_REDRAW;
	switch (tag) {
	case ASK_FINDINGS:
		visit(st, e, text);
		break;
	case ASK_MOVE:
		act(st, e, "move", e->category == 1 ? 2 : 1, text, NULL);
		break;
	case ASK_LEAVE:
		if (text[0] == 'a')
			return ui_ask(s, sc, ASK_APPLICATION, _("Application number:"));
		return ui_ask(s, sc, ASK_WHY, _("Why does it leave the register?"));
	case ASK_APPLICATION:
		act(st, e, "application", 0, NULL, text);
		break;
	case ASK_WHY:
		act(st, e, "leave", 0, text, NULL);
		break;
	}
	return UI_REDRAW;
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *k)
{
	struct mr_state *st = sc->state;
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
	struct mr_state *st = sc->state;
	free(st->rows);
	wt_free(&st->t);
	free(st);
}

static const char *const register_help[] = {
	N_("Up, Down, Page Up, Page Down: move in the register"),
	N_("The light is the quarterly visit: G on time, Y due within 5 working days, R missed"),
	N_("Esc: back"), NULL};

static const struct ui_screen_ops register_ops = {
	.name = "monitoring",
	.ctx = CTX_REGISTER,
	.help = register_help,
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

struct ui_screen *register_screen_new(struct session *s)
{
	struct mr_state *st = xcalloc(1, sizeof *st);
	struct ui_screen *sc = ui_screen_new(&register_ops, st);
	st->s = s;
	st->sc = sc;
	sc->tick_ms = MR_REFRESH_MS;
	watch_entry_columns(&st->t);
	reload(st);
	return sc;
}
