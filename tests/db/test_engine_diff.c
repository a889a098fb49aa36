/* test_engine_diff.c - the window's engine and the server's give the same
 * menus: verdicts, amounts and every word of the explanations.
 *
 * Generated households (ENGINE_DIFF_HOUSEHOLDS, default 100,000; a fixed
 * seed, so a failure repeats) go through the two paths a real household
 * takes: the window sets each typed value into the engine's input as the
 * form does (hh_input_set) and matches with the catalogue it loads from
 * the database (store_catalogue_load); the server reads the same values as
 * the stored household document (jsonb) and matches with the catalogue it
 * reads itself (onedoor.engine_match).  Values are valid as the forms
 * check them, or blank; dates range over four years so that parameters
 * change and run out; half the batches in Chinese, half in English.  The
 * server compares (jsonb equality) and names the households that differ;
 * the first is printed in full. */
#include "onedoor/civil_date.h"
#include "onedoor/db.h"
#include "onedoor/hh_facts.h"
#include "onedoor/match.h"
#include "onedoor/match_json.h"
#include "onedoor/store_catalogue.h"
#include "onedoor/strbuf.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DBNAME "t_engine_diff"
#define BATCH 1000

static char host[256];

static struct db *connect_db(const char *dbname)
{
	char conninfo[512];
	snprintf(conninfo, sizeof conninfo, "host=%s dbname=%s", host, dbname);
	struct db *db = NULL;
	struct diag d;
	if (db_connect(conninfo, "postgres", NULL, "onedoor-test", &db, &d) != OD_OK)
		fail_msg("connect: %s", d.text);
	return db;
}

static void exec_ok(struct db *db, const char *sql)
{
	struct diag d;
	if (db_exec(db, sql, 0, NULL, NULL, &d) != OD_OK)
		fail_msg("%s: %s", sql, d.text);
}

static int setup(void **state)
{
	(void)state;
	const char *h = getenv("PGHOST");
	if (!h)
		return -1;
	snprintf(host, sizeof host, "%s", h);
	/* The window's translations, as the program finds them beside itself. */
	const char *build = getenv("ONEDOOR_BUILD");
	char localedir[600];
	snprintf(localedir, sizeof localedir, "%s/share/locale", build ? build : "build");
	setlocale(LC_ALL, "");
	bindtextdomain("onedoor", localedir);
	bind_textdomain_codeset("onedoor", "UTF-8");
	textdomain("onedoor");
	struct db *db = connect_db("postgres");
	exec_ok(db, "DROP DATABASE IF EXISTS " DBNAME);
	exec_ok(db, "CREATE DATABASE " DBNAME " TEMPLATE onedoor_tpl");
	db_close(&db);
	return 0;
}

/* A small fixed generator (xorshift), so that every run sees the same
 * households. */
static uint64_t seed = 0x6f1a860e2026ULL;
static unsigned rnd(unsigned n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned)(seed % n);
}

/* One household: its typed values, kept as text as the form keeps them. */
struct typed {
	char key[32], value[96];
	int member; /* -1: the household */
};
struct household {
	struct typed v[256];
	int n, members;
	char region[7];
	int32_t date;
};

static void put(struct household *h, int member, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void put(struct household *h, int member, const char *key, const char *fmt, ...)
{
	struct typed *t = &h->v[h->n++];
	t->member = member;
	snprintf(t->key, sizeof t->key, "%s", key);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->value, sizeof t->value, fmt, ap);
	va_end(ap);
}

static void amount(struct household *h, int member, const char *key, unsigned max)
{
	switch (rnd(6)) {
	case 0: /* blank: not entered */
		return;
	case 1:
		put(h, member, key, "0");
		return;
	default:
		put(h, member, key, "%u.%02u", rnd(max), rnd(100));
	}
}

static void choice(struct household *h, int member, const char *key, enum hh_domain dom)
{
	const char *const *values = hh_domain_values(dom);
	int n = 0;
	while (values[n])
		n++;
	unsigned k = rnd((unsigned)n + 1);
	if (k < (unsigned)n) /* else blank */
		put(h, member, key, "%s", values[k]);
}

