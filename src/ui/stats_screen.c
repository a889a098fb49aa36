/* stats_screen.c - the statistics leaders follow (统计): persons and
 * households assisted and funds paid by month, department, township centre
 * and item; stage times against their limits; overdue cases, urges, 通报
 * and complaints per window and per department.
 *
 * Every figure is the server's (migrations 0017, 0041 and 0055), under the
 * reader's scope; the screen lays each table out with a bar per row and a
 * sparkline of the last twelve months, and exports the table shown as CSV.
 * One statement per table, sent when it is chosen or the period changes;
 * a read a hot standby may answer (ui_send_read): aggregates, no trace. */
#include "curses_provider.h"
#include "onedoor/bank_file.h"
#include "onedoor/chart.h"
#include "onedoor/civil_date.h"
#include "onedoor/i18n.h"
#include "onedoor/labels.h"
#include "onedoor/store_accountability.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_county_views.h"
#include "onedoor/ui_screens.h"
#include "onedoor/ui_table.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { Q_MONTHLY = 1, Q_TABLE = 10 };
enum { ASK_PERIOD = 1, ASK_EXPORT };

static const struct {
	const char *key, *title;
	enum stats_table table;
	const char *by;
} views[] = {
	{"assisted-month", N_("Persons and households assisted, by month"), STATS_ASSISTED, "month"},
	{"assisted-department", N_("Persons and households assisted, by department"), STATS_ASSISTED,
	 "department"},
	{"assisted-centre", N_("Persons and households assisted, by township"), STATS_ASSISTED,
	 "centre"},
	{"assisted-item", N_("Persons and households assisted, by item"), STATS_ASSISTED, "item"},
	{"funds-month", N_("Funds paid, by month"), STATS_FUNDS, "month"},
	{"funds-department", N_("Funds paid, by department"), STATS_FUNDS, "department"},
	{"funds-centre", N_("Funds paid, by township"), STATS_FUNDS, "centre"},
	{"funds-item", N_("Funds paid, by item"), STATS_FUNDS, "item"},
	{"stages", N_("Working days per stage against the limit"), STATS_STAGES, NULL},
	{"windows", N_("Overdue cases and complaints per window"), STATS_WINDOWS, NULL},
	{"departments", N_("Decisions and overdue cases per department"), STATS_DEPARTMENTS, NULL},
};
#define VIEW_COUNT (int)(sizeof views / sizeof views[0])

struct stats_state {
	struct session *s;
	struct ui_screen *sc;
	int view;
	char from[11], to[11];
	struct ui_table table;
	bool loaded;
	long long months[12];  /* households assisted, oldest first */
	char month_from[64], month_to[64];
	int n_months;
};

/* The shown table's statement, for its period. */
static void table_query(const struct stats_state *st, struct db_query *q)
{
	stats_query(q, views[st->view].table, views[st->view].by, st->from, st->to);
}

static void send_table(struct stats_state *st)
{
	struct db_query q;
	table_query(st, &q);
	ui_send_read(st->s, st->sc, Q_TABLE + st->view, &q);
	db_query_free(&q);
}

/* The monthly line and the table, in one round trip. */
static void send_all(struct stats_state *st)
{
	struct db_query q[2];
	const int tags[2] = {Q_MONTHLY, Q_TABLE + st->view};
	stats_query(&q[0], STATS_MONTHLY, NULL, NULL, st->to);
	table_query(st, &q[1]);
	ui_send_read_together(st->s, st->sc, tags, q, 2);
	db_query_free(&q[0]);
	db_query_free(&q[1]);
}

/* A row's name in words: the server's name in this language, a stage's
 * label, a month as it is, the total row "All". */
static const char *row_name(const struct stats_state *st, enum stats_table t,
			    const struct stats_row *r)
{
	if (!r->key[0])
		return _("All");
	if (t == STATS_STAGES)
		return _(label_of(LABEL_STAGE, r->key));
	const char *name = r->name[st->s->lang ? 1 : 0];
	return *name ? name : r->key;
}

