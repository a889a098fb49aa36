/* store_household.c - registering a household, listing applications. */
#include "onedoor/store.h"

#include "onedoor/i18n.h"
#include "onedoor/resident_id.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

enum od_status store_whoami(struct db *db, struct staff_info *out, struct diag *d)
{
	struct db_result *r = NULL;
	memset(out, 0, sizeof *out);
	enum od_status st = db_exec(db,
				    "SELECT s.role_name, s.full_name, s.role_group, "
				    "       coalesce(s.centre_code, '') AS centre_code, "
				    "       coalesce(c.name, r.name, '') AS centre_name, "
				    "       coalesce(c.county, s.county, '') AS county "
				    "FROM onedoor.current_staff() s "
				    "LEFT JOIN onedoor.centres c ON c.code = s.centre_code "
				    "LEFT JOIN onedoor.regions r ON r.code = coalesce(c.county, s.county) "
				    "WHERE s.role_name IS NOT NULL",
				    0, NULL, &r, d);
	if (st != OD_OK)
		return st;
	if (db_rows(r) != 1) {
		db_result_free(&r);
		return diag_set(d, OD_ERR_DENIED,
				_("this login is not registered as active staff of onedoor"));
	}
	COPY(out->role_name, db_value(r, 0, "role_name"));
	COPY(out->full_name, db_value(r, 0, "full_name"));
	COPY(out->role_group, db_value(r, 0, "role_group"));
	COPY(out->centre_code, db_value(r, 0, "centre_code"));
	COPY(out->centre_name, db_value(r, 0, "centre_name"));
	COPY(out->county, db_value(r, 0, "county"));
	db_result_free(&r);
	return OD_OK;
}

enum od_status store_register_household(struct db *db, const char *request_id,
					const char *household_json, char app_no[64],
					struct diag *d)
{
	const char *params[] = {request_id, household_json};
	struct db_result *r = NULL;
	enum od_status st = db_exec(
		db, "SELECT application_no FROM onedoor.register_household($1::uuid, $2::jsonb)", 2,
		params, &r, d);
	if (st == OD_ERR_DUPLICATE) {
		/* DETAIL is "household_no|centre name" (see 0001_base.sql). */
		const char *detail = db_last_detail(db);
		const char *bar = strchr(detail, '|');
		if (bar)
			diag_set(d, st, _("a member is already registered in household %.*s at %s"),
				 (int)(bar - detail), detail, bar + 1);
		return st;
	}
	if (st != OD_OK)
		return st;
	if (db_rows(r) == 0) {
		/* The ID belongs to a household outside this clerk's centre: the
		 * server names it to nobody and records the attempt. */
		db_result_free(&r);
		return diag_set(d, OD_ERR_DUPLICATE,
				_("a member is already registered in a household of another centre; "
				  "the county assistance centre can say which"));
	}
	snprintf(app_no, 64, "%s", db_value(r, 0, "application_no"));
	db_result_free(&r);
	return OD_OK;
}

enum od_status store_list_applications(struct db *db, const char *centre, int limit,
				       struct application_row **rows, int *count, struct diag *d)
{
	char limit_text[16];
	snprintf(limit_text, sizeof limit_text, "%d", limit);
	const char *params[] = {limit_text, centre ? centre : ""};
	struct db_result *r = NULL;
	*rows = NULL;
	*count = 0;
	enum od_status st = db_exec(
		db,
		"SELECT application_no, status, to_char(created_at, 'YYYY-MM-DD HH24:MI') AS created,"
		"       applicant_name, applicant_id, member_count "
		"FROM onedoor.application_list WHERE ($2 = '' OR centre_code = $2) "
		"ORDER BY created_at DESC, id DESC LIMIT $1::int",
		2, params, &r, d);
	if (st != OD_OK)
		return st;
	int n = db_rows(r);
	*rows = xcalloc((size_t)(n ? n : 1), sizeof **rows);
	for (int i = 0; i < n; i++) {
		struct application_row *row = &(*rows)[i];
		COPY(row->application_no, db_value(r, i, "application_no"));
		COPY(row->status, db_value(r, i, "status"));
		COPY(row->created_at, db_value(r, i, "created"));
		COPY(row->applicant_name, db_value(r, i, "applicant_name"));
		const char *id = db_value(r, i, "applicant_id");
		if (strlen(id) == RID_LENGTH)
			rid_mask(id, row->applicant_id);
		row->member_count = atoi(db_value(r, i, "member_count"));
	}
	*count = n;
	db_result_free(&r);
	return OD_OK;
}

enum od_status store_departments(struct db *db, struct department_names *out, struct diag *d)
{
	struct db_result *r = NULL;
	memset(out, 0, sizeof *out);
	enum od_status st = db_exec(db, "SELECT code, name_zh, name_en FROM onedoor.departments "
					"ORDER BY code",
				    0, NULL, &r, d);
	if (st != OD_OK)
		return st;
	int n = db_rows(r);
	out->code = xcalloc((size_t)(n ? n : 1), sizeof *out->code);
	out->name = xcalloc((size_t)(n ? n : 1), sizeof *out->name);
	for (int i = 0; i < n; i++) {
		COPY(out->code[i], db_value(r, i, "code"));
		COPY(out->name[i][0], db_value(r, i, "name_zh"));
		COPY(out->name[i][1], db_value(r, i, "name_en"));
	}
	out->count = n;
	db_result_free(&r);
	return OD_OK;
}

const char *department_name(const struct department_names *names, const char *code, int lang)
{
	for (int i = 0; i < names->count; i++)
		if (strcmp(names->code[i], code) == 0)
			return names->name[i][lang ? 1 : 0];
	return code;
}
