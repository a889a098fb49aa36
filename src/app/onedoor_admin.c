/* onedoor_admin.c - server set-up and administration (onedoor-admin).
 *
 * The table below is the one description of every command: its words,
 * operands and options with their help.  --help is printed from it, the
 * arguments are checked against it (and by each row's prepare) before a
 * connection is opened, and onedoor-admin(8) is tested against it. */
#include "onedoor/admin_commands.h"
#include "onedoor/admin_county.h"
#include "onedoor/admin_directory.h"
#include "onedoor/admin_engine.h"
#include "onedoor/admin_init.h"
#include "onedoor/admin_lifecycle.h"
#include "onedoor/admin_payments.h"
#include "onedoor/admin_workflow.h"
#include "onedoor/app.h"
#include "onedoor/db.h"
#include "onedoor/i18n.h"
#include "onedoor/migrate.h"
#include "onedoor/xalloc.h"

#include <getopt.h> /* optind */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int cmd_migrate(struct db *db, struct admin_args *a);
static int cmd_demo(struct db *db, struct admin_args *a);

/* The handlers that take a command line (argv[0] the command's name). */
static int cmd_catalogue(struct db *db, struct admin_args *a)
{
	return admin_catalogue_run(db, a->argc, a->argv);
}

static int cmd_audit(struct db *db, struct admin_args *a)
{
	return admin_audit_run(db, a->argc, a->argv);
}

static int cmd_discover(struct db *db, struct admin_args *a)
{
	return admin_discover_run(db, a->argc, a->argv);
}

static int cmd_data(struct db *db, struct admin_args *a)
{
	return admin_data_run(db, a->argc, a->argv);
}

static int cmd_recheck(struct db *db, struct admin_args *a)
{
	return admin_recheck_run(db, a->argc, a->argv);
}

static int cmd_reviews(struct db *db, struct admin_args *a)
{
	return admin_reviews_run(db, a->argc, a->argv);
}

static int cmd_payments(struct db *db, struct admin_args *a)
{
	return admin_payments_run(db, a->argc, a->argv);
}

static int cmd_sms(struct db *db, struct admin_args *a)
{
	return admin_sms_run(db, a->argc, a->argv);
}

static const struct admin_option init_options[] = {
	{"owner", "ROLE", N_("the schema owner to create or use (default onedoor_owner)"), false},
	{"admin", "LOGIN", N_("add this first administrator login (asks for its password)"), false},
	{"name", "NAME", N_("the administrator's full name"), false},
	{"county", "CODE", N_("the administrator's county (add it first with region add)"), false},
	{"statement-timeout", "T", N_("statement_timeout of every login (default 30s, 5min for "
				      "supervisors, auditors and administrators)"), false},
	{"idle-timeout", "T", N_("idle_in_transaction_session_timeout of every login (default 60s)"),
	 false},
	{NULL, NULL, NULL, false},
};
static const struct admin_option demo_options[] = {
	{"force", NULL, N_("load it even beside the logins of real people"), false},
	{NULL, NULL, NULL, false},
};
static const struct admin_option region_add_options[] = {
	{"parent", "CODE", N_("the province or city it belongs to"), false},
	{NULL, NULL, NULL, false},
};
static const struct admin_option centre_add_options[] = {
	{"county", "CODE", N_("the county of the centre"), true},
	{"kind", "KIND", N_("township (default) or street"), false},
	{NULL, NULL, NULL, false},
};
static const struct admin_option centre_list_options[] = {
	{"county", "CODE", N_("only the centres of this county"), false},
	{NULL, NULL, NULL, false},
};
static const struct admin_option village_add_options[] = {
	{"centre", "CODE", N_("the centre that serves it"), true},
	{"kind", "KIND", N_("village (default) or community"), false},
	{NULL, NULL, NULL, false},
};
static const struct admin_option village_list_options[] = {
	{"centre", "CODE", N_("only the villages of this centre"), false},
	{NULL, NULL, NULL, false},
};
static const struct admin_option department_add_options[] = {
	{"english", "NAME", N_("the department's English name"), true},
	{NULL, NULL, NULL, false},
};
static const struct admin_option user_add_options[] = {
	{"name", "NAME", N_("the person's full name"), true},
	{"group", "GROUP",
	 N_("clerk, verifier, supervisor, approver, auditor, admin, coordinator or finance"),
	 true},
	{"centre", "CODE", N_("the centre of a clerk"), false},
	{"county", "CODE",
	 N_("the county of a verifier, supervisor, approver, auditor, admin or finance"), false},
	{"department", "CODE", N_("the department of an approver"), false},
	{"village", "CODE", N_("the village of a coordinator"), false},
	{NULL, NULL, NULL, false},
};
static const struct admin_option audit_chain_options[] = {
	{"follow", "SECONDS", N_("keep linking every SECONDS, and end the sessions that overstay "
				 "their login's timeouts (as a superuser)"), false},
	{NULL, NULL, NULL, false},
};
static const struct admin_option audit_verify_options[] = {
	{"anchor", "FILE", N_("check against the last head kept in FILE, then add the new one"),
	 false},
	{NULL, NULL, NULL, false},
};
static const struct admin_option discover_options[] = {
	{"date", "YYYY-MM-DD", N_("match as on this day (default today)"), false},
	{"quiet", NULL, N_("print the summary only, not each finding"), false},
	{"cursor", NULL,
	 N_("match in this program, every household through a cursor (the older way, for "
	    "comparison), instead of inside the server"),
	 false},
	{NULL, NULL, NULL, false},
};

