/* store_admin.c - the statements of onedoor-admin's directory, staff and
 * calendar commands.  Each write is one call of a server function that
 * checks and audits; nothing here decides what is allowed. */
#include "onedoor/store_admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

enum od_status store_region_add(struct db *db, const char *code, const char *name,
				const char *parent, struct diag *d)
{
	const char *p[] = {code, name, or_empty(parent)};
	return db_exec(db, "SELECT onedoor.region_add($1, $2, $3)", 3, p, NULL, d);
}

enum od_status store_region_list(struct db *db, struct db_result **out, struct diag *d)
{
	return db_exec(db,
		       "SELECT r.code, r.name, coalesce(r.parent, '') AS parent, r.level, "
		       "       (SELECT count(*) FROM onedoor.centres c WHERE c.county = r.code) "
		       "         AS centres "
		       "FROM onedoor.regions r ORDER BY r.code",
		       0, NULL, out, d);
}

enum od_status store_centre_add(struct db *db, const char *code, const char *name,
				const char *county, const char *kind, struct diag *d)
{
	const char *p[] = {code, name, county, kind};
	return db_exec(db, "SELECT onedoor.centre_add($1, $2, $3, $4)", 4, p, NULL, d);
}

enum od_status store_centre_rename(struct db *db, const char *code, const char *name,
				   struct diag *d)
{
	const char *p[] = {code, name};
	return db_exec(db, "SELECT onedoor.centre_rename($1, $2)", 2, p, NULL, d);
}

enum od_status store_centre_close(struct db *db, const char *code, struct diag *d)
{
	const char *p[] = {code};
	return db_exec(db, "SELECT onedoor.centre_close($1)", 1, p, NULL, d);
}

enum od_status store_centre_list(struct db *db, const char *county, struct db_result **out,
				 struct diag *d)
{
	const char *p[] = {county};
	return db_exec(db,
		       "SELECT c.code, c.name, c.kind, c.county, "
		       "       coalesce(c.closed_on::text, '') AS closed_on, "
		       "       (SELECT count(*) FROM onedoor.staff s "
		       "        WHERE s.centre_code = c.code AND s.active) AS staff "
		       "FROM onedoor.centres c WHERE $1::text IS NULL OR c.county = $1 "
		       "ORDER BY c.code",
		       1, p, out, d);
}

enum od_status store_village_add(struct db *db, const char *code, const char *name,
				 const char *centre, const char *kind, struct diag *d)
{
	const char *p[] = {code, name, centre, kind};
	return db_exec(db, "SELECT onedoor.village_add($1, $2, $3, $4)", 4, p, NULL, d);
}

enum od_status store_village_list(struct db *db, const char *centre, struct db_result **out,
				  struct diag *d)
{
	const char *p[] = {centre};
	return db_exec(db,
		       "SELECT v.code, v.name, v.kind, v.centre_code AS centre, "
		       "       (SELECT count(*) FROM onedoor.staff s "
		       "        WHERE s.village = v.code AND s.active) AS coordinators "
		       "FROM onedoor.villages v WHERE $1::text IS NULL OR v.centre_code = $1 "
		       "ORDER BY v.code",
		       1, p, out, d);
}

enum od_status store_department_add(struct db *db, const char *code, const char *name_zh,
				    const char *name_en, struct diag *d)
{
	const char *p[] = {code, name_zh, name_en};
	return db_exec(db, "SELECT onedoor.department_add($1, $2, $3)", 3, p, NULL, d);
}

enum od_status store_department_list(struct db *db, struct db_result **out, struct diag *d)
{
	return db_exec(db,
		       "SELECT d.code, d.name_zh, d.name_en, "
		       "       (SELECT count(*) FROM onedoor.catalogue_items i "
		       "        WHERE i.department = d.code) AS items "
		       "FROM onedoor.departments d ORDER BY d.code",
		       0, NULL, out, d);
}

enum od_status store_staff_add(struct db *db, const char *login, const char *full_name,
			       const char *group, const char *centre, const char *county,
			       const char *department, const char *village,
			       const char *password, struct diag *d)
{
	char *verifier = NULL;
	enum od_status st = db_password_verifier(db, login, password, &verifier, d);
	if (st != OD_OK)
		return st;
	const char *p[] = {login,	     full_name,		   group, or_empty(centre),
			   or_empty(county), or_empty(department), verifier, or_empty(village)};
	st = db_exec(db, "SELECT onedoor.staff_add($1, $2, $3, $4, $5, $6, $7, $8)", 8, p, NULL,
		     d);
	free(verifier);
	return st;
}

