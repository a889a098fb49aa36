/* ini_doc.h - INI files read through iniparser, made safe and exact.
 *
 * This is the only door to iniparser.  It adds what Debian's iniparser 4.1
 * lacks: a line number for every key (for FILE:LINE messages), refusal of
 * duplicate keys and keys outside a section (iniparser silently keeps the
 * last), refusal of section lines it misreads ("[a]b = c", "[]", a ':' in
 * a section name), acceptance of a UTF-8 byte-order mark, lookups that never return a
 * dangling or NULL-crashing value (CVE-2023-33461 is in getboolean, which is
 * never called), and an error callback that never writes to the terminal.
 * Section and key names are case-insensitive (stored lower-case). */
#ifndef ONEDOOR_INI_DOC_H
#define ONEDOOR_INI_DOC_H

#include "onedoor/status.h"

struct ini_doc;

/* Reads and parses `path`.  On failure returns OD_ERR_IO or OD_ERR_SYNTAX
 * with "FILE:LINE: message" in *d, and *out is NULL. */
enum od_status ini_doc_load(const char *path, struct ini_doc **out, struct diag *d);

/* Frees the document and sets *doc to NULL; NULL *doc is accepted.  Strings
 * obtained from the document die with it: copy what you keep. */
void ini_doc_free(struct ini_doc **doc);

const char *ini_doc_path(const struct ini_doc *doc);

/* Sections in file order. */
int ini_doc_section_count(const struct ini_doc *doc);
const char *ini_doc_section_name(const struct ini_doc *doc, int index);
int ini_doc_section_line(const struct ini_doc *doc, const char *section);

/* Keys of a section in file order (0 for an unknown section). */
int ini_doc_key_count(const struct ini_doc *doc, const char *section);
const char *ini_doc_key_name(const struct ini_doc *doc, const char *section, int index);

/* The value of section.key, or NULL when the key is absent. */
const char *ini_doc_get(const struct ini_doc *doc, const char *section, const char *key);

/* The line where section.key is set, 0 when absent. */
int ini_doc_line(const struct ini_doc *doc, const char *section, const char *key);

#endif
