/* audit_screen.c - the audit trail (全程留痕) for the discipline commission,
 * and for supervisors their county's staff: every action and every view of
 * personal data, newest first, filtered by person, case, household, days
 * and kind.
 *
 * Pages are read with the server's keyset (audit_browse: after the last
 * row's time and number), so page 1,000 costs what page 1 does; going
 * back re-reads the page from the cursor it was read with, kept in a
 * stack.  Enter opens an entry; F8 checks the whole hash chain as `onedoor-
 * admin audit verify` does, a chunk per statement, so the screen keeps
 * drawing and Esc stops it. */
#include "curses_provider.h"
#include "onedoor/audit_walk.h"
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

#define PAGE 50
#define VERIFY_CHUNK 5000

enum { Q_PAGE = 1, Q_CHAIN, Q_CHUNK, Q_HEAD };
enum { ASK_PERSON = 1, ASK_CASE, ASK_HOUSEHOLD, ASK_PERIOD };

struct cursor {
	char at[40];
	long long seq;
};

struct audit_state {
	struct session *s;
	struct ui_screen *sc;
	struct audit_filter filter;
	struct ui_table table;
	struct audit_row *rows;
	int count;
	struct cursor *pages; /* pages[i]: the cursor page i+1 was read after */
	int page, cap;        /* page 0 is read from the start */
	bool loaded;
	bool land_last;       /* select the last row when the page comes (went back) */
	/* The chain check under way. */
	bool verifying;
	struct audit_walk walk;
};

static void send_page(struct audit_state *st)
{
	struct db_query q;
	const struct cursor *c = st->page > 0 ? &st->pages[st->page - 1] : NULL;
	audit_page_query(&q, &st->filter, c ? c->at : NULL, c ? c->seq : 0, PAGE);
	ui_send(st->s, st->sc, Q_PAGE, &q);
	db_query_free(&q);
	st->loaded = false;
}

static void first_page(struct audit_state *st)
{
	st->page = 0;
	st->table.selected = st->table.top = 0;
	send_page(st);
}

static void build(struct audit_state *st)
{
	struct ui_table *t = &st->table;
	const char *heads[] = {_("When"), _("Who"), _("What"), _("About"), _("Kind")};
	const int widths[] = {19, 12, 26, 12, 6};
	int selected = st->land_last ? st->count - 1 : 0;
	ui_table_columns(t, 5, heads, widths, 2, -1);
	for (int i = 0; i < st->count; i++) {
		const struct audit_row *a = &st->rows[i];
		struct ui_table_row *r = ui_table_add(t);
		r->id = a->seq;
		ui_table_cell(r, 0, "%s", a->when);
		ui_table_cell(r, 1, "%s", a->actor_name);
		audit_view_action(a->object_type, a->action, r->cell[2], sizeof r->cell[2]);
		char object[64];
		audit_view_object(a->object_id, object, sizeof object);
		ui_table_cell(r, 3, "%s", object);
		ui_table_cell(r, 4, "%s",
			      strcmp(a->kind, "view") == 0 ? _("viewed") : _("acted"));
		if (strcmp(a->kind, "view") == 0)
			r->role[4] = ROLE_LIGHT_YELLOW;
		if (a->terminal_flagged)
			r->role[1] = ROLE_LIGHT_RED; /* a clerk at another centre's terminal */
	}
	t->selected = selected > 0 ? selected : 0;
	st->land_last = false;
}

/* The chain check: link what waits, then chunk after chunk, then the head. */
static void verify_next(struct audit_state *st)
{
	struct db_query q;
	audit_verify_chunk_query(&q, st->walk.pos, VERIFY_CHUNK);
	ui_send(st->s, st->sc, Q_CHUNK, &q);
	db_query_free(&q);
}

