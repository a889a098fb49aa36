/* admin_init.c - `onedoor-admin init`: set up or upgrade the central database.
 *
 * A county administrator runs it as a PostgreSQL superuser (`sudo -u
 * postgres onedoor-admin init ...`) on an existing server, once and again
 * after every upgrade of the package.  Each step looks before it acts, so a
 * second run reports "present" everywhere and changes nothing:
 *   1. PostgreSQL 13 or newer, a superuser session;
 *   2. the group roles and the schema owner (NOLOGIN: nobody logs in as the
 *      owner; its SECURITY DEFINER functions do the writes);
 *   3. the schema, owned by the owner, and the migrations applied with SET
 *      ROLE so that every object belongs to the owner, not to the superuser;
 *   4. the shipped calendar years and catalogue, only where the database has
 *      none: afterwards the county's own imports are authoritative;
 *   5. per-login timeouts, only where a login has none;
 *   6. the first administrator login;
 *   7. advisory locks (pg_advisory_*) taken from PUBLIC in this database.
 * DDL names are quoted by the server (format('%I')), never pasted in C. */
#include "onedoor/admin_init.h"

#include "onedoor/admin_engine.h"
#include "onedoor/admin_workflow.h"
#include "onedoor/app.h"
#include "onedoor/calendar_file.h"
#include "onedoor/i18n.h"
#include "onedoor/migrate.h"

#include <getopt.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const groups[] = {"onedoor_clerk",    "onedoor_verifier", "onedoor_supervisor",
				     "onedoor_approver", "onedoor_auditor",  "onedoor_admin"};

/* Statement timeouts per group: the window's statements are short; reports
 * and the audit check read much more. */
static const struct {
	const char *group, *timeout;
} group_timeouts[] = {
	{"clerk", "30s"},     {"verifier", "30s"}, {"approver", "30s"},
	{"supervisor", "5min"}, {"auditor", "5min"}, {"admin", "5min"},
};

struct init_opts {
	const char *owner, *admin, *name, *county, *idle_timeout, *statement_timeout;
	bool owner_given;
};

static int fail(const struct diag *d)
{
	fprintf(stderr, "onedoor-admin: %s\n", d->text);
	return EXIT_FAILURE_RUN;
}

/* One value of a one-row query ("" when no row); false on error. */
static bool query_value(struct db *db, const char *sql, int n, const char *const *params,
			char *out, size_t size, struct diag *d)
{
	struct db_result *r = NULL;
	if (db_exec(db, sql, n, params, &r, d) != OD_OK)
		return false;
	snprintf(out, size, "%s", db_rows(r) > 0 ? db_value(r, 0, "v") : "");
	db_result_free(&r);
	return true;
}

/* Runs the statement that `builder` (a SELECT format(...) AS v) returns. */
static bool exec_built(struct db *db, const char *builder, int n, const char *const *params,
		       struct diag *d)
{
	char sql[1024];
	return query_value(db, builder, n, params, sql, sizeof sql, d) &&
	       db_exec(db, sql, 0, NULL, NULL, d) == OD_OK;
}

static bool role_exists(struct db *db, const char *role, bool *exists, struct diag *d)
{
	char v[8];
	const char *p[] = {role};
	if (!query_value(db, "SELECT count(*) AS v FROM pg_roles WHERE rolname = $1", 1, p, v,
			 sizeof v, d))
		return false;
	*exists = strcmp(v, "0") != 0;
	return true;
}

static bool check_server(struct db *db, int *version, struct diag *d)
{
	struct db_result *r = NULL;
	if (db_exec(db,
		    "SELECT current_setting('server_version_num') AS version, "
		    "       rolsuper::text AS super FROM pg_roles WHERE rolname = current_user",
		    0, NULL, &r, d) != OD_OK)
		return false;
	*version = atoi(db_value(r, 0, "version"));
	bool super = strcmp(db_value(r, 0, "super"), "true") == 0;
	db_result_free(&r);
	if (*version < 130000) {
		diag_set(d, OD_ERR_DB, _("PostgreSQL 13 or newer is needed (this server is %d)"),
			 *version);
		return false;
	}
	if (!super) {
		diag_set(d, OD_ERR_DENIED,
			 _("init needs a superuser session, e.g. sudo -u postgres onedoor-admin init"));
		return false;
	}
	return true;
}

/* Group roles and the owner.  An existing schema keeps its owner: when
 * --owner was not given, that owner is adopted. */
