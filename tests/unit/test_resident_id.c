/* test_resident_id.c - resident ID validation (GB 11643-1999). */
#include "onedoor/civil_date.h"
#include "onedoor/resident_id.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

static void valid_id_gives_birth_and_sex(void **state)
{
	(void)state;
	struct resident_id rid;
	assert_int_equal(rid_parse("11010519491231002X", &rid), RID_OK);
	assert_string_equal(rid.text, "11010519491231002X");
	assert_int_equal(rid.birth, cdate_from_ymd(1949, 12, 31));
	assert_int_equal(rid.sex, 'F'); /* sequence 002: even */
	assert_int_equal(rid_parse("511703197403120112", &rid), RID_OK);
	assert_int_equal(rid.sex, 'M');
}

static void x_check_character_in_any_case(void **state)
{
	(void)state;
	struct resident_id rid;
	assert_int_equal(rid_parse("11010519491231002x", &rid), RID_OK);
	assert_string_equal(rid.text, "11010519491231002X");
	assert_int_equal(rid_check_char("11010519491231002"), 'X');
}

static void wrong_check_character(void **state)
{
	(void)state;
	struct resident_id rid;
	assert_int_equal(rid_parse("110105194912310021", &rid), RID_BAD_CHECK);
	assert_int_equal(rid_parse("511703197403120119", &rid), RID_BAD_CHECK);
}

static void impossible_birth_date(void **state)
{
	(void)state;
	struct resident_id rid;
	/* 30 February, with a check character that is right for the digits. */
	char id[19] = "51170319740230011";
	id[17] = rid_check_char(id);
	id[18] = '\0';
	assert_int_equal(rid_parse(id, &rid), RID_BAD_BIRTH_DATE);
	char month13[19] = "51170319741301011";
	month13[17] = rid_check_char(month13);
	month13[18] = '\0';
	assert_int_equal(rid_parse(month13, &rid), RID_BAD_BIRTH_DATE);
}

static void wrong_length(void **state)
{
	(void)state;
	struct resident_id rid;
	assert_int_equal(rid_parse("", &rid), RID_BAD_LENGTH);
	assert_int_equal(rid_parse("1101051949123100", &rid), RID_BAD_LENGTH);
	assert_int_equal(rid_parse("11010519491231002X1", &rid), RID_BAD_LENGTH);
	assert_int_equal(rid_parse(NULL, &rid), RID_BAD_LENGTH);
}

static void bad_characters_and_region(void **state)
{
	(void)state;
	struct resident_id rid;
	assert_int_equal(rid_parse("1101051949123100AX", &rid), RID_BAD_CHARACTER);
	assert_int_equal(rid_parse("11010519491231002张", &rid), RID_BAD_CHARACTER);
	char region[19] = "99010519491231002";
	region[17] = rid_check_char(region);
	region[18] = '\0';
	assert_int_equal(rid_parse(region, &rid), RID_BAD_REGION);
}

static void full_width_digits_from_an_input_method(void **state)
{
	(void)state;
	struct resident_id rid;
	/* "１１０１０５１９４９１２３１００２Ｘ" as a Chinese IME types it. */
	const char *wide = "\xef\xbc\x91\xef\xbc\x91\xef\xbc\x90\xef\xbc\x91\xef\xbc\x90\xef\xbc\x95"
			   "\xef\xbc\x91\xef\xbc\x99\xef\xbc\x94\xef\xbc\x99\xef\xbc\x91\xef\xbc\x92"
			   "\xef\xbc\x93\xef\xbc\x91\xef\xbc\x90\xef\xbc\x90\xef\xbc\x92\xef\xbc\xb8";
	assert_int_equal(rid_parse(wide, &rid), RID_OK);
	assert_string_equal(rid.text, "11010519491231002X");
	assert_int_equal(rid_parse(" 11010519491231002X\xe3\x80\x80", &rid), RID_OK);
}

static void failed_parse_leaves_output_alone(void **state)
{
	(void)state;
	struct resident_id rid;
	memset(&rid, 0x5A, sizeof rid);
	assert_int_not_equal(rid_parse("110105194912310021", &rid), RID_OK);
	assert_int_equal(rid.sex, 0x5A);
}

static void mask_hides_birth_date(void **state)
{
	(void)state;
	char out[19];
	rid_mask("11010519491231002X", out);
	assert_string_equal(out, "110105********002X");
}

static void every_error_has_a_message(void **state)
{
	(void)state;
	for (int e = RID_OK; e <= RID_BAD_CHECK; e++)
		assert_true(strlen(rid_error_message((enum rid_error)e)) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_id_gives_birth_and_sex),
		cmocka_unit_test(x_check_character_in_any_case),
		cmocka_unit_test(wrong_check_character),
		cmocka_unit_test(impossible_birth_date),
		cmocka_unit_test(wrong_length),
		cmocka_unit_test(bad_characters_and_region),
		cmocka_unit_test(full_width_digits_from_an_input_method),
		cmocka_unit_test(failed_parse_leaves_output_alone),
		cmocka_unit_test(mask_hides_birth_date),
		cmocka_unit_test(every_error_has_a_message),
	};
	return cmocka_run_group_tests_name("resident_id", tests, NULL, NULL);
}
