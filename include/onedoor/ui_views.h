/* ui_views.h - what the list and case screens show, computed apart from
 * curses so that a unit test can call it: which rows pass the filters, how
 * wide each column is at a terminal width, and the words of a case's
 * header line.  No drawing and no waiting here. */
#ifndef ONEDOOR_UI_VIEWS_H
#define ONEDOOR_UI_VIEWS_H

#include "onedoor/case_store.h"

#include <stdbool.h>
#include <stddef.h>

/* The case list's filters; NULL or "" (and -1 for the light) is "any". */
struct cases_filter {
	bool mine;          /* only what waits for the caller (case_row.mine) */
	const char *stage;  /* a stage code */
	int light;          /* an enum case_light, -1 any */
	const char *item, *centre;
	const char *find;   /* part of the name, case number or item name */
};
bool cases_view_passes(const struct cases_filter *f, const struct case_row *r);

/* Display columns of the case list at a terminal `cols` wide (at least 80):
 * the item column takes what the others leave. */
struct cases_columns {
	int light, no, name, item, stage, due, left;
};
struct cases_columns cases_view_columns(int cols);

/* The case screen's second line, in the current language: stage, track
 * (with "provisional" on the green channel before verification) and light,
 * each in words; into out (size n). */
void case_view_header(const struct case_row *r, char *out, size_t n);

/* The actions to offer on the key bar, from what the server allows: the
 * indexes into `allowed` whose command the key file binds on the case
 * screen (others cannot be pressed, so they are not offered); returns how
 * many (at most max). */
int case_view_offered(const struct case_allowed *allowed, int n, int *out, int max);

#endif