static bool ensure_roles(struct db *db, struct init_opts *o, int version, struct diag *d)
{
	int created = 0;
	for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++) {
		bool exists;
		const char *p[] = {groups[i]};
		if (!role_exists(db, groups[i], &exists, d))
			return false;
		if (!exists && !exec_built(db, "SELECT format('CREATE ROLE %I NOLOGIN', $1::text) AS v",
					   1, p, d))
			return false;
		created += !exists;
	}
	printf(_("group roles: %d created, %d present\n"), created,
	       (int)(sizeof groups / sizeof groups[0]) - created);

	static char schema_owner[128];
	if (!query_value(db,
			 "SELECT nspowner::regrole::text AS v FROM pg_namespace "
			 "WHERE nspname = 'onedoor'",
			 0, NULL, schema_owner, sizeof schema_owner, d))
		return false;
	if (*schema_owner && strcmp(schema_owner, o->owner) != 0) {
		if (o->owner_given) {
			diag_set(d, OD_ERR_VALUE,
				 _("the schema onedoor belongs to %s, not %s; run init with "
				   "--owner %s"),
				 schema_owner, o->owner, schema_owner);
			return false;
		}
		/* Still given CREATEROLE below: its functions create the logins. */
		printf(_("schema owner: %s (the owner of the existing schema)\n"), schema_owner);
		o->owner = schema_owner;
	}
	bool exists;
	const char *p[] = {o->owner};
	if (!role_exists(db, o->owner, &exists, d))
		return false;
	/* CREATEROLE: staff_add and staff_disable, SECURITY DEFINER functions
	 * of the owner, create and alter the staff logins. */
	if (!exec_built(db,
			exists ? "SELECT format('ALTER ROLE %I CREATEROLE', $1::text) AS v"
			       : "SELECT format('CREATE ROLE %I NOLOGIN CREATEROLE', $1::text) AS v",
			1, p, d))
		return false;
	/* From PostgreSQL 16 CREATEROLE alone no longer lets a role grant
	 * membership in roles it did not create: give it ADMIN on the groups. */
	for (size_t i = 0; version >= 160000 && i < sizeof groups / sizeof groups[0]; i++) {
		const char *pg[] = {groups[i], o->owner};
		if (!exec_built(db, "SELECT format('GRANT %I TO %I WITH ADMIN OPTION', $1::text, $2::text) AS v",
				2, pg, d))
			return false;
	}
	printf(exists ? _("schema owner %s: present\n") : _("schema owner %s: created\n"),
	       o->owner);
	return true;
}

static void show_progress(const char *name, int index, int total, void *arg)
{
	(void)arg;
	printf(_("applying migration %d/%d: %s\n"), index + 1, total, name);
	fflush(stdout);
}

static bool migrate_as_owner(struct db *db, const char *owner, struct diag *d)
{
	const char *p[] = {owner};
	/* CREATE on the database: migrate_apply says CREATE SCHEMA IF NOT
	 * EXISTS, which PostgreSQL checks before it sees the schema exists. */
	if (!exec_built(db, "SELECT format('CREATE SCHEMA IF NOT EXISTS onedoor AUTHORIZATION %I',"
			    " $1::text) AS v",
			1, p, d) ||
	    !exec_built(db, "SELECT format('GRANT CREATE ON DATABASE %I TO %I', "
			    "current_database(), $1::text) AS v",
			1, p, d) ||
	    !exec_built(db, "SELECT format('SET ROLE %I', $1::text) AS v", 1, p, d))
		return false;
	int applied;
	if (migrate_apply(db, show_progress, NULL, &applied, d) != OD_OK)
		return false;
	if (applied == 0)
		printf(_("the schema is up to date\n"));
	else
		printf(_("%d migration(s) applied\n"), applied);
	return true;
}

/* Each shipped year the database has no days of. */
static bool import_calendars(struct db *db, struct diag *d)
{
	char pattern[4096];
	snprintf(pattern, sizeof pattern, "%s/conf/calendar/*.ini", app_data_dir());
	glob_t g;
	if (glob(pattern, 0, NULL, &g) != 0) {
		printf(_("calendar: no calendar files in %s\n"), pattern);
		return true;
	}
	bool ok = true;
	for (size_t i = 0; ok && i < g.gl_pathc; i++) {
		struct calendar_file *f = NULL;
		if (calendar_file_load(g.gl_pathv[i], &f, d) != OD_OK) {
			ok = false;
			break;
		}
		char year[16], n[16];
		snprintf(year, sizeof year, "%d", f->year);
		calendar_file_free(&f);
		const char *p[] = {year};
		ok = query_value(db,
				 "SELECT count(*) AS v FROM onedoor.calendar_days "
				 "WHERE day >= make_date($1::int, 1, 1) "
				 "AND day < make_date($1::int + 1, 1, 1)",
				 1, p, n, sizeof n, d);
		if (ok && strcmp(n, "0") != 0) {
			printf(_("calendar %s: present, kept\n"), year);
		} else if (ok) {
			char *args[] = {(char *)"calendar", (char *)"import", g.gl_pathv[i], NULL};
			if (admin_calendar_run(db, 3, args) != EXIT_OK)
				ok = !diag_set(d, OD_ERR_DB, _("calendar %s: import failed"), year);
		}
	}
	globfree(&g);
	return ok;
}

