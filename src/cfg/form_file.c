/* form_file.c - forms/NAME.ini into struct form_def, every mistake named. */
#include "onedoor/form_file.h"

#include "onedoor/i18n.h"
#include "onedoor/ini_doc.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const field_keys[] = {
	"scope", "type", "label_zh", "label_en", "help_zh", "help_en", "required",
	"min", "max", "max_chars", "default", "refuse", "ask_unless", "blank", NULL};

static bool known_field_key(const char *key)
{
	if (strncmp(key, "choice.", 7) == 0)
		return key[7] != '\0';
	for (int i = 0; field_keys[i]; i++)
		if (strcmp(field_keys[i], key) == 0)
			return true;
	return false;
}

static const char *get(const struct ini_doc *doc, const char *section, const char *key)
{
	const char *v = ini_doc_get(doc, section, key);
	return v ? v : "";
}

/* The line of section.key, or `fallback` (the section's line) when absent. */
static int line_or(const struct ini_doc *doc, const char *section, const char *key, int fallback)
{
	int line = ini_doc_line(doc, section, key);
	return line ? line : fallback;
}

static enum od_status parse_type(const char *text, enum field_type *out)
{
	static const char *const names[] = {
#define FT_NAME(name, t) t,
		FIELD_TYPE_LIST(FT_NAME)
#undef FT_NAME
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(names[i], text) == 0) {
			*out = (enum field_type)i;
			return OD_OK;
		}
	return OD_ERR_VALUE;
}

/* Reads min/max as decimals; defaults 0 and a ceiling that no household
 * reaches but that keeps sums far from overflow. */
static enum od_status read_bounds(const struct ini_doc *doc, const char *section,
				  struct form_field *f, struct diag *d)
{
	f->min = 0;
	f->max = INT64_C(100000000) * DEC_SCALE;
	const char *names[2] = {"min", "max"};
	dec_t *slots[2] = {&f->min, &f->max};
	for (int i = 0; i < 2; i++) {
		const char *v = ini_doc_get(doc, section, names[i]);
		if (v && !dec_parse(v, slots[i]))
			return diag_at(d, OD_ERR_VALUE, ini_doc_path(doc),
				       ini_doc_line(doc, section, names[i]),
				       _("%s must be a number"), names[i]);
	}
	if (f->min > f->max)
		return diag_at(d, OD_ERR_VALUE, ini_doc_path(doc), ini_doc_line(doc, section, "max"),
			       _("max is below min"));
	return OD_OK;
}

static enum od_status read_choices(const struct ini_doc *doc, const char *section,
				   struct form_field *f, struct diag *d)
{
	int keys = ini_doc_key_count(doc, section);
	f->choices = xcalloc((size_t)keys, sizeof *f->choices);
	for (int k = 0; k < keys; k++) {
		const char *key = ini_doc_key_name(doc, section, k);
		if (strncmp(key, "choice.", 7) != 0)
			continue;
		const char *value = get(doc, section, key);
		const char *bar = strchr(value, '|');
		if (!bar)
			return diag_at(d, OD_ERR_SYNTAX, ini_doc_path(doc), ini_doc_line(doc, section, key),
				       _("a choice is written as: choice.CODE = 中文 | English"));
		struct form_choice *c = &f->choices[f->choice_count++];
		c->code = xstrdup(key + 7);
		const char *zh_end = bar;
		while (zh_end > value && zh_end[-1] == ' ')
			zh_end--;
		c->label[0] = xstrndup(value, (size_t)(zh_end - value));
		const char *en = bar + 1;
		while (*en == ' ')
			en++;
		c->label[1] = xstrdup(en);
	}
	if (f->type == FT_CHOICE && f->choice_count < 2)
		return diag_at(d, OD_ERR_VALUE, ini_doc_path(doc), f->line,
			       _("a choice field needs at least two choice.CODE lines"));
	if (f->type != FT_CHOICE && f->choice_count > 0)
		return diag_at(d, OD_ERR_VALUE, ini_doc_path(doc), f->line,
			       _("only a choice field has choice.CODE lines"));
	return OD_OK;
}

/* ask_unless = NAME ...: the conditions, separated by spaces or commas. */
static enum od_status read_ask_unless(const struct ini_doc *doc, const char *section,
				      struct form_field *f, struct diag *d)
{
	static const char *const names[] = {
#define FC_NAME(name, text) text,
		FORM_CONDITION_LIST(FC_NAME)
#undef FC_NAME
	};
	const char *text = get(doc, section, "ask_unless");
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, " ,");
		if (n) {
			int found = -1;
			for (int i = 0; i < FC_COUNT; i++)
				if (strlen(names[i]) == n && strncmp(names[i], p, n) == 0)
					found = i;
			if (found < 0)
				return diag_at(d, OD_ERR_VALUE, ini_doc_path(doc),
					       ini_doc_line(doc, section, "ask_unless"),
					       _("ask_unless names one or more of under_working_age, "
						 "no_work, no_disability, local_hukou"));
			f->ask_unless |= 1u << found;
		}
		p += n;
		p += strspn(p, " ,");
	}
	if (f->ask_unless && f->required)
		return diag_at(d, OD_ERR_VALUE, ini_doc_path(doc),
			       ini_doc_line(doc, section, "ask_unless"),
			       _("a required field is always asked: no ask_unless"));
	return OD_OK;
}

