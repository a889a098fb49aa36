/* server_setup.c - the statements of `onedoor-admin init`.  DDL cannot
 * take parameters, so each statement is built by the server with
 * format('%I', $1) from a parameter and then run: no name is pasted in C. */
#include "onedoor/server_setup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One value (column "v") of a one-row query into out ("" when no row). */
static enum od_status query_value(struct db *db, const char *sql, int n,
				  const char *const *params, char *out, size_t size,
				  struct diag *d)
{
	struct db_result *r = NULL;
	enum od_status st = db_exec(db, sql, n, params, &r, d);
	if (st == OD_OK)
		snprintf(out, size, "%s", db_rows(r) > 0 ? db_value(r, 0, "v") : "");
	db_result_free(&r);
	return st;
}

static enum od_status query_int(struct db *db, const char *sql, int n, const char *const *params,
				int *out, struct diag *d)
{
	char v[32];
	enum od_status st = query_value(db, sql, n, params, v, sizeof v, d);
	*out = st == OD_OK ? atoi(v) : 0;
	return st;
}

/* Runs the statement that `builder` (a SELECT format(...) AS v) returns. */
static enum od_status exec_built(struct db *db, const char *builder, int n,
				 const char *const *params, struct diag *d)
{
	char sql[1024];
	enum od_status st = query_value(db, builder, n, params, sql, sizeof sql, d);
	return st == OD_OK ? db_exec(db, sql, 0, NULL, NULL, d) : st;
}

enum od_status setup_server(struct db *db, int *version, bool *superuser, struct diag *d)
{
	struct db_result *r = NULL;
	enum od_status st = db_exec(db,
				    "SELECT current_setting('server_version_num') AS version, "
				    "       rolsuper::text AS super FROM pg_roles "
				    "WHERE rolname = current_user",
				    0, NULL, &r, d);
	if (st == OD_OK) {
		*version = atoi(db_value(r, 0, "version"));
		*superuser = strcmp(db_value(r, 0, "super"), "true") == 0;
	}
	db_result_free(&r);
	return st;
}

enum od_status setup_role_exists(struct db *db, const char *role, bool *exists,
				 struct diag *d)
{
	int n;
	const char *p[] = {role};
	enum od_status st =
		query_int(db, "SELECT count(*) AS v FROM pg_roles WHERE rolname = $1", 1, p, &n, d);
	*exists = n > 0;
	return st;
}

enum od_status setup_create_role(struct db *db, const char *role, bool createrole,
				 struct diag *d)
{
	const char *p[] = {role};
	return exec_built(db,
			  createrole ? "SELECT format('CREATE ROLE %I NOLOGIN CREATEROLE', $1::text) AS v"
				     : "SELECT format('CREATE ROLE %I NOLOGIN', $1::text) AS v",
			  1, p, d);
}

enum od_status setup_allow_createrole(struct db *db, const char *role, struct diag *d)
{
	const char *p[] = {role};
	return exec_built(db, "SELECT format('ALTER ROLE %I CREATEROLE', $1::text) AS v", 1, p, d);
}

enum od_status setup_grant_admin_option(struct db *db, const char *group, const char *owner,
					struct diag *d)
{
	const char *p[] = {group, owner};
	return exec_built(db,
			  "SELECT format('GRANT %I TO %I WITH ADMIN OPTION', $1::text, $2::text) AS v",
			  2, p, d);
}

enum od_status setup_schema_owner(struct db *db, char *out, size_t size, bool *superuser,
				  struct diag *d)
{
	char super[8];
	enum od_status st = query_value(db,
					"SELECT nspowner::regrole::text AS v FROM pg_namespace "
					"WHERE nspname = 'onedoor'",
					0, NULL, out, size, d);
	if (st == OD_OK)
		st = query_value(db,
				 "SELECT r.rolsuper::text AS v FROM pg_namespace n "
				 "JOIN pg_roles r ON r.oid = n.nspowner WHERE n.nspname = 'onedoor'",
				 0, NULL, super, sizeof super, d);
	*superuser = st == OD_OK && strcmp(super, "true") == 0;
	return st;
}

enum od_status setup_become_owner(struct db *db, const char *owner, struct diag *d)
{
	const char *p[] = {owner};
	enum od_status st;
	/* CREATE on the database: migrate_apply says CREATE SCHEMA IF NOT
	 * EXISTS, which PostgreSQL checks before it sees the schema exists. */
	if ((st = exec_built(db,
			     "SELECT format('CREATE SCHEMA IF NOT EXISTS onedoor AUTHORIZATION %I',"
			     " $1::text) AS v",
			     1, p, d)) != OD_OK ||
	    (st = exec_built(db,
			     "SELECT format('GRANT CREATE ON DATABASE %I TO %I', "
			     "current_database(), $1::text) AS v",
			     1, p, d)) != OD_OK)
		return st;
	return exec_built(db, "SELECT format('SET ROLE %I', $1::text) AS v", 1, p, d);
}

