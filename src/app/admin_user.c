/* admin_user.c - `onedoor-admin user add|disable|passwd|list`: staff logins.
 *
 * Each person is a PostgreSQL LOGIN role in one onedoor_* group with a row
 * in onedoor.staff; the server functions staff_add / staff_disable /
 * staff_set_password keep the two together (0008_admin.sql).  Passwords
 * are never taken from the command line, where `ps` would show them. */
#include "onedoor/admin_workflow.h"
#include "onedoor/app.h"
#include "onedoor/i18n.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* One line from the terminal without echo, or from standard input when it
 * is not a terminal (scripts, tests).  False on end of input. */
static bool read_secret(const char *prompt, char *out, size_t size)
{
	bool tty = isatty(STDIN_FILENO);
	struct termios saved, quiet;
	if (tty) {
		fputs(prompt, stderr);
		fflush(stderr);
		tcgetattr(STDIN_FILENO, &saved);
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	bool ok = fgets(out, (int)size, stdin) != NULL;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
		fputc('\n', stderr);
	}
	if (ok)
		out[strcspn(out, "\r\n")] = '\0';
	return ok;
}

/* Asks twice on a terminal; once from a pipe. */
static bool ask_password(char *out, size_t size)
{
	if (!read_secret(_("New password: "), out, size))
		return false;
	if (!isatty(STDIN_FILENO))
		return true;
	char again[256];
	if (!read_secret(_("Repeat the password: "), again, sizeof again))
		return false;
	if (strcmp(out, again) != 0) {
		fprintf(stderr, _("onedoor-admin: the passwords differ\n"));
		return false;
	}
	return true;
}

static int report(enum od_status st, const struct diag *d)
{
	if (st == OD_OK)
		return EXIT_OK;
	fprintf(stderr, "onedoor-admin: %s\n", d->text);
	return st == OD_ERR_VALUE ? EXIT_USAGE : EXIT_FAILURE_RUN;
}

static int user_add(struct db *db, int argc, char **argv)
{
	static const struct option options[] = {
		{"name", required_argument, NULL, 'n'},
		{"group", required_argument, NULL, 'g'},
		{"centre", required_argument, NULL, 'c'},
		{"county", required_argument, NULL, 'y'},
		{"department", required_argument, NULL, 'd'},
		{NULL, 0, NULL, 0},
	};
	const char *name = NULL, *group = NULL, *centre = "", *county = "", *department = "";
	int opt;
	optind = 0; /* glibc: re-initialise, main() parsed with "+" */
	while ((opt = getopt_long(argc, argv, "n:g:c:y:d:", options, NULL)) != -1) {
		switch (opt) {
		case 'n': name = optarg; break;
		case 'g': group = optarg; break;
		case 'c': centre = optarg; break;
		case 'y': county = optarg; break;
		case 'd': department = optarg; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc - 1 || !name || !group) {
		fprintf(stderr, _("usage: onedoor-admin user add LOGIN --name NAME --group GROUP "
				  "[--centre CODE] [--county CODE] [--department CODE]\n"));
		return EXIT_USAGE;
	}
	char password[256];
	if (!ask_password(password, sizeof password))
		return EXIT_USAGE;
	const char *params[] = {argv[optind], name, group, centre, county, department, password};
	struct diag d;
	enum od_status st = db_exec(db,
				    "SELECT onedoor.staff_add($1, $2, $3, $4, $5, $6, $7)", 7,
				    params, NULL, &d);
	memset(password, 0, sizeof password);
	if (st == OD_OK)
		printf(_("login %s added to group %s\n"), argv[optind], group);
	return report(st, &d);
}

static int user_disable(struct db *db, const char *login)
{
	const char *params[] = {login};
	struct diag d;
	enum od_status st = db_exec(db, "SELECT onedoor.staff_disable($1)", 1, params, NULL, &d);
	if (st == OD_OK)
		printf(_("login %s disabled\n"), login);
	return report(st, &d);
}

static int user_passwd(struct db *db, const char *login)
{
	char password[256];
	if (!ask_password(password, sizeof password))
		return EXIT_USAGE;
	const char *params[] = {login, password};
	struct diag d;
	enum od_status st =
		db_exec(db, "SELECT onedoor.staff_set_password($1, $2)", 2, params, NULL, &d);
	memset(password, 0, sizeof password);
	if (st == OD_OK)
		printf(_("password of %s changed\n"), login);
	return report(st, &d);
}

static int user_list(struct db *db)
{
	struct db_result *r = NULL;
	struct diag d;
	enum od_status st = db_exec(db,
				    "SELECT role_name, full_name, role_group, "
				    "       coalesce(centre_code, '-') AS centre, "
				    "       coalesce(county::text, '-') AS county, "
				    "       coalesce(department, '-') AS department, "
				    "       CASE WHEN active AND can_login THEN 'active' "
				    "            ELSE 'disabled' END AS state "
				    "FROM onedoor.staff_list ORDER BY role_group, role_name",
				    0, NULL, &r, &d);
	if (st != OD_OK)
		return report(st, &d);
	for (int i = 0; i < db_rows(r); i++)
		printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", db_value(r, i, "role_name"),
		       db_value(r, i, "role_group"), db_value(r, i, "centre"),
		       db_value(r, i, "county"), db_value(r, i, "department"),
		       db_value(r, i, "state"), db_value(r, i, "full_name"));
	db_result_free(&r);
	return EXIT_OK;
}

int admin_user_run(struct db *db, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return user_add(db, argc - 1, argv + 1);
	if (argc == 3 && strcmp(argv[1], "disable") == 0)
		return user_disable(db, argv[2]);
	if (argc == 3 && strcmp(argv[1], "passwd") == 0)
		return user_passwd(db, argv[2]);
	if (argc == 2 && strcmp(argv[1], "list") == 0)
		return user_list(db);
	fprintf(stderr, _("usage: onedoor-admin user add|disable|passwd|list ...\n"));
	return EXIT_USAGE;
}
