/* ui_table.h - a table of text cells as the county's screens show them
 * (statistics, audit trail, urges, complaints): headings, columns that
 * grow on wide terminals, a selected row, a bar chart column, and the CSV
 * export of what is shown.
 *
 * The table is plain data built from a statement's answer; ui_table_draw
 * paints it and ui_table_move moves the selection, so the screens only say
 * what goes in the cells.  Cells are copied (cut at UI_TABLE_CELL bytes). */
#ifndef ONEDOOR_UI_TABLE_H
#define ONEDOOR_UI_TABLE_H

#include "onedoor/strbuf.h"
#include "onedoor/ui_loop.h"
#include "onedoor/ui_term.h"

#include <stdbool.h>
#include <stddef.h>

struct session;

#define UI_TABLE_COLS 9
#define UI_TABLE_CELL 160

struct ui_table_row {
	char cell[UI_TABLE_COLS][UI_TABLE_CELL];
	enum ui_role role[UI_TABLE_COLS]; /* ROLE_NORMAL unless the cell is coloured */
	long long bar;                    /* the bar column's value */
	long long id;                     /* what the row opens (a case, an entry); 0 none */
	char key[64];                     /* the same when it is a text (complaint number) */
};

struct ui_table {
	int ncols;
	const char *head[UI_TABLE_COLS]; /* msgid-translated by the caller; not copied */
	int width[UI_TABLE_COLS];        /* display columns at 80 */
	int flex;                        /* the column that takes what wider terminals add */
	int bar_col;                     /* -1 none: else drawn as a bar of row.bar / bar_max */
	long long bar_max;
	struct ui_table_row *rows;
	int count, cap;
	int selected, top;
};

/* Empties the table and sets its columns: heads and widths of n columns,
 * flex the growing one, bar_col -1 or the bar column. */
void ui_table_columns(struct ui_table *t, int n, const char *const *heads, const int *widths,
		      int flex, int bar_col);
/* A new empty row at the end (cells "", roles normal); the pointer is good
 * until the next ui_table_add. */
struct ui_table_row *ui_table_add(struct ui_table *t);
/* Sets a cell, printf-style. */
void ui_table_cell(struct ui_table_row *r, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Frees the rows and forgets everything; the table may be used again. */
void ui_table_free(struct ui_table *t);
/* The selected row, NULL when the table is empty. */
const struct ui_table_row *ui_table_selected(const struct ui_table *t);

/* Column widths for a terminal `cols` wide into w: the flexible column
 * takes what is left beyond the widths given at 80. */
void ui_table_widths(const struct ui_table *t, int cols, int *w);
/* Paints headings at `row` and rows below, `height` rows in all (headings
 * and a rule included), keeping the selection visible. */
void ui_table_draw(struct ui_table *t, int row, int height);
/* Up, Down, PgUp, PgDn, Home, End with a page of `page` rows; true when the
 * key was one of them. */
bool ui_table_move(struct ui_table *t, const struct ui_key *key, int page);

/* The keys every table screen shares: ? (help), Esc (back) and the moving
 * keys above (a page of the screen's height less `chrome` rows).  True
 * with *op set when the key was one of them; Enter and the rest are the
 * screen's. */
bool ui_table_key(struct session *s, struct ui_screen *sc, struct ui_table *t,
		  const struct ui_key *key, int chrome, enum ui_op *op);

/* The table as CSV: headings, then every row (the bar column left out: its
 * figure is in a column of its own). */
void ui_table_csv(const struct ui_table *t, struct strbuf *out);

/* The export file for table `key` of screen `screen` ("stats", "audit")
 * in the configured folder, named with the time; false when no folder is
 * configured (ask the person for a path then). */
bool ui_export_path(const struct session *s, const char *screen, const char *key, char *out,
		    size_t n);
/* Writes csv to path (with the byte order mark spreadsheets set to GBK
 * need to read UTF-8) and says on the status line how many rows went
 * where, or why not. */
void ui_export_write(struct session *s, const char *path, const struct strbuf *csv, int rows);

#endif
