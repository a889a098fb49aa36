/* ui_watch.h - what the screens of "policy finds the person" show: the
 * warning queue, the monitoring register, the care list and problem lists,
 * the coordinators' reports and the supervisors' figures.
 *
 * Each screen turns the rows the server gave (store_watch.h) into one table
 * of text cells (a colour per cell, the row's id) and a few lines about the
 * selected row; the words and cells are computed here without curses, so
 * that a unit test can call them, and the table is drawn and moved in by
 * watch_table.c for every screen alike. */
#ifndef ONEDOOR_UI_WATCH_H
#define ONEDOOR_UI_WATCH_H

#include "onedoor/catalogue.h"
#include "onedoor/store_watch.h"
#include "onedoor/ui_term.h"

#include <stdbool.h>
#include <stddef.h>

#define WT_COLS 9
#define WT_CELL 192

struct wt_row {
	char cell[WT_COLS][WT_CELL];
	enum ui_role role[WT_COLS]; /* ROLE_NORMAL unless a light colours it */
	long long id;               /* the warning, entry, person, item or report */
	int index;                  /* into the rows the table was built from */
};

struct wt_table {
	int ncols;
	const char *head[WT_COLS];
	int width[WT_COLS]; /* display columns at 80; the last takes the rest */
	int flex;           /* the column that grows on wider terminals */
	struct wt_row *rows;
	int count, cap;
	int selected, top;
	bool loaded;        /* its first answer came */
};

/* Building (no curses) ---------------------------------------------------- */

/* Empties the rows (the columns and the selection stay). */
void wt_clear_rows(struct wt_table *t);
/* Frees everything. */
void wt_free(struct wt_table *t);
void wt_columns(struct wt_table *t, int flex, const char *const *heads, const int *widths,
		int n);
struct wt_row *wt_add(struct wt_table *t);
void wt_cell(struct wt_row *r, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* After the rows were read again: the selection goes back to the row with
 * id `keep` when it is still there, else stays in range. */
void wt_keep(struct wt_table *t, long long keep);
/* The id of the selected row, 0 when none. */
long long wt_selected_id(const struct wt_table *t);
/* Up, Down, Page Up/Down, Home, End (page = rows visible); true when the
 * key was one of those. */
bool wt_move(struct wt_table *t, const struct ui_key *k, int page);

/* The cells of one row of each list, in the session's language (lang 0
 * Chinese, 1 English: index of the names the server gave). */
void watch_warning_columns(struct wt_table *t);
void watch_warning_row(const struct watch_warning *w, int lang, struct wt_row *r);
/* What the department reads under the queue: the explanation, where the
 * household is, when it was raised and by when to acknowledge it. */
void watch_warning_detail(const struct watch_warning *w, int lang, char *out, size_t n);

void watch_entry_columns(struct wt_table *t);
void watch_entry_row(const struct watch_entry *e, struct wt_row *r);
/* Reason, source, person responsible, visits and the last visit's
 * proposal with the items it names (`items`: watch_item_names). */
void watch_entry_detail(const struct watch_entry *e, const char *items, char *out, size_t n);
/* Item codes ("a,b") as their names in the catalogue, in the language. */
void watch_item_names(const struct catalogue *cat, const char *codes, int lang, char *out,
		      size_t n);

void watch_care_columns(struct wt_table *t);
void watch_care_row(const struct watch_care *c, struct wt_row *r);

void watch_problem_columns(struct wt_table *t);
void watch_problem_row(const struct watch_problem *p, struct wt_row *r);

void watch_report_columns(struct wt_table *t);
void watch_report_row(const struct watch_report *p, struct wt_row *r);
/* What became of a report, in words: "Application A...: 1 granted, 2 in
 * progress", "In the monitoring register (category 1)", "Closed: note",
 * "Waiting for the centre". */
void watch_report_fate(const struct watch_report *p, char *out, size_t n);
void watch_report_detail(const struct watch_report *p, char *out, size_t n);

/* The supervisors' figures per centre: open warnings by age (table 0) or
 * the monitoring register and care (table 1), with a total row. */
void watch_figures_table(const struct watch_figures *f, int n, int which, struct wt_table *t);

/* The letter a person typed for a choice, to the server's code: outcome
 * (c contacted, a application, x not_needed) and a care aspect (g good,
 * c concern, d danger); NULL for any other letter. */
const char *watch_outcome_code(char letter);
const char *watch_aspect_code(char letter);
/* A care colour as its letter (R, Y, G; "-" when not rated yet) and role. */
const char *watch_colour_letter(const char *colour);
enum ui_role watch_colour_role(const char *colour);

/* Drawing (curses) --------------------------------------------------------- */

/* The table's head at row `top`, a line, then the rows that fit in
 * `height` rows in all (the selection kept in view). */
void wt_draw(struct wt_table *t, int top, int height);
/* Text with line breaks, wrapped to the width, at most `height` rows. */
void wt_draw_text(int top, int height, const char *text);

#endif
