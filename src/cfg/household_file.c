/* household_file.c - reads a household file into struct hh_input. */
#include "onedoor/household_file.h"

#include "onedoor/i18n.h"
#include "onedoor/ini_doc.h"
#include "onedoor/xalloc.h"

#include <stdlib.h>
#include <string.h>

static void keep_extra(struct household_file *f, const char *section, const char *key,
		       const char *value, int line)
{
	f->extra = xreallocarray(f->extra, (size_t)f->n_extra + 1, sizeof *f->extra);
	struct household_extra *e = &f->extra[f->n_extra++];
	e->section = xstrdup(section);
	e->key = xstrdup(key);
	e->value = xstrdup(value);
	e->line = line;
}

/* "member.N" with N in 1..HH_MAX_MEMBERS gives N-1; -1 otherwise. */
static int member_index(const char *section)
{
	if (strncmp(section, "member.", 7) != 0)
		return -1;
	const char *s = section + 7;
	int n = 0;
	if (!*s || *s == '0')
		return -2;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || n > HH_MAX_MEMBERS)
			return -2;
		n = n * 10 + (*s - '0');
	}
	return n >= 1 && n <= HH_MAX_MEMBERS ? n - 1 : -2;
}

enum od_status household_file_load(const char *path, struct household_file **out,
				   struct diag *d)
{
	*out = NULL;
	struct ini_doc *doc = NULL;
	enum od_status st = ini_doc_load(path, &doc, d);
	if (st != OD_OK)
		return st;
	struct household_file *f = xcalloc(1, sizeof *f);
	f->path = xstrdup(path);
	hh_input_init(&f->in);
	bool have_household = false;
	int sections = ini_doc_section_count(doc);
	for (int s = 0; s < sections && st == OD_OK; s++) {
		const char *section = ini_doc_section_name(doc, s);
		int member = member_index(section);
		bool household = strcmp(section, "household") == 0;
		if (member == -2) {
			st = diag_at(d, OD_ERR_SYNTAX, path, ini_doc_section_line(doc, section),
				     _("[%s]: members are numbered 1 to %d"), section, HH_MAX_MEMBERS);
			break;
		}
		have_household |= household;
		if (member >= 0)
			f->in.m[member].line = ini_doc_section_line(doc, section);
		int keys = ini_doc_key_count(doc, section);
		for (int k = 0; k < keys && st == OD_OK; k++) {
			const char *key = ini_doc_key_name(doc, section, k);
			const char *value = ini_doc_get(doc, section, key);
			int line = ini_doc_line(doc, section, key);
			struct diag why;
			enum od_status kst = OD_ERR_NOT_FOUND;
			/* A blank value is the same as no key: the fact is missing. */
			if (!*value)
				continue;
			if (household)
				kst = hh_input_set(&f->in, key, value, &why);
			else if (member >= 0)
				kst = hh_input_set_member(&f->in, member, key, value, &why);
			if (kst == OD_ERR_NOT_FOUND)
				keep_extra(f, section, key, value, line);
			else if (kst != OD_OK)
				st = diag_at(d, kst, path, line, "[%s] %s", section, why.text);
		}
		if (member >= 0 && st == OD_OK && f->in.count <= member)
			f->in.count = member + 1; /* a section with unknown keys only */
	}
	if (st == OD_OK && !have_household)
		st = diag_at(d, OD_ERR_SYNTAX, path, 0, _("no [household] section"));
	if (st == OD_OK) {
		struct diag why;
		int member;
		if (hh_input_check(&f->in, &member, &why) != OD_OK)
			st = diag_at(d, OD_ERR_VALUE, path, member > 0 ? f->in.m[member - 1].line : 0,
				     "%s", why.text);
	}
	ini_doc_free(&doc);
	if (st != OD_OK) {
		household_file_free(&f);
		return st;
	}
	*out = f;
	return OD_OK;
}

void household_file_free(struct household_file **fp)
{
	struct household_file *f = *fp;
	if (!f)
		return;
	for (int i = 0; i < f->n_extra; i++) {
		free(f->extra[i].section);
		free(f->extra[i].key);
		free(f->extra[i].value);
	}
	free(f->extra);
	free(f->path);
	free(f);
	*fp = NULL;
}
