/* status.h - the result codes every fallible function returns.
 *
 * Errors are values: functions return an od_status and, where a person must
 * read what went wrong, fill a struct diag with "FILE:LINE: message" or a
 * plain sentence.  Only main() turns a status into an exit code. */
#ifndef ONEDOOR_STATUS_H
#define ONEDOOR_STATUS_H

#include <stddef.h>

/* X(name, message): the message is a msgid for gettext. */
#define OD_STATUS_LIST(X)                                                   \
	X(OD_OK, "success")                                                 \
	X(OD_ERR_IO, "cannot read or write a file")                         \
	X(OD_ERR_SYNTAX, "malformed input")                                 \
	X(OD_ERR_VALUE, "invalid value")                                    \
	X(OD_ERR_USAGE, "invalid command-line arguments")                   \
	X(OD_ERR_DB, "database error")                                      \
	X(OD_ERR_CONNECT, "cannot connect to the database")                 \
	X(OD_ERR_CONFLICT, "the record was changed by someone else")        \
	X(OD_ERR_DENIED, "not permitted")                                   \
	X(OD_ERR_DUPLICATE, "already registered")                           \
	X(OD_ERR_NOT_FOUND, "not found")

enum od_status {
#define OD_STATUS_ENUM(name, msg) name,
	OD_STATUS_LIST(OD_STATUS_ENUM)
#undef OD_STATUS_ENUM
};

/* The untranslated message of a status; never NULL. */
const char *od_status_message(enum od_status status);

/* A message for a person: where (file and line, when there is one) and what. */
struct diag {
	char text[512];
};

/* Formats into d->text; d may be NULL (the message is dropped).  Returns
 * status unchanged so callers can write `return diag_set(d, ERR, ...)`. */
enum od_status diag_set(struct diag *d, enum od_status status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* As diag_set, prefixed with "FILE:LINE: " (line 0 gives "FILE: "). */
enum od_status diag_at(struct diag *d, enum od_status status, const char *file, int line,
		       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