enum od_status store_staff_disable(struct db *db, const char *login, struct diag *d)
{
	const char *p[] = {login};
	return db_exec(db, "SELECT onedoor.staff_disable($1)", 1, p, NULL, d);
}

enum od_status store_staff_passwd(struct db *db, const char *login, const char *password,
				  struct diag *d)
{
	char *verifier = NULL;
	enum od_status st = db_password_verifier(db, login, password, &verifier, d);
	if (st != OD_OK)
		return st;
	const char *p[] = {login, verifier};
	st = db_exec(db, "SELECT onedoor.staff_set_password($1, $2)", 2, p, NULL, d);
	free(verifier);
	return st;
}

enum od_status store_staff_move(struct db *db, const char *login, const char *centre,
				struct diag *d)
{
	const char *p[] = {login, centre};
	return db_exec(db, "SELECT onedoor.staff_move($1, $2)", 2, p, NULL, d);
}

enum od_status store_staff_set_number(struct db *db, const char *login, const char *number,
				      struct diag *d)
{
	const char *p[] = {login, number};
	return db_exec(db, "SELECT onedoor.staff_set_number($1, $2)", 2, p, NULL, d);
}

enum od_status store_staff_list(struct db *db, struct db_result **out, struct diag *d)
{
	return db_exec(db,
		       "SELECT role_name, full_name, role_group, "
		       "       coalesce(centre_code, '-') AS centre, "
		       "       coalesce(county::text, '-') AS county, "
		       "       coalesce(department, '-') AS department, "
		       "       CASE WHEN active AND can_login THEN 'active' "
		       "            ELSE 'disabled' END AS state "
		       "FROM onedoor.staff_list ORDER BY role_group, role_name",
		       0, NULL, out, d);
}

enum od_status store_staff_exists(struct db *db, const char *login, bool *exists,
				  struct diag *d)
{
	const char *p[] = {login};
	struct db_result *r = NULL;
	enum od_status st = db_exec(db,
				    "SELECT count(*) AS n FROM onedoor.staff WHERE role_name = $1",
				    1, p, &r, d);
	*exists = st == OD_OK && strcmp(db_value(r, 0, "n"), "0") != 0;
	db_result_free(&r);
	return st;
}

enum od_status store_calendar_import(struct db *db, int year, const char *source,
				     const char *json, struct db_result **out, struct diag *d)
{
	char y[16];
	snprintf(y, sizeof y, "%d", year);
	const char *p[] = {y, source, json};
	return db_exec(db,
		       "SELECT holidays, workdays, recomputed "
		       "FROM onedoor.calendar_import($1::int, $2, $3::jsonb)",
		       3, p, out, d);
}

enum od_status store_calendar_list(struct db *db, struct db_result **out, struct diag *d)
{
	return db_exec(db,
		       "SELECT extract(year FROM day)::int AS year, "
		       "       count(*) FILTER (WHERE kind = 'holiday') AS holidays, "
		       "       count(*) FILTER (WHERE kind = 'workday') AS workdays, "
		       "       max(source) AS source "
		       "FROM onedoor.calendar_days GROUP BY 1 ORDER BY 1",
		       0, NULL, out, d);
}

enum od_status store_calendar_coverage(struct db *db, struct db_result **out, struct diag *d)
{
	return db_exec(db,
		       "SELECT coalesce(covered_until::text, '') AS covered_until, "
		       "       short::text AS short FROM onedoor.calendar_coverage()",
		       0, NULL, out, d);
}

enum od_status store_calendar_year_days(struct db *db, int year, int *days, struct diag *d)
{
	char y[16];
	snprintf(y, sizeof y, "%d", year);
	const char *p[] = {y};
	struct db_result *r = NULL;
	enum od_status st = db_exec(db,
				    "SELECT count(*) AS n FROM onedoor.calendar_days "
				    "WHERE day >= make_date($1::int, 1, 1) "
				    "AND day < make_date($1::int + 1, 1, 1)",
				    1, p, &r, d);
	*days = st == OD_OK ? atoi(db_value(r, 0, "n")) : 0;
	db_result_free(&r);
	return st;
}
