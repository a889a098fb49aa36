/* test_ui_history.c - a household's history and its reviews in words,
 * without a terminal: what changed between versions (labels from the form,
 * choices and yes/no in words, accounts masked, members by name), the
 * decisions and benefits of its cases, review lines, and the amounts and
 * months a reviewer types. */
#include "onedoor/form_file.h"
#include "onedoor/i18n.h"
#include "onedoor/text_width.h"
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
static int chinese(void **state)
{
	(void)state;
	char dir[1024];
	const char *build = getenv("ONEDOOR_BUILD");
	snprintf(dir, sizeof dir, "%s/share/locale", build ? build : "build");
	setlocale(LC_ALL, "C.UTF-8");
	setenv("LANGUAGE", "zh_CN", 1);
	bindtextdomain("onedoor", dir);
	bind_textdomain_codeset("onedoor", "UTF-8");
	textdomain("onedoor");
	return 0;
}

/* The household form as shipped (forms/household.ini). */
static struct form_def *form;

static int setup(void **state)
{
	chinese(state);
	char path[1024];
	struct diag d;
	const char *top = getenv("ONEDOOR_TOP");
	snprintf(path, sizeof path, "%s/forms/household.ini", top ? top : ".");
	return form_def_load(path, &form, &d) == OD_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	form_def_free(&form);
	return 0;
}

static struct history_change change(const char *member, const char *name, const char *key,
				    const char *old_value, const char *new_value)
{
	struct history_change c;
	memset(&c, 0, sizeof c);
	c.version = 2;
	snprintf(c.at, sizeof c.at, "2025-09-09 09:44");
	snprintf(c.who, sizeof c.who, "张敏");
	snprintf(c.reason, sizeof c.reason, "女儿确诊白血病");
	snprintf(c.member, sizeof c.member, "%s", member);
	snprintf(c.member_name, sizeof c.member_name, "%s", name);
	snprintf(c.key, sizeof c.key, "%s", key);
	snprintf(c.old_value, sizeof c.old_value, "%s", old_value);
	snprintf(c.new_value, sizeof c.new_value, "%s", new_value);
	return c;
}

static void changes_in_words(void **state)
{
	(void)state;
	char line[512];
	struct history_change c = change("511703********0426", "紫怡朵", "illness", "none", "serious");
	history_view_change(form, 0, &c, line, sizeof line);
	assert_string_equal(line, "成员 紫怡朵：疾病情况 无 → 重特大疾病");
	history_view_change(form, 1, &c, line, sizeof line);
	assert_string_equal(line, "成员 紫怡朵：Illness none → serious");
	/* A member who has left is named by the masked ID only. */
	c = change("511703********0315", "", "income_wage", "0", "36000");
	history_view_change(form, 0, &c, line, sizeof line);
	assert_string_equal(line, "成员 511703********0315：近12个月工资性收入（元） 0 → 36000");
	/* A value added or cleared shows "-" for the side without one. */
	c = change("511703********0315", "紫建军", "two_cancers", "", "yes");
	history_view_change(form, 0, &c, line, sizeof line);
	assert_string_equal(line, "成员 紫建军：患宫颈癌或乳腺癌 - → 是");
	c = change("", "", "bank_account", "6222021234567890128", "");
	history_view_change(form, 0, &c, line, sizeof line);
	assert_null(strstr(line, "6222021234567890128"));
	assert_non_null(strstr(line, "家庭：救助金收款账号 "));
	assert_non_null(strstr(line, "0128 → -"));
	c = change("511703********0111", "", "_added", "", "");
	history_view_change(form, 0, &c, line, sizeof line);
	assert_string_equal(line, "成员 511703********0111：加入家庭");
	c = change("511703********0111", "", "_removed", "", "");
	history_view_change(form, 0, &c, line, sizeof line);
	assert_string_equal(line, "成员 511703********0111：离开家庭");
	/* A fact the form does not show is named in words, never by its key. */
	c = change("511703********0111", "杨德明", "died_on", "", "2026-01-15");
	history_view_change(form, 0, &c, line, sizeof line);
	assert_string_equal(line, "成员 杨德明：死亡日期 - → 2026-01-15");
	c = change("", "", "some_internal_key", "a", "b");
	history_view_change(form, 0, &c, line, sizeof line);
	assert_null(strstr(line, "some_internal_key"));
	/* The registration's line has nothing to say. */
	c = change("", "", "", "", "");
	history_view_change(form, 0, &c, line, sizeof line);
	assert_string_equal(line, "");
}

static void versions_in_words(void **state)
{
	(void)state;
	char line[512];
	struct history_change c = change("", "", "", "", "");
	history_view_version(&c, line, sizeof line);
	assert_string_equal(line, "第2版  2025-09-09 09:44  张敏  原因：女儿确诊白血病");
	c.version = 1;
	history_view_version(&c, line, sizeof line);
	assert_non_null(strstr(line, "第1版"));
	assert_null(strstr(line, "原因"));
}

static struct history_case a_case(const char *period, const char *state, long long now)
{
	struct history_case c;
	memset(&c, 0, sizeof c);
	snprintf(c.application_no, sizeof c.application_no, "A240304000001");
	snprintf(c.case_no, sizeof c.case_no, "A240304000001-01");
	snprintf(c.app_status, sizeof c.app_status, "accepted");
	snprintf(c.item_code, sizeof c.item_code, "dibao_urban");
	snprintf(c.stage, sizeof c.stage, "filed");
	snprintf(c.outcome, sizeof c.outcome, "granted");
	c.decided_fen = 118500;
	snprintf(c.period, sizeof c.period, "%s", period);
	snprintf(c.start_month, sizeof c.start_month, "2024-03");
	snprintf(c.benefit_state, sizeof c.benefit_state, "%s", state);
	snprintf(c.state_from, sizeof c.state_from, "2024-03");
	c.amount_now_fen = now;
	return c;
}

