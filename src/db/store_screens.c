/* store_screens.c - the status lookup's and supervisor view's reads
 * (store_screens.h). */
#include "onedoor/store_screens.h"

#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

/* Runs a query (after `first`, when not NULL: db_exec_after) and allocates
 * one element of `size` per row (at least one, so the caller always frees). */
static enum od_status fetch(struct db *db, const struct db_statement *first, const char *sql,
			    int nparams, const char *const *params, size_t size, void **rows,
			    int *count, struct db_result **r, struct diag *d)
{
	*rows = NULL;
	*count = 0;
	enum od_status st = first ? db_exec_after(db, first, sql, nparams, params, r, d)
				  : db_exec(db, sql, nparams, params, r, d);
	if (st != OD_OK)
		return st;
	*count = db_rows(*r);
	*rows = xcalloc((size_t)(*count ? *count : 1), size);
	return OD_OK;
}

enum od_status screens_status_lookup(struct db *db, const char *resident_id,
				     struct status_row **rows, int *count, struct diag *d)
{
	const char *params[] = {resident_id};
	struct db_result *r = NULL;
	/* The lookup answers only after its trace has committed (migration
	 * 0037): both go in one round trip. */
	const struct db_statement trace = {
		"SELECT onedoor.trace_read('status_lookup', $1)", 1, params};
	enum od_status st = fetch(
		db, &trace,
		"SELECT person_name, case_id, case_no, application_no, subject_name, item_code, item_name_zh, "
		"       item_name_en, department, centre_name, track, stage, "
		"       coalesce(light, '') AS light, coalesce(stage_due::text, '') AS stage_due, "
		"       case_due::text AS case_due, coalesce(closed_on::text, '') AS closed_on, "
		"       coalesce(days_left, 0) AS days_left, coalesce(last_phrase, '') AS phrase, "
		"       coalesce(last_reason, '') AS reason "
		"FROM onedoor.status_lookup($1)",
		1, params, sizeof **rows, (void **)rows, count, &r, d);
	if (st != OD_OK)
		return st;
	for (int i = 0; i < *count; i++) {
		struct status_row *s = &(*rows)[i];
		s->id = strtoll(db_value(r, i, "case_id"), NULL, 10);
		COPY(s->person_name, db_value(r, i, "person_name"));
		COPY(s->case_no, db_value(r, i, "case_no"));
		COPY(s->application_no, db_value(r, i, "application_no"));
		COPY(s->subject_name, db_value(r, i, "subject_name"));
		COPY(s->item_code, db_value(r, i, "item_code"));
		COPY(s->item_name[0], db_value(r, i, "item_name_zh"));
		COPY(s->item_name[1], db_value(r, i, "item_name_en"));
		COPY(s->department, db_value(r, i, "department"));
		COPY(s->centre_name, db_value(r, i, "centre_name"));
		COPY(s->track, db_value(r, i, "track"));
		COPY(s->stage, db_value(r, i, "stage"));
		s->light = case_light_parse(db_value(r, i, "light"));
		COPY(s->stage_due, db_value(r, i, "stage_due"));
		COPY(s->case_due, db_value(r, i, "case_due"));
		COPY(s->closed_on, db_value(r, i, "closed_on"));
		s->days_left = atoi(db_value(r, i, "days_left"));
		COPY(s->last_phrase, db_value(r, i, "phrase"));
		COPY(s->last_reason, db_value(r, i, "reason"));
	}
	db_result_free(&r);
	return OD_OK;
}

enum od_status screens_matrix(struct db *db, bool by_department, struct screens_cell **cells,
			      int *count, struct diag *d)
{
	const char *params[] = {by_department ? "true" : "false"};
	struct db_result *r = NULL;
	enum od_status st = fetch(db, NULL,
				  "SELECT grp, grp_name, stage, light, cases "
				  "FROM onedoor.screens_matrix($1::boolean)",
				  1, params, sizeof **cells, (void **)cells, count, &r, d);
	if (st != OD_OK)
		return st;
	for (int i = 0; i < *count; i++) {
		struct screens_cell *c = &(*cells)[i];
		COPY(c->group, db_value(r, i, "grp"));
		COPY(c->group_name, db_value(r, i, "grp_name"));
		COPY(c->stage, db_value(r, i, "stage"));
		c->light = case_light_parse(db_value(r, i, "light"));
		c->cases = atoi(db_value(r, i, "cases"));
	}
	db_result_free(&r);
	return OD_OK;
}

