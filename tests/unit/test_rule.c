/* test_rule.c - exact decimals and the rule language: grammar, precedence,
 * types, three-valued evaluation, and every compile error with its column. */
#include "onedoor/decimal.h"
#include "onedoor/rule.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

/* Decimals ------------------------------------------------------------------ */

static void dec_text_round_trip(void **state)
{
	(void)state;
	dec_t v;
	char out[DEC_TEXT_SIZE];
	assert_true(dec_parse("755", &v));
	assert_int_equal(v, 7550000);
	assert_true(dec_parse("412.5", &v));
	dec_format(v, 2, out);
	assert_string_equal(out, "412.50");
	assert_true(dec_parse("-0.0001", &v));
	dec_format(v, 4, out);
	assert_string_equal(out, "-0.0001");
	dec_format(v, 2, out);
	assert_string_equal(out, "0.00");
	assert_true(dec_parse("0.005", &v));
	dec_format(v, 2, out);
	assert_string_equal(out, "0.01"); /* half away from zero */
	assert_true(dec_parse("-0.005", &v));
	dec_format(v, 2, out);
	assert_string_equal(out, "-0.01");
	const char *bad[] = {"", "-", ".5", "5.", "1.23456", "1e3", " 1", "1 ", "1,000",
			     "99999999999999999999", "0x10", "+1"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(dec_parse(bad[i], &v));
}

static void dec_arithmetic_is_exact_and_checked(void **state)
{
	(void)state;
	dec_t a, b, r;
	assert_true(dec_parse("0.1", &a));
	assert_true(dec_parse("0.2", &b));
	assert_true(dec_add(a, b, &r));
	assert_int_equal(r, 3000); /* 0.3 exactly: no binary floating point */
	assert_true(dec_parse("755.00", &a));
	assert_true(dec_parse("1.5", &b));
	assert_true(dec_mul(a, b, &r));
	assert_int_equal(r, 11325000); /* 1132.50 */
	assert_true(dec_div(DEC_SCALE, 3 * DEC_SCALE, &r));
	assert_int_equal(r, 3333);
	assert_true(dec_div(2 * DEC_SCALE, 3 * DEC_SCALE, &r));
	assert_int_equal(r, 6667);
	assert_false(dec_div(a, 0, &r));
	assert_false(dec_add(INT64_MAX, 1, &r));
	assert_false(dec_sub(INT64_MIN, 1, &r));
	assert_false(dec_mul(INT64_MAX / 2, 3 * DEC_SCALE, &r));
	assert_false(dec_from_int(INT64_MAX / 1000, &r));
	assert_int_equal(dec_round(12345, 2), 12300);
	assert_int_equal(dec_round(12350, 2), 12400);
	assert_int_equal(dec_round(-12350, 2), -12400);
}

/* Rules --------------------------------------------------------------------- */

static const char *const param_names[] = {"dibao", "share", NULL};
static const char *const item_names[] = {"dibao_rural", "medical", NULL};

static int find(const char *const *names, const char *code, size_t len)
{
	for (int i = 0; names[i]; i++)
		if (strlen(names[i]) == len && memcmp(names[i], code, len) == 0)
			return i;
	return -1;
}

static int by_param(void *arg, const char *code, size_t len)
{
	(void)arg;
	return find(param_names, code, len);
}

static int by_item(void *arg, const char *code, size_t len)
{
	(void)arg;
	return find(item_names, code, len);
}

static const struct rule_names names = {by_param, by_item, NULL};
static const struct rule_origin origin = {"test.ini", 7, "item t"};

struct world {
	struct rule_arena arena;
	struct hh_input in;
	struct hh_facts facts;
	dec_t params[2];
	uint8_t param_ok[2];
	uint8_t verdicts[2], holds[2];
	struct rule_cond conds[256];
	struct rule_env env;
};

static int setup(void **state)
{
	static struct world w;
	memset(&w, 0, sizeof w);
	rule_arena_init(&w.arena);
	hh_input_init(&w.in);
	struct diag d;
	assert_int_equal(hh_input_set(&w.in, "region", "511703", &d), OD_OK);
	assert_int_equal(hh_input_set(&w.in, "hukou", "rural", &d), OD_OK);
	assert_int_equal(hh_input_set(&w.in, "deposits", "1000", &d), OD_OK);
	const char *m1[][2] = {{"id", "511703197403120112"}, {"name", "杨建国"},
			       {"relation", "self"},	       {"disability", "physical"},
			       {"disability_grade", "1"},      {"illness", "none"},
			       {"income_wage", "1200"}};
	for (size_t i = 0; i < sizeof m1 / sizeof m1[0]; i++)
		assert_int_equal(hh_input_set_member(&w.in, 0, m1[i][0], m1[i][1], &d), OD_OK);
	const char *m2[][2] = {{"id", "511703194406050136"}, {"relation", "parent"},
			       {"disability", "none"}};
	for (size_t i = 0; i < sizeof m2 / sizeof m2[0]; i++)
		assert_int_equal(hh_input_set_member(&w.in, 1, m2[i][0], m2[i][1], &d), OD_OK);
	struct hh_fact_params fp = {70 * DEC_SCALE, DEC_SCALE, 0, 0, 0, 0, 60 * DEC_SCALE,
				    DEC_SCALE, 18 * DEC_SCALE};
	hh_facts_compute(&w.in, 20515 /* 2026-03-02 */, &fp, &w.facts);
	w.params[0] = 5750000;
	w.params[1] = 15000;
	w.param_ok[0] = w.param_ok[1] = 1;
	w.verdicts[0] = VERDICT_ELIGIBLE;
	w.verdicts[1] = VERDICT_MISSING;
	w.env = (struct rule_env){&w.facts, w.params, w.param_ok, w.verdicts, w.holds, w.conds, 1, NULL};
	*state = &w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;
	rule_arena_free(&w->arena);
	return 0;
}

static struct rule_value run(struct world *w, const char *text, enum rule_type type)
{
	struct diag d;
	int root;
	enum od_status st = rule_compile(&w->arena, text, type, &names, &origin, &root, &d);
	if (st != OD_OK)
		fail_msg("%s: %s", text, d.text);
	w->env.gen++;
	return rule_eval(&w->arena, root, &w->env);
}

static void expect_num(struct world *w, const char *text, const char *value)
{
	dec_t want;
	assert_true(dec_parse(value, &want));
	struct rule_value v = run(w, text, RT_NUM);
	assert_int_equal(v.why.kind, WHY_NONE);
	if (v.v != want)
		fail_msg("%s gave %lld, want %s", text, (long long)v.v, value);
}

static void expect_bool(struct world *w, const char *text, bool value)
{
	struct rule_value v = run(w, text, RT_BOOL);
	if (v.why.kind != WHY_NONE)
		fail_msg("%s: missing (kind %d)", text, v.why.kind);
	if ((v.v != 0) != value)
		fail_msg("%s gave %lld", text, (long long)v.v);
}

static void precedence_and_arithmetic(void **state)
{
	struct world *w = *state;
	expect_num(w, "1 + 2 * 3", "7");
	expect_num(w, "(1 + 2) * 3", "9");
	expect_num(w, "10 - 4 - 3", "3"); /* left-associative */
	expect_num(w, "12 / 4 / 3", "1");
	expect_num(w, "-2 * 3", "-6");
	expect_num(w, "- -2", "2");
	expect_num(w, "10 / 4", "2.5");
	expect_num(w, "1 / 3 * 3", "0.9999"); /* four places, rounded each step */
	expect_num(w, "0.1 + 0.2", "0.3");
	expect_num(w, "param.dibao * param.share", "862.5");
	expect_num(w, "if 1 < 2 then 10 else 20", "10");
	expect_num(w, "if 1 > 2 then 10 else if 2 > 1 then 30 else 40", "30");
	expect_bool(w, "not false and false", false);
	expect_bool(w, "true or false and false", true);
	expect_bool(w, "(true or false) and false", false);
	expect_bool(w, "not 1 > 2", true);
	expect_bool(w, "1 + 1 = 2 and 2 * 2 == 4 and 3 != 4 and 3 <> 4", true);
	expect_bool(w, "1 <= 1 and 1 >= 1 and not 1 < 1 and not 1 > 1", true);
	expect_bool(w, "true = true and false != true", true);
}

static void facts_aggregates_items(void **state)
{
	struct world *w = *state;
	expect_bool(w, "hukou = \"rural\"", true);
	expect_bool(w, "hukou = 'urban'", false);
	expect_num(w, "size", "2");
	expect_num(w, "applicant.age", "51");
	expect_num(w, "applicant.income", "100");
	expect_bool(w, "applicant.severe_disability", true);
	expect_num(w, "count(m.age >= 60)", "1");
	expect_num(w, "sum(m.age)", "132");
	expect_num(w, "sum(m.age where m.relation = \"parent\")", "81");
	expect_num(w, "min(m.age)", "51");
	expect_num(w, "max(m.age)", "81");
	expect_bool(w, "any(m.relation = \"parent\")", true);
	expect_bool(w, "all(m.age > 50)", true);
	expect_bool(w, "item.dibao_rural and not holds.dibao_rural", true);
}

static void three_valued_logic(void **state)
{
	struct world *w = *state;
	/* member 2 has no income entered: the household income is missing */
	struct rule_value v = run(w, "per_capita_income < param.dibao", RT_BOOL);
	assert_int_equal(v.why.kind, WHY_FACT);
	assert_int_equal(v.why.member, 2);
	assert_int_equal(v.why.index, MK_INCOME_WAGE);
	expect_bool(w, "per_capita_income < param.dibao and false", false);
	expect_bool(w, "false and per_capita_income < param.dibao", false);
	expect_bool(w, "per_capita_income < param.dibao or true", true);
	v = run(w, "per_capita_income < param.dibao and true", RT_BOOL);
	assert_int_equal(v.why.kind, WHY_FACT);
	v = run(w, "not (per_capita_income < param.dibao)", RT_BOOL);
	assert_int_equal(v.why.kind, WHY_FACT);
	/* an item whose own verdict lacks data */
	v = run(w, "item.medical", RT_BOOL);
	assert_int_equal(v.why.kind, WHY_ITEM);
	assert_int_equal(v.why.index, 1);
	/* a parameter without a value for the region and date */
	w->param_ok[1] = 0;
	v = run(w, "param.share > 1", RT_BOOL);
	assert_int_equal(v.why.kind, WHY_PARAM);
	w->param_ok[1] = 1;
	/* aggregates: a missing member value decides nothing by itself */
	v = run(w, "any(m.income > 50000)", RT_BOOL);
	assert_int_equal(v.why.kind, WHY_FACT);
	expect_bool(w, "any(m.income > 50)", true);
	/* a blank status is "normal", a missing disability is missing */
	expect_bool(w, "all(m.status = \"normal\")", true);
	expect_bool(w, "any(m.disability = \"physical\")", true);
	/* division by zero is not a crash but an unknown */
	v = run(w, "1 / 0 > 1", RT_BOOL);
	assert_int_equal(v.why.kind, WHY_ARITH);
}

static void condition_records(void **state)
{
	struct world *w = *state;
	struct diag d;
	int root;
	int first = w->arena.count;
	assert_int_equal(rule_compile(&w->arena, "applicant.age >= 18 and deposits < 500", RT_BOOL,
				      &names, &origin, &root, &d),
			 OD_OK);
	w->env.gen++;
	struct rule_value v = rule_eval(&w->arena, root, &w->env);
	assert_int_equal(v.v, 0);
	int seen = 0;
	for (int i = first; i < w->arena.count; i++) {
		const struct rule_node *n = &w->arena.nodes[i];
		if (n->cond < 0 || n->op == OP_AND)
			continue;
		const struct rule_cond *c = &w->conds[n->cond];
		assert_int_equal(c->gen, w->env.gen);
		if (seen++ == 0) {
			assert_int_equal(c->outcome, 1);
			assert_int_equal(c->l.v, 51 * DEC_SCALE);
		} else {
			assert_int_equal(c->outcome, 0);
			assert_int_equal(c->l.v, 1000 * DEC_SCALE);
			assert_int_equal(c->r.v, 500 * DEC_SCALE);
		}
	}
	assert_int_equal(seen, 2);
}

struct bad_rule {
	const char *text;
	enum rule_type type;
	enum od_status status;
	int column;
	const char *message;
};

static void every_compile_error(void **state)
{
	struct world *w = *state;
	static const struct bad_rule cases[] = {
		{"", RT_BOOL, OD_ERR_SYNTAX, 1, "the rule is empty"},
		{"size > 1 $", RT_BOOL, OD_ERR_SYNTAX, 10, "unexpected character \"$\""},
		{"size > 1 ＋ 2", RT_BOOL, OD_ERR_SYNTAX, 10, "unexpected character \"＋\""},
		{"size > 1.23456", RT_BOOL, OD_ERR_SYNTAX, 8, "is not a number"},
		{"size > 1..2", RT_BOOL, OD_ERR_SYNTAX, 8, "is not a number"},
		{"hukou = \"rural", RT_BOOL, OD_ERR_SYNTAX, 9, "string not closed"},
		{"(size > 1", RT_BOOL, OD_ERR_SYNTAX, 10, "expected \")\" before the end"},
		{"size > ", RT_BOOL, OD_ERR_SYNTAX, 8, "expected a value before the end"},
		{"size > )", RT_BOOL, OD_ERR_SYNTAX, 8, "expected a value, found \")\""},
		{"if size > 1 10 else 2", RT_NUM, OD_ERR_SYNTAX, 13, "expected \"then\""},
		{"if size > 1 then 10", RT_NUM, OD_ERR_SYNTAX, 20, "expected \"else\""},
		{"size > 1 size", RT_BOOL, OD_ERR_SYNTAX, 10, "unexpected \"size\" after the end"},
		{"1 < size < 3", RT_BOOL, OD_ERR_SYNTAX, 10, "cannot be chained"},
		{"param.", RT_NUM, OD_ERR_SYNTAX, 7, "expected a name after \".\""},
		{"param dibao", RT_NUM, OD_ERR_SYNTAX, 7, "expected \".\""},
		{"sizes > 1", RT_BOOL, OD_ERR_VALUE, 1, "unknown fact \"sizes\""},
		{"age > 1", RT_BOOL, OD_ERR_VALUE, 1, "is a member fact"},
		{"param.dibbao > 1", RT_BOOL, OD_ERR_VALUE, 7, "unknown parameter \"dibbao\""},
		{"item.dibao", RT_BOOL, OD_ERR_VALUE, 6, "unknown item \"dibao\""},
		{"holds.x1", RT_BOOL, OD_ERR_VALUE, 7, "unknown item \"x1\""},
		{"applicant.wage > 1", RT_BOOL, OD_ERR_VALUE, 11, "unknown member fact \"wage\""},
		{"m.age > 1", RT_BOOL, OD_ERR_VALUE, 1, "only allowed inside count"},
		{"count(count(m.age > 1) > 1) > 1", RT_BOOL, OD_ERR_VALUE, 7, "cannot be nested"},
		{"count(m.age) > 1", RT_BOOL, OD_ERR_VALUE, 7, "needs yes/no here, not a number"},
		{"sum(m.age > 1) > 1", RT_BOOL, OD_ERR_VALUE, 5, "needs a number here"},
		{"sum(m.age where m.age) > 1", RT_BOOL, OD_ERR_VALUE, 17, "where needs yes/no"},
		{"count(m.age > 1", RT_BOOL, OD_ERR_SYNTAX, 16, "expected \")\""},
		{"hukou = \"rurl\"", RT_BOOL, OD_ERR_VALUE, 9, "\"rurl\" is not a value of hukou (urban|rural)"},
		{"size = \"rural\"", RT_BOOL, OD_ERR_VALUE, 8, "can only be compared with a fact that has named values"},
		{"\"a\" = \"b\"", RT_BOOL, OD_ERR_VALUE, 5, "compares two quoted values"},
		{"\"rural\"", RT_BOOL, OD_ERR_VALUE, 1, "must be compared with a fact"},
		{"hukou < \"rural\"", RT_BOOL, OD_ERR_VALUE, 7, "\"<\" compares numbers"},
		{"size = true", RT_BOOL, OD_ERR_VALUE, 6, "cannot compare a number with yes/no"},
		{"hukou = applicant.sex", RT_BOOL, OD_ERR_VALUE, 7, "cannot compare"},
		{"size and true", RT_BOOL, OD_ERR_VALUE, 1, "\"and\" needs yes/no here, not a number"},
		{"true or 1", RT_BOOL, OD_ERR_VALUE, 9, "\"or\" needs yes/no"},
		{"not 1", RT_BOOL, OD_ERR_VALUE, 5, "\"not\" needs yes/no"},
		{"-true", RT_NUM, OD_ERR_VALUE, 2, "\"-\" needs a number"},
		{"true + 1", RT_NUM, OD_ERR_VALUE, 1, "\"+\" needs a number"},
		{"2 * false", RT_NUM, OD_ERR_VALUE, 5, "\"*\" needs a number"},
		{"if 1 then 2 else 3", RT_NUM, OD_ERR_VALUE, 4, "if needs yes/no"},
		{"if true then 1 else false", RT_NUM, OD_ERR_VALUE, 1, "must both be numbers"},
		{"size + 1", RT_BOOL, OD_ERR_VALUE, 1, "a condition must be yes/no, this is a number"},
		{"size > 1", RT_NUM, OD_ERR_VALUE, 1, "an amount must be a number, this is yes/no"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct diag d;
		int root = 123;
		enum od_status st = rule_compile(&w->arena, cases[i].text, cases[i].type, &names,
						 &origin, &root, &d);
		char where[64];
		snprintf(where, sizeof where, "test.ini:7:%d: item t: ", cases[i].column);
		if (st != cases[i].status || strncmp(d.text, where, strlen(where)) != 0 ||
		    !strstr(d.text, cases[i].message))
			fail_msg("rule \"%s\": status %d, message \"%s\"; want %d, \"%s%s\"",
				 cases[i].text, st, st == OD_OK ? "" : d.text, cases[i].status, where,
				 cases[i].message);
		assert_int_equal(root, -1);
	}
	/* nesting is bounded so that evaluation cannot exhaust the stack */
	char deep[400];
	memset(deep, '(', 200);
	strcpy(deep + 200, "1");
	struct diag d;
	int root;
	assert_int_equal(rule_compile(&w->arena, deep, RT_NUM, &names, &origin, &root, &d),
			 OD_ERR_SYNTAX);
	assert_non_null(strstr(d.text, "nested too deeply"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dec_text_round_trip),
		cmocka_unit_test(dec_arithmetic_is_exact_and_checked),
		cmocka_unit_test_setup_teardown(precedence_and_arithmetic, setup, teardown),
		cmocka_unit_test_setup_teardown(facts_aggregates_items, setup, teardown),
		cmocka_unit_test_setup_teardown(three_valued_logic, setup, teardown),
		cmocka_unit_test_setup_teardown(condition_records, setup, teardown),
		cmocka_unit_test_setup_teardown(every_compile_error, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