enum od_status setup_reset_role(struct db *db, struct diag *d)
{
	return db_exec(db, "RESET ROLE", 0, NULL, NULL, d);
}

enum od_status setup_no_timeout(struct db *db, struct diag *d)
{
	return db_exec(db, "SET statement_timeout = 0", 0, NULL, NULL, d);
}

/* ALTER statements for what another role owns in the schema.  Sequences
 * that belong to a column follow their table; a table's row type and
 * array types follow it too. */
static const char ownership_sql[] =
	"WITH ns AS (SELECT oid FROM pg_namespace WHERE nspname = 'onedoor') "
	"SELECT format('ALTER %s %s OWNER TO %I', kind, name, $1::text) AS v FROM ("
	" SELECT 'SCHEMA' AS kind, 'onedoor' AS name FROM pg_namespace"
	"  WHERE nspname = 'onedoor' AND nspowner <> $1::regrole"
	" UNION ALL"
	" SELECT CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'"
	"        WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, c.oid::regclass::text"
	"  FROM pg_class c WHERE c.relnamespace IN (TABLE ns)"
	"  AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relowner <> $1::regrole"
	"  AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend x"
	"   WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid"
	"   AND x.deptype IN ('a', 'i')))"
	" UNION ALL"
	" SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE'"
	"        ELSE 'FUNCTION' END, p.oid::regprocedure::text"
	"  FROM pg_proc p WHERE p.pronamespace IN (TABLE ns)"
	"  AND p.proowner <> $1::regrole"
	" UNION ALL"
	" SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, t.oid::regtype::text"
	"  FROM pg_type t WHERE t.typnamespace IN (TABLE ns)"
	"  AND t.typowner <> $1::regrole AND (t.typtype IN ('d', 'e')"
	"   OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))"
	") x";

enum od_status setup_fix_ownership(struct db *db, const char *owner, int *changed,
				   struct diag *d)
{
	*changed = 0;
	const char *p[] = {owner};
	struct db_result *r = NULL;
	enum od_status st = db_exec(db, ownership_sql, 1, p, &r, d);
	for (int i = 0; st == OD_OK && i < db_rows(r); i++) {
		st = db_exec(db, db_value(r, i, "v"), 0, NULL, NULL, d);
		*changed += st == OD_OK;
	}
	db_result_free(&r);
	return st;
}

enum od_status setup_jit_off(struct db *db, bool *changed, struct diag *d)
{
	int n;
	enum od_status st = query_int(db,
				      "SELECT count(*) AS v FROM pg_db_role_setting s, "
				      "unnest(s.setconfig) c WHERE s.setrole = 0 AND s.setdatabase = "
				      "(SELECT oid FROM pg_database WHERE datname = current_database()) "
				      "AND c LIKE 'jit=%'",
				      0, NULL, &n, d);
	*changed = st == OD_OK && n == 0;
	if (!*changed)
		return st;
	return exec_built(db,
			  "SELECT format('ALTER DATABASE %I SET jit = off', current_database()) AS v",
			  0, NULL, d);
}

enum od_status setup_restrict_advisory_locks(struct db *db, struct diag *d)
{
	return db_exec(db, "SELECT onedoor.restrict_advisory_locks()", 0, NULL, NULL, d);
}

enum od_status setup_catalogue_items(struct db *db, int *count, struct diag *d)
{
	return query_int(db, "SELECT count(*) AS v FROM onedoor.catalogue_items", 0, NULL, count,
			 d);
}

enum od_status setup_admin_count(struct db *db, int *count, struct diag *d)
{
	return query_int(db,
			 "SELECT count(*) AS v FROM onedoor.staff "
			 "WHERE role_group = 'admin' AND active",
			 0, NULL, count, d);
}

enum od_status setup_staff_logins(struct db *db, struct db_result **out, struct diag *d)
{
	return db_exec(db,
		       "SELECT s.role_name, s.role_group FROM onedoor.staff s "
		       "JOIN pg_roles r ON r.rolname = s.role_name ORDER BY s.role_name",
		       0, NULL, out, d);
}

enum od_status setup_role_default(struct db *db, const char *role, const char *name,
				  const char *value, bool *set, struct diag *d)
{
	int n;
	const char *p[] = {role, name, value};
	*set = false;
	enum od_status st = query_int(db,
				      "SELECT count(*) AS v FROM pg_db_role_setting s, "
				      "unnest(s.setconfig) c WHERE s.setrole = $1::regrole "
				      "AND s.setdatabase = (SELECT oid FROM pg_database "
				      "WHERE datname = current_database()) AND c LIKE $2::text || '=%'",
				      2, p, &n, d);
	if (st != OD_OK || n > 0)
		return st;
	*set = true;
	return exec_built(db,
			  "SELECT format('ALTER ROLE %I IN DATABASE %I SET %s = %L', $1::text, "
			  "current_database(), $2::text, $3::text) AS v",
			  3, p, d);
}