static void yuan(const char *fen, char out[32])
{
	fen_format(strtoll(fen, NULL, 10), out);
}

/* The heading of a table's first column: what its rows are. */
static const char *first_heading(int view)
{
	static const struct {
		const char *by, *msgid;
	} heads[] = {{"month", N_("Month")},
		     {"department", N_("Department")},
		     {"centre", N_("Township")},
		     {"item", N_("Item")}};
	switch (views[view].table) {
	case STATS_STAGES:
		return _("Stage");
	case STATS_WINDOWS:
		return _("Centre");
	case STATS_DEPARTMENTS:
		return _("Department");
	case STATS_ASSISTED:
	case STATS_FUNDS:
	case STATS_MONTHLY:
		break;
	}
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		if (strcmp(views[view].by, heads[i].by) == 0)
			return _(heads[i].msgid);
	return "";
}

static void build(struct stats_state *st, const struct db_result *res)
{
	enum stats_table t = views[st->view].table;
	struct ui_table *tb = &st->table;
	struct stats_row *rows = NULL;
	int n = 0;
	stats_read(res, t, &rows, &n);
	const char *first = first_heading(st->view);
	switch (t) {
	case STATS_ASSISTED: {
		const char *heads[] = {first, _("Cases"), _("Households"), _("Persons"), ""};
		const int widths[] = {22, 8, 10, 8, 28};
		ui_table_columns(tb, 5, heads, widths, 4, 4);
		break;
	}
	case STATS_FUNDS: {
		const char *heads[] = {first, _("Recipients"), _("Paid, yuan"), _("Back pay, yuan"),
				       ""};
		const int widths[] = {22, 10, 14, 14, 16};
		ui_table_columns(tb, 5, heads, widths, 4, 4);
		break;
	}
	case STATS_STAGES: {
		const char *heads[] = {first,  _("Cases"), _("Median"), _("90% within"),
				       _("Limit"), _("Late"), ""};
		const int widths[] = {12, 7, 8, 10, 7, 7, 22};
		ui_table_columns(tb, 7, heads, widths, 6, 6);
		break;
	}
	case STATS_WINDOWS: {
		const char *heads[] = {first,	    _("Accepted"),   _("Red now"), _("Urged"),
				       _("Reported"), _("Complaints"), _("Late"),	   ""};
		const int widths[] = {20, 8, 8, 6, 6, 8, 6, 10};
		ui_table_columns(tb, 8, heads, widths, 0, 7);
		break;
	}
	case STATS_DEPARTMENTS: {
		const char *heads[] = {first,	   _("Filed"),	 _("Refused"), _("Red now"),
				       _("Urged"), _("Reported"), ""};
		const int widths[] = {18, 7, 7, 7, 6, 6, 22};
		ui_table_columns(tb, 7, heads, widths, 6, 6);
		break;
	}
	case STATS_MONTHLY:
		break;
	}
	tb->bar_max = stats_bar_max(t, rows, n);
	for (int i = 0; i < n; i++) {
		const struct stats_row *r = &rows[i];
		struct ui_table_row *row = ui_table_add(tb);
		row->bar = stats_bar_value(t, r);
		ui_table_cell(row, 0, "%s", row_name(st, t, r));
		char a[32], b[32];
		switch (t) {
		case STATS_FUNDS:
			yuan(r->fig[1], a);
			yuan(r->fig[2], b);
			ui_table_cell(row, 1, "%s", r->fig[0]);
			ui_table_cell(row, 2, "%s", a);
			ui_table_cell(row, 3, "%s", b);
			break;
		case STATS_STAGES:
			for (int f = 0; f < 5; f++)
				ui_table_cell(row, 1 + f, "%s", r->fig[f]);
			if (stats_stage_late(r))
				row->role[2] = ROLE_LIGHT_RED;
			if (atoll(r->fig[4]) > 0)
				row->role[5] = ROLE_LIGHT_RED;
			break;
		default:
			for (int f = 0; f < STATS_FIGURES && f + 1 < tb->ncols; f++)
				if (f + 1 != tb->bar_col)
					ui_table_cell(row, 1 + f, "%s", r->fig[f]);
			break;
		}
		if (t == STATS_WINDOWS || t == STATS_DEPARTMENTS) {
			int red = t == STATS_WINDOWS ? 2 : 3;
			if (atoll(row->cell[red]) > 0)
				row->role[red] = ROLE_LIGHT_RED;
		}
	}
	free(rows);
}

