/* store_watch.c - reads and writes of the warning queue, the monitoring
 * register, care ratings and coordinators' reports (store_watch.h). */
#include "onedoor/store_watch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>



/* Runs q now (and frees it): the synchronous form of every call here. */
static enum od_status run(struct db *db, struct db_query *q, struct db_result **r,
			  struct diag *d)
{
	enum od_status st = db_run(db, q, r, d);
	db_query_free(q);
	return st;
}

/* Runs q; the one row's `column` is copied into out ("" when no row). */
static enum od_status run1(struct db *db, struct db_query *q, const char *column, char *out,
			   size_t size, struct diag *d)
{
	struct db_result *r = NULL;
	enum od_status st = run(db, q, &r, d);
	if (st == OD_OK)
		snprintf(out, size, "%s", db_rows(r) > 0 ? db_value(r, 0, column) : "");
	db_result_free(&r);
	return st;
}

static const char *num(char *buf, size_t size, long long v)
{
	snprintf(buf, size, "%lld", v);
	return buf;
}

/* "" becomes SQL NULL. */
static const char *or_null(const char *s)
{
	return s && *s ? s : NULL;
}

void watch_warnings_query(struct db_query *q, const char *department, const char *centre,
			  int limit)
{
	char lim[16];
	const char *params[] = {or_null(department), or_null(centre), num(lim, sizeof lim, limit)};
	db_query_set(
		q,
		"SELECT id, warning_no, household_no, subject_name, centre_name, department, "
		"       name_zh, name_en, message_zh, message_en, raised_on::text AS raised_on, "
		"       ack_due::text AS ack_due, state, version, coalesce(light, '') AS light, "
		"       coalesce(days_left, 0) AS days_left, coalesce(age_days, 0) AS age_days "
		"FROM onedoor.warning_queue_page($1, $2, $3::integer)",
		3, params);
}

void watch_warnings_read(const struct db_result *r, struct watch_warning **rows, int *count)
{
	*count = db_rows_alloc(r, sizeof **rows, (void **)rows);
	for (int i = 0; i < *count; i++) {
		struct watch_warning *w = &(*rows)[i];
		w->id = strtoll(db_value(r, i, "id"), NULL, 10);
		DB_COPY(r, i, "warning_no", w->warning_no);
		DB_COPY(r, i, "household_no", w->household_no);
		DB_COPY(r, i, "subject_name", w->subject_name);
		DB_COPY(r, i, "centre_name", w->centre_name);
		DB_COPY(r, i, "department", w->department);
		DB_COPY(r, i, "name_zh", w->name[0]);
		DB_COPY(r, i, "name_en", w->name[1]);
		DB_COPY(r, i, "message_zh", w->message[0]);
		DB_COPY(r, i, "message_en", w->message[1]);
		DB_COPY(r, i, "raised_on", w->raised_on);
		DB_COPY(r, i, "ack_due", w->ack_due);
		DB_COPY(r, i, "state", w->state);
		w->version = atoi(db_value(r, i, "version"));
		w->light = case_light_parse(db_value(r, i, "light"));
		w->days_left = atoi(db_value(r, i, "days_left"));
		w->age_days = atoi(db_value(r, i, "age_days"));
	}
}

enum od_status watch_warnings(struct db *db, const char *department, const char *centre,
			      int limit, struct watch_warning **rows, int *count, struct diag *d)
{
	struct db_query q;
	watch_warnings_query(&q, department, centre, limit);
	struct db_result *r = NULL;
	enum od_status st = run(db, &q, &r, d);
	if (st == OD_OK)
		watch_warnings_read(r, rows, count);
	else
		*rows = NULL, *count = 0;
	db_result_free(&r);
	return st;
}

