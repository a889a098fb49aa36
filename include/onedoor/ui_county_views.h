/* ui_county_views.h - what the statistics, audit, urge and complaint
 * screens show, computed apart from curses so that a unit test can call it:
 * the period typed, the figures' bars and totals, an audit entry in words,
 * a complaint as the server takes it.  No drawing and no waiting here. */
#ifndef ONEDOOR_UI_COUNTY_VIEWS_H
#define ONEDOOR_UI_COUNTY_VIEWS_H

#include "onedoor/store_accountability.h"
#include "onedoor/strbuf.h"

#include <stdbool.h>
#include <stddef.h>

/* A period as typed: two days "YYYY-MM-DD YYYY-MM-DD" (any spaces, or "至"
 * or ".." between), the first not after the second.  false (from and to
 * untouched) for anything else. */
bool period_parse(const char *text, char from[11], char to[11]);

/* The figure a statistics row's bar shows: persons assisted, yuan paid,
 * a stage's median in tenths of a day, red cases, decided cases.  The
 * total row (key "") has no bar: 0. */
long long stats_bar_value(enum stats_table t, const struct stats_row *r);
/* The longest bar of the rows: their largest value (for stages, the
 * largest limit too, so that a stage on time never fills the width). */
long long stats_bar_max(enum stats_table t, const struct stats_row *rows, int n);
/* Is the stage's median past its limit? */
bool stats_stage_late(const struct stats_row *r);

/* An audit entry's action in words, in the current language: "修改 案件",
 * "查看 个人信息"; the object and action codes the catalogue does not know
 * are named as other records and actions, never printed as codes. */
void audit_view_action(const char *object_type, const char *action, char *out, size_t n);
/* An audit entry's record as the screen shows it: the key as it is, or for
 * a key of several parts (a JSON object, {"household_id": 12, "position":
 * 1}) its numbers joined by "/" ("12/1"): never its field names or codes. */
void audit_view_object(const char *object_id, char *out, size_t n);

/* A new complaint as the person typed it. */
struct complaint_input {
	char channel[12];        /* window, hotline, online, letter, visit */
	char complainant[128], phone[24];
	char about[12];          /* case, staff, centre, department */
	char about_value[72];    /* the case number, login, centre or department code */
	char body[4001];
	int limit_days;          /* 0: the server's default */
};
/* The JSON complaint_record takes (strings escaped). */
void complaint_json(const struct complaint_input *c, struct strbuf *out);

/* The limit in force as the complaints screen shows it: "答复时限：15 个工作日
 * （本县设定）" or "（默认）". */
void complaint_limit_text(const struct complaint_limit *l, char *out, size_t n);
/* A limit as typed: a whole number of working days 1-60, spaces around it
 * allowed; false (days untouched) for anything else. */
bool complaint_limit_parse(const char *text, int *days);

#endif
