/* onedoor_admin.c - server set-up and administration (onedoor-admin). */
#include "onedoor/admin_commands.h"
#include "onedoor/admin_county.h"
#include "onedoor/admin_engine.h"
#include "onedoor/admin_init.h"
#include "onedoor/admin_lifecycle.h"
#include "onedoor/admin_workflow.h"
#include "onedoor/app.h"
#include "onedoor/db.h"
#include "onedoor/i18n.h"
#include "onedoor/migrate.h"

#include <getopt.h> /* optind */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int cmd_migrate(struct db *db, int argc, char **argv);
static int cmd_demo(struct db *db, int argc, char **argv);

/* Every subcommand: its name, synopsis for --help, one-line summary (a
 * msgid) and handler.  A handler gets the open connection and its own
 * arguments (argv[0] is the command name) and returns the exit status. */
static const struct admin_command commands[] = {
	{"init", "init [--owner ROLE] [--admin LOGIN --name NAME]",
	 N_("set up or upgrade the central database (as a superuser)"), admin_init_run},
	{"migrate", "migrate", N_("apply the schema migrations that are missing"), cmd_migrate},
	{"demo", "demo", N_("load the demo county, centres, staff and households (once)"),
	 cmd_demo},
	{"calendar", "calendar import FILE",
	 N_("load a year's public holidays and make-up working days"), admin_calendar_run},
	{"user", "user add|disable|passwd|list", N_("manage staff logins"), admin_user_run},
	{"audit", "audit verify", N_("check the audit trail's hash chain"), admin_audit_run},
	{"catalogue", "catalogue import PATH...",
	 N_("check and import the benefit catalogue (all or nothing)"), admin_catalogue_run},
	{"discover", "discover [--date D]",
	 N_("match every household and record what it may claim (policy finds the person)"),
	 admin_discover_run},
	{"data", "data import SOURCE FILE [--as-of D] | data sources",
	 N_("load a department's extract for verification (all or nothing); list the sources"),
	 admin_data_run},
	{"recheck", "recheck draw MONTH --percent N [--seed S] | recheck show MONTH",
	 N_("draw the month's random re-checks of commitment cases; show a draw redone"),
	 admin_recheck_run},
};

static void usage(FILE *out)
{
	fprintf(out, _("Usage: onedoor-admin [--config FILE] COMMAND [ARGS]\n"
		       "Set up and administer the onedoor database.\n"
		       "\n"
		       "Commands:\n"));
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-22s %s\n", commands[i].synopsis, _(commands[i].summary));
	fprintf(out, _("\n"
		       "Options:\n"
		       "  -c, --config FILE  configuration file (see onedoor.ini(5))\n"
		       "  -h, --help         show this help and exit\n"
		       "  -V, --version      show the version and exit\n"
		       "\n"
		       "The database is the one [database] names, reached as the PostgreSQL\n"
		       "user of the environment (PGUSER), who must own the onedoor schema.\n"));
}

static void show_progress(const char *name, int index, int total, void *arg)
{
	(void)arg;
	printf(_("applying migration %d/%d: %s\n"), index + 1, total, name);
	fflush(stdout);
}

static int connect_admin(const struct od_config *cfg, struct db **db)
{
	struct diag d;
	if (db_connect(cfg->conninfo, NULL, NULL, "onedoor-admin", db, &d) != OD_OK) {
		fprintf(stderr, "onedoor-admin: %s\n", d.text);
		return EXIT_FAILURE_RUN;
	}
	return EXIT_OK;
}

static int cmd_migrate(struct db *db, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct diag d;
	int applied;
	if (migrate_apply(db, show_progress, NULL, &applied, &d) != OD_OK) {
		fprintf(stderr, "onedoor-admin: %s\n", d.text);
		return EXIT_FAILURE_RUN;
	}
	if (applied == 0)
		printf(_("the schema is up to date\n"));
	else
		printf(_("%d migration(s) applied\n"), applied);
	/* On a superuser session the engine's functions too (as init does);
	 * the schema owner alone cannot create them. */
	enum od_status st = migrate_engine(db, &d);
	if (st == OD_ERR_DENIED) {
		printf(_("engine functions: not changed (%s)\n"), d.text);
	} else if (st != OD_OK) {
		fprintf(stderr, "onedoor-admin: %s\n", d.text);
		return EXIT_FAILURE_RUN;
	} else {
		printf(_("engine functions: created from the server module onedoor_engine\n"));
	}
	return EXIT_OK;
}

static int cmd_demo(struct db *db, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct diag d;
	bool loaded;
	if (migrate_load_demo(db, &loaded, &d) != OD_OK) {
		fprintf(stderr, "onedoor-admin: %s\n", d.text);
		return EXIT_FAILURE_RUN;
	}
	printf(loaded ? _("demo data loaded\n") : _("demo data already present\n"));
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	app_locale_init();
	const char *config_path;
	int done = app_parse_options(argc, argv, "onedoor-admin", usage, &config_path);
	if (done >= 0)
		return done;
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const struct admin_command *command = NULL;
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(commands[i].name, argv[optind]) == 0)
			command = &commands[i];
	if (!command) {
		fprintf(stderr, _("onedoor-admin: unknown command \"%s\"\n"), argv[optind]);
		usage(stderr);
		return EXIT_USAGE;
	}
	struct od_config cfg;
	if (!app_load_config(config_path, &cfg))
		return EXIT_USAGE;
	app_set_language(cfg.language);
	struct db *db = NULL;
	int rc = connect_admin(&cfg, &db);
	if (rc == EXIT_OK)
		rc = command->run(db, argc - optind, argv + optind);
	db_close(&db);
	config_clear(&cfg);
	return rc;
}
