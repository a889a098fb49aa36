/* bank_file.c - the bank's CSV files: amounts, quoting, the result file. */
#include "onedoor/bank_file.h"

#include "onedoor/csv_line.h"
#include "onedoor/i18n.h"
#include "onedoor/text_width.h"
#include "onedoor/xalloc.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fen_format(int64_t fen, char out[32])
{
	uint64_t abs = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	snprintf(out, 32, "%s%" PRIu64 ".%02u", fen < 0 ? "-" : "", abs / 100,
		 (unsigned)(abs % 100));
}

bool fen_parse(const char *text, int64_t *fen)
{
	int64_t yuan = 0;
	const char *p = text;
	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (yuan > (INT64_MAX / 100 - 99) / 10)
			return false;
		yuan = yuan * 10 + (*p - '0');
	}
	int cents = 0;
	if (*p == '.') {
		p++;
		int digits = 0;
		for (; *p >= '0' && *p <= '9'; p++, digits++)
			if (digits < 2)
				cents = cents * 10 + (*p - '0');
		if (digits < 1 || digits > 2)
			return false;
		if (digits == 1)
			cents *= 10;
	}
	if (*p)
		return false;
	*fen = yuan * 100 + cents;
	return true;
}

void csv_append_field(struct strbuf *b, const char *field, bool first)
{
	if (!first)
		strbuf_append(b, ",");
	if (!strpbrk(field, ",\"\r\n")) {
		strbuf_append(b, field);
		return;
	}
	strbuf_append(b, "\"");
	for (const char *p = field; *p; p++) {
		strbuf_append_n(b, p, 1);
		if (*p == '"')
			strbuf_append(b, "\""); /* a quote is doubled */
	}
	strbuf_append(b, "\"");
}

int text_line_at(const char *text, size_t offset)
{
	int line = 1;
	for (size_t i = 0; i < offset && text[i]; i++)
		line += text[i] == '\n';
	return line;
}

enum { MAX_FIELDS = 8 };

static bool all_digits(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);
	if (n < min || n > max)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* A field without blanks around it (banks pad with spaces). */
static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

static int by_roll_line(const void *a, const void *b)
{
	const struct bank_result *x = *(const struct bank_result *const *)a;
	const struct bank_result *y = *(const struct bank_result *const *)b;
	int c = strcmp(x->roll_no, y->roll_no);
	if (c == 0)
		c = (x->line_no > y->line_no) - (x->line_no < y->line_no);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* The same roll and line twice: the first repetition in file order is
 * named.  Sorted, so that a bank file of 100,000 lines is checked in
 * n log n, not n^2. */
static enum od_status find_duplicate(const char *path, struct bank_result *rows, int n,
				     struct diag *d)
{
	const struct bank_result **sorted = xreallocarray(NULL, (size_t)(n ? n : 1), sizeof *sorted);
	for (int i = 0; i < n; i++)
		sorted[i] = &rows[i];
	qsort(sorted, (size_t)n, sizeof *sorted, by_roll_line);
	const struct bank_result *dup = NULL, *first = NULL;
	for (int i = 1; i < n; i++) {
		const struct bank_result *a = sorted[i - 1], *b = sorted[i];
		if (a->line_no == b->line_no && strcmp(a->roll_no, b->roll_no) == 0 &&
		    (!dup || b->line < dup->line)) {
			dup = b;
			/* The earliest line of this group. */
			int j = i - 1;
			while (j > 0 && sorted[j - 1]->line_no == b->line_no &&
			       strcmp(sorted[j - 1]->roll_no, b->roll_no) == 0)
				j--;
			first = sorted[j];
		}
	}
	enum od_status st = OD_OK;
	if (dup)
		st = diag_at(d, OD_ERR_VALUE, path, dup->line,
			     _("line %d of roll %s is given twice (first on line %d)"), dup->line_no,
			     dup->roll_no, first->line);
	free(sorted);
	return st;
}

static enum od_status check_utf8(const char *path, const char *text, size_t len, struct diag *d)
{
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t k = utf8_decode(text + i, len - i, &cp);
		if (k == 0 || cp == 0)
			return diag_at(d, OD_ERR_SYNTAX, path, text_line_at(text, i),
				       _("not valid UTF-8 text (use --encoding gbk for a GBK file)"));
		i += k;
	}
	return OD_OK;
}

