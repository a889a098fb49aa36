/* store_screens.c - the status lookup's and supervisor view's reads
 * (store_screens.h). */
#include "onedoor/store_screens.h"

#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The synchronous form of every call here: the statement, run, read. */
typedef void (*reader)(const struct db_result *r, void **rows, int *count);
static enum od_status run_and_read(struct db *db, struct db_query *q, reader read, void **rows,
				   int *count, struct diag *d)
{
	struct db_result *r = NULL;
	*rows = NULL;
	*count = 0;
	enum od_status st = db_run(db, q, &r, d);
	db_query_free(q);
	if (st == OD_OK)
		read(r, rows, count);
	db_result_free(&r);
	return st;
}

void screens_status_trace_query(struct db_query *q, const char *resident_id)
{
	const char *params[] = {resident_id};
	db_query_set(q, "SELECT onedoor.trace_read('status_lookup', $1)", 1, params);
}

void screens_status_lookup_query(struct db_query *q, const char *resident_id)
{
	const char *params[] = {resident_id};
	db_query_set(
		q,
		"SELECT person_name, case_id, case_no, application_no, subject_name, item_code, "
		"       item_name_zh, item_name_en, department, centre_name, track, stage, "
		"       coalesce(light, '') AS light, coalesce(stage_due::text, '') AS stage_due, "
		"       case_due::text AS case_due, coalesce(closed_on::text, '') AS closed_on, "
		"       coalesce(days_left, 0) AS days_left, "
		"       coalesce(onedoor.working_days_between(onedoor.today(), case_due), 0) "
		"         AS case_days_left, "
		"       coalesce(last_phrase, '') AS phrase, coalesce(last_reason, '') AS reason "
		"FROM onedoor.status_lookup($1)",
		1, params);
}

void screens_status_lookup_read(const struct db_result *r, struct status_row **rows,
				int *count)
{
	*count = db_rows_alloc(r, sizeof **rows, (void **)rows);
	for (int i = 0; i < *count; i++) {
		struct status_row *s = &(*rows)[i];
		s->id = strtoll(db_value(r, i, "case_id"), NULL, 10);
		DB_COPY(r, i, "person_name", s->person_name);
		DB_COPY(r, i, "case_no", s->case_no);
		DB_COPY(r, i, "application_no", s->application_no);
		DB_COPY(r, i, "subject_name", s->subject_name);
		DB_COPY(r, i, "item_code", s->item_code);
		DB_COPY(r, i, "item_name_zh", s->item_name[0]);
		DB_COPY(r, i, "item_name_en", s->item_name[1]);
		DB_COPY(r, i, "department", s->department);
		DB_COPY(r, i, "centre_name", s->centre_name);
		DB_COPY(r, i, "track", s->track);
		DB_COPY(r, i, "stage", s->stage);
		s->light = case_light_parse(db_value(r, i, "light"));
		DB_COPY(r, i, "stage_due", s->stage_due);
		DB_COPY(r, i, "case_due", s->case_due);
		DB_COPY(r, i, "closed_on", s->closed_on);
		s->days_left = atoi(db_value(r, i, "days_left"));
		s->case_days_left = atoi(db_value(r, i, "case_days_left"));
		DB_COPY(r, i, "phrase", s->last_phrase);
		DB_COPY(r, i, "reason", s->last_reason);
	}
}

enum od_status screens_status_lookup(struct db *db, const char *resident_id,
				     struct status_row **rows, int *count, struct diag *d)
{
	struct db_query q;
	*rows = NULL;
	*count = 0;
	/* The lookup answers only after its trace has committed (migration
	 * 0037): the trace first, on its own. */
	screens_status_trace_query(&q, resident_id);
	enum od_status st = db_run(db, &q, NULL, d);
	db_query_free(&q);
	if (st != OD_OK)
		return st;
	screens_status_lookup_query(&q, resident_id);
	return run_and_read(db, &q, (reader)screens_status_lookup_read, (void **)rows, count, d);
}

void screens_matrix_query(struct db_query *q, bool by_department)
{
	const char *params[] = {by_department ? "true" : "false"};
	db_query_set(q,
		     "SELECT grp, grp_name, stage, light, cases "
		     "FROM onedoor.screens_matrix($1::boolean)",
		     1, params);
}

void screens_matrix_read(const struct db_result *r, struct screens_cell **cells, int *count)
{
	*count = db_rows_alloc(r, sizeof **cells, (void **)cells);
	for (int i = 0; i < *count; i++) {
		struct screens_cell *c = &(*cells)[i];
		DB_COPY(r, i, "grp", c->group);
		DB_COPY(r, i, "grp_name", c->group_name);
		DB_COPY(r, i, "stage", c->stage);
		c->light = case_light_parse(db_value(r, i, "light"));
		c->cases = atoi(db_value(r, i, "cases"));
	}
}

