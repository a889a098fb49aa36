/* test_ui_case_file.c - the county's view of the case seen whole without a
 * terminal: the lines and what each is (heading, flagged difference, one
 * waiting for its note), moving by part, the width kept, facts' codes in
 * words through the household form, the first open difference and the
 * summary line. */
#include "onedoor/case_file.h"
#include "onedoor/form_file.h"
#include "onedoor/i18n.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_views.h"
#include "onedoor/xalloc.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void add(struct case_file *cf, const char *section, int pos, const char *k, const char *v)
{
	cf->rows = xreallocarray(cf->rows, (size_t)cf->n + 1, sizeof *cf->rows);
	cf->rows[cf->n++] = (struct case_file_row){xstrdup(section), pos, xstrdup(k), xstrdup(v)};
}

/* A case in verification, as onedoor.case_file() returns one: a member
 * with facts, the menu, a report with two differences (the first one
 * acknowledged when `acknowledged`). */
static void verifying(struct case_file *cf, bool acknowledged)
{
	add(cf, "case", 0, "case_no", "A202603020001-01");
	add(cf, "case", 0, "item_name", "城市最低生活保障");
	add(cf, "case", 0, "stage", "verify");
	add(cf, "case", 0, "household_no", "H1");
	add(cf, "case", 0, "hukou", "urban");
	add(cf, "member", 1, "name", "陈志强");
	add(cf, "member", 1, "relation", "self");
	add(cf, "member", 1, "resident_id", "511703********0159");
	add(cf, "member_fact", 1, "labour", "partial");
	add(cf, "member_fact", 1, "income_business", "300");
	add(cf, "declared", 0, "vehicles", "0");
	add(cf, "menu", 0, "evaluated_on", "2026-03-02");
	add(cf, "menu", 0, "catalogue_version", "2");
	add(cf, "menu_item", 1, "name", "城市最低生活保障");
	add(cf, "menu_item", 1, "verdict", "eligible");
	add(cf, "menu_item", 1, "amount", "2190.00");
	add(cf, "menu_item", 1, "period", "monthly");
	add(cf, "menu_item", 1, "chosen", "yes");
	add(cf, "menu_reason", 1, "reason",
	    "✓ 机动车数 0 ≤ 机动车数量上限 0［机动车数量上限：《最低生活保障审核确认办法》第十一条"
	    " （残疾人功能性补偿代步机动车除外）；全国 自 2020-01-01 起］");
	add(cf, "report", 1, "id", "7");
	add(cf, "report", 1, "version", "1");
	add(cf, "report", 1, "authorised", "yes");
	add(cf, "report", 1, "flags", "2");
	add(cf, "report", 1, "blocker", "open differences");
	add(cf, "difference", 1, "flag", "vehicles");
	add(cf, "difference", 1, "declared", "机动车 0 辆");
	add(cf, "difference", 1, "found", "机动车 1 辆");
	add(cf, "difference", 1, "effect", "机动车按核对结果 1 辆 计算");
	if (acknowledged)
		add(cf, "difference", 1, "note", "已入户核实");
	add(cf, "difference", 2, "flag", "houses");
	add(cf, "difference", 2, "declared", "房产 1 套");
	add(cf, "difference", 2, "found", "房产 2 套");
	add(cf, "difference", 2, "effect", "房产按核对结果 2 套 计算");
	add(cf, "event", 1, "at", "2026-03-02 09:00");
	add(cf, "event", 1, "actor", "张敏");
	add(cf, "event", 1, "phrase", "同意受理");
	add(cf, "event", 1, "from", "accept");
	add(cf, "event", 1, "to", "verify");
}

static int count_kind(const struct case_file_view *v, enum case_file_line_kind kind)
{
	int n = 0;
	for (int i = 0; i < v->n; i++)
		n += v->lines[i].kind == kind;
	return n;
}

static char *line_text(const struct case_file_view *v, int i)
{
	static char buf[1024];
	snprintf(buf, sizeof buf, "%.*s", (int)v->lines[i].len,
		 strbuf_text(&v->text) + v->lines[i].start);
	return buf;
}

static void lines_and_what_they_are(void **state)
{
	(void)state;
	chinese();
	struct case_file cf = {0};
	verifying(&cf, false);
	struct case_file_view v = {0};
	case_file_view_build(&cf, 79, &v);
	/* Case, household, declared, menu, materials, report, decision,
	 * history: eight parts. */
	assert_int_equal(count_kind(&v, CFL_HEADING), 8);
	assert_int_equal(count_kind(&v, CFL_FLAG), 2);
	assert_int_equal(count_kind(&v, CFL_OPEN), 2); /* neither has its note */
	for (int i = 0; i < v.n; i++)
		if (str_width(line_text(&v, i)) > 79)
			fail_msg("line %d is wider than 79 columns: %s", i, line_text(&v, i));
	int flag = case_file_view_first(&v, 0, CFL_FLAG);
	assert_true(flag > 0);
	assert_non_null(strstr(line_text(&v, flag), "机动车 1 辆"));
	assert_int_equal(case_file_view_first(&v, v.n, CFL_FLAG), -1);

	/* Acknowledged, the first no longer waits. */
	case_file_clear(&cf);
	verifying(&cf, true);
	case_file_view_build(&cf, 79, &v);
	assert_int_equal(count_kind(&v, CFL_OPEN), 1);
	case_file_view_free(&v);
	case_file_clear(&cf);
}

