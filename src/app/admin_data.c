/* admin_data.c - `onedoor-admin data import SOURCE FILE` and `data sources`:
 * departments' extracts for household verification.
 *
 * The file is checked here for what only the bytes show (size, UTF-8, CSV
 * shape, field count) and streamed with COPY into the session's staging
 * table; the server checks the header and every value (one home for the
 * rules of each source, 0018_department_data.sql) and records the batch.
 * Everything runs in one transaction: a fault anywhere rolls all back. */
#include "onedoor/admin_county.h"
#include "onedoor/app.h"
#include "onedoor/csv_line.h"
#include "onedoor/i18n.h"
#include "onedoor/sha256.h"
#include "onedoor/strbuf.h"
#include "onedoor/text_width.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A million-row extract of the widest source is about 70 MB; anything far
 * bigger is not an extract and is refused before a byte is read. */
#define EXTRACT_MAX_BYTES (128L * 1024 * 1024)
#define MAX_COLUMNS 6
#define MAX_FAULTS 50
#define COPY_CHUNK (256 * 1024)

struct extract {
	const char *path;
	FILE *f;
	char *line;
	size_t cap;
	long lineno;
	struct sha256 sum;
	int faults;
};

static void fault(struct extract *x, long line, const char *message)
{
	if (x->faults++ < MAX_FAULTS)
		fprintf(stderr, "%s:%ld: %s\n", x->path, line, message);
}

/* Reads the next line without its line end into x->line; false at the end
 * of the file.  Every byte read goes into the checksum. */
static bool next_line(struct extract *x)
{
	ssize_t n = getline(&x->line, &x->cap, x->f);
	if (n < 0)
		return false;
	sha256_update(&x->sum, x->line, (size_t)n);
	x->lineno++;
	while (n > 0 && (x->line[n - 1] == '\n' || x->line[n - 1] == '\r'))
		x->line[--n] = '\0';
	if (memchr(x->line, '\0', (size_t)n)) /* a NUL byte: not text */
		x->line[0] = '\x80';
	return true;
}

/* Splits the current line into *n fields; a fault (and false) when it is
 * not well-formed UTF-8 CSV or, when want > 0, has not `want` fields. */
static bool split_line(struct extract *x, char **fields, int want, int *n)
{
	if (!utf8_valid_text(x->line)) {
		fault(x, x->lineno, _("not valid UTF-8 text (is the file in GBK? save it as UTF-8)"));
		return false;
	}
	enum csv_fault cf = csv_split(x->line, fields, MAX_COLUMNS + 1, n);
	if (cf == CSV_UNTERMINATED) {
		fault(x, x->lineno, _("a quoted field is not closed on its line"));
		return false;
	}
	if (cf == CSV_STRAY_QUOTE) {
		fault(x, x->lineno, _("a quote in the middle of a field"));
		return false;
	}
	if (want > 0 && (cf == CSV_TOO_MANY || *n != want)) {
		char what[128];
		snprintf(what, sizeof what, _("expected %d fields separated by commas"), want);
		fault(x, x->lineno, what);
		return false;
	}
	return true;
}

/* Appends a field in COPY's text format (backslash and tab escaped; the
 * fields cannot hold line ends). */
static void copy_field(struct strbuf *b, const char *s)
{
	for (const char *p = s; *p; p++) {
		if (*p == '\\')
			strbuf_append(b, "\\\\");
		else if (*p == '\t')
			strbuf_append(b, "\\t");
		else
			strbuf_append_n(b, p, 1);
	}
}

static const char *fault_text(const char *code)
{
	if (!strcmp(code, "resident_id"))
		return _("not a valid resident ID (18 characters, check character)");
	if (!strcmp(code, "date"))
		return _("not a date that exists (YYYY-MM-DD)");
	if (!strcmp(code, "future_date"))
		return _("a date in the future");
	if (!strcmp(code, "number"))
		return _("not an amount (digits, at most two decimals)");
	if (!strcmp(code, "negative"))
		return _("a negative amount");
	if (!strcmp(code, "year"))
		return _("not a year (four digits, not in the future)");
	if (!strcmp(code, "text"))
		return _("empty, too long (over 100 characters) or with control characters");
	return code;
}

