/* test_ui_county.c - the county screens' view logic without a terminal: the
 * period typed, statistics bars, audit entries in words, a complaint as the
 * server takes it, the table's CSV (formulas kept out), and the audit
 * chain check shared with onedoor-admin. */
#include "onedoor/audit_walk.h"
#include "onedoor/csv_line.h"
#include "onedoor/i18n.h"
#include "onedoor/receipt.h"
#include "onedoor/ui_county_views.h"
#include "onedoor/ui_table.h"

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

static void periods(void **state)
{
	(void)state;
	char from[11] = "x", to[11] = "y";
	assert_true(period_parse("2026-01-01 2026-03-31", from, to));
	assert_string_equal(from, "2026-01-01");
	assert_string_equal(to, "2026-03-31");
	assert_true(period_parse(" 2026-02-01至2026-02-28 ", from, to));
	assert_string_equal(from, "2026-02-01");
	assert_string_equal(to, "2026-02-28");
	assert_true(period_parse("2026-03-01..2026-03-01", from, to));
	assert_string_equal(to, "2026-03-01");
	/* Refused, and nothing changed. */
	assert_false(period_parse("2026-03-31 2026-03-01", from, to));
	assert_false(period_parse("2026-02-30 2026-03-01", from, to));
	assert_false(period_parse("2026-01-01", from, to));
	assert_false(period_parse("2026-01-01 2026-02-01 2026-03-01", from, to));
	assert_false(period_parse("", from, to));
	assert_string_equal(from, "2026-03-01");
}

static struct stats_row stat(const char *key, const char *a, const char *b, const char *c,
			     const char *d)
{
	struct stats_row r;
	memset(&r, 0, sizeof r);
	snprintf(r.key, sizeof r.key, "%s", key);
	const char *f[] = {a, b, c, d};
	for (int i = 0; i < 4; i++)
		snprintf(r.fig[i], sizeof r.fig[i], "%s", f[i] ? f[i] : "");
	return r;
}

static void bars(void **state)
{
	(void)state;
	/* Persons assisted; the total row has no bar and does not set the scale. */
	struct stats_row rows[] = {stat("2026-01", "3", "3", "7", NULL),
				   stat("2026-02", "5", "4", "12", NULL), stat("", "8", "7", "19", NULL)};
	assert_int_equal(stats_bar_value(STATS_ASSISTED, &rows[1]), 12);
	assert_int_equal(stats_bar_value(STATS_ASSISTED, &rows[2]), 0);
	assert_int_equal(stats_bar_max(STATS_ASSISTED, rows, 3), 12);
	/* Funds: fen paid. */
	struct stats_row f = stat("dibao_rural", "2", "242000", "0", NULL);
	assert_int_equal(stats_bar_value(STATS_FUNDS, &f), 242000);
	/* Stages: the median in tenths against the limit, which sets the scale. */
	struct stats_row s[] = {stat("verify", "10", "2.5", "4.0", "3"),
				stat("approve", "8", "6.5", "9.0", "5")};
	s[0].fig[4][0] = s[1].fig[4][0] = '0';
	assert_int_equal(stats_bar_value(STATS_STAGES, &s[0]), 25);
	assert_int_equal(stats_bar_max(STATS_STAGES, s, 1), 30);
	assert_int_equal(stats_bar_max(STATS_STAGES, s, 2), 65);
	assert_false(stats_stage_late(&s[0]));
	assert_true(stats_stage_late(&s[1]));
}

static void audit_words(void **state)
{
	(void)state;
	char out[128];
	chinese();
	/* A key of several parts shows its values, never its field names. */
	audit_view_object("{\"household_id\": 12, \"position\": 1}", out, sizeof out);
	assert_string_equal(out, "12/1");
	audit_view_object("{\"position\": 1, \"relation\": \"self\", \"person_id\": 25}", out,
			  sizeof out);
	assert_string_equal(out, "1/25");
	audit_view_object("A261130000001", out, sizeof out);
	assert_string_equal(out, "A261130000001");
	audit_view_action("case", "urge", out, sizeof out);
	assert_string_equal(out, "案件 催办");
	audit_view_action("person", "status_lookup", out, sizeof out);
	assert_string_equal(out, "人员 进度查询");
	audit_view_action("households", "update", out, sizeof out);
	assert_string_equal(out, "家庭 修改");
	/* A code the catalogue does not know is named, never printed. */
	audit_view_action("rocket_launch", "ignite", out, sizeof out);
	assert_string_equal(out, "其他记录 其他操作");
	assert_null(strstr(out, "rocket"));
}

static void complaint_document(void **state)
{
	(void)state;
	struct complaint_input c;
	memset(&c, 0, sizeof c);
	snprintf(c.channel, sizeof c.channel, "hotline");
	snprintf(c.complainant, sizeof c.complainant, "欧阳\"娜娜\"");
	snprintf(c.about, sizeof c.about, "case");
	snprintf(c.about_value, sizeof c.about_value, "ADEMO-001-01");
	snprintf(c.body, sizeof c.body, "办理太慢\n无人答复");
	struct strbuf b = STRBUF_INIT;
	complaint_json(&c, &b);
	assert_string_equal(strbuf_text(&b),
			    "{\"channel\":\"hotline\",\"complainant\":\"欧阳\\\"娜娜\\\"\","
			    "\"case_no\":\"ADEMO-001-01\",\"body\":\"办理太慢\\n无人答复\"}");
	strbuf_free(&b);
	snprintf(c.about, sizeof c.about, "staff");
	snprintf(c.about_value, sizeof c.about_value, "demo_clerk1");
	snprintf(c.phone, sizeof c.phone, "13980001001");
	c.limit_days = 10;
	complaint_json(&c, &b);
	assert_non_null(strstr(strbuf_text(&b), "\"phone\":\"13980001001\""));
	assert_non_null(strstr(strbuf_text(&b), "\"about_staff\":\"demo_clerk1\""));
	assert_null(strstr(strbuf_text(&b), "case_no"));
	assert_non_null(strstr(strbuf_text(&b), "\"limit_days\":10}"));
	strbuf_free(&b);
}

