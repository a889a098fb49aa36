/* store_household.c - registering a household, listing applications. */
#include "onedoor/store.h"

#include "onedoor/form_values.h"
#include "onedoor/i18n.h"
#include "onedoor/resident_id.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char listen_sql[] = "SELECT count(*) FROM onedoor.listen_worklist()";

void store_listen_on_connect(struct db *db)
{
	db_on_connect(db, listen_sql);
}

static void staff_read(const struct db_result *r, int i, struct staff_info *out)
{
	DB_COPY(r, i, "role_name", out->role_name);
	DB_COPY(r, i, "full_name", out->full_name);
	DB_COPY(r, i, "staff_no", out->staff_no);
	DB_COPY(r, i, "role_group", out->role_group);
	DB_COPY(r, i, "centre_code", out->centre_code);
	DB_COPY(r, i, "centre_name", out->centre_name);
	DB_COPY(r, i, "county", out->county);
	DB_COPY(r, i, "today", out->today);
	/* Whole or not at all: a cut snapshot would not parse. */
	if (strlen(db_value(r, i, "snapshot")) < sizeof out->snapshot)
		DB_COPY(r, i, "snapshot", out->snapshot);
	DB_COPY(r, i, "department", out->department);
	DB_COPY(r, i, "village", out->village);
}

void store_register_household_query(struct db_query *q, const char *request_id,
				    const char *household_json)
{
	const char *params[] = {request_id, household_json};
	db_query_set(q, "SELECT application_no FROM onedoor.register_household($1::uuid, $2::jsonb)",
		     2, params);
}

enum od_status store_register_household_read(struct db *db, enum od_status st,
					     const struct db_result *r, char app_no[64],
					     struct diag *d)
{
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
		return diag_set(d, OD_ERR_DUPLICATE,
				_("a member is already registered in a household of another centre; "
				  "the county assistance centre can say which"));
	}
	snprintf(app_no, 64, "%s", db_value(r, 0, "application_no"));
	return OD_OK;
}

/* The columns store_applications_read reads. */
#define APPLICATION_COLUMNS                                                                   \
	"application_no, household_no, status, "                                              \
	"to_char(created_at, 'YYYY-MM-DD HH24:MI') AS created, applicant_name, applicant_id, " \
	"member_count "

bool store_register_clash(struct db *db, char household_no[40])
{
	/* DETAIL "household_no|centre name", given only for a household in the
	 * caller's scope (0019_hardening.sql). */
	const char *detail = db_last_detail(db);
	const char *bar = strchr(detail, '|');
	if (!bar || bar == detail || bar - detail >= 40)
		return false;
	snprintf(household_no, 40, "%.*s", (int)(bar - detail), detail);
	return true;
}

void store_household_application_query(struct db_query *q, const char *household_no)
{
	const char *params[] = {household_no};
	db_query_set(q,
		     "SELECT " APPLICATION_COLUMNS "FROM onedoor.application_list "
		     "WHERE household_no = $1 ORDER BY created_at DESC, id DESC LIMIT 1",
		     1, params);
}

enum od_status store_register_household(struct db *db, const char *request_id,
					const char *household_json, char app_no[64],
					struct diag *d)
{
	struct db_query q;
	struct db_result *r = NULL;
	store_register_household_query(&q, request_id, household_json);
	enum od_status st = db_run(db, &q, &r, d);
	db_query_free(&q);
	st = store_register_household_read(db, st, r, app_no, d);
	db_result_free(&r);
	return st;
}

void store_household_form_trace_query(struct db_query *q, const char *household_no)
{
	const char *params[] = {household_no};
	db_query_set(q, "SELECT onedoor.trace_read('household_form', $1)", 1, params);
}

void store_household_form_query(struct db_query *q, const char *household_no)
{
	const char *params[] = {household_no};
	db_query_set(q, "SELECT member, key, value FROM onedoor.household_form($1)", 1, params);
}

enum od_status store_household_form_read(const struct db_result *r, struct form_values *v,
					   struct diag *d)
{
	if (db_rows(r) == 0)
		return diag_set(d, OD_ERR_NOT_FOUND, _("the household was not found"));
	for (int i = 0; i < db_rows(r); i++) {
		int member = atoi(db_value(r, i, "member")) - 1; /* 0, the household: -1 */
		int field = form_find(v->def, db_value(r, i, "key"));
		if (field < 0 || member >= FORM_MAX_MEMBERS)
			continue; /* a fact this form does not show stays on the server */
		while (member >= v->member_count && form_values_add_member(v) >= 0)
			;
		form_values_set(v, member, field, db_value(r, i, "value"));
	}
	return OD_OK;
}

void store_applications_query(struct db_query *q, const char *centre, int limit)
{
	char limit_text[16];
	snprintf(limit_text, sizeof limit_text, "%d", limit);
	const char *params[] = {limit_text, centre ? centre : ""};
	db_query_set(q,
		     "SELECT " APPLICATION_COLUMNS "FROM onedoor.application_list WHERE ($2 = '' OR centre_code = $2) "
		     "ORDER BY created_at DESC, id DESC LIMIT $1::int",
		     2, params);
}

