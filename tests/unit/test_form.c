/* test_form.c - form definitions (forms/household.ini), value checks,
 * the household-file and JSON writers, and crash-safe drafts. */
#include "onedoor/civil_date.h"
#include "onedoor/draft.h"
#include "onedoor/form_file.h"
#include "onedoor/form_values.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct form_def *household;
static char tmp[64];

static int setup(void **state)
{
	(void)state;
	const char *top = getenv("ONEDOOR_TOP");
	char path[512];
	snprintf(path, sizeof path, "%s/forms/household.ini", top ? top : ".");
	struct diag d;
	if (form_def_load(path, &household, &d) != OD_OK) {
		fprintf(stderr, "%s\n", d.text);
		return -1;
	}
	snprintf(tmp, sizeof tmp, "/tmp/onedoor-form-XXXXXX");
	if (!mkdtemp(tmp))
		return -1;
	setenv("XDG_STATE_HOME", tmp, 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	form_def_free(&household);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

static const struct form_field *field(const char *key)
{
	int i = form_find(household, key);
	assert_true(i >= 0);
	return &household->fields[i];
}

static enum od_status check(const char *key, const char *input, char *out)
{
	struct diag d;
	return form_field_check(field(key), 0, input, out, 256, &d);
}

static void shipped_form_has_the_household_file_keys(void **state)
{
	(void)state;
	static const char *const household_keys[] = {
		"hukou", "hukou_region", "residence_years", "deposits", "houses", "vehicles",
		"medical_selfpaid", "education_spending", "emergency", "labour_death",
		"single_person", "holds"};
	static const char *const member_keys[] = {
		"id", "name", "relation", "status", "disability", "disability_grade", "illness",
		"labour", "school", "employment", "income_wage", "income_business",
		"income_property", "income_transfer", "support_paid"};
	for (size_t i = 0; i < sizeof household_keys / sizeof *household_keys; i++)
		assert_int_equal(field(household_keys[i])->scope, FS_HOUSEHOLD);
	for (size_t i = 0; i < sizeof member_keys / sizeof *member_keys; i++)
		assert_int_equal(field(member_keys[i])->scope, FS_MEMBER);
	assert_string_equal(field("hukou")->label[0], "户籍类型");
	assert_string_equal(field("hukou")->label[1], "Hukou type");
	assert_int_equal(field("relation")->choice_count, 8);
	assert_string_equal(form_choice_label(field("relation"), "spouse", 0), "配偶");
}

static void money_is_exact_and_bounded(void **state)
{
	(void)state;
	char out[256];
	assert_int_equal(check("deposits", "1234.5", out), OD_OK);
	assert_string_equal(out, "1234.50");
	assert_int_equal(check("deposits", "1,234.56", out), OD_OK);
	assert_string_equal(out, "1234.56");
	assert_int_equal(check("deposits", "１２３４．５", out), OD_OK); /* full-width */
	assert_string_equal(out, "1234.50");
	assert_int_equal(check("deposits", "0.10", out), OD_OK);
	assert_string_equal(out, "0.10");
	assert_int_equal(check("deposits", "12.345", out), OD_ERR_VALUE);
	assert_int_equal(check("deposits", "-5", out), OD_ERR_VALUE);
	assert_int_equal(check("deposits", "1e5", out), OD_ERR_VALUE);
	assert_int_equal(check("deposits", "99999999999999", out), OD_ERR_VALUE);
	assert_int_equal(check("deposits", "", out), OD_OK); /* blank: not entered */
	assert_string_equal(out, "");
}

static void integers_dates_choices_yesno(void **state)
{
	(void)state;
	char out[256];
	assert_int_equal(check("disability_grade", "2", out), OD_OK);
	assert_int_equal(check("disability_grade", "5", out), OD_ERR_VALUE);
	assert_int_equal(check("disability_grade", "1.5", out), OD_ERR_VALUE);
	assert_int_equal(check("hukou", "农村", out), OD_OK);
	assert_string_equal(out, "rural");
	assert_int_equal(check("hukou", "urban", out), OD_OK);
	assert_int_equal(check("hukou", "suburban", out), OD_ERR_VALUE);
	assert_int_equal(check("hukou", "", out), OD_ERR_VALUE); /* required */
	assert_int_equal(check("labour_death", "是", out), OD_OK);
	assert_string_equal(out, "yes");
	assert_int_equal(check("labour_death", "maybe", out), OD_ERR_VALUE);
	char key[] = "d", zh[] = "日期", en[] = "date";
	struct form_field date = {.key = key, .type = FT_DATE, .label = {zh, en}};
	struct diag d;
	assert_int_equal(form_field_check(&date, 0, "2026-02-28", out, 256, &d), OD_OK);
	assert_int_equal(form_field_check(&date, 0, "2026-02-29", out, 256, &d), OD_ERR_VALUE);
	assert_int_equal(form_field_check(&date, 0, "2028-02-29", out, 256, &d), OD_OK);
}

static void text_and_resident_id(void **state)
{
	(void)state;
	char out[256];
	struct diag d;
	assert_int_equal(check("id", "511703198502140025", out), OD_OK);
	assert_int_equal(form_field_check(field("id"), 0, "511703198502140024", out, 256, &d),
			 OD_ERR_VALUE);
	assert_non_null(strstr(d.text, "身份证号"));
	assert_int_equal(check("name", "欧阳娜娜", out), OD_OK);
	assert_int_equal(check("name", "Bob'); DROP TABLE persons;--", out), OD_OK);
	assert_int_equal(check("name", "tab\tok but bell\a", out), OD_ERR_VALUE);
	assert_int_equal(check("name", "\xff\xfe", out), OD_ERR_VALUE); /* invalid UTF-8 */
	char *long_name = malloc(10001);
	memset(long_name, 'a', 10000);
	long_name[10000] = '\0';
	assert_int_equal(check("name", long_name, out), OD_ERR_VALUE);
	free(long_name);
	assert_int_equal(form_field_check(field("name"), 1, "", out, 256, &d), OD_ERR_VALUE);
	assert_non_null(strstr(d.text, "Name")); /* English label in English */
	/* The form says a name takes no digits (refuse = digits), full-width
	 * ones included. */
	assert_true(field("name")->no_digits);
	assert_int_equal(form_field_check(field("name"), 1, "Li 3", out, 256, &d), OD_ERR_VALUE);
	assert_non_null(strstr(d.text, "digits"));
	assert_int_equal(check("name", "欧阳３", out), OD_ERR_VALUE);
	assert_int_equal(check("name", "欧阳．娜娜", out), OD_OK);
}

static const char *write_form(const char *name, const char *text)
{
	static char path[256];
	snprintf(path, sizeof path, "%s/%s", tmp, name);
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static void malformed_form_files_are_named_with_line(void **state)
{
	(void)state;
	static const struct {
		const char *text, *where;
	} cases[] = {
		{"[field.a]\nscope = household\ntype = colour\nlabel_zh = a\nlabel_en = a\n", ":3: "},
		{"[field.a]\nscope = household\ntype = text\nlabel_zh = a\nlabel_en = a\nsize = 3\n",
		 ":6: "},
		{"[field.a]\nscope = room\ntype = text\nlabel_zh = a\nlabel_en = a\n", ":2: "},
		{"[field.a]\nscope = household\ntype = choice\nlabel_zh = a\nlabel_en = a\n"
		 "choice.x = 甲\nchoice.y = 乙 | y\n",
		 ":6: "},
		{"[field.a]\nscope = household\ntype = choice\nlabel_zh = a\nlabel_en = a\n"
		 "choice.x = 甲 | x\n",
		 ":1: "},
		{"[field.a]\nscope = household\ntype = money\nlabel_zh = a\nlabel_en = a\n"
		 "default = -3\n",
		 ":6: "},
		{"[field.a]\nscope = household\ntype = money\nlabel_zh = a\nlabel_en = a\n", ":1: "},
		{"[field.a]\nscope = household\ntype = money\nlabel_zh = a\nlabel_en = a\n"
		 "blank = maybe\n",
		 ":6: "},
		{"[field.a]\nscope = household\ntype = text\nlabel_zh = a\nlabel_en = a\n"
		 "ask_unless = tuesday\n",
		 ":6: "},
		{"[page]\n", ":1: "},
		{"[field.a]\nscope = household\ntype = text\nlabel_zh = a\n", ":1: "},
		{"; nothing\n", "no [field.KEY]"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct form_def *def = NULL;
		struct diag d;
		const char *path = write_form("bad.ini", cases[i].text);
		assert_int_not_equal(form_def_load(path, &def, &d), OD_OK);
		assert_null(def);
		if (!strstr(d.text, cases[i].where))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, d.text, cases[i].where);
		assert_non_null(strstr(d.text, "bad.ini"));
	}
}

static void values_members_and_json(void **state)
{
	(void)state;
	struct form_values v;
	form_values_init(&v, household);
	assert_int_equal(v.member_count, 1);
	assert_string_equal(form_values_get_key(&v, 0, "relation"), "self");
	assert_string_equal(form_values_get_key(&v, -1, "hukou"), "rural");
	form_values_set(&v, 0, form_find(household, "id"), "511703198502140025");
	form_values_set(&v, 0, form_find(household, "name"), "欧阳娜娜");
	form_values_set(&v, 0, form_find(household, "employment"), "employed");
	form_values_set(&v, 0, form_find(household, "income_wage"), "18000");
	int m = form_values_add_member(&v);
	assert_int_equal(m, 1);
	form_values_set(&v, 1, form_find(household, "id"), "511703201403010035");
	form_values_set(&v, 1, form_find(household, "name"), "欧阳小明");
	assert_false(form_values_remove_member(&v, 0)); /* never the applicant */
	assert_false(form_values_move_member(&v, 1, -1));

	int member, fld;
	struct diag d;
	assert_int_equal(form_values_check(&v, 0, &member, &fld, &d), OD_OK);
	form_values_set(&v, 1, form_find(household, "id"), "511703198502140025");
	assert_int_equal(form_values_check(&v, 0, &member, &fld, &d), OD_ERR_VALUE);
	assert_int_equal(member, 1);
	form_values_set(&v, 1, form_find(household, "id"), "511703201403010035");

	struct strbuf json = STRBUF_INIT;
	form_values_to_json(&v, &json);
	assert_non_null(strstr(strbuf_text(&json), "\"hukou\":\"rural\""));
	assert_non_null(strstr(strbuf_text(&json),
			       "\"resident_id\":\"511703198502140025\",\"name\":\"欧阳娜娜\","
			       "\"relation\":\"self\""));
	assert_non_null(strstr(strbuf_text(&json), "\"income_wage\":\"18000.00\""));
	assert_non_null(strstr(strbuf_text(&json), "\"relation\":\"child\""));
	strbuf_free(&json);
	form_values_clear(&v);
}

/* What the facts typed rule out is not asked, not checked and not written
 * (the engine settles it); the blank rule is said by every money field. */
static void fields_the_facts_rule_out(void **state)
{
	(void)state;
	struct form_values v;
	form_values_init(&v, household);
	assert_true(cdate_parse("2026-11-30", &v.date));
	int id = form_find(household, "id"), wage = form_find(household, "income_wage"),
	    employment = form_find(household, "employment"), labour = form_find(household, "labour"),
	    grade = form_find(household, "disability_grade"),
	    transfer = form_find(household, "income_transfer"), school = form_find(household, "school"),
	    years = form_find(household, "residence_years");
	form_values_set(&v, 0, id, "511703198502140025");
	form_values_set(&v, 0, form_find(household, "name"), "欧阳娜娜");
	/* Without employment: no wage asked; employed: asked. */
	assert_false(form_values_asked(&v, 0, wage));
	assert_true(form_values_asked(&v, 0, transfer));
	form_values_set(&v, 0, employment, "employed");
	assert_true(form_values_asked(&v, 0, wage));
	/* A wage typed, then the employment changed to none: not written. */
	form_values_set(&v, 0, wage, "1200");
	form_values_set(&v, 0, employment, "none");
	struct strbuf json = STRBUF_INIT;
	form_values_to_json(&v, &json);
	assert_null(strstr(strbuf_text(&json), "income_wage"));
	strbuf_free(&json);
	/* A wrong value in a field not asked does not stop the form. */
	form_values_set(&v, 0, wage, "abc");
	int member, fld;
	struct diag d;
	assert_int_equal(form_values_check(&v, 0, &member, &fld, &d), OD_OK);
	/* A child of 11: nothing about work; schooling by age, where the
	 * clerk left the default. */
	int m = form_values_add_member(&v);
	form_values_set(&v, m, id, "511703201505050011");
	form_values_id_entered(&v, m);
	assert_false(form_values_asked(&v, m, employment));
	assert_false(form_values_asked(&v, m, labour));
	assert_false(form_values_asked(&v, m, wage));
	assert_true(form_values_asked(&v, m, transfer)); /* an orphan's allowance */
	assert_string_equal(form_values_get(&v, m, school), "primary");
	/* No disability, no grade; a local hukou, no years of residence. */
	assert_false(form_values_asked(&v, m, grade));
	form_values_set(&v, m, form_find(household, "disability"), "physical");
	assert_true(form_values_asked(&v, m, grade));
	assert_false(form_values_asked(&v, -1, years));
	form_values_set(&v, -1, form_find(household, "hukou_region"), "510104");
	assert_true(form_values_asked(&v, -1, years));
	/* Without the date, an age is not known: everything is asked. */
	v.date = 0;
	assert_true(form_values_asked(&v, m, employment));
	form_values_clear(&v);
	/* Every money field of the form says what its blank means. */
	for (int f = 0; f < household->count; f++)
		if (household->fields[f].type == FT_MONEY)
			assert_int_not_equal(household->fields[f].blank, FB_NONE);
}

static void draft_round_trip_is_private_and_atomic(void **state)
{
	(void)state;
	struct form_values v, back;
	form_values_init(&v, household);
	form_values_set(&v, 0, form_find(household, "name"), "名字; 带分号 # 和井号");
	form_values_set(&v, 0, form_find(household, "id"), "51170319850214002"); /* unfinished */
	form_values_set(&v, -1, form_find(household, "deposits"), "300.5");
	form_values_add_member(&v);
	form_values_set(&v, 1, form_find(household, "name"), "欧阳小明");
	const char *id = "0b6f1c0e-1d2a-4c3b-8e4f-5a6b7c8d9e0f";
	struct diag d;
	assert_int_equal(draft_save(id, &v, &d), OD_OK);

	char path[256];
	struct stat st;
	snprintf(path, sizeof path, "%s/onedoor/drafts", tmp);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	snprintf(path, sizeof path, "%s/onedoor/drafts/%s.ini", tmp, id);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	char ids[4][DRAFT_ID_SIZE];
	assert_int_equal(draft_list(ids, 4), 1);
	assert_string_equal(ids[0], id);
	assert_int_equal(draft_load(id, household, &back, &d), OD_OK);
	assert_int_equal(back.member_count, 2);
	assert_string_equal(form_values_get_key(&back, 0, "name"), "名字; 带分号 # 和井号");
	assert_string_equal(form_values_get_key(&back, -1, "deposits"), "300.5");
	assert_string_equal(form_values_get_key(&back, 1, "name"), "欧阳小明");
	/* Half-typed and wrong, but typed: a draft keeps it. */
	assert_string_equal(form_values_get_key(&back, 0, "id"), "51170319850214002");
	form_values_clear(&back);

	draft_remove(id);
	assert_int_equal(draft_list(ids, 4), 0);
	assert_int_not_equal(draft_save("../../etc/passwd", &v, &d), OD_OK);
	form_values_clear(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shipped_form_has_the_household_file_keys),
		cmocka_unit_test(money_is_exact_and_bounded),
		cmocka_unit_test(integers_dates_choices_yesno),
		cmocka_unit_test(text_and_resident_id),
		cmocka_unit_test(malformed_form_files_are_named_with_line),
		cmocka_unit_test(values_members_and_json),
		cmocka_unit_test(fields_the_facts_rule_out),
		cmocka_unit_test(draft_round_trip_is_private_and_atomic),
	};
	return cmocka_run_group_tests_name("form", tests, setup, teardown);
}
