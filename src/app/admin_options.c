/* admin_options.c - parsing, checking and help of onedoor-admin's command
 * rows (admin_commands.h).  getopt_long's table is built from the row, so
 * what --help lists is exactly what the parser accepts. */
#include "onedoor/admin_commands.h"

#include "onedoor/app.h"
#include "onedoor/i18n.h"
#include "onedoor/xalloc.h"

#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static int option_count(const struct admin_command *c)
{
	int n = 0;
	while (c->options && c->options[n].name)
		n++;
	return n;
}

const char *admin_arg(const struct admin_args *a, const char *name)
{
	const struct admin_command *c = a->command;
	for (int i = 0; i < option_count(c); i++)
		if (strcmp(c->options[i].name, name) == 0)
			return a->value[i];
	fprintf(stderr, "admin_arg: %s %s has no option --%s\n", c->name,
		c->verb ? c->verb : "", name);
	abort();
}

const struct admin_command *admin_command_find(const struct admin_command *table, int n,
					       int argc, char **argv, struct diag *d)
{
	bool named = false;
	for (int i = 0; i < n; i++) {
		if (strcmp(table[i].name, argv[0]) != 0)
			continue;
		named = true;
		if (!table[i].verb || (argc > 1 && strcmp(table[i].verb, argv[1]) == 0))
			return &table[i];
	}
	if (!named) {
		diag_set(d, OD_ERR_USAGE, _("unknown command \"%s\""), argv[0]);
		return NULL;
	}
	char verbs[256] = "";
	for (int i = 0; i < n; i++)
		if (strcmp(table[i].name, argv[0]) == 0)
			snprintf(verbs + strlen(verbs), sizeof verbs - strlen(verbs), "%s%s",
				 *verbs ? "|" : "", table[i].verb);
	diag_set(d, OD_ERR_USAGE, _("%s wants one of: %s"), argv[0], verbs);
	return NULL;
}

static int parse_rest(const struct admin_command *c, int n, const struct option *longopts,
		      int sub_argc, char **sub_argv, struct admin_args *a, struct diag *d);

int admin_args_parse(const struct admin_command *c, int argc, char **argv,
		     struct admin_args *a, struct diag *d)
{
	memset(a, 0, sizeof *a);
	a->command = c;
	a->argc = argc;
	a->argv = argv;
	int n = option_count(c);
	struct option longopts[ADMIN_MAX_OPTIONS + 2];
	for (int i = 0; i < n; i++)
		longopts[i] = (struct option){c->options[i].name,
					      c->options[i].arg ? required_argument : no_argument,
					      NULL, 1000 + i};
	longopts[n] = (struct option){"help", no_argument, NULL, 'h'};
	longopts[n + 1] = (struct option){NULL, 0, NULL, 0};
	/* The words of the command stay where they are; getopt sees the rest. */
	int skip = c->verb ? 2 : 1;
	int sub_argc = argc - skip + 1;
	/* A copy for getopt to permute: handlers that read the command line
	 * themselves (catalogue, data ...) see it as it was typed. */
	char **sub_argv = xcalloc((size_t)sub_argc + 1, sizeof *sub_argv);
	memcpy(sub_argv, argv + skip - 1, (size_t)sub_argc * sizeof *sub_argv);
	int rc = parse_rest(c, n, longopts, sub_argc, sub_argv, a, d);
	free(sub_argv);
	return rc;
}

static int parse_rest(const struct admin_command *c, int n, const struct option *longopts,
		      int sub_argc, char **sub_argv, struct admin_args *a, struct diag *d)
{
	opterr = 0;
	optind = 0; /* glibc: a fresh scan */
	int opt;
	while ((opt = getopt_long(sub_argc, sub_argv, ":h", longopts, NULL)) != -1) {
		if (opt == 'h')
			return 1;
		if (opt >= 1000 && opt < 1000 + n) {
			a->value[opt - 1000] = c->options[opt - 1000].arg ? optarg : "1";
			continue;
		}
		const char *word = sub_argv[optind - 1];
		if (opt == ':')
			diag_set(d, OD_ERR_USAGE, _("%s wants a value"), word);
		else
			diag_set(d, OD_ERR_USAGE, _("unknown option \"%s\""), word);
		return -1;
	}
	for (int i = optind; i < sub_argc; i++) {
		if (a->n_operands == ADMIN_MAX_OPERANDS ||
		    (c->max_operands >= 0 && a->n_operands >= c->max_operands)) {
			diag_set(d, OD_ERR_USAGE, _("unexpected argument \"%s\""), sub_argv[i]);
			return -1;
		}
		a->operand[a->n_operands++] = sub_argv[i];
	}
	if (a->n_operands < c->min_operands) {
		diag_set(d, OD_ERR_USAGE, _("missing argument: %s"), c->operands);
		return -1;
	}
	for (int i = 0; i < n; i++)
		if (c->options[i].required && !a->value[i]) {
			diag_set(d, OD_ERR_USAGE, _("--%s is required"), c->options[i].name);
			return -1;
		}
	return 0;
}

