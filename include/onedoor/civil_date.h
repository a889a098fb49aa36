/* civil_date.h - calendar dates as day numbers.
 *
 * A date is an int32_t counting days since 1970-01-01 (negative before), so
 * that differences and comparisons are plain arithmetic.  Proleptic Gregorian
 * calendar; years 1..9999. */
#ifndef ONEDOOR_CIVIL_DATE_H
#define ONEDOOR_CIVIL_DATE_H

#include <stdbool.h>
#include <stdint.h>

#define CDATE_TEXT_SIZE 11 /* "YYYY-MM-DD" and its NUL */

bool cdate_valid(int year, int month, int day);
int32_t cdate_from_ymd(int year, int month, int day);
void cdate_to_ymd(int32_t days, int *year, int *month, int *day);

/* Strict "YYYY-MM-DD"; false (and *days untouched) for anything else,
 * including impossible dates such as 2026-02-30. */
bool cdate_parse(const char *text, int32_t *days);
void cdate_format(int32_t days, char out[CDATE_TEXT_SIZE]);

/* 1 = Monday .. 7 = Sunday (ISO 8601). */
int cdate_weekday(int32_t days);

/* Completed years of someone born on `birth`, on day `on`; a person born on
 * 29 February turns one year older on 1 March in common years. */
int cdate_age_on(int32_t birth, int32_t on);

/* Today in the local time zone. */
int32_t cdate_today(void);

#endif