/* Streams the data lines into the staging table; the number of columns
 * comes from the server.  Returns false when a line was refused. */
static bool stream_rows(struct db *db, struct extract *x, int ncols)
{
	struct strbuf b = STRBUF_INIT;
	struct diag d;
	bool sending = true;
	char *fields[MAX_COLUMNS + 1];
	int n;
	while (next_line(x)) {
		if (x->line[0] == '\0') {
			fault(x, x->lineno, _("an empty line"));
			sending = false;
			continue;
		}
		if (!split_line(x, fields, ncols, &n)) {
			sending = false;
			continue;
		}
		if (!sending)
			continue; /* keep reading to report every bad line */
		strbuf_printf(&b, "%ld", x->lineno);
		for (int i = 0; i < ncols; i++) {
			strbuf_append(&b, "\t");
			copy_field(&b, fields[i]);
		}
		strbuf_append(&b, "\n");
		if (b.len >= COPY_CHUNK) {
			if (db_copy_put(db, b.text, b.len, &d) != OD_OK) {
				fprintf(stderr, "onedoor-admin: %s\n", d.text);
				sending = false;
				x->faults++;
			}
			strbuf_reset(&b);
		}
	}
	if (ferror(x->f)) {
		fault(x, x->lineno + 1, strerror(errno));
		sending = false;
	}
	if (sending && b.len > 0 && db_copy_put(db, b.text, b.len, &d) != OD_OK) {
		fprintf(stderr, "onedoor-admin: %s\n", d.text);
		x->faults++;
	}
	strbuf_free(&b);
	if (db_copy_end(db, &d) != OD_OK && x->faults == 0) {
		fprintf(stderr, "onedoor-admin: %s: %s\n", x->path, d.text);
		x->faults++;
	}
	return x->faults == 0;
}

/* Asks the server to check the staged rows and record the batch; prints
 * its faults.  Returns true when the batch was recorded. */
static bool finish_batch(struct db *db, struct extract *x, const char *source,
			 const char *as_of)
{
	char request[37], digest[65];
	db_new_request_id(request);
	sha256_final_hex(&x->sum, digest);
	const char *slash = strrchr(x->path, '/');
	const char *params[] = {request, source, as_of, slash ? slash + 1 : x->path, digest};
	struct db_result *r = NULL;
	struct diag d;
	if (db_exec(db,
		    "SELECT line, column_name, fault, detail, batch_id, row_count "
		    "FROM onedoor.data_import_finish($1::uuid, $2, $3::date, $4, $5)",
		    5, params, &r, &d) != OD_OK) {
		fprintf(stderr, "onedoor-admin: %s: %s\n", x->path, d.text);
		return false;
	}
	bool recorded = db_rows(r) == 1 && !db_is_null(r, 0, "batch_id");
	if (recorded) {
		printf(_("%s: %s row(s) imported as batch %s (as of %s, SHA-256 %s)\n"), source,
		       db_value(r, 0, "row_count"), db_value(r, 0, "batch_id"), as_of, digest);
	}
	for (int i = 0; !recorded && i < db_rows(r); i++) {
		char what[256];
		if (!strcmp(db_value(r, i, "fault"), "duplicate"))
			snprintf(what, sizeof what, _("the same fact again (first on line %s)"),
				 db_value(r, i, "detail"));
		else
			snprintf(what, sizeof what, "%s", fault_text(db_value(r, i, "fault")));
		fprintf(stderr, "%s:%s: %s: %s\n", x->path, db_value(r, i, "line"),
			db_value(r, i, "column_name"), what);
	}
	db_result_free(&r);
	return recorded;
}

