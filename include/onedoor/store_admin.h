/* store_admin.h - what onedoor-admin reads and writes: the county's
 * directory (regions, centres, departments), staff logins and the
 * working-day calendar (src/db/store_admin.c).
 *
 * Writes call the SECURITY DEFINER functions of the schema (0008, 0022),
 * which check every value again and audit the change.  Errors come back as
 * db_exec maps them: OD_ERR_VALUE for a bad value, OD_ERR_DUPLICATE when the
 * code exists, OD_ERR_NOT_FOUND for an unknown one, OD_ERR_DENIED.
 * Lists return a result the caller frees with db_result_free; their columns
 * are named in each comment. */
#ifndef ONEDOOR_STORE_ADMIN_H
#define ONEDOOR_STORE_ADMIN_H

#include "onedoor/db.h"

/* parent may be NULL or "". */
enum od_status store_region_add(struct db *db, const char *code, const char *name,
				const char *parent, struct diag *d);
/* code, name, parent ("" for none), level (1 province, 2 city, 3 county),
 * centres (how many), ordered by code. */
enum od_status store_region_list(struct db *db, struct db_result **out, struct diag *d);

/* kind is "township" or "street". */
enum od_status store_centre_add(struct db *db, const char *code, const char *name,
				const char *county, const char *kind, struct diag *d);
enum od_status store_centre_rename(struct db *db, const char *code, const char *name,
				   struct diag *d);
enum od_status store_centre_close(struct db *db, const char *code, struct diag *d);
/* county may be NULL (every centre).  code, name, kind, county, closed_on
 * ("" while open), staff (active logins at it), ordered by code. */
enum od_status store_centre_list(struct db *db, const char *county, struct db_result **out,
				 struct diag *d);

/* kind is "village" or "community". */
enum od_status store_village_add(struct db *db, const char *code, const char *name,
				 const char *centre, const char *kind, struct diag *d);
/* centre may be NULL (every village).  code, name, kind, centre,
 * coordinators (active logins bound to it), ordered by code. */
enum od_status store_village_list(struct db *db, const char *centre, struct db_result **out,
				  struct diag *d);

enum od_status store_department_add(struct db *db, const char *code, const char *name_zh,
				    const char *name_en, struct diag *d);
/* code, name_zh, name_en, items (catalogue items it is responsible for). */
enum od_status store_department_list(struct db *db, struct db_result **out, struct diag *d);

/* A login in group onedoor_GROUP with its staff row; the password becomes
 * a SCRAM verifier on this machine (db_password_verifier) and is not kept.
 * centre, county, department and village may be NULL (a coordinator has a
 * village and nothing else). */
enum od_status store_staff_add(struct db *db, const char *login, const char *full_name,
			       const char *group, const char *centre, const char *county,
			       const char *department, const char *village,
			       const char *password, struct diag *d);
enum od_status store_staff_disable(struct db *db, const char *login, struct diag *d);
enum od_status store_staff_passwd(struct db *db, const char *login, const char *password,
				  struct diag *d);
/* Sets the staff number (工号) printed with the login's name; "" clears it. */
enum od_status store_staff_set_number(struct db *db, const char *login, const char *number,
				      struct diag *d);
enum od_status store_staff_move(struct db *db, const char *login, const char *centre,
				struct diag *d);
/* role_name, full_name, role_group, centre, county, department ("-" when
 * none), state ("active" or "disabled"), by group and name. */
enum od_status store_staff_list(struct db *db, struct db_result **out, struct diag *d);
/* Whether a login is registered as staff (*exists). */
enum od_status store_staff_exists(struct db *db, const char *login, bool *exists,
				  struct diag *d);

/* Replaces a year's exceptions (json: calendar_file_to_json) and recomputes
 * the open cases' due dates.  holidays, workdays, recomputed. */
enum od_status store_calendar_import(struct db *db, int year, const char *source,
				     const char *json, struct db_result **out, struct diag *d);
/* year, holidays, workdays, source; one row per imported year. */
enum od_status store_calendar_list(struct db *db, struct db_result **out, struct diag *d);
/* covered_until (the last day of the last year imported without a gap
 * from this year on, "" when this year is missing) and short ("true" when the
 * next 60 days are not all covered): onedoor.calendar_coverage(). */
enum od_status store_calendar_coverage(struct db *db, struct db_result **out,
				       struct diag *d);
/* How many days of `year` the database has (0: not imported). */
enum od_status store_calendar_year_days(struct db *db, int year, int *days, struct diag *d);

#endif