static void cases_and_benefits(void **state)
{
	(void)state;
	char line[512] = "untouched";
	struct history_case c = a_case("monthly", "in_force", 108000);
	assert_true(history_view_benefit(&c, "城市最低生活保障", line, sizeof line));
	assert_string_equal(line, "城市最低生活保障：自 2024-03 起在享，每月1080.00元");
	history_view_case(&c, "城市最低生活保障", line, sizeof line);
	assert_string_equal(line, "A240304000001-01 城市最低生活保障 同意救助 每月1185.00元，自 2024-03 起");
	/* A one-off grant is not something received. */
	c = a_case("once", "in_force", -1);
	snprintf(line, sizeof line, "untouched");
	assert_false(history_view_benefit(&c, "临时救助", line, sizeof line));
	assert_string_equal(line, "untouched");
	/* A stopped benefit is told on its case, not as received. */
	c = a_case("monthly", "stopped", 0);
	snprintf(c.state_from, sizeof c.state_from, "2026-05");
	assert_false(history_view_benefit(&c, "城市最低生活保障", line, sizeof line));
	history_view_case(&c, "城市最低生活保障", line, sizeof line);
	assert_non_null(strstr(line, "；自 2026-05 起已终止"));
	/* Before a decision, the stage in words. */
	c = a_case("", "", -1);
	c.outcome[0] = '\0';
	snprintf(c.stage, sizeof c.stage, "verify");
	history_view_case(&c, "城市最低生活保障", line, sizeof line);
	assert_string_equal(line, "A240304000001-01 城市最低生活保障 核对");
	char yuan[32];
	view_yuan(5, yuan, sizeof yuan);
	assert_string_equal(yuan, "0.05元");
	view_yuan(-1, yuan, sizeof yuan);
	assert_string_equal(yuan, "");
}

static void review_lines(void **state)
{
	(void)state;
	struct review_row r;
	memset(&r, 0, sizeof r);
	char line[1024];
	snprintf(r.kind, sizeof r.kind, "change");
	snprintf(r.cause, sizeof r.cause, "部门数据（死亡登记）：杨德明死亡");
	snprintf(r.engine_verdict, sizeof r.engine_verdict, "not_eligible");
	r.amount_fen = -1;
	review_view_line(&r, line, sizeof line);
	assert_string_equal(line, "家庭情况变更：部门数据（死亡登记）：杨德明死亡（按新情况：不再符合条件）");
	snprintf(r.engine_verdict, sizeof r.engine_verdict, "eligible");
	snprintf(r.engine_amount, sizeof r.engine_amount, "960.00");
	review_view_line(&r, line, sizeof line);
	assert_non_null(strstr(line, "（按新情况：仍符合条件，960.00元）"));
	memset(&r, 0, sizeof r);
	snprintf(r.kind, sizeof r.kind, "periodic");
	snprintf(r.period, sizeof r.period, "2026-03-01");
	review_view_line(&r, line, sizeof line);
	assert_string_equal(line, "定期复核：2026-03 到期");
	snprintf(r.outcome, sizeof r.outcome, "adjust");
	r.amount_fen = 96000;
	snprintf(r.effective_month, sizeof r.effective_month, "2026-04");
	snprintf(r.decided_on, sizeof r.decided_on, "2026-03-05");
	snprintf(r.reason, sizeof r.reason, "收入增加");
	review_view_line(&r, line, sizeof line);
	assert_string_equal(line,
			    "定期复核：2026-03 到期 -> 调整金额为960.00元，自 2026-04 起，2026-03-05（收入增加）");
}

static void typed_amounts_and_months(void **state)
{
	(void)state;
	char fen[24], month[8];
	assert_true(review_view_amount("680", fen));
	assert_string_equal(fen, "68000");
	assert_true(review_view_amount(" 680.5", fen));
	assert_string_equal(fen, "68050");
	assert_true(review_view_amount("0", fen));
	assert_string_equal(fen, "0");
	assert_false(review_view_amount("680.505", fen));
	assert_false(review_view_amount("-1", fen));
	assert_false(review_view_amount("六百", fen));
	assert_false(review_view_amount("", fen));
	assert_true(review_view_month("2026-04", month));
	assert_string_equal(month, "2026-04");
	assert_true(review_view_month("2026-4", month));
	assert_string_equal(month, "2026-04");
	assert_true(review_view_month("202604", month));
	assert_string_equal(month, "2026-04");
	assert_true(review_view_month("2026/11", month));
	assert_string_equal(month, "2026-11");
	assert_false(review_view_month("2026-13", month));
	assert_false(review_view_month("26-04", month));
	assert_false(review_view_month("2026-04x", month));
	assert_false(review_view_month("2026-04-01", month));
	assert_false(review_view_month("", month));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(changes_in_words),
		cmocka_unit_test(versions_in_words),
		cmocka_unit_test(cases_and_benefits),
		cmocka_unit_test(review_lines),
		cmocka_unit_test(typed_amounts_and_months),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
