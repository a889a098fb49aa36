/* test_calendar_file.c - reading a year's working-day calendar
 * (calendar_file.h): the shipped 2026 file, ranges, and each refusal with
 * its line number. */
#include "onedoor/calendar_file.h"
#include "onedoor/civil_date.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[64];

/* Writes `text` to a fresh temporary file named in `path`. */
static void write_file(const char *text)
{
	snprintf(path, sizeof path, "/tmp/od-calendar-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static enum od_status load_text(const char *text, struct calendar_file **f, struct diag *d)
{
	write_file(text);
	enum od_status st = calendar_file_load(path, f, d);
	unlink(path);
	return st;
}

static int count_kind(const struct calendar_file *f, enum calendar_kind kind)
{
	int n = 0;
	for (int i = 0; i < f->count; i++)
		n += f->days[i].kind == kind;
	return n;
}

static void shipped_2026_file(void **state)
{
	(void)state;
	const char *top = getenv("ONEDOOR_TOP");
	char file[512];
	snprintf(file, sizeof file, "%s/conf/calendar/2026.ini", top ? top : ".");
	struct calendar_file *f = NULL;
	struct diag d;
	assert_int_equal(calendar_file_load(file, &f, &d), OD_OK);
	assert_int_equal(f->year, 2026);
	assert_non_null(strstr(f->source, "2026年部分节假日安排"));
	/* 3 + 9 + 3 + 5 + 3 + 3 + 7 days off; six make-up working days. */
	assert_int_equal(count_kind(f, CALENDAR_HOLIDAY), 33);
	assert_int_equal(count_kind(f, CALENDAR_WORKDAY), 6);
	bool saw_feb14 = false;
	for (int i = 0; i < f->count; i++)
		if (f->days[i].day == cdate_from_ymd(2026, 2, 14)) {
			saw_feb14 = true;
			assert_int_equal(f->days[i].kind, CALENDAR_WORKDAY);
			assert_int_equal(cdate_weekday(f->days[i].day), 6);
		}
	assert_true(saw_feb14);
	char *json = calendar_file_to_json(f);
	assert_non_null(strstr(json, "{\"day\":\"2026-10-10\",\"kind\":\"workday\",\"name\":"));
	free(json);
	calendar_file_free(&f);
	assert_null(f);
}

static void range_and_json_escaping(void **state)
{
	(void)state;
	struct calendar_file *f = NULL;
	struct diag d;
	assert_int_equal(load_text("[calendar]\nyear = 2027\nsource = test\n"
				   "[holidays]\n2027-02-05..2027-02-07 = 春节 \"x\"\n",
				   &f, &d),
			 OD_OK);
	assert_int_equal(f->count, 3);
	assert_int_equal(f->days[2].day, cdate_from_ymd(2027, 2, 7));
	char *json = calendar_file_to_json(f);
	assert_non_null(strstr(json, "\"name\":\"春节 \\\"x\\\"\""));
	free(json);
	calendar_file_free(&f);
}

static void refusals_name_the_line(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		const char *where;
	} cases[] = {
		{"[calendar]\nyear = 2026\nsource = t\n[workdays]\n2026-05-08 = 周五\n", ":5:"},
		{"[calendar]\nyear = 2026\nsource = t\n[holidays]\n2027-01-01 = 元旦\n", ":5:"},
		{"[calendar]\nyear = 2026\nsource = t\n[holidays]\n2026-02-30 = x\n", ":5:"},
		{"[calendar]\nyear = 2026\nsource = t\n[holidays]\n2026-01-03..2026-01-01 = x\n", ":5:"},
		{"[calendar]\nyear = 2026\nsource = t\n[holidays]\n2026-01-01 = a\n"
		 "2025-12-31..2026-01-02 = b\n", ":6:"},
		{"[calendar]\nyear = 2026\nsource = t\n[holidays]\n2026-01-01 = a\n[workdays]\n"
		 "2026-01-04 = b\n[holiday]\n2026-01-05 = c\n", ":8:"},
		{"[calendar]\nyear = twenty\nsource = t\n", ":2:"},
		{"[calendar]\nyear = 2026\n", ":1:"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct calendar_file *f = NULL;
		struct diag d;
		assert_int_not_equal(load_text(cases[i].text, &f, &d), OD_OK);
		assert_null(f);
		if (!strstr(d.text, cases[i].where))
			fail_msg("case %zu: \"%s\" lacks %s", i, d.text, cases[i].where);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shipped_2026_file),
		cmocka_unit_test(range_and_json_escaping),
		cmocka_unit_test(refusals_name_the_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
