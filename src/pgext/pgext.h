/* pgext.h - the parts of the server module (onedoor_engine.so) that know
 * PostgreSQL: the SQL-callable functions (pg_engine.c; pg_audit.c, the audit
 * entry's diff of a changed row), the catalogue cached
 * per backend (pg_catalogue.c), allocation and translation for src/core
 * inside a backend (pg_alloc.c, pg_text.c).  src/core itself stays pure and
 * is linked in unchanged. */
#ifndef ONEDOOR_PGEXT_H
#define ONEDOOR_PGEXT_H

#include "postgres.h"

#include <stdbool.h>
#include <stdint.h>

struct catalogue;
struct matcher;

/* The active catalogue with one matcher over it, current for the database
 * as of this statement: re-read when a new catalogue version was imported.
 * Never NULL: no catalogue is an error (SQLSTATE 55000).  *version gets the
 * version's name ("7"), which stays valid until the next call. */
struct matcher *pg_catalogue_current(const char **version);

/* Allocation for src/core: pg_alloc.c, through the linker (--wrap), turns
 * core's malloc, calloc, realloc and free into palloc and pfree in
 * CurrentMemoryContext; out of memory is an ERROR, not an abort. */

/* Whether explanations are in Chinese (onedoor.engine_language). */
bool pg_text_chinese(void);
/* Defines the onedoor.engine_language setting; from _PG_init. */
void pg_text_init(void);
/* The translation of msgid for the engine's language (msgid itself when
 * English or untranslated); static storage. */
const char *pg_text_translate(const char *msgid);

/* The embedded message catalogue (generated from src/po/zh_CN.po). */
extern const unsigned char pg_text_zh_mo[];
extern const unsigned long pg_text_zh_mo_size;

#endif