/* The departments the shipped catalogue's items belong to (the 13 of the
 * Dachuan platform, as in the demo data).  They are reference data the
 * catalogue needs; a county renames or adds its own with SQL afterwards.
 * TODO: move this list into a migration so that demo.sql and init share it. */
static const char departments_sql[] =
	"INSERT INTO onedoor.departments (code, name_zh, name_en) VALUES "
	"('civil_affairs', '民政局', 'Civil Affairs'), "
	"('education', '教育局', 'Education'), "
	"('housing', '住房和城乡建设局', 'Housing and Urban-Rural Development'), "
	"('hrss', '人力资源和社会保障局', 'Human Resources and Social Security'), "
	"('health', '卫生健康局', 'Health'), "
	"('medical_insurance', '医疗保障局', 'Medical Insurance'), "
	"('disabled_federation', '残疾人联合会', 'Disabled Persons'' Federation'), "
	"('trade_union', '总工会', 'Trade Union'), "
	"('red_cross', '红十字会', 'Red Cross'), "
	"('youth_league', '共青团', 'Youth League'), "
	"('womens_federation', '妇女联合会', 'Women''s Federation'), "
	"('justice', '司法局', 'Justice'), "
	"('rural_revitalisation', '乡村振兴局', 'Rural Revitalisation') "
	"ON CONFLICT (code) DO NOTHING";

static bool import_catalogue(struct db *db, struct diag *d)
{
	char n[16];
	if (!query_value(db, "SELECT count(*) AS v FROM onedoor.catalogue_items", 0, NULL, n,
			 sizeof n, d))
		return false;
	if (strcmp(n, "0") != 0) {
		printf(_("catalogue: %s item(s) present, kept\n"), n);
		return true;
	}
	if (db_exec(db, departments_sql, 0, NULL, NULL, d) != OD_OK)
		return false;
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/conf/catalogue", app_data_dir());
	char *args[] = {(char *)"catalogue", (char *)"import", dir, NULL};
	if (admin_catalogue_run(db, 3, args) != EXIT_OK)
		return !diag_set(d, OD_ERR_DB, _("catalogue: import failed"));
	return true;
}

/* Sets `name` for the login in this database unless it has a value. */
static bool set_if_unset(struct db *db, const char *role, const char *name, const char *value,
			 bool *set, struct diag *d)
{
	char n[16];
	const char *p[] = {role, name, value};
	*set = false;
	if (!query_value(db,
			 "SELECT count(*) AS v FROM pg_db_role_setting s, unnest(s.setconfig) c "
			 "WHERE s.setrole = $1::regrole AND s.setdatabase = "
			 "  (SELECT oid FROM pg_database WHERE datname = current_database()) "
			 "AND c LIKE $2::text || '=%'",
			 2, p, n, sizeof n, d))
		return false;
	if (strcmp(n, "0") != 0)
		return true;
	*set = true;
	return exec_built(db,
			  "SELECT format('ALTER ROLE %I IN DATABASE %I SET %s = %L', $1::text, "
			  "current_database(), $2::text, $3::text) AS v",
			  3, p, d);
}

static bool set_timeouts(struct db *db, const struct init_opts *o, struct diag *d)
{
	struct db_result *r = NULL;
	if (db_exec(db,
		    "SELECT s.role_name, s.role_group FROM onedoor.staff s "
		    "JOIN pg_roles r ON r.rolname = s.role_name ORDER BY s.role_name",
		    0, NULL, &r, d) != OD_OK)
		return false;
	int changed = 0;
	bool ok = true;
	for (int i = 0; ok && i < db_rows(r); i++) {
		const char *group = db_value(r, i, "role_group");
		const char *timeout = o->statement_timeout;
		for (size_t k = 0; !timeout && k < sizeof group_timeouts / sizeof group_timeouts[0];
		     k++)
			if (strcmp(group_timeouts[k].group, group) == 0)
				timeout = group_timeouts[k].timeout;
		bool a = false, b = false;
		ok = set_if_unset(db, db_value(r, i, "role_name"), "statement_timeout",
				  timeout ? timeout : "30s", &a, d) &&
		     set_if_unset(db, db_value(r, i, "role_name"),
				  "idle_in_transaction_session_timeout", o->idle_timeout, &b, d);
		changed += a || b;
	}
	if (ok)
		printf(_("session timeouts: set for %d login(s), %d kept as they were\n"), changed,
		       db_rows(r) - changed);
	db_result_free(&r);
	return ok;
}

