/* migrate.h - bringing a database's schema up to date.
 *
 * Migrations are the SQL files of src/sql/migrations, embedded in the
 * program and applied in name order, each in its own transaction and
 * recorded in onedoor.schema_migrations.  An advisory lock keeps two
 * administrators from migrating at once; a migration already recorded is
 * skipped, so re-running is a no-op. */
#ifndef ONEDOOR_MIGRATE_H
#define ONEDOOR_MIGRATE_H

#include "onedoor/db.h"

/* Called before each migration is applied (name) and may be NULL. */
typedef void (*migrate_progress_fn)(const char *name, int index, int total, void *arg);

/* Applies what is missing; *applied gets how many were applied. */
enum od_status migrate_apply(struct db *db, migrate_progress_fn progress, void *arg,
			     int *applied, struct diag *d);

/* Creates or replaces the engine's SQL functions (src/sql/engine.sql),
 * C functions of the server module onedoor_engine, in one transaction.
 * Needs a superuser session (OD_ERR_DENIED otherwise, nothing done).
 * OD_ERR_NOT_FOUND when the server has no such module, with a message
 * naming the Debian package to install (postgresql-NN-onedoor). */
enum od_status migrate_engine(struct db *db, struct diag *d);

/* Loads the demo county (src/sql/demo.sql) unless it is already there;
 * *loaded tells which happened.  Refused (OD_ERR_DENIED) on a database
 * with staff other than the demo's unless `force`. */
enum od_status migrate_load_demo(struct db *db, bool force, bool *loaded, struct diag *d);

/* What the client checks after logging in, on client_start's answer r (its
 * "migration" and "calendar" rows; store_client_start_query).  OD_ERR_DB, with a sentence for
 * the person in d, when the database lacks a migration of this program
 * (its functions may be missing or different).  Otherwise OD_OK, and in
 * *warn (empty text when all is well) a sentence to show: this program is
 * older than the database, or the working-day calendar does not cover the
 * next 60 days.  Both are also written to the support log (db_log). */
enum od_status migrate_login_verdict(const struct db_result *r, struct diag *warn,
				     struct diag *d);

#endif