static enum ui_op verify_chunk(struct audit_state *st, const struct db_result *r)
{
	int n = db_rows(r);
	for (int i = 0; i < n; i++) {
		long long pos = strtoll(db_value(r, i, "pos"), NULL, 10);
		enum audit_break b =
			audit_walk_step(&st->walk, pos, db_value(r, i, "hash"),
					db_value(r, i, "prev_hash"), db_value(r, i, "computed"));
		if (b != AUDIT_LINK_OK) {
			st->verifying = false;
			char text[512];
			snprintf(text, sizeof text, _("Audit chain broken at entry %lld: %s."), pos,
				 _(audit_break_text(b)));
			return ui_message(st->s, _("Audit chain"), text);
		}
	}
	struct db_query q;
	if (n > 0) {
		verify_next(st);
	} else {
		audit_head_query(&q);
		ui_send(st->s, st->sc, Q_HEAD, &q);
		db_query_free(&q);
	}
	return UI_REDRAW;
}

static enum ui_op verify_head(struct audit_state *st, const struct db_result *r)
{
	st->verifying = false;
	char text[640];
	if (db_rows(r) != 1 || strtoll(db_value(r, 0, "pos"), NULL, 10) != st->walk.pos ||
	    strcmp(db_value(r, 0, "hash"), st->walk.hash) != 0) {
		snprintf(text, sizeof text,
			 _("Audit chain broken after entry %lld: the chain head does not point at "
			   "the last entry (entries were removed or added outside the chain)."),
			 st->walk.pos);
	} else {
		snprintf(text, sizeof text, _("Audit chain intact: %lld entries, head %s."),
			 st->walk.count, st->walk.hash);
		long long waiting = strtoll(db_value(r, 0, "unchained"), NULL, 10);
		if (waiting > 0) {
			size_t len = strlen(text);
			snprintf(text + len, sizeof text - len,
				 _(" %lld entries committed meanwhile wait for the chainer."), waiting);
		}
	}
	return ui_message(st->s, _("Audit chain"), text);
}

static enum ui_op result(struct ui_screen *sc, struct session *s, struct ui_reply *reply)
{
	struct audit_state *st = sc->state;
	if (reply->cancelled) {
		st->verifying = false;
		st->loaded = true;
		return UI_REDRAW;
	}
	if (reply->status != OD_OK) {
		st->loaded = true;
		if (st->verifying) {
			st->verifying = false;
			return session_fail(s, _("Cannot check the audit chain"), reply->d.text);
		}
		return session_fail(s, _("Cannot read the audit trail"), reply->d.text);
	}
	switch (reply->tag) {
	case Q_PAGE:
		free(st->rows);
		audit_page_read(reply->result, &st->rows, &st->count);
		st->loaded = true;
		build(st);
		return UI_REDRAW;
	case Q_CHAIN:
		verify_next(st);
		return UI_REDRAW;
	case Q_CHUNK:
		return verify_chunk(st, reply->result);
	case Q_HEAD:
		return verify_head(st, reply->result);
	}
	return UI_STAY;
}

/* The filters in force, only those set, so the line fits 80 columns. */
static void filter_line(const struct audit_state *st, char *out, size_t n)
{
	const struct audit_filter *f = &st->filter;
	size_t len = (size_t)snprintf(out, n, "%s", _("Filters:"));
	const char *sep = " ";
	const struct {
		const char *label, *value;
	} parts[] = {{_("person"), f->actor},
		     {_("case"), f->case_no},
		     {_("household"), f->household_no},
		     {_("days"), f->from},
		     {_("kind"), !*f->kind			  ? ""
				 : strcmp(f->kind, "view") == 0 ? _("views of personal data")
								  : _("actions")}};
	bool any = false;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0] && len < n; i++) {
		if (!*parts[i].value)
			continue;
		len += (size_t)snprintf(out + len, n - len, "%s%s %s", sep, parts[i].label,
					parts[i].value);
		if (parts[i].value == f->from && len < n)
			len += (size_t)snprintf(out + len, n - len, " - %s", f->to);
		sep = _(", ");
		any = true;
	}
	if (!any && len < n)
		snprintf(out + len, n - len, " %s", _("none (every entry)"));
}

