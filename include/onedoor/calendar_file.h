/* calendar_file.h - a year's working-day calendar as an INI file
 * (conf/calendar/YYYY.ini), checked line by line before it reaches the
 * database.
 *
 *   [calendar]  year = 2026, source = the announcement it copies
 *   [holidays]  YYYY-MM-DD = name, or YYYY-MM-DD..YYYY-MM-DD = name
 *   [workdays]  YYYY-MM-DD = name   (a Saturday or Sunday worked, 调休上班)
 *
 * Every date must lie in the year; a day may appear once; a make-up working
 * day must be a Saturday or Sunday. */
#ifndef ONEDOOR_CALENDAR_FILE_H
#define ONEDOOR_CALENDAR_FILE_H

#include "onedoor/status.h"

#include <stdint.h>

enum calendar_kind { CALENDAR_HOLIDAY, CALENDAR_WORKDAY };

struct calendar_day {
	int32_t day; /* civil_date.h day number */
	enum calendar_kind kind;
	char *name;
};

struct calendar_file {
	int year;
	char *source;
	struct calendar_day *days; /* in file order, ranges expanded */
	int count;
};

/* Reads and checks `path`.  On failure *out is NULL and d holds
 * "FILE:LINE: message" (OD_ERR_IO, OD_ERR_SYNTAX or OD_ERR_VALUE). */
enum od_status calendar_file_load(const char *path, struct calendar_file **out, struct diag *d);

/* Frees and sets *f to NULL; NULL *f is accepted. */
void calendar_file_free(struct calendar_file **f);

/* The days as the JSON array onedoor.calendar_import() takes; the caller
 * frees the string. */
char *calendar_file_to_json(const struct calendar_file *f);

#endif