static void complaint_limits(void **state)
{
	(void)state;
	chinese();
	int days = 7;
	assert_true(complaint_limit_parse(" 10 ", &days));
	assert_int_equal(days, 10);
	assert_true(complaint_limit_parse("60", &days));
	assert_int_equal(days, 60);
	/* Refused, and nothing changed. */
	assert_false(complaint_limit_parse("0", &days));
	assert_false(complaint_limit_parse("61", &days));
	assert_false(complaint_limit_parse("-5", &days));
	assert_false(complaint_limit_parse("10天", &days));
	assert_false(complaint_limit_parse("", &days));
	assert_false(complaint_limit_parse("1.5", &days));
	assert_int_equal(days, 60);

	struct complaint_limit l = {.days = 10, .set_here = true, .version = 2, .county = "511703"};
	char text[160];
	complaint_limit_text(&l, text, sizeof text);
	assert_string_equal(text, "答复时限：10 个工作日（本县设定）");
	l.days = 15;
	l.set_here = false;
	complaint_limit_text(&l, text, sizeof text);
	assert_string_equal(text, "答复时限：15 个工作日（默认）");
}

static void sheet_csv(void **state)
{
	(void)state;
	struct strbuf b = STRBUF_INIT;
	const char *fields[] = {"=HYPERLINK(\"x\")", "-1.5", "-sum", "a,b", " edge", "@cmd", "ok",
				NULL};
	csv_sheet_record(&b, fields, 8);
	assert_string_equal(strbuf_text(&b),
			    "\"'=HYPERLINK(\"\"x\"\")\",-1.5,'-sum,\"a,b\",\" edge\",'@cmd,ok,\r\n");
	strbuf_free(&b);

	/* A table exports its headings and cells, not its bar column. */
	struct ui_table t;
	memset(&t, 0, sizeof t);
	const char *heads[] = {"月份", "人数", ""};
	const int widths[] = {10, 6, 20};
	ui_table_columns(&t, 3, heads, widths, 2, 2);
	struct ui_table_row *r = ui_table_add(&t);
	ui_table_cell(r, 0, "%s", "2026-03");
	ui_table_cell(r, 1, "%d", 12);
	r->bar = 12;
	ui_table_csv(&t, &b);
	assert_string_equal(strbuf_text(&b), "月份,人数\r\n2026-03,12\r\n");
	strbuf_free(&b);
	/* Wider terminals give the flexible column the rest. */
	int w[UI_TABLE_COLS];
	ui_table_widths(&t, 100, w);
	assert_int_equal(w[0], 10);
	assert_int_equal(w[2], 20 + 100 - 39);
	ui_table_free(&t);
}

static void chain_walk(void **state)
{
	(void)state;
	struct audit_walk w;
	audit_walk_start(&w);
	char h1[65], h2[65];
	memset(h1, 'a', 64);
	h1[64] = '\0';
	memset(h2, 'b', 64);
	h2[64] = '\0';
	assert_int_equal(audit_walk_step(&w, 1, h1, AUDIT_GENESIS_HASH, h1), AUDIT_LINK_OK);
	/* A changed entry: its content no longer gives its hash. */
	assert_int_equal(audit_walk_step(&w, 2, h2, h1, h1), AUDIT_CHANGED);
	/* A gap, and a wrong link; w stays at the last good entry. */
	assert_int_equal(audit_walk_step(&w, 3, h2, h1, h2), AUDIT_GAP);
	assert_int_equal(audit_walk_step(&w, 2, h2, h2, h2), AUDIT_PREV);
	assert_int_equal(w.pos, 1);
	assert_int_equal(w.count, 1);
	assert_int_equal(audit_walk_step(&w, 2, h2, h1, h2), AUDIT_LINK_OK);
	assert_string_equal(w.hash, h2);
	assert_string_equal(audit_break_text(AUDIT_GAP), "entries are missing before it");
}

/* The receipt names the clerk with their staff number (工号) when set. */
static void receipt_staff_number(void **state)
{
	(void)state;
	chinese();
	struct receipt r = {.centre_name = "三里坪街道便民服务中心", .window = 1,
			    .clerk_name = "张敏", .clerk_no = "A0101", .date = "2026-03-02",
			    .application_no = "A202603020001", .applicant_name = "杨建国",
			    .applicant_id = "511703********0112"};
	struct strbuf b = STRBUF_INIT;
	receipt_format(&r, &b);
	assert_non_null(strstr(strbuf_text(&b), "受理人：张敏（工号 A0101）    受理日期：2026-03-02"));
	strbuf_free(&b);
	r.clerk_no = NULL;
	receipt_format(&r, &b);
	assert_non_null(strstr(strbuf_text(&b), "受理人：张敏    受理日期"));
	assert_null(strstr(strbuf_text(&b), "工号"));
	strbuf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(periods),	      cmocka_unit_test(bars),
		cmocka_unit_test(audit_words),	      cmocka_unit_test(complaint_document),
		cmocka_unit_test(sheet_csv),	      cmocka_unit_test(chain_walk),
		cmocka_unit_test(complaint_limits),
		cmocka_unit_test(receipt_staff_number),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
