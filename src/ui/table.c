/* table.c - the county screens' tables: drawing, moving, CSV export. */
#include "curses_provider.h"
#include "onedoor/chart.h"
#include "onedoor/csv_line.h"
#include "onedoor/i18n.h"
#include "onedoor/ui_screens.h"
#include "onedoor/ui_table.h"
#include "onedoor/xalloc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

void ui_table_columns(struct ui_table *t, int n, const char *const *heads, const int *widths,
		      int flex, int bar_col)
{
	ui_table_free(t);
	t->ncols = n < UI_TABLE_COLS ? n : UI_TABLE_COLS;
	for (int i = 0; i < t->ncols; i++) {
		t->head[i] = heads[i];
		t->width[i] = widths[i];
	}
	t->flex = flex;
	t->bar_col = bar_col;
}

struct ui_table_row *ui_table_add(struct ui_table *t)
{
	if (t->count == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->rows = xreallocarray(t->rows, (size_t)t->cap, sizeof *t->rows);
	}
	struct ui_table_row *r = &t->rows[t->count++];
	memset(r, 0, sizeof *r);
	return r;
}

void ui_table_cell(struct ui_table_row *r, int col, const char *fmt, ...)
{
	if (col < 0 || col >= UI_TABLE_COLS)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->cell[col], sizeof r->cell[col], fmt, ap);
	va_end(ap);
}

void ui_table_free(struct ui_table *t)
{
	free(t->rows);
	memset(t, 0, sizeof *t);
	t->bar_col = -1;
}

const struct ui_table_row *ui_table_selected(const struct ui_table *t)
{
	return t->count > 0 && t->selected < t->count ? &t->rows[t->selected] : NULL;
}

void ui_table_widths(const struct ui_table *t, int cols, int *w)
{
	int used = 0;
	for (int i = 0; i < t->ncols; i++)
		used += (w[i] = t->width[i]) + 1;
	if (cols - used > 0 && t->flex >= 0 && t->flex < t->ncols)
		w[t->flex] += cols - used;
}

static void draw_row(int y, const struct ui_table *t, const int *w,
		     const struct ui_table_row *r, enum ui_role base)
{
	int x = 0;
	for (int i = 0; i < t->ncols && x < ui_cols(); i++) {
		bool last = i + 1 == t->ncols;
		int width = last ? ui_cols() - x : w[i];
		const char *text = r ? r->cell[i] : t->head[i];
		char bar[3 * 200 + 1];
		if (r && i == t->bar_col) {
			/* Drawn for this width, so that wider terminals show finer bars. */
			chart_bar(r->bar, t->bar_max, width < 200 ? width : 200, bar, sizeof bar);
			text = bar;
		}
		/* A coloured cell keeps its colour on the selected row; the
		 * separators show the selection. */
		enum ui_role role = r && r->role[i] != ROLE_NORMAL ? r->role[i] : base;
		ui_text(y, x, width, role, true, text ? text : "");
		if (!last)
			ui_text(y, x + w[i], 1, base, false, "");
		x += w[i] + 1;
	}
}

void ui_table_draw(struct ui_table *t, int row, int height)
{
	int w[UI_TABLE_COLS];
	ui_table_widths(t, ui_cols(), w);
	draw_row(row, t, w, NULL, ROLE_HEADER);
	ui_hline(row + 1, 0, ui_cols());
	int visible = height - 2;
	if (visible < 1)
		return;
	if (t->selected >= t->count)
		t->selected = t->count ? t->count - 1 : 0;
	if (t->selected < t->top)
		t->top = t->selected;
	if (t->selected >= t->top + visible)
		t->top = t->selected - visible + 1;
	for (int i = 0; i < visible && t->top + i < t->count; i++)
		draw_row(row + 2 + i, t, w, &t->rows[t->top + i],
			 t->top + i == t->selected ? ROLE_SELECTED : ROLE_NORMAL);
}

bool ui_table_move(struct ui_table *t, const struct ui_key *key, int page)
{
	if (key->kind != KEY_KIND_FUNC)
		return false;
	int last = t->count - 1;
	switch (key->code) {
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

bool ui_table_key(struct session *s, struct ui_screen *sc, struct ui_table *t,
		  const struct ui_key *key, int chrome, enum ui_op *op)
{
	if (key->kind == KEY_KIND_CHAR && key->ch == '?' && !key->paste) {
		*op = ui_push(s, help_screen_new(s, sc));
		return true;
	}
	if (key->kind == KEY_KIND_FUNC && key->code == KEY_ESCAPE) {
		*op = UI_POP;
		return true;
	}
	*op = UI_REDRAW;
	return ui_table_move(t, key, ui_rows() - chrome);
}

void ui_table_csv(const struct ui_table *t, struct strbuf *out)
{
	const char *fields[UI_TABLE_COLS];
	int n = 0;
	for (int i = 0; i < t->ncols; i++)
		if (i != t->bar_col)
			fields[n++] = t->head[i];
	csv_sheet_record(out, fields, n);
	for (int r = 0; r < t->count; r++) {
		n = 0;
		for (int i = 0; i < t->ncols; i++)
			if (i != t->bar_col)
				fields[n++] = t->rows[r].cell[i];
		csv_sheet_record(out, fields, n);
	}
}

bool ui_export_path(const struct session *s, const char *screen, const char *key, char *out,
		    size_t n)
{
	if (!*s->cfg->receipt_dir)
		return false;
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", localtime_r(&now, &tm));
	mkdir(s->cfg->receipt_dir, 0700); /* as receipt_output does */
	snprintf(out, n, "%s/%s-%s-%s.csv", s->cfg->receipt_dir, screen, key, stamp);
	return true;
}

void ui_export_write(struct session *s, const char *path, const struct strbuf *csv, int rows)
{
	FILE *f = fopen(path, "w");
	bool ok = f != NULL;
	if (ok) {
		/* The byte order mark makes spreadsheet programs set to GBK read
		 * the Chinese text as UTF-8. */
		fputs("\xEF\xBB\xBF", f);
		fputs(csv->text ? csv->text : "", f);
		ok = !ferror(f);
		ok = fclose(f) == 0 && ok;
	}
	if (ok)
		session_say(s, ROLE_INFO, _("%d rows written to %s."), rows, path);
	else
		session_say(s, ROLE_ERROR, _("Cannot write %s: %s"), path, strerror(errno));
}
