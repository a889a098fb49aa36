/* supervisor_screen.c - what a supervisor or leader watches: open cases by
 * stage and light per centre and per department, the open cases and the
 * overdue ones, performance per window and per department, and the
 * households eligible for items they do not receive.
 *
 * Every view is built into one generic table of text cells (with a colour
 * per cell and the case a row stands for), so drawing, moving, opening a
 * case and exporting CSV are written once.  Views are rebuilt when chosen,
 * on F5, after a case was opened, within a second of someone changing a
 * case (the session's LISTEN, at the loop's single wait), and every minute
 * so that lights change as the day goes on; the cursor stays where it
 * was.  Each view is one statement, sent to the loop; its answer builds
 * the table.  Every read here writes nothing and traces nothing, so it is
 * sent with ui_send_read: a hot standby may answer it (the urges and 通报
 * recorded from here are the urges screen's, on the primary). */
#include "curses_provider.h"
#include "onedoor/csv_line.h"
#include "onedoor/i18n.h"
#include "onedoor/labels.h"
#include "onedoor/store_screens.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_screens.h"
#include "onedoor/ui_table.h"
#include "onedoor/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SV_COLS 8
#define SV_CELL 192
#define SV_CASE_LIMIT 2000
#define SV_DISCOVERY_LIMIT 1000
#define SV_REFRESH_MS 60000 /* lights move with the date */
#define SV_SETTLE_MS 1000    /* at most one rebuild a second for changes */

struct sv_row {
	char cell[SV_COLS][SV_CELL];
	enum ui_role role[SV_COLS]; /* ROLE_NORMAL unless a light colours it */
	long long case_id;          /* 0: the row is not one case */
};

struct sv_table {
	int ncols;
	const char *head[SV_COLS];
	int width[SV_COLS]; /* display columns at 80 */
	int flex, flex2;    /* wider terminals: flex2 gets up to 12 more, flex the rest */
	struct sv_row *rows;
	int count, cap;
	bool truncated;     /* more rows exist than were read */
};

enum { Q_CENTRES = 1, Q_VIEW = 10 };
enum { ASK_EXPORT = 1 };

struct sv_state {
	struct session *s;
	struct ui_screen *sc;
	int view;
	struct sv_table table;
	int selected, top;
	struct screens_centre *centres;
	int n_centres;
	long long built_ms; /* when the table was last read */
	bool changed;       /* a case changed since then */
	bool loaded;        /* the first answer for this view came */
};

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *const stages[] = {"accept", "verify", "supervise", "approve", "file"};
#define STAGE_COUNT (int)(sizeof stages / sizeof stages[0])

static void table_reset(struct sv_table *t)
{
	free(t->rows);
	memset(t, 0, sizeof *t);
}

static void table_columns(struct sv_table *t, int flex, int flex2, const char *const *heads,
			  const int *widths, int n)
{
	t->ncols = n;
	t->flex = flex;
	t->flex2 = flex2;
	for (int i = 0; i < n; i++) {
		t->head[i] = heads[i];
		t->width[i] = widths[i];
	}
}

static struct sv_row *table_add(struct sv_table *t)
{
	if (t->count == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->rows = xreallocarray(t->rows, (size_t)t->cap, sizeof *t->rows);
	}
	struct sv_row *r = &t->rows[t->count++];
	memset(r, 0, sizeof *r);
	return r;
}

static void cell(struct sv_row *r, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void cell(struct sv_row *r, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->cell[col], sizeof r->cell[col], fmt, ap);
	va_end(ap);
}

static const char *centre_name(const struct sv_state *st, const char *code)
{
	for (int i = 0; i < st->n_centres; i++)
		if (strcmp(st->centres[i].code, code) == 0)
			return st->centres[i].name;
	return code;
}


