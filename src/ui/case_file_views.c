/* case_file_views.c - the case seen whole as the county's screen lays it
 * out, without curses (ui_views.h).  The words are case_file.c's: the
 * screen and `onedoor-admin case show` say the same thing. */
#include "onedoor/ui_views.h"

#include "onedoor/civil_date.h"
#include "onedoor/decimal.h"
#include "onedoor/i18n.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void case_file_view_free(struct case_file_view *v)
{
	strbuf_free(&v->text);
	free(v->lines);
	v->lines = NULL;
	v->n = 0;
}

static enum case_file_line_kind kind_of(const char *line, size_t len, const char *open_words)
{
	if (len > 0 && line[0] != ' ')
		return CFL_HEADING;
	if (len >= 4 && !strncmp(line, "  ! ", 4))
		return CFL_FLAG;
	/* The difference's own lines say when it waits for a note. */
	size_t w = strlen(open_words);
	for (size_t i = 0; w && i + w <= len; i++)
		if (!memcmp(line + i, open_words, w))
			return CFL_OPEN;
	return CFL_TEXT;
}

void case_file_view_build(const struct case_file *cf, int width, struct case_file_view *v)
{
	case_file_view_free(v);
	struct strbuf text = STRBUF_INIT;
	case_file_format(cf, width, &text);
	v->text = text;
	const char *t = strbuf_text(&v->text);
	int cap = 64;
	v->lines = xcalloc((size_t)cap, sizeof *v->lines);
	const char *open_words = _("not acknowledged yet");
	for (const char *p = t; *p;) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (v->n == cap) {
			cap *= 2;
			v->lines = xreallocarray(v->lines, (size_t)cap, sizeof *v->lines);
		}
		v->lines[v->n++] = (struct case_file_line){
			(size_t)(p - t), len, kind_of(p, len, open_words)};
		p += len + (end ? 1 : 0);
	}
}

int case_file_view_section(const struct case_file_view *v, int from, int dir)
{
	for (int i = from + (dir > 0 ? 1 : -1); i >= 0 && i < v->n; i += dir > 0 ? 1 : -1)
		if (v->lines[i].kind == CFL_HEADING)
			return i;
	return from;
}

int case_file_view_first(const struct case_file_view *v, int from, enum case_file_line_kind kind)
{
	for (int i = from < 0 ? 0 : from; i < v->n; i++)
		if (v->lines[i].kind == kind)
			return i;
	return -1;
}

int case_file_open_difference(const struct case_file *cf)
{
	for (int pos = 1;; pos++) {
		if (!*case_file_get(cf, "difference", pos, "flag"))
			return 0;
		if (!*case_file_get(cf, "difference", pos, "note"))
			return pos;
	}
}

void case_file_view_summary(const struct case_file *cf, char *out, size_t n)
{
	const char *outcome = case_file_get(cf, "decision", 0, "outcome");
	if (*outcome) {
		const char *amount = case_file_get(cf, "decision", 0, "amount");
		if (!strcmp(outcome, "granted") && *amount)
			snprintf(out, n, _("Decided: %s, %s yuan from %s (notice %s)"),
				 case_file_get(cf, "decision", 0, "phrase"), amount,
				 case_file_get(cf, "decision", 0, "start_month"),
				 case_file_get(cf, "decision", 0, "notice_no"));
		else
			snprintf(out, n, _("Decided: %s (notice %s)"),
				 case_file_get(cf, "decision", 0, "phrase"),
				 case_file_get(cf, "decision", 0, "notice_no"));
		return;
	}
	const char *version = case_file_get(cf, "report", -1, "version");
	if (!*version) {
		snprintf(out, n, "%s", _("No verification report yet"));
		return;
	}
	int flags = 0, open = 0;
	for (int pos = 1; *case_file_get(cf, "difference", pos, "flag"); pos++) {
		flags++;
		open += !*case_file_get(cf, "difference", pos, "note");
	}
	const char *blocker = case_file_get(cf, "report", -1, "blocker");
	if (strcmp(case_file_get(cf, "report", -1, "authorised"), "yes") != 0)
		snprintf(out, n, _("Report version %s: the applicant's authorisation to verify is missing"),
			 version);
	else
		snprintf(out, n, _("Report version %s: %d flagged differences, %d not acknowledged; %s"),
			 version, flags, open,
			 *blocker ? _("verification cannot pass yet")
				  : _("verification may pass on this report"));
}

const char *decide_view_check(const char *amount, const char *month, int *field)
{
	dec_t v;
	const char *dot = strchr(amount, '.');
	if (*amount && (!dec_parse(amount, &v) || v < 0 || (dot && strlen(dot + 1) > 2))) {
		*field = 0;
		return N_("The amount is in yuan with at most two decimals, such as 500 or 337.50.");
	}
	int y, m;
	char rest;
	if (*month && (strlen(month) != 7 || sscanf(month, "%4d-%2d%c", &y, &m, &rest) != 2 ||
		       month[4] != '-' || !cdate_valid(y, m, 1))) {
		*field = 1;
		return N_("The start month is written YYYY-MM, such as 2026-03.");
	}
	return NULL;
}

void case_file_view_blocked(const struct case_file *cf, char *out, size_t n)
{
	int open = 0;
	for (int pos = 1; *case_file_get(cf, "difference", pos, "flag"); pos++)
		open += !*case_file_get(cf, "difference", pos, "note");
	if (!*case_file_get(cf, "report", -1, "version"))
		snprintf(out, n, "%s", _("Verification cannot pass: there is no report yet (F2)."));
	else if (strcmp(case_file_get(cf, "report", -1, "authorised"), "yes") != 0)
		snprintf(out, n, "%s",
			 _("Verification cannot pass: the applicant's authorisation to verify is not on file."));
	else
		snprintf(out, n, _("Verification cannot pass: %d flagged differences still need a note (F3)."),
			 open);
}
