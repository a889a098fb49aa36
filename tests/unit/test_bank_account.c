/* test_bank_account.c - account numbers (Luhn where a card carries it),
 * masking, and mobile numbers. */
#include "onedoor/bank_account.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

static void luhn_known_numbers(void **state)
{
	(void)state;
	assert_true(luhn_valid("79927398713")); /* the textbook example */
	assert_true(luhn_valid("4111111111111111"));
	assert_true(luhn_valid("6200000000000005"));
	assert_true(luhn_valid("6222021234567890128"));
	assert_false(luhn_valid("6222021234567890123"));
	assert_false(luhn_valid("79927398710"));
	assert_false(luhn_valid(""));
	assert_false(luhn_valid("7992739871a"));
}

static void one_digit_changed_fails(void **state)
{
	(void)state;
	char n[] = "6222021234567890128";
	for (size_t i = 0; i < strlen(n); i++) {
		char saved = n[i];
		n[i] = (char)('0' + (saved - '0' + 1) % 10);
		assert_false(luhn_valid(n));
		n[i] = saved;
	}
	/* Two neighbours swapped (the commonest typing slip) is caught too. */
	char swapped[] = "6222021234567890218";
	assert_false(luhn_valid(swapped));
}

static void card_numbers_are_checked(void **state)
{
	(void)state;
	char out[BANK_ACCOUNT_SIZE];
	assert_int_equal(bank_account_parse("6222 0212 3456 7890 128", out), BANK_ACCOUNT_OK);
	assert_string_equal(out, "6222021234567890128");
	assert_int_equal(bank_account_parse("6222021234567890123", out), BANK_ACCOUNT_BAD_CHECK);
	assert_string_equal(out, "");
	/* Full-width digits from a Chinese input method, hyphen groups. */
	assert_int_equal(bank_account_parse("６２００-0000-0000-0005", out), BANK_ACCOUNT_OK);
	assert_string_equal(out, "6200000000000005");
}

static void other_accounts_only_by_form(void **state)
{
	(void)state;
	char out[BANK_ACCOUNT_SIZE];
	/* A 20-digit passbook account and a 16-digit number not starting 3-6:
	 * no check digit to verify. */
	assert_int_equal(bank_account_parse("51001234567890123456", out), BANK_ACCOUNT_OK);
	assert_int_equal(bank_account_parse("9558801234567890", out), BANK_ACCOUNT_OK);
	assert_int_equal(bank_account_parse("123456789", out), BANK_ACCOUNT_BAD_LENGTH);
	assert_int_equal(bank_account_parse("1234567890123456789012345678901", out),
			 BANK_ACCOUNT_BAD_LENGTH);
	assert_int_equal(bank_account_parse("6222O21234567890128", out),
			 BANK_ACCOUNT_BAD_CHARACTER);
	assert_int_equal(bank_account_parse("", out), BANK_ACCOUNT_BAD_LENGTH);
	assert_int_equal(bank_account_parse("\xff\xfe", out), BANK_ACCOUNT_BAD_CHARACTER);
	assert_string_equal(bank_account_error_message(BANK_ACCOUNT_BAD_CHECK),
			    "the card number's check digit does not match; please re-type the number");
}

static void masking(void **state)
{
	(void)state;
	char out[BANK_ACCOUNT_SIZE];
	bank_account_mask("6222021234567890128", out);
	assert_string_equal(out, "6222***********0128");
	bank_account_mask("12345678", out);
	assert_string_equal(out, "****5678");
	bank_account_mask("123", out);
	assert_string_equal(out, "123");
}

static void mobile_numbers(void **state)
{
	(void)state;
	char out[MOBILE_SIZE];
	assert_true(mobile_parse("13800138000", out));
	assert_string_equal(out, "13800138000");
	assert_true(mobile_parse("+86 138-0013-8000", out));
	assert_string_equal(out, "13800138000");
	assert_true(mobile_parse("８６１３９００１３９０００", out));
	assert_string_equal(out, "13900139000");
	assert_false(mobile_parse("12800138000", out)); /* no 12x mobile numbers */
	assert_string_equal(out, "");
	assert_false(mobile_parse("1380013800", out));
	assert_false(mobile_parse("0818-2345678", out)); /* a landline gets no SMS */
	assert_false(mobile_parse("138001380001", out));
	assert_false(mobile_parse("", out));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(luhn_known_numbers),
		cmocka_unit_test(one_digit_changed_fails),
		cmocka_unit_test(card_numbers_are_checked),
		cmocka_unit_test(other_accounts_only_by_form),
		cmocka_unit_test(masking),
		cmocka_unit_test(mobile_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