/* Stage x light: one row per group and stage with cases, then a total. */
static void build_matrix(struct sv_state *st, const struct db_result *res, bool by_department)
{
	struct sv_table *t = &st->table;
	const char *heads[] = {by_department ? _("Department") : _("Centre"), _("Stage"),
			       _("G green"), _("Y yellow"), _("R red"), _("Total")};
	const int widths[] = {24, 10, 9, 9, 9, 9};
	table_columns(t, 0, -1, heads, widths, 6);
	struct screens_cell *cells = NULL;
	int n = 0;
	screens_matrix_read(res, &cells, &n);
	int total[4] = {0};
	for (int i = 0; i < n; i++) {
		if (i > 0 && strcmp(cells[i].group, cells[i - 1].group) == 0)
			continue; /* this group's rows are made at its first cell */
		for (int sg = 0; sg < STAGE_COUNT; sg++) {
			int count[4] = {0}; /* by enum case_light; [0] all */
			for (int j = i; j < n && strcmp(cells[j].group, cells[i].group) == 0; j++)
				if (strcmp(cells[j].stage, stages[sg]) == 0) {
					count[cells[j].light] += cells[j].cases;
					count[0] += cells[j].cases;
				}
			if (count[0] == 0)
				continue;
			struct sv_row *r = table_add(t);
			cell(r, 0, "%s",
			     by_department ? department_name(&st->s->departments, cells[i].group,
							     st->s->lang)
					   : cells[i].group_name);
			cell(r, 1, "%s", _(label_of(LABEL_STAGE, stages[sg])));
			static const enum ui_role roles[] = {ROLE_NORMAL, ROLE_LIGHT_GREEN,
							     ROLE_LIGHT_YELLOW, ROLE_LIGHT_RED};
			for (int l = CASE_LIGHT_GREEN; l <= CASE_LIGHT_RED; l++) {
				cell(r, 1 + l, "%d", count[l]);
				if (count[l] > 0)
					r->role[1 + l] = roles[l];
				total[l] += count[l];
			}
			cell(r, 5, "%d", count[0]);
			total[0] += count[0];
		}
	}
	free(cells);
	struct sv_row *r = table_add(t);
	cell(r, 0, "%s", _("All"));
	for (int l = CASE_LIGHT_GREEN; l <= CASE_LIGHT_RED; l++)
		cell(r, 1 + l, "%d", total[l]);
	cell(r, 5, "%d", total[0]);
}

static void build_matrix_centre(struct sv_state *st, const struct db_result *r)
{
	build_matrix(st, r, false);
}

static void build_matrix_department(struct sv_state *st, const struct db_result *r)
{
	build_matrix(st, r, true);
}