static void resident_id(char out[19], int32_t birth, unsigned seq)
{
	int y, m, d;
	cdate_to_ymd(birth, &y, &m, &d);
	char body[18];
	snprintf(body, sizeof body, "511703%04d%02d%02d%03u", y, m, d, seq % 1000);
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (body[i] - '0') * w[i];
	snprintf(out, 19, "%s%c", body, "10X98765432"[sum % 11]);
}

static void generate(struct household *h, const struct catalogue *cat, unsigned serial)
{
	static const char *const regions[] = {"511703", "511703", "511703", "511702", "000000"};
	memset(h, 0, sizeof *h);
	snprintf(h->region, sizeof h->region, "%s", regions[rnd(5)]);
	h->date = cdate_from_ymd(2024, 1, 1) + (int32_t)rnd(4 * 365);
	choice(h, -1, "hukou", DOM_HUKOU);
	if (rnd(4) == 0)
		put(h, -1, "hukou_region", "%s", rnd(2) ? "511702" : "110101");
	if (rnd(3) == 0)
		put(h, -1, "residence_years", "%u", rnd(12));
	amount(h, -1, "deposits", 80000);
	if (rnd(5))
		put(h, -1, "houses", "%u", rnd(3));
	if (rnd(5))
		put(h, -1, "vehicles", "%u", rnd(2));
	amount(h, -1, "medical_selfpaid", 120000);
	amount(h, -1, "education_spending", 20000);
	choice(h, -1, "emergency", DOM_EMERGENCY);
	if (rnd(4))
		put(h, -1, "labour_death", "%s", rnd(8) ? "no" : "yes");
	if (rnd(4))
		put(h, -1, "single_person", "%s", rnd(6) ? "no" : "yes");
	if (rnd(4) == 0) {
		char holds[128] = "";
		for (int k = 0, n = 1 + (int)rnd(2); k < n; k++) {
			const char *code = cat->items[rnd((unsigned)cat->n_items)].code;
			if (strlen(holds) + strlen(code) + 2 < sizeof holds)
				snprintf(holds + strlen(holds), sizeof holds - strlen(holds), "%s%s",
					 k ? "," : "", code);
		}
		put(h, -1, "holds", "%s", holds);
	}
	h->members = 1 + (int)rnd(5);
	for (int m = 0; m < h->members; m++) {
		char id[19];
		int32_t birth = cdate_from_ymd(1925, 1, 1) + (int32_t)rnd(99 * 365);
		resident_id(id, birth, serial * 8 + (unsigned)m);
		put(h, m, "id", "%s", id);
		put(h, m, "name", "%s%u", m ? "成员" : "申请人", (unsigned)m + 1);
		if (m == 0)
			put(h, m, "relation", "self");
		else
			put(h, m, "relation", "%s",
			    hh_domain_values(DOM_RELATION)[1 + rnd(7)]); /* not self */
		choice(h, m, "status", DOM_STATUS);
		choice(h, m, "disability", DOM_DISABILITY);
		if (rnd(3) == 0)
			put(h, m, "disability_grade", "%u", 1 + rnd(4));
		choice(h, m, "illness", DOM_ILLNESS);
		choice(h, m, "labour", DOM_LABOUR);
		choice(h, m, "school", DOM_SCHOOL);
		choice(h, m, "employment", DOM_EMPLOYMENT);
		amount(h, m, "income_wage", 60000);
		amount(h, m, "income_business", 30000);
		amount(h, m, "income_property", 5000);
		amount(h, m, "income_transfer", 20000);
		if (rnd(4) == 0)
			amount(h, m, "support_paid", 12000);
	}
}

/* The window: the typed values set one by one, as form_values_to_input. */
static void window_input(const struct household *h, struct hh_input *in)
{
	char day[CDATE_TEXT_SIZE];
	struct diag ignored;
	cdate_format(h->date, day);
	hh_input_init(in);
	hh_input_set(in, "region", h->region, &ignored);
	hh_input_set(in, "application_date", day, &ignored);
	for (int i = 0; i < h->n; i++) {
		const struct typed *t = &h->v[i];
		enum od_status st = t->member < 0
					    ? hh_input_set(in, t->key, t->value, &ignored)
					    : hh_input_set_member(in, t->member, t->key, t->value, &ignored);
		if (st != OD_OK)
			fail_msg("generated %s = \"%s\" does not read: %s", t->key, t->value,
				 ignored.text);
	}
	if (in->count < h->members)
		in->count = h->members;
}