void watch_warning_act_query(struct db_query *q, const char *request_id, long long id,
			    int version, const char *action, const char *outcome, const char *note,
			    const char *application_no)
{
	char ids[24], ver[16];
	const char *params[] = {request_id,	    num(ids, sizeof ids, id),
				num(ver, sizeof ver, version), action,
				or_null(outcome),	    or_null(note),
				or_null(application_no)};
	db_query_set(q,
		     "SELECT version FROM onedoor.warning_act($1::uuid, $2::bigint, "
		     "$3::integer, $4, $5, $6, $7)",
		     7, params);
}

enum od_status watch_warning_act(struct db *db, const char *request_id, long long id,
				 int version, const char *action, const char *outcome,
				 const char *note, const char *application_no, int *new_version,
				 struct diag *d)
{
	char out[16];
	struct db_query q;
	watch_warning_act_query(&q, request_id, id, version, action, outcome, note,
				application_no);
	enum od_status st = run1(db, &q, "version", out, sizeof out, d);
	if (st == OD_OK && new_version)
		*new_version = atoi(out);
	return st;
}

void watch_register_query(struct db_query *q, const char *centre, const char *village,
			  int limit)
{
	char lim[16];
	const char *params[] = {or_null(centre), or_null(village), num(lim, sizeof lim, limit)};
	db_query_set(
		q,
		"SELECT id, entry_no, subject_name, centre_code, category, reason, source, "
		"       source_ref, responsible, entered_on::text AS entered_on, "
		"       coalesce(last_visit_on::text, '') AS last_visit_on, visits, "
		"       visit_due::text AS visit_due, coalesce(proposal, '') AS proposal, "
		"       array_to_string(proposal_items, ',') AS items, version, "
		"       coalesce(light, '') AS light, coalesce(days_left, 0) AS days_left "
		"FROM onedoor.monitoring_page($1, $2, $3::integer)",
		3, params);
}

void watch_register_read(const struct db_result *r, struct watch_entry **rows, int *count)
{
	*count = db_rows_alloc(r, sizeof **rows, (void **)rows);
	for (int i = 0; i < *count; i++) {
		struct watch_entry *e = &(*rows)[i];
		e->id = strtoll(db_value(r, i, "id"), NULL, 10);
		DB_COPY(r, i, "entry_no", e->entry_no);
		DB_COPY(r, i, "subject_name", e->subject_name);
		DB_COPY(r, i, "centre_code", e->centre_code);
		e->category = atoi(db_value(r, i, "category"));
		DB_COPY(r, i, "reason", e->reason);
		DB_COPY(r, i, "source", e->source);
		DB_COPY(r, i, "source_ref", e->source_ref);
		DB_COPY(r, i, "responsible", e->responsible);
		DB_COPY(r, i, "entered_on", e->entered_on);
		DB_COPY(r, i, "last_visit_on", e->last_visit_on);
		e->visits = atoi(db_value(r, i, "visits"));
		DB_COPY(r, i, "visit_due", e->visit_due);
		DB_COPY(r, i, "proposal", e->proposal);
		DB_COPY(r, i, "items", e->proposal_items);
		e->version = atoi(db_value(r, i, "version"));
		e->light = case_light_parse(db_value(r, i, "light"));
		e->days_left = atoi(db_value(r, i, "days_left"));
	}
}

enum od_status watch_register(struct db *db, const char *centre, const char *village, int limit,
			      struct watch_entry **rows, int *count, struct diag *d)
{
	struct db_query q;
	watch_register_query(&q, centre, village, limit);
	struct db_result *r = NULL;
	enum od_status st = run(db, &q, &r, d);
	if (st == OD_OK)
		watch_register_read(r, rows, count);
	else
		*rows = NULL, *count = 0;
	db_result_free(&r);
	return st;
}

void watch_visit_query(struct db_query *q, const char *request_id, long long id, int version,
		       const char *findings, const char *changes_json, const char *day)
{
	char ids[24], ver[16];
	const char *params[] = {request_id, num(ids, sizeof ids, id), num(ver, sizeof ver, version),
				findings, or_null(changes_json), or_null(day)};
	db_query_set(
		q,
		"SELECT version, coalesce(proposal, '') AS proposal, "
		"       array_to_string(proposal_items, ',') AS items, visit_due::text AS visit_due "
		"FROM onedoor.monitoring_visit($1::uuid, $2::bigint, $3::integer, $4, "
		"     coalesce($5::jsonb, '{}'), $6::date)",
		6, params);
}