void admin_print_synopsis(FILE *out, const struct admin_command *c)
{
	fprintf(out, "%s", c->name);
	if (c->verb)
		fprintf(out, " %s", c->verb);
	if (*c->operands)
		fprintf(out, " %s", c->operands);
	for (int i = 0; i < option_count(c); i++) {
		const struct admin_option *o = &c->options[i];
		fprintf(out, " %s--%s%s%s%s", o->required ? "" : "[", o->name, o->arg ? " " : "",
			o->arg ? o->arg : "", o->required ? "" : "]");
	}
	fputc('\n', out);
}

void admin_print_command_help(FILE *out, const struct admin_command *c)
{
	fputs(_("Usage: onedoor-admin [--config FILE] "), out);
	admin_print_synopsis(out, c);
	fprintf(out, "%s\n", _(c->summary));
	if (option_count(c) > 0)
		fprintf(out, "\n%s\n", _("Options:"));
	for (int i = 0; i < option_count(c); i++) {
		const struct admin_option *o = &c->options[i];
		char left[64];
		snprintf(left, sizeof left, "--%s%s%s", o->name, o->arg ? " " : "",
			 o->arg ? o->arg : "");
		fprintf(out, "  %-24s %s\n", left, _(o->help));
	}
}

/* One line without echo on a terminal (the prompt on stderr), else one
 * line of standard input.  False at end of input. */
static bool read_secret(bool tty, const char *prompt, char *out, size_t size)
{
	struct termios saved, quiet;
	bool quietened = false;
	if (tty) {
		fputs(prompt, stderr);
		fflush(stderr);
		if (tcgetattr(STDIN_FILENO, &saved) == 0) {
			quiet = saved;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			quietened = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
		}
	}
	bool ok = fgets(out, (int)size, stdin) != NULL;
	if (quietened)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
	if (tty)
		fputc('\n', stderr);
	if (ok)
		out[strcspn(out, "\r\n")] = '\0';
	return ok;
}

bool admin_ask_secret(const char *prompt, char *out, size_t size)
{
	if (!isatty(STDIN_FILENO) && !isatty(STDERR_FILENO))
		return false;
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY);
	if (fd < 0)
		return false;
	/* The terminal itself, not standard input: a password for a new
	 * login may be arriving through a pipe. */
	FILE *tty = fdopen(fd, "r+");
	if (!tty) {
		close(fd);
		return false;
	}
	struct termios saved, quiet;
	bool quietened = false;
	fputs(prompt, tty);
	fflush(tty);
	if (tcgetattr(fd, &saved) == 0) {
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quietened = tcsetattr(fd, TCSAFLUSH, &quiet) == 0;
	}
	bool ok = fgets(out, (int)size, tty) != NULL;
	if (quietened)
		tcsetattr(fd, TCSAFLUSH, &saved);
	fputc('\n', tty);
	fclose(tty);
	if (ok)
		out[strcspn(out, "\r\n")] = '\0';
	return ok && *out;
}

bool admin_read_password(char *out, size_t size, struct diag *d)
{
	bool tty = isatty(STDIN_FILENO);
	if (!read_secret(tty, _("New password: "), out, size))
		return !diag_set(d, OD_ERR_USAGE, _("no password given (standard input was empty)"));
	if (tty) {
		char again[ADMIN_SECRET_SIZE];
		bool same = read_secret(tty, _("Repeat the password: "), again, sizeof again) &&
			    strcmp(out, again) == 0;
		memset(again, 0, sizeof again);
		if (!same) {
			memset(out, 0, size);
			return !diag_set(d, OD_ERR_USAGE, _("the passwords differ"));
		}
	}
	/* The server only sees a SCRAM verifier, so the length is checked here. */
	if (strlen(out) < 8) {
		memset(out, 0, size);
		return !diag_set(d, OD_ERR_VALUE, _("the password needs at least 8 characters"));
	}
	return true;
}

int admin_status(enum od_status st, const struct diag *d)
{
	if (st == OD_OK)
		return EXIT_OK;
	fprintf(stderr, "onedoor-admin: %s\n", d->text);
	switch (st) {
	case OD_ERR_VALUE:
	case OD_ERR_USAGE:
	case OD_ERR_SYNTAX:
		return EXIT_USAGE;
	case OD_OK:
	case OD_ERR_DUPLICATE:
	case OD_ERR_NOT_FOUND:
	case OD_ERR_IO:
	case OD_ERR_DB:
	case OD_ERR_CONNECT:
	case OD_ERR_CONFLICT:
	case OD_ERR_DENIED:
		break;
	}
	return EXIT_FAILURE_RUN;
}

int admin_done(enum od_status st, const struct diag *d, const char *fmt, ...)
{
	if (st == OD_OK) {
		va_list ap;
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
	}
	return admin_status(st, d);
}