/* The server: the stored household document (what register_household
 * stores, plus the region of the centre). */
static void document(const struct household *h, struct strbuf *out)
{
	char day[CDATE_TEXT_SIZE];
	cdate_format(h->date, day);
	strbuf_printf(out, "{\"region\": \"%s\", \"facts\": {\"application_date\": \"%s\"", h->region,
		      day);
	for (int i = 0; i < h->n; i++)
		if (h->v[i].member < 0 && strcmp(h->v[i].key, "hukou") != 0) {
			strbuf_append(out, ", ");
			strbuf_append_json(out, h->v[i].key);
			strbuf_append(out, ": ");
			strbuf_append_json(out, h->v[i].value);
		}
	strbuf_append(out, "}");
	for (int i = 0; i < h->n; i++)
		if (h->v[i].member < 0 && strcmp(h->v[i].key, "hukou") == 0) {
			strbuf_append(out, ", \"hukou\": ");
			strbuf_append_json(out, h->v[i].value);
		}
	strbuf_append(out, ", \"members\": [");
	for (int m = 0; m < h->members; m++) {
		strbuf_append(out, m ? ", {" : "{");
		int facts = 0;
		for (int pass = 0; pass < 2; pass++)
			for (int i = 0; i < h->n; i++) {
				const struct typed *t = &h->v[i];
				if (t->member != m)
					continue;
				bool core = strcmp(t->key, "id") == 0 || strcmp(t->key, "name") == 0 ||
					    strcmp(t->key, "relation") == 0;
				if (pass == 0 && core) {
					strbuf_append_json(out, strcmp(t->key, "id") == 0 ? "resident_id"
											 : t->key);
					strbuf_append(out, ": ");
					strbuf_append_json(out, t->value);
					strbuf_append(out, ", ");
				} else if (pass == 1 && !core) {
					strbuf_append(out, facts++ ? ", " : "\"facts\": {");
					strbuf_append_json(out, t->key);
					strbuf_append(out, ": ");
					strbuf_append_json(out, t->value);
				}
			}
		strbuf_append(out, facts ? "}}" : "\"facts\": {}}");
	}
	strbuf_append(out, "]}");
}

/* An element of a PostgreSQL text[] literal. */
static void array_element(struct strbuf *b, const char *s)
{
	strbuf_append(b, b->len > 1 ? ",\"" : "\"");
	for (const char *c = s; *c; c++) {
		if (*c == '"' || *c == '\\')
			strbuf_append_n(b, "\\", 1);
		strbuf_append_n(b, c, 1);
	}
	strbuf_append(b, "\"");
}

/* The first household that differs, into three files for a diff. */
static void keep_first(bool zh, const char *doc, const char *window, const char *server)
{
	const char *dir = getenv("ONEDOOR_TEST_DIR");
	const char *parts[3][2] = {{"document", doc}, {"window", window}, {"server", server}};
	for (int i = 0; i < 3; i++) {
		char path[600];
		snprintf(path, sizeof path, "%s/engine_diff.%s.json", dir ? dir : ".", parts[i][0]);
		FILE *f = fopen(path, "w");
		if (f) {
			fputs(parts[i][1], f);
			fclose(f);
		}
		fprintf(stderr, "first household that differs (%s): %s\n", zh ? "zh_CN" : "en",
			path);
	}
}

