/* bench_match.c - households matched per second against the default
 * catalogue on one core, allocations per match, catalogue load time and the
 * full menu's time, beside the same figures for the 16-item catalogue kept
 * as a baseline (tests/bench/catalogue16).
 *
 * Allocations are counted by interposing malloc/calloc/realloc/free over
 * glibc's (__libc_malloc and friends): every allocation in the process,
 * ours or a library's, passes through the counter.  Figures are medians of
 * several rounds; nothing here asserts on time. */
#include "onedoor/catalogue_ini.h"
#include "onedoor/civil_date.h"
#include "onedoor/match.h"
#include "onedoor/resident_id.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void __libc_free(void *p);

static unsigned long allocations;

void *malloc(size_t size)
{
	allocations++;
	return __libc_malloc(size);
}

void *calloc(size_t count, size_t size)
{
	allocations++;
	return __libc_calloc(count, size);
}

void *realloc(void *p, size_t size)
{
	allocations++;
	return __libc_realloc(p, size);
}

void free(void *p)
{
	__libc_free(p);
}

#define HOUSEHOLDS 1024
#define ROUNDS 7
#define MATCHES_PER_ROUND 200000

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, compare_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* A deterministic spread of households: sizes 1-6, urban and rural,
 * incomes across the thresholds, illness, disability, elderly, students. */
static void make_household(struct hh_input *in, unsigned seed)
{
	static const char *const relations[] = {"self", "spouse", "child", "parent", "child",
						"grandparent"};
	static const char *const disabilities[] = {"none", "none", "none", "physical",
						   "intellectual", "visual"};
	static const char *const illnesses[] = {"none", "none", "chronic", "serious"};
	static const char *const schools[] = {"none", "primary", "junior", "senior"};
	char buf[32];
	hh_input_init(in);
	unsigned r = seed * 2654435761u;
	hh_input_set(in, "region", "511703", NULL);
	hh_input_set(in, "hukou", r & 1 ? "rural" : "urban", NULL);
	hh_input_set(in, "houses", (r >> 3) % 5 ? "1" : "0", NULL);
	hh_input_set(in, "vehicles", (r >> 5) % 9 ? "0" : "1", NULL);
	snprintf(buf, sizeof buf, "%u", (r >> 7) % 40000);
	hh_input_set(in, "deposits", buf, NULL);
	snprintf(buf, sizeof buf, "%u", (r >> 9) % 7 ? 0 : (r >> 11) % 120000);
	hh_input_set(in, "medical_selfpaid", buf, NULL);
	hh_input_set(in, "education_spending", (r >> 13) % 4 ? "0" : "3000", NULL);
	hh_input_set(in, "emergency", (r >> 15) % 23 ? "none" : "fire", NULL);
	hh_input_set(in, "holds", (r >> 17) % 11 ? "" : "dibao_rural", NULL);
	int members = 1 + (int)((r >> 19) % 6);
	for (int m = 0; m < members; m++) {
		unsigned s = (seed + (unsigned)m * 7919u) * 2246822519u;
		char id[RID_LENGTH + 1];
		snprintf(id, sizeof id, "511703%04u%02u%02u%03u", 1930 + s % 90, 1 + (s >> 4) % 12,
			 1 + (s >> 8) % 28, 10 + m);
		id[17] = rid_check_char(id);
		id[18] = '\0';
		hh_input_set_member(in, m, "id", id, NULL);
		hh_input_set_member(in, m, "relation", relations[m % 6], NULL);
		hh_input_set_member(in, m, "disability", disabilities[(s >> 12) % 6], NULL);
		hh_input_set_member(in, m, "disability_grade", (s >> 15) % 2 ? "2" : "3", NULL);
		hh_input_set_member(in, m, "illness", illnesses[(s >> 17) % 4], NULL);
		hh_input_set_member(in, m, "labour", (s >> 19) % 3 ? "full" : "none", NULL);
		hh_input_set_member(in, m, "school", schools[(s >> 21) % 4], NULL);
		hh_input_set_member(in, m, "employment", (s >> 23) % 3 ? "farming" : "unemployed",
				    NULL);
		snprintf(buf, sizeof buf, "%u.%02u", (s >> 5) % 16000, (s >> 3) % 100);
		hh_input_set_member(in, m, "income_wage", buf, NULL);
	}
}

/* One catalogue under measurement. */
struct bench_cat {
	const char *name;
	struct catalogue *cat;
	struct matcher *m;
	double rate[ROUNDS], menu_us;
	unsigned long allocs;
	long matches, eligible;
};