static bool add_admin(struct db *db, const struct init_opts *o, struct diag *d)
{
	char n[16];
	if (!o->admin) {
		if (!query_value(db,
				 "SELECT count(*) AS v FROM onedoor.staff "
				 "WHERE role_group = 'admin' AND active",
				 0, NULL, n, sizeof n, d))
			return false;
		if (strcmp(n, "0") == 0)
			printf(_("no administrator login yet: run init again with --admin LOGIN "
				 "--name NAME\n"));
		return true;
	}
	const char *p[] = {o->admin};
	if (!query_value(db, "SELECT count(*) AS v FROM onedoor.staff WHERE role_name = $1", 1,
			 p, n, sizeof n, d))
		return false;
	if (strcmp(n, "0") != 0) {
		printf(_("administrator %s: present\n"), o->admin);
		return true;
	}
	/* admin_user_run takes a command line; nothing writes to these strings. */
	char *args[] = {(char *)"user",    (char *)"add",   (char *)o->admin,
			(char *)"--name",  (char *)o->name, (char *)"--group",
			(char *)"admin",   (char *)"--county", (char *)o->county, NULL};
	int argc = *o->county ? 9 : 7;
	args[argc] = NULL;
	if (admin_user_run(db, argc, args) != EXIT_OK)
		return !diag_set(d, OD_ERR_DB, _("the administrator login was not added"));
	return true;
}

static int usage_init(void)
{
	fprintf(stderr, _("usage: onedoor-admin init [--owner ROLE] [--admin LOGIN --name NAME "
			  "[--county CODE]] [--statement-timeout T] [--idle-timeout T]\n"));
	return EXIT_USAGE;
}

int admin_init_run(struct db *db, int argc, char **argv)
{
	static const struct option options[] = {
		{"owner", required_argument, NULL, 'o'},
		{"admin", required_argument, NULL, 'a'},
		{"name", required_argument, NULL, 'n'},
		{"county", required_argument, NULL, 'y'},
		{"statement-timeout", required_argument, NULL, 's'},
		{"idle-timeout", required_argument, NULL, 'i'},
		{NULL, 0, NULL, 0},
	};
	struct init_opts o = {.owner = "onedoor_owner", .county = "", .idle_timeout = "60s"};
	int opt;
	optind = 0; /* glibc: re-initialise, main() parsed with "+" */
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 'o': o.owner = optarg; o.owner_given = true; break;
		case 'a': o.admin = optarg; break;
		case 'n': o.name = optarg; break;
		case 'y': o.county = optarg; break;
		case 's': o.statement_timeout = optarg; break;
		case 'i': o.idle_timeout = optarg; break;
		default: return usage_init();
		}
	}
	if (optind != argc || (o.admin && !o.name))
		return usage_init();

	struct diag d;
	int version;
	if (!check_server(db, &version, &d))
		return fail(&d);
	/* Migrations and imports may take longer than any timeout the
	 * superuser has set for itself. */
	if (db_exec(db, "SET statement_timeout = 0", 0, NULL, NULL, &d) != OD_OK ||
	    !ensure_roles(db, &o, version, &d) || !migrate_as_owner(db, o.owner, &d) ||
	    !import_calendars(db, &d) || !import_catalogue(db, &d) || !add_admin(db, &o, &d) ||
	    db_exec(db, "RESET ROLE", 0, NULL, NULL, &d) != OD_OK || !set_timeouts(db, &o, &d) ||
	    /* As the superuser: the owner may not change pg_catalog's ACLs. */
	    db_exec(db, "SELECT onedoor.restrict_advisory_locks()", 0, NULL, NULL, &d) != OD_OK)
		return fail(&d);
	/* Last: without the server module everything else is still in place,
	 * and the message says which package to install. */
	if (migrate_engine(db, &d) != OD_OK)
		return fail(&d);
	printf(_("engine functions: created from the server module onedoor_engine\n"));
	printf(_("the database is ready\n"));
	return EXIT_OK;
}
