/* config.c - lookup order, defaults and checks for onedoor.ini. */
#include "onedoor/config.h"

#include "onedoor/i18n.h"
#include "onedoor/ini_doc.h"
#include "onedoor/text_width.h"
#include "onedoor/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static bool readable(const char *path)
{
	return access(path, R_OK) == 0;
}

enum od_status config_find(const char *explicit_path, char **path, struct diag *d)
{
	*path = NULL;
	if (explicit_path) {
		if (!readable(explicit_path))
			return diag_at(d, OD_ERR_IO, explicit_path, 0, _("cannot read this file"));
		*path = xstrdup(explicit_path);
		return OD_OK;
	}
	const char *env = getenv("ONEDOOR_CONFIG");
	if (env && *env) {
		if (!readable(env))
			return diag_at(d, OD_ERR_IO, env, 0,
				       _("cannot read this file (named by ONEDOOR_CONFIG)"));
		*path = xstrdup(env);
		return OD_OK;
	}
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	char *user = NULL;
	if (xdg && *xdg)
		user = xasprintf("%s/onedoor/onedoor.ini", xdg);
	else if (home && *home)
		user = xasprintf("%s/.config/onedoor/onedoor.ini", home);
	if (user && readable(user)) {
		*path = user;
		return OD_OK;
	}
	free(user);
	const char *system = "/etc/onedoor/onedoor.ini";
	if (readable(system)) {
		*path = xstrdup(system);
		return OD_OK;
	}
	return diag_set(d, OD_ERR_IO,
			_("no configuration found: give --config FILE, set ONEDOOR_CONFIG, or "
			  "create $XDG_CONFIG_HOME/onedoor/onedoor.ini or %s"),
			system);
}

struct known_key {
	const char *section, *key;
};

static const struct known_key known_keys[] = {
	{"database", "service"}, {"database", "conninfo"}, {"window", "centre"},
	{"window", "number"},    {"ui", "language"},       {"ui", "colour"},
	{"receipt", "printer"},  {"receipt", "directory"},
};

static bool is_known(const char *section, const char *key)
{
	for (size_t i = 0; i < sizeof known_keys / sizeof known_keys[0]; i++)
		if (strcmp(known_keys[i].section, section) == 0 &&
		    (!key || strcmp(known_keys[i].key, key) == 0))
			return true;
	return false;
}

/* A copy of a URI with its %XX escapes decoded (the caller frees). */
static char *percent_decode(const char *s)
{
	char *out = xstrdup(s), *o = out;
	for (; *s; s++) {
		if (s[0] == '%' && isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2])) {
			char hex[3] = {s[1], s[2], '\0'};
			*o++ = (char)strtol(hex, NULL, 16);
			s += 2;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
	return out;
}

/* True when the conninfo names a password, as keyword or inside a URI:
 * passwords belong in ~/.pgpass, never in a file clerks can read. */
static bool names_password(const char *conninfo)
{
	const char *uri = strstr(conninfo, "://");
	if (uri) {
		const char *at = strchr(uri + 3, '@');
		const char *colon = strchr(uri + 3, ':');
		if (at && colon && colon < at)
			return true;
		/* libpq decodes a URI parameter's name as well as its value:
		 * "?%70assword=x" is a password (tests/fuzz/crashes/config). */
		char *plain = percent_decode(uri);
		bool named = strstr(plain, "password=") != NULL;
		free(plain);
		if (named)
			return true;
	}
	for (const char *p = conninfo; (p = strstr(p, "password")) != NULL; p += 8) {
		/* libpq starts a keyword right after a quoted value, without a
		 * space: "host='h'password=x" (tests/fuzz/crashes/config). */
		bool at_start = p == conninfo || isspace((unsigned char)p[-1]) || p[-1] == '\'';
		const char *q = p + 8;
		while (isspace((unsigned char)*q))
			q++;
		if (at_start && *q == '=')
			return true;
	}
	return false;
}

static enum od_status check_unknown(const struct ini_doc *doc, struct diag *d)
{
	for (int s = 0; s < ini_doc_section_count(doc); s++) {
		const char *section = ini_doc_section_name(doc, s);
		if (!is_known(section, NULL))
			return diag_at(d, OD_ERR_SYNTAX, ini_doc_path(doc),
				       ini_doc_section_line(doc, section),
				       _("unknown section [%s]"), section);
		for (int k = 0; k < ini_doc_key_count(doc, section); k++) {
			const char *key = ini_doc_key_name(doc, section, k);
			if (!is_known(section, key))
				return diag_at(d, OD_ERR_SYNTAX, ini_doc_path(doc),
					       ini_doc_line(doc, section, key),
					       _("unknown key \"%s\" in [%s]"), key, section);
		}
	}
	return OD_OK;
}

static enum od_status bad_value(const struct ini_doc *doc, const char *section,
				const char *key, const char *expected, struct diag *d)
{
	return diag_at(d, OD_ERR_VALUE, ini_doc_path(doc), ini_doc_line(doc, section, key),
		       _("[%s] %s = \"%s\": expected %s"), section, key,
		       ini_doc_get(doc, section, key), expected);
}

