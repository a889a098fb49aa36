/* test_golden.c - golden households from the seeds (tests/golden/NAME.ini)
 * against the default catalogue: each menu must equal NAME.expect, one line
 * per item ("code verdict amount [review MONTHS]") and one per raised
 * warning.  After a
 * deliberate change of a standard, regenerate with ONEDOOR_GOLDEN_WRITE=1
 * and review the diff. */
#include "onedoor/catalogue_ini.h"
#include "onedoor/household_file.h"
#include "onedoor/match.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char top[512];

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	static char buf[65536];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

static void menu(const struct matcher *m, struct strbuf *out)
{
	const struct catalogue *cat = m->cat;
	for (int i = 0; i < cat->n_items; i++) {
		const struct match_item *r = &m->items[i];
		char amount[DEC_TEXT_SIZE] = "-";
		if (r->has_amount)
			dec_format(r->amount, 2, amount);
		strbuf_printf(out, "%s %s %s", cat->items[i].code, match_verdict_code(r->verdict),
			      amount);
		if (r->review_months > 0)
			strbuf_printf(out, " review %d", r->review_months);
		strbuf_append(out, "\n");
	}
	for (int w = 0; w < cat->n_warnings; w++)
		if (m->warnings[w].raised)
			strbuf_printf(out, "warning %s\n", cat->warnings[w].code);
}

static void golden_menus(void **state)
{
	(void)state;
	char dir[600], catdir[600];
	snprintf(dir, sizeof dir, "%s/tests/golden", top);
	snprintf(catdir, sizeof catdir, "%s/conf/catalogue", top);
	const char *paths[] = {catdir};
	struct catalogue *cat = NULL;
	struct diag d;
	if (catalogue_ini_load(paths, 1, &cat, &d) != OD_OK)
		fail_msg("%s", d.text);
	struct matcher *m = matcher_new(cat);
	DIR *dp = opendir(dir);
	assert_non_null(dp);
	bool write = getenv("ONEDOOR_GOLDEN_WRITE") != NULL;
	int files = 0;
	struct dirent *e;
	while ((e = readdir(dp)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".ini") != 0)
			continue;
		char path[1200], expect[1200];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		snprintf(expect, sizeof expect, "%s/%.*s.expect", dir, (int)(len - 4), e->d_name);
		struct household_file *hf = NULL;
		if (household_file_load(path, &hf, &d) != OD_OK)
			fail_msg("%s", d.text);
		matcher_run(m, &hf->in, hf->in.application_date);
		struct strbuf got = STRBUF_INIT;
		menu(m, &got);
		if (write) {
			FILE *f = fopen(expect, "w");
			assert_non_null(f);
			fputs(strbuf_text(&got), f);
			fclose(f);
		}
		const char *want = slurp(expect);
		if (!want || strcmp(want, strbuf_text(&got)) != 0)
			fail_msg("%s: menu differs from %s\n--- got:\n%s", e->d_name, expect,
				 strbuf_text(&got));
		/* matching shares subtrees between rules and reads leaves in place
		 * (rule_share); the plain evaluation with every condition recorded
		 * must give the same verdict for every item */
		struct rule_cond *conds = calloc((size_t)cat->arena.conds + 1, sizeof *conds);
		assert_non_null(conds);
		struct rule_env plain = {&m->facts, m->params, m->param_ok, m->verdicts, m->holds,
					 conds, 1, NULL};
		for (int i = 0; i < cat->n_items; i++) {
			struct rule_value v = rule_eval(&cat->arena, cat->items[i].eligibility_root, &plain);
			uint8_t verdict = v.why.kind != WHY_NONE ? VERDICT_MISSING
					  : v.v			? VERDICT_ELIGIBLE
								: VERDICT_NOT_ELIGIBLE;
			if (verdict != m->items[i].verdict)
				fail_msg("%s: %s is %s matched, %s evaluated plainly", e->d_name,
					 cat->items[i].code, match_verdict_code(m->items[i].verdict),
					 match_verdict_code(verdict));
		}
		free(conds);
		/* matching runs the rules as flat code: every formula's value and
		 * missing reason is the tree walk's, also with each member's keys
		 * blanked one at a time (the missing paths) */
		struct hh_input blanked = hf->in;
		for (int k = -1; k < MK_COUNT; k++) {
			if (k >= 0)
				for (int j = 0; j < blanked.count; j++)
					blanked.m[j].present = hf->in.m[j].present & ~(1u << k);
			matcher_run(m, &blanked, hf->in.application_date);
			struct rule_env walk = {&m->facts, m->params, m->param_ok, m->verdicts,
						m->holds, NULL, 1, NULL};
			for (int i = 0; i < cat->n_items; i++) {
				const struct cat_item *it = &cat->items[i];
				int roots[] = {it->eligibility_root, it->amount_root, it->review_root};
				int codes[] = {it->eligibility_code, it->amount_code, it->review_code};
				for (int j = 0; j < 3; j++) {
					if (roots[j] < 0 || codes[j] < 0)
						continue;
					struct rule_value t = rule_eval(&cat->arena, roots[j], &walk);
					struct rule_value c = rule_code_run(&cat->arena, codes[j], &walk);
					if (t.v != c.v || t.why.kind != c.why.kind ||
					    t.why.member != c.why.member || t.why.index != c.why.index)
						fail_msg("%s (key %d blank): %s part %d: code and tree differ",
							 e->d_name, k, it->code, j);
				}
			}
		}
		matcher_run(m, &hf->in, hf->in.application_date);
		/* every item explains itself, in both languages */
		for (int i = 0; i < cat->n_items; i++) {
			struct strbuf why = STRBUF_INIT;
			match_explain_item(m, &hf->in, i, i % 2 == 0, &why);
			assert_true(why.len > 0);
			strbuf_free(&why);
		}
		strbuf_free(&got);
		household_file_free(&hf);
		files++;
	}
	closedir(dp);
	assert_true(files >= 4);
	matcher_free(&m);
	catalogue_free(&cat);
}