static int begin_load(struct db *db, struct extract *x, const char *source, int *ncols)
{
	char *fields[MAX_COLUMNS + 1];
	if (!next_line(x)) {
		fault(x, 1, _("the file is empty (the first line must be the header)"));
		return EXIT_USAGE;
	}
	/* A byte-order mark is what some spreadsheets write first; skip it. */
	if (!strncmp(x->line, "\xEF\xBB\xBF", 3))
		memmove(x->line, x->line + 3, strlen(x->line + 3) + 1);
	int n;
	if (!split_line(x, fields, 0, &n))
		return EXIT_USAGE;
	struct strbuf header = STRBUF_INIT;
	for (int i = 0; i < n; i++) {
		if (i > 0)
			strbuf_append(&header, ",");
		strbuf_append(&header, fields[i]);
	}
	const char *params[] = {source, strbuf_text(&header)};
	struct db_result *r = NULL;
	struct diag d;
	enum od_status st = db_exec(db, "SELECT array_length(columns, 1) AS n "
				    "FROM onedoor.data_import_begin($1, string_to_array($2, ','))",
				    2, params, &r, &d);
	strbuf_free(&header);
	if (st == OD_OK) {
		*ncols = atoi(db_value(r, 0, "n"));
		db_result_free(&r);
		return EXIT_OK;
	}
	if (st == OD_ERR_VALUE && *db_last_detail(db)) {
		char what[512];
		snprintf(what, sizeof what, _("the header must be: %s"), db_last_detail(db));
		fault(x, 1, what);
		return EXIT_USAGE;
	}
	fprintf(stderr, "onedoor-admin: %s\n", d.text);
	x->faults++;
	return st == OD_ERR_VALUE ? EXIT_USAGE : EXIT_FAILURE_RUN;
}

/* EXIT_OK when the source exists; EXIT_USAGE for an unknown one (the
 * message lists the sources), EXIT_FAILURE_RUN when the login may not load. */
static int check_source(struct db *db, const char *source)
{
	const char *params[] = {source};
	struct db_result *r = NULL;
	struct diag d;
	if (db_exec(db, "SELECT string_agg(code, ', ' ORDER BY code) AS codes, "
			"bool_or(code = $1) AS known FROM onedoor.data_sources",
		    1, params, &r, &d) != OD_OK) {
		fprintf(stderr, "onedoor-admin: %s\n", d.text);
		return EXIT_FAILURE_RUN;
	}
	int rc = strcmp(db_value(r, 0, "known"), "t") ? EXIT_USAGE : EXIT_OK;
	if (rc != EXIT_OK)
		fprintf(stderr, _("onedoor-admin: unknown source \"%s\"; the sources are: %s\n"),
			source, db_value(r, 0, "codes"));
	db_result_free(&r);
	return rc;
}

static int data_import(struct db *db, const char *source, const char *path, const char *as_of)
{
	struct extract x = {.path = path};
	struct stat st;
	x.f = fopen(path, "rb");
	if (!x.f || fstat(fileno(x.f), &st) != 0) {
		fprintf(stderr, "onedoor-admin: %s: %s\n", path, strerror(errno));
		if (x.f)
			fclose(x.f);
		return EXIT_USAGE;
	}
	if (st.st_size > EXTRACT_MAX_BYTES) {
		char what[160];
		snprintf(what, sizeof what,
			 _("the file has %lld MB; an extract may have at most %d MB (split it)"),
			 (long long)(st.st_size >> 20), (int)(EXTRACT_MAX_BYTES >> 20));
		fault(&x, 1, what);
		fclose(x.f);
		return EXIT_USAGE;
	}
	int rc = check_source(db, source);
	if (rc != EXIT_OK) {
		fclose(x.f);
		return rc;
	}
	sha256_init(&x.sum);
	struct diag d;
	int ncols = 0;
	if (db_exec(db, "BEGIN", 0, NULL, NULL, &d) != OD_OK) {
		fprintf(stderr, "onedoor-admin: %s\n", d.text);
		fclose(x.f);
		return EXIT_FAILURE_RUN;
	}
	rc = begin_load(db, &x, source, &ncols);
	if (rc == EXIT_OK) {
		static const char *const copy[] = {
			"", "", "COPY pg_temp.data_import_rows (line, c1, c2) FROM STDIN",
			"COPY pg_temp.data_import_rows (line, c1, c2, c3) FROM STDIN",
			"COPY pg_temp.data_import_rows (line, c1, c2, c3, c4) FROM STDIN",
			"COPY pg_temp.data_import_rows (line, c1, c2, c3, c4, c5) FROM STDIN",
			"COPY pg_temp.data_import_rows (line, c1, c2, c3, c4, c5, c6) FROM STDIN"};
		if (ncols < 2 || ncols > MAX_COLUMNS || db_copy_begin(db, copy[ncols], &d) != OD_OK) {
			fprintf(stderr, "onedoor-admin: %s\n", d.text);
			rc = EXIT_FAILURE_RUN;
		} else if (!stream_rows(db, &x, ncols) || !finish_batch(db, &x, source, as_of)) {
			rc = EXIT_USAGE;
		}
	}
	if (x.faults > MAX_FAULTS)
		fprintf(stderr, _("%s: %d more fault(s) not shown\n"), path, x.faults - MAX_FAULTS);
	if (rc == EXIT_OK && db_exec(db, "COMMIT", 0, NULL, NULL, &d) != OD_OK) {
		fprintf(stderr, "onedoor-admin: %s\n", d.text);
		rc = EXIT_FAILURE_RUN;
	}
	if (rc != EXIT_OK) {
		db_exec(db, "ROLLBACK", 0, NULL, NULL, NULL);
		fprintf(stderr, _("%s: nothing was imported\n"), path);
	}
	free(x.line);
	fclose(x.f);
	return rc;
}

