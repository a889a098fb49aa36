/* test_csv_line.c - splitting one line of a department extract. */
#include "onedoor/csv_line.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

static void plain_and_quoted_fields(void **state)
{
	(void)state;
	char line[] = "511703198507040242,\"达州银行, 西外支行\",\"say \"\"hi\"\"\",,4200.50";
	char *f[6];
	int n;
	assert_int_equal(csv_split(line, f, 6, &n), CSV_OK);
	assert_int_equal(n, 5);
	assert_string_equal(f[0], "511703198507040242");
	assert_string_equal(f[1], "达州银行, 西外支行");
	assert_string_equal(f[2], "say \"hi\"");
	assert_string_equal(f[3], "");
	assert_string_equal(f[4], "4200.50");
}

static void empty_line_is_one_empty_field(void **state)
{
	(void)state;
	char line[] = "";
	char *f[3];
	int n;
	assert_int_equal(csv_split(line, f, 3, &n), CSV_OK);
	assert_int_equal(n, 1);
	assert_string_equal(f[0], "");
}

static void faults(void **state)
{
	(void)state;
	char *f[3];
	int n;
	char many[] = "a,b,c,d";
	assert_int_equal(csv_split(many, f, 3, &n), CSV_TOO_MANY);
	char open[] = "a,\"b,c";
	assert_int_equal(csv_split(open, f, 3, &n), CSV_UNTERMINATED);
	char stray[] = "a,b\"c";
	assert_int_equal(csv_split(stray, f, 3, &n), CSV_STRAY_QUOTE);
	char after[] = "a,\"b\"c";
	assert_int_equal(csv_split(after, f, 3, &n), CSV_STRAY_QUOTE);
	char trailing[] = "a,b,";
	assert_int_equal(csv_split(trailing, f, 3, &n), CSV_OK);
	assert_int_equal(n, 3);
	assert_string_equal(f[2], "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_and_quoted_fields),
		cmocka_unit_test(empty_line_is_one_empty_field),
		cmocka_unit_test(faults),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
