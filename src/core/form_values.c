/* form_values.c - typed values of a form, checked and written out. */
#include "onedoor/form_values.h"

#include "onedoor/civil_date.h"
#include "onedoor/i18n.h"
#include "onedoor/resident_id.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char **new_row(const struct form_def *def, enum field_scope scope)
{
	char **row = xcalloc((size_t)def->count, sizeof *row);
	for (int i = 0; i < def->count; i++)
		row[i] = xstrdup(def->fields[i].scope == scope ? def->fields[i].default_value : "");
	return row;
}

static void free_row(const struct form_def *def, char **row)
{
	if (!row)
		return;
	for (int i = 0; i < def->count; i++)
		free(row[i]);
	free(row);
}

void form_values_init(struct form_values *v, const struct form_def *def)
{
	memset(v, 0, sizeof *v);
	v->def = def;
	v->household = new_row(def, FS_HOUSEHOLD);
	form_values_add_member(v);
	int rel = form_find(def, "relation");
	if (rel >= 0)
		form_values_set(v, 0, rel, "self");
}

void form_values_clear(struct form_values *v)
{
	free_row(v->def, v->household);
	for (int m = 0; m < v->member_count; m++)
		free_row(v->def, v->members[m]);
	memset(v, 0, sizeof *v);
}

static char **row_of(const struct form_values *v, int member)
{
	return member < 0 ? v->household : v->members[member];
}

const char *form_values_get(const struct form_values *v, int member, int field)
{
	return row_of(v, member)[field];
}

void form_values_set(struct form_values *v, int member, int field, const char *text)
{
	char **row = row_of(v, member);
	free(row[field]);
	row[field] = xstrdup(text);
}

const char *form_values_get_key(const struct form_values *v, int member, const char *key)
{
	int f = form_find(v->def, key);
	return f < 0 ? "" : form_values_get(v, member, f);
}

int form_values_add_member(struct form_values *v)
{
	if (v->member_count >= FORM_MAX_MEMBERS)
		return -1;
	v->members[v->member_count] = new_row(v->def, FS_MEMBER);
	return v->member_count++;
}

bool form_values_remove_member(struct form_values *v, int member)
{
	if (member <= 0 || member >= v->member_count)
		return false;
	free_row(v->def, v->members[member]);
	memmove(&v->members[member], &v->members[member + 1],
		(size_t)(v->member_count - member - 1) * sizeof v->members[0]);
	v->member_count--;
	return true;
}

bool form_values_move_member(struct form_values *v, int member, int delta)
{
	int to = member + delta;
	if (member <= 0 || to <= 0 || to >= v->member_count)
		return false;
	char **t = v->members[member];
	v->members[member] = v->members[to];
	v->members[to] = t;
	return true;
}

static bool condition_holds(const struct form_values *v, int member, enum form_condition c)
{
	const char *employment = member >= 0 ? form_values_get_key(v, member, "employment") : "";
	struct resident_id rid;
	switch (c) {
	case FC_UNDER_WORKING_AGE:
		return member >= 0 && v->date != 0 &&
		       rid_parse(form_values_get_key(v, member, "id"), &rid) == RID_OK &&
		       cdate_age_on(rid.birth, v->date) < HH_WORKING_AGE;
	case FC_NO_WORK:
		return member >= 0 && *employment &&
		       hh_no_work(hh_domain_find(DOM_EMPLOYMENT, employment, strlen(employment)));
	case FC_NO_DISABILITY:
		return member >= 0 && strcmp(form_values_get_key(v, member, "disability"), "none") == 0;
	case FC_LOCAL_HUKOU:
		return !*form_values_get_key(v, -1, "hukou_region");
	case FC_COUNT:
		break;
	}
	return false;
}

bool form_values_asked(const struct form_values *v, int member, int field)
{
	unsigned unless = v->def->fields[field].ask_unless;
	for (int c = 0; c < FC_COUNT; c++)
		if ((unless & (1u << c)) && condition_holds(v, member, (enum form_condition)c))
			return false;
	return true;
}

