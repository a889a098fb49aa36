/* test_ui_watch.c - what the screens of "policy finds the person" show,
 * without a terminal: the warning queue's cells and explanation, the
 * monitoring register's words (overdue or not, the proposal with item
 * names), care colours as letters, what became of a report, the figures'
 * total row, the letters of the choices, and the table's selection kept
 * across a re-read. */
#include "onedoor/catalogue.h"
#include "onedoor/i18n.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_watch.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/test_language.h"

static struct watch_warning warning(long long id, const char *state, enum case_light light,
				    int days_left, int age)
{
	struct watch_warning w;
	memset(&w, 0, sizeof w);
	w.id = id;
	snprintf(w.state, sizeof w.state, "%s", state);
	snprintf(w.name[0], sizeof w.name[0], "医疗费用过高预警");
	snprintf(w.name[1], sizeof w.name[1], "high medical costs");
	snprintf(w.message[0], sizeof w.message[0], "请医保、民政部门主动介入");
	snprintf(w.message[1], sizeof w.message[1], "medical insurance and civil affairs step in");
	snprintf(w.subject_name, sizeof w.subject_name, "杨建国");
	snprintf(w.household_no, sizeof w.household_no, "HDEMO-001");
	snprintf(w.centre_name, sizeof w.centre_name, "三里坪街道便民服务中心");
	snprintf(w.raised_on, sizeof w.raised_on, "2026-04-17");
	snprintf(w.ack_due, sizeof w.ack_due, "2026-04-22");
	w.light = light;
	w.days_left = days_left;
	w.age_days = age;
	return w;
}

static void warning_cells(void **state)
{
	(void)state;
	test_language("en");
	struct wt_table t = {0};
	watch_warning_columns(&t);
	assert_int_equal(t.ncols, 7);
	struct watch_warning red = warning(7, "open", CASE_LIGHT_RED, -3, 6);
	struct wt_row *r = wt_add(&t);
	watch_warning_row(&red, 1, r);
	assert_int_equal(r->id, 7);
	assert_string_equal(r->cell[0], "R");
	assert_int_equal(r->role[0], ROLE_LIGHT_RED);
	assert_string_equal(r->cell[1], "-3");
	assert_string_equal(r->cell[2], "6");
	assert_string_equal(r->cell[3], "high medical costs");
	assert_string_equal(r->cell[6], "not acknowledged");
	/* Acknowledged: the clock stopped, no light and no days left. */
	struct watch_warning done = warning(8, "acknowledged", CASE_LIGHT_NONE, 0, 6);
	r = wt_add(&t);
	watch_warning_row(&done, 0, r);
	assert_string_equal(r->cell[0], "");
	assert_string_equal(r->cell[1], "");
	assert_int_equal(r->role[0], ROLE_NORMAL);
	assert_string_equal(r->cell[3], "医疗费用过高预警");
	wt_free(&t);
}

static void warning_explained(void **state)
{
	(void)state;
	test_language("en");
	char out[1024];
	struct watch_warning w = warning(7, "open", CASE_LIGHT_RED, -3, 6);
	watch_warning_detail(&w, 1, out, sizeof out);
	assert_non_null(strstr(out, "medical insurance and civil affairs step in\n"));
	assert_non_null(strstr(out, "6 working days ago; to be acknowledged by 2026-04-22."));
	w = warning(7, "acknowledged", CASE_LIGHT_NONE, 0, 6);
	watch_warning_detail(&w, 0, out, sizeof out);
	assert_non_null(strstr(out, "请医保、民政部门主动介入\n"));
	assert_non_null(strstr(out, "acknowledged, waiting for its outcome"));
	/* A small buffer cuts on a character boundary: still valid UTF-8. */
	char small[20];
	watch_warning_detail(&w, 0, small, sizeof small);
	assert_true(strlen(small) > 0 && strlen(small) <= 19);
	assert_true(utf8_valid_text(small));
	test_language("zh_CN");
	watch_warning_detail(&w, 0, out, sizeof out);
	assert_non_null(strstr(out, "已签收，待登记处理结果"));
}

static struct watch_entry entry(int days_left, const char *proposal, const char *items)
{
	struct watch_entry e;
	memset(&e, 0, sizeof e);
	e.id = 3;
	e.category = 2;
	snprintf(e.entry_no, sizeof e.entry_no, "MDEMO-2");
	snprintf(e.subject_name, sizeof e.subject_name, "杨建国");
	snprintf(e.reason, sizeof e.reason, "医疗费用高");
	snprintf(e.source, sizeof e.source, "warning");
	snprintf(e.source_ref, sizeof e.source_ref, "WDEMO-1");
	snprintf(e.responsible, sizeof e.responsible, "张敏");
	snprintf(e.entered_on, sizeof e.entered_on, "2025-10-17");
	snprintf(e.visit_due, sizeof e.visit_due, "2026-04-22");
	snprintf(e.proposal, sizeof e.proposal, "%s", proposal);
	snprintf(e.proposal_items, sizeof e.proposal_items, "%s", items);
	e.days_left = days_left;
	e.light = days_left < 0 ? CASE_LIGHT_RED : CASE_LIGHT_GREEN;
	return e;
}

