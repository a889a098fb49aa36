/* test_catalogue.c - the default catalogue (conf/catalogue): dated and
 * placed parameters, every item at its boundaries (below, at, above; the
 * day before a new standard and the day it takes effect), missing data,
 * exemptions and the single-person basis, warnings, load errors. */
#include "onedoor/catalogue_ini.h"
#include "onedoor/civil_date.h"
#include "onedoor/match.h"
#include "onedoor/resident_id.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct catalogue *cat;
static struct matcher *matcher;
static char top[512];

static int load_default(void **state)
{
	(void)state;
	const char *env = getenv("ONEDOOR_TOP");
	snprintf(top, sizeof top, "%s", env && *env ? env : ".");
	char dir[600];
	snprintf(dir, sizeof dir, "%s/conf/catalogue", top);
	const char *paths[] = {dir};
	struct diag d;
	if (catalogue_ini_load(paths, 1, &cat, &d) != OD_OK)
		fail_msg("%s", d.text);
	matcher = matcher_new(cat);
	return 0;
}

static int free_default(void **state)
{
	(void)state;
	matcher_free(&matcher);
	catalogue_free(&cat);
	return 0;
}

static int32_t day(const char *text)
{
	int32_t d;
	if (!cdate_parse(text, &d))
		fail_msg("bad date %s", text);
	return d;
}

/* "k=v k=v" into the household (member < 0) or a member; the pseudo key
 * born=YYYYMMDD makes a valid resident ID with that birth date. */
static void set_keys(struct hh_input *in, int member, const char *spec)
{
	char buf[1024];
	snprintf(buf, sizeof buf, "%s", spec);
	for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " ")) {
		char *eq = strchr(tok, '=');
		assert_non_null(eq);
		*eq = '\0';
		const char *key = tok, *value = eq + 1;
		char id[RID_LENGTH + 1];
		if (strcmp(key, "born") == 0) {
			snprintf(id, sizeof id, "511703%s%03d", value, 11 + member * 2);
			id[17] = rid_check_char(id);
			id[18] = '\0';
			key = "id";
			value = id;
		}
		struct diag d;
		enum od_status st = member < 0 ? hh_input_set(in, key, value, &d)
					       : hh_input_set_member(in, member, key, value, &d);
		if (st != OD_OK)
			fail_msg("%s=%s: %s", key, value, d.text);
	}
}

#define BASE_HH "region=511703 hukou=rural deposits=0 houses=1 vehicles=0 " \
		"medical_selfpaid=0 education_spending=0"
#define ADULT "relation=self disability=none illness=none labour=full school=none " \
	      "employment=farming"

static void household(struct hh_input *in, const char *hh, const char *const *members, int n)
{
	hh_input_init(in);
	set_keys(in, -1, hh);
	for (int i = 0; i < n; i++)
		set_keys(in, i, members[i]);
}

static int item(const char *code)
{
	int i = catalogue_find_item(cat, code, strlen(code));
	if (i < 0)
		fail_msg("no item %s", code);
	return i;
}

static uint8_t verdict_of(const struct hh_input *in, const char *date, const char *code)
{
	matcher_run(matcher, in, day(date));
	return matcher->items[item(code)].verdict;
}

static void expect(const char *hh, const char *const *members, int n, const char *date,
		   const char *code, uint8_t want, const char *amount)
{
	struct hh_input in;
	household(&in, hh, members, n);
	uint8_t got = verdict_of(&in, date, code);
	if (got != want) {
		struct strbuf why = STRBUF_INIT;
		match_explain_item(matcher, &in, item(code), false, &why);
		fail_msg("%s on %s: %s, want %s\n%s", code, date, match_verdict_code(got),
			 match_verdict_code(want), strbuf_text(&why));
	}
	if (amount) {
		const struct match_item *r = &matcher->items[item(code)];
		char text[DEC_TEXT_SIZE];
		assert_true(r->has_amount);
		dec_format(r->amount, 2, text);
		assert_string_equal(text, amount);
	}
}