enum od_status screens_centres(struct db *db, struct screens_centre **rows, int *count,
			       struct diag *d)
{
	struct db_result *r = NULL;
	enum od_status st = fetch(db, NULL, "SELECT code, name FROM onedoor.centres ORDER BY code", 0,
				  NULL, sizeof **rows, (void **)rows, count, &r, d);
	if (st != OD_OK)
		return st;
	for (int i = 0; i < *count; i++) {
		COPY((*rows)[i].code, db_value(r, i, "code"));
		COPY((*rows)[i].name, db_value(r, i, "name"));
	}
	db_result_free(&r);
	return OD_OK;
}

enum od_status screens_performance(struct db *db, bool by_department,
				   struct screens_perf **rows, int *count, struct diag *d)
{
	const char *params[] = {by_department ? "true" : "false"};
	struct db_result *r = NULL;
	enum od_status st = fetch(db, NULL,
				  "SELECT grp, grp_name, person, person_name, handled, filed, "
				  "       overdue, coalesce(avg_days_to_file::text, '') AS avg_days, "
				  "       overdue_pct::text AS overdue_pct "
				  "FROM onedoor.screens_performance($1::boolean)",
				  1, params, sizeof **rows, (void **)rows, count, &r, d);
	if (st != OD_OK)
		return st;
	for (int i = 0; i < *count; i++) {
		struct screens_perf *p = &(*rows)[i];
		COPY(p->group, db_value(r, i, "grp"));
		COPY(p->group_name, db_value(r, i, "grp_name"));
		COPY(p->person, db_value(r, i, "person"));
		COPY(p->person_name, db_value(r, i, "person_name"));
		p->handled = atoi(db_value(r, i, "handled"));
		p->filed = atoi(db_value(r, i, "filed"));
		p->overdue = atoi(db_value(r, i, "overdue"));
		COPY(p->avg_days, db_value(r, i, "avg_days"));
		COPY(p->overdue_pct, db_value(r, i, "overdue_pct"));
	}
	db_result_free(&r);
	return OD_OK;
}

enum od_status screens_discoveries(struct db *db, int limit, struct screens_discovery **rows,
				   int *count, struct diag *d)
{
	char limit_text[16];
	snprintf(limit_text, sizeof limit_text, "%d", limit);
	const char *params[] = {limit_text};
	struct db_result *r = NULL;
	enum od_status st = fetch(
		db, NULL,
		"SELECT household_no, centre_name, applicant_name, applicant_id, "
		"       array_to_string(item_names, '、') AS items, "
		"       coalesce((SELECT sum(a) FROM unnest(amounts) a)::numeric(14, 2)::text, '') "
		"         AS total, "
		"       array_to_string(warnings, ',') AS warnings, as_of::text AS as_of "
		"FROM onedoor.discovery_list($1::int)",
		1, params, sizeof **rows, (void **)rows, count, &r, d);
	if (st != OD_OK)
		return st;
	for (int i = 0; i < *count; i++) {
		struct screens_discovery *x = &(*rows)[i];
		COPY(x->household_no, db_value(r, i, "household_no"));
		COPY(x->centre_name, db_value(r, i, "centre_name"));
		COPY(x->applicant_name, db_value(r, i, "applicant_name"));
		COPY(x->applicant_id, db_value(r, i, "applicant_id"));
		COPY(x->items, db_value(r, i, "items"));
		COPY(x->total, db_value(r, i, "total"));
		COPY(x->warnings, db_value(r, i, "warnings"));
		COPY(x->as_of, db_value(r, i, "as_of"));
	}
	db_result_free(&r);
	return OD_OK;
}
