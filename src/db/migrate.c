/* migrate.c - apply embedded migrations once each. */
#include "onedoor/migrate.h"

#include "onedoor/i18n.h"
#include "onedoor/sql_embedded.h"
#include "onedoor/store_admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Any constant will do; it only has to be the same in every copy. */
#define MIGRATE_LOCK_KEY "7346151022"

static enum od_status run(struct db *db, const char *sql, struct diag *d)
{
	return db_exec(db, sql, 0, NULL, NULL, d);
}

static void rollback(struct db *db)
{
	struct diag ignored;
	run(db, "ROLLBACK", &ignored);
}

enum od_status migrate_apply(struct db *db, migrate_progress_fn progress, void *arg,
			     int *applied, struct diag *d)
{
	*applied = 0;
	enum od_status st = db_exec_script(db,
				"CREATE SCHEMA IF NOT EXISTS onedoor;"
				"CREATE TABLE IF NOT EXISTS onedoor.schema_migrations ("
				" name text PRIMARY KEY,"
				" applied_at timestamptz NOT NULL DEFAULT now(),"
				" applied_by name NOT NULL DEFAULT session_user)",
				d);
	if (st != OD_OK)
		return st;
	for (int i = 0; i < sql_migration_count; i++) {
		const struct sql_file *m = &sql_migrations[i];
		if ((st = run(db, "BEGIN", d)) != OD_OK)
			return st;
		struct db_result *r = NULL;
		const char *params[] = {m->name};
		st = db_exec(db, "SELECT pg_advisory_xact_lock(" MIGRATE_LOCK_KEY ")", 0, NULL,
			     NULL, d);
		if (st == OD_OK)
			st = db_exec(db,
				     "SELECT count(*) AS n FROM onedoor.schema_migrations "
				     "WHERE name = $1",
				     1, params, &r, d);
		bool done = st == OD_OK && strcmp(db_value(r, 0, "n"), "0") != 0;
		db_result_free(&r);
		if (st == OD_OK && !done) {
			if (progress)
				progress(m->name, i, sql_migration_count, arg);
			st = db_exec_script(db, m->text, d);
			if (st != OD_OK) {
				char why[sizeof d->text];
				snprintf(why, sizeof why, "%s", d ? d->text : "");
				diag_set(d, st, _("migration %s failed: %s"), m->name, why);
			}
			if (st == OD_OK)
				st = db_exec(db, "INSERT INTO onedoor.schema_migrations (name) VALUES ($1)",
					     1, params, NULL, d);
		}
		if (st != OD_OK) {
			rollback(db);
			return st;
		}
		if ((st = run(db, "COMMIT", d)) != OD_OK)
			return st;
		*applied += !done;
	}
	return OD_OK;
}

/* One text value of a one-row query, into out. */
static enum od_status query_text(struct db *db, const char *sql, char *out, size_t size,
				 struct diag *d)
{
	struct db_result *r = NULL;
	enum od_status st = db_exec(db, sql, 0, NULL, &r, d);
	if (st == OD_OK)
		snprintf(out, size, "%s", db_rows(r) == 1 ? db_value(r, 0, "v") : "");
	db_result_free(&r);
	return st;
}

enum od_status migrate_engine(struct db *db, struct diag *d)
{
	char super[8], major[8];
	enum od_status st = query_text(db, "SELECT current_setting('is_superuser') AS v", super,
				       sizeof super, d);
	if (st == OD_OK)
		st = query_text(db, "SELECT current_setting('server_version_num')::int / 10000 AS v",
				major, sizeof major, d);
	if (st != OD_OK)
		return st;
	if (strcmp(super, "on") != 0)
		return diag_set(d, OD_ERR_DENIED,
				_("the engine's functions can only be created on a superuser session "
				  "(su postgres -c 'onedoor-admin init')"));
	if ((st = run(db, "BEGIN", d)) != OD_OK)
		return st;
	st = db_exec_script(db, sql_engine, d);
	if (st != OD_OK) {
		/* 58P01: the server could not find onedoor_engine.so. */
		bool missing = strcmp(db_last_sqlstate(db), "58P01") == 0;
		rollback(db);
		if (missing)
			return diag_set(d, OD_ERR_NOT_FOUND,
					_("the database server has no onedoor engine module: install "
					  "the package postgresql-%s-onedoor on the database server, "
					  "then run onedoor-admin init again"),
					major);
		return st;
	}
	return run(db, "COMMIT", d);
}

