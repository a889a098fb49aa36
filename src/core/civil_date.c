/* civil_date.c - day-number arithmetic (H. Hinnant's civil-from-days). */
#include "onedoor/civil_date.h"

#include <stdio.h>
#include <time.h>

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : mdays[m - 1];
}

bool cdate_valid(int year, int month, int day)
{
	return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
	       day <= days_in_month(year, month);
}

int32_t cdate_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void cdate_to_ymd(int32_t days, int *year, int *month, int *day)
{
	int32_t z = days + 719468;
	int32_t era = (z >= 0 ? z : z - 146096) / 146097;
	int32_t doe = z - era * 146097;
	int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int32_t mp = (5 * doy + 2) / 153;
	int32_t d = doy - (153 * mp + 2) / 5 + 1;
	int32_t m = mp < 10 ? mp + 3 : mp - 9;
	*year = (int)(yoe + era * 400 + (m <= 2));
	*month = (int)m;
	*day = (int)d;
}

static bool take_digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool cdate_parse(const char *text, int32_t *days)
{
	int y, m, d;
	if (!text || !take_digits(text, 4, &y) || text[4] != '-' || !take_digits(text + 5, 2, &m) ||
	    text[7] != '-' || !take_digits(text + 8, 2, &d) || text[10] != '\0')
		return false;
	if (!cdate_valid(y, m, d))
		return false;
	*days = cdate_from_ymd(y, m, d);
	return true;
}

void cdate_format(int32_t days, char out[CDATE_TEXT_SIZE])
{
	int y, m, d;
	cdate_to_ymd(days, &y, &m, &d);
	/* Unsigned and bounded, so the compiler can see it fits. */
	snprintf(out, CDATE_TEXT_SIZE, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
		 (unsigned)d % 100u);
}

int cdate_weekday(int32_t days)
{
	/* 1970-01-01 was a Thursday (4). */
	int32_t w = (days % 7 + 7 + 3) % 7;
	return (int)w + 1;
}

int cdate_age_on(int32_t birth, int32_t on)
{
	int by, bm, bd, y, m, d;
	cdate_to_ymd(birth, &by, &bm, &bd);
	cdate_to_ymd(on, &y, &m, &d);
	int age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	return age;
}

int32_t cdate_today(void)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	return cdate_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
