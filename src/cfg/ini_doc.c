/* ini_doc.c - iniparser behind a safe interface, with a line index of our own. */
#include "onedoor/ini_doc.h"

#include "onedoor/i18n.h"
#include "onedoor/text_width.h"
#include "onedoor/xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <iniparser.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Larger files are refused rather than read: no INI file of ours comes near. */
#define INI_MAX_BYTES (8 * 1024 * 1024)

struct ini_entry {
	char *section; /* lower-case */
	char *key;     /* lower-case; NULL for the section header itself */
	char *lookup;  /* "section:key" as iniparser stores it */
	int line;
};

struct ini_doc {
	char *path;
	dictionary *dict;
	struct ini_entry *entries;
	int count, cap;
};

/* iniparser reports syntax errors through a printf-like callback.  We keep
 * the last one here, with its line, instead of letting it reach stderr
 * (which is the terminal ncurses owns). */
static struct {
	char text[256];
	int line;
} last_error;

static int capture_error(const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	if (strcmp(format, "iniparser: syntax error in %s (%d):\n-> %s\n") == 0 ||
	    strcmp(format, "iniparser: input line too long in %s (%d)\n") == 0) {
		(void)va_arg(ap, const char *);
		last_error.line = va_arg(ap, int);
		snprintf(last_error.text, sizeof last_error.text, "%s",
			 strstr(format, "too long") ? _("line too long (at most 1023 bytes)")
						    : _("not a [section] or a key = value line"));
	} else {
		/* iniparser's own format string: not ours to make literal. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		vsnprintf(last_error.text, sizeof last_error.text, format, ap);
#pragma GCC diagnostic pop
		last_error.text[strcspn(last_error.text, "\n")] = '\0';
		last_error.line = 0;
	}
	va_end(ap);
	return 0;
}

static char *lower_dup(const char *s, size_t n)
{
	char *p = xstrndup(s, n);
	for (char *c = p; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return p;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

static const struct ini_entry *find(const struct ini_doc *doc, const char *section,
				    const char *key)
{
	for (int i = 0; i < doc->count; i++) {
		const struct ini_entry *e = &doc->entries[i];
		if (strcasecmp(e->section, section) != 0)
			continue;
		if (key ? e->key && strcasecmp(e->key, key) == 0 : !e->key)
			return e;
	}
	return NULL;
}

static void add_entry(struct ini_doc *doc, char *section, char *key, int line)
{
	if (doc->count == doc->cap) {
		doc->cap = doc->cap ? doc->cap * 2 : 32;
		doc->entries = xreallocarray(doc->entries, (size_t)doc->cap, sizeof *doc->entries);
	}
	struct ini_entry *e = &doc->entries[doc->count++];
	e->section = section;
	e->key = key;
	e->lookup = key ? xasprintf("%s:%s", section, key) : xstrdup(section);
	e->line = line;
}

/* Our own pass over the text, mirroring iniparser's line grammar closely
 * enough to know where each key is; iniparser stays the judge of values. */
static enum od_status index_lines(struct ini_doc *doc, char *text, struct diag *d)
{
	char *section = NULL;
	int line = 0;
	bool continued = false;
	for (char *next, *cur = text; cur; cur = next) {
		next = strchr(cur, '\n');
		if (next)
			*next++ = '\0';
		line++;
		char *s = trim(cur);
		bool was_continued = continued;
		size_t n = strlen(s);
		continued = n && s[n - 1] == '\\';
		/* Every file read here is text a screen shows or a message
		 * quotes: no control characters, no invalid UTF-8, in names
		 * or values (comments are never shown). */
		bool comment = !was_continued && (*s == ';' || *s == '#');
		if (!comment && !utf8_valid_text(s))
			return diag_at(d, OD_ERR_SYNTAX, doc->path, line,
				       _("not valid UTF-8 text (control characters or invalid bytes)"));
		if (was_continued || !*s || comment)
			continue;
		if (*s == '[') {
			/* iniparser takes "[a]b = c" for a key of the section
			 * before, "[]" for the section before again, and stores
			 * [a] k:x and [a:k] x under one name: each would put
			 * values where this index does not look, silently
			 * (test_bad_input.c).  Refused instead. */
			char *close = strchr(s, ']');
			if (!close || close[1] != '\0' || strchr(s, ':'))
				return diag_at(d, OD_ERR_SYNTAX, doc->path, line,
					       _("a section line is [NAME], the name without ':'"));
			section = lower_dup(s + 1, (size_t)(close - s - 1));
			char *t = trim(section);
			memmove(section, t, strlen(t) + 1);
			if (!*section) {
				free(section);
				return diag_at(d, OD_ERR_SYNTAX, doc->path, line,
					       _("a section line is [NAME], the name without ':'"));
			}
			const struct ini_entry *again = find(doc, section, NULL);
			if (again) {
				enum od_status st = diag_at(
					d, OD_ERR_SYNTAX, doc->path, line,
					_("section [%s] appears again (first on line %d)"), section,
					again->line);
				free(section);
				return st;
			}
			add_entry(doc, section, NULL, line);
			continue;
		}
		char *eq = strchr(s, '=');
		if (!eq)
			continue; /* iniparser reports it */
		if (!section)
			return diag_at(d, OD_ERR_SYNTAX, doc->path, line,
				       _("key outside any [section]"));
		char *key_end = eq;
		while (key_end > s && isspace((unsigned char)key_end[-1]))
			key_end--;
		char *key = lower_dup(s, (size_t)(key_end - s));
		const struct ini_entry *dup = find(doc, section, key);
		if (dup) {
			int first = dup->line;
			enum od_status st = diag_at(d, OD_ERR_SYNTAX, doc->path, line,
						    _("key \"%s\" appears again in [%s] (first on line %d)"),
						    key, section, first);
			free(key);
			return st;
		}
		add_entry(doc, xstrdup(section), key, line);
	}
	return OD_OK;
}

/* Reads the whole file; strips a UTF-8 byte-order mark. */
static enum od_status slurp(const char *path, char **text, size_t *len, bool *had_bom,
			    struct diag *d)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return diag_at(d, OD_ERR_IO, path, 0, "%s", strerror(errno));
	/* A buffer the file's size, grown if the file grows while read: not
	 * 8 MiB for every file (that made each load an mmap, and fuzzing the
	 * loaders ten times slower).  Reads at most INI_MAX_BYTES + 1 bytes. */
	struct stat sb;
	size_t cap = fstat(fileno(f), &sb) == 0 && sb.st_size >= 0 && sb.st_size < INI_MAX_BYTES
			     ? (size_t)sb.st_size + 1
			     : INI_MAX_BYTES + 1;
	char *buf = xmalloc(cap + 1);
	size_t n = 0;
	for (;;) {
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap || cap > INI_MAX_BYTES)
			break;
		cap = cap * 2 > INI_MAX_BYTES + 1 ? INI_MAX_BYTES + 1 : cap * 2;
		buf = xreallocarray(buf, cap + 1, 1);
	}
	bool failed = ferror(f);
	fclose(f);
	if (failed || n > INI_MAX_BYTES) {
		free(buf);
		return diag_at(d, OD_ERR_IO, path, 0, "%s",
			       failed ? _("read error") : _("file larger than 8 MiB"));
	}
	buf[n] = '\0';
	if (memchr(buf, '\0', n)) {
		free(buf);
		return diag_at(d, OD_ERR_SYNTAX, path, 0, _("not a text file (contains NUL bytes)"));
	}
	*had_bom = n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0;
	if (*had_bom) {
		memmove(buf, buf + 3, n - 2);
		n -= 3;
	}
	*text = buf;
	*len = n;
	return OD_OK;
}