void store_applications_read(const struct db_result *r, struct application_row **rows,
			     int *count)
{
	int n = *count = db_rows_alloc(r, sizeof **rows, (void **)rows);
	for (int i = 0; i < n; i++) {
		struct application_row *row = &(*rows)[i];
		DB_COPY(r, i, "application_no", row->application_no);
		DB_COPY(r, i, "status", row->status);
		DB_COPY(r, i, "household_no", row->household_no);
		DB_COPY(r, i, "created", row->created_at);
		DB_COPY(r, i, "applicant_name", row->applicant_name);
		const char *id = db_value(r, i, "applicant_id");
		if (strlen(id) == RID_LENGTH)
			rid_mask(id, row->applicant_id);
		row->member_count = atoi(db_value(r, i, "member_count"));
	}
}

enum od_status store_list_applications(struct db *db, const char *centre, int limit,
				       struct application_row **rows, int *count, struct diag *d)
{
	struct db_query q;
	struct db_result *r = NULL;
	*rows = NULL;
	*count = 0;
	store_applications_query(&q, centre, limit);
	enum od_status st = db_run(db, &q, &r, d);
	db_query_free(&q);
	if (st != OD_OK)
		return st;
	store_applications_read(r, rows, count);
	db_result_free(&r);
	return OD_OK;
}

static void departments_read(const struct db_result *r, const char *part,
			     struct department_names *out)
{
	int n = 0;
	for (int i = 0; i < db_rows(r); i++)
		n += db_row_in(r, i, part);
	out->code = xcalloc((size_t)(n ? n : 1), sizeof *out->code);
	out->name = xcalloc((size_t)(n ? n : 1), sizeof *out->name);
	for (int i = 0; i < db_rows(r); i++) {
		if (!db_row_in(r, i, part))
			continue;
		DB_COPY(r, i, "code", out->code[out->count]);
		DB_COPY(r, i, "name_zh", out->name[out->count][0]);
		DB_COPY(r, i, "name_en", out->name[out->count][1]);
		out->count++;
	}
}

/* Every column any part of client_start's rows has, as text. */
void store_client_start_query(struct db_query *q)
{
	db_query_set(q,
		     "SELECT t.* FROM onedoor.client_start() j CROSS JOIN LATERAL jsonb_to_record(j) "
		     "AS t(part text, role_name text, full_name text, role_group text, "
		     " centre_code text, centre_name text, county text, today text, snapshot text, "
		     " staff_no text, village text, name text, "
		     " covered_until text, short text, channel text, code text, label_zh text, "
		     " label_en text, unit text, region text, valid_from text, valid_to text, "
		     " value text, reference text, name_zh text, name_en text, department text, "
		     " kind text, scope text, legal_basis text, target_group text, materials text, "
		     " process text, standard_text text, limit_accept text, limit_verify text, "
		     " limit_supervise text, limit_approve text, limit_file text, limit_total text, "
		     " warn_days text, green_channel text, commitment text, excludes text, "
		     " eligibility text, amount text, amount_period text, review_months text, "
		     " source_file text, rule text, message_zh text, message_en text)",
		     0, NULL);
}

enum od_status store_client_start_read(const struct db_result *r, struct staff_info *staff,
				       struct department_names *departments, struct diag *d)
{
	memset(staff, 0, sizeof *staff);
	memset(departments, 0, sizeof *departments);
	int found = -1;
	for (int i = 0; i < db_rows(r) && found < 0; i++)
		if (db_row_in(r, i, "staff"))
			found = i;
	if (found < 0)
		return diag_set(d, OD_ERR_DENIED,
				_("this login is not registered as active staff of onedoor"));
	staff_read(r, found, staff);
	departments_read(r, "department", departments);
	return OD_OK;
}

const char *department_name(const struct department_names *names, const char *code, int lang)
{
	for (int i = 0; i < names->count; i++)
		if (strcmp(names->code[i], code) == 0)
			return names->name[i][lang ? 1 : 0];
	return code;
}

int store_household_form_version(const struct db_result *r)
{
	for (int i = 0; i < db_rows(r); i++)
		if (strcmp(db_value(r, i, "member"), "0") == 0 &&
		    strcmp(db_value(r, i, "key"), "_version") == 0)
			return atoi(db_value(r, i, "value"));
	return 0;
}

void store_household_reapply_query(struct db_query *q, const char *request_id,
				   const char *household_no, const char *version,
				   const char *household_json, const char *as_read_json,
				   const char *reason)
{
	const char *params[] = {request_id, household_no, version, household_json, reason,
				as_read_json};
	db_query_set(q,
		     "SELECT application_no, version FROM onedoor.household_reapply($1::uuid, $2, "
		     "$3::int, $4::jsonb, $5, $6::jsonb)",
		     6, params);
}

enum od_status store_household_reapply_read(struct db *db, enum od_status st,
					    const struct db_result *r, char app_no[64],
					    struct diag *d)
{
	if (st == OD_ERR_CONFLICT)
		return diag_set(d, st, _("someone else changed this household meanwhile; "
					 "register the members again to read it as it is now"));
	if (st != OD_OK && strcmp(db_last_sqlstate(db), "55000") == 0)
		return diag_set(d, st, _("an application of this household is still open at the "
					 "window: open it from the applications list"));
	if (st != OD_OK)
		return st;
	if (db_rows(r) == 0)
		return diag_set(d, OD_ERR_DB, _("the server did not answer with the application"));
	snprintf(app_no, 64, "%s", db_value(r, 0, "application_no"));
	return OD_OK;
}