static void draw(struct ui_screen *sc, struct session *s)
{
	struct audit_state *st = sc->state;
	ui_clear();
	session_draw_frame(s, _("Audit trail"));
	char line[512];
	filter_line(st, line, sizeof line);
	ui_text(1, 0, ui_cols(), ROLE_INFO, true, line);
	if (st->verifying)
		snprintf(line, sizeof line, _("Checking the audit chain: %lld entries so far..."),
			 st->walk.count);
	else if (!st->loaded)
		snprintf(line, sizeof line, "%s", _("Reading the audit trail..."));
	else if (st->count == 0)
		snprintf(line, sizeof line, "%s", _("No entries."));
	else
		snprintf(line, sizeof line, _("Page %d, entries %d-%d, newest first%s"),
			 st->page + 1, st->page * PAGE + 1, st->page * PAGE + st->count,
			 st->count == PAGE ? _("; more on the next page") : "");
	ui_text(2, 0, ui_cols(), ROLE_NORMAL, true, line);
	ui_table_draw(&st->table, 3, ui_rows() - 5);
	static const enum ui_command keys[] = {CMD_FILTER_PERSON, CMD_FILTER_CASE,
					       CMD_FILTER_HOUSEHOLD, CMD_PERIOD,
					       CMD_FILTER_KIND,	    CMD_VERIFY_CHAIN,
					       CMD_OPEN,	    CMD_NONE};
	ui_command_bar(CTX_AUDIT, keys);
	ui_cursor(-1, 0);
}

static void next_page(struct audit_state *st)
{
	if (st->count < PAGE)
		return;
	if (st->page == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 16;
		st->pages = xreallocarray(st->pages, (size_t)st->cap, sizeof *st->pages);
	}
	const struct audit_row *last = &st->rows[st->count - 1];
	snprintf(st->pages[st->page].at, sizeof st->pages[st->page].at, "%s", last->at);
	st->pages[st->page].seq = last->seq;
	st->page++;
	st->table.selected = st->table.top = 0;
	send_page(st);
}

static void prev_page(struct audit_state *st)
{
	if (st->page == 0)
		return;
	st->page--;
	st->land_last = true;
	send_page(st);
}

static enum ui_op open_entry(struct audit_state *st)
{
	const struct ui_table_row *r = ui_table_selected(&st->table);
	if (!r)
		return UI_STAY;
	return ui_push(st->s, audit_entry_screen_new(st->s, r->id));
}

static enum ui_op command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	struct audit_state *st = sc->state;
	struct audit_filter *f = &st->filter;
	struct db_query q;
	switch (cmd) {
	case CMD_FILTER_PERSON:
		return ui_ask(s, sc, ASK_PERSON, _("Person (login; empty for anyone):"));
	case CMD_FILTER_CASE:
		return ui_ask(s, sc, ASK_CASE, _("Case number (empty for any):"));
	case CMD_FILTER_HOUSEHOLD:
		return ui_ask(s, sc, ASK_HOUSEHOLD, _("Household number (empty for any):"));
	case CMD_PERIOD:
		return ui_ask(s, sc, ASK_PERIOD,
			      _("Days (from to, YYYY-MM-DD YYYY-MM-DD; empty for all):"));
	case CMD_FILTER_KIND:
		snprintf(f->kind, sizeof f->kind, "%s",
			 !*f->kind ? "view" : strcmp(f->kind, "view") == 0 ? "write" : "");
		first_page(st);
		break;
	case CMD_CLEAR_FILTERS:
		memset(f, 0, sizeof *f);
		first_page(st);
		break;
	case CMD_REFRESH:
		first_page(st);
		break;
	case CMD_OPEN:
		return open_entry(st);
	case CMD_VERIFY_CHAIN:
		if (st->verifying)
			return UI_STAY;
		st->verifying = true;
		audit_walk_start(&st->walk);
		audit_chain_query(&q);
		ui_send(s, sc, Q_CHAIN, &q);
		db_query_free(&q);
		break;
	default:
		return UI_STAY;
	}
	return UI_REDRAW;
}

