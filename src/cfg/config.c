/* config.c - lookup order, defaults and checks for onedoor.ini. */
#include "onedoor/config.h"

#include "onedoor/i18n.h"
#include "onedoor/ini_doc.h"
#include "onedoor/text_width.h"
#include "onedoor/xalloc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static bool readable(const char *path)
{
	return access(path, R_OK) == 0;
}

/* $XDG_CONFIG_HOME/onedoor/onedoor.ini (XDG's default ~/.config), or NULL. */
static char *user_config_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	if (xdg && *xdg)
		return xasprintf("%s/onedoor/onedoor.ini", xdg);
	if (home && *home)
		return xasprintf("%s/.config/onedoor/onedoor.ini", home);
	return NULL;
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
	char *user = user_config_path();
	if (user && readable(user)) {
		*path = user;
		return OD_OK;
	}
	free(user);
	char *system = xasprintf("%s/onedoor.ini", config_system_dir());
	if (readable(system)) {
		*path = system;
		return OD_OK;
	}
	free(system);
	return diag_set(d, OD_ERR_IO,
			_("no configuration found: give --config FILE, set ONEDOOR_CONFIG, or "
			  "create $XDG_CONFIG_HOME/onedoor/onedoor.ini or %s/onedoor.ini"),
			config_system_dir());
}

struct known_key {
	const char *section, *key;
};