void watch_visit_read(const struct db_result *r, struct watch_visit_result *out)
{
	memset(out, 0, sizeof *out);
	if (db_rows(r) > 0) {
		out->version = atoi(db_value(r, 0, "version"));
		DB_COPY(r, 0, "proposal", out->proposal);
		DB_COPY(r, 0, "items", out->items);
		DB_COPY(r, 0, "visit_due", out->visit_due);
	}
}

enum od_status watch_visit(struct db *db, const char *request_id, long long id, int version,
			   const char *findings, const char *changes_json, const char *day,
			   struct watch_visit_result *out, struct diag *d)
{
	struct db_query q;
	watch_visit_query(&q, request_id, id, version, findings, changes_json, day);
	struct db_result *r = NULL;
	enum od_status st = run(db, &q, &r, d);
	if (st == OD_OK)
		watch_visit_read(r, out);
	db_result_free(&r);
	return st;
}

void watch_entry_act_query(struct db_query *q, const char *request_id, long long id, int version,
			   const char *action, int category, const char *note,
			   const char *application_no)
{
	char ids[24], ver[16], cat[24];
	const char *params[] = {request_id,
				num(ids, sizeof ids, id),
				num(ver, sizeof ver, version),
				action,
				category ? num(cat, sizeof cat, category) : NULL,
				or_null(note),
				or_null(application_no)};
	db_query_set(q,
		     "SELECT * FROM onedoor.monitoring_act($1::uuid, $2::bigint, $3::integer, $4, "
		     "$5::integer, $6, $7)",
		     7, params);
}

enum od_status watch_entry_act(struct db *db, const char *request_id, long long id, int version,
			       const char *action, int category, const char *note,
			       const char *application_no, struct diag *d)
{
	struct db_query q;
	watch_entry_act_query(&q, request_id, id, version, action, category, note, application_no);
	return run(db, &q, NULL, d);
}

void watch_care_list_query(struct db_query *q)
{
	db_query_set(
		q,
		"SELECT person_id, person_name, coalesce(colour, '') AS colour, "
		"       coalesce(living, '') AS living, coalesce(health, '') AS health, "
		"       coalesce(care, '') AS care, coalesce(rated_on::text, '') AS rated_on, "
		"       open_items, overdue_items, coalesce(next_deadline::text, '') AS next_deadline "
		"FROM onedoor.care_register "
		"ORDER BY colour_rank DESC, next_deadline NULLS LAST, person_name",
		0, NULL);
}

void watch_care_list_read(const struct db_result *r, struct watch_care **rows, int *count)
{
	*count = db_rows_alloc(r, sizeof **rows, (void **)rows);
	for (int i = 0; i < *count; i++) {
		struct watch_care *c = &(*rows)[i];
		c->person_id = strtoll(db_value(r, i, "person_id"), NULL, 10);
		DB_COPY(r, i, "person_name", c->person_name);
		DB_COPY(r, i, "colour", c->colour);
		DB_COPY(r, i, "living", c->living);
		DB_COPY(r, i, "health", c->health);
		DB_COPY(r, i, "care", c->care);
		DB_COPY(r, i, "rated_on", c->rated_on);
		c->open_items = atoi(db_value(r, i, "open_items"));
		c->overdue_items = atoi(db_value(r, i, "overdue_items"));
		DB_COPY(r, i, "next_deadline", c->next_deadline);
	}
}

enum od_status watch_care_list(struct db *db, struct watch_care **rows, int *count,
			       struct diag *d)
{
	struct db_query q;
	watch_care_list_query(&q);
	struct db_result *r = NULL;
	enum od_status st = run(db, &q, &r, d);
	if (st == OD_OK)
		watch_care_list_read(r, rows, count);
	else
		*rows = NULL, *count = 0;
	db_result_free(&r);
	return st;
}

