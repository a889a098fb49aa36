/* test_chart.c - block-character bars and sparklines: lengths in columns,
 * eighths, the smallest positive value still visible, sparkline steps, and
 * buffers too small for the drawing. */
#include "onedoor/chart.h"
#include "onedoor/text_width.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static void bar_full_half_and_empty(void **state)
{
	(void)state;
	char out[128];
	assert_int_equal(chart_bar(10, 10, 5, out, sizeof out), 5);
	assert_string_equal(out, "█████");
	assert_int_equal(chart_bar(5, 10, 5, out, sizeof out), 3);
	assert_string_equal(out, "██▌");
	assert_int_equal(chart_bar(0, 10, 5, out, sizeof out), 0);
	assert_string_equal(out, "");
	assert_int_equal(chart_bar(-3, 10, 5, out, sizeof out), 0);
	assert_int_equal(chart_bar(3, 0, 5, out, sizeof out), 0);
}

static void bar_smallest_value_shows(void **state)
{
	(void)state;
	char out[128];
	assert_int_equal(chart_bar(1, 1000000, 20, out, sizeof out), 1);
	assert_string_equal(out, "▏");
}

static void bar_never_wider_than_asked(void **state)
{
	(void)state;
	char out[128];
	assert_int_equal(chart_bar(999, 10, 4, out, sizeof out), 4);
	assert_int_equal(str_width(out), 4);
	for (long long v = 1; v <= 100; v++) {
		int cols = chart_bar(v, 100, 7, out, sizeof out);
		assert_true(cols >= 1 && cols <= 7);
		assert_int_equal(str_width(out), cols);
	}
}

static void bar_cut_at_buffer(void **state)
{
	(void)state;
	char out[7]; /* two blocks of three bytes and the NUL */
	assert_int_equal(chart_bar(10, 10, 5, out, sizeof out), 2);
	assert_string_equal(out, "██");
}

static void sparkline_steps(void **state)
{
	(void)state;
	char out[128];
	const long long v[] = {0, 1, 2, 3, 4, 5, 6, 7};
	assert_int_equal(chart_sparkline(v, 8, out, sizeof out), 8);
	assert_string_equal(out, "▁▂▃▄▅▆▇█");
	const long long same[] = {4, 4, 4};
	assert_int_equal(chart_sparkline(same, 3, out, sizeof out), 3);
	assert_string_equal(out, "███"); /* heights from zero: equal months are full */
	const long long zero[] = {0, 0};
	assert_int_equal(chart_sparkline(zero, 2, out, sizeof out), 2);
	assert_string_equal(out, "▁▁");
	assert_int_equal(chart_sparkline(v, 0, out, sizeof out), 0);
	assert_string_equal(out, "");
}

static void sparkline_from_zero(void **state)
{
	(void)state;
	char out[128];
	const long long v[] = {90, 100};
	chart_sparkline(v, 2, out, sizeof out);
	/* 90 of 100 is near the top, not the bottom: heights start at zero. */
	assert_string_equal(out, "▇█");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bar_full_half_and_empty),
		cmocka_unit_test(bar_smallest_value_shows),
		cmocka_unit_test(bar_never_wider_than_asked),
		cmocka_unit_test(bar_cut_at_buffer),
		cmocka_unit_test(sparkline_steps),
		cmocka_unit_test(sparkline_from_zero),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