static const struct known_key known_keys[] = {
	{"database", "service"}, {"database", "conninfo"}, {"database", "read_service"},
	{"database", "read_conninfo"}, {"window", "centre"},
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

/* The files of one configuration, later ones winning key by key. */
struct layers {
	struct ini_doc *doc[CONFIG_MAX_FILES];
	int n;
};

/* The value of section.key from the last file that sets it (NULL when
 * none does); *from gets that file. */
static const char *get(const struct layers *L, const char *section, const char *key,
		       const struct ini_doc **from)
{
	for (int i = L->n - 1; i >= 0; i--) {
		const char *v = ini_doc_get(L->doc[i], section, key);
		if (v) {
			if (from)
				*from = L->doc[i];
			return v;
		}
	}
	return NULL;
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

static enum od_status bad_value(const struct layers *L, const char *section, const char *key,
				const char *expected, struct diag *d)
{
	const struct ini_doc *doc = NULL;
	const char *value = get(L, section, key, &doc);
	return diag_at(d, OD_ERR_VALUE, ini_doc_path(doc), ini_doc_line(doc, section, key),
		       _("[%s] %s = \"%s\": expected %s"), section, key, value, expected);
}

/* service and conninfo are two ways to say one thing: the last file that
 * says either decides, so a user's conninfo is not refused beside the
 * system's service.  `service_key` and `conninfo_key` name the pair
 * ([database] service/conninfo, or read_service/read_conninfo); *out is
 * their conninfo, or NULL when no file names either. */
static enum od_status read_connection(const struct layers *all, const char *service_key,
				      const char *conninfo_key, char **out, struct diag *d)
{
	struct layers one = {.n = 0};
	for (int i = all->n - 1; i >= 0 && one.n == 0; i--)
		if (ini_doc_get(all->doc[i], "database", service_key) ||
		    ini_doc_get(all->doc[i], "database", conninfo_key))
			one.doc[one.n++] = all->doc[i];
	const struct layers *L = &one;
	const struct ini_doc *doc = one.n ? one.doc[0] : NULL;
	const char *service = doc ? ini_doc_get(doc, "database", service_key) : NULL;
	const char *conninfo = doc ? ini_doc_get(doc, "database", conninfo_key) : NULL;
	*out = NULL;
	if (service && conninfo)
		return diag_at(d, OD_ERR_VALUE, ini_doc_path(doc),
			       ini_doc_line(doc, "database", conninfo_key),
			       _("[database] takes %s or %s, not both"), service_key, conninfo_key);
	if (service) {
		for (const char *c = service; *c; c++)
			if (!isalnum((unsigned char)*c) && *c != '_' && *c != '-' && *c != '.')
				return bad_value(L, "database", service_key,
						 _("a pg_service.conf service name"), d);
		if (!*service)
			return bad_value(L, "database", service_key,
					 _("a pg_service.conf service name"), d);
		*out = xasprintf("service=%s", service);
	} else if (conninfo) {
		if (names_password(conninfo))
			return diag_at(d, OD_ERR_VALUE, ini_doc_path(doc),
				       ini_doc_line(doc, "database", conninfo_key),
				       _("a password does not belong in the configuration; put it "
					 "in ~/.pgpass or let the program ask for it"));
		*out = xstrdup(conninfo);
	}
	return OD_OK;
}

/* Where everything goes, and where the read-only screens' reads may go
 * (a standby; unset: the same connection as everything else). */
static enum od_status read_database(const struct layers *all, struct od_config *cfg,
				    struct diag *d)
{
	enum od_status st = read_connection(all, "service", "conninfo", &cfg->conninfo, d);
	if (st != OD_OK)
		return st;
	if (!cfg->conninfo) /* neither: libpq's own defaults (PGSERVICE, PGHOST, ...) */
		cfg->conninfo = xstrdup("");
	return read_connection(all, "read_service", "read_conninfo", &cfg->read_conninfo, d);
}

static enum od_status read_window(const struct layers *L, struct od_config *cfg,
				  struct diag *d)
{
	const char *centre = get(L, "window", "centre", NULL);
	if (centre) {
		for (const char *c = centre; *c; c++)
			if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_')
				return bad_value(L, "window", "centre",
						 _("a centre code of letters, digits, - or _"), d);
	}
	cfg->centre = xstrdup(centre ? centre : "");
	const char *number = get(L, "window", "number", NULL);
	if (number && *number) {
		char *end;
		long n = strtol(number, &end, 10);
		if (*end || n < 1 || n > 99)
			return bad_value(L, "window", "number", _("a number from 1 to 99"), d);
		cfg->window = (int)n;
	}
	return OD_OK;
}

static enum od_status read_ui(const struct layers *L, struct od_config *cfg, struct diag *d)
{
	const char *language = get(L, "ui", "language", NULL);
	cfg->language_set = language && *language;
	if (!language || !*language || strcasecmp(language, "zh_CN") == 0)
		cfg->language = UI_LANG_ZH_CN;
	else if (strcasecmp(language, "en") == 0)
		cfg->language = UI_LANG_EN;
	else
		return bad_value(L, "ui", "language", "zh_CN | en", d);

	const char *colour = get(L, "ui", "colour", NULL);
	if (!colour || !*colour || strcasecmp(colour, "auto") == 0)
		cfg->colour = COLOUR_AUTO;
	else if (strcasecmp(colour, "on") == 0)
		cfg->colour = COLOUR_ON;
	else if (strcasecmp(colour, "off") == 0)
		cfg->colour = COLOUR_OFF;
	else
		return bad_value(L, "ui", "colour", "auto | on | off", d);
	return OD_OK;
}

static enum od_status read_receipt(const struct layers *L, struct od_config *cfg)
{
	const char *printer = get(L, "receipt", "printer", NULL);
	const char *dir = get(L, "receipt", "directory", NULL);
	cfg->printer = xstrdup(printer ? printer : "lp");
	cfg->receipt_dir = xstrdup(dir ? dir : "");
	return OD_OK;
}

/* Each file on its own: valid UTF-8, known sections and keys only. */
static enum od_status check_file(const struct ini_doc *doc, struct diag *d)
{
	for (int s = 0; s < ini_doc_section_count(doc); s++) {
		const char *section = ini_doc_section_name(doc, s);
		for (int k = 0; k < ini_doc_key_count(doc, section); k++) {
			const char *key = ini_doc_key_name(doc, section, k);
			if (!utf8_valid_text(ini_doc_get(doc, section, key)))
				return diag_at(d, OD_ERR_VALUE, ini_doc_path(doc),
					       ini_doc_line(doc, section, key),
					       _("value is not valid UTF-8 text"));
		}
	}
	return check_unknown(doc, d);
}

enum od_status config_load_all(const char *const *paths, int n, struct od_config *cfg,
			       struct diag *d)
{
	memset(cfg, 0, sizeof *cfg);
	struct layers L = {.n = 0};
	enum od_status st = OD_OK;
	for (int i = 0; st == OD_OK && i < n && i < CONFIG_MAX_FILES; i++) {
		st = ini_doc_load(paths[i], &L.doc[L.n], d);
		if (st == OD_OK && (st = check_file(L.doc[L.n], d)) == OD_OK)
			L.n++;
		else
			ini_doc_free(&L.doc[L.n]);
	}
	if (st == OD_OK) {
		/* For the log: the files, the one that wins last. */
		char shown[1024] = "";
		for (int i = 0; i < L.n; i++)
			snprintf(shown + strlen(shown), sizeof shown - strlen(shown), "%s%s",
				 i ? " + " : "", paths[i]);
		cfg->path = xstrdup(shown);
		st = read_database(&L, cfg, d);
	}
	if (st == OD_OK)
		st = read_window(&L, cfg, d);
	if (st == OD_OK)
		st = read_ui(&L, cfg, d);
	if (st == OD_OK)
		st = read_receipt(&L, cfg);
	for (int i = 0; i < L.n; i++)
		ini_doc_free(&L.doc[i]);
	if (st != OD_OK)
		config_clear(cfg);
	return st;
}

enum od_status config_load(const char *path, struct od_config *cfg, struct diag *d)
{
	return config_load_all(&path, 1, cfg, d);
}

const char *config_system_dir(void)
{
	const char *env = getenv("ONEDOOR_SYSCONFDIR");
	return env && *env ? env : ONEDOOR_SYSCONFDIR "/onedoor";
}

enum od_status config_find_all(const char *explicit_path, char **paths, int *n, struct diag *d)
{
	*n = 0;
	const char *env = getenv("ONEDOOR_CONFIG");
	if (explicit_path || (env && *env)) {
		/* A file named on purpose is the whole configuration. */
		char *path = NULL;
		enum od_status st = config_find(explicit_path, &path, d);
		if (st == OD_OK)
			paths[(*n)++] = path;
		return st;
	}
	char *system = xasprintf("%s/onedoor.ini", config_system_dir());
	if (readable(system))
		paths[(*n)++] = system;
	else
		free(system);
	char *user = user_config_path();
	if (user && readable(user))
		paths[(*n)++] = user;
	else
		free(user);
	if (*n == 0)
		return diag_set(d, OD_ERR_IO,
				_("no configuration found: give --config FILE, set ONEDOOR_CONFIG, or "
				  "create $XDG_CONFIG_HOME/onedoor/onedoor.ini or %s/onedoor.ini"),
				config_system_dir());
	return OD_OK;
}

void config_clear(struct od_config *cfg)
{
	free(cfg->path);
	free(cfg->conninfo);
	free(cfg->read_conninfo);
	free(cfg->centre);
	free(cfg->printer);
	free(cfg->receipt_dir);
	memset(cfg, 0, sizeof *cfg);
}