enum od_status migrate_load_demo(struct db *db, bool force, bool *loaded, struct diag *d)
{
	*loaded = false;
	struct db_result *r = NULL;
	enum od_status st = run(db, "BEGIN", d);
	if (st == OD_OK)
		st = db_exec(db, "SELECT pg_advisory_xact_lock(" MIGRATE_LOCK_KEY ")", 0, NULL, NULL,
			     d);
	/* The demo adds logins whose password is "onedoor": not beside real
	 * people unless the administrator insists. */
	if (st == OD_OK && !force) {
		st = db_exec(db,
			     "SELECT count(*) AS n FROM onedoor.staff "
			     "WHERE role_name NOT LIKE 'demo\\_%'",
			     0, NULL, &r, d);
		int real = st == OD_OK ? atoi(db_value(r, 0, "n")) : 0;
		db_result_free(&r);
		if (real > 0)
			st = diag_set(d, OD_ERR_DENIED,
				      _("this database has %d staff login(s) of real people; the demo "
					"adds logins whose password is \"onedoor\" (use --force to "
					"load it anyway)"),
				      real);
	}
	if (st == OD_OK)
		st = db_exec(db,
			     "SELECT count(*) AS n FROM onedoor.centres WHERE code = '511703001'", 0,
			     NULL, &r, d);
	bool present = st == OD_OK && strcmp(db_value(r, 0, "n"), "0") != 0;
	db_result_free(&r);
	if (st == OD_OK && !present) {
		st = db_exec_script(db, sql_demo, d);
		*loaded = st == OD_OK;
	}
	if (st != OD_OK) {
		rollback(db);
		return st;
	}
	return run(db, "COMMIT", d);
}

/* The migrations named in the rows of `part` of r against this program's. */
static void compare(const struct db_result *r, const char *part, const char **missing,
		    int *unknown)
{
	*missing = NULL;
	*unknown = 0;
	int known = 0, listed = 0;
	for (int k = 0; k < db_rows(r); k++)
		listed += db_row_in(r, k, part);
	for (int i = 0; i < sql_migration_count && !*missing; i++) {
		bool found = false;
		for (int k = 0; k < db_rows(r) && !found; k++)
			found = db_row_in(r, k, part) &&
				strcmp(db_value(r, k, "name"), sql_migrations[i].name) == 0;
		if (!found)
			*missing = sql_migrations[i].name;
		known += found;
	}
	*unknown = listed - known;
	if (*missing)
		*unknown = 0; /* counted only when nothing is missing */
}

enum od_status migrate_login_verdict(const struct db_result *r, struct diag *warn,
				     struct diag *d)
{
	warn->text[0] = '\0';
	const char *missing;
	int unknown;
	compare(r, "migration", &missing, &unknown);
	if (missing) {
		enum od_status st =
			diag_set(d, OD_ERR_DB,
				 _("The database is older than this program (it lacks %s); ask the "
				   "county administrator to run onedoor-admin init."),
				 missing);
		db_log("error", d->text);
		return st;
	}
	if (unknown > 0) {
		diag_set(warn, OD_OK,
			 _("This program is older than the database (%d newer change(s)); ask for "
			   "the onedoor package to be updated."),
			 unknown);
		db_log("warning", warn->text);
		return OD_OK;
	}
	for (int i = 0; i < db_rows(r); i++) {
		if (!db_row_in(r, i, "calendar") || strcmp(db_value(r, i, "short"), "true") != 0)
			continue;
		if (*db_value(r, i, "covered_until"))
			diag_set(warn, OD_OK,
				 _("The working-day calendar ends on %s: later due dates are "
				   "provisional. Ask the county administrator to import next year's."),
				 db_value(r, i, "covered_until"));
		else
			diag_set(warn, OD_OK,
				 _("This year's working-day calendar is not imported: due dates are "
				   "provisional. Ask the county administrator to import it."));
		db_log("warning", warn->text);
	}
	return OD_OK;
}
