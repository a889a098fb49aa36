/* server_message.h - the server's refusals in the reader's language.
 *
 * The server raises English sentences; they are the msgids.  Every format
 * the migrations can raise is in a table generated at build time
 * (src/sh/server-messages.pl), each with its literal pieces around the
 * values.  A message is matched against the table, its values taken out,
 * and the translation of its format filled with them; a value that is a
 * code (a stage, a status, a role, an action) is shown by its label.  A
 * message no format matches is shown as it came. */
#ifndef ONEDOOR_SERVER_MESSAGE_H
#define ONEDOOR_SERVER_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>

enum server_text {
	SERVER_MESSAGE, /* a refusal's message */
	SERVER_HINT,    /* a HINT in prose (most hints are codes for the screens) */
	SERVER_VALUE,   /* a word a refusal gives as a value ("county") */
};

struct server_format {
	const char *msgid;          /* the English, "%s" for each value */
	int values;                 /* how many; pieces has values + 1 */
	const char *const *pieces;  /* the literal text around them */
	enum server_text kind;
};

/* The table of the migrations' formats, most literal text first: built
 * into src/db (the module here is pure and takes any table, so that the
 * tests can give their own and the server module need not carry it). */
extern const struct server_format server_formats[];
extern const int server_format_count;
/* The same msgids in the migrations' order, one a line of the generated
 * file, for xgettext: a new migration adds lines at the end, so the
 * catalogue's references to the others stay where they were. */
extern const char *const server_msgids[];

struct server_formats {
	const struct server_format *f;
	int count;
	/* Optional: the name of a code the labels do not know - an item's or
	 * a department's, from what the client read at log-in - or NULL. */
	const char *(*name_of)(void *ctx, const char *code);
	void *ctx;
};

#define SERVER_MESSAGE_VALUES 8

/* A value of a matched message: where it is in the message. */
struct server_value {
	const char *start;
	size_t len;
};

/* The format `message` was made from (NULL when none), its values in v. */
const struct server_format *server_message_match(struct server_formats table, const char *message,
						 struct server_value v[SERVER_MESSAGE_VALUES]);

/* `message` (and the HINT, when it is prose the table knows; "" or NULL
 * for none) in the reader's language into out (always terminated).  False
 * when no format of the table matches: out then has the message as it
 * is (PostgreSQL's own words, which db.c says otherwise). */
bool server_message_translate(struct server_formats table, const char *message, const char *hint,
			      char *out, size_t size);

#endif
