/* admin_init.c - `onedoor-admin init`: set up or upgrade the central database.
 *
 * A county administrator runs it as a PostgreSQL superuser (as the
 * postgres system user: `su postgres -c 'onedoor-admin init ...'`) on an
 * existing server, once and again after every upgrade of the package.  Each
 * step looks before it acts, so a second run reports "present" everywhere
 * and changes nothing:
 *   1. PostgreSQL 13 or newer, a superuser session;
 *   2. the group roles and the schema owner (NOLOGIN: nobody logs in as the
 *      owner; its SECURITY DEFINER functions do the writes);
 *   3. the schema, owned by the owner, and the migrations applied with SET
 *      ROLE so that every object belongs to the owner, not to the superuser
 *      (what a `migrate` run as postgres left is given to the owner first);
 *   4. the shipped calendar years and catalogue, only where the database has
 *      none: afterwards the county's own imports are authoritative;
 *   5. jit off for the database;
 *   6. the first administrator login, per-login timeouts where a login has
 *      none;
 *   7. advisory locks (pg_advisory_*) taken from PUBLIC in this database;
 *   8. the engine's functions from the server module (postgresql-NN-onedoor).
 * The statements are in src/db/server_setup.c. */
#include "onedoor/admin_init.h"

#include "onedoor/admin_directory.h"
#include "onedoor/admin_engine.h"
#include "onedoor/admin_workflow.h"
#include "onedoor/app.h"
#include "onedoor/calendar_file.h"
#include "onedoor/i18n.h"
#include "onedoor/migrate.h"
#include "onedoor/server_setup.h"
#include "onedoor/store_admin.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const groups[] = {"onedoor_clerk",    "onedoor_verifier", "onedoor_supervisor",
				     "onedoor_approver", "onedoor_auditor",  "onedoor_admin",
				     "onedoor_coordinator", "onedoor_finance"};
enum { N_GROUPS = sizeof groups / sizeof groups[0] };

/* Statement timeouts per group: the window's statements are short; reports
 * and the audit check read much more. */
static const struct {
	const char *group, *timeout;
} group_timeouts[] = {
	{"clerk", "30s"},     {"verifier", "30s"}, {"approver", "30s"},
	{"supervisor", "5min"}, {"auditor", "5min"}, {"admin", "5min"},
	{"coordinator", "30s"},
	{"finance", "5min"},
};

struct init_opts {
	const char *owner, *admin, *name, *county, *idle_timeout, *statement_timeout;
	bool owner_given;
};

static bool ok(enum od_status st)
{
	return st == OD_OK;
}

/* Group roles and the owner.  An existing schema keeps its owner when that
 * is an ordinary role and --owner was not given; a superuser owner (a
 * `migrate` run as postgres) is replaced by the intended one. */