/* The household file: unknown keys kept, bad values refused with a line. */
static void household_file_reading(void **state)
{
	(void)state;
	char path[600];
	snprintf(path, sizeof path, "%s/tests/golden/seed000_unsupported_child.ini", top);
	struct household_file *hf = NULL;
	struct diag d;
	assert_int_equal(household_file_load(path, &hf, &d), OD_OK);
	assert_int_equal(hf->in.count, 4);
	assert_int_equal(hf->n_extra, 1);
	assert_string_equal(hf->extra[0].section, "member.4");
	assert_string_equal(hf->extra[0].key, "village_note");
	assert_string_equal(hf->extra[0].value, "网格员上报");
	household_file_free(&hf);
	assert_null(hf);

	char tmp[] = "/tmp/od-hh-XXXXXX";
	int fd = mkstemp(tmp);
	assert_true(fd >= 0);
	static const struct {
		const char *text, *want;
	} bad[] = {
		{"[household]\nhukou = town\n[member.1]\nid = 511703197403120112\n",
		 ":2: [household] hukou: \"town\" is not one of urban|rural"},
		{"[household]\ndeposits = 12.345\n", ":2: [household] deposits: \"12.345\""},
		{"[household]\ndeposits = -5\n", ":2: [household] deposits"},
		{"[household]\n[member.1]\nid = 511703197403120113\n", ":3: [member.1] id: "},
		{"[household]\n[member.0]\n", ":2: [member.0]: members are numbered 1 to 16"},
		{"[household]\n[member.1]\ndisability_grade = 5\n", ":3: [member.1] disability_grade"},
		{"[household]\napplication_date = 2026-02-30\n", ":2: [household] application_date"},
		{"[member.1]\nid = 511703197403120112\n", ": no [household] section"},
		{"[household]\nregion = 511703\n", "the household has no [member.1]"},
		{"[household]\n[member.2]\nid = 511703197403120112\n", "[member.1] is missing"},
		{"[household]\n[member.1]\nid = 511703197403120112\nrelation = spouse\n",
		 ":2: [member.1] is the applicant: relation must be self"},
		{"[household]\n[member.1]\nid = 511703197403120112\n[member.2]\n"
		 "id = 511703197403120112\n",
		 ":4: [member.2] repeats the id of [member.1]"},
		{"[household]\nhukou = rural\nhukou = urban\n", ":3: key \"hukou\" appears again"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		FILE *f = fopen(tmp, "w");
		assert_non_null(f);
		fputs(bad[i].text, f);
		fclose(f);
		enum od_status st = household_file_load(tmp, &hf, &d);
		if (st == OD_OK || !strstr(d.text, bad[i].want))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, st == OD_OK ? "(accepted)" : d.text,
				 bad[i].want);
		assert_null(hf);
	}
	close(fd);
	unlink(tmp);
}