void form_values_id_entered(struct form_values *v, int member)
{
	int school = form_find(v->def, "school");
	struct resident_id rid;
	if (school < 0 || v->date == 0 ||
	    rid_parse(form_values_get_key(v, member, "id"), &rid) != RID_OK ||
	    strcmp(form_values_get(v, member, school), v->def->fields[school].default_value) != 0)
		return;
	int by_age = hh_school_by_age(cdate_age_on(rid.birth, v->date));
	if (by_age >= 0)
		form_values_set(v, member, school, hh_domain_values(DOM_SCHOOL)[by_age]);
}

enum od_status form_values_check(const struct form_values *v, int lang, int *member,
				 int *field, struct diag *d)
{
	char out[1024];
	const struct form_def *def = v->def;
	for (int m = -1; m < v->member_count; m++) {
		for (int f = 0; f < def->count; f++) {
			const struct form_field *ff = &def->fields[f];
			if ((ff->scope == FS_HOUSEHOLD) != (m < 0) || !form_values_asked(v, m, f))
				continue;
			struct diag why;
			if (form_field_check(ff, lang, form_values_get(v, m, f), out, sizeof out,
					     &why) != OD_OK) {
				*member = m, *field = f;
				return m < 0 ? diag_set(d, OD_ERR_VALUE, "%s", why.text)
					     : diag_set(d, OD_ERR_VALUE, _("Member %d: %s"), m + 1,
							why.text);
			}
		}
	}
	int id = form_find(def, "id");
	for (int a = 0; id >= 0 && a < v->member_count; a++) {
		char ida[64], idb[64];
		struct diag ignored;
		if (form_field_check(&def->fields[id], lang, form_values_get(v, a, id), ida,
				     sizeof ida, &ignored) != OD_OK)
			continue;
		for (int b = a + 1; b < v->member_count; b++)
			if (form_field_check(&def->fields[id], lang, form_values_get(v, b, id), idb,
					     sizeof idb, &ignored) == OD_OK &&
			    strcmp(ida, idb) == 0) {
				*member = b, *field = id;
				return diag_set(d, OD_ERR_VALUE,
						_("Member %d has the same resident ID as member %d"),
						b + 1, a + 1);
			}
	}
	return OD_OK;
}

/* The stored form of one value ("" when blank, wrong or not asked). */
static void stored(const struct form_values *v, int member, int field, char *out, size_t n)
{
	struct diag ignored;
	if (!form_values_asked(v, member, field) ||
	    form_field_check(&v->def->fields[field], 0, form_values_get(v, member, field), out, n,
			     &ignored) != OD_OK)
		out[0] = '\0';
}

/* An INI value line.  Quoted when it holds what iniparser would read as a
 * comment or strip (a space or a tab at either end: a leading tab was lost
 * at each save, tests/fuzz/crashes/draft); text fields refuse '"' and '\',
 * so quoting is safe. */
static void ini_line(struct strbuf *out, const char *key, const char *value)
{
	size_t n = strlen(value);
	bool quote = strpbrk(value, ";#=") != NULL || value[0] == ' ' || value[0] == '\t' ||
		     (n && (value[n - 1] == ' ' || value[n - 1] == '\t'));
	strbuf_printf(out, quote ? "%s = \"%s\"\n" : "%s = %s\n", key, value);
}

/* The value of a field as a household file holds it: the checked, stored
 * form, or (for drafts) the text exactly as typed, in which only '"' has
 * to give way, to its full-width form (a quoted INI value cannot hold it). */
static void file_value(const struct form_values *v, int member, int field, bool as_typed,
		       char *out, size_t n)
{
	if (!as_typed) {
		stored(v, member, field, out, n);
		return;
	}
	size_t k = 0;
	for (const char *p = form_values_get(v, member, field); *p && k + 4 < n; p++) {
		if (*p == '"') {
			memcpy(out + k, "\xEF\xBC\x82", 3); /* U+FF02 */
			k += 3;
		} else {
			out[k++] = *p;
		}
	}
	out[k] = '\0';
}