static enum od_status read_database(const struct ini_doc *doc, struct od_config *cfg,
				    struct diag *d)
{
	const char *service = ini_doc_get(doc, "database", "service");
	const char *conninfo = ini_doc_get(doc, "database", "conninfo");
	if (service && conninfo)
		return diag_at(d, OD_ERR_VALUE, ini_doc_path(doc),
			       ini_doc_line(doc, "database", "conninfo"),
			       _("[database] takes service or conninfo, not both"));
	if (service) {
		for (const char *c = service; *c; c++)
			if (!isalnum((unsigned char)*c) && *c != '_' && *c != '-' && *c != '.')
				return bad_value(doc, "database", "service",
						 _("a pg_service.conf service name"), d);
		if (!*service)
			return bad_value(doc, "database", "service",
					 _("a pg_service.conf service name"), d);
		cfg->conninfo = xasprintf("service=%s", service);
	} else if (conninfo) {
		if (names_password(conninfo))
			return diag_at(d, OD_ERR_VALUE, ini_doc_path(doc),
				       ini_doc_line(doc, "database", "conninfo"),
				       _("a password does not belong in the configuration; put it "
					 "in ~/.pgpass or let the program ask for it"));
		cfg->conninfo = xstrdup(conninfo);
	} else {
		/* Neither: libpq's own defaults (PGSERVICE, PGHOST, ...). */
		cfg->conninfo = xstrdup("");
	}
	return OD_OK;
}

static enum od_status read_window(const struct ini_doc *doc, struct od_config *cfg,
				  struct diag *d)
{
	const char *centre = ini_doc_get(doc, "window", "centre");
	if (centre) {
		for (const char *c = centre; *c; c++)
			if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_')
				return bad_value(doc, "window", "centre",
						 _("a centre code of letters, digits, - or _"), d);
	}
	cfg->centre = xstrdup(centre ? centre : "");
	const char *number = ini_doc_get(doc, "window", "number");
	if (number && *number) {
		char *end;
		long n = strtol(number, &end, 10);
		if (*end || n < 1 || n > 99)
			return bad_value(doc, "window", "number", _("a number from 1 to 99"), d);
		cfg->window = (int)n;
	}
	return OD_OK;
}

static enum od_status read_ui(const struct ini_doc *doc, struct od_config *cfg, struct diag *d)
{
	const char *language = ini_doc_get(doc, "ui", "language");
	cfg->language_set = language && *language;
	if (!language || !*language || strcasecmp(language, "zh_CN") == 0)
		cfg->language = UI_LANG_ZH_CN;
	else if (strcasecmp(language, "en") == 0)
		cfg->language = UI_LANG_EN;
	else
		return bad_value(doc, "ui", "language", "zh_CN | en", d);

	const char *colour = ini_doc_get(doc, "ui", "colour");
	if (!colour || !*colour || strcasecmp(colour, "auto") == 0)
		cfg->colour = COLOUR_AUTO;
	else if (strcasecmp(colour, "on") == 0)
		cfg->colour = COLOUR_ON;
	else if (strcasecmp(colour, "off") == 0)
		cfg->colour = COLOUR_OFF;
	else
		return bad_value(doc, "ui", "colour", "auto | on | off", d);
	return OD_OK;
}

static enum od_status read_receipt(const struct ini_doc *doc, struct od_config *cfg)
{
	const char *printer = ini_doc_get(doc, "receipt", "printer");
	const char *dir = ini_doc_get(doc, "receipt", "directory");
	cfg->printer = xstrdup(printer ? printer : "lp");
	cfg->receipt_dir = xstrdup(dir ? dir : "");
	return OD_OK;
}

enum od_status config_load(const char *path, struct od_config *cfg, struct diag *d)
{
	memset(cfg, 0, sizeof *cfg);
	struct ini_doc *doc;
	enum od_status st = ini_doc_load(path, &doc, d);
	if (st != OD_OK)
		return st;
	cfg->path = xstrdup(path);
	for (int s = 0; st == OD_OK && s < ini_doc_section_count(doc); s++) {
		const char *section = ini_doc_section_name(doc, s);
		for (int k = 0; k < ini_doc_key_count(doc, section); k++) {
			const char *key = ini_doc_key_name(doc, section, k);
			if (!utf8_valid_text(ini_doc_get(doc, section, key))) {
				st = diag_at(d, OD_ERR_VALUE, path, ini_doc_line(doc, section, key),
					     _("value is not valid UTF-8 text"));
				break;
			}
		}
	}
	if (st == OD_OK)
		st = check_unknown(doc, d);
	if (st == OD_OK)
		st = read_database(doc, cfg, d);
	if (st == OD_OK)
		st = read_window(doc, cfg, d);
	if (st == OD_OK)
		st = read_ui(doc, cfg, d);
	if (st == OD_OK)
		st = read_receipt(doc, cfg);
	ini_doc_free(&doc);
	if (st != OD_OK)
		config_clear(cfg);
	return st;
}

void config_clear(struct od_config *cfg)
{
	free(cfg->path);
	free(cfg->conninfo);
	free(cfg->centre);
	free(cfg->printer);
	free(cfg->receipt_dir);
	memset(cfg, 0, sizeof *cfg);
}