static int by_days_left(const void *a, const void *b)
{
	const struct case_row *x = a, *y = b;
	if (x->days_left != y->days_left)
		return x->days_left < y->days_left ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Open cases, most urgent first; only the red ones, most days overdue
 * first, when `overdue`. */
static void build_cases(struct sv_state *st, const struct db_result *res, bool overdue)
{
	struct sv_table *t = &st->table;
	const char *heads[] = {"", overdue ? _("Overdue") : _("Left"), _("Case"), _("Item"),
			       _("Stage"), _("Centre"), _("Due")};
	const int widths[] = {2, 7, 17, 16, 8, 12, 10};
	table_columns(t, 3, 5, heads, widths, 7);
	struct case_row *rows = NULL;
	int n = 0;
	case_worklist_read(res, &rows, &n);
	t->truncated = n == SV_CASE_LIMIT;
	if (overdue)
		qsort(rows, (size_t)n, sizeof *rows, by_days_left);
	for (int i = 0; i < n; i++) {
		const struct case_row *c = &rows[i];
		if (overdue && c->light != CASE_LIGHT_RED)
			continue;
		struct sv_row *r = table_add(t);
		r->case_id = c->id;
		cell(r, 0, "%s", light_letter(c->light));
		r->role[0] = light_role(c->light);
		cell(r, 1, "%d", overdue ? -c->days_left : c->days_left);
		cell(r, 2, "%s", c->case_no);
		cell(r, 3, "%s %s", c->item_name, c->subject_name);
		cell(r, 4, "%s", _(label_of(LABEL_STAGE, c->stage)));
		cell(r, 5, "%s", centre_name(st, c->centre_code));
		cell(r, 6, "%s", c->next_due);
	}
	free(rows);
}

static void build_open(struct sv_state *st, const struct db_result *r)
{
	build_cases(st, r, false);
}

static void build_overdue(struct sv_state *st, const struct db_result *r)
{
	build_cases(st, r, true);
}

static void build_performance(struct sv_state *st, const struct db_result *res,
			      bool by_department)
{
	struct sv_table *t = &st->table;
	const char *heads[] = {by_department ? _("Department") : _("Centre"), _("Window"),
			       _("Handled"), _("Filed"), _("Days to file"), _("Cases overdue"),
			       _("Share")};
	const int widths[] = {18, 10, 8, 8, 12, 8, 8};
	table_columns(t, 0, 1, heads, widths, 7);
	struct screens_perf *rows = NULL;
	int n = 0;
	screens_performance_read(res, &rows, &n);
	for (int i = 0; i < n; i++) {
		const struct screens_perf *p = &rows[i];
		struct sv_row *r = table_add(t);
		cell(r, 0, "%s",
		     by_department ? department_name(&st->s->departments, p->group, st->s->lang)
				   : p->group_name);
		cell(r, 1, "%s", p->person_name);
		cell(r, 2, "%d", p->handled);
		cell(r, 3, "%d", p->filed);
		cell(r, 4, "%s", p->avg_days);
		cell(r, 5, "%d", p->overdue);
		cell(r, 6, "%s%%", p->overdue_pct);
		if (p->overdue > 0)
			r->role[5] = r->role[6] = ROLE_LIGHT_RED;
	}
	free(rows);
}

static void build_performance_window(struct sv_state *st, const struct db_result *r)
{
	build_performance(st, r, false);
}

static void build_performance_department(struct sv_state *st, const struct db_result *r)
{
	build_performance(st, r, true);
	st->table.head[1] = "";
}

static void build_discoveries(struct sv_state *st, const struct db_result *res)
{
	struct sv_table *t = &st->table;
	const char *heads[] = {_("Household"), _("Applicant"), _("Resident ID"),
			       _("Eligible, not receiving"), _("Yuan"), _("Centre")};
	const int widths[] = {14, 8, 18, 14, 8, 12};
	table_columns(t, 3, 5, heads, widths, 6);
	struct screens_discovery *rows = NULL;
	int n = 0;
	screens_discoveries_read(res, &rows, &n);
	t->truncated = n == SV_DISCOVERY_LIMIT;
	for (int i = 0; i < n; i++) {
		const struct screens_discovery *x = &rows[i];
		struct sv_row *r = table_add(t);
		cell(r, 0, "%s", x->household_no);
		cell(r, 1, "%s", x->applicant_name);
		cell(r, 2, "%s", x->applicant_id);
		cell(r, 3, "%s", x->items);
		cell(r, 4, "%s", x->total);
		cell(r, 5, "%s", x->centre_name);
	}
	if (n > 0)
		session_say(st->s, ROLE_INFO, _("Found by the discover run of %s."), rows[0].as_of);
	free(rows);
}

/* The views in the order Tab goes through them; `key` names export files.
 * `live` views follow every case change; the others read whole histories
 * (or a discover run) and are re-read on F5 and every minute only. */
static void query_matrix_centre(struct db_query *q)
{
	screens_matrix_query(q, false);
}

static void query_matrix_department(struct db_query *q)
{
	screens_matrix_query(q, true);
}

static void query_cases(struct db_query *q)
{
	case_worklist_query(q, NULL, SV_CASE_LIMIT);
}

static void query_performance_window(struct db_query *q)
{
	screens_performance_query(q, false);
}

static void query_performance_department(struct db_query *q)
{
	screens_performance_query(q, true);
}

static void query_discoveries(struct db_query *q)
{
	screens_discoveries_query(q, SV_DISCOVERY_LIMIT);
}

static const struct {
	const char *key, *title;
	void (*query)(struct db_query *q);
	void (*build)(struct sv_state *st, const struct db_result *r);
	bool live;
} views[] = {
	{"centres", N_("Open cases by centre, stage and light"), query_matrix_centre,
	 build_matrix_centre, true},
	{"departments", N_("Open cases by department, stage and light"), query_matrix_department,
	 build_matrix_department, true},
	{"open", N_("Open cases, most urgent first"), query_cases, build_open, true},
	{"overdue", N_("Overdue cases, most days overdue first"), query_cases, build_overdue, true},
	{"windows", N_("Performance per window"), query_performance_window,
	 build_performance_window, false},
	{"department-performance", N_("Performance per department"), query_performance_department,
	 build_performance_department, false},
	{"discoveries", N_("Households eligible but not receiving"), query_discoveries,
	 build_discoveries, false},
};
#define VIEW_COUNT (int)(sizeof views / sizeof views[0])

/* Asks for the view's table again (and the centres' names with it, in
 * the same round trip, when the screen opens); the answer rebuilds it. */
static void send_view(struct sv_state *st, bool with_centres)
{
	struct db_query q[2];
	int tags[2], n = 0;
	if (with_centres) {
		screens_centres_query(&q[n]);
		tags[n++] = Q_CENTRES;
	}
	views[st->view].query(&q[n]);
	tags[n++] = Q_VIEW + st->view;
	ui_send_read_together(st->s, st->sc, tags, q, n);
	for (int i = 0; i < n; i++)
		db_query_free(&q[i]);
	st->built_ms = now_ms();
	st->changed = false;
}

static void rebuild(struct sv_state *st)
{
	send_view(st, false);
}

static enum ui_op result(struct ui_screen *sc, struct session *s, struct ui_reply *reply)
{
	struct sv_state *st = sc->state;
	if (reply->cancelled) /* the loop has said so */
		return UI_REDRAW;
	if (reply->tag == Q_CENTRES) {
		if (reply->status == OD_OK)
			screens_centres_read(reply->result, &st->centres, &st->n_centres);
		return UI_STAY;
	}
	int view = reply->tag - Q_VIEW;
	if (view != st->view)
		return UI_STAY; /* an answer for a table no longer shown */
	table_reset(&st->table);
	st->loaded = true;
	if (reply->status == OD_ERR_DENIED) { /* e.g. discoveries: supervisors, auditors */
		session_say(s, ROLE_INFO, _("This table is not open to your role."));
		return UI_REDRAW;
	}
	if (reply->status != OD_OK)
		return session_fail(s, _("Cannot read the table"), reply->d.text);
	views[view].build(st, reply->result);
	if (st->selected >= st->table.count)
		st->selected = st->table.count ? st->table.count - 1 : 0;
	return UI_REDRAW;
}

/* Column widths for this terminal: the flexible column takes what is left. */
static void widths(const struct sv_table *t, int *w)
{
	int used = 0;
	for (int i = 0; i < t->ncols; i++)
		used += (w[i] = t->width[i]) + 1;
	int extra = ui_cols() - used;
	if (extra > 0 && t->flex2 >= 0) {
		int more = extra / 2 < 12 ? extra / 2 : 12;
		w[t->flex2] += more;
		extra -= more;
	}
	if (extra > 0)
		w[t->flex] += extra;
}

static void draw_cells(int row, const struct sv_table *t, const int *w,
		       const char (*cells)[SV_CELL], const enum ui_role *roles, enum ui_role base)
{
	int x = 0;
	for (int i = 0; i < t->ncols && x < ui_cols(); i++) {
		bool last = i + 1 == t->ncols;
		int width = last ? ui_cols() - x : w[i];
		/* A coloured cell keeps its colour on the selected row too; the
		 * separator shows the selection. */
		enum ui_role role = roles && roles[i] != ROLE_NORMAL ? roles[i] : base;
		ui_text(row, x, width, role, true, cells[i]);
		if (!last)
			ui_text(row, x + w[i], 1, base, false, "");
		x += w[i] + 1;
	}
}

static void draw(struct ui_screen *sc, struct session *s)
{
	(void)s;
	struct sv_state *st = sc->state;
	struct sv_table *t = &st->table;
	ui_clear();
	session_draw_frame(st->s, _("Supervisor view"));
	char title[256];
	/* The view's name with its count once its table has come; until then
	 * only where it is, so that nothing reads as this view's before it is. */
	if (st->loaded)
		snprintf(title, sizeof title, "[%d/%d] %s (%d%s)", st->view + 1, VIEW_COUNT,
			 _(views[st->view].title), t->count, t->truncated ? "+" : "");
	else
		snprintf(title, sizeof title, "[%d/%d] %s", st->view + 1, VIEW_COUNT,
			 _("Reading the table..."));
	ui_text(1, 0, ui_cols(), ROLE_INFO, true, title);
	int w[SV_COLS];
	widths(t, w);
	char heads[SV_COLS][SV_CELL];
	for (int i = 0; i < t->ncols; i++)
		snprintf(heads[i], sizeof heads[i], "%s", t->head[i]);
	draw_cells(2, t, w, (const char(*)[SV_CELL])heads, NULL, ROLE_HEADER);
	ui_hline(3, 0, ui_cols());
	int visible = ui_rows() - 6;
	if (st->selected < st->top)
		st->top = st->selected;
	if (st->selected >= st->top + visible)
		st->top = st->selected - visible + 1;
	for (int i = 0; i < visible && st->top + i < t->count; i++) {
		const struct sv_row *r = &t->rows[st->top + i];
		draw_cells(4 + i, t, w, (const char(*)[SV_CELL])r->cell, r->role,
			   st->top + i == st->selected ? ROLE_SELECTED : ROLE_NORMAL);
	}
	if (st->loaded && t->count == 0)
		ui_text(4, 0, ui_cols(), ROLE_INFO, true, _("Nothing to show."));
	static const enum ui_command keys[] = {CMD_HELP,   CMD_PREV_TABLE, CMD_NEXT_TABLE,
					       CMD_REFRESH, CMD_EXPORT,    CMD_URGES,
					       CMD_OPEN,    CMD_NONE};
	ui_command_bar(CTX_SUPERVISOR, keys);
	ui_cursor(-1, 0);
}

static void switch_view(struct sv_state *st, int view)
{
	st->view = (view + VIEW_COUNT) % VIEW_COUNT;
	st->selected = st->top = 0;
	st->loaded = false;
	table_reset(&st->table);
	st->s->status[0] = '\0';
	rebuild(st);
}

/* The case chosen, or (CMD_URGES) its urges and 通报, where the supervision
 * window records a new one. */
static enum ui_op on_open(struct sv_state *st, enum ui_command cmd)
{
	const struct sv_table *t = &st->table;
	if (t->count == 0 || t->rows[st->selected].case_id == 0) {
		session_say(st->s, ROLE_INFO,
			    _("Cases open from the lists of open and overdue cases."));
		return UI_REDRAW;
	}
	long long id = t->rows[st->selected].case_id;
	return ui_push(st->s, cmd == CMD_URGES ? urges_screen_new(st->s, id)
					       : case_screen_new(st->s, id));
}

/* The table as CSV: the same quoting and formula guard as every export
 * (csv_sheet_record). */
static void export_to(struct sv_state *st, const char *path)
{
	const struct sv_table *t = &st->table;
	struct strbuf csv = STRBUF_INIT;
	csv_sheet_record(&csv, t->head, t->ncols);
	for (int r = 0; r < t->count; r++) {
		const char *fields[SV_COLS];
		for (int i = 0; i < t->ncols; i++)
			fields[i] = t->rows[r].cell[i];
		csv_sheet_record(&csv, fields, t->ncols);
	}
	ui_export_write(st->s, path, &csv, t->count);
	strbuf_free(&csv);
}

static enum ui_op on_export(struct sv_state *st)
{
	char path[1024];
	if (!ui_export_path(st->s, "supervisor", views[st->view].key, path, sizeof path))
		return ui_ask(st->s, st->sc, ASK_EXPORT, _("Export to file:"));
	export_to(st, path);
	return UI_REDRAW;
}

static enum ui_op answer(struct ui_screen *sc, struct session *s, int tag, const char *text)
{
	(void)s;
	if (tag == ASK_EXPORT && text)
		export_to(sc->state, text);
	return UI_REDRAW;
}

/* Keys that are not commands: moving, and the obvious keys for the
 * commands (Tab, arrows, Enter, ?). */
static enum ui_command plain_key(struct sv_state *st, const struct ui_key *key)
{
	if (key->kind == KEY_KIND_CHAR)
		return key->ch == '?' ? CMD_HELP : CMD_NONE;
	if (key->kind != KEY_KIND_FUNC)
		return CMD_NONE;
	int page = ui_rows() - 6, last = st->table.count - 1;
	switch (key->code) {
	case KEY_TAB:
	case KEY_RIGHT:
		return CMD_NEXT_TABLE;
	case KEY_BTAB:
	case KEY_LEFT:
		return CMD_PREV_TABLE;
	case KEY_RETURN:
	case KEY_ENTER:
		return CMD_OPEN;
	case KEY_DOWN:
		st->selected += st->selected < last;
		break;
	case KEY_UP:
		st->selected -= st->selected > 0;
		break;
	case KEY_NPAGE:
		st->selected = st->selected + page < last ? st->selected + page : last;
		break;
	case KEY_PPAGE:
		st->selected = st->selected > page ? st->selected - page : 0;
		break;
	case KEY_HOME:
		st->selected = 0;
		break;
	case KEY_END:
		st->selected = last;
		break;
	default:
		break;
	}
	if (st->selected < 0)
		st->selected = 0;
	return CMD_NONE;
}

static enum ui_op command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	struct sv_state *st = sc->state;
	switch (cmd) {
	case CMD_NEXT_TABLE:
		switch_view(st, st->view + 1);
		break;
	case CMD_PREV_TABLE:
		switch_view(st, st->view - 1);
		break;
	case CMD_REFRESH:
		rebuild(st);
		session_say(s, ROLE_INFO, _("Refreshed."));
		break;
	case CMD_OPEN:
	case CMD_URGES:
		return on_open(st, cmd);
	case CMD_EXPORT:
		return on_export(st);
	default:
		return UI_STAY;
	}
	return UI_REDRAW;
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *k)
{
	struct sv_state *st = sc->state;
	if (k->kind == KEY_KIND_FUNC && k->code == KEY_ESCAPE)
		return UI_POP;
	enum ui_command cmd = plain_key(st, k);
	if (cmd == CMD_HELP)
		return ui_push(s, help_screen_new(s, sc));
	return cmd != CMD_NONE ? command(sc, s, cmd) : UI_REDRAW;
}

