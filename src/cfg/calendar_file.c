/* calendar_file.c - reading conf/calendar/YYYY.ini. */
#include "onedoor/calendar_file.h"

#include "onedoor/civil_date.h"
#include "onedoor/i18n.h"
#include "onedoor/ini_doc.h"
#include "onedoor/strbuf.h"
#include "onedoor/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Parses "YYYY-MM-DD" or "YYYY-MM-DD..YYYY-MM-DD". */
static bool parse_range(const char *key, int32_t *from, int32_t *to)
{
	const char *dots = strstr(key, "..");
	if (!dots)
		return cdate_parse(key, from) && (*to = *from, true);
	char first[CDATE_TEXT_SIZE];
	if ((size_t)(dots - key) >= sizeof first)
		return false;
	memcpy(first, key, (size_t)(dots - key));
	first[dots - key] = '\0';
	return cdate_parse(first, from) && cdate_parse(dots + 2, to) && *from <= *to;
}

static bool already_listed(const struct calendar_file *f, int32_t day)
{
	for (int i = 0; i < f->count; i++)
		if (f->days[i].day == day)
			return true;
	return false;
}

/* Adds the days of one [holidays] or [workdays] section. */
static enum od_status read_section(const struct ini_doc *doc, const char *section,
				   enum calendar_kind kind, struct calendar_file *f,
				   struct diag *d)
{
	const char *path = ini_doc_path(doc);
	int n = ini_doc_key_count(doc, section);
	for (int k = 0; k < n; k++) {
		const char *key = ini_doc_key_name(doc, section, k);
		const char *name = ini_doc_get(doc, section, key);
		int line = ini_doc_line(doc, section, key);
		int32_t from, to;
		if (!parse_range(key, &from, &to))
			return diag_at(d, OD_ERR_VALUE, path, line,
				       _("\"%s\" is not a date YYYY-MM-DD or a range FROM..TO"), key);
		if (!name || !*name)
			return diag_at(d, OD_ERR_VALUE, path, line, _("%s needs a name"), key);
		for (int32_t day = from; day <= to; day++) {
			int y, m, dd;
			cdate_to_ymd(day, &y, &m, &dd);
			if (y != f->year)
				return diag_at(d, OD_ERR_VALUE, path, line,
					       _("%s is not in %d"), key, f->year);
			if (kind == CALENDAR_WORKDAY && cdate_weekday(day) < 6)
				return diag_at(d, OD_ERR_VALUE, path, line,
					       _("%s is a weekday; a make-up working day is a Saturday or Sunday"),
					       key);
			if (already_listed(f, day))
				return diag_at(d, OD_ERR_VALUE, path, line,
					       _("%04d-%02d-%02d is listed twice"), y, m, dd);
			f->days = xreallocarray(f->days, (size_t)f->count + 1, sizeof *f->days);
			f->days[f->count++] =
				(struct calendar_day){.day = day, .kind = kind, .name = xstrdup(name)};
		}
	}
	return OD_OK;
}

enum od_status calendar_file_load(const char *path, struct calendar_file **out, struct diag *d)
{
	*out = NULL;
	struct ini_doc *doc = NULL;
	enum od_status st = ini_doc_load(path, &doc, d);
	if (st != OD_OK)
		return st;
	struct calendar_file *f = xcalloc(1, sizeof *f);
	const char *year = ini_doc_get(doc, "calendar", "year");
	char *end = NULL;
	long y = year ? strtol(year, &end, 10) : 0;
	if (!year || *end || y < 2000 || y > 2099) {
		st = diag_at(d, OD_ERR_VALUE, path, ini_doc_line(doc, "calendar", "year"),
			     _("[calendar] year must be a year such as 2026"));
		goto out;
	}
	f->year = (int)y;
	const char *source = ini_doc_get(doc, "calendar", "source");
	if (!source || !*source) {
		st = diag_at(d, OD_ERR_VALUE, path, ini_doc_section_line(doc, "calendar"),
			     _("[calendar] source must name the announcement the dates come from"));
		goto out;
	}
	f->source = xstrdup(source);
	for (int i = 0; i < ini_doc_section_count(doc); i++) {
		const char *s = ini_doc_section_name(doc, i);
		if (strcmp(s, "calendar") && strcmp(s, "holidays") && strcmp(s, "workdays")) {
			st = diag_at(d, OD_ERR_VALUE, path, ini_doc_section_line(doc, s),
				     _("unknown section [%s]"), s);
			goto out;
		}
	}
	if ((st = read_section(doc, "holidays", CALENDAR_HOLIDAY, f, d)) != OD_OK ||
	    (st = read_section(doc, "workdays", CALENDAR_WORKDAY, f, d)) != OD_OK)
		goto out;
out:
	ini_doc_free(&doc);
	if (st != OD_OK)
		calendar_file_free(&f);
	*out = f;
	return st;
}

void calendar_file_free(struct calendar_file **fp)
{
	struct calendar_file *f = *fp;
	if (!f)
		return;
	for (int i = 0; i < f->count; i++)
		free(f->days[i].name);
	free(f->days);
	free(f->source);
	free(f);
	*fp = NULL;
}

char *calendar_file_to_json(const struct calendar_file *f)
{
	struct strbuf b = STRBUF_INIT;
	strbuf_append(&b, "[");
	for (int i = 0; i < f->count; i++) {
		char text[CDATE_TEXT_SIZE];
		cdate_format(f->days[i].day, text);
		strbuf_printf(&b, "%s{\"day\":\"%s\",\"kind\":\"%s\",\"name\":", i ? "," : "", text,
			      f->days[i].kind == CALENDAR_HOLIDAY ? "holiday" : "workday");
		strbuf_append_json(&b, f->days[i].name);
		strbuf_append(&b, "}");
	}
	strbuf_append(&b, "]");
	char *json = xstrdup(strbuf_text(&b));
	strbuf_free(&b);
	return json;
}
