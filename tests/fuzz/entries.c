/* entries.c - fuzzed entry points (see entries.h).
 *
 * Besides "no crash, no leak, no undefined behaviour" (the sanitizers'
 * part), each entry checks what the module promises: a loader that fails
 * leaves *out NULL and, for the files a clerk or an administrator edits,
 * says where ("FILE:LINE: ..." starting with the path); the configuration
 * never hands libpq a password (libpq's own parser is the oracle, the one
 * reason this file links libpq); str_fit never splits
 * a character nor writes past its buffer; decimals survive a round trip. */
#include "entries.h"

#include "onedoor/calendar_file.h"
#include "onedoor/catalogue_ini.h"
#include "onedoor/civil_date.h"
#include "onedoor/config.h"
#include "onedoor/decimal.h"
#include "onedoor/draft.h"
#include "onedoor/form_file.h"
#include "onedoor/form_values.h"
#include "onedoor/hh_json.h"
#include "onedoor/household_file.h"
#include "onedoor/match.h"
#include "onedoor/match_json.h"
#include "onedoor/resident_id.h"
#include "onedoor/strbuf.h"
#include "onedoor/text_width.h"
#include "onedoor/xalloc.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A property does not hold: crash loudly so libFuzzer keeps the input. */
#define CHECK(cond)                                                                  \
	do {                                                                         \
		if (!(cond)) {                                                       \
			fprintf(stderr, "%s:%d: fuzz property failed: %s\n", __FILE__, \
				__LINE__, #cond);                                    \
			abort();                                                     \
		}                                                                    \
	} while (0)

static char input_path[200];
static char *top_dir;
static char state_dir[256], draft_path[400]; /* the draft entry's XDG_STATE_HOME */

#define DRAFT_ID "0f0e0d0c-0b0a-4908-8706-050403020100"

static void remove_input(void)
{
	if (input_path[0])
		unlink(input_path);
	if (draft_path[0]) {
		unlink(draft_path);
		static const char *const levels[] = {"/onedoor/drafts", "/onedoor", ""};
		for (int i = 0; i < 3; i++) {
			char dir[300];
			snprintf(dir, sizeof dir, "%s%s", state_dir, levels[i]);
			rmdir(dir);
		}
	}
}

void fuzz_set_top(const char *top)
{
	free(top_dir);
	top_dir = top ? xstrdup(top) : NULL;
}

void fuzz_set_top_from_env(void)
{
	const char *top = getenv("ONEDOOR_TOP");
	fuzz_set_top(top && *top ? top : ".");
}

/* Writes the bytes to path. */
static void write_file(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	CHECK(f != NULL);
	CHECK(fwrite(data, 1, size, f) == size);
	CHECK(fclose(f) == 0);
}

/* The bytes as a file the loaders can open: one per process, in /dev/shm
 * when there is one (no disk traffic at thousands of runs a second). */
static const char *write_input(const uint8_t *data, size_t size)
{
	if (!input_path[0]) {
		const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
		snprintf(input_path, sizeof input_path, "%s/onedoor-fuzz-%ld.ini",
			 dir && *dir ? dir : "/tmp", (long)getpid());
		atexit(remove_input);
	}
	write_file(input_path, data, size);
	return input_path;
}

/* The same, as draft DRAFT_ID under a private XDG_STATE_HOME. */
static void write_draft(const uint8_t *data, size_t size)
{
	if (!draft_path[0]) {
		write_input((const uint8_t *)"", 0); /* the atexit clean-up */
		snprintf(state_dir, sizeof state_dir, "%s.state", input_path);
		snprintf(draft_path, sizeof draft_path, "%s/onedoor/drafts/%s.ini", state_dir,
			 DRAFT_ID);
		setenv("XDG_STATE_HOME", state_dir, 1);
		char dir[300];
		snprintf(dir, sizeof dir, "%s/onedoor/drafts", state_dir);
		for (char *p = dir + 1;; p++)
			if (*p == '/' || !*p) {
				char c = *p;
				*p = '\0';
				mkdir(dir, 0700);
				if (!(*p = c))
					break;
			}
	}
	write_file(draft_path, data, size);
}

/* A NUL-terminated copy of the bytes (the caller frees). */
static char *as_string(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A failed load of `path`: *out NULL and a message that starts with the path. */
static void check_failure(const void *out, const char *path, const struct diag *d)
{
	CHECK(out == NULL);
	CHECK(d->text[0] != '\0');
	CHECK(strncmp(d->text, path, strlen(path)) == 0);
	CHECK(utf8_valid_text(d->text)); /* nothing for a terminal to obey */
}

/* Seed 002's household (tests/golden), for matching fuzzed catalogues. */
static const struct hh_input *sample_household(void)
{
	static struct hh_input in;
	static bool ready;
	static const char *const household[][2] = {
		{"region", "511703"},	    {"hukou", "rural"},	  {"application_date", "2026-03-02"},
		{"deposits", "3000"},	    {"houses", "1"},	  {"medical_selfpaid", "1200"},
		{"single_person", "yes"}, {"emergency", "none"}, {"labour_death", "no"}};
	static const char *const members[][3] = {
		{"1", "id", "51170319731015011X"},  {"1", "relation", "self"},
		{"1", "disability", "physical"},    {"1", "disability_grade", "1"},
		{"1", "illness", "chronic"},	    {"1", "income_transfer", "0"},
		{"2", "id", "511703194406050136"},  {"2", "relation", "parent"},
		{"2", "employment", "retired"},	    {"2", "income_transfer", "26400"},
		{"2", "support_paid", "7200"},	    {"3", "id", "511703194709210221"},
		{"3", "relation", "parent"},	    {"3", "income_wage", "-"}};
	if (ready)
		return &in;
	struct diag d;
	hh_input_init(&in);
	for (size_t i = 0; i < sizeof household / sizeof household[0]; i++)
		CHECK(hh_input_set(&in, household[i][0], household[i][1], &d) == OD_OK);
	/* The last one is refused on purpose: member 3's wage stays missing. */
	for (size_t i = 0; i < sizeof members / sizeof members[0]; i++)
		hh_input_set_member(&in, members[i][0][0] - '1', members[i][1], members[i][2], &d);
	ready = true;
	return &in;
}

/* Matches `in` and builds every explanation, in both languages. */
static void match_and_explain(const struct catalogue *cat, const struct hh_input *in,
			      int32_t date)
{
	struct matcher *m = matcher_new(cat);
	struct strbuf out = STRBUF_INIT;
	matcher_run(m, in, date);
	for (int zh = 0; zh < 2; zh++) {
		for (int i = 0; i < cat->n_items; i++) {
			match_explain_item(m, in, i, zh, &out);
			match_describe_missing(m, in, m->items[i].why, zh, &out);
		}
		for (int w = 0; w < cat->n_warnings; w++)
			match_explain_warning(m, w, zh, &out);
	}
	strbuf_free(&out);
	matcher_free(&m);
}

static const struct catalogue *shipped_catalogue(void)
{
	static struct catalogue *cat;
	static bool tried;
	if (!tried && top_dir) {
		tried = true;
		char *dir = xasprintf("%s/conf/catalogue", top_dir);
		const char *paths[] = {dir};
		struct diag d;
		if (catalogue_ini_load(paths, 1, &cat, &d) != OD_OK)
			cat = NULL;
		free(dir);
	}
	return cat;
}

int fuzz_entry_household(const uint8_t *data, size_t size)
{
	const char *path = write_input(data, size);
	struct household_file *f = NULL;
	struct diag d = {""};
	if (household_file_load(path, &f, &d) != OD_OK) {
		check_failure(f, path, &d);
		return 0;
	}
	CHECK(f->in.count >= 1 && f->in.count <= HH_MAX_MEMBERS);
	const struct catalogue *cat = shipped_catalogue();
	if (cat) {
		int32_t date = cdate_from_ymd(2026, 3, 2);
		if (f->in.present & (1u << HK_APPLICATION_DATE))
			date = f->in.application_date;
		match_and_explain(cat, &f->in, date);
	}
	household_file_free(&f);
	CHECK(f == NULL);
	return 0;
}

/* The engine inside the database server, less PostgreSQL: the household
 * document (any bytes, as jsonb's text could carry them) read, matched
 * and written out as engine_match and engine_item do. */
int fuzz_entry_engine(const uint8_t *data, size_t size)
{
	struct hh_input in;
	struct diag d = {""}, bad_d = {""};
	int bad = -1;
	enum od_status st = hh_json_read((const char *)data, size, &in, &bad, &bad_d, &d);
	if (st != OD_OK) {
		CHECK(d.text[0] != '\0');
		return 0;
	}
	CHECK(bad >= 0 && (bad == 0 || bad_d.text[0] != '\0'));
	CHECK(in.count >= 0 && in.count <= HH_MAX_MEMBERS);
	const struct catalogue *cat = shipped_catalogue();
	if (!cat)
		return 0;
	struct matcher *m = matcher_new(cat);
	struct strbuf out = STRBUF_INIT;
	int32_t date = cdate_from_ymd(2026, 3, 2);
	matcher_run(m, &in, date);
	for (int zh = 0; zh < 2; zh++) {
		strbuf_reset(&out);
		match_json_menu(m, &in, zh, date, &out);
		CHECK(out.len > 2 && strbuf_text(&out)[out.len - 1] == '\n');
		for (int i = 0; i < cat->n_items; i++)
			match_json_item(m, &in, i, zh, &out);
	}
	strbuf_free(&out);
	matcher_free(&m);
	return 0;
}

int fuzz_entry_form(const uint8_t *data, size_t size)
{
	const char *path = write_input(data, size);
	struct form_def *def = NULL;
	struct diag d = {""};
	if (form_def_load(path, &def, &d) != OD_OK) {
		check_failure(def, path, &d);
		return 0;
	}
	static const char *const typed[] = {"", "12", "-1", "2026-02-29", "yes", "否",
					    "51170319731015011X", "１２３", "a\x01"};
	for (int i = 0; i < def->count; i++) {
		const struct form_field *fl = &def->fields[i];
		char out[256];
		struct diag why;
		for (size_t t = 0; t < sizeof typed / sizeof typed[0]; t++)
			form_field_check(fl, (int)t & 1, typed[t], out, sizeof out, &why);
		if (*fl->default_value)
			CHECK(form_field_check(fl, 0, fl->default_value, out, sizeof out, &why) ==
			      OD_OK);
		for (int c = 0; c < fl->choice_count; c++)
			CHECK(form_choice_label(fl, fl->choices[c].code, 1) != NULL);
	}
	form_def_free(&def);
	CHECK(def == NULL);
	return 0;
}

int fuzz_entry_catalogue(const uint8_t *data, size_t size)
{
	const char *path = write_input(data, size);
	const char *paths[] = {path};
	struct catalogue *cat = NULL;
	struct diag d = {""};
	if (catalogue_ini_load(paths, 1, &cat, &d) != OD_OK) {
		/* A whole-catalogue fault (a missing parameter) names no file. */
		CHECK(cat == NULL && d.text[0]);
		return 0;
	}
	match_and_explain(cat, sample_household(), cdate_from_ymd(2026, 3, 2));
	catalogue_free(&cat);
	return 0;
}

/* The rule language alone, without a file: the input's first line is an
 * item's eligibility, the second its amount, the third a warning's rule. */
int fuzz_entry_rule(const uint8_t *data, size_t size)
{
	char *text = as_string(data, size);
	char *lines[3] = {text, NULL, NULL};
	for (int i = 1; i < 3 && lines[i - 1]; i++) {
		char *nl = strchr(lines[i - 1], '\n');
		if (nl) {
			*nl = '\0';
			lines[i] = nl + 1;
		}
	}
	static const char *const params[] = {
		"exemption_age",	"exemption_share", "deduct_serious_illness",
		"deduct_severe_disability", "deduct_single_parent", "deduct_elderly",
		"elderly_age",		"residence_years_min", "adult_age",
		"dibao_rural",		"only_elsewhere"};
	static const char *const values[] = {"70", "1", "0.1", "0.1", "0.1", "0.05",
					     "60", "2", "18", "755", "1"};
	struct catalogue *cat = catalogue_new();
	struct diag d = {""};
	enum od_status st = OD_OK;
	int32_t from = cdate_from_ymd(2025, 1, 1);
	for (size_t i = 0; i < sizeof params / sizeof params[0] && st == OD_OK; i++) {
		dec_t v;
		CHECK(dec_parse(values[i], &v));
		st = catalogue_add_param(cat, params[i], params[i], params[i], "yuan", "rule.ini",
					 (int)i + 1, &d);
		/* only_elsewhere has a value in another region: missing here. */
		if (st == OD_OK)
			st = catalogue_add_value(cat, params[i],
						 strcmp(params[i], "only_elsewhere") ? "000000"
										     : "110000",
						 from, CAT_NO_END, v, "fuzz", "rule.ini", (int)i + 1, &d);
	}
	if (st != OD_OK)
		fprintf(stderr, "%s\n", d.text);
	CHECK(st == OD_OK);
	struct cat_item it;
	memset(&it, 0, sizeof it);
	static const int limits[LIM_COUNT] = {1, 3, 2, 5, 2, 20};
	memcpy(it.limits, limits, sizeof limits);
	it.warn_days = 2;
	it.name_zh = it.name_en = it.department = (char *)"x";
	it.kind = (char *)"subsidy";
	it.scope = (char *)"household";
	it.legal_basis = it.target_group = it.process = it.standard_text = (char *)"";
	it.amount_period = (char *)"monthly";
	it.file = (char *)"rule.ini";
	it.code = (char *)"other";
	it.eligibility = (char *)"hukou = 'rural'";
	it.amount = (char *)"";
	st = catalogue_add_item(cat, &it, &d);
	it.code = (char *)"fuzz";
	it.eligibility = lines[0];
	it.amount = lines[1] ? lines[1] : (char *)"";
	if (st == OD_OK)
		st = catalogue_add_item(cat, &it, &d);
	if (st == OD_OK && lines[2]) {
		struct cat_warning w;
		memset(&w, 0, sizeof w);
		w.code = (char *)"fuzz";
		w.name_zh = w.name_en = w.message_zh = w.message_en = (char *)"w";
		w.rule = lines[2];
		w.file = (char *)"rule.ini";
		st = catalogue_add_warning(cat, &w, &d);
	}
	if (st != OD_OK)
		fprintf(stderr, "%s\n", d.text);
	CHECK(st == OD_OK);
	if (catalogue_finish(cat, &d) == OD_OK)
		match_and_explain(cat, sample_household(), cdate_from_ymd(2026, 3, 2));
	else
		CHECK(strncmp(d.text, "rule.ini:", 9) == 0);
	catalogue_free(&cat);
	free(text);
	return 0;
}

static const struct form_def *shipped_form(void)
{
	static struct form_def *def;
	static bool tried;
	if (!tried && top_dir) {
		tried = true;
		char *path = xasprintf("%s/forms/household.ini", top_dir);
		struct diag d;
		if (form_def_load(path, &def, &d) != OD_OK)
			def = NULL;
		free(path);
	}
	return def;
}

/* A draft read after a crash (draft_load, with the shipped household form):
 * whatever it holds, saving what was read and reading it again changes
 * nothing, so no resume cycle loses or alters a typed value. */
int fuzz_entry_draft(const uint8_t *data, size_t size)
{
	const struct form_def *def = shipped_form();
	if (!def)
		return 0;
	write_draft(data, size);
	struct form_values v;
	struct diag d = {""};
	if (draft_load(DRAFT_ID, def, &v, &d) != OD_OK) {
		CHECK(d.text[0]);
		return 0;
	}
	struct strbuf first = STRBUF_INIT, second = STRBUF_INIT, json = STRBUF_INIT;
	form_values_to_ini(&v, NULL, &first);
	form_values_to_json(&v, &json);
	int member, field;
	(void)form_values_check(&v, 0, &member, &field, &d);
	struct hh_input in;
	form_values_to_input(&v, "511703", "2026-03-02", &in);
	form_values_clear(&v);

	write_draft((const uint8_t *)strbuf_text(&first), first.len);
	CHECK(draft_load(DRAFT_ID, def, &v, &d) == OD_OK);
	form_values_to_ini(&v, NULL, &second);
	form_values_clear(&v);
	if (strcmp(strbuf_text(&first), strbuf_text(&second)) != 0) {
		fprintf(stderr, "saved:\n%s\nread back and saved again:\n%s\n", strbuf_text(&first),
			strbuf_text(&second));
		CHECK(!"a draft changes when it is saved and read back");
	}
	strbuf_free(&first);
	strbuf_free(&second);
	strbuf_free(&json);
	return 0;
}

int fuzz_entry_calendar(const uint8_t *data, size_t size)
{
	const char *path = write_input(data, size);
	struct calendar_file *f = NULL;
	struct diag d = {""};
	if (calendar_file_load(path, &f, &d) != OD_OK) {
		check_failure(f, path, &d);
		return 0;
	}
	CHECK(f->year >= 2000 && f->year <= 2099 && f->count <= 366);
	char *json = calendar_file_to_json(f);
	CHECK(json[0] == '[' && json[strlen(json) - 1] == ']');
	free(json);
	calendar_file_free(&f);
	CHECK(f == NULL);
	return 0;
}

int fuzz_entry_config(const uint8_t *data, size_t size)
{
	const char *path = write_input(data, size);
	struct od_config cfg;
	struct diag d = {""};
	if (config_load(path, &cfg, &d) != OD_OK) {
		check_failure(cfg.path, path, &d);
		CHECK(cfg.conninfo == NULL);
		return 0;
	}
	CHECK(cfg.conninfo && cfg.centre && cfg.printer && cfg.receipt_dir);
	CHECK(cfg.window >= 0 && cfg.window <= 99);
	/* libpq itself is the judge of whether the accepted conninfo carries a
	 * password (a keyword, a URI's user:password@, or a URI parameter). */
	char *err = NULL;
	PQconninfoOption *opts = PQconninfoParse(cfg.conninfo, &err);
	if (opts) {
		for (PQconninfoOption *o = opts; o->keyword; o++)
			if (strcmp(o->keyword, "password") == 0 && o->val) {
				fprintf(stderr, "conninfo \"%s\" passes a password\n", cfg.conninfo);
				CHECK(!"a password reached the configuration");
			}
		PQconninfoFree(opts);
	}
	PQfreemem(err);
	config_clear(&cfg);
	return 0;
}

int fuzz_entry_resident_id(const uint8_t *data, size_t size)
{
	char *text = as_string(data, size);
	struct resident_id id, again;
	if (rid_parse(text, &id) == RID_OK) {
		CHECK(strlen(id.text) == RID_LENGTH);
		CHECK(rid_check_char(id.text) == id.text[17]);
		CHECK(id.sex == 'M' || id.sex == 'F');
		/* The normalised form is itself accepted, to the same person. */
		CHECK(rid_parse(id.text, &again) == RID_OK);
		CHECK(strcmp(id.text, again.text) == 0 && id.birth == again.birth &&
		      id.sex == again.sex);
		char masked[RID_LENGTH + 1];
		rid_mask(id.text, masked);
		CHECK(strlen(masked) == RID_LENGTH && memcmp(masked + 6, "********", 8) == 0);
	}
	free(text);
	return 0;
}

int fuzz_entry_decimal(const uint8_t *data, size_t size)
{
	char *text = as_string(data, size);
	dec_t v;
	if (dec_parse(text, &v)) {
		char out[DEC_TEXT_SIZE];
		dec_t back;
		/* Four places print exactly and read back to the same value. */
		dec_format(v, DEC_PLACES, out);
		CHECK(dec_parse(out, &back) && back == v);
		for (int places = 0; places <= DEC_PLACES; places++) {
			dec_format(v, places, out);
			CHECK(strlen(out) < DEC_TEXT_SIZE);
		}
		dec_t r;
		if (dec_mul(v, v, &r) && dec_div(r, v ? v : 1, &r) && dec_add(r, v, &r))
			(void)dec_sub(r, v, &r);
		(void)dec_round(v, 2);
	}
	free(text);
	return 0;
}

/* Input: byte 0 the column budget, byte 1 the output buffer size (an exact
 * heap block, so one byte too many is a sanitizer report), byte 2 bit 0 the
 * ellipsis flag, then the text. */
int fuzz_entry_text_width(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	int cols = (int)data[0] - 8; /* a few negative budgets too */
	size_t outsz = data[1] % 64;
	bool ellipsis = data[2] & 1;
	char *s = as_string(data + 3, size - 3);
	bool valid = utf8_valid_text(s);
	int width = str_width(s);
	CHECK(width >= 0 && (size_t)width <= strlen(s) * 2);
	char *out = outsz ? xmalloc(outsz) : NULL;
	int used = str_fit(s, cols, ellipsis, out, outsz);
	if (outsz) {
		size_t n = strnlen(out, outsz);
		CHECK(n < outsz);               /* NUL-terminated inside the buffer */
		CHECK(used == str_width(out));  /* what it says it used */
		CHECK(used <= (cols > 0 ? cols : 0));
		bool dots = n >= 2 && strcmp(out + n - 2, "..") == 0 &&
			    strncmp(out, s, n) != 0;
		size_t keep = dots ? n - 2 : n;
		CHECK(strncmp(out, s, keep) == 0); /* a prefix of s */
		/* A character is never split: a valid text stays valid. */
		if (valid)
			CHECK(utf8_valid_text(out));
	}
	for (size_t i = 0; i < size - 3; i++) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, size - 3 - i, &cp);
		if (k) {
			char enc[4];
			CHECK(utf8_encode(cp, enc) == k && memcmp(enc, s + i, k) == 0);
			CHECK(cp_width(cp) >= 0 && cp_width(cp) <= 2);
		}
	}
	free(out);
	free(s);
	return 0;
}

const struct fuzz_entry fuzz_entries[] = {
	{"household", fuzz_entry_household},
	{"engine", fuzz_entry_engine},
	{"form", fuzz_entry_form},
	{"draft", fuzz_entry_draft},
	{"catalogue", fuzz_entry_catalogue},
	{"rule", fuzz_entry_rule},
	{"calendar", fuzz_entry_calendar},
	{"config", fuzz_entry_config},
	{"resident_id", fuzz_entry_resident_id},
	{"decimal", fuzz_entry_decimal},
	{"text_width", fuzz_entry_text_width},
	{NULL, NULL},
};
