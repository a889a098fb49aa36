/* test_bad_input.c - bad input tried on purpose, by name (issue 7 §5).
 *
 * Each case goes through the loader a person's file goes through and must
 * end in a message that says where ("FILE:LINE: ...") and what, with
 * nothing returned and nothing written (no file left in TMPDIR, where the
 * iniparser wrapper makes its BOM-less copies).  A UTF-8 byte-order mark and
 * CRLF line ends are accepted and read exactly as the plain file; a name
 * that looks like SQL is only text.  Cases already covered elsewhere are not
 * repeated: form_field_check's own limits (test_form.c), the configuration's
 * BOM, CRLF and duplicates (test_config.c), calendar refusals
 * (test_calendar_file.c), household refusals by key (test_golden.c). */
#include "onedoor/calendar_file.h"
#include "onedoor/catalogue_ini.h"
#include "onedoor/config.h"
#include "onedoor/form_file.h"
#include "onedoor/form_values.h"
#include "onedoor/household_file.h"
#include "onedoor/strbuf.h"
#include "onedoor/text_width.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char top[512];
static char dir[64];     /* the inputs */
static char tmpdir[128]; /* TMPDIR while loading: must stay empty */

static int setup(void **state)
{
	(void)state;
	const char *env = getenv("ONEDOOR_TOP");
	snprintf(top, sizeof top, "%s", env && *env ? env : ".");
	snprintf(dir, sizeof dir, "/tmp/onedoor-bad-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(tmpdir, sizeof tmpdir, "%s/tmp", dir);
	if (mkdir(tmpdir, 0700) != 0)
		return -1;
	setenv("TMPDIR", tmpdir, 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Writes len bytes to dir/name; returns the path (static, one per name slot). */
static const char *write_bytes(const char *name, const char *text, size_t len)
{
	static char paths[4][192];
	static int next;
	char *path = paths[next++ % 4];
	snprintf(path, 192, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return path;
}

static const char *write_text(const char *name, const char *text)
{
	return write_bytes(name, text, strlen(text));
}

/* Nothing was left behind in TMPDIR. */
static void assert_nothing_written(void)
{
	DIR *dp = opendir(tmpdir);
	assert_non_null(dp);
	struct dirent *e;
	while ((e = readdir(dp)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			fail_msg("%s left in TMPDIR", e->d_name);
	closedir(dp);
}

/* d says "PATH:WHERE..." and contains `what`; `where` is ":LINE: " or ": ". */
static void assert_message(const struct diag *d, const char *path, const char *where,
			   const char *what)
{
	size_t n = strlen(path);
	if (strncmp(d->text, path, n) != 0 || strncmp(d->text + n, where, strlen(where)) != 0 ||
	    !strstr(d->text, what))
		fail_msg("\"%s\" is not %s%s...%s", d->text, path, where, what);
	assert_true(utf8_valid_text(d->text));
	assert_nothing_written();
}

static void household_refused(const char *text, size_t len, const char *where, const char *what)
{
	const char *path = write_bytes("household.ini", text, len);
	struct household_file *hf = (struct household_file *)1;
	struct diag d;
	assert_int_not_equal(household_file_load(path, &hf, &d), OD_OK);
	assert_null(hf);
	assert_message(&d, path, where, what);
}

static struct household_file *household_accepted(const char *text, size_t len)
{
	const char *path = write_bytes("household.ini", text, len);
	struct household_file *hf = NULL;
	struct diag d;
	if (household_file_load(path, &hf, &d) != OD_OK)
		fail_msg("refused: %s", d.text);
	assert_nothing_written();
	return hf;
}

#define HH_HEAD "[household]\nhukou = rural\n[member.1]\nrelation = self\n"
#define HH_ID "id = 51170319731015011X\n"

static void invalid_resident_ids(void **state)
{
	(void)state;
	static const struct {
		const char *id, *what;
	} cases[] = {
		{"5117031973101501", "a resident ID has 18 characters"},
		{"51170319731015011X9", "a resident ID has 18 characters"},
		{"51170319731O15011X", "17 digits and a digit or X last"},
		{"51170319731015011Y", "17 digits and a digit or X last"},
		{"5117031973-015011X", "17 digits and a digit or X last"},
		{"991703197310150118", "the first six digits are not a region code"},
		{"511703197302290113", "the birth date in the resident ID is impossible"},
		{"511703197313010113", "the birth date in the resident ID is impossible"},
		{"511703187001010011", "the birth date in the resident ID is impossible"},
		{"511703197310150110", "the check character does not match"},
		{"５１１７０３１９７３１０１５０１１Ｙ", "17 digits and a digit or X last"},
	};
	char text[512];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int n = snprintf(text, sizeof text, HH_HEAD "id = %s\n", cases[i].id);
		household_refused(text, (size_t)n, ":5: ", cases[i].what);
		assert_non_null(strstr(text, "[member.1]"));
	}
	/* As an input method types it: full-width digits, a lower-case x. */
	const char *wide = HH_HEAD "id = ５１１７０３１９７３１０１５０１１ｘ\n";
	struct household_file *hf = household_accepted(wide, strlen(wide));
	assert_string_equal(hf->in.m[0].id, "51170319731015011X");
	household_file_free(&hf);
}

static void impossible_dates(void **state)
{
	(void)state;
	static const char *const dates[] = {"2025-02-29", "2026-04-31", "2026-13-01", "2026-00-10",
					    "2026-01-00", "1900-02-29", "2026-3-1",   "26-03-01",
					    "2026/03/01", "2026-03-01T00:00"};
	char text[512];
	for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
		int n = snprintf(text, sizeof text,
				 "[household]\nhukou = rural\napplication_date = %s\n[member.1]\n" HH_ID,
				 dates[i]);
		household_refused(text, (size_t)n, ":3: ", "[household] application_date");
	}
	/* A leap day is a date. */
	const char *leap = "[household]\napplication_date = 2028-02-29\n[member.1]\n" HH_ID;
	struct household_file *hf = household_accepted(leap, strlen(leap));
	household_file_free(&hf);

	/* In a calendar and as a form field's default. */
	const char *cal = write_text("cal.ini", "[calendar]\nyear = 2025\nsource = t\n[holidays]\n"
						"2025-02-29 = x\n");
	struct calendar_file *cf = (struct calendar_file *)1;
	struct diag d;
	assert_int_not_equal(calendar_file_load(cal, &cf, &d), OD_OK);
	assert_null(cf);
	assert_message(&d, cal, ":5: ", "\"2025-02-29\" is not a date");
	const char *form = write_text("form.ini", "[field.born]\nscope = member\ntype = date\n"
						  "label_zh = 生日\nlabel_en = Born\n"
						  "default = 2026-02-30\n");
	struct form_def *def = (struct form_def *)1;
	assert_int_not_equal(form_def_load(form, &def, &d), OD_OK);
	assert_null(def);
	assert_message(&d, form, ":6: ", "YYYY-MM-DD");
}

static void negative_and_absurd_amounts(void **state)
{
	(void)state;
	static const struct {
		const char *line, *what;
	} cases[] = {
		{"income_wage = -0.01", "income_wage: \"-0.01\" is not an amount of yuan from 0"},
		{"income_wage = -1000", "income_wage: \"-1000\" is not an amount"},
		{"support_paid = -1", "support_paid: \"-1\" is not an amount"},
		{"income_wage = 100000000.01", "\"100000000.01\" is not an amount of yuan from 0 to "
					       "100000000"},
		{"income_wage = 900000000000000", "is not an amount"},
		{"income_wage = 99999999999999999999", "is not an amount"},
		{"income_wage = 922337203685477.5808", "is not an amount"},
		{"income_wage = 1e9", "is not an amount"},
		{"income_wage = 1,000", "is not an amount"},
		{"income_wage = 12.345", "at most two decimals"},
		{"income_property = -100000000.01", "from -100000000 to 100000000"},
		{"income_transfer = NaN", "is not an amount"},
	};
	char text[512];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int n = snprintf(text, sizeof text, HH_HEAD HH_ID "%s\n", cases[i].line);
		household_refused(text, (size_t)n, ":6: ", cases[i].what);
	}
	int n = snprintf(text, sizeof text, "[household]\ndeposits = -5\n[member.1]\n" HH_ID);
	household_refused(text, (size_t)n, ":2: ", "deposits: \"-5\" is not an amount of yuan");
	n = snprintf(text, sizeof text, "[household]\nmedical_selfpaid = 1000000000\n[member.1]\n" HH_ID);
	household_refused(text, (size_t)n, ":2: ", "medical_selfpaid");

	/* The ceiling itself, and a net property loss, are amounts. */
	const char *ok = HH_HEAD HH_ID "income_wage = 100000000\nincome_property = -500.50\n";
	struct household_file *hf = household_accepted(ok, strlen(ok));
	assert_true(hf->in.m[0].income[0] == INT64_C(100000000) * DEC_SCALE);
	assert_true(hf->in.m[0].income[2] == -INT64_C(5005000));
	household_file_free(&hf);

	/* As the form accepts them: full-width digits, point and minus (an input
	 * method's), and counts too; a full-width comma is still refused. */
	const char *wide = "[household]\nhukou = rural\ndeposits = １２３４５．６７\nhouses = １\n"
			   "[member.1]\nrelation = self\n" HH_ID "income_wage = ２４０００\n"
			   "income_property = －５００．５０\n";
	hf = household_accepted(wide, strlen(wide));
	assert_true(hf->in.deposits == INT64_C(123456700));
	assert_int_equal(hf->in.houses, 1);
	assert_true(hf->in.m[0].income[0] == INT64_C(24000) * DEC_SCALE);
	assert_true(hf->in.m[0].income[2] == -INT64_C(5005000));
	household_file_free(&hf);
	n = snprintf(text, sizeof text, HH_HEAD HH_ID "income_wage = １，０００\n");
	household_refused(text, (size_t)n, ":6: ", "is not an amount");
	n = snprintf(text, sizeof text, HH_HEAD HH_ID "income_wage = １２ａ\n");
	household_refused(text, (size_t)n, ":6: ", "is not an amount");

	/* A catalogue parameter that is not a decimal. */
	const char *cat = write_text("param.ini", "[param.absurd]\nlabel_zh = x\nlabel_en = x\n"
						  "unit = yuan\nvalue.000000.2026-01-01 = 1e99 | ref\n");
	const char *paths[] = {cat};
	struct catalogue *c = (struct catalogue *)1;
	struct diag d;
	assert_int_not_equal(catalogue_ini_load(paths, 1, &c, &d), OD_OK);
	assert_null(c);
	assert_message(&d, cat, ":5: ", "\"1e99\" is not a decimal number");
}

static void control_characters_and_invalid_utf8_in_names(void **state)
{
	(void)state;
	static const char *const names[] = {
		"王\x1b[2J芳",     /* an escape sequence that would clear the screen */
		"王\a芳",          /* bell */
		"王\x7f芳",        /* DEL */
		"王\xc2\x9b芳",    /* C1 CSI */
		"\xff\xfe王芳",    /* not UTF-8 */
		"王\xc0\xaf",      /* overlong '/' */
		"王\xed\xa0\x80",  /* a surrogate */
		"王\xe8\x8a",      /* cut in the middle of a character */
		"\xf4\x90\x80\x80", /* above U+10FFFF */
	};
	char text[512];
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		int n = snprintf(text, sizeof text, HH_HEAD HH_ID "name = %s\n", names[i]);
		household_refused(text, (size_t)n, ":6: ", "not valid UTF-8 text");
	}
	/* Not only names: any value a screen shows or a message quotes. */
	int n = snprintf(text, sizeof text, "[household]\nhukou = rural\x1b]0;x\a\n[member.1]\n" HH_ID);
	household_refused(text, (size_t)n, ":2: ", "not valid UTF-8 text");
	n = snprintf(text, sizeof text, HH_HEAD HH_ID "village_note = \x1b[31m\n");
	household_refused(text, (size_t)n, ":6: ", "not valid UTF-8");

	/* The configuration: the same rule. */
	const char *cfg = write_text("onedoor.ini", "[window]\ncentre = \x1b[2J\n");
	struct od_config c;
	struct diag d;
	assert_int_not_equal(config_load(cfg, &c, &d), OD_OK);
	assert_null(c.path);
	assert_message(&d, cfg, ":2: ", "not valid UTF-8 text");

	/* Chinese, a middle dot and a tab are text. */
	const char *ok = HH_HEAD HH_ID "name = 阿依古丽·买买提\tA\n";
	struct household_file *hf = household_accepted(ok, strlen(ok));
	assert_string_equal(hf->in.m[0].name, "阿依古丽·买买提\tA");
	household_file_free(&hf);
}

static void fields_of_10000_characters(void **state)
{
	(void)state;
	char *text = malloc(40000);
	assert_non_null(text);
	/* iniparser reads lines of at most 1023 bytes: a longer one is refused
	 * with its line, never cut silently. */
	int n = snprintf(text, 40000, HH_HEAD HH_ID "name = ");
	memset(text + n, 'x', 10000);
	n += 10000;
	text[n++] = '\n';
	household_refused(text, (size_t)n, ":6: ", "line too long");
	n = snprintf(text, 40000, HH_HEAD HH_ID "name = ");
	for (int i = 0; i < 10000; i++)
		n += snprintf(text + n, 40000 - (size_t)n, "杨");
	text[n++] = '\n';
	household_refused(text, (size_t)n, ":6: ", "line too long");

	const char *cfgtext = "[receipt]\nprinter = ";
	n = snprintf(text, 40000, "%s", cfgtext);
	memset(text + n, 'p', 10000);
	n += 10000;
	text[n] = '\0';
	const char *cfg = write_bytes("onedoor.ini", text, (size_t)n);
	struct od_config c;
	struct diag d;
	assert_int_not_equal(config_load(cfg, &c, &d), OD_OK);
	assert_message(&d, cfg, ":2: ", "line too long");

	/* A 990-byte name fits a line; the copy kept for messages is cut on a
	 * character boundary. */
	n = snprintf(text, 40000, HH_HEAD HH_ID "name = ");
	for (int i = 0; i < 330; i++)
		n += snprintf(text + n, 40000 - (size_t)n, "杨");
	text[n++] = '\n';
	struct household_file *hf = household_accepted(text, (size_t)n);
	assert_true(utf8_valid_text(hf->in.m[0].name));
	assert_true(strlen(hf->in.m[0].name) >= 60);
	household_file_free(&hf);

	/* Quoted in a message of 512 bytes, it is cut on a character
	 * boundary too (assert_message checks the message is UTF-8). */
	for (int pad = 0; pad < 3; pad++) {
		n = snprintf(text, 40000, "[household]\nhukou = %.*s", pad, "xx");
		for (int i = 0; i < 330; i++)
			n += snprintf(text + n, 40000 - (size_t)n, "杨");
		n += snprintf(text + n, 40000 - (size_t)n, "\n[member.1]\n" HH_ID);
		household_refused(text, (size_t)n, ":2: ", "hukou: \"");
	}
	free(text);
}

static void empty_files(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		size_t len;
	} empties[] = {{"", 0}, {"\xef\xbb\xbf", 3}, {"\r\n\r\n", 4}, {"; only a comment\n", 17}};
	for (size_t i = 0; i < sizeof empties / sizeof empties[0]; i++) {
		household_refused(empties[i].text, empties[i].len, ": ", "no [household] section");

		struct diag d;
		const char *form = write_bytes("form.ini", empties[i].text, empties[i].len);
		struct form_def *def = (struct form_def *)1;
		assert_int_not_equal(form_def_load(form, &def, &d), OD_OK);
		assert_null(def);
		assert_message(&d, form, ": ", "no [field.KEY]");

		const char *cal = write_bytes("cal.ini", empties[i].text, empties[i].len);
		struct calendar_file *cf = (struct calendar_file *)1;
		assert_int_not_equal(calendar_file_load(cal, &cf, &d), OD_OK);
		assert_null(cf);
		assert_message(&d, cal, ": ", "[calendar] year");

		const char *cat = write_bytes("cat.ini", empties[i].text, empties[i].len);
		const char *paths[] = {cat};
		struct catalogue *c = (struct catalogue *)1;
		assert_int_not_equal(catalogue_ini_load(paths, 1, &c, &d), OD_OK);
		assert_null(c);
		assert_non_null(strstr(d.text, "the catalogue lacks parameter"));
		assert_nothing_written();

		/* An empty configuration is all defaults. */
		const char *cfg = write_bytes("onedoor.ini", empties[i].text, empties[i].len);
		struct od_config conf;
		assert_int_equal(config_load(cfg, &conf, &d), OD_OK);
		assert_string_equal(conf.conninfo, "");
		assert_int_equal(conf.language, UI_LANG_ZH_CN);
		config_clear(&conf);
		assert_nothing_written();
	}
}

/* text with, when asked, a byte-order mark and CRLF line ends (caller frees). */
static char *variant(const char *text, bool bom, bool crlf, size_t *len)
{
	char *out = malloc(strlen(text) * 2 + 4);
	assert_non_null(out);
	size_t n = 0;
	if (bom)
		memcpy(out, "\xef\xbb\xbf", 3), n = 3;
	for (const char *p = text; *p; p++) {
		if (*p == '\n' && crlf)
			out[n++] = '\r';
		out[n++] = *p;
	}
	*len = n;
	return out;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *buf = calloc(1, 1 << 20);
	assert_non_null(buf);
	size_t n = fread(buf, 1, (1 << 20) - 1, f);
	assert_false(ferror(f));
	assert_true(n < (1 << 20));
	fclose(f);
	return buf;
}

static void bom_and_crlf_are_accepted(void **state)
{
	(void)state;
	char path[700];
	snprintf(path, sizeof path, "%s/tests/golden/seed002_yang_single_person.ini", top);
	char *plain = slurp(path);
	struct household_file *want = household_accepted(plain, strlen(plain));
	snprintf(path, sizeof path, "%s/forms/household.ini", top);
	char *form_text = slurp(path);
	snprintf(path, sizeof path, "%s/conf/calendar/2026.ini", top);
	char *cal_text = slurp(path);
	struct diag d;
	struct calendar_file *cal_want = NULL;
	assert_int_equal(calendar_file_load(path, &cal_want, &d), OD_OK);
	for (int v = 0; v < 3; v++) {
		bool bom = v != 1, crlf = v != 0; /* BOM; CRLF; both */
		size_t len;
		char *text = variant(plain, bom, crlf, &len);
		struct household_file *got = household_accepted(text, len);
		assert_int_equal(got->in.count, want->in.count);
		assert_int_equal(got->in.present, want->in.present);
		assert_int_equal(got->in.application_date, want->in.application_date);
		assert_true(got->in.deposits == want->in.deposits);
		for (int m = 0; m < want->in.count; m++) {
			assert_string_equal(got->in.m[m].id, want->in.m[m].id);
			assert_string_equal(got->in.m[m].name, want->in.m[m].name);
			assert_int_equal(got->in.m[m].present, want->in.m[m].present);
			assert_int_equal(got->in.m[m].line, want->in.m[m].line);
			assert_memory_equal(got->in.m[m].income, want->in.m[m].income,
					    sizeof want->in.m[m].income);
		}
		household_file_free(&got);
		free(text);

		/* The form and the calendar: the same fields, the same days. */
		text = variant(form_text, bom, crlf, &len);
		const char *form = write_bytes("form.ini", text, len);
		free(text);
		struct form_def *def = NULL;
		if (form_def_load(form, &def, &d) != OD_OK)
			fail_msg("form refused: %s", d.text);
		assert_true(def->count > 10);
		/* No CR left at the end of a value. */
		for (int i = 0; i < def->count; i++)
			assert_null(strchr(def->fields[i].label[0], '\r'));
		form_def_free(&def);

		text = variant(cal_text, bom, crlf, &len);
		const char *cal = write_bytes("cal.ini", text, len);
		free(text);
		struct calendar_file *cf = NULL;
		if (calendar_file_load(cal, &cf, &d) != OD_OK)
			fail_msg("calendar refused: %s", d.text);
		assert_int_equal(cf->count, cal_want->count);
		for (int i = 0; i < cf->count; i++) {
			assert_int_equal(cf->days[i].day, cal_want->days[i].day);
			assert_string_equal(cf->days[i].name, cal_want->days[i].name);
		}
		calendar_file_free(&cf);
		assert_nothing_written();
	}
	calendar_file_free(&cal_want);
	household_file_free(&want);
	free(plain);
	free(form_text);
	free(cal_text);
}

/* Section lines iniparser reads differently from what they look like: a
 * value would land where no one looks, or override one silently. */
static void malformed_section_lines(void **state)
{
	(void)state;
	static const struct {
		const char *text, *where;
	} cases[] = {
		/* iniparser: a key "[member.1]x" of [household], then a second
		 * hukou overriding the first */
		{"[household]\nhukou = rural\n[member.1]x = 1\nhukou = urban\n", ":3: "},
		/* iniparser: [household] again, so id lands in it */
		{"[household]\nhukou = rural\n[]\nid = 51170319731015011X\n", ":3: "},
		{"[household]\n[ ]\n", ":2: "},
		/* iniparser: [a] k:x and [a:k] x are one key */
		{"[household]\nmember:x = 1\n[household:member]\nx = 2\n", ":3: "},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		household_refused(cases[i].text, strlen(cases[i].text), cases[i].where,
				  "a section line is [NAME]");
}

static void sql_looking_name_is_only_text(void **state)
{
	(void)state;
	static const char *const names[] = {
		/* the name field takes 30 characters */
		"Bob'); DROP TABLE cases;--",
		"x' OR 'a'='a", /* a name takes no digits (forms/household.ini) */
		"王芳; DELETE FROM cases; --",
		"$a # %s %n",
	};
	char path[600];
	snprintf(path, sizeof path, "%s/forms/household.ini", top);
	struct form_def *def = NULL;
	struct diag d;
	assert_int_equal(form_def_load(path, &def, &d), OD_OK);
	int name = form_find(def, "name"), id = form_find(def, "id");
	assert_true(name >= 0 && id >= 0);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		/* Typed at the window: accepted as it is... */
		char out[256];
		if (form_field_check(&def->fields[name], 0, names[i], out, sizeof out, &d) != OD_OK)
			fail_msg("\"%s\" refused: %s", names[i], d.text);
		assert_string_equal(out, names[i]);
		/* ...written to the household file (quoted, since ';' and '#'
		 * start an INI comment)... */
		struct form_values v;
		form_values_init(&v, def);
		form_values_set(&v, 0, id, "51170319731015011X");
		form_values_set(&v, 0, name, names[i]);
		struct strbuf ini = STRBUF_INIT;
		form_values_to_ini(&v, NULL, &ini);
		form_values_clear(&v);
		/* ...and read back exactly. */
		struct household_file *hf = household_accepted(strbuf_text(&ini), strlen(strbuf_text(&ini)));
		assert_string_equal(hf->in.m[0].name, names[i]);
		household_file_free(&hf);
		strbuf_free(&ini);
	}
	form_def_free(&def);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(invalid_resident_ids),
		cmocka_unit_test(impossible_dates),
		cmocka_unit_test(negative_and_absurd_amounts),
		cmocka_unit_test(control_characters_and_invalid_utf8_in_names),
		cmocka_unit_test(fields_of_10000_characters),
		cmocka_unit_test(empty_files),
		cmocka_unit_test(bom_and_crlf_are_accepted),
		cmocka_unit_test(malformed_section_lines),
		cmocka_unit_test(sql_looking_name_is_only_text),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