static void default_catalogue_shape(void **state)
{
	(void)state;
	static const char *const codes[] = {
		"dibao_urban", "dibao_rural", "tekun",	   "low_income",   "temp_emergency",
		"temp_expense", "medical",    "major_disease", "education", "housing",
		"employment",  "disabled_living", "disabled_care", "unsupported_child",
		"elderly_allowance", "union_aid"};
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		item(codes[i]);
	const char *depts[32];
	int nd = 0;
	for (int i = 0; i < cat->n_items; i++) {
		bool seen = false;
		for (int k = 0; k < nd; k++)
			seen |= strcmp(depts[k], cat->items[i].department) == 0;
		if (!seen && nd < 32)
			depts[nd++] = cat->items[i].department;
	}
	assert_true(nd >= 8);
	for (int p = 0; p < cat->n_params; p++) {
		bool national = false;
		for (int v = 0; v < cat->params[p].n_values; v++) {
			national |= strcmp(cat->params[p].values[v].region, "000000") == 0;
			assert_true(strlen(cat->params[p].values[v].reference) > 0);
		}
		if (!national)
			fail_msg("parameter %s has no national default", cat->params[p].code);
	}
	const struct cat_item *dibao = &cat->items[item("dibao_rural")];
	bool excludes_tekun = false;
	for (int k = 0; k < dibao->n_excludes; k++)
		excludes_tekun |= strcmp(dibao->excludes[k], "tekun") == 0;
	assert_true(excludes_tekun);
	assert_non_null(cat->warnings);
	assert_int_equal(cat->n_warnings, 2);
}