static void build_months(struct stats_state *st, const struct db_result *res)
{
	struct stats_row *rows = NULL;
	int n = 0;
	stats_read(res, STATS_MONTHLY, &rows, &n);
	st->n_months = n < 12 ? n : 12;
	for (int i = 0; i < st->n_months; i++)
		st->months[i] = atoll(rows[i].fig[1]);
	if (st->n_months > 0) {
		snprintf(st->month_from, sizeof st->month_from, "%s", rows[0].key);
		snprintf(st->month_to, sizeof st->month_to, "%s", rows[st->n_months - 1].key);
	}
	free(rows);
}

static enum ui_op result(struct ui_screen *sc, struct session *s, struct ui_reply *reply)
{
	struct stats_state *st = sc->state;
	if (reply->cancelled)
		return UI_REDRAW;
	if (reply->status == OD_ERR_DENIED) {
		st->loaded = true;
		session_say(s, ROLE_INFO, _("This table is not open to your role."));
		return UI_REDRAW;
	}
	if (reply->status != OD_OK)
		return session_fail(s, _("Cannot read the statistics"), reply->d.text);
	if (reply->tag == Q_MONTHLY) {
		build_months(st, reply->result);
		return UI_REDRAW;
	}
	if (reply->tag - Q_TABLE != st->view)
		return UI_STAY; /* a table no longer shown */
	int selected = st->table.selected;
	build(st, reply->result);
	st->table.selected = selected;
	st->loaded = true;
	return UI_REDRAW;
}

static void draw(struct ui_screen *sc, struct session *s)
{
	struct stats_state *st = sc->state;
	ui_clear();
	session_draw_frame(s, _("Statistics"));
	char line[512];
	snprintf(line, sizeof line, "[%d/%d] %s  %s %s - %s", st->view + 1, VIEW_COUNT,
		 st->loaded ? _(views[st->view].title) : _("Reading the table..."), _("Period"),
		 st->from, st->to);
	ui_text(1, 0, ui_cols(), ROLE_INFO, true, line);
	if (st->n_months > 0) {
		char spark[3 * 12 + 1];
		chart_sparkline(st->months, st->n_months, spark, sizeof spark);
		long long max = 0;
		for (int i = 0; i < st->n_months; i++)
			max = st->months[i] > max ? st->months[i] : max;
		snprintf(line, sizeof line, "%s %s..%s  %s  %s %lld, %s %lld",
			 _("Households assisted"), st->month_from, st->month_to, spark,
			 _("highest"), max, _("last"), st->months[st->n_months - 1]);
		ui_text(2, 0, ui_cols(), ROLE_NORMAL, true, line);
	}
	ui_table_draw(&st->table, 3, ui_rows() - 5);
	if (st->loaded && st->table.count == 0)
		ui_text(5, 0, ui_cols(), ROLE_INFO, true, _("Nothing to show."));
	static const enum ui_command keys[] = {CMD_HELP,   CMD_PREV_TABLE, CMD_NEXT_TABLE,
					       CMD_PERIOD, CMD_REFRESH,	   CMD_EXPORT,
					       CMD_NONE};
	ui_command_bar(CTX_STATS, keys);
	ui_cursor(-1, 0);
}