enum od_status screens_matrix(struct db *db, bool by_department, struct screens_cell **cells,
			      int *count, struct diag *d)
{
	struct db_query q;
	screens_matrix_query(&q, by_department);
	return run_and_read(db, &q, (reader)screens_matrix_read, (void **)cells, count, d);
}

void screens_centres_query(struct db_query *q)
{
	db_query_set(q, "SELECT code, name FROM onedoor.centres ORDER BY code", 0, NULL);
}

void screens_centres_read(const struct db_result *r, struct screens_centre **rows, int *count)
{
	*count = db_rows_alloc(r, sizeof **rows, (void **)rows);
	for (int i = 0; i < *count; i++) {
		DB_COPY(r, i, "code", (*rows)[i].code);
		DB_COPY(r, i, "name", (*rows)[i].name);
	}
}

enum od_status screens_centres(struct db *db, struct screens_centre **rows, int *count,
			       struct diag *d)
{
	struct db_query q;
	screens_centres_query(&q);
	return run_and_read(db, &q, (reader)screens_centres_read, (void **)rows, count, d);
}

void screens_performance_query(struct db_query *q, bool by_department)
{
	const char *params[] = {by_department ? "true" : "false"};
	db_query_set(q,
		     "SELECT grp, grp_name, person, person_name, handled, filed, "
		     "       overdue, coalesce(avg_days_to_file::text, '') AS avg_days, "
		     "       overdue_pct::text AS overdue_pct "
		     "FROM onedoor.screens_performance($1::boolean)",
		     1, params);
}

void screens_performance_read(const struct db_result *r, struct screens_perf **rows, int *count)
{
	*count = db_rows_alloc(r, sizeof **rows, (void **)rows);
	for (int i = 0; i < *count; i++) {
		struct screens_perf *p = &(*rows)[i];
		DB_COPY(r, i, "grp", p->group);
		DB_COPY(r, i, "grp_name", p->group_name);
		DB_COPY(r, i, "person", p->person);
		DB_COPY(r, i, "person_name", p->person_name);
		p->handled = atoi(db_value(r, i, "handled"));
		p->filed = atoi(db_value(r, i, "filed"));
		p->overdue = atoi(db_value(r, i, "overdue"));
		DB_COPY(r, i, "avg_days", p->avg_days);
		DB_COPY(r, i, "overdue_pct", p->overdue_pct);
	}
}

enum od_status screens_performance(struct db *db, bool by_department,
				   struct screens_perf **rows, int *count, struct diag *d)
{
	struct db_query q;
	screens_performance_query(&q, by_department);
	return run_and_read(db, &q, (reader)screens_performance_read, (void **)rows, count, d);
}

void screens_discoveries_query(struct db_query *q, int limit)
{
	char limit_text[16];
	snprintf(limit_text, sizeof limit_text, "%d", limit);
	const char *params[] = {limit_text};
	db_query_set(
		q,
		"SELECT household_no, centre_name, applicant_name, applicant_id, "
		"       array_to_string(item_names, '、') AS items, "
		"       coalesce((SELECT sum(a) FROM unnest(amounts) a)::numeric(14, 2)::text, '') "
		"         AS total, "
		"       array_to_string(warnings, ',') AS warnings, as_of::text AS as_of "
		"FROM onedoor.discovery_list($1::int)",
		1, params);
}

void screens_discoveries_read(const struct db_result *r, struct screens_discovery **rows,
			      int *count)
{
	*count = db_rows_alloc(r, sizeof **rows, (void **)rows);
	for (int i = 0; i < *count; i++) {
		struct screens_discovery *x = &(*rows)[i];
		DB_COPY(r, i, "household_no", x->household_no);
		DB_COPY(r, i, "centre_name", x->centre_name);
		DB_COPY(r, i, "applicant_name", x->applicant_name);
		DB_COPY(r, i, "applicant_id", x->applicant_id);
		DB_COPY(r, i, "items", x->items);
		DB_COPY(r, i, "total", x->total);
		DB_COPY(r, i, "warnings", x->warnings);
		DB_COPY(r, i, "as_of", x->as_of);
	}
}

enum od_status screens_discoveries(struct db *db, int limit, struct screens_discovery **rows,
				   int *count, struct diag *d)
{
	struct db_query q;
	screens_discoveries_query(&q, limit);
	return run_and_read(db, &q, (reader)screens_discoveries_read, (void **)rows, count, d);
}