static const struct admin_option data_import_options[] = {
	{"as-of", "YYYY-MM-DD", N_("the day the extract is as of (default today)"), false},
	{NULL, NULL, NULL, false},
};

static const struct admin_option case_show_options[] = {
	{"unmasked", NULL, N_("show resident IDs in full (recorded in the audit trail)"), false},
	{NULL, NULL, NULL, false},
};

static const struct admin_option case_report_options[] = {
	{"version", "N", N_("this version of the report (default the latest)"), false},
	{NULL, NULL, NULL, false},
};

static const struct admin_option recheck_draw_options[] = {
	{"percent", "N", N_("the share (0 to 100) of the month's approvals to re-check"), true},
	{"seed", "S", N_("the seed of the draw, recorded with it so anyone can redo it"), false},
	{NULL, NULL, NULL, false},
};

static const struct admin_option reviews_changes_options[] = {
	{"since", "YYYY-MM-DD", N_("only extracts imported on or after this day"), false},
	{NULL, NULL, NULL, false},
};

static const struct admin_option payments_roll_options[] = {
	{"department", "CODE", N_("only this department's rolls"), false},
	{"centre", "CODE", N_("only this centre's rolls"), false},
	{NULL, NULL, NULL, false},
};
static const struct admin_option payments_reason_options[] = {
	{"reason", "TEXT", N_("why, as the department and the applicant will read it"), true},
	{NULL, NULL, NULL, false},
};
static const struct admin_option payments_account_options[] = {
	{"bank", "NAME", N_("the bank and branch of the account"), false},
	{NULL, NULL, NULL, false},
};
static const struct admin_option payments_encoding_options[] = {
	{"encoding", "ENC", N_("utf-8 (default) or gbk"), false},
	{NULL, NULL, NULL, false},
};
static const struct admin_option sms_send_options[] = {
	{"via", "COMMAND", N_("the gateway: number and text on its standard input"), true},
	{NULL, NULL, NULL, false},
};

