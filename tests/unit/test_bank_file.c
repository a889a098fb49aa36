/* test_bank_file.c - the bank's CSV files: amounts, quoting, the result
 * file's checks with their lines, GBK both ways. */
#include "onedoor/bank_file.h"
#include "onedoor/gbk.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

static void amounts(void **state)
{
	(void)state;
	char out[32];
	fen_format(182700, out);
	assert_string_equal(out, "1827.00");
	fen_format(5, out);
	assert_string_equal(out, "0.05");
	fen_format(-123, out);
	assert_string_equal(out, "-1.23");
	int64_t fen;
	assert_true(fen_parse("1827.00", &fen));
	assert_int_equal(fen, 182700);
	assert_true(fen_parse("1827.5", &fen));
	assert_int_equal(fen, 182750);
	assert_true(fen_parse("609", &fen));
	assert_int_equal(fen, 60900);
	assert_false(fen_parse("609.001", &fen));
	assert_false(fen_parse("-1.00", &fen));
	assert_false(fen_parse("1,827.00", &fen));
	assert_false(fen_parse("609.", &fen));
	assert_false(fen_parse("", &fen));
	assert_false(fen_parse("99999999999999999999", &fen));
}

static void quoting(void **state)
{
	(void)state;
	struct strbuf b = STRBUF_INIT;
	csv_append_field(&b, "plain", true);
	csv_append_field(&b, "a,b", false);
	csv_append_field(&b, "say \"hi\"", false);
	assert_string_equal(strbuf_text(&b), "plain,\"a,b\",\"say \"\"hi\"\"\"");
	strbuf_free(&b);
}

static enum od_status parse(const char *text, struct bank_result **rows, int *n, char *msg)
{
	struct diag d = {""};
	enum od_status st = bank_results_parse("r.csv", text, strlen(text), rows, n, &d);
	strcpy(msg, d.text);
	return st;
}

#define HDR "roll_no,line_no,account_no,amount,status,reason\r\n"

static void good_file(void **state)
{
	(void)state;
	struct bank_result *rows;
	int n;
	char msg[512];
	assert_int_equal(parse("\xEF\xBB\xBF" HDR "P1,1,6222021234567890128,1827.00,paid,\r\n"
			       "\r\n"
			       "P1,2,62000,450,失败,\"账户已销户, 请核实\"\n",
			       &rows, &n, msg),
			 OD_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].roll_no, "P1");
	assert_int_equal(rows[0].amount_fen, 182700);
	assert_true(rows[0].paid);
	assert_int_equal(rows[1].line, 4);
	assert_false(rows[1].paid);
	assert_string_equal(rows[1].reason, "账户已销户, 请核实");
	free(rows);
}

static void refusals_name_the_line(void **state)
{
	(void)state;
	struct bank_result *rows;
	int n;
	char msg[512];
	assert_int_equal(parse("roll,line\nP1,1\n", &rows, &n, msg), OD_ERR_SYNTAX);
	assert_non_null(strstr(msg, "r.csv:1: "));
	assert_int_equal(parse(HDR "P1,1,123,1.00,paid\n", &rows, &n, msg), OD_ERR_SYNTAX);
	assert_non_null(strstr(msg, "r.csv:2: "));
	assert_int_equal(parse(HDR "P1,1,123,1.00,paid,\nP1,2,123,1.0x,paid,\n", &rows, &n, msg),
			 OD_ERR_VALUE);
	assert_non_null(strstr(msg, "r.csv:3: "));
	assert_int_equal(parse(HDR "P1,1,123,1.00,maybe,\n", &rows, &n, msg), OD_ERR_VALUE);
	assert_int_equal(parse(HDR "P1,1,123,1.00,failed,\n", &rows, &n, msg), OD_ERR_VALUE);
	assert_int_equal(parse(HDR "P1,x,123,1.00,paid,\n", &rows, &n, msg), OD_ERR_VALUE);
	assert_int_equal(parse(HDR "P1,1,12a,1.00,paid,\n", &rows, &n, msg), OD_ERR_VALUE);
	assert_int_equal(parse(HDR ",1,123,1.00,paid,\n", &rows, &n, msg), OD_ERR_VALUE);
	assert_int_equal(parse(HDR "P1,1,123,1.00,paid,\"open\n", &rows, &n, msg), OD_ERR_SYNTAX);
	assert_int_equal(parse(HDR, &rows, &n, msg), OD_ERR_SYNTAX);
	assert_int_equal(parse("", &rows, &n, msg), OD_ERR_SYNTAX);
	assert_null(rows);
}

