/* test_ui_views.c - the screens' view logic without a terminal: the case
 * list's filters and columns, the case header in words, the actions offered
 * on the key bar, the labels' translations, and wrapping by display width. */
#include "onedoor/i18n.h"
#include "onedoor/labels.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_views.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The Chinese catalogue of the build being tested. */
static void chinese(void)
{
	char dir[1024];
	const char *build = getenv("ONEDOOR_BUILD");
	snprintf(dir, sizeof dir, "%s/share/locale", build ? build : "build");
	setlocale(LC_ALL, "C.UTF-8");
	setenv("LANGUAGE", "zh_CN", 1);
	bindtextdomain("onedoor", dir);
	bind_textdomain_codeset("onedoor", "UTF-8");
	textdomain("onedoor");
}

static struct case_row row(const char *no, const char *stage, enum case_light light, bool mine,
			   const char *name)
{
	struct case_row r;
	memset(&r, 0, sizeof r);
	snprintf(r.case_no, sizeof r.case_no, "%s", no);
	snprintf(r.stage, sizeof r.stage, "%s", stage);
	snprintf(r.subject_name, sizeof r.subject_name, "%s", name);
	snprintf(r.item_code, sizeof r.item_code, "dibao_rural");
	snprintf(r.item_name, sizeof r.item_name, "农村最低生活保障");
	snprintf(r.centre_code, sizeof r.centre_code, "511703001");
	r.light = light;
	r.mine = mine;
	return r;
}

static void filters(void **state)
{
	(void)state;
	struct case_row a = row("A1-01", "verify", CASE_LIGHT_RED, true, "欧阳娜娜");
	struct case_row b = row("A2-01", "approve", CASE_LIGHT_GREEN, false, "司马建国");
	struct cases_filter all = {.light = -1};
	assert_true(cases_view_passes(&all, &a));
	assert_true(cases_view_passes(&all, &b));
	struct cases_filter mine = {.mine = true, .light = -1};
	assert_true(cases_view_passes(&mine, &a));
	assert_false(cases_view_passes(&mine, &b));
	struct cases_filter stage = {.stage = "approve", .light = -1};
	assert_false(cases_view_passes(&stage, &a));
	assert_true(cases_view_passes(&stage, &b));
	struct cases_filter red = {.light = CASE_LIGHT_RED};
	assert_true(cases_view_passes(&red, &a));
	assert_false(cases_view_passes(&red, &b));
	struct cases_filter find = {.light = -1, .find = "司马"};
	assert_false(cases_view_passes(&find, &a));
	assert_true(cases_view_passes(&find, &b));
	struct cases_filter by_item = {.light = -1, .find = "最低生活"};
	assert_true(cases_view_passes(&by_item, &a));
	struct cases_filter other_centre = {.light = -1, .centre = "511703102"};
	assert_false(cases_view_passes(&other_centre, &a));
}

static int total(const struct cases_columns *c)
{
	/* The light, a blank, then each column and its blank. */
	return c->light + 1 + c->no + 1 + c->name + 1 + c->item + 1 + c->stage + 1 + c->due + 1 +
	       c->left;
}

static void columns_fill_the_width(void **state)
{
	(void)state;
	struct cases_columns at80 = cases_view_columns(80);
	assert_true(total(&at80) <= 80);
	assert_true(total(&at80) >= 78);
	struct cases_columns at120 = cases_view_columns(120);
	assert_int_equal(total(&at120) - total(&at80), 40);
	assert_true(at120.item > at80.item);
	assert_true(at120.name > at80.name); /* names are not cut when there is room */
	assert_int_equal(at120.no, at80.no);
}

static void header_in_words(void **state)
{
	(void)state;
	chinese();
	struct case_row r = row("A1-01", "verify", CASE_LIGHT_YELLOW, true, "x");
	snprintf(r.track, sizeof r.track, "green");
	r.provisional = true;
	char line[512];
	case_view_header(&r, line, sizeof line);
	assert_non_null(strstr(line, "环节：核对"));
	assert_non_null(strstr(line, "通道：绿色通道"));
	assert_non_null(strstr(line, "灯：Y"));
	/* Not a letter of a code anywhere but the light's. */
	for (const char *p = line; *p; p++)
		if ((*p >= 'a' && *p <= 'z'))
			fail_msg("a code in \"%s\"", line);
	snprintf(r.stage, sizeof r.stage, "filed");
	r.light = CASE_LIGHT_NONE;
	case_view_header(&r, line, sizeof line);
	assert_null(strstr(line, "filed"));
	assert_non_null(strstr(line, "灯：无"));
}