/* blank = zero | missing: said by every money field, by no other. */
static enum od_status read_blank(const struct ini_doc *doc, const char *section,
				 struct form_field *f, struct diag *d)
{
	const char *blank = get(doc, section, "blank");
	int line = line_or(doc, section, "blank", f->line);
	if (f->type != FT_MONEY) {
		if (*blank)
			return diag_at(d, OD_ERR_VALUE, ini_doc_path(doc), line,
				       _("only a money field says what its blank means"));
		return OD_OK;
	}
	if (strcmp(blank, "zero") == 0)
		f->blank = FB_ZERO;
	else if (strcmp(blank, "missing") == 0)
		f->blank = FB_MISSING;
	else
		return diag_at(d, OD_ERR_VALUE, ini_doc_path(doc), line,
			       _("a money field needs blank = zero or blank = missing"));
	return OD_OK;
}

static enum od_status read_field(const struct ini_doc *doc, const char *section,
				 struct form_field *f, struct diag *d)
{
	const char *path = ini_doc_path(doc);
	f->line = ini_doc_section_line(doc, section);
	f->key = xstrdup(section + 6);
	for (int k = 0; k < ini_doc_key_count(doc, section); k++) {
		const char *key = ini_doc_key_name(doc, section, k);
		if (!known_field_key(key))
			return diag_at(d, OD_ERR_SYNTAX, path, ini_doc_line(doc, section, key),
				       _("unknown key \"%s\" in [%s]"), key, section);
	}
	const char *scope = get(doc, section, "scope");
	if (strcmp(scope, "household") == 0)
		f->scope = FS_HOUSEHOLD;
	else if (strcmp(scope, "member") == 0)
		f->scope = FS_MEMBER;
	else
		return diag_at(d, OD_ERR_VALUE, path,
			       line_or(doc, section, "scope", f->line),
			       _("scope must be household or member"));
	if (parse_type(get(doc, section, "type"), &f->type) != OD_OK)
		return diag_at(d, OD_ERR_VALUE, path, line_or(doc, section, "type", f->line),
			       _("type must be text, resident_id, date, money, integer, choice or "
				 "yesno"));
	const char *lang_keys[2][2] = {{"label_zh", "label_en"}, {"help_zh", "help_en"}};
	for (int l = 0; l < 2; l++) {
		f->label[l] = xstrdup(get(doc, section, lang_keys[0][l]));
		f->help[l] = xstrdup(get(doc, section, lang_keys[1][l]));
		if (!*f->label[l])
			return diag_at(d, OD_ERR_VALUE, path, f->line, _("%s is missing"),
				       lang_keys[0][l]);
	}
	const char *required = get(doc, section, "required");
	if (*required && strcmp(required, "yes") != 0 && strcmp(required, "no") != 0)
		return diag_at(d, OD_ERR_VALUE, path, ini_doc_line(doc, section, "required"),
			       _("required must be yes or no"));
	f->required = strcmp(required, "yes") == 0;
	const char *max_chars = ini_doc_get(doc, section, "max_chars");
	if (max_chars) {
		char *end;
		long n = strtol(max_chars, &end, 10);
		if (*end || n < 1 || n > 1000)
			return diag_at(d, OD_ERR_VALUE, path, ini_doc_line(doc, section, "max_chars"),
				       _("max_chars must be from 1 to 1000"));
		f->max_chars = (int)n;
	}
	const char *refuse = ini_doc_get(doc, section, "refuse");
	if (refuse) {
		if (strcmp(refuse, "digits") != 0 || f->type != FT_TEXT)
			return diag_at(d, OD_ERR_VALUE, path, ini_doc_line(doc, section, "refuse"),
				       _("refuse must be \"digits\", on a text field"));
		f->no_digits = true;
	}
	enum od_status st = read_bounds(doc, section, f, d);
	if (st == OD_OK)
		st = read_choices(doc, section, f, d);
	f->default_value = xstrdup(get(doc, section, "default"));
	if (st == OD_OK && *f->default_value) {
		char out[256];
		struct diag why;
		if (form_field_check(f, 0, f->default_value, out, sizeof out, &why) != OD_OK)
			return diag_at(d, OD_ERR_VALUE, path, ini_doc_line(doc, section, "default"),
				       "%s", why.text);
	}
	if (st == OD_OK)
		st = read_ask_unless(doc, section, f, d);
	if (st == OD_OK)
		st = read_blank(doc, section, f, d);
	return st;
}

enum od_status form_def_load(const char *path, struct form_def **out, struct diag *d)
{
	*out = NULL;
	struct ini_doc *doc;
	enum od_status st = ini_doc_load(path, &doc, d);
	if (st != OD_OK)
		return st;
	struct form_def *def = xcalloc(1, sizeof *def);
	def->path = xstrdup(path);
	int sections = ini_doc_section_count(doc);
	def->fields = xcalloc((size_t)(sections ? sections : 1), sizeof *def->fields);
	def->title[0] = xstrdup(get(doc, "form", "title_zh"));
	def->title[1] = xstrdup(get(doc, "form", "title_en"));
	for (int s = 0; st == OD_OK && s < sections; s++) {
		const char *section = ini_doc_section_name(doc, s);
		if (strcmp(section, "form") == 0)
			continue;
		if (strncmp(section, "field.", 6) != 0 || !section[6]) {
			st = diag_at(d, OD_ERR_SYNTAX, path, ini_doc_section_line(doc, section),
				     _("expected [form] or [field.KEY], found [%s]"), section);
			break;
		}
		st = read_field(doc, section, &def->fields[def->count++], d);
	}
	if (st == OD_OK && def->count == 0)
		st = diag_at(d, OD_ERR_VALUE, path, 0, _("the form has no [field.KEY] sections"));
	ini_doc_free(&doc);
	if (st != OD_OK) {
		form_def_free(&def);
		return st;
	}
	*out = def;
	return OD_OK;
}