static void moving_by_part(void **state)
{
	(void)state;
	chinese();
	struct case_file cf = {0};
	verifying(&cf, false);
	struct case_file_view v = {0};
	case_file_view_build(&cf, 79, &v);
	int at = 0, parts = 0;
	for (;;) {
		int next = case_file_view_section(&v, at, 1);
		if (next == at)
			break;
		assert_true(next > at);
		assert_int_equal(v.lines[next].kind, CFL_HEADING);
		at = next;
		parts++;
	}
	assert_int_equal(parts, 7); /* from the first part to the last */
	assert_non_null(strstr(line_text(&v, at), "办理经过"));
	assert_int_equal(case_file_view_section(&v, at, -1) < at, true);
	assert_int_equal(case_file_view_section(&v, 0, -1), 0);
	case_file_view_free(&v);
	case_file_clear(&cf);
}

static void long_lines_break_between_words(void **state)
{
	(void)state;
	chinese();
	struct case_file cf = {0};
	verifying(&cf, false);
	add(&cf, "member_fact", 1, "employment", "farming");
	add(&cf, "member_fact", 1, "status", "normal");
	add(&cf, "member_fact", 1, "illness", "none");
	add(&cf, "member_fact", 1, "school", "none");
	add(&cf, "declared", 0, "remark",
	    "lorem ipsumx dolorsit ametcons ectetur adipisci velitsed quianon numquam eiusmodi");
	struct case_file_view v = {0};
	case_file_view_build(&cf, 40, &v);
	/* No word is cut: a line never ends in a letter when the next,
	 * its continuation, goes on with one. */
	int continued = 0;
	for (int i = 1; i < v.n; i++) {
		const char *prev = strbuf_text(&v.text) + v.lines[i - 1].start;
		size_t plen = v.lines[i - 1].len;
		const char *cur = strbuf_text(&v.text) + v.lines[i].start;
		size_t k = strspn(cur, " ");
		if (k < 5 || !plen)
			continue;
		continued++;
		char last = prev[plen - 1], first = cur[k];
		if (((last >= 'a' && last <= 'z') || (last >= '0' && last <= '9')) &&
		    ((first >= 'a' && first <= 'z') || (first >= '0' && first <= '9')))
			fail_msg("a word cut between lines %d and %d: %s", i - 1, i, line_text(&v, i));
	}
	assert_true(continued > 0);
	for (int i = 0; i < v.n; i++)
		if (str_width(line_text(&v, i)) > 40)
			fail_msg("line %d is wider than 40 columns: %s", i, line_text(&v, i));
	case_file_view_free(&v);
	case_file_clear(&cf);
}

static void facts_in_words_through_the_form(void **state)
{
	(void)state;
	chinese();
	char path[1024];
	const char *top = getenv("ONEDOOR_TOP");
	snprintf(path, sizeof path, "%s/forms/household.ini", top ? top : ".");
	struct form_def *form = NULL;
	struct diag d;
	assert_int_equal(form_def_load(path, &form, &d), OD_OK);
	struct case_file cf = {.form = form, .lang = 0};
	verifying(&cf, false);
	struct strbuf out = STRBUF_INIT;
	case_file_format(&cf, 0, &out);
	assert_non_null(strstr(strbuf_text(&out), "劳动能力：部分丧失"));
	assert_null(strstr(strbuf_text(&out), "partial"));
	strbuf_reset(&out);
	cf.lang = 1;
	case_file_format(&cf, 0, &out);
	assert_non_null(strstr(strbuf_text(&out), "partial"));
	/* Without the form the stored code is printed, not lost. */
	strbuf_reset(&out);
	cf.form = NULL;
	case_file_format(&cf, 0, &out);
	assert_non_null(strstr(strbuf_text(&out), "partial"));
	strbuf_free(&out);
	case_file_clear(&cf);
	assert_null(cf.rows);
	form_def_free(&form);
}

static void the_open_difference_and_the_summary(void **state)
{
	(void)state;
	chinese();
	struct case_file cf = {0};
	verifying(&cf, false);
	assert_int_equal(case_file_open_difference(&cf), 1);
	char line[512];
	case_file_view_summary(&cf, line, sizeof line);
	assert_string_equal(line, "核对报告第 1 版：2 项差异，2 项未确认；尚不能核对通过");
	case_file_clear(&cf);

	verifying(&cf, true);
	assert_int_equal(case_file_open_difference(&cf), 2);
	case_file_view_summary(&cf, line, sizeof line);
	assert_non_null(strstr(line, "2 项差异，1 项未确认"));
	case_file_clear(&cf);

	/* No report yet; no authorisation; a decision says itself. */
	add(&cf, "case", 0, "case_no", "A1");
	assert_int_equal(case_file_open_difference(&cf), 0);
	case_file_view_summary(&cf, line, sizeof line);
	assert_string_equal(line, "尚无核对报告");
	add(&cf, "report", 1, "version", "1");
	add(&cf, "report", 1, "authorised", "no");
	case_file_view_summary(&cf, line, sizeof line);
	assert_non_null(strstr(line, "缺少申请人的核对授权书"));
	add(&cf, "decision", 0, "outcome", "granted");
	add(&cf, "decision", 0, "phrase", "同意救助");
	add(&cf, "decision", 0, "amount", "1500.00");
	add(&cf, "decision", 0, "start_month", "2026-03");
	add(&cf, "decision", 0, "notice_no", "A1-JD");
	case_file_view_summary(&cf, line, sizeof line);
	assert_string_equal(line, "已决定：同意救助，1500.00 元，自 2026-03 起（决定书 A1-JD）");
	case_file_clear(&cf);
}

