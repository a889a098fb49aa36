/* test_ui_rolls.c - the payment screens' view logic without a terminal: a
 * roll's totals by what happens to its lines, the masked account made to
 * fit its column without showing a digit more, money in yuan with
 * grouping, the actions the server allows, and the columns of a roll at
 * 80 columns and wider. */
#include "onedoor/text_width.h"
#include "onedoor/ui_views.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

static struct pay_line_row line(const char *state, long long amount, long long back)
{
	struct pay_line_row l;
	memset(&l, 0, sizeof l);
	snprintf(l.state, sizeof l.state, "%s", state);
	l.amount_fen = amount;
	l.back_pay_fen = back;
	l.total_fen = amount + back;
	return l;
}

static void totals_by_what_happens(void **state)
{
	(void)state;
	struct pay_line_row lines[] = {
		line("pending", 60900, 121800), line("held", 30000, 0), line("paid", 45000, 0),
		line("failed", 45000, 45000),   line("pending", 1, 0),
	};
	struct roll_sums s;
	roll_view_sums(lines, 5, &s);
	assert_int_equal(s.to_pay, 4);
	assert_int_equal(s.held, 1);
	assert_int_equal(s.paid, 1);
	assert_int_equal(s.failed, 1);
	/* A held line is in no figure to pay. */
	assert_int_equal(s.amount_fen, 60900 + 45000 + 45000 + 1);
	assert_int_equal(s.back_pay_fen, 121800 + 45000);
	assert_int_equal(s.total_fen, s.amount_fen + s.back_pay_fen);
	assert_int_equal(s.held_fen, 30000);
	assert_int_equal(s.paid_fen, 45000);
	assert_int_equal(s.failed_fen, 90000);
	roll_view_sums(NULL, 0, &s);
	assert_int_equal(s.to_pay + s.held, 0);
	assert_int_equal(s.total_fen, 0);
}

static int digits(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s >= '0' && *s <= '9';
	return n;
}

static void account_fits_its_column(void **state)
{
	(void)state;
	const char *card = "6222***********0128"; /* as the server masks it */
	char out[64];
	roll_view_account(card, 19, out, sizeof out);
	assert_string_equal(out, card);
	roll_view_account(card, 40, out, sizeof out);
	assert_string_equal(out, card);
	roll_view_account(card, 16, out, sizeof out);
	assert_string_equal(out, "6222********0128");
	roll_view_account(card, 10, out, sizeof out);
	assert_string_equal(out, "6222**0128");
	roll_view_account(card, 8, out, sizeof out);
	assert_string_equal(out, "****0128");
	/* At every width: no wider than the column, still masked, never a
	 * digit the server did not show. */
	for (int w = 1; w <= 24; w++) {
		roll_view_account(card, w, out, sizeof out);
		assert_true(str_width(out) <= w);
		assert_true(digits(out) <= 8);
		assert_non_null(strchr(out, '*'));
		const char *tail = out + strlen(out);
		while (tail > out && tail[-1] != '*')
			tail--;
		assert_non_null(strstr("0128", tail)); /* the digits shown are the last ones */
	}
	roll_view_account("", 10, out, sizeof out);
	assert_string_equal(out, "");
}

static void money_in_yuan(void **state)
{
	(void)state;
	char out[32];
	money_text(0, out);
	assert_string_equal(out, "0.00");
	money_text(5, out);
	assert_string_equal(out, "0.05");
	money_text(182700, out);
	assert_string_equal(out, "1,827.00");
	money_text(123456789, out);
	assert_string_equal(out, "1,234,567.89");
	money_text(100000000000LL, out);
	assert_string_equal(out, "1,000,000,000.00");
	money_text(-12345, out);
	assert_string_equal(out, "-123.45");
}

static void actions_are_the_servers_words(void **state)
{
	(void)state;
	assert_true(roll_view_may("submit hold", "submit"));
	assert_true(roll_view_may("submit hold", "hold"));
	assert_false(roll_view_may("submit hold", "approve"));
	assert_true(roll_view_may("approve return", "return"));
	assert_false(roll_view_may("approve return", "turn"));
	assert_false(roll_view_may("approve returned", "return"));
	assert_false(roll_view_may("", "submit"));
	assert_false(roll_view_may(NULL, "submit"));
}

static void months_in_short(void **state)
{
	(void)state;
	char out[64];
	roll_view_months("2026-07 2026-08 2026-09", out, sizeof out);
	assert_string_equal(out, "2026-07..2026-09 (3)");
	roll_view_months("2026-09", out, sizeof out);
	assert_string_equal(out, "2026-09");
	roll_view_months("", out, sizeof out);
	assert_string_equal(out, "");
}

static void columns_at_80_and_wider(void **state)
{
	(void)state;
	struct roll_columns c = roll_view_columns(80);
	int used = c.no + c.name + c.item + c.amount + c.back + c.total + c.account + c.state + 7;
	assert_true(used <= 80);
	assert_true(c.amount >= 9);  /* "99,999.00" a month */
	assert_true(c.total >= 10);  /* "100,000.00" with back pay */
	assert_true(c.name >= 8);    /* four Chinese characters */
	/* The English headings whole at 80 columns (the Chinese are shorter). */
	assert_true(c.no >= 3);      /* "No." */
	assert_true(c.name >= 9);    /* "Recipient" */
	assert_true(c.amount >= 10); /* "This month" */
	assert_true(c.back >= 8);    /* "Back pay" */
	assert_true(c.account >= 9); /* "Account", and a card's ends "6222*0128" */
	assert_true(c.state >= 5);   /* "State" */
	struct roll_columns w = roll_view_columns(132);
	assert_int_equal(w.account, 19); /* the whole mask of a card */
	assert_true(w.name > c.name && w.item > c.item);
	used = w.no + w.name + w.item + w.amount + w.back + w.total + w.account + w.state + 7;
	assert_true(used <= 132);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(totals_by_what_happens),
		cmocka_unit_test(account_fits_its_column),
		cmocka_unit_test(money_in_yuan),
		cmocka_unit_test(actions_are_the_servers_words),
		cmocka_unit_test(months_in_short),
		cmocka_unit_test(columns_at_80_and_wider),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