/* iniparser 4.1 only loads from a path; a file with a BOM is handed to it as
 * a private temporary copy without the mark. */
static dictionary *load_dictionary(const char *path, const char *text, size_t len, bool had_bom)
{
	if (!had_bom)
		return iniparser_load(path);
	const char *tmpdir = getenv("TMPDIR");
	char *tmp = xasprintf("%s/onedoor-ini-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	dictionary *dict = NULL;
	int fd = mkstemp(tmp);
	if (fd >= 0) {
		FILE *f = fdopen(fd, "wb");
		if (f && fwrite(text, 1, len, f) == len && fclose(f) == 0)
			dict = iniparser_load(tmp);
		else if (f)
			fclose(f);
		else
			close(fd);
		unlink(tmp);
	}
	free(tmp);
	return dict;
}

enum od_status ini_doc_load(const char *path, struct ini_doc **out, struct diag *d)
{
	*out = NULL;
	char *text = NULL;
	size_t len = 0;
	bool had_bom = false;
	enum od_status st = slurp(path, &text, &len, &had_bom, d);
	if (st != OD_OK)
		return st;

	struct ini_doc *doc = xcalloc(1, sizeof *doc);
	doc->path = xstrdup(path);
	iniparser_set_error_callback(capture_error);
	last_error.text[0] = '\0';
	doc->dict = load_dictionary(path, text, len, had_bom);
	if (!doc->dict) {
		st = last_error.text[0]
			     ? diag_at(d, OD_ERR_SYNTAX, path, last_error.line, "%s", last_error.text)
			     : diag_at(d, OD_ERR_IO, path, 0, _("cannot be read"));
		goto fail;
	}
	st = index_lines(doc, text, d);
	if (st != OD_OK)
		goto fail;
	free(text);
	*out = doc;
	return OD_OK;
fail:
	free(text);
	ini_doc_free(&doc);
	return st;
}

void ini_doc_free(struct ini_doc **docp)
{
	struct ini_doc *doc = *docp;
	if (!doc)
		return;
	for (int i = 0; i < doc->count; i++) {
		free(doc->entries[i].section);
		free(doc->entries[i].key);
		free(doc->entries[i].lookup);
	}
	free(doc->entries);
	if (doc->dict)
		iniparser_freedict(doc->dict);
	free(doc->path);
	free(doc);
	*docp = NULL;
}

const char *ini_doc_path(const struct ini_doc *doc)
{
	return doc->path;
}

int ini_doc_section_count(const struct ini_doc *doc)
{
	int n = 0;
	for (int i = 0; i < doc->count; i++)
		n += doc->entries[i].key == NULL;
	return n;
}

const char *ini_doc_section_name(const struct ini_doc *doc, int index)
{
	for (int i = 0; i < doc->count; i++)
		if (!doc->entries[i].key && index-- == 0)
			return doc->entries[i].section;
	return NULL;
}

int ini_doc_section_line(const struct ini_doc *doc, const char *section)
{
	const struct ini_entry *e = find(doc, section, NULL);
	return e ? e->line : 0;
}

int ini_doc_key_count(const struct ini_doc *doc, const char *section)
{
	int n = 0;
	for (int i = 0; i < doc->count; i++)
		n += doc->entries[i].key && strcasecmp(doc->entries[i].section, section) == 0;
	return n;
}

const char *ini_doc_key_name(const struct ini_doc *doc, const char *section, int index)
{
	for (int i = 0; i < doc->count; i++)
		if (doc->entries[i].key && strcasecmp(doc->entries[i].section, section) == 0 &&
		    index-- == 0)
			return doc->entries[i].key;
	return NULL;
}

const char *ini_doc_get(const struct ini_doc *doc, const char *section, const char *key)
{
	const struct ini_entry *e = find(doc, section, key);
	if (!e)
		return NULL;
	/* iniparser answers NULL for a key whose value is empty in some
	 * versions and "" in others: make it "" always. */
	const char *v = iniparser_getstring(doc->dict, e->lookup, NULL);
	return v ? v : "";
}

int ini_doc_line(const struct ini_doc *doc, const char *section, const char *key)
{
	const struct ini_entry *e = find(doc, section, key);
	return e ? e->line : 0;
}