static int load(struct bench_cat *b, const char *dir)
{
	const char *paths[] = {dir};
	struct diag d;
	double load_s[ROUNDS];
	for (int r = 0; r < ROUNDS; r++) {
		double t = now();
		if (catalogue_ini_load(paths, 1, &b->cat, &d) != OD_OK) {
			fprintf(stderr, "bench_match: %s\n", d.text);
			return 1;
		}
		load_s[r] = now() - t;
		if (r < ROUNDS - 1)
			catalogue_free(&b->cat);
	}
	printf("%s: %d items, %d parameters, %d warnings, %d rule nodes; load (parse + check) "
	       "median %.3f ms\n",
	       b->name, b->cat->n_items, b->cat->n_params, b->cat->n_warnings,
	       b->cat->arena.count, median(load_s, ROUNDS) * 1e3);
	b->m = matcher_new(b->cat);
	return 0;
}

static void match_round(struct bench_cat *b, const struct hh_input *households, int r)
{
	int32_t date = cdate_from_ymd(2026, 3, 2);
	unsigned long before = allocations;
	double t = now();
	for (int k = 0; k < MATCHES_PER_ROUND; k++) {
		matcher_run(b->m, &households[k % HOUSEHOLDS], date);
		b->eligible += b->m->items[0].verdict == VERDICT_ELIGIBLE;
	}
	double dt = now() - t;
	b->allocs += allocations - before;
	b->matches += MATCHES_PER_ROUND;
	b->rate[r] = MATCHES_PER_ROUND / dt;
}

/* Explaining is for people, not for the hot path: measured apart. */
static void menu_time(struct bench_cat *b, const struct hh_input *households)
{
	int32_t date = cdate_from_ymd(2026, 3, 2);
	struct strbuf text = STRBUF_INIT;
	double t = now();
	for (int k = 0; k < 2000; k++) {
		matcher_run(b->m, &households[k % HOUSEHOLDS], date);
		for (int i = 0; i < b->cat->n_items; i++) {
			strbuf_reset(&text);
			match_explain_item(b->m, &households[k % HOUSEHOLDS], i, true, &text);
		}
	}
	b->menu_us = (now() - t) * 1e6 / 2000;
	strbuf_free(&text);
}

static void report(struct bench_cat *b)
{
	double med = median(b->rate, ROUNDS);
	printf("%s: match rate, median: %.0f households/s (%.2f us each; target >= 200000/s); "
	       "allocations per match %.4f (%lu in %ld); full menu with explanations %.1f us "
	       "(checksum %ld)\n",
	       b->name, med, 1e6 / med, (double)b->allocs / (double)b->matches, b->allocs,
	       b->matches, b->menu_us, b->eligible);
}

/* The shipped catalogue against the 16-item catalogue kept as the baseline
 * (tests/bench/catalogue16): the same households, rounds taken in turn so
 * that both see the same load on a shared machine. */
int main(void)
{
	const char *top = getenv("ONEDOOR_TOP");
	char dir[600], base[600];
	snprintf(dir, sizeof dir, "%s/conf/catalogue", top && *top ? top : ".");
	snprintf(base, sizeof base, "%s/tests/bench/catalogue16", top && *top ? top : ".");

	static struct hh_input households[HOUSEHOLDS];
	for (unsigned i = 0; i < HOUSEHOLDS; i++)
		make_household(&households[i], i + 1);
	struct bench_cat old_cat = {.name = "baseline (tests/bench/catalogue16)"};
	struct bench_cat new_cat = {.name = "shipped (conf/catalogue)"};
	if (load(&old_cat, base) != 0 || load(&new_cat, dir) != 0)
		return 1;
	printf("match: %d households, %d rounds of %d matches each, one core, in turn\n",
	       HOUSEHOLDS, ROUNDS, MATCHES_PER_ROUND);
	double ratio[ROUNDS];
	for (int r = 0; r < ROUNDS; r++) {
		match_round(&old_cat, households, r);
		match_round(&new_cat, households, r);
		ratio[r] = new_cat.rate[r] / old_cat.rate[r];
	}
	menu_time(&old_cat, households);
	menu_time(&new_cat, households);
	report(&old_cat);
	report(&new_cat);
	printf("shipped (%d items) vs baseline (%d items): match rate x%.2f (median of the "
	       "rounds' ratios), full menu x%.2f\n",
	       new_cat.cat->n_items, old_cat.cat->n_items, median(ratio, ROUNDS),
	       new_cat.menu_us / old_cat.menu_us);
	int ok = new_cat.allocs == 0 && old_cat.allocs == 0;
	struct bench_cat *all[] = {&old_cat, &new_cat};
	for (int k = 0; k < 2; k++) {
		matcher_free(&all[k]->m);
		catalogue_free(&all[k]->cat);
	}
	return ok ? 0 : 1;
}