static void client_and_server_agree(void **state)
{
	(void)state;
	const char *env = getenv("ENGINE_DIFF_HOUSEHOLDS");
	long total = env ? atol(env) : 100000;
	struct db *db = connect_db(DBNAME);
	struct catalogue *cat = NULL;
	struct diag d;
	if (store_catalogue_load(db, &cat, &d) != OD_OK)
		fail_msg("catalogue: %s", d.text);
	struct matcher *m = matcher_new(cat);
	exec_ok(db, "CREATE UNLOGGED TABLE diff_batch (k bigint, doc jsonb, menu text, day date)");
	exec_ok(db, "SET parallel_setup_cost = 0");
	exec_ok(db, "SET parallel_tuple_cost = 0");
	exec_ok(db, "SET min_parallel_table_scan_size = 0");
	struct household *h = malloc(sizeof *h);
	struct hh_input in;
	struct strbuf docs = STRBUF_INIT, menus = STRBUF_INIT, days = STRBUF_INIT,
		      doc = STRBUF_INIT, menu = STRBUF_INIT;
	long compared = 0, differ = 0, eligible = 0;
	for (long start = 0; start < total; start += BATCH) {
		bool zh = (start / BATCH) % 2 == 0;
		/* As the program switches language (app_set_language). */
		setenv("LANGUAGE", zh ? "zh_CN" : "en", 1);
		textdomain("onedoor");
		strbuf_reset(&docs);
		strbuf_reset(&menus);
		strbuf_reset(&days);
		strbuf_append(&docs, "{");
		strbuf_append(&menus, "{");
		strbuf_append(&days, "{");
		long n = total - start < BATCH ? total - start : BATCH;
		for (long k = 0; k < n; k++) {
			generate(h, cat, (unsigned)(start + k));
			window_input(h, &in);
			matcher_run(m, &in, h->date);
			for (int i = 0; i < cat->n_items; i++)
				eligible += m->items[i].verdict == VERDICT_ELIGIBLE;
			strbuf_reset(&menu);
			match_json_menu(m, &in, zh, h->date, &menu);
			strbuf_reset(&doc);
			document(h, &doc);
			array_element(&docs, strbuf_text(&doc));
			array_element(&menus, strbuf_text(&menu));
			char day[CDATE_TEXT_SIZE];
			cdate_format(h->date, day);
			array_element(&days, day);
		}
		strbuf_append(&docs, "}");
		strbuf_append(&menus, "}");
		strbuf_append(&days, "}");
		const char *p[] = {strbuf_text(&docs), strbuf_text(&menus), strbuf_text(&days)};
		const char *lang[] = {zh ? "zh_CN" : "en"};
		struct db_result *r = NULL;
		/* Through a table, so that the server compares in parallel
		 * workers (costs set at the start). */
		if (db_exec(db, "TRUNCATE diff_batch", 0, NULL, NULL, &d) != OD_OK ||
		    db_exec(db, "SELECT set_config('onedoor.engine_language', $1, false)", 1, lang,
			    NULL, &d) != OD_OK ||
		    db_exec(db,
			    "INSERT INTO diff_batch SELECT k, doc::jsonb, menu, day "
			    "FROM unnest($1::text[], $2::text[], $3::date[]) "
			    " WITH ORDINALITY AS u(doc, menu, day, k)",
			    3, p, NULL, &d) != OD_OK ||
		    db_exec(db, "ANALYZE diff_batch", 0, NULL, NULL, &d) != OD_OK ||
		    db_exec(db,
			    "SELECT k, doc::text AS doc, menu, "
			    " onedoor.engine_match(doc, day)::text AS server FROM diff_batch "
			    "WHERE onedoor.engine_match(doc, day) IS DISTINCT FROM menu::jsonb",
			    0, NULL, &r, &d) != OD_OK)
			fail_msg("server: %s", d.text);
		if (db_rows(r) > 0 && differ == 0)
			keep_first(zh, db_value(r, 0, "doc"), db_value(r, 0, "menu"),
				   db_value(r, 0, "server"));
		differ += db_rows(r);
		compared += n;
		db_result_free(&r);
	}
	print_message("%ld households compared, %ld differ; %ld eligible verdicts among them\n",
		      compared, differ, eligible);
	assert_int_equal(compared, total);
	assert_int_equal(differ, 0);
	/* The households are not all alike: some items are granted. */
	assert_true(eligible > total / 10);
	strbuf_free(&docs);
	strbuf_free(&menus);
	strbuf_free(&days);
	strbuf_free(&doc);
	strbuf_free(&menu);
	free(h);
	matcher_free(&m);
	catalogue_free(&cat);
	db_close(&db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(client_and_server_agree),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