static void register_words(void **state)
{
	(void)state;
	test_language("en");
	char out[2048];
	struct watch_entry e = entry(-3, "", "");
	watch_entry_detail(&e, "", out, sizeof out);
	assert_non_null(strstr(out, "Entered 2025-10-17 (proactive warning WDEMO-1)"));
	assert_non_null(strstr(out, "none yet; was due 2026-04-22, 3 working days overdue."));
	assert_null(strstr(out, "proposes"));
	e = entry(12, "application", "a,b");
	watch_entry_detail(&e, "Dibao, Care", out, sizeof out);
	assert_non_null(strstr(out, "next due 2026-04-22, 12 working days left."));
	assert_non_null(strstr(out, "The last visit proposes: open an application: an item is now "
				    "eligible Dibao, Care"));
	struct wt_row r;
	memset(&r, 0, sizeof r);
	watch_entry_row(&e, &r);
	assert_string_equal(r.cell[0], "G");
	assert_string_equal(r.cell[4], "category 2");
	test_language("zh_CN");
	memset(&r, 0, sizeof r);
	watch_entry_row(&e, &r);
	assert_string_equal(r.cell[4], "二类");
}

static void item_names(void **state)
{
	(void)state;
	test_language("en");
	struct catalogue *cat = catalogue_new();
	struct cat_item it;
	memset(&it, 0, sizeof it);
	struct diag d;
	const char *codes[] = {"dibao", "care"}, *zh[] = {"最低生活保障", "照护"},
		   *en[] = {"Dibao", "Care"};
	for (int i = 0; i < 2; i++) {
		it.code = (char *)codes[i];
		it.name_zh = (char *)zh[i];
		it.name_en = (char *)en[i];
		assert_int_equal(catalogue_add_item(cat, &it, &d), OD_OK);
	}
	char out[256];
	watch_item_names(cat, "care,dibao", 1, out, sizeof out);
	assert_string_equal(out, "Care, Dibao");
	watch_item_names(cat, "dibao,care", 0, out, sizeof out);
	assert_string_equal(out, "最低生活保障、照护");
	/* A code the catalogue does not know is never shown as a code. */
	watch_item_names(cat, "gone", 1, out, sizeof out);
	assert_string_equal(out, "(unknown)");
	watch_item_names(cat, "", 1, out, sizeof out);
	assert_string_equal(out, "");
	catalogue_free(&cat);
}

static void care_colours(void **state)
{
	(void)state;
	test_language("en");
	assert_string_equal(watch_colour_letter("red"), "R");
	assert_string_equal(watch_colour_letter("yellow"), "Y");
	assert_string_equal(watch_colour_letter("green"), "G");
	assert_string_equal(watch_colour_letter(""), "-");
	assert_int_equal(watch_colour_role("red"), ROLE_LIGHT_RED);
	assert_int_equal(watch_colour_role(""), ROLE_NORMAL);
	struct watch_care c;
	memset(&c, 0, sizeof c);
	snprintf(c.colour, sizeof c.colour, "red");
	snprintf(c.living, sizeof c.living, "danger");
	snprintf(c.health, sizeof c.health, "concern");
	snprintf(c.care, sizeof c.care, "good");
	c.open_items = 3;
	c.overdue_items = 1;
	struct wt_row r;
	memset(&r, 0, sizeof r);
	watch_care_row(&c, &r);
	assert_string_equal(r.cell[0], "R");
	assert_string_equal(r.cell[2], "danger");
	assert_string_equal(r.cell[3], "concern");
	assert_string_equal(r.cell[4], "good");
	assert_int_equal(r.role[7], ROLE_LIGHT_RED);
	memset(&c, 0, sizeof c);
	memset(&r, 0, sizeof r);
	watch_care_row(&c, &r);
	assert_string_equal(r.cell[0], "-");
	assert_string_equal(r.cell[5], "not rated");
	assert_int_equal(r.role[7], ROLE_NORMAL);
}