static void duplicates_and_encoding(void **state)
{
	(void)state;
	struct bank_result *rows;
	int n;
	char msg[512];
	assert_int_equal(parse(HDR "P1,1,1,1.00,paid,\nP1,2,1,1.00,paid,\nP2,1,1,1.00,paid,\n"
				   "P1,2,1,1.00,paid,\nP1,1,1,1.00,paid,\n",
			       &rows, &n, msg),
			 OD_ERR_VALUE);
	/* The first repetition in file order: line 5 repeats line 3. */
	assert_non_null(strstr(msg, "r.csv:5: "));
	assert_non_null(strstr(msg, "3"));
	assert_int_equal(parse(HDR "P1,1,1,1.00,paid,\nP1,2,1,1.00,paid,\xC3\x28\n", &rows, &n, msg),
			 OD_ERR_SYNTAX);
	assert_non_null(strstr(msg, "r.csv:3: "));
}

static void gbk_round_trip(void **state)
{
	(void)state;
	const char *utf8 = "户名,甲一\r\n";
	struct strbuf g = STRBUF_INIT, back = STRBUF_INIT;
	size_t bad;
	assert_true(gbk_from_utf8(utf8, strlen(utf8), &g, &bad));
	assert_int_equal(g.len, 11); /* 4 Chinese characters of 2 bytes, comma, CR LF */
	assert_true(gbk_to_utf8(g.text, g.len, &back, &bad));
	assert_string_equal(strbuf_text(&back), utf8);
	strbuf_free(&back);
	assert_false(gbk_to_utf8("ok\n\x81", 4, &back, &bad));
	assert_int_equal(bad, 3);
	/* An emoji has no GBK code: refused with where it is. */
	strbuf_free(&g);
	assert_false(gbk_from_utf8("a\n\xF0\x9F\x98\x80", 6, &g, &bad));
	assert_int_equal(bad, 2);
	strbuf_free(&g);
	strbuf_free(&back);
}

/* The results as the server's function takes them: element N is the
 * file's N-th result, text escaped as JSON. */
static void results_as_json(void **state)
{
	(void)state;
	struct bank_result rows[2] = {
		{.line = 2, .roll_no = "P202609-00001", .line_no = 1, .account = "6222021234567890128",
		 .amount_fen = 182700, .paid = true, .reason = ""},
		{.line = 3, .roll_no = "P202609-00001", .line_no = 2, .account = "6200000000000005",
		 .amount_fen = 45000, .paid = false, .reason = "账户\"冻结\""},
	};
	struct strbuf b = STRBUF_INIT;
	bank_results_json(rows, 2, &b);
	assert_string_equal(strbuf_text(&b),
			    "[{\"roll\":\"P202609-00001\",\"line\":1,\"account\":\"6222021234567890128\","
			    "\"amount_fen\":182700,\"status\":\"paid\",\"reason\":\"\"},"
			    "{\"roll\":\"P202609-00001\",\"line\":2,\"account\":\"6200000000000005\","
			    "\"amount_fen\":45000,\"status\":\"failed\",\"reason\":\"账户\\\"冻结\\\"\"}]");
	strbuf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(amounts),
		cmocka_unit_test(quoting),
		cmocka_unit_test(good_file),
		cmocka_unit_test(refusals_name_the_line),
		cmocka_unit_test(duplicates_and_encoding),
		cmocka_unit_test(gbk_round_trip),
		cmocka_unit_test(results_as_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