enum od_status bank_results_parse(const char *path, const char *text, size_t len,
				  struct bank_result **out, int *count, struct diag *d)
{
	*out = NULL;
	*count = 0;
	enum od_status st = check_utf8(path, text, len, d);
	if (st != OD_OK)
		return st;
	size_t pos = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	char *copy = xmalloc(len + 1); /* one line at a time, split in place */
	struct bank_result *rows = NULL;
	int n = 0, cap = 0;
	bool header = false;
	for (int line = 1; pos < len; line++) {
		size_t end = pos;
		while (end < len && text[end] != '\n')
			end++;
		size_t llen = end - pos;
		if (llen && text[pos + llen - 1] == '\r')
			llen--;
		memcpy(copy, text + pos, llen);
		copy[llen] = '\0';
		pos = end + 1;
		char *fields[MAX_FIELDS];
		int nf;
		enum csv_fault fault = csv_split(copy, fields, MAX_FIELDS, &nf);
		if (fault == CSV_UNTERMINATED || fault == CSV_STRAY_QUOTE) {
			st = diag_at(d, OD_ERR_SYNTAX, path, line, _("a quoted field is not closed"));
			goto fail;
		}
		if (fault == CSV_TOO_MANY)
			nf = MAX_FIELDS + 1;
		if (nf == 1 && !*trim(fields[0]))
			continue; /* blank line */
		if (!header) {
			char joined[1024] = "";
			for (int i = 0; i < nf && i < MAX_FIELDS; i++) {
				size_t used = strlen(joined);
				snprintf(joined + used, sizeof joined - used, "%s%s", i ? "," : "",
					 trim(fields[i]));
			}
			if (strcmp(joined, BANK_RESULT_HEADER) != 0) {
				st = diag_at(d, OD_ERR_SYNTAX, path, line,
					     _("the first line must be the header %s"), BANK_RESULT_HEADER);
				goto fail;
			}
			header = true;
			continue;
		}
		if (nf != 6) {
			st = diag_at(d, OD_ERR_SYNTAX, path, line,
				     _("%d fields; a result line has 6 (%s)"), nf, BANK_RESULT_HEADER);
			goto fail;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			rows = xreallocarray(rows, (size_t)cap, sizeof *rows);
		}
		struct bank_result *r = &rows[n];
		memset(r, 0, sizeof *r);
		r->line = line;
		const char *roll = trim(fields[0]), *lno = trim(fields[1]), *acct = trim(fields[2]);
		const char *amount = trim(fields[3]), *status = trim(fields[4]);
		const char *reason = trim(fields[5]);
		if (!*roll || strlen(roll) >= sizeof r->roll_no) {
			st = diag_at(d, OD_ERR_VALUE, path, line, _("no payment roll number"));
			goto fail;
		}
		if (!all_digits(lno, 1, 9) || atoi(lno) < 1) {
			st = diag_at(d, OD_ERR_VALUE, path, line, _("\"%s\" is not a line number"), lno);
			goto fail;
		}
		if (!all_digits(acct, 1, sizeof r->account - 1)) {
			st = diag_at(d, OD_ERR_VALUE, path, line, _("\"%s\" is not an account number"),
				     acct);
			goto fail;
		}
		if (!fen_parse(amount, &r->amount_fen)) {
			st = diag_at(d, OD_ERR_VALUE, path, line,
				     _("\"%s\" is not an amount in yuan (like 609.00)"), amount);
			goto fail;
		}
		if (strcmp(status, "paid") == 0 || strcmp(status, "成功") == 0)
			r->paid = true;
		else if (strcmp(status, "failed") == 0 || strcmp(status, "失败") == 0)
			r->paid = false;
		else {
			st = diag_at(d, OD_ERR_VALUE, path, line,
				     _("the status is paid or failed, not \"%s\""), status);
			goto fail;
		}
		if (!r->paid && !*reason) {
			st = diag_at(d, OD_ERR_VALUE, path, line,
				     _("a failed payment needs the bank's reason"));
			goto fail;
		}
		if (strlen(reason) >= sizeof r->reason) {
			st = diag_at(d, OD_ERR_VALUE, path, line, _("the reason is too long"));
			goto fail;
		}
		snprintf(r->roll_no, sizeof r->roll_no, "%s", roll);
		r->line_no = atoi(lno);
		snprintf(r->account, sizeof r->account, "%s", acct);
		snprintf(r->reason, sizeof r->reason, "%s", reason);
		n++;
	}
	if (!header) {
		st = diag_at(d, OD_ERR_SYNTAX, path, 1, _("the file is empty"));
		goto fail;
	}
	if (n == 0) {
		st = diag_at(d, OD_ERR_SYNTAX, path, text_line_at(text, len),
			     _("the file has no result lines"));
		goto fail;
	}
	st = find_duplicate(path, rows, n, d);
	if (st != OD_OK)
		goto fail;
	free(copy);
	*out = rows;
	*count = n;
	return OD_OK;
fail:
	free(copy);
	free(rows);
	return st;
}

void bank_results_json(const struct bank_result *rows, int count, struct strbuf *json)
{
	strbuf_append(json, "[");
	for (int i = 0; i < count; i++) {
		strbuf_append(json, i ? ",{\"roll\":" : "{\"roll\":");
		strbuf_append_json(json, rows[i].roll_no);
		strbuf_printf(json, ",\"line\":%d,\"account\":", rows[i].line_no);
		strbuf_append_json(json, rows[i].account);
		strbuf_printf(json, ",\"amount_fen\":%lld,\"status\":\"%s\",\"reason\":",
			      (long long)rows[i].amount_fen, rows[i].paid ? "paid" : "failed");
		strbuf_append_json(json, rows[i].reason);
		strbuf_append(json, "}");
	}
	strbuf_append(json, "]");
}