static void parameter_fallback_and_dates(void **state)
{
	(void)state;
	int p = catalogue_find_param(cat, "dibao_urban", 11);
	int r = catalogue_find_param(cat, "dibao_rural", 11);
	struct {
		int param;
		const char *region, *date, *value;
	} cases[] = {
		{p, "511703", "2026-03-01", "755.00"}, /* county */
		{p, "511703", "2025-12-31", "720.00"}, /* the day before the new year */
		{p, "511703", "2026-01-01", "755.00"}, /* the day it takes effect */
		{p, "511702", "2026-03-01", "720.00"}, /* no county or city value: province */
		{p, "511702", "2025-06-01", "600.00"}, /* province not yet: national */
		{p, "110101", "2026-03-01", "600.00"}, /* elsewhere: national */
		{p, "000000", "2026-03-01", "600.00"},
		{r, "511703", "2026-06-30", "575.00"},
		{r, "511703", "2026-07-01", "590.00"},
		{r, "511703", "2024-12-31", "450.00"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int row = catalogue_lookup(cat, cases[i].param, cases[i].region, day(cases[i].date));
		assert_true(row >= 0);
		char text[DEC_TEXT_SIZE];
		dec_format(cat->params[cases[i].param].values[row].value, 2, text);
		if (strcmp(text, cases[i].value) != 0)
			fail_msg("%s %s: %s, want %s", cases[i].region, cases[i].date, text,
				 cases[i].value);
	}
	assert_int_equal(catalogue_lookup(cat, p, "511703", day("2019-12-31")), -1);
}

static void dibao_boundaries(void **state)
{
	(void)state;
	/* one adult, per-capita monthly income = wage / 12 */
	const char *below[] = {"born=19800101 income_wage=6899.88 " ADULT};
	const char *at[] = {"born=19800101 income_wage=6900 " ADULT};
	const char *above[] = {"born=19800101 income_wage=6900.12 " ADULT};
	expect(BASE_HH, below, 1, "2026-03-02", "dibao_rural", VERDICT_ELIGIBLE, "0.01");
	expect(BASE_HH, at, 1, "2026-03-02", "dibao_rural", VERDICT_NOT_ELIGIBLE, NULL);
	expect(BASE_HH, above, 1, "2026-03-02", "dibao_rural", VERDICT_NOT_ELIGIBLE, NULL);
	/* the mid-year standard: 575 until 30 June, 590 from 1 July */
	const char *p580[] = {"born=19800101 income_wage=6960 " ADULT};
	expect(BASE_HH, p580, 1, "2026-06-30", "dibao_rural", VERDICT_NOT_ELIGIBLE, NULL);
	expect(BASE_HH, p580, 1, "2026-07-01", "dibao_rural", VERDICT_ELIGIBLE, "10.00");
	/* urban: 720 in 2025, 755 from 2026-01-01 */
	const char *u730[] = {"born=19800101 income_wage=8760 " ADULT};
	const char *urban = "region=511703 hukou=urban deposits=0 houses=1 vehicles=0 "
			    "medical_selfpaid=0 education_spending=0";
	expect(urban, u730, 1, "2025-12-31", "dibao_urban", VERDICT_NOT_ELIGIBLE, NULL);
	expect(urban, u730, 1, "2026-01-01", "dibao_urban", VERDICT_ELIGIBLE, "25.00");
	expect(urban, u730, 1, "2026-01-01", "dibao_rural", VERDICT_NOT_ELIGIBLE, NULL);
	/* assets: deposits per person up to 24 months of the standard */
	const char *poor[] = {"born=19800101 income_wage=0 " ADULT};
	expect("region=511703 hukou=rural deposits=13800 houses=1 vehicles=0 medical_selfpaid=0 "
	       "education_spending=0",
	       poor, 1, "2026-03-02", "dibao_rural", VERDICT_ELIGIBLE, "575.00");
	expect("region=511703 hukou=rural deposits=13800.01 houses=1 vehicles=0 "
	       "medical_selfpaid=0 education_spending=0",
	       poor, 1, "2026-03-02", "dibao_rural", VERDICT_NOT_ELIGIBLE, NULL);
	expect("region=511703 hukou=rural deposits=0 houses=1 vehicles=1 medical_selfpaid=0 "
	       "education_spending=0",
	       poor, 1, "2026-03-02", "dibao_rural", VERDICT_NOT_ELIGIBLE, NULL);
	/* residence: a hukou elsewhere needs one year where one applies */
	expect(BASE_HH " hukou_region=110101 residence_years=0", poor, 1, "2026-03-02",
	       "dibao_rural", VERDICT_NOT_ELIGIBLE, NULL);
	expect(BASE_HH " hukou_region=110101 residence_years=1", poor, 1, "2026-03-02",
	       "dibao_rural", VERDICT_ELIGIBLE, NULL);
	expect(BASE_HH " hukou_region=110101", poor, 1, "2026-03-02", "dibao_rural",
	       VERDICT_MISSING, NULL);
}

static void low_income_boundaries(void **state)
{
	(void)state;
	/* from the standard (575.00, included) to 1.5 times it (862.50, excluded) */
	const char *a[] = {"born=19800101 income_wage=6899.88 " ADULT};
	const char *b[] = {"born=19800101 income_wage=6900 " ADULT};
	const char *c[] = {"born=19800101 income_wage=10349.88 " ADULT};
	const char *e[] = {"born=19800101 income_wage=10350 " ADULT};
	expect(BASE_HH, a, 1, "2026-03-02", "low_income", VERDICT_NOT_ELIGIBLE, NULL);
	expect(BASE_HH, b, 1, "2026-03-02", "low_income", VERDICT_ELIGIBLE, NULL);
	expect(BASE_HH, c, 1, "2026-03-02", "low_income", VERDICT_ELIGIBLE, NULL);
	expect(BASE_HH, e, 1, "2026-03-02", "low_income", VERDICT_NOT_ELIGIBLE, NULL);
	/* union aid: an employed member below the same line */
	const char *w1[] = {"born=19800101 income_wage=10349.88 relation=self disability=none "
			    "illness=none labour=full school=none employment=employed"};
	const char *w2[] = {"born=19800101 income_wage=10350 relation=self disability=none "
			    "illness=none labour=full school=none employment=employed"};
	expect(BASE_HH, w1, 1, "2026-03-02", "union_aid", VERDICT_ELIGIBLE, "1000.00");
	expect(BASE_HH, w2, 1, "2026-03-02", "union_aid", VERDICT_NOT_ELIGIBLE, NULL);
}

static void tekun_and_ages(void **state)
{
	(void)state;
	/* alone, no labour capacity, no income: from the 60th birthday */
	const char *old[] = {"born=19660302 income_wage=0 relation=self disability=none "
			     "illness=none labour=none school=none employment=none"};
	expect(BASE_HH, old, 1, "2026-03-01", "tekun", VERDICT_NOT_ELIGIBLE, NULL);
	expect(BASE_HH, old, 1, "2026-03-02", "tekun", VERDICT_ELIGIBLE, "747.50");
	/* a supporter with labour capacity rules it out */
	const char *with_son[] = {old[0], "born=19900101 relation=child disability=none "
					  "illness=none labour=full school=none "
					  "employment=employed income_wage=0"};
	expect(BASE_HH, with_son, 2, "2026-03-02", "tekun", VERDICT_NOT_ELIGIBLE, NULL);
	/* elderly allowance from 80 */
	const char *e80[] = {"born=19460302 income_wage=0 relation=self disability=none "
			     "illness=none labour=none school=none employment=none"};
	expect(BASE_HH, e80, 1, "2026-03-01", "elderly_allowance", VERDICT_NOT_ELIGIBLE, NULL);
	expect(BASE_HH, e80, 1, "2026-03-02", "elderly_allowance", VERDICT_ELIGIBLE, "50.00");
	/* employment assistance: unemployed, able, 18 to 59 */
	const char *job[] = {"born=19660302 income_wage=0 relation=self disability=none "
			     "illness=none labour=full school=none employment=unemployed"};
	expect(BASE_HH " holds=dibao_rural", job, 1, "2026-03-01", "employment",
	       VERDICT_ELIGIBLE, NULL);
	expect(BASE_HH " holds=dibao_rural", job, 1, "2026-03-02", "employment",
	       VERDICT_NOT_ELIGIBLE, NULL);
	/* unsupported child: under 18, both parents unable */
	const char *child[] = {
		"born=20080302 income_wage=0 relation=self disability=none illness=none "
		"labour=none school=senior employment=none",
		"born=19800101 relation=parent disability=intellectual disability_grade=2 "
		"illness=none labour=none school=none employment=none income_wage=0",
		"born=19820101 relation=parent disability=intellectual disability_grade=1 "
		"illness=none labour=none school=none employment=none income_wage=0"};
	/* on 低保 too (income 0): the allowance tops the child's 低保 share up to
	 * the standard (补差, 民发〔2019〕62号): 1540 - (575 - 0), 1200 - (540 - 0) */
	expect(BASE_HH, child, 3, "2026-03-01", "unsupported_child", VERDICT_ELIGIBLE, "965.00");
	expect(BASE_HH, child, 3, "2026-03-02", "unsupported_child", VERDICT_NOT_ELIGIBLE, NULL);
	expect(BASE_HH, child, 3, "2025-03-01", "unsupported_child", VERDICT_ELIGIBLE, "660.00");
	const char *one_parent[] = {
		child[0], child[1],
		"born=19820101 relation=parent disability=none illness=none labour=full "
		"school=none employment=farming income_wage=0"};
	expect(BASE_HH, one_parent, 3, "2026-03-01", "unsupported_child", VERDICT_NOT_ELIGIBLE,
	       NULL);
}

static void temporary_and_medical(void **state)
{
	(void)state;
	const char *p600[] = {"born=19800101 income_wage=7200 " ADULT};
	expect(BASE_HH, p600, 1, "2026-03-02", "temp_emergency", VERDICT_NOT_ELIGIBLE, NULL);
	expect(BASE_HH " emergency=fire", p600, 1, "2026-03-02", "temp_emergency",
	       VERDICT_ELIGIBLE, "1725.00");
	/* the amount follows the standard in force on the day */
	expect(BASE_HH " emergency=disaster", p600, 1, "2025-12-31", "temp_emergency",
	       VERDICT_ELIGIBLE, "1620.00");
	expect(BASE_HH " emergency=disaster", p600, 1, "2026-01-01", "temp_emergency",
	       VERDICT_ELIGIBLE, "1725.00");
	/* expense-type: 600 a month less spending must fall below 575 */
	expect("region=511703 hukou=rural deposits=0 houses=1 vehicles=0 medical_selfpaid=300 "
	       "education_spending=0",
	       p600, 1, "2026-03-02", "temp_expense", VERDICT_NOT_ELIGIBLE, NULL);
	expect("region=511703 hukou=rural deposits=0 houses=1 vehicles=0 medical_selfpaid=301.20 "
	       "education_spending=0",
	       p600, 1, "2026-03-02", "temp_expense", VERDICT_ELIGIBLE, "3450.00");
	/* medical assistance: held 低保 and any self-paid cost; 70% up to 20,000 */
	const char *ill[] = {"born=19800101 income_wage=0 relation=self disability=none "
			     "illness=serious labour=partial school=none employment=none"};
	const char *base = "region=511703 hukou=rural deposits=0 houses=1 vehicles=0 "
			   "education_spending=0 holds=dibao_rural";
	char hh[300];
	snprintf(hh, sizeof hh, "%s medical_selfpaid=0", base);
	expect(hh, ill, 1, "2026-03-02", "medical", VERDICT_NOT_ELIGIBLE, NULL);
	snprintf(hh, sizeof hh, "%s medical_selfpaid=1000", base);
	expect(hh, ill, 1, "2026-03-02", "medical", VERDICT_ELIGIBLE, "700.00");
	snprintf(hh, sizeof hh, "%s medical_selfpaid=28571.42", base);
	expect(hh, ill, 1, "2026-03-02", "medical", VERDICT_ELIGIBLE, "19999.99");
	snprintf(hh, sizeof hh, "%s medical_selfpaid=28571.43", base);
	expect(hh, ill, 1, "2026-03-02", "medical", VERDICT_ELIGIBLE, "20000.00");
	/* major disease from 20,000 self-paid */
	snprintf(hh, sizeof hh, "%s medical_selfpaid=19999.99", base);
	expect(hh, ill, 1, "2026-03-02", "major_disease", VERDICT_NOT_ELIGIBLE, NULL);
	snprintf(hh, sizeof hh, "%s medical_selfpaid=20000", base);
	expect(hh, ill, 1, "2026-03-02", "major_disease", VERDICT_ELIGIBLE, "0.00");
	snprintf(hh, sizeof hh, "%s medical_selfpaid=98000", base);
	expect(hh, ill, 1, "2026-03-02", "major_disease", VERDICT_ELIGIBLE, "39000.00");
	/* without a category, impoverished by illness (国办发〔2021〕42号): 9,000 a
	 * month after the illness deduction, less the year's costs / 12, must fall
	 * below the low-income line 862.50, i.e. costs above 97,650; then costs
	 * above 25% of the disposable income (10,328.50) are helped at 50% */
	const char *ill_poor[] = {"born=19800101 income_wage=120000 relation=self disability=none "
				  "illness=serious labour=partial school=none employment=none"};
	expect("region=511703 hukou=rural deposits=0 houses=1 vehicles=0 education_spending=0 "
	       "medical_selfpaid=97650",
	       ill_poor, 1, "2026-03-02", "medical", VERDICT_NOT_ELIGIBLE, NULL);
	expect("region=511703 hukou=rural deposits=0 houses=1 vehicles=0 education_spending=0 "
	       "medical_selfpaid=98000",
	       ill_poor, 1, "2026-03-02", "medical", VERDICT_ELIGIBLE, "20000.00");
	expect("region=511703 hukou=rural deposits=0 houses=1 vehicles=0 education_spending=0 "
	       "medical_selfpaid=97650.12",
	       ill_poor, 1, "2026-03-02", "major_disease", VERDICT_ELIGIBLE, "38825.06");
	/* one who can bear the costs is in no category */
	const char *rich[] = {"born=19800101 income_wage=240000 relation=self disability=none "
			      "illness=serious labour=partial school=none employment=none"};
	expect("region=511703 hukou=rural deposits=0 houses=1 vehicles=0 education_spending=0 "
	       "medical_selfpaid=98000",
	       rich, 1, "2026-03-02", "medical", VERDICT_NOT_ELIGIBLE, NULL);
}

static void categorical_items(void **state)
{
	(void)state;
	const char *kids[] = {
		"born=19800101 income_wage=0 relation=self disability=visual disability_grade=3 "
		"illness=none labour=full school=none employment=unemployed",
		"born=20150101 income_wage=0 relation=child disability=none illness=none "
		"labour=none school=primary employment=none"};
	const char *held = "region=511703 hukou=rural deposits=0 houses=0 vehicles=0 "
			   "medical_selfpaid=0 education_spending=0 holds=dibao_rural";
	expect(held, kids, 2, "2026-03-02", "education", VERDICT_ELIGIBLE, "2000.00");
	expect(held, kids, 2, "2026-03-02", "housing", VERDICT_ELIGIBLE, NULL);
	expect(held, kids, 2, "2026-03-02", "disabled_living", VERDICT_ELIGIBLE, "90.00");
	expect(held, kids, 2, "2025-12-31", "disabled_living", VERDICT_ELIGIBLE, "70.00");
	expect(held, kids, 2, "2026-03-02", "disabled_care", VERDICT_NOT_ELIGIBLE, NULL);
	const char *severe[] = {
		"born=19800101 income_wage=0 relation=self disability=visual disability_grade=2 "
		"illness=none labour=full school=none employment=unemployed"};
	expect(held, severe, 1, "2026-03-02", "disabled_care", VERDICT_ELIGIBLE, "90.00");
	/* ...and the other side of each threshold */
	const char *adult_only[] = {kids[0]};
	expect(held, adult_only, 1, "2026-03-02", "education", VERDICT_NOT_ELIGIBLE, NULL);
	expect("region=511703 hukou=rural deposits=0 houses=1 vehicles=0 medical_selfpaid=0 "
	       "education_spending=0 holds=dibao_rural",
	       kids, 2, "2026-03-02", "housing", VERDICT_NOT_ELIGIBLE, NULL);
	const char *able[] = {"born=19800101 income_wage=0 relation=self disability=none "
			      "illness=none labour=full school=none employment=unemployed"};
	expect(held, able, 1, "2026-03-02", "disabled_living", VERDICT_NOT_ELIGIBLE, NULL);
	expect(held, able, 1, "2026-03-02", "employment", VERDICT_ELIGIBLE, NULL);
	/* without a category: none of the categorical items */
	const char *rich[] = {"born=19800101 income_wage=40000 relation=self "
			      "disability=visual disability_grade=3 illness=none labour=full "
			      "school=none employment=unemployed",
			      "born=20150101 income_wage=0 relation=child disability=none "
			      "illness=none labour=none school=primary employment=none"};
	const char *plain = "region=511703 hukou=rural deposits=0 houses=0 vehicles=0 "
			    "medical_selfpaid=0 education_spending=0";
	expect(plain, rich, 2, "2026-03-02", "education", VERDICT_NOT_ELIGIBLE, NULL);
	expect(plain, rich, 2, "2026-03-02", "housing", VERDICT_NOT_ELIGIBLE, NULL);
	expect(plain, rich, 2, "2026-03-02", "employment", VERDICT_NOT_ELIGIBLE, NULL);
	expect(plain, rich, 2, "2026-03-02", "disabled_living", VERDICT_NOT_ELIGIBLE, NULL);
	/* ...until it qualifies for one: 833.33 a head is low income */
	const char *modest[] = {"born=19800101 income_wage=20000 relation=self "
				"disability=visual disability_grade=3 illness=none labour=full "
				"school=none employment=unemployed",
				rich[1]};
	expect(plain, modest, 2, "2026-03-02", "low_income", VERDICT_ELIGIBLE, NULL);
	expect(plain, modest, 2, "2026-03-02", "education", VERDICT_ELIGIBLE, "2000.00");
	/* the menu marks mutually exclusive items */
	struct hh_input in;
	const char *old[] = {"born=19400101 income_wage=0 relation=self disability=none "
			     "illness=none labour=none school=none employment=none"};
	household(&in, BASE_HH, old, 1);
	matcher_run(matcher, &in, day("2026-03-02"));
	assert_int_equal(matcher->items[item("tekun")].verdict, VERDICT_ELIGIBLE);
	assert_int_equal(matcher->items[item("dibao_rural")].verdict, VERDICT_ELIGIBLE);
	assert_int_equal(matcher->items[item("dibao_rural")].excluded_by, item("tekun"));
	assert_int_equal(matcher->items[item("tekun")].excluded_by, item("dibao_rural"));
}

static void missing_data_is_not_a_refusal(void **state)
{
	(void)state;
	struct hh_input in;
	const char *no_income[] = {"born=19800101 " ADULT};
	household(&in, BASE_HH, no_income, 1);
	matcher_run(matcher, &in, day("2026-03-02"));
	const struct match_item *r = &matcher->items[item("dibao_rural")];
	assert_int_equal(r->verdict, VERDICT_MISSING);
	assert_int_equal(r->why.kind, WHY_FACT);
	assert_int_equal(r->why.member, 1);
	assert_int_equal(r->why.index, MK_INCOME_WAGE);
	struct strbuf why = STRBUF_INIT;
	match_explain_item(matcher, &in, item("dibao_rural"), false, &why);
	assert_non_null(strstr(strbuf_text(&why), "member 1"));
	assert_non_null(strstr(strbuf_text(&why), "income_wage"));
	strbuf_free(&why);
	/* a blank household key */
	const char *ok[] = {"born=19800101 income_wage=0 " ADULT};
	household(&in, "region=511703 hukou=rural houses=1 vehicles=0 medical_selfpaid=0 "
		       "education_spending=0", ok, 1);
	matcher_run(matcher, &in, day("2026-03-02"));
	r = &matcher->items[item("dibao_rural")];
	assert_int_equal(r->verdict, VERDICT_MISSING);
	assert_int_equal(r->why.member, 0);
	assert_int_equal(r->why.index, HK_DEPOSITS);
	/* ...but a known "no" elsewhere still decides: urban hukou fails first */
	assert_int_equal(matcher->items[item("dibao_urban")].verdict, VERDICT_NOT_ELIGIBLE);
	/* a blank disability grade for a disabled person */
	const char *grade[] = {"born=19800101 income_wage=0 relation=self disability=physical "
			       "illness=none labour=full school=none employment=none"};
	household(&in, BASE_HH, grade, 1);
	matcher_run(matcher, &in, day("2026-03-02"));
	assert_int_equal(matcher->items[item("disabled_care")].verdict, VERDICT_MISSING);
	assert_int_equal(matcher->items[item("disabled_care")].why.index, MK_DISABILITY_GRADE);
}

static void exemption_and_single_person(void **state)
{
	(void)state;
	/* seed 002: a severely disabled son on his parents' pensions */
	const char *family[] = {
		"born=19730801 income_wage=0 relation=self disability=physical "
		"disability_grade=1 illness=chronic labour=none school=none employment=none",
		"born=19440605 income_transfer=24000 support_paid=7200 relation=parent "
		"disability=none illness=chronic labour=none school=none employment=retired",
		"born=19470921 income_transfer=9600 relation=parent disability=none "
		"illness=none labour=none school=none employment=retired"};
	/* counted as one family of three he is over the line */
	expect(BASE_HH, family, 3, "2026-03-02", "dibao_rural", VERDICT_NOT_ELIGIBLE, NULL);
	/* as a single-person household, the 82-year-old's support is exempt */
	expect(BASE_HH " single_person=yes", family, 3, "2026-03-02", "dibao_rural",
	       VERDICT_ELIGIBLE, "575.00");
	/* a payer of 68 is not exempt: 700 a month, less the 10% deduction for
	 * severe disability, is 630 and exceeds 575 */
	const char *young_payer[] = {
		family[0],
		"born=19570303 income_transfer=24000 support_paid=8400 relation=parent "
		"disability=none illness=none labour=none school=none employment=retired",
		family[2]};
	expect(BASE_HH " single_person=yes", young_payer, 3, "2026-03-02", "dibao_rural",
	       VERDICT_NOT_ELIGIBLE, NULL);
	/* the payer turns 70: exempt from that day */
	const char *payer70[] = {
		family[0],
		"born=19560302 income_transfer=24000 support_paid=8400 relation=parent "
		"disability=none illness=none labour=none school=none employment=retired",
		family[2]};
	expect(BASE_HH " single_person=yes", payer70, 3, "2026-03-01", "dibao_rural",
	       VERDICT_NOT_ELIGIBLE, NULL);
	expect(BASE_HH " single_person=yes", payer70, 3, "2026-03-02", "dibao_rural",
	       VERDICT_ELIGIBLE, NULL);
	/* the single-person basis needs a severely disabled adult */
	const char *mild[] = {
		"born=19730801 income_wage=0 relation=self disability=physical "
		"disability_grade=3 illness=chronic labour=none school=none employment=none",
		family[1], family[2]};
	expect(BASE_HH " single_person=yes", mild, 3, "2026-03-02", "dibao_rural",
	       VERDICT_NOT_ELIGIBLE, NULL);
	/* health deduction: a seriously ill member takes 10% off the income */
	const char *sick[] = {"born=19800101 income_wage=7600 relation=self disability=none "
			      "illness=serious labour=partial school=none employment=farming"};
	expect(BASE_HH, sick, 1, "2026-03-02", "dibao_rural", VERDICT_ELIGIBLE, "5.00");
}

static void warnings_raised(void **state)
{
	(void)state;
	struct hh_input in;
	const char *one[] = {"born=19800101 income_wage=0 " ADULT};
	household(&in, "region=511703 hukou=rural deposits=0 houses=1 vehicles=0 "
		       "medical_selfpaid=50000 education_spending=0", one, 1);
	matcher_run(matcher, &in, day("2026-03-02"));
	assert_false(matcher->warnings[0].raised || matcher->warnings[1].raised);
	household(&in, "region=511703 hukou=rural deposits=0 houses=1 vehicles=0 "
		       "medical_selfpaid=50000.01 education_spending=0", one, 1);
	matcher_run(matcher, &in, day("2026-03-02"));
	int high = strcmp(cat->warnings[0].code, "medical_cost_high") == 0 ? 0 : 1;
	assert_true(matcher->warnings[high].raised);
	household(&in, BASE_HH " labour_death=yes", one, 1);
	matcher_run(matcher, &in, day("2026-03-02"));
	assert_true(matcher->warnings[1 - high].raised);
	const char *widow[] = {one[0], "born=19800505 relation=spouse status=deceased "
				       "disability=none illness=none labour=full school=none "
				       "employment=employed"};
	household(&in, BASE_HH, widow, 2);
	matcher_run(matcher, &in, day("2026-03-02"));
	assert_true(matcher->warnings[1 - high].raised);
	assert_false(matcher->warnings[high].raised);
}

/* A bad catalogue file is refused with its place. */
static void load_errors_name_the_place(void **state)
{
	(void)state;
	char dir[] = "/tmp/od-cat-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[600], params[700];
	snprintf(params, sizeof params, "%s/conf/catalogue/parameters.ini", top);
	snprintf(path, sizeof path, "%s/bad.ini", dir);
	static const struct {
		const char *text, *want;
	} cases[] = {
		{"[item.x1]\nname_zh = a\nname_en = a\ndepartment = civil_affairs\nkind = special\n"
		 "scope = household\neligibility = per_capita_income < param.dibao_rurall\n",
		 "bad.ini:7:27: item x1: unknown parameter \"dibao_rurall\""},
		{"[item.x1]\nname_zh = a\n", "bad.ini:1: [item.x1]: \"name_en\" is required"},
		{"[item.x1]\ncolour = red\n", "bad.ini:2: [item.x1]: unknown key \"colour\""},
		{"[thing]\na = b\n", "bad.ini:1: unknown section [thing]"},
		{"[param.dibao_rural]\nlabel_zh = x\n", "bad.ini:1: parameter dibao_rural is defined again"},
		{"[item.x1]\nname_zh = a\nname_en = a\ndepartment = x\nkind = special\n"
		 "scope = household\neligibility = true\n[item.x1]\n",
		 "bad.ini:8: section [item.x1] appears again"},
		{"[item.x1]\nname_zh = a\nname_en = a\ndepartment = x\nkind = special\n"
		 "scope = household\neligibility = size >\n",
		 "bad.ini:7:7: item x1: expected a value before the end of the rule"},
		{"[item.x1]\nname_zh = a\nname_en = a\ndepartment = x\nkind = grant\n"
		 "scope = household\neligibility = true\n",
		 "bad.ini:5: [item.x1]: kind must be"},
		{"[item.x1]\nname_zh = a\nname_en = a\ndepartment = civil_affairs\nkind = special\n"
		 "scope = household\neligibility = item.x1\n",
		 "its rule depends on itself"},
		{"[item.x1]\nname_zh = a\nname_en = a\ndepartment = civil_affairs\nkind = special\n"
		 "scope = household\neligibility = true\nexcludes = nothing\n",
		 "excludes names unknown item \"nothing\""},
		{"[item.x1]\nname_zh = a\nname_en = a\ndepartment = civil_affairs\nkind = special\n"
		 "scope = household\neligibility = true\namount = if item.x2 then 1 else 2\n"
		 "[item.x2]\nname_zh = a\nname_en = a\ndepartment = civil_affairs\nkind = special\n"
		 "scope = household\neligibility = item.x1\n",
		 "its rule depends on itself"},
		{"[param.p1]\nlabel_zh = a\nvalue.511703.2026-02-30 = 1 | ref\n",
		 "bad.ini:3: [param.p1]: impossible date"},
		{"[param.p1]\nlabel_zh = a\nvalue.511703.2026-01-01 = 1\n",
		 "bad.ini:3: parameter p1: every value needs its reference"},
		{"[param.p1]\nlabel_zh = a\nvalue.511703.2026-01-01 = 1.5.5 | r\n",
		 "is not a decimal number"},
		{"[param.p1]\nlabel_zh = a\nvalue.5117.2026-01-01 = 1 | r\n", "unknown key"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fputs(cases[i].text, f);
		fclose(f);
		const char *paths[] = {params, path, dir};
		struct catalogue *bad = NULL;
		struct diag d;
		/* parameters.ini first, then the bad file alone */
		enum od_status st = catalogue_ini_load(paths, 2, &bad, &d);
		if (st == OD_OK)
			fail_msg("case %zu was accepted", i);
		assert_null(bad);
		if (!strstr(d.text, cases[i].want))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, d.text, cases[i].want);
	}
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(default_catalogue_shape),
		cmocka_unit_test(parameter_fallback_and_dates),
		cmocka_unit_test(dibao_boundaries),
		cmocka_unit_test(low_income_boundaries),
		cmocka_unit_test(tekun_and_ages),
		cmocka_unit_test(temporary_and_medical),
		cmocka_unit_test(categorical_items),
		cmocka_unit_test(missing_data_is_not_a_refusal),
		cmocka_unit_test(exemption_and_single_person),
		cmocka_unit_test(warnings_raised),
		cmocka_unit_test(load_errors_name_the_place),
	};
	return cmocka_run_group_tests(tests, load_default, free_default);
}