static void switch_view(struct stats_state *st, int view)
{
	st->view = (view + VIEW_COUNT) % VIEW_COUNT;
	st->loaded = false;
	ui_table_free(&st->table);
	st->s->status[0] = '\0';
	send_table(st);
}

static void export_to(struct stats_state *st, const char *path)
{
	struct strbuf csv = STRBUF_INIT;
	ui_table_csv(&st->table, &csv);
	ui_export_write(st->s, path, &csv, st->table.count);
	strbuf_free(&csv);
}

static enum ui_op command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	struct stats_state *st = sc->state;
	char path[1024];
	switch (cmd) {
	case CMD_NEXT_TABLE:
		switch_view(st, st->view + 1);
		break;
	case CMD_PREV_TABLE:
		switch_view(st, st->view - 1);
		break;
	case CMD_REFRESH:
		send_all(st);
		session_say(s, ROLE_INFO, _("Refreshed."));
		break;
	case CMD_PERIOD:
		return ui_ask(s, sc, ASK_PERIOD, _("Period (from to, YYYY-MM-DD YYYY-MM-DD):"));
	case CMD_EXPORT:
		if (!ui_export_path(s, "statistics", views[st->view].key, path, sizeof path))
			return ui_ask(s, sc, ASK_EXPORT, _("Export to file:"));
		export_to(st, path);
		break;
	default:
		return UI_STAY;
	}
	return UI_REDRAW;
}

static enum ui_op answer(struct ui_screen *sc, struct session *s, int tag, const char *text)
{
	struct stats_state *st = sc->state;
	if (!text)
		return UI_REDRAW;
	if (tag == ASK_EXPORT) {
		export_to(st, text);
	} else if (tag == ASK_PERIOD) {
		if (!period_parse(text, st->from, st->to)) {
			session_say(s, ROLE_ERROR,
				    _("Not a period: \"%s\"; type two days, the first not after "
				      "the second, as 2026-01-01 2026-03-31."),
				    text);
			return UI_REDRAW;
		}
		st->loaded = false;
		send_all(st);
	}
	return UI_REDRAW;
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *k)
{
	struct stats_state *st = sc->state;
	enum ui_op op;
	if (ui_table_key(s, sc, &st->table, k, 7, &op))
		return op;
	if (k->kind != KEY_KIND_FUNC)
		return UI_STAY;
	switch (k->code) {
	case KEY_TAB:
	case KEY_RIGHT:
		return command(sc, s, CMD_NEXT_TABLE);
	case KEY_BTAB:
	case KEY_LEFT:
		return command(sc, s, CMD_PREV_TABLE);
	default:
		return UI_STAY;
	}
}

static void destroy(struct ui_screen *sc)
{
	struct stats_state *st = sc->state;
	ui_table_free(&st->table);
	free(st);
}

static const char *const stats_help[] = {
	N_("Tab, Right: next table; Left: previous table"),
	N_("Up, Down, Page Up, Page Down: move in the table"), N_("Esc: back"), NULL};

static const struct ui_screen_ops stats_ops = {
	.name = "statistics",
	.ctx = CTX_STATS,
	.help = stats_help,
	.draw = draw,
	.key = key,
	.command = command,
	.result = result,
	.answer = answer,
	.destroy = destroy,
};

struct ui_screen *stats_screen_new(struct session *s)
{
	struct stats_state *st = xcalloc(1, sizeof *st);
	struct ui_screen *sc = ui_screen_new(&stats_ops, st);
	st->s = s;
	st->sc = sc;
	st->table.bar_col = -1;
	/* This year so far, by the server's date. */
	int32_t today = session_today(s);
	int y, m, d;
	cdate_to_ymd(today, &y, &m, &d);
	cdate_format(cdate_from_ymd(y, 1, 1), st->from);
	cdate_format(today, st->to);
	s->status[0] = '\0';
	send_all(st);
	return sc;
}
