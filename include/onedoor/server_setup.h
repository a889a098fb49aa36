/* server_setup.h - the statements of `onedoor-admin init`, which brings a
 * PostgreSQL server up to what onedoor needs (src/db/server_setup.c).
 *
 * They run on a superuser session.  Role, schema and database names in DDL
 * are quoted by the server (format('%I')), never pasted in C. */
#ifndef ONEDOOR_SERVER_SETUP_H
#define ONEDOOR_SERVER_SETUP_H

#include "onedoor/db.h"

/* server_version_num, and whether the session is a superuser's. */
enum od_status setup_server(struct db *db, int *version, bool *superuser, struct diag *d);

enum od_status setup_role_exists(struct db *db, const char *role, bool *exists,
				 struct diag *d);
/* CREATE ROLE role NOLOGIN [CREATEROLE]. */
enum od_status setup_create_role(struct db *db, const char *role, bool createrole,
				 struct diag *d);
/* ALTER ROLE role CREATEROLE. */
enum od_status setup_allow_createrole(struct db *db, const char *role, struct diag *d);
/* GRANT group TO owner WITH ADMIN OPTION (PostgreSQL 16 and newer). */
enum od_status setup_grant_admin_option(struct db *db, const char *group, const char *owner,
					struct diag *d);

/* The owner of schema onedoor into out ("" when there is no schema), and
 * whether it is a superuser (a `migrate` run as postgres made it). */
enum od_status setup_schema_owner(struct db *db, char *out, size_t size, bool *superuser,
				  struct diag *d);
/* The schema owned by owner, CREATE on the database for it, and SET ROLE
 * owner, so that what the migrations create belongs to it. */
enum od_status setup_become_owner(struct db *db, const char *owner, struct diag *d);
enum od_status setup_reset_role(struct db *db, struct diag *d);
/* No statement timeout for this session (migrations and imports). */
enum od_status setup_no_timeout(struct db *db, struct diag *d);

/* Gives the owner every object of the schema another role owns (a
 * `migrate` run as postgres leaves tables, functions and types owned by
 * postgres, and a SECURITY DEFINER function owned by a superuser runs as
 * one).  *changed counts the objects. */
enum od_status setup_fix_ownership(struct db *db, const char *owner, int *changed,
				   struct diag *d);

/* ALTER DATABASE (this one) SET jit = off unless it is set; *changed says
 * whether it was. */
enum od_status setup_jit_off(struct db *db, bool *changed, struct diag *d);

/* pg_advisory_* taken from PUBLIC in this database
 * (onedoor.restrict_advisory_locks()); as the superuser, since the owner
 * may not change pg_catalog's privileges. */
enum od_status setup_restrict_advisory_locks(struct db *db, struct diag *d);

enum od_status setup_catalogue_items(struct db *db, int *count, struct diag *d);
/* Active staff of group admin. */
enum od_status setup_admin_count(struct db *db, int *count, struct diag *d);

/* Every staff login that exists: role_name, role_group. */
enum od_status setup_staff_logins(struct db *db, struct db_result **out, struct diag *d);
/* Sets `name` = value for the login in this database unless it has a
 * value there; *set says whether it did. */
enum od_status setup_role_default(struct db *db, const char *role, const char *name,
				  const char *value, bool *set, struct diag *d);

#endif