static void report_fates(void **state)
{
	(void)state;
	test_language("en");
	struct watch_report p;
	memset(&p, 0, sizeof p);
	char out[256];
	snprintf(p.state, sizeof p.state, "new");
	watch_report_fate(&p, out, sizeof out);
	assert_string_equal(out, "waiting for the centre");
	snprintf(p.state, sizeof p.state, "application");
	snprintf(p.application_no, sizeof p.application_no, "A1");
	p.items_granted = 1;
	p.items_open = 2;
	watch_report_fate(&p, out, sizeof out);
	assert_string_equal(out, "application A1: 1 granted, 2 in progress, 0 refused");
	snprintf(p.state, sizeof p.state, "monitoring");
	snprintf(p.monitoring_entry, sizeof p.monitoring_entry, "M7");
	p.monitoring_category = 1;
	watch_report_fate(&p, out, sizeof out);
	assert_string_equal(out, "in the monitoring register (M7, category 1)");
	snprintf(p.state, sizeof p.state, "closed");
	snprintf(p.outcome_note, sizeof p.outcome_note, "moved away");
	watch_report_fate(&p, out, sizeof out);
	assert_string_equal(out, "closed: moved away");
	test_language("zh_CN");
	watch_report_fate(&p, out, sizeof out);
	assert_string_equal(out, "已办结：moved away");
}

static void figures_total(void **state)
{
	(void)state;
	test_language("en");
	struct watch_figures f[2];
	memset(f, 0, sizeof f);
	snprintf(f[0].centre_name, sizeof f[0].centre_name, "A");
	snprintf(f[1].centre_name, sizeof f[1].centre_name, "B");
	f[0].warnings_open = 2, f[1].warnings_open = 3;
	f[0].warnings_red = 2;
	f[1].age_over_10 = 1;
	f[0].category_1 = 4, f[1].category_1 = 1, f[1].visits_missed = 2;
	struct wt_table t = {0};
	watch_figures_table(f, 2, 0, &t);
	assert_int_equal(t.count, 3);
	assert_string_equal(t.rows[2].cell[0], "All");
	assert_string_equal(t.rows[2].cell[1], "5");
	assert_string_equal(t.rows[2].cell[3], "2");
	assert_string_equal(t.rows[2].cell[8], "1");
	assert_int_equal(t.rows[0].role[3], ROLE_LIGHT_RED);
	assert_int_equal(t.rows[1].role[3], ROLE_NORMAL);
	/* The other table from the same rows. */
	watch_figures_table(f, 2, 1, &t);
	assert_int_equal(t.count, 3);
	assert_int_equal(t.ncols, 8);
	assert_string_equal(t.rows[2].cell[1], "5");
	assert_string_equal(t.rows[2].cell[4], "2");
	assert_int_equal(t.rows[1].role[4], ROLE_LIGHT_RED);
	wt_free(&t);
}

static void choice_letters(void **state)
{
	(void)state;
	assert_string_equal(watch_outcome_code('c'), "contacted");
	assert_string_equal(watch_outcome_code('a'), "application");
	assert_string_equal(watch_outcome_code('x'), "not_needed");
	assert_null(watch_outcome_code('n'));
	assert_string_equal(watch_aspect_code('g'), "good");
	assert_string_equal(watch_aspect_code('c'), "concern");
	assert_string_equal(watch_aspect_code('d'), "danger");
	assert_null(watch_aspect_code('x'));
}

static void selection_kept(void **state)
{
	(void)state;
	struct wt_table t = {0};
	for (int i = 0; i < 5; i++)
		wt_add(&t)->id = 10 + i;
	struct ui_key down = {.kind = KEY_KIND_FUNC, .code = 0402}; /* KEY_DOWN */
	assert_true(wt_move(&t, &down, 3));
	assert_true(wt_move(&t, &down, 3));
	assert_int_equal(wt_selected_id(&t), 12);
	/* Read again in another order: the selection follows the row. */
	wt_clear_rows(&t);
	for (int i = 4; i >= 0; i--)
		wt_add(&t)->id = 10 + i;
	wt_keep(&t, 12);
	assert_int_equal(t.selected, 2);
	wt_clear_rows(&t);
	for (int i = 0; i < 4; i++)
		wt_add(&t)->id = 20 + i;
	wt_keep(&t, 12);
	assert_int_equal(t.selected, 2); /* gone: the place stays */
	wt_clear_rows(&t);
	wt_add(&t)->id = 30;
	wt_keep(&t, 0);
	assert_int_equal(t.selected, 0); /* in range */
	struct ui_key letter = {.kind = KEY_KIND_CHAR, .ch = 'a'};
	assert_false(wt_move(&t, &letter, 3));
	wt_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(warning_cells),  cmocka_unit_test(warning_explained),
		cmocka_unit_test(register_words), cmocka_unit_test(item_names),
		cmocka_unit_test(care_colours),	  cmocka_unit_test(report_fates),
		cmocka_unit_test(figures_total),  cmocka_unit_test(choice_letters),
		cmocka_unit_test(selection_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
