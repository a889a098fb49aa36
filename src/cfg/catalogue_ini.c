/* catalogue_ini.c - catalogue definitions from INI files (see catalogue_ini.h). */
#include "onedoor/catalogue_ini.h"

#include "onedoor/civil_date.h"
#include "onedoor/i18n.h"
#include "onedoor/ini_doc.h"
#include "onedoor/xalloc.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *trim_dup(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return xstrndup(s, n);
}

/* Splits "a | b | c" (or "a, b") into trimmed, non-empty parts. */
static char **split(const char *text, char sep, int *count)
{
	char **out = NULL;
	int n = 0;
	const char *s = text;
	while (*s) {
		const char *end = strchr(s, sep);
		size_t len = end ? (size_t)(end - s) : strlen(s);
		char *part = trim_dup(s, len);
		if (*part) {
			out = xreallocarray(out, (size_t)n + 1, sizeof *out);
			out[n++] = part;
		} else {
			free(part);
		}
		s += len + (end != NULL);
	}
	*count = n;
	return out;
}

static void free_parts(char **parts, int n)
{
	for (int i = 0; i < n; i++)
		free(parts[i]);
	free(parts);
}

static bool read_int(const char *v, int lo, int hi, int *out)
{
	char *end;
	long n = strtol(v, &end, 10);
	if (!*v || *end || n < lo || n > hi)
		return false;
	*out = (int)n;
	return true;
}

static bool read_bool(const char *v, bool *out)
{
	if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0)
		*out = true;
	else if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0)
		*out = false;
	else
		return false;
	return true;
}

static bool known_key(const char *const *keys, const char *key);

static enum od_status load_param(struct catalogue *cat, const struct ini_doc *doc,
				 const char *section, const char *code, struct diag *d)
{
	const char *file = ini_doc_path(doc);
	int line = ini_doc_section_line(doc, section);
	static const char *const units[] = {"yuan", "share", "years", "count", NULL};
	const char *unit = ini_doc_get(doc, section, "unit");
	if (unit && *unit && !known_key(units, unit))
		return diag_at(d, OD_ERR_VALUE, file, ini_doc_line(doc, section, "unit"),
			       _("[%s]: unit must be yuan, share, years or count"), section);
	enum od_status st = catalogue_add_param(
		cat, code, ini_doc_get(doc, section, "label_zh"),
		ini_doc_get(doc, section, "label_en"), ini_doc_get(doc, section, "unit"), file, line, d);
	if (st != OD_OK)
		return st;
	int n = ini_doc_key_count(doc, section);
	for (int k = 0; k < n; k++) {
		const char *key = ini_doc_key_name(doc, section, k);
		int kline = ini_doc_line(doc, section, key);
		if (strcmp(key, "label_zh") == 0 || strcmp(key, "label_en") == 0 ||
		    strcmp(key, "unit") == 0)
			continue;
		/* value.REGION.FROM[..TO] */
		size_t klen = strlen(key);
		char region[7], from_text[CDATE_TEXT_SIZE], to_text[CDATE_TEXT_SIZE] = "";
		int32_t from, to = CAT_NO_END;
		if (strncmp(key, "value.", 6) != 0 || (klen != 23 && klen != 35) || key[12] != '.' ||
		    (klen == 35 && strncmp(key + 23, "..", 2) != 0))
			return diag_at(d, OD_ERR_SYNTAX, file, kline,
				       _("[%s]: unknown key \"%s\" (expected label_zh, label_en, "
					 "unit or value.REGION.YYYY-MM-DD[..YYYY-MM-DD])"),
				       section, key);
		memcpy(region, key + 6, 6);
		region[6] = '\0';
		memcpy(from_text, key + 13, 10);
		from_text[10] = '\0';
		if (klen == 35) {
			memcpy(to_text, key + 25, 10);
			to_text[10] = '\0';
		}
		if (!cdate_parse(from_text, &from) || (*to_text && !cdate_parse(to_text, &to)))
			return diag_at(d, OD_ERR_VALUE, file, kline, _("[%s]: impossible date in \"%s\""),
				       section, key);
		const char *v = ini_doc_get(doc, section, key);
		const char *bar = strchr(v, '|');
		char *amount = trim_dup(v, bar ? (size_t)(bar - v) : strlen(v));
		char *reference = bar ? trim_dup(bar + 1, strlen(bar + 1)) : xstrdup("");
		dec_t value;
		if (!dec_parse(amount, &value))
			st = diag_at(d, OD_ERR_VALUE, file, kline,
				     _("[%s]: \"%s\" is not a decimal number"), section, amount);
		else
			st = catalogue_add_value(cat, code, region, from, to, value, reference, file,
						 kline, d);
		free(amount);
		free(reference);
		if (st != OD_OK)
			return st;
	}
	return OD_OK;
}

