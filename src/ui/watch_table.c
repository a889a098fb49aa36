/* watch_table.c - the one table the watch screens share (ui_watch.h):
 * rows of text cells built from the server's rows, moved in with the
 * arrows, drawn by display width with the last column taking what is left. */
#include "onedoor/i18n.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_watch.h"
#include "onedoor/xalloc.h"

#include "curses_provider.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void wt_clear_rows(struct wt_table *t)
{
	t->count = 0;
}

void wt_free(struct wt_table *t)
{
	free(t->rows);
	memset(t, 0, sizeof *t);
}

void wt_columns(struct wt_table *t, int flex, const char *const *heads, const int *widths,
		int n)
{
	t->ncols = n < WT_COLS ? n : WT_COLS;
	t->flex = flex;
	for (int i = 0; i < t->ncols; i++) {
		t->head[i] = heads[i];
		t->width[i] = widths[i];
	}
}

struct wt_row *wt_add(struct wt_table *t)
{
	if (t->count == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->rows = xreallocarray(t->rows, (size_t)t->cap, sizeof *t->rows);
	}
	struct wt_row *r = &t->rows[t->count];
	memset(r, 0, sizeof *r);
	r->index = t->count++;
	return r;
}

void wt_cell(struct wt_row *r, int col, const char *fmt, ...)
{
	if (col < 0 || col >= WT_COLS)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->cell[col], sizeof r->cell[col], fmt, ap);
	va_end(ap);
}

void wt_keep(struct wt_table *t, long long keep)
{
	for (int i = 0; keep && i < t->count; i++)
		if (t->rows[i].id == keep) {
			t->selected = i;
			return;
		}
	if (t->selected >= t->count)
		t->selected = t->count ? t->count - 1 : 0;
	if (t->selected < 0)
		t->selected = 0;
}

long long wt_selected_id(const struct wt_table *t)
{
	return t->count > 0 && t->selected < t->count ? t->rows[t->selected].id : 0;
}

bool wt_move(struct wt_table *t, const struct ui_key *k, int page)
{
	if (k->kind != KEY_KIND_FUNC)
		return false;
	int last = t->count - 1;
	switch (k->code) {
	case KEY_DOWN:
		t->selected += t->selected < last;
		break;
	case KEY_UP:
		t->selected -= t->selected > 0;
		break;
	case KEY_NPAGE:
		t->selected = t->selected + page < last ? t->selected + page : last;
		break;
	case KEY_PPAGE:
		t->selected = t->selected > page ? t->selected - page : 0;
		break;
	case KEY_HOME:
		t->selected = 0;
		break;
	case KEY_END:
		t->selected = last;
		break;
	default:
		return false;
	}
	if (t->selected < 0)
		t->selected = 0;
	return true;
}

/* Column widths for this terminal: the flexible column takes what is left. */
static void widths(const struct wt_table *t, int *w)
{
	int used = 0;
	for (int i = 0; i < t->ncols; i++)
		used += (w[i] = t->width[i]) + 1;
	int extra = ui_cols() - used;
	if (extra > 0 && t->flex >= 0 && t->flex < t->ncols - 1)
		w[t->flex] += extra;
}

static void draw_cells(int row, const struct wt_table *t, const int *w,
		       const char (*cells)[WT_CELL], const enum ui_role *roles, enum ui_role base)
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

void wt_draw(struct wt_table *t, int top, int height)
{
	int w[WT_COLS];
	widths(t, w);
	char heads[WT_COLS][WT_CELL];
	for (int i = 0; i < t->ncols; i++)
		snprintf(heads[i], sizeof heads[i], "%s", t->head[i]);
	draw_cells(top, t, w, (const char(*)[WT_CELL])heads, NULL, ROLE_HEADER);
	ui_hline(top + 1, 0, ui_cols());
	int visible = height - 2;
	if (visible < 1)
		return;
	if (t->selected < t->top)
		t->top = t->selected;
	if (t->selected >= t->top + visible)
		t->top = t->selected - visible + 1;
	for (int i = 0; i < visible && t->top + i < t->count; i++) {
		const struct wt_row *r = &t->rows[t->top + i];
		draw_cells(top + 2 + i, t, w, (const char(*)[WT_CELL])r->cell, r->role,
			   t->top + i == t->selected ? ROLE_SELECTED : ROLE_NORMAL);
	}
	if (t->loaded && t->count == 0)
		ui_text(top + 2, 0, ui_cols(), ROLE_INFO, true, _("Nothing to show."));
	else if (!t->loaded)
		ui_text(top + 2, 0, ui_cols(), ROLE_INFO, true, _("Reading the table..."));
}

void wt_draw_text(int top, int height, const char *text)
{
	int row = 0;
	for (const char *p = text; *p && row < height; row++) {
		size_t next, len = str_wrap_line(p, ui_cols() - 1, &next);
		char line[1024];
		snprintf(line, sizeof line, "%.*s", (int)len, p);
		ui_text(top + row, 0, ui_cols(), ROLE_NORMAL, true, line);
		p += next;
	}
}
