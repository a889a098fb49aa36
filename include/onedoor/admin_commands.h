/* admin_commands.h - the command table of onedoor-admin and its parser
 * (src/app/admin_options.c).
 *
 * Every subcommand is one row: its words ("centre add"), operands, options
 * with their help, and handler.  `--help` is printed from the rows, the
 * arguments are checked against them before any connection is opened, and
 * the manual page onedoor-admin(8) is tested against `--help`
 * (tests/db/admin_help.sh), so the three cannot drift apart. */
#ifndef ONEDOOR_ADMIN_COMMANDS_H
#define ONEDOOR_ADMIN_COMMANDS_H

#include "onedoor/db.h"

#include <stdbool.h>
#include <stdio.h>

enum { ADMIN_MAX_OPTIONS = 12, ADMIN_MAX_OPERANDS = 8, ADMIN_SECRET_SIZE = 256 };

struct admin_option {
	const char *name; /* long name without "--": "county" */
	const char *arg;  /* its value's name for --help ("CODE"); NULL: a flag */
	const char *help; /* a gettext msgid */
	bool required;    /* the command cannot run without it */
};

struct admin_command;

/* The arguments of one command as parsed against its row. */
struct admin_args {
	const struct admin_command *command; /* the row */
	int argc;    /* the command line from the command's name on: */
	char **argv; /* argv[0] is "centre" (what the older handlers take) */
	const char *operand[ADMIN_MAX_OPERANDS];
	int n_operands;
	const char *value[ADMIN_MAX_OPTIONS]; /* per option of the row; "1" for a
						 flag given; NULL when absent */
	char secret[ADMIN_SECRET_SIZE];       /* a password read by `prepare` */
};

struct admin_command {
	const char *name;     /* "centre" */
	const char *verb;     /* "add", or NULL for a one-word command */
	const char *operands; /* for --help: "CODE NAME" ("" for none) */
	int min_operands, max_operands; /* max -1: any number */
	const struct admin_option *options; /* ends with a {NULL} row; may be NULL */
	const char *summary;  /* one line, a gettext msgid */
	/* Called after parsing and before connecting: checks values and may
	 * read a password into a->secret.  False: the message is in d and
	 * the exit status is EXIT_USAGE.  May be NULL. */
	bool (*prepare)(struct admin_args *a, struct diag *d);
	/* Runs with the open connection; returns the exit status (0, 1, 2). */
	int (*run)(struct db *db, struct admin_args *a);
};

/* The value of option `name` of the row (NULL when not given).  Asking for
 * an option the row does not have is a programming error and aborts. */
const char *admin_arg(const struct admin_args *a, const char *name);

/* The row for argv[0] (and argv[1] when the command has verbs), or NULL
 * with a message in d. */
const struct admin_command *admin_command_find(const struct admin_command *table, int n,
					       int argc, char **argv, struct diag *d);

/* Parses argv (argv[0] the command's name) against the row: unknown
 * options, missing values and the number of operands are checked.
 * Returns 1 when `--help` was asked for (the caller prints it), 0 when
 * parsed, -1 with a message in d. */
int admin_args_parse(const struct admin_command *c, int argc, char **argv,
		     struct admin_args *a, struct diag *d);

/* "centre add CODE NAME --county CODE [--kind KIND]": the synopsis line. */
void admin_print_synopsis(FILE *out, const struct admin_command *c);

/* The synopsis, summary and every option with its help. */
void admin_print_command_help(FILE *out, const struct admin_command *c);

/* Asks on the controlling terminal (/dev/tty) without echo, whatever
 * standard input is; false when there is no terminal or nothing typed. */
bool admin_ask_secret(const char *prompt, char *out, size_t size);

/* Reads a password: on a terminal asks twice without echo, otherwise one
 * line of standard input.  Refuses fewer than 8 characters.  False with a
 * message in d. */
bool admin_read_password(char *out, size_t size, struct diag *d);

/* The exit status of a store call: 0 when st is OD_OK, else the message
 * on stderr and 2 for a bad value or argument, 1 for anything else (the
 * server, the connection, a refused change). */
int admin_status(enum od_status st, const struct diag *d);

/* As admin_status, and on success prints what was done (fmt, ...). */
int admin_done(enum od_status st, const struct diag *d, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