static const struct admin_command commands[] = {
	{"init", NULL, "", 0, 0, init_options,
	 N_("set up or upgrade the central database (as a superuser)"), admin_init_prepare,
	 admin_init_run},
	{"migrate", NULL, "", 0, 0, NULL, N_("apply the schema migrations that are missing"), NULL,
	 cmd_migrate},
	{"demo", NULL, "", 0, 0, demo_options,
	 N_("load the demo county, centres, staff and households (once)"), NULL, cmd_demo},
	{"region", "add", "CODE NAME", 2, 2, region_add_options,
	 N_("add a province, city or county (GB/T 2260 code)"), NULL, admin_region_add},
	{"region", "list", "", 0, 0, NULL, N_("list the regions"), NULL, admin_region_list},
	{"centre", "add", "CODE NAME", 2, 2, centre_add_options,
	 N_("add a convenience centre of a county"), NULL, admin_centre_add},
	{"centre", "list", "", 0, 0, centre_list_options, N_("list the centres"), NULL,
	 admin_centre_list},
	{"centre", "rename", "CODE NAME", 2, 2, NULL, N_("give a centre a new name"), NULL,
	 admin_centre_rename},
	{"centre", "close", "CODE", 1, 1, NULL,
	 N_("close a centre that has no active staff left"), NULL, admin_centre_close},
	{"village", "add", "CODE NAME", 2, 2, village_add_options,
	 N_("add a village or community served by a centre (12-digit code)"), NULL,
	 admin_village_add},
	{"village", "list", "", 0, 0, village_list_options, N_("list the villages"), NULL,
	 admin_village_list},
	{"department", "add", "CODE NAME", 2, 2, department_add_options,
	 N_("add a department (the 13 of the one window come with the schema)"), NULL,
	 admin_department_add},
	{"department", "list", "", 0, 0, NULL, N_("list the departments"), NULL,
	 admin_department_list},
	{"user", "add", "LOGIN", 1, 1, user_add_options,
	 N_("add a staff login (asks for its password)"), admin_user_add_prepare, admin_user_add},
	{"user", "disable", "LOGIN", 1, 1, NULL, N_("stop a login (its history stays)"), NULL,
	 admin_user_disable},
	{"user", "passwd", "LOGIN", 1, 1, NULL, N_("set a login's password"),
	 admin_user_passwd_prepare, admin_user_passwd},
	{"user", "move", "LOGIN CENTRE", 2, 2, NULL, N_("move a login to another centre"), NULL,
	 admin_user_move},
	{"user", "number", "LOGIN NUMBER", 2, 2, NULL,
	 N_("set the staff number (工号) printed with a login's name"), NULL, admin_user_number},
	{"user", "list", "", 0, 0, NULL, N_("list the staff logins"), NULL, admin_user_list},
	{"calendar", "import", "FILE", 1, 1, NULL,
	 N_("load a year's public holidays and make-up working days"), NULL,
	 admin_calendar_import},
	{"calendar", "list", "", 0, 0, NULL,
	 N_("list the imported years; warn when the next 60 days are not covered"), NULL,
	 admin_calendar_list},
	{"catalogue", "import", "PATH...", 1, -1, NULL,
	 N_("check and import the benefit catalogue (all or nothing)"), NULL, cmd_catalogue},
	{"audit", "chain", "", 0, 0, audit_chain_options,
	 N_("link the audit entries waiting into the hash chain"), NULL, cmd_audit},
	{"audit", "verify", "", 0, 0, audit_verify_options,
	 N_("check the audit trail's hash chain (and that it passes through an anchor)"), NULL,
	 cmd_audit},
	{"audit", "anchor", "", 0, 0, NULL,
	 N_("print the chain's head, to be kept outside the database"), NULL, cmd_audit},
	{"discover", NULL, "", 0, 0, discover_options,
	 N_("match every household and record what it may claim (policy finds the person)"),
	 NULL, cmd_discover},
	{"data", "import", "SOURCE FILE", 2, 2, data_import_options,
	 N_("load a department's extract for verification (all or nothing)"), NULL, cmd_data},
	{"data", "sources", "", 0, 0, NULL, N_("list the data sources and their latest batch"),
	 NULL, cmd_data},
	{"case", "show", "CASE_NO", 1, 1, case_show_options,
	 N_("print a case seen whole: household, menu, report, decision, history"), NULL,
	 admin_case_show},
	{"case", "report", "CASE_NO", 1, 1, case_report_options,
	 N_("print a case's verification report again, exactly as stored"), NULL,
	 admin_case_report},
	{"case", "notice", "CASE_NO", 1, 1, NULL,
	 N_("print a case's decision notice again, exactly as stored"), NULL, admin_case_notice},
	{"recheck", "draw", "MONTH", 1, 1, recheck_draw_options,
	 N_("draw the month's random re-checks of commitment cases"), NULL, cmd_recheck},
	{"recheck", "show", "MONTH", 1, 1, NULL, N_("show a month's draw, redone from its seed"),
	 NULL, cmd_recheck},
	{"reviews", "changes", "", 0, 0, reviews_changes_options,
	 N_("re-evaluate the benefits the latest deaths, pensions and vehicles extracts touch; open "
	    "change reviews"),
	 NULL, cmd_reviews},
	{"reviews", "generate", "MONTH", 1, 1, NULL,
	 N_("open the periodic reviews of benefits in force due in a month (idempotent)"), NULL,
	 cmd_reviews},
	{"payments", "roll", "YYYY-MM", 1, 1, payments_roll_options,
	 N_("make the month's payment rolls (again, while not submitted)"), NULL, cmd_payments},
	{"payments", "list", "[YYYY-MM]", 0, 1, NULL, N_("list the payment rolls"), NULL,
	 cmd_payments},
	{"payments", "show", "ROLL", 1, 1, NULL, N_("print a payment roll to sign"), NULL,
	 cmd_payments},
	{"payments", "hold", "ROLL LINE", 2, 2, payments_reason_options,
	 N_("hold one payment of a draft or returned roll"), NULL, cmd_payments},
	{"payments", "release", "ROLL LINE", 2, 2, NULL, N_("release a payment held by hand"),
	 NULL, cmd_payments},
	{"payments", "account", "HOUSEHOLD ACCOUNT", 2, 2, payments_account_options,
	 N_("record or correct the account a household is paid into"), NULL, cmd_payments},
	{"payments", "submit", "ROLL", 1, 1, NULL, N_("send a payment roll to finance"), NULL,
	 cmd_payments},
	{"payments", "approve", "ROLL", 1, 1, NULL, N_("finance: approve a submitted roll"), NULL,
	 cmd_payments},
	{"payments", "return", "ROLL", 1, 1, payments_reason_options,
	 N_("finance: return a submitted roll to the department"), NULL, cmd_payments},
	{"payments", "export", "ROLL FILE", 2, 2, payments_encoding_options,
	 N_("finance: write an approved roll's bank file, once"), NULL, cmd_payments},
	{"payments", "results", "FILE", 1, 1, payments_encoding_options,
	 N_("finance: record the bank's results, all or nothing"), NULL, cmd_payments},
	{"sms", "send", "", 0, 0, sms_send_options,
	 N_("hand the pending text messages to the SMS gateway, each once"), NULL, cmd_sms},
	{"sms", "status", "", 0, 0, NULL, N_("count the text messages by state"), NULL, cmd_sms},
};
enum { N_COMMANDS = sizeof commands / sizeof commands[0] };