static bool ensure_roles(struct db *db, struct init_opts *o, int version, struct diag *d)
{
	int created = 0;
	for (int i = 0; i < N_GROUPS; i++) {
		bool exists;
		if (!ok(setup_role_exists(db, groups[i], &exists, d)) ||
		    (!exists && !ok(setup_create_role(db, groups[i], false, d))))
			return false;
		created += !exists;
	}
	printf(_("group roles: %d created, %d present\n"), created, N_GROUPS - created);

	static char schema_owner[128];
	bool owner_super;
	if (!ok(setup_schema_owner(db, schema_owner, sizeof schema_owner, &owner_super, d)))
		return false;
	if (*schema_owner && strcmp(schema_owner, o->owner) != 0) {
		if (owner_super) {
			printf(_("schema onedoor belongs to the superuser %s: given to %s\n"),
			       schema_owner, o->owner);
		} else if (o->owner_given) {
			diag_set(d, OD_ERR_VALUE,
				 _("the schema onedoor belongs to %s, not %s; run init with "
				   "--owner %s"),
				 schema_owner, o->owner, schema_owner);
			return false;
		} else {
			/* Still given CREATEROLE below: its functions create the logins. */
			printf(_("schema owner: %s (the owner of the existing schema)\n"),
			       schema_owner);
			o->owner = schema_owner;
		}
	}
	bool exists;
	if (!ok(setup_role_exists(db, o->owner, &exists, d)))
		return false;
	/* CREATEROLE: staff_add and staff_disable, SECURITY DEFINER functions
	 * of the owner, create and alter the staff logins. */
	if (!ok(exists ? setup_allow_createrole(db, o->owner, d)
		       : setup_create_role(db, o->owner, true, d)))
		return false;
	/* From PostgreSQL 16 CREATEROLE alone no longer lets a role grant
	 * membership in roles it did not create: give it ADMIN on the groups. */
	for (int i = 0; version >= 160000 && i < N_GROUPS; i++)
		if (!ok(setup_grant_admin_option(db, groups[i], o->owner, d)))
			return false;
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

/* What another role owns in an existing schema is given to the owner
 * first, so that the owner can migrate it. */
static bool migrate_as_owner(struct db *db, const char *owner, struct diag *d)
{
	int applied, changed;
	if (!ok(setup_fix_ownership(db, owner, &changed, d)))
		return false;
	if (changed > 0)
		printf(_("ownership: %d object(s) given to %s\n"), changed, owner);
	if (!ok(setup_become_owner(db, owner, d)) ||
	    !ok(migrate_apply(db, show_progress, NULL, &applied, d)))
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
	bool good = true;
	for (size_t i = 0; good && i < g.gl_pathc; i++) {
		struct calendar_file *f = NULL;
		if (!ok(calendar_file_load(g.gl_pathv[i], &f, d))) {
			good = false;
			break;
		}
		int year = f->year, days;
		calendar_file_free(&f);
		good = ok(store_calendar_year_days(db, year, &days, d));
		if (good && days > 0)
			printf(_("calendar %d: present, kept\n"), year);
		else if (good && admin_calendar_import_file(db, g.gl_pathv[i]) != EXIT_OK)
			good = !diag_set(d, OD_ERR_DB, _("calendar %d: import failed"), year);
	}
	globfree(&g);
	return good;
}

/* The shipped catalogue, when the database has none.  Its departments come
 * with the schema (migration 0022). */
static bool import_catalogue(struct db *db, struct diag *d)
{
	int n;
	if (!ok(setup_catalogue_items(db, &n, d)))
		return false;
	if (n > 0) {
		printf(_("catalogue: %d item(s) present, kept\n"), n);
		return true;
	}
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/conf/catalogue", app_data_dir());
	char *args[] = {(char *)"catalogue", (char *)"import", dir, NULL};
	if (admin_catalogue_run(db, 3, args) != EXIT_OK)
		return !diag_set(d, OD_ERR_DB, _("catalogue: import failed"));
	return true;
}

static bool complete_server(struct db *db, struct diag *d)
{
	bool jit;
	if (!ok(setup_jit_off(db, &jit, d)))
		return false;
	printf(jit ? _("jit: turned off for this database\n")
		   : _("jit: set for this database already, kept\n"));
	return true;
}

static bool set_timeouts(struct db *db, const struct init_opts *o, struct diag *d)
{
	struct db_result *r = NULL;
	if (!ok(setup_staff_logins(db, &r, d)))
		return false;
	int changed = 0;
	bool good = true;
	for (int i = 0; good && i < db_rows(r); i++) {
		const char *group = db_value(r, i, "role_group");
		const char *timeout = o->statement_timeout;
		for (size_t k = 0; !timeout && k < sizeof group_timeouts / sizeof group_timeouts[0];
		     k++)
			if (strcmp(group_timeouts[k].group, group) == 0)
				timeout = group_timeouts[k].timeout;
		bool a = false, b = false;
		good = ok(setup_role_default(db, db_value(r, i, "role_name"), "statement_timeout",
					     timeout ? timeout : "30s", &a, d)) &&
		       ok(setup_role_default(db, db_value(r, i, "role_name"),
					     "idle_in_transaction_session_timeout", o->idle_timeout,
					     &b, d));
		changed += a || b;
	}
	if (good)
		printf(_("session timeouts: set for %d login(s), %d kept as they were\n"), changed,
		       db_rows(r) - changed);
	db_result_free(&r);
	return good;
}

static bool add_admin(struct db *db, const struct init_opts *o, struct diag *d)
{
	if (!o->admin) {
		int n;
		if (!ok(setup_admin_count(db, &n, d)))
			return false;
		if (n == 0)
			printf(_("no administrator login yet: add the county (region add), then run "
				 "init again with --admin LOGIN --name NAME --county CODE\n"));
		return true;
	}
	bool exists;
	if (!ok(store_staff_exists(db, o->admin, &exists, d)))
		return false;
	if (exists) {
		printf(_("administrator %s: present\n"), o->admin);
		return true;
	}
	/* Asked only now: a re-run with the administrator present needs none. */
	char password[ADMIN_SECRET_SIZE];
	if (!admin_read_password(password, sizeof password, d))
		return false;
	enum od_status st = store_staff_add(db, o->admin, o->name, "admin", NULL, o->county,
					    NULL, NULL, password, d);
	memset(password, 0, sizeof password);
	if (!ok(st))
		return false;
	printf(_("administrator %s: added\n"), o->admin);
	return true;
}

bool admin_init_prepare(struct admin_args *a, struct diag *d)
{
	const char *admin = admin_arg(a, "admin");
	if (admin && !admin_arg(a, "name"))
		return !diag_set(d, OD_ERR_USAGE, _("--admin needs --name"));
	if (!admin && (admin_arg(a, "name") || admin_arg(a, "county")))
		return !diag_set(d, OD_ERR_USAGE, _("--name and --county go with --admin"));
	return !admin || admin_login_name_ok(admin, d);
}

int admin_init_run(struct db *db, struct admin_args *a)
{
	struct init_opts o = {
		.owner = admin_arg(a, "owner") ? admin_arg(a, "owner") : "onedoor_owner",
		.owner_given = admin_arg(a, "owner") != NULL,
		.admin = admin_arg(a, "admin"),
		.name = admin_arg(a, "name"),
		.county = admin_arg(a, "county"),
		.statement_timeout = admin_arg(a, "statement-timeout"),
		.idle_timeout = admin_arg(a, "idle-timeout") ? admin_arg(a, "idle-timeout") : "60s",
	};
	struct diag d;
	int version;
	bool super;
	if (!ok(setup_server(db, &version, &super, &d)))
		return admin_status(OD_ERR_DB, &d);
	if (version < 130000) {
		diag_set(&d, OD_ERR_DB, _("PostgreSQL 13 or newer is needed (this server is %d)"),
			 version);
		return admin_status(OD_ERR_DB, &d);
	}
	if (!super) {
		diag_set(&d, OD_ERR_DENIED,
			 _("init needs a superuser session: run it as the postgres system user, "
			   "e.g. su postgres -c 'onedoor-admin init'"));
		return admin_status(OD_ERR_DENIED, &d);
	}
	/* Migrations and imports may take longer than any timeout the
	 * superuser has set for itself. */
	if (!ok(setup_no_timeout(db, &d)) || !ensure_roles(db, &o, version, &d) ||
	    !migrate_as_owner(db, o.owner, &d) || !import_calendars(db, &d) ||
	    !import_catalogue(db, &d) || !ok(setup_reset_role(db, &d)) ||
	    !complete_server(db, &d) || !add_admin(db, &o, &d) ||
	    !set_timeouts(db, &o, &d) || !ok(setup_restrict_advisory_locks(db, &d)))
		return admin_status(OD_ERR_DB, &d);
	/* Last: without the server module everything else is still in place,
	 * and the message says which package to install. */
	if (!ok(migrate_engine(db, &d)))
		return admin_status(OD_ERR_DB, &d);
	printf(_("engine functions: created from the server module onedoor_engine\n"));
	admin_calendar_warn(db);
	printf(_("the database is ready\n"));
	return EXIT_OK;
}