static enum ui_op answer(struct ui_screen *sc, struct session *s, int tag, const char *text)
{
	struct audit_state *st = sc->state;
	struct audit_filter *f = &st->filter;
	if (!text)
		return UI_REDRAW;
	switch (tag) {
	case ASK_PERSON:
		snprintf(f->actor, sizeof f->actor, "%s", text);
		break;
	case ASK_CASE:
		snprintf(f->case_no, sizeof f->case_no, "%s", text);
		if (*text)
			f->household_no[0] = '\0'; /* one object at a time */
		break;
	case ASK_HOUSEHOLD:
		snprintf(f->household_no, sizeof f->household_no, "%s", text);
		if (*text)
			f->case_no[0] = '\0';
		break;
	case ASK_PERIOD:
		if (!*text) {
			f->from[0] = f->to[0] = '\0';
		} else if (!period_parse(text, f->from, f->to)) {
			session_say(s, ROLE_ERROR,
				    _("Not a period: \"%s\"; type two days, the first not after "
				      "the second, as 2026-01-01 2026-03-31."),
				    text);
			return UI_REDRAW;
		}
		break;
	}
	s->status[0] = '\0';
	first_page(st);
	return UI_REDRAW;
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *k)
{
	struct audit_state *st = sc->state;
	struct ui_table *t = &st->table;
	enum ui_op op;
	if (k->kind != KEY_KIND_FUNC || k->code == KEY_ESCAPE)
		return ui_table_key(s, sc, t, k, 7, &op) ? op : UI_STAY;
	int last = t->count - 1;
	switch (k->code) {
	case KEY_RETURN:
	case KEY_ENTER:
		return open_entry(st);
	case KEY_DOWN:
	case KEY_NPAGE:
		if (t->selected == last) { /* the page's end: the next page */
			next_page(st);
			return UI_REDRAW;
		}
		break;
	case KEY_UP:
	case KEY_PPAGE:
		if (t->selected == 0) {
			prev_page(st);
			return UI_REDRAW;
		}
		break;
	case KEY_HOME:
		if (st->page > 0) {
			first_page(st);
			return UI_REDRAW;
		}
		break;
	default:
		break;
	}
	return ui_table_key(s, sc, t, k, 7, &op) ? op : UI_STAY;
}

static enum ui_op resume(struct ui_screen *sc, struct session *s)
{
	(void)sc;
	(void)s;
	return UI_REDRAW; /* the trail only grows at its head: the page stays right */
}

static void destroy(struct ui_screen *sc)
{
	struct audit_state *st = sc->state;
	ui_table_free(&st->table);
	free(st->rows);
	free(st->pages);
	free(st);
}

static const char *const audit_help[] = {
	N_("Up, Down, Page Up, Page Down: move; past the page's end, the next page"),
	N_("Home: the newest entries"), N_("Enter: the entry whole"), N_("Esc: back"), NULL};

static const struct ui_screen_ops audit_ops = {
	.name = "audit",
	.ctx = CTX_AUDIT,
	.help = audit_help,
	.draw = draw,
	.key = key,
	.command = command,
	.result = result,
	.answer = answer,
	.resume = resume,
	.destroy = destroy,
};

struct ui_screen *audit_screen_new(struct session *s)
{
	struct audit_state *st = xcalloc(1, sizeof *st);
	struct ui_screen *sc = ui_screen_new(&audit_ops, st);
	st->s = s;
	st->sc = sc;
	st->table.bar_col = -1;
	s->status[0] = '\0';
	send_page(st);
	return sc;
}
