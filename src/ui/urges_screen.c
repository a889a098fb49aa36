/* urges_screen.c - urging (催办) and reports to the discipline commission
 * (通报).
 *
 * Of one case (pushed from the case screen): its urges and 通报 so far, and
 * where the county's supervision window records a new one - an urge on a
 * yellow or red case to the stage's owner, a 通报 on a red case naming the
 * person held responsible.  The server decides who may, on which light,
 * and once a day (0016_accountability.sql); this screen only asks for the
 * note and says what the server answered.
 *
 * Every one the person may see (F12): what a stage's owner is urged about,
 * and the discipline commission's list of 通报; Enter opens the case. */
#include "curses_provider.h"
#include "onedoor/i18n.h"
#include "onedoor/labels.h"
#include "onedoor/store_accountability.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_screens.h"
#include "onedoor/ui_table.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { Q_LIST = 1, Q_RECORD };
enum { ASK_URGE_NOTE = 1, ASK_RESPONSIBLE, ASK_REPORT_NOTE };

struct urges_state {
	struct session *s;
	struct ui_screen *sc;
	long long case_id;   /* 0: every entry the person may see */
	bool reports_only;
	struct ui_table table;
	bool loaded;
	char responsible[64]; /* typed for the 通报 being recorded */
	char request_id[37];  /* of the entry being recorded; kept for a resend */
};

static void reload(struct urges_state *st)
{
	struct db_query q;
	urge_list_query(&q, st->case_id, st->reports_only);
	ui_send(st->s, st->sc, Q_LIST, &q);
	db_query_free(&q);
}

static void build(struct urges_state *st, const struct db_result *res)
{
	struct urge_row *rows = NULL;
	int n = 0;
	urge_list_read(res, &rows, &n);
	struct ui_table *t = &st->table;
	int selected = t->selected;
	if (st->case_id) {
		const char *heads[] = {_("Day"),	 _("Kind"), _("Stage"), _("Due"),
				       _("Responsible"), _("By"),   _("Note"),  _("State")};
		const int widths[] = {10, 6, 8, 10, 8, 8, 12, 8};
		ui_table_columns(t, 8, heads, widths, 6, -1);
	} else {
		const char *heads[] = {_("Day"),   _("Kind"),	    _("Case"), _("Name"),
				       _("Stage"), _("Responsible"), _("Note"), _("State")};
		const int widths[] = {10, 6, 14, 8, 8, 8, 9, 8};
		ui_table_columns(t, 8, heads, widths, 6, -1);
	}
	for (int i = 0; i < n; i++) {
		const struct urge_row *u = &rows[i];
		struct ui_table_row *r = ui_table_add(t);
		r->id = u->case_id;
		bool report = strcmp(u->kind, "report") == 0;
		const char *state = u->answered ? _("answered") : _("waiting");
		const char *kind = report ? _("report") : _("urge");
		const char *who = *u->responsible_name ? u->responsible_name : "-";
		const char *stage = _(label_of(LABEL_STAGE, u->stage));
		if (st->case_id) {
			const char *cells[] = {u->on_day, kind, stage, u->stage_due, who,
					       u->actor_name, u->note, state};
			for (int c = 0; c < 8; c++)
				ui_table_cell(r, c, "%s", cells[c]);
		} else {
			const char *cells[] = {u->on_day, kind,	 u->case_no, u->subject_name,
					       stage,	  who,	 u->note,    state};
			for (int c = 0; c < 8; c++)
				ui_table_cell(r, c, "%s", cells[c]);
		}
		r->role[1] = report ? ROLE_LIGHT_RED : ROLE_LIGHT_YELLOW;
	}
	t->selected = selected;
	free(rows);
}

static enum ui_op result(struct ui_screen *sc, struct session *s, struct ui_reply *reply)
{
	struct urges_state *st = sc->state;
	if (reply->cancelled)
		return UI_REDRAW;
	if (reply->tag == Q_RECORD) {
		if (reply->status != OD_OK)
			return session_fail(s, _("Not recorded"), reply->d.text);
		session_say(s, ROLE_INFO, _("Recorded in the case's history; the stage's owner sees it in their list."));
		reload(st);
		return UI_REDRAW;
	}
	st->loaded = true;
	if (reply->status != OD_OK)
		return session_fail(s, _("Cannot read the urges"), reply->d.text);
	build(st, reply->result);
	return UI_REDRAW;
}