static const char *const item_keys[] = {
	"name_zh", "name_en", "department", "kind", "scope", "legal_basis", "target_group",
	"materials", "process", "standard_text", "limit_accept", "limit_verify",
	"limit_supervise", "limit_approve", "limit_file", "limit_total", "warn_days",
	"green_channel", "commitment", "excludes", "eligibility", "amount", "amount_period",
	"review_months", NULL};

static bool known_key(const char *const *keys, const char *key)
{
	for (int i = 0; keys[i]; i++)
		if (strcmp(keys[i], key) == 0)
			return true;
	return false;
}

static enum od_status unknown_keys(const struct ini_doc *doc, const char *section,
				   const char *const *keys, struct diag *d)
{
	int n = ini_doc_key_count(doc, section);
	for (int k = 0; k < n; k++) {
		const char *key = ini_doc_key_name(doc, section, k);
		if (!known_key(keys, key))
			return diag_at(d, OD_ERR_SYNTAX, ini_doc_path(doc),
				       ini_doc_line(doc, section, key), _("[%s]: unknown key \"%s\""),
				       section, key);
	}
	return OD_OK;
}

static enum od_status load_item(struct catalogue *cat, const struct ini_doc *doc,
				const char *section, const char *code, struct diag *d)
{
	const char *file = ini_doc_path(doc);
	enum od_status st = unknown_keys(doc, section, item_keys, d);
	if (st != OD_OK)
		return st;
#define GET(key) ini_doc_get(doc, section, key)
	static const char *const required[] = {"name_zh", "name_en", "department", "kind",
					       "scope", "eligibility", NULL};
	for (int i = 0; required[i]; i++)
		if (!GET(required[i]) || !*GET(required[i]))
			return diag_at(d, OD_ERR_VALUE, file, ini_doc_section_line(doc, section),
				       _("[%s]: \"%s\" is required"), section, required[i]);
	struct cat_item it;
	memset(&it, 0, sizeof it);
	it.code = (char *)code;
	it.name_zh = (char *)GET("name_zh");
	it.name_en = (char *)GET("name_en");
	it.department = (char *)GET("department");
	it.kind = (char *)GET("kind");
	it.scope = (char *)GET("scope");
	it.legal_basis = (char *)GET("legal_basis");
	it.target_group = (char *)GET("target_group");
	it.process = (char *)GET("process");
	it.standard_text = (char *)GET("standard_text");
	it.eligibility = (char *)GET("eligibility");
	it.amount = (char *)GET("amount");
	it.amount_period = (char *)GET("amount_period");
	it.review_months = (char *)GET("review_months");
	it.file = (char *)file;
	it.line = ini_doc_section_line(doc, section);
	it.eligibility_line = ini_doc_line(doc, section, "eligibility");
	it.amount_line = ini_doc_line(doc, section, "amount");
	it.review_line = ini_doc_line(doc, section, "review_months");
	static const char *const kinds[] = {"basic_living", "special", "temporary", "subsidy",
					    "service", NULL};
	static const char *const scopes[] = {"household", "member", NULL};
	if (!known_key(kinds, it.kind))
		return diag_at(d, OD_ERR_VALUE, file, ini_doc_line(doc, section, "kind"),
			       _("[%s]: kind must be basic_living, special, temporary, subsidy or "
				 "service"),
			       section);
	if (!known_key(scopes, it.scope))
		return diag_at(d, OD_ERR_VALUE, file, ini_doc_line(doc, section, "scope"),
			       _("[%s]: scope must be household or member"), section);
	if (it.amount_period && *it.amount_period && strcmp(it.amount_period, "monthly") != 0 &&
	    strcmp(it.amount_period, "once") != 0)
		return diag_at(d, OD_ERR_VALUE, file, ini_doc_line(doc, section, "amount_period"),
			       _("[%s]: amount_period must be monthly or once"), section);
	static const char *const limit_keys[LIM_COUNT] = {"limit_accept", "limit_verify",
							  "limit_supervise", "limit_approve",
							  "limit_file", "limit_total"};
	static const int limit_default[LIM_COUNT] = {1, 3, 2, 5, 2, 20};
	for (int k = 0; k < LIM_COUNT; k++) {
		const char *v = GET(limit_keys[k]);
		it.limits[k] = limit_default[k];
		if (v && !read_int(v, 1, k == LIM_TOTAL ? 120 : 60, &it.limits[k]))
			return diag_at(d, OD_ERR_VALUE, file, ini_doc_line(doc, section, limit_keys[k]),
				       _("[%s]: %s must be a number of working days (1-%d)"), section,
				       limit_keys[k], k == LIM_TOTAL ? 120 : 60);
	}
	it.warn_days = 2;
	if (GET("warn_days") && !read_int(GET("warn_days"), 1, 5, &it.warn_days))
		return diag_at(d, OD_ERR_VALUE, file, ini_doc_line(doc, section, "warn_days"),
			       _("[%s]: warn_days must be 1-5"), section);
	const char *flags[2] = {"green_channel", "commitment"};
	bool *flag_out[2] = {&it.green_channel, &it.commitment};
	for (int k = 0; k < 2; k++)
		if (GET(flags[k]) && !read_bool(GET(flags[k]), flag_out[k]))
			return diag_at(d, OD_ERR_VALUE, file, ini_doc_line(doc, section, flags[k]),
				       _("[%s]: %s must be yes or no"), section, flags[k]);
#undef GET
	it.materials = split(ini_doc_get(doc, section, "materials") ? ini_doc_get(doc, section, "materials") : "", '|',
			     &it.n_materials);
	it.excludes = split(ini_doc_get(doc, section, "excludes") ? ini_doc_get(doc, section, "excludes") : "", ',',
			    &it.n_excludes);
	st = catalogue_add_item(cat, &it, d);
	free_parts(it.materials, it.n_materials);
	free_parts(it.excludes, it.n_excludes);
	return st;
}