/* Someone changed a case: at most one rebuild a second (the tick). */
static enum ui_op notify(struct ui_screen *sc, struct session *s)
{
	(void)s;
	struct sv_state *st = sc->state;
	if (views[st->view].live) {
		st->changed = true;
		sc->tick_ms = SV_SETTLE_MS;
		sc->next_tick = 0;
	}
	return UI_STAY;
}

static enum ui_op tick(struct ui_screen *sc, struct session *s)
{
	(void)s;
	struct sv_state *st = sc->state;
	long long age = now_ms() - st->built_ms;
	if (age >= SV_REFRESH_MS || (st->changed && age >= SV_SETTLE_MS))
		rebuild(st);
	sc->tick_ms = st->changed ? SV_SETTLE_MS : SV_REFRESH_MS;
	return UI_STAY;
}

static enum ui_op resume(struct ui_screen *sc, struct session *s)
{
	(void)s;
	rebuild(sc->state);
	return UI_STAY;
}

static void destroy(struct ui_screen *sc)
{
	struct sv_state *st = sc->state;
	table_reset(&st->table);
	free(st->centres);
	free(st);
}

static const char *const supervisor_help[] = {
	N_("Tab, Right: next table; Left: previous table"),
	N_("Up, Down, Page Up, Page Down: move in the table"), N_("Enter: open the case"),
	N_("Esc: back"), NULL};

static const struct ui_screen_ops supervisor_ops = {
	.name = "supervisor",
	.ctx = CTX_SUPERVISOR,
	.help = supervisor_help,
	.draw = draw,
	.key = key,
	.command = command,
	.result = result,
	.notify = notify,
	.tick = tick,
	.resume = resume,
	.answer = answer,
	.destroy = destroy,
};

struct ui_screen *supervisor_screen_new(struct session *s)
{
	struct sv_state *st = xcalloc(1, sizeof *st);
	struct ui_screen *sc = ui_screen_new(&supervisor_ops, st);
	st->s = s;
	st->sc = sc;
	sc->tick_ms = SV_REFRESH_MS;
	s->status[0] = '\0';
	send_view(st, true);
	return sc;
}