void watch_problems_query(struct db_query *q, long long person_id)
{
	char ids[24];
	const char *params[] = {num(ids, sizeof ids, person_id)};
	db_query_set(
		q,
		"SELECT id, item, responsible, deadline::text AS deadline, "
		"       coalesce(closed_on::text, '') AS closed_on, "
		"       coalesce(close_note, '') AS close_note, version, coalesce(light, '') AS light "
		"FROM onedoor.care_problem_list WHERE person_id = $1::bigint "
		"ORDER BY closed_on IS NOT NULL, deadline, id",
		1, params);
}

void watch_problems_read(const struct db_result *r, struct watch_problem **rows, int *count)
{
	*count = db_rows_alloc(r, sizeof **rows, (void **)rows);
	for (int i = 0; i < *count; i++) {
		struct watch_problem *p = &(*rows)[i];
		p->id = strtoll(db_value(r, i, "id"), NULL, 10);
		DB_COPY(r, i, "item", p->item);
		DB_COPY(r, i, "responsible", p->responsible);
		DB_COPY(r, i, "deadline", p->deadline);
		DB_COPY(r, i, "closed_on", p->closed_on);
		DB_COPY(r, i, "close_note", p->close_note);
		p->version = atoi(db_value(r, i, "version"));
		p->light = case_light_parse(db_value(r, i, "light"));
	}
}

enum od_status watch_problems(struct db *db, long long person_id, struct watch_problem **rows,
			      int *count, struct diag *d)
{
	struct db_query q;
	watch_problems_query(&q, person_id);
	struct db_result *r = NULL;
	enum od_status st = run(db, &q, &r, d);
	if (st == OD_OK)
		watch_problems_read(r, rows, count);
	else
		*rows = NULL, *count = 0;
	db_result_free(&r);
	return st;
}

void watch_care_rate_query(struct db_query *q, const char *request_id, long long person_id,
			   const char *living, const char *health, const char *care,
			   const char *note, const char *problems_json)
{
	char ids[24];
	const char *params[] = {request_id, num(ids, sizeof ids, person_id), living, health, care,
				or_null(note), or_null(problems_json)};
	db_query_set(q,
		     "SELECT colour FROM onedoor.care_rate($1::uuid, $2::bigint, $3, $4, $5, $6, "
		     "coalesce($7::jsonb, '[]'))",
		     7, params);
}

enum od_status watch_care_rate(struct db *db, const char *request_id, long long person_id,
			       const char *living, const char *health, const char *care,
			       const char *note, const char *problems_json, char colour[8],
			       struct diag *d)
{
	struct db_query q;
	watch_care_rate_query(&q, request_id, person_id, living, health, care, note,
			      problems_json);
	return run1(db, &q, "colour", colour, 8, d);
}

void watch_problem_add_query(struct db_query *q, const char *request_id, long long person_id,
			     const char *item, const char *responsible, const char *deadline)
{
	char ids[24];
	const char *params[] = {request_id, num(ids, sizeof ids, person_id), item, responsible,
				deadline};
	db_query_set(q,
		     "SELECT problem_id FROM onedoor.care_problem_add($1::uuid, $2::bigint, $3, $4, "
		     "$5::date)",
		     5, params);
}

void watch_problem_close_query(struct db_query *q, const char *request_id, long long id,
			       int version, const char *note)
{
	char ids[24], ver[16];
	const char *params[] = {request_id, num(ids, sizeof ids, id), num(ver, sizeof ver, version),
				or_null(note)};
	db_query_set(q,
		     "SELECT open_left FROM onedoor.care_problem_close($1::uuid, "
		     "$2::bigint, $3::integer, $4)",
		     4, params);
}