static int data_sources(struct db *db)
{
	struct db_result *r = NULL;
	struct diag d;
	if (db_exec(db,
		    "SELECT code, name_zh, provider_zh, columns, coalesce(batch_id::text, '') AS batch, "
		    "coalesce(as_of::text, '') AS as_of, coalesce(row_count::text, '') AS rows, "
		    "coalesce(imported_by, '') AS imported_by, "
		    "coalesce(to_char(imported_at AT TIME ZONE 'Asia/Shanghai', "
		    "'YYYY-MM-DD HH24:MI'), '') AS imported_at FROM onedoor.data_source_list",
		    0, NULL, &r, &d) != OD_OK) {
		fprintf(stderr, "onedoor-admin: %s\n", d.text);
		return EXIT_FAILURE_RUN;
	}
	for (int i = 0; i < db_rows(r); i++) {
		printf("%-14s %s (%s)\n", db_value(r, i, "code"), db_value(r, i, "name_zh"),
		       db_value(r, i, "provider_zh"));
		printf("  %s %s\n", _("columns:"), db_value(r, i, "columns"));
		if (*db_value(r, i, "batch"))
			printf(_("  latest batch %s: as of %s, %s row(s), imported by %s at %s\n"),
			       db_value(r, i, "batch"), db_value(r, i, "as_of"),
			       db_value(r, i, "rows"), db_value(r, i, "imported_by"),
			       db_value(r, i, "imported_at"));
		else
			printf("  %s\n", _("no batch imported yet"));
	}
	db_result_free(&r);
	return EXIT_OK;
}

int admin_data_run(struct db *db, int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "sources"))
		return data_sources(db);
	if (argc >= 4 && !strcmp(argv[1], "import")) {
		const char *as_of = "";
		if (argc == 6 && !strcmp(argv[4], "--as-of"))
			as_of = argv[5];
		else if (argc != 4)
			goto usage;
		char today[16] = "";
		if (!*as_of) {
			struct db_result *r = NULL;
			struct diag d;
			if (db_exec(db, "SELECT onedoor.today()::text AS d", 0, NULL, &r, &d) != OD_OK) {
				fprintf(stderr, "onedoor-admin: %s\n", d.text);
				return EXIT_FAILURE_RUN;
			}
			snprintf(today, sizeof today, "%s", db_value(r, 0, "d"));
			db_result_free(&r);
			as_of = today;
		}
		return data_import(db, argv[2], argv[3], as_of);
	}
usage:
	fprintf(stderr, _("usage: onedoor-admin data import SOURCE FILE [--as-of YYYY-MM-DD]\n"
			  "       onedoor-admin data sources\n"));
	return EXIT_USAGE;
}