static enum od_status load_warning(struct catalogue *cat, const struct ini_doc *doc,
				   const char *section, const char *code, struct diag *d)
{
	static const char *const keys[] = {"name_zh", "name_en", "rule", "message_zh",
					   "message_en", "departments", "ack_days",
					   "warn_days", NULL};
	enum od_status st = unknown_keys(doc, section, keys, d);
	if (st != OD_OK)
		return st;
	const char *rule = ini_doc_get(doc, section, "rule");
	if (!rule || !*rule)
		return diag_at(d, OD_ERR_VALUE, ini_doc_path(doc), ini_doc_section_line(doc, section),
			       _("[%s]: \"rule\" is required"), section);
	struct cat_warning w;
	memset(&w, 0, sizeof w);
	w.code = (char *)code;
	w.name_zh = (char *)ini_doc_get(doc, section, "name_zh");
	w.name_en = (char *)ini_doc_get(doc, section, "name_en");
	w.rule = (char *)rule;
	w.message_zh = (char *)ini_doc_get(doc, section, "message_zh");
	w.message_en = (char *)ini_doc_get(doc, section, "message_en");
	w.departments = (char *)ini_doc_get(doc, section, "departments");
	const char *ack = ini_doc_get(doc, section, "ack_days");
	if (ack && !read_int(ack, 1, 30, &w.ack_days))
		return diag_at(d, OD_ERR_VALUE, ini_doc_path(doc), ini_doc_line(doc, section, "ack_days"),
			       _("[%s]: ack_days must be a number of working days (1-30)"), section);
	const char *warn = ini_doc_get(doc, section, "warn_days");
	if (warn && !read_int(warn, 1, 5, &w.warn_days))
		return diag_at(d, OD_ERR_VALUE, ini_doc_path(doc), ini_doc_line(doc, section, "warn_days"),
			       _("[%s]: warn_days must be 1-5"), section);
	w.file = (char *)ini_doc_path(doc);
	w.line = ini_doc_section_line(doc, section);
	w.rule_line = ini_doc_line(doc, section, "rule");
	return catalogue_add_warning(cat, &w, d);
}