static void every_label_translated(void **state)
{
	(void)state;
	chinese();
	int seen = 0;
	for (int k = 0; k < LABEL_KIND_COUNT; k++)
		for (int i = 0; label_code((enum label_kind)k, i); i++) {
			const char *code = label_code((enum label_kind)k, i);
			const char *msgid = label_of((enum label_kind)k, code);
			if (strcmp(_(msgid), msgid) == 0)
				fail_msg("no Chinese for \"%s\" (%s)", msgid, code);
			seen++;
		}
	assert_true(seen >= 30);
	assert_string_equal(_(label_of(LABEL_STAGE, "no-such-stage")), "（未知）");
	assert_false(label_known(LABEL_STAGE, "no-such-stage"));
}

static void offered_actions_are_the_servers(void **state)
{
	(void)state;
	char path[1024];
	struct diag d;
	const char *top = getenv("ONEDOOR_TOP");
	snprintf(path, sizeof path, "%s/conf/keys.ini", top ? top : ".");
	assert_int_equal(ui_bindings_load(path, &d), OD_OK);
	struct case_allowed allowed[3];
	memset(allowed, 0, sizeof allowed);
	snprintf(allowed[0].command, sizeof allowed[0].command, "act_pass");
	snprintf(allowed[1].command, sizeof allowed[1].command, "no_such_command");
	snprintf(allowed[2].command, sizeof allowed[2].command, "act_return");
	int out[3];
	assert_int_equal(case_view_offered(allowed, 3, out, 3), 2);
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], 2);
	assert_int_equal(case_view_offered(allowed, 0, out, 3), 0);
}

static void wrapping_by_display_width(void **state)
{
	(void)state;
	size_t next;
	/* Ten columns hold five Chinese characters. */
	const char *zh = "一二三四五六七";
	size_t len = str_wrap_line(zh, 10, &next);
	assert_int_equal(len, 15);
	assert_int_equal(next, 15);
	/* English breaks at the last space of the line. */
	const char *en = "the quick brown fox";
	len = str_wrap_line(en, 12, &next);
	assert_int_equal(len, 9); /* "the quick" */
	assert_string_equal(en + next, "brown fox");
	/* A newline ends the line. */
	len = str_wrap_line("ab\ncd", 10, &next);
	assert_int_equal(len, 2);
	assert_int_equal(next, 3);
	/* A character wider than the width still makes progress. */
	len = str_wrap_line("一", 1, &next);
	assert_int_equal(len, 3);
}

static void goto_keys_and_layout(void **state)
{
	(void)state;
	/* Digits first, then letters; every key picks back its own row. */
	assert_int_equal(goto_view_key(0), '1');
	assert_int_equal(goto_view_key(8), '9');
	assert_int_equal(goto_view_key(9), 'a');
	assert_int_equal(goto_view_key(GOTO_VIEW_MAX - 1), 'z');
	assert_int_equal(goto_view_key(GOTO_VIEW_MAX), '\0');
	for (int i = 0; i < GOTO_VIEW_MAX; i++)
		assert_int_equal(goto_view_index((uint32_t)goto_view_key(i), GOTO_VIEW_MAX), i);
	assert_int_equal(goto_view_index('B', 12), 10);
	/* A key beyond the list, 0 (log out) and others pick nothing. */
	assert_int_equal(goto_view_index('c', 11), -1);
	assert_int_equal(goto_view_index('0', 20), -1);
	assert_int_equal(goto_view_index(0x4e00, 20), -1);
	/* A few screens: one column as before. */
	struct goto_layout l = goto_view_layout(5, 24, 80);
	assert_int_equal(l.columns, 1);
	assert_int_equal(l.per_column, 5);
	assert_int_equal(l.width, 40);
	/* The whole alphabet still fits 80x24, in columns. */
	for (int n = 1; n <= GOTO_VIEW_MAX; n++) {
		l = goto_view_layout(n, 24, 80);
		assert_true(l.height <= 22);
		assert_true(l.width <= 78);
		assert_true(l.columns * l.per_column >= n);
		assert_true(l.column_width >= 20);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(filters),
		cmocka_unit_test(columns_fill_the_width),
		cmocka_unit_test(header_in_words),
		cmocka_unit_test(every_label_translated),
		cmocka_unit_test(offered_actions_are_the_servers),
		cmocka_unit_test(wrapping_by_display_width),
		cmocka_unit_test(goto_keys_and_layout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