enum od_status watch_problem_close(struct db *db, const char *request_id, long long id,
				   int version, const char *note, int *open_left, struct diag *d)
{
	char out[16];
	struct db_query q;
	watch_problem_close_query(&q, request_id, id, version, note);
	enum od_status st = run1(db, &q, "open_left", out, sizeof out, d);
	if (st == OD_OK && open_left)
		*open_left = atoi(out);
	return st;
}

void watch_reports_query(struct db_query *q)
{
	db_query_set(
		q,
		"SELECT id, report_no, village_name, subject_name, difficulty, "
		"       reported_on::text AS reported_on, reporter_name, state, "
		"       coalesce(outcome_note, '') AS outcome_note, "
		"       coalesce(application_no, '') AS application_no, "
		"       coalesce(application_status, '') AS application_status, items_open, "
		"       items_granted, items_refused, coalesce(monitoring_entry, '') AS entry, "
		"       coalesce(monitoring_category, 0) AS category, version "
		"FROM onedoor.report_list ORDER BY state <> 'new', id DESC LIMIT 500",
		0, NULL);
}

void watch_reports_read(const struct db_result *r, struct watch_report **rows, int *count)
{
	*count = db_rows_alloc(r, sizeof **rows, (void **)rows);
	for (int i = 0; i < *count; i++) {
		struct watch_report *p = &(*rows)[i];
		p->id = strtoll(db_value(r, i, "id"), NULL, 10);
		DB_COPY(r, i, "report_no", p->report_no);
		DB_COPY(r, i, "village_name", p->village_name);
		DB_COPY(r, i, "subject_name", p->subject_name);
		DB_COPY(r, i, "difficulty", p->difficulty);
		DB_COPY(r, i, "reported_on", p->reported_on);
		DB_COPY(r, i, "reporter_name", p->reporter_name);
		DB_COPY(r, i, "state", p->state);
		DB_COPY(r, i, "outcome_note", p->outcome_note);
		DB_COPY(r, i, "application_no", p->application_no);
		DB_COPY(r, i, "application_status", p->application_status);
		p->items_open = atoi(db_value(r, i, "items_open"));
		p->items_granted = atoi(db_value(r, i, "items_granted"));
		p->items_refused = atoi(db_value(r, i, "items_refused"));
		DB_COPY(r, i, "entry", p->monitoring_entry);
		p->monitoring_category = atoi(db_value(r, i, "category"));
		p->version = atoi(db_value(r, i, "version"));
	}
}

enum od_status watch_reports(struct db *db, struct watch_report **rows, int *count,
			     struct diag *d)
{
	struct db_query q;
	watch_reports_query(&q);
	struct db_result *r = NULL;
	enum od_status st = run(db, &q, &r, d);
	if (st == OD_OK)
		watch_reports_read(r, rows, count);
	else
		*rows = NULL, *count = 0;
	db_result_free(&r);
	return st;
}

void watch_report_household_query(struct db_query *q, const char *request_id,
				  const char *household_json, const char *difficulty)
{
	const char *params[] = {request_id, household_json, difficulty};
	db_query_set(q, "SELECT report_no FROM onedoor.report_household($1::uuid, $2::jsonb, $3)",
		     3, params);
}

enum od_status watch_report_household(struct db *db, const char *request_id,
				      const char *household_json, const char *difficulty,
				      char report_no[24], struct diag *d)
{
	struct db_query q;
	watch_report_household_query(&q, request_id, household_json, difficulty);
	return run1(db, &q, "report_no", report_no, 24, d);
}

void watch_report_form_query(struct db_query *q, long long id)
{
	char ids[24];
	const char *params[] = {num(ids, sizeof ids, id)};
	db_query_set(q, "SELECT member, key, value FROM onedoor.report_form($1::bigint)", 1, params);
}

void watch_report_to_application_query(struct db_query *q, const char *request_id, long long id,
				       int version, const char *household_json)
{
	char ids[24], ver[16];
	const char *params[] = {request_id, num(ids, sizeof ids, id), num(ver, sizeof ver, version),
				household_json};
	db_query_set(q,
		     "SELECT application_no, household_no FROM onedoor.report_to_application("
		     "$1::uuid, $2::bigint, $3::integer, $4::jsonb)",
		     4, params);
}