/* The report's item as declared beside as verified: two verdicts on one
 * line, each its own. */
static void declared_beside_verified(void **state)
{
	(void)state;
	chinese();
	struct case_file cf = {0};
	verifying(&cf, false);
	add(&cf, "report_item", 1, "name", "城市最低生活保障");
	add(&cf, "report_item", 1, "declared_verdict", "eligible");
	add(&cf, "report_item", 1, "declared_amount", "2190.00");
	add(&cf, "report_item", 1, "verdict", "not_eligible");
	add(&cf, "report_item", 1, "period", "monthly");
	struct strbuf out = STRBUF_INIT;
	case_file_format(&cf, 0, &out);
	assert_non_null(strstr(strbuf_text(&out),
			       "城市最低生活保障：申报时 符合 2190.00 元 每月 → 核对后 不符合"));
	strbuf_free(&out);
	case_file_clear(&cf);
}

static void decide_input_as_typed(void **state)
{
	(void)state;
	int field = -1;
	assert_null(decide_view_check("", "", &field));
	assert_null(decide_view_check("500", "2026-03", &field));
	assert_null(decide_view_check("337.50", "2026-12", &field));
	assert_null(decide_view_check("0", "", &field));
	const char *const amounts[] = {"-1", "12.345", "1,500", "五百", "1e3", " 500", "500."};
	for (size_t i = 0; i < sizeof amounts / sizeof amounts[0]; i++) {
		field = -1;
		if (!decide_view_check(amounts[i], "2026-03", &field))
			fail_msg("amount \"%s\" passed", amounts[i]);
		assert_int_equal(field, 0);
	}
	const char *const months[] = {"2026-13", "2026-3", "2026/03", "202603", "2026-03-01", "03-2026"};
	for (size_t i = 0; i < sizeof months / sizeof months[0]; i++) {
		field = -1;
		if (!decide_view_check("500", months[i], &field))
			fail_msg("month \"%s\" passed", months[i]);
		assert_int_equal(field, 1);
	}
}

static void why_verification_cannot_pass(void **state)
{
	(void)state;
	chinese();
	struct case_file cf = {0};
	char line[512];
	add(&cf, "case", 0, "case_no", "A1");
	case_file_view_blocked(&cf, line, sizeof line);
	assert_non_null(strstr(line, "尚无核对报告"));
	case_file_clear(&cf);
	verifying(&cf, true);
	case_file_view_blocked(&cf, line, sizeof line);
	assert_string_equal(line, "不能核对通过：尚有 1 项差异未确认（F3 确认）。");
	case_file_clear(&cf);
	add(&cf, "report", 1, "version", "1");
	add(&cf, "report", 1, "authorised", "no");
	case_file_view_blocked(&cf, line, sizeof line);
	assert_non_null(strstr(line, "核对授权书未登记"));
	case_file_clear(&cf);
}

static void the_servers_offers(void **state)
{
	(void)state;
	struct case_allowed allowed[2];
	memset(allowed, 0, sizeof allowed);
	snprintf(allowed[0].action, sizeof allowed[0].action, "approve");
	snprintf(allowed[0].command, sizeof allowed[0].command, "act_pass");
	snprintf(allowed[1].action, sizeof allowed[1].action, "reject");
	snprintf(allowed[1].command, sizeof allowed[1].command, "act_fail");
	assert_ptr_equal(case_view_allowed(allowed, 2, CMD_ACT_FAIL, NULL), &allowed[1]);
	assert_ptr_equal(case_view_allowed(allowed, 2, CMD_NONE, "approve"), &allowed[0]);
	assert_null(case_view_allowed(allowed, 2, CMD_ACT_RETURN, NULL));
	assert_null(case_view_allowed(allowed, 2, CMD_NONE, "verify_pass"));
	assert_null(case_view_allowed(allowed, 0, CMD_ACT_PASS, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lines_and_what_they_are),
		cmocka_unit_test(moving_by_part),
		cmocka_unit_test(long_lines_break_between_words),
		cmocka_unit_test(facts_in_words_through_the_form),
		cmocka_unit_test(the_open_difference_and_the_summary),
		cmocka_unit_test(declared_beside_verified),
		cmocka_unit_test(the_servers_offers),
		cmocka_unit_test(decide_input_as_typed),
		cmocka_unit_test(why_verification_cannot_pass),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