static void write_ini(const struct form_values *v, const char *extra, bool as_typed,
		      struct strbuf *out)
{
	char value[1024];
	strbuf_append(out, "[household]\n");
	if (extra)
		strbuf_append(out, extra);
	for (int f = 0; f < v->def->count; f++) {
		if (v->def->fields[f].scope != FS_HOUSEHOLD)
			continue;
		file_value(v, -1, f, as_typed, value, sizeof value);
		if (*value)
			ini_line(out, v->def->fields[f].key, value);
	}
	for (int m = 0; m < v->member_count; m++) {
		strbuf_printf(out, "\n[member.%d]\n", m + 1);
		for (int f = 0; f < v->def->count; f++) {
			if (v->def->fields[f].scope != FS_MEMBER)
				continue;
			file_value(v, m, f, as_typed, value, sizeof value);
			if (*value)
				ini_line(out, v->def->fields[f].key, value);
		}
	}
}

void form_values_to_ini(const struct form_values *v, const char *extra, struct strbuf *out)
{
	write_ini(v, extra, false, out);
}

void form_values_to_draft(const struct form_values *v, const char *extra, struct strbuf *out)
{
	write_ini(v, extra, true, out);
}

/* Core keys travel as their own JSON members; the rest as facts. */
static bool is_core_key(const char *key)
{
	return strcmp(key, "hukou") == 0 || strcmp(key, "id") == 0 || strcmp(key, "name") == 0 ||
	       strcmp(key, "relation") == 0;
}

static void facts_json(const struct form_values *v, int member, struct strbuf *out)
{
	char value[1024];
	bool first = true;
	strbuf_append(out, "{");
	enum field_scope scope = member < 0 ? FS_HOUSEHOLD : FS_MEMBER;
	for (int f = 0; f < v->def->count; f++) {
		const struct form_field *ff = &v->def->fields[f];
		if (ff->scope != scope || is_core_key(ff->key))
			continue;
		stored(v, member, f, value, sizeof value);
		if (!*value)
			continue;
		if (!first)
			strbuf_append(out, ",");
		first = false;
		strbuf_append_json(out, ff->key);
		strbuf_append(out, ":");
		strbuf_append_json(out, value);
	}
	strbuf_append(out, "}");
}

void form_values_to_json(const struct form_values *v, struct strbuf *out)
{
	char value[1024];
	int hukou = form_find(v->def, "hukou");
	strbuf_append(out, "{\"hukou\":");
	if (hukou >= 0)
		stored(v, -1, hukou, value, sizeof value);
	strbuf_append_json(out, hukou >= 0 ? value : "");
	strbuf_append(out, ",\"facts\":");
	facts_json(v, -1, out);
	strbuf_append(out, ",\"members\":[");
	static const char *const core[][2] = {
		{"id", "resident_id"}, {"name", "name"}, {"relation", "relation"}};
	for (int m = 0; m < v->member_count; m++) {
		strbuf_append(out, m ? ",{" : "{");
		for (size_t c = 0; c < sizeof core / sizeof core[0]; c++) {
			int f = form_find(v->def, core[c][0]);
			if (f >= 0)
				stored(v, m, f, value, sizeof value);
			else
				value[0] = '\0';
			strbuf_printf(out, "\"%s\":", core[c][1]);
			strbuf_append_json(out, f >= 0 ? value : "");
			strbuf_append(out, ",");
		}
		strbuf_append(out, "\"facts\":");
		facts_json(v, m, out);
		strbuf_append(out, "}");
	}
	strbuf_append(out, "]}");
}

void form_values_to_input(const struct form_values *v, const char *region, const char *date,
			  struct hh_input *in)
{
	char value[1024];
	struct diag ignored;
	hh_input_init(in);
	hh_input_set(in, "region", region, &ignored);
	hh_input_set(in, "application_date", date, &ignored);
	for (int m = -1; m < v->member_count && m < HH_MAX_MEMBERS; m++) {
		for (int f = 0; f < v->def->count; f++) {
			const struct form_field *ff = &v->def->fields[f];
			if ((ff->scope == FS_HOUSEHOLD) != (m < 0))
				continue;
			stored(v, m, f, value, sizeof value);
			if (!*value)
				continue;
			/* Keys the engine does not know answer OD_ERR_NOT_FOUND:
			 * they are stored with the household, not matched on. */
			if (m < 0)
				hh_input_set(in, ff->key, value, &ignored);
			else
				hh_input_set_member(in, m, ff->key, value, &ignored);
		}
		/* A member row exists even when all its fields are blank. */
		if (m >= 0 && in->count < m + 1)
			in->count = m + 1;
	}
}