void watch_report_to_monitoring_query(struct db_query *q, const char *request_id, long long id,
				      int version, int category, const char *reason,
				      const char *responsible)
{
	char ids[24], ver[16], cat[24];
	const char *params[] = {request_id, num(ids, sizeof ids, id), num(ver, sizeof ver, version),
				num(cat, sizeof cat, category), or_null(reason), or_null(responsible)};
	db_query_set(q,
		     "SELECT * FROM onedoor.report_to_monitoring($1::uuid, $2::bigint, $3::integer, "
		     "$4::integer, $5, $6)",
		     6, params);
}

enum od_status watch_report_to_monitoring(struct db *db, const char *request_id, long long id,
					  int version, int category, const char *reason,
					  const char *responsible, struct diag *d)
{
	struct db_query q;
	watch_report_to_monitoring_query(&q, request_id, id, version, category, reason,
					 responsible);
	return run(db, &q, NULL, d);
}

void watch_report_close_query(struct db_query *q, const char *request_id, long long id,
			      int version, const char *note)
{
	char ids[24], ver[16];
	const char *params[] = {request_id, num(ids, sizeof ids, id), num(ver, sizeof ver, version),
				or_null(note)};
	db_query_set(q, "SELECT * FROM onedoor.report_close($1::uuid, $2::bigint, $3::integer, $4)",
		     4, params);
}

enum od_status watch_report_close(struct db *db, const char *request_id, long long id,
				  int version, const char *note, struct diag *d)
{
	struct db_query q;
	watch_report_close_query(&q, request_id, id, version, note);
	return run(db, &q, NULL, d);
}

void watch_figures_query(struct db_query *q)
{
	db_query_set(q,
		     "SELECT code, name, n, unack, wred, wyellow, a02, a35, a610, a10, c1, c2, soon, "
		     "       missed, proposals, cred, coverdue FROM onedoor.watch_figures()",
		     0, NULL);
}

void watch_figures_read(const struct db_result *r, struct watch_figures **rows, int *count)
{
	*count = db_rows_alloc(r, sizeof **rows, (void **)rows);
	for (int i = 0; i < *count; i++) {
		struct watch_figures *f = &(*rows)[i];
		DB_COPY(r, i, "code", f->centre_code);
		DB_COPY(r, i, "name", f->centre_name);
		f->warnings_open = atoi(db_value(r, i, "n"));
		f->warnings_unacknowledged = atoi(db_value(r, i, "unack"));
		f->warnings_red = atoi(db_value(r, i, "wred"));
		f->warnings_yellow = atoi(db_value(r, i, "wyellow"));
		f->age_0_2 = atoi(db_value(r, i, "a02"));
		f->age_3_5 = atoi(db_value(r, i, "a35"));
		f->age_6_10 = atoi(db_value(r, i, "a610"));
		f->age_over_10 = atoi(db_value(r, i, "a10"));
		f->category_1 = atoi(db_value(r, i, "c1"));
		f->category_2 = atoi(db_value(r, i, "c2"));
		f->visits_due_soon = atoi(db_value(r, i, "soon"));
		f->visits_missed = atoi(db_value(r, i, "missed"));
		f->proposals = atoi(db_value(r, i, "proposals"));
		f->care_red = atoi(db_value(r, i, "cred"));
		f->care_overdue = atoi(db_value(r, i, "coverdue"));
	}
}

enum od_status watch_figures(struct db *db, struct watch_figures **rows, int *count,
			     struct diag *d)
{
	struct db_query q;
	watch_figures_query(&q);
	struct db_result *r = NULL;
	enum od_status st = run(db, &q, &r, d);
	if (st == OD_OK)
		watch_figures_read(r, rows, count);
	else
		*rows = NULL, *count = 0;
	db_result_free(&r);
	return st;
}