static void draw(struct ui_screen *sc, struct session *s)
{
	struct urges_state *st = sc->state;
	ui_clear();
	session_draw_frame(s, st->case_id ? _("Urges and reports on this case")
					  : _("Urges and reports"));
	char line[256];
	if (!st->loaded)
		snprintf(line, sizeof line, "%s", _("Reading..."));
	else
		snprintf(line, sizeof line, "%s (%d)",
			 st->reports_only ? _("Reports to the discipline commission")
					  : _("Urges and reports, newest first"),
			 st->table.count);
	ui_text(1, 0, ui_cols(), ROLE_INFO, true, line);
	ui_table_draw(&st->table, 2, ui_rows() - 4);
	if (st->loaded && st->table.count == 0)
		ui_text(4, 0, ui_cols(), ROLE_INFO, true, _("Nothing to show."));
	static const enum ui_command case_keys[] = {CMD_HELP, CMD_URGE, CMD_REPORT, CMD_REFRESH,
						    CMD_NONE};
	static const enum ui_command list_keys[] = {CMD_HELP, CMD_FILTER_KIND, CMD_REFRESH,
						    CMD_OPEN, CMD_NONE};
	ui_command_bar(CTX_URGES, st->case_id ? case_keys : list_keys);
	ui_cursor(-1, 0);
}

static enum ui_op command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	struct urges_state *st = sc->state;
	const struct ui_table_row *r;
	switch (cmd) {
	case CMD_URGE:
		if (!st->case_id)
			return UI_STAY;
		return ui_ask(s, sc, ASK_URGE_NOTE, _("Urge: what is late and what is asked:"));
	case CMD_REPORT:
		if (!st->case_id)
			return UI_STAY;
		return ui_ask(s, sc, ASK_RESPONSIBLE,
			      _("Report: login of the person held responsible (empty: the unit):"));
	case CMD_FILTER_KIND:
		st->reports_only = !st->reports_only;
		reload(st);
		return UI_REDRAW;
	case CMD_REFRESH:
		reload(st);
		return UI_REDRAW;
	case CMD_OPEN:
		r = ui_table_selected(&st->table);
		if (!r || st->case_id)
			return UI_STAY;
		return ui_push(s, case_screen_new(s, r->id));
	default:
		return UI_STAY;
	}
}

static void record(struct urges_state *st, const char *kind, const char *note)
{
	struct db_query q;
	db_new_request_id(st->request_id);
	urge_record_query(&q, st->request_id, st->case_id, kind, note,
			  strcmp(kind, "report") == 0 ? st->responsible : NULL);
	ui_send(st->s, st->sc, Q_RECORD, &q);
	db_query_free(&q);
}

static enum ui_op answer(struct ui_screen *sc, struct session *s, int tag, const char *text)
{
	struct urges_state *st = sc->state;
	if (!text)
		return UI_REDRAW;
	switch (tag) {
	case ASK_URGE_NOTE:
		record(st, "urge", text);
		break;
	case ASK_RESPONSIBLE:
		snprintf(st->responsible, sizeof st->responsible, "%s", text);
		return ui_ask(s, sc, ASK_REPORT_NOTE, _("Report: what is overdue and why it is reported:"));
	case ASK_REPORT_NOTE:
		record(st, "report", text);
		break;
	}
	return UI_REDRAW;
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *k)
{
	struct urges_state *st = sc->state;
	enum ui_op op;
	if (k->kind == KEY_KIND_FUNC && (k->code == KEY_RETURN || k->code == KEY_ENTER))
		return command(sc, s, CMD_OPEN);
	return ui_table_key(s, sc, &st->table, k, 6, &op) ? op : UI_STAY;
}

static enum ui_op notify(struct ui_screen *sc, struct session *s)
{
	(void)s;
	reload(sc->state);
	return UI_STAY;
}

static enum ui_op resume(struct ui_screen *sc, struct session *s)
{
	(void)s;
	reload(sc->state);
	return UI_STAY;
}

static void destroy(struct ui_screen *sc)
{
	struct urges_state *st = sc->state;
	ui_table_free(&st->table);
	free(st);
}

static const char *const urges_help[] = {N_("Up, Down, Page Up, Page Down: move in the list"),
					 N_("Esc: back"), NULL};

static const struct ui_screen_ops urges_ops = {
	.name = "urges",
	.ctx = CTX_URGES,
	.help = urges_help,
	.draw = draw,
	.key = key,
	.command = command,
	.result = result,
	.answer = answer,
	.notify = notify,
	.resume = resume,
	.destroy = destroy,
};

struct ui_screen *urges_screen_new(struct session *s, long long case_id)
{
	struct urges_state *st = xcalloc(1, sizeof *st);
	struct ui_screen *sc = ui_screen_new(&urges_ops, st);
	st->s = s;
	st->sc = sc;
	st->case_id = case_id;
	st->table.bar_col = -1;
	/* The discipline commission's list is the 通报; F7 shows the urges too. */
	st->reports_only = case_id == 0 && strcmp(s->staff.role_group, "auditor") == 0;
	s->status[0] = '\0';
	reload(st);
	return sc;
}

struct ui_screen *urges_list_screen_new(struct session *s)
{
	return urges_screen_new(s, 0);
}