static void usage(FILE *out)
{
	fprintf(out, _("Usage: onedoor-admin [--config FILE] COMMAND [ARGS]\n"
		       "Set up and administer the onedoor database.\n"
		       "\n"
		       "Commands:\n"));
	for (int i = 0; i < N_COMMANDS; i++) {
		fputs("  ", out);
		admin_print_synopsis(out, &commands[i]);
		fprintf(out, "      %s\n", _(commands[i].summary));
	}
	fprintf(out, _("\n"
		       "Options:\n"
		       "  -c, --config FILE  configuration file (see onedoor.ini(5))\n"
		       "  -h, --help         show this help and exit\n"
		       "  -V, --version      show the version and exit\n"
		       "\n"
		       "COMMAND --help shows a command's options.  The database is the one\n"
		       "[database] names, reached as the PostgreSQL user of the environment\n"
		       "(PGUSER): a superuser for init, a member of onedoor_admin otherwise.\n"));
}

static void show_progress(const char *name, int index, int total, void *arg)
{
	(void)arg;
	printf(_("applying migration %d/%d: %s\n"), index + 1, total, name);
	fflush(stdout);
}

static int cmd_migrate(struct db *db, struct admin_args *a)
{
	(void)a;
	struct diag d;
	int applied;
	enum od_status st = migrate_apply(db, show_progress, NULL, &applied, &d);
	if (st != OD_OK)
		return admin_status(st, &d);
	if (applied == 0)
		printf(_("the schema is up to date\n"));
	else
		printf(_("%d migration(s) applied\n"), applied);
	/* On a superuser session the engine's functions too (as init does);
	 * the schema owner alone cannot create them. */
	st = migrate_engine(db, &d);
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

static int cmd_demo(struct db *db, struct admin_args *a)
{
	struct diag d;
	bool loaded;
	enum od_status st = migrate_load_demo(db, admin_arg(a, "force") != NULL, &loaded, &d);
	if (st != OD_OK)
		return admin_status(st, &d);
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
	struct diag d;
	const struct admin_command *command =
		admin_command_find(commands, N_COMMANDS, argc - optind, argv + optind, &d);
	if (!command) {
		fprintf(stderr, "onedoor-admin: %s\n", d.text);
		fprintf(stderr, _("Try onedoor-admin --help.\n"));
		return EXIT_USAGE;
	}
	/* Everything about the arguments is settled before connecting. */
	static struct admin_args args;
	switch (admin_args_parse(command, argc - optind, argv + optind, &args, &d)) {
	case 1:
		admin_print_command_help(stdout, command);
		return EXIT_OK;
	case -1:
		fprintf(stderr, "onedoor-admin: %s\n", d.text);
		admin_print_command_help(stderr, command);
		return EXIT_USAGE;
	default:
		break;
	}
	/* On a server the administrator's own file, /etc/onedoor/admin.ini,
	 * comes before the client's. */
	const char *env = getenv("ONEDOOR_CONFIG");
	char *admin_ini = xasprintf("%s/admin.ini", config_system_dir());
	if (!config_path && !(env && *env) && access(admin_ini, R_OK) == 0)
		config_path = admin_ini;
	struct od_config cfg;
	bool loaded = app_load_config(config_path, &cfg);
	free(admin_ini);
	if (!loaded)
		return EXIT_USAGE;
	/* Messages follow LC_MESSAGES / LANG unless the file names a language. */
	if (cfg.language_set)
		app_set_language(cfg.language);
	if (command->prepare && !command->prepare(&args, &d)) {
		fprintf(stderr, "onedoor-admin: %s\n", d.text);
		config_clear(&cfg);
		return EXIT_USAGE;
	}
	struct db *db = NULL;
	int rc;
	db_show_server_words(true);
	enum od_status st = db_connect(cfg.conninfo, NULL, NULL, "onedoor-admin", &db, &d);
	/* As psql does: a password the server wants and ~/.pgpass lacks is
	 * asked for on the terminal. */
	char password[ADMIN_SECRET_SIZE];
	if (st == OD_ERR_DENIED && admin_ask_secret(_("Password for the database login: "),
						    password, sizeof password)) {
		st = db_connect(cfg.conninfo, NULL, password, "onedoor-admin", &db, &d);
		memset(password, 0, sizeof password);
	}
	if (st != OD_OK) {
		fprintf(stderr, "onedoor-admin: %s\n", d.text);
		rc = EXIT_FAILURE_RUN;
	} else {
		rc = command->run(db, &args);
	}
	memset(args.secret, 0, sizeof args.secret);
	db_close(&db);
	config_clear(&cfg);
	return rc;
}