static enum od_status load_file(struct catalogue *cat, const char *path, struct diag *d)
{
	struct ini_doc *doc = NULL;
	enum od_status st = ini_doc_load(path, &doc, d);
	if (st != OD_OK)
		return st;
	int n = ini_doc_section_count(doc);
	for (int s = 0; s < n && st == OD_OK; s++) {
		const char *section = ini_doc_section_name(doc, s);
		if (strncmp(section, "param.", 6) == 0)
			st = load_param(cat, doc, section, section + 6, d);
		else if (strncmp(section, "item.", 5) == 0)
			st = load_item(cat, doc, section, section + 5, d);
		else if (strncmp(section, "warning.", 8) == 0)
			st = load_warning(cat, doc, section, section + 8, d);
		else
			st = diag_at(d, OD_ERR_SYNTAX, path, ini_doc_section_line(doc, section),
				     _("unknown section [%s] (expected [param.CODE], [item.CODE] or "
				       "[warning.CODE])"),
				     section);
	}
	ini_doc_free(&doc);
	return st;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static enum od_status load_dir(struct catalogue *cat, const char *dir, struct diag *d)
{
	DIR *dp = opendir(dir);
	if (!dp)
		return diag_at(d, OD_ERR_IO, dir, 0, _("cannot open the folder"));
	char **names = NULL;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(dp)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len > 4 && strcmp(e->d_name + len - 4, ".ini") == 0 && e->d_name[0] != '.') {
			names = xreallocarray(names, (size_t)n + 1, sizeof *names);
			names[n++] = xasprintf("%s/%s", dir, e->d_name);
		}
	}
	closedir(dp);
	if (n > 1)
		qsort(names, (size_t)n, sizeof *names, compare_names);
	enum od_status st = n ? OD_OK : diag_at(d, OD_ERR_IO, dir, 0, _("no *.ini files in the folder"));
	for (int i = 0; i < n && st == OD_OK; i++)
		st = load_file(cat, names[i], d);
	free_parts(names, n);
	return st;
}

enum od_status catalogue_ini_load(const char *const *paths, int n_paths, struct catalogue **out,
				  struct diag *d)
{
	*out = NULL;
	struct catalogue *cat = catalogue_new();
	enum od_status st = OD_OK;
	for (int i = 0; i < n_paths && st == OD_OK; i++) {
		struct stat sb;
		if (stat(paths[i], &sb) != 0)
			st = diag_at(d, OD_ERR_IO, paths[i], 0, _("no such file or folder"));
		else if (S_ISDIR(sb.st_mode))
			st = load_dir(cat, paths[i], d);
		else
			st = load_file(cat, paths[i], d);
	}
	if (st == OD_OK)
		st = catalogue_finish(cat, d);
	if (st != OD_OK) {
		catalogue_free(&cat);
		return st;
	}
	*out = cat;
	return OD_OK;
}