/* Facts the others settle are not asked: a preschool child has no income,
 * no work and no labour capacity, a child of 9 is at school; someone out of
 * work is asked for transfer income, not for a wage; and the explanation
 * says what was inferred. */
static void inferred_facts_are_not_asked(void **state)
{
	(void)state;
	char catdir[600];
	snprintf(catdir, sizeof catdir, "%s/conf/catalogue", top);
	const char *paths[] = {catdir};
	struct catalogue *cat = NULL;
	struct diag d;
	if (catalogue_ini_load(paths, 1, &cat, &d) != OD_OK)
		fail_msg("%s", d.text);
	char tmp[] = "/tmp/od-infer-XXXXXX";
	int fd = mkstemp(tmp);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	fputs("[household]\nregion = 511703\nhukou = rural\napplication_date = 2026-03-02\n"
	      "deposits = 0\nhouses = 1\nvehicles = 0\nmedical_selfpaid = 0\n"
	      "education_spending = 0\n"
	      "[member.1]\nid = 511703199002020224\nname = 母亲\nrelation = self\n"
	      "disability = none\nillness = none\nlabour = full\nschool = none\n"
	      "employment = unemployed\n"
	      "[member.2]\nid = 511703202201010015\nname = 小儿\nrelation = child\n"
	      "disability = none\nillness = none\n"
	      "[member.3]\nid = 511703201609090421\nname = 大女\nrelation = child\n"
	      "disability = none\nillness = none\n",
	      f);
	fclose(f);
	struct household_file *hf = NULL;
	if (household_file_load(tmp, &hf, &d) != OD_OK)
		fail_msg("%s", d.text);
	unlink(tmp);
	struct matcher *m = matcher_new(cat);
	matcher_run(m, &hf->in, hf->in.application_date);
	const struct hh_facts *facts = &m->facts;
	/* the 4-year-old: income 0, employment none, labour none, all inferred */
	assert_int_equal(facts->mmiss[1][MF_INCOME].key, HH_NOT_MISSING);
	assert_int_equal(facts->inferred[1][MF_INCOME], INF_UNDER_WORKING_AGE);
	assert_int_equal(facts->inferred[1][MF_EMPLOYMENT], INF_UNDER_WORKING_AGE);
	assert_int_equal(facts->inferred[1][MF_LABOUR], INF_UNDER_WORKING_AGE);
	assert_int_equal(facts->mmiss[1][MF_SCHOOL].key, MK_SCHOOL); /* 4: kindergarten is asked */
	/* the 9-year-old: at primary school */
	assert_int_equal(facts->inferred[2][MF_SCHOOL], INF_COMPULSORY_SCHOOL);
	assert_int_equal((int)facts->m[2][MF_SCHOOL], hh_domain_find(DOM_SCHOOL, "primary", 7));
	/* the unemployed mother: asked for transfer income, not for a wage */
	assert_int_equal(facts->mmiss[0][MF_INCOME].member, 1);
	assert_int_equal(facts->mmiss[0][MF_INCOME].key, MK_INCOME_TRANSFER);
	int dibao = catalogue_find_item(cat, "dibao_rural", 11);
	assert_int_equal(m->items[dibao].verdict, VERDICT_MISSING);
	struct strbuf why = STRBUF_INIT;
	match_explain_item(m, &hf->in, dibao, false, &why);
	if (!strstr(strbuf_text(&why), "inferred, not asked: 小儿 — monthly income 0.00 (under 16"))
		fail_msg("no inference in:\n%s", strbuf_text(&why));
	if (!strstr(strbuf_text(&why), "income_transfer"))
		fail_msg("transfer income not asked for in:\n%s", strbuf_text(&why));
	strbuf_free(&why);
	/* once she says what she receives, the household is decided */
	struct diag d2;
	assert_int_equal(hh_input_set_member(&hf->in, 0, "income_transfer", "0", &d2), OD_OK);
	matcher_run(m, &hf->in, hf->in.application_date);
	assert_int_equal(m->items[dibao].verdict, VERDICT_ELIGIBLE);
	household_file_free(&hf);
	matcher_free(&m);
	catalogue_free(&cat);
}

int main(void)
{
	const char *env = getenv("ONEDOOR_TOP");
	snprintf(top, sizeof top, "%s", env && *env ? env : ".");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(golden_menus),
		cmocka_unit_test(household_file_reading),
		cmocka_unit_test(inferred_facts_are_not_asked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
