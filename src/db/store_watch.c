/* store_watch.c - reads and writes of the warning queue, the monitoring
 * register, care ratings and coordinators' reports (store_watch.h). */
#include "onedoor/store_watch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src))


/* Runs a write and discards its result (the caller re-reads the list). */
static enum od_status write0(struct db *db, const char *sql, int nparams,
			     const char *const *params, struct diag *d)
{
	return db_exec(db, sql, nparams, params, NULL, d);
}

/* A write whose one row's `column` the caller wants, copied into out. */
static enum od_status write1(struct db *db, const char *sql, int nparams,
			     const char *const *params, const char *column, char *out,
			     size_t size, struct diag *d)
{
	struct db_result *r = NULL;
	enum od_status st = db_exec(db, sql, nparams, params, &r, d);
	if (st != OD_OK)
		return st;
	snprintf(out, size, "%s", db_rows(r) > 0 ? db_value(r, 0, column) : "");
	db_result_free(&r);
	return OD_OK;
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

enum od_status watch_warnings(struct db *db, const char *department, const char *centre,
			      int limit, struct watch_warning **rows, int *count, struct diag *d)
{
	char lim[16];
	const char *params[] = {or_null(department), or_null(centre), num(lim, sizeof lim, limit)};
	struct db_result *r = NULL;
	enum od_status st = db_exec_rows(
		db,
		"SELECT id, warning_no, household_no, subject_name, centre_name, department, "
		"       name_zh, name_en, message_zh, message_en, raised_on::text AS raised_on, "
		"       ack_due::text AS ack_due, state, version, coalesce(light, '') AS light, "
		"       coalesce(days_left, 0) AS days_left, coalesce(age_days, 0) AS age_days "
		"FROM onedoor.warning_queue_page($1, $2, $3::integer)",
		3, params, sizeof **rows, (void **)rows, count, &r, d);
	if (st != OD_OK)
		return st;
	for (int i = 0; i < *count; i++) {
		struct watch_warning *w = &(*rows)[i];
		w->id = strtoll(db_value(r, i, "id"), NULL, 10);
		COPY(w->warning_no, db_value(r, i, "warning_no"));
		COPY(w->household_no, db_value(r, i, "household_no"));
		COPY(w->subject_name, db_value(r, i, "subject_name"));
		COPY(w->centre_name, db_value(r, i, "centre_name"));
		COPY(w->department, db_value(r, i, "department"));
		COPY(w->name[0], db_value(r, i, "name_zh"));
		COPY(w->name[1], db_value(r, i, "name_en"));
		COPY(w->message[0], db_value(r, i, "message_zh"));
		COPY(w->message[1], db_value(r, i, "message_en"));
		COPY(w->raised_on, db_value(r, i, "raised_on"));
		COPY(w->ack_due, db_value(r, i, "ack_due"));
		COPY(w->state, db_value(r, i, "state"));
		w->version = atoi(db_value(r, i, "version"));
		w->light = case_light_parse(db_value(r, i, "light"));
		w->days_left = atoi(db_value(r, i, "days_left"));
		w->age_days = atoi(db_value(r, i, "age_days"));
	}
	db_result_free(&r);
	return OD_OK;
}

enum od_status watch_warning_act(struct db *db, const char *request_id, long long id,
				 int version, const char *action, const char *outcome,
				 const char *note, const char *application_no, int *new_version,
				 struct diag *d)
{
	char ids[24], ver[16], out[16];
	const char *params[] = {request_id,	    num(ids, sizeof ids, id),
				num(ver, sizeof ver, version), action,
				or_null(outcome),	    or_null(note),
				or_null(application_no)};
	enum od_status st = write1(db,
				   "SELECT version FROM onedoor.warning_act($1::uuid, $2::bigint, "
				   "$3::integer, $4, $5, $6, $7)",
				   7, params, "version", out, sizeof out, d);
	if (st == OD_OK && new_version)
		*new_version = atoi(out);
	return st;
}

enum od_status watch_register(struct db *db, const char *centre, const char *village, int limit,
			      struct watch_entry **rows, int *count, struct diag *d)
{
	char lim[16];
	const char *params[] = {or_null(centre), or_null(village), num(lim, sizeof lim, limit)};
	struct db_result *r = NULL;
	enum od_status st = db_exec_rows(
		db,
		"SELECT id, entry_no, subject_name, centre_code, category, reason, source, "
		"       source_ref, responsible, entered_on::text AS entered_on, "
		"       coalesce(last_visit_on::text, '') AS last_visit_on, visits, "
		"       visit_due::text AS visit_due, coalesce(proposal, '') AS proposal, "
		"       array_to_string(proposal_items, ',') AS items, version, "
		"       coalesce(light, '') AS light, coalesce(days_left, 0) AS days_left "
		"FROM onedoor.monitoring_page($1, $2, $3::integer)",
		3, params, sizeof **rows, (void **)rows, count, &r, d);
	if (st != OD_OK)
		return st;
	for (int i = 0; i < *count; i++) {
		struct watch_entry *e = &(*rows)[i];
		e->id = strtoll(db_value(r, i, "id"), NULL, 10);
		COPY(e->entry_no, db_value(r, i, "entry_no"));
		COPY(e->subject_name, db_value(r, i, "subject_name"));
		COPY(e->centre_code, db_value(r, i, "centre_code"));
		e->category = atoi(db_value(r, i, "category"));
		COPY(e->reason, db_value(r, i, "reason"));
		COPY(e->source, db_value(r, i, "source"));
		COPY(e->source_ref, db_value(r, i, "source_ref"));
		COPY(e->responsible, db_value(r, i, "responsible"));
		COPY(e->entered_on, db_value(r, i, "entered_on"));
		COPY(e->last_visit_on, db_value(r, i, "last_visit_on"));
		e->visits = atoi(db_value(r, i, "visits"));
		COPY(e->visit_due, db_value(r, i, "visit_due"));
		COPY(e->proposal, db_value(r, i, "proposal"));
		COPY(e->proposal_items, db_value(r, i, "items"));
		e->version = atoi(db_value(r, i, "version"));
		e->light = case_light_parse(db_value(r, i, "light"));
		e->days_left = atoi(db_value(r, i, "days_left"));
	}
	db_result_free(&r);
	return OD_OK;
}

enum od_status watch_visit(struct db *db, const char *request_id, long long id, int version,
			   const char *findings, const char *changes_json, const char *day,
			   struct watch_visit_result *out, struct diag *d)
{
	char ids[24], ver[16];
	const char *params[] = {request_id, num(ids, sizeof ids, id), num(ver, sizeof ver, version),
				findings, or_null(changes_json), or_null(day)};
	struct db_result *r = NULL;
	enum od_status st = db_exec(
		db,
		"SELECT version, coalesce(proposal, '') AS proposal, "
		"       array_to_string(proposal_items, ',') AS items, visit_due::text AS visit_due "
		"FROM onedoor.monitoring_visit($1::uuid, $2::bigint, $3::integer, $4, "
		"     coalesce($5::jsonb, '{}'), $6::date)",
		6, params, &r, d);
	if (st != OD_OK)
		return st;
	memset(out, 0, sizeof *out);
	if (db_rows(r) > 0) {
		out->version = atoi(db_value(r, 0, "version"));
		COPY(out->proposal, db_value(r, 0, "proposal"));
		COPY(out->items, db_value(r, 0, "items"));
		COPY(out->visit_due, db_value(r, 0, "visit_due"));
	}
	db_result_free(&r);
	return OD_OK;
}

enum od_status watch_entry_act(struct db *db, const char *request_id, long long id, int version,
			       const char *action, int category, const char *note,
			       const char *application_no, struct diag *d)
{
	char ids[24], ver[16], cat[24];
	const char *params[] = {request_id,
				num(ids, sizeof ids, id),
				num(ver, sizeof ver, version),
				action,
				category ? num(cat, sizeof cat, category) : NULL,
				or_null(note),
				or_null(application_no)};
	return write0(db,
		      "SELECT * FROM onedoor.monitoring_act($1::uuid, $2::bigint, $3::integer, $4, "
		      "$5::integer, $6, $7)",
		      7, params, d);
}

enum od_status watch_care_list(struct db *db, struct watch_care **rows, int *count,
			       struct diag *d)
{
	struct db_result *r = NULL;
	enum od_status st = db_exec_rows(
		db,
		"SELECT person_id, person_name, coalesce(colour, '') AS colour, "
		"       coalesce(living, '') AS living, coalesce(health, '') AS health, "
		"       coalesce(care, '') AS care, coalesce(rated_on::text, '') AS rated_on, "
		"       open_items, overdue_items, coalesce(next_deadline::text, '') AS next_deadline "
		"FROM onedoor.care_register "
		"ORDER BY colour_rank DESC, next_deadline NULLS LAST, person_name",
		0, NULL, sizeof **rows, (void **)rows, count, &r, d);
	if (st != OD_OK)
		return st;
	for (int i = 0; i < *count; i++) {
		struct watch_care *c = &(*rows)[i];
		c->person_id = strtoll(db_value(r, i, "person_id"), NULL, 10);
		COPY(c->person_name, db_value(r, i, "person_name"));
		COPY(c->colour, db_value(r, i, "colour"));
		COPY(c->living, db_value(r, i, "living"));
		COPY(c->health, db_value(r, i, "health"));
		COPY(c->care, db_value(r, i, "care"));
		COPY(c->rated_on, db_value(r, i, "rated_on"));
		c->open_items = atoi(db_value(r, i, "open_items"));
		c->overdue_items = atoi(db_value(r, i, "overdue_items"));
		COPY(c->next_deadline, db_value(r, i, "next_deadline"));
	}
	db_result_free(&r);
	return OD_OK;
}

enum od_status watch_problems(struct db *db, long long person_id, struct watch_problem **rows,
			      int *count, struct diag *d)
{
	char ids[24];
	const char *params[] = {num(ids, sizeof ids, person_id)};
	struct db_result *r = NULL;
	enum od_status st = db_exec_rows(
		db,
		"SELECT id, item, responsible, deadline::text AS deadline, "
		"       coalesce(closed_on::text, '') AS closed_on, "
		"       coalesce(close_note, '') AS close_note, version, coalesce(light, '') AS light "
		"FROM onedoor.care_problem_list WHERE person_id = $1::bigint "
		"ORDER BY closed_on IS NOT NULL, deadline, id",
		1, params, sizeof **rows, (void **)rows, count, &r, d);
	if (st != OD_OK)
		return st;
	for (int i = 0; i < *count; i++) {
		struct watch_problem *p = &(*rows)[i];
		p->id = strtoll(db_value(r, i, "id"), NULL, 10);
		COPY(p->item, db_value(r, i, "item"));
		COPY(p->responsible, db_value(r, i, "responsible"));
		COPY(p->deadline, db_value(r, i, "deadline"));
		COPY(p->closed_on, db_value(r, i, "closed_on"));
		COPY(p->close_note, db_value(r, i, "close_note"));
		p->version = atoi(db_value(r, i, "version"));
		p->light = case_light_parse(db_value(r, i, "light"));
	}
	db_result_free(&r);
	return OD_OK;
}

enum od_status watch_care_rate(struct db *db, const char *request_id, long long person_id,
			       const char *living, const char *health, const char *care,
			       const char *note, const char *problems_json, char colour[8],
			       struct diag *d)
{
	char ids[24];
	const char *params[] = {request_id, num(ids, sizeof ids, person_id), living, health, care,
				or_null(note), or_null(problems_json)};
	return write1(db,
		      "SELECT colour FROM onedoor.care_rate($1::uuid, $2::bigint, $3, $4, $5, $6, "
		      "coalesce($7::jsonb, '[]'))",
		      7, params, "colour", colour, 8, d);
}

enum od_status watch_problem_close(struct db *db, const char *request_id, long long id,
				   int version, const char *note, int *open_left, struct diag *d)
{
	char ids[24], ver[16], out[16];
	const char *params[] = {request_id, num(ids, sizeof ids, id), num(ver, sizeof ver, version),
				or_null(note)};
	enum od_status st = write1(db,
				   "SELECT open_left FROM onedoor.care_problem_close($1::uuid, "
				   "$2::bigint, $3::integer, $4)",
				   4, params, "open_left", out, sizeof out, d);
	if (st == OD_OK && open_left)
		*open_left = atoi(out);
	return st;
}

enum od_status watch_reports(struct db *db, struct watch_report **rows, int *count,
			     struct diag *d)
{
	struct db_result *r = NULL;
	enum od_status st = db_exec_rows(
		db,
		"SELECT id, report_no, village_name, subject_name, difficulty, "
		"       reported_on::text AS reported_on, reporter_name, state, "
		"       coalesce(outcome_note, '') AS outcome_note, "
		"       coalesce(application_no, '') AS application_no, "
		"       coalesce(application_status, '') AS application_status, items_open, "
		"       items_granted, items_refused, coalesce(monitoring_entry, '') AS entry, "
		"       coalesce(monitoring_category, 0) AS category, version "
		"FROM onedoor.report_list ORDER BY state <> 'new', id DESC LIMIT 500",
		0, NULL, sizeof **rows, (void **)rows, count, &r, d);
	if (st != OD_OK)
		return st;
	for (int i = 0; i < *count; i++) {
		struct watch_report *p = &(*rows)[i];
		p->id = strtoll(db_value(r, i, "id"), NULL, 10);
		COPY(p->report_no, db_value(r, i, "report_no"));
		COPY(p->village_name, db_value(r, i, "village_name"));
		COPY(p->subject_name, db_value(r, i, "subject_name"));
		COPY(p->difficulty, db_value(r, i, "difficulty"));
		COPY(p->reported_on, db_value(r, i, "reported_on"));
		COPY(p->reporter_name, db_value(r, i, "reporter_name"));
		COPY(p->state, db_value(r, i, "state"));
		COPY(p->outcome_note, db_value(r, i, "outcome_note"));
		COPY(p->application_no, db_value(r, i, "application_no"));
		COPY(p->application_status, db_value(r, i, "application_status"));
		p->items_open = atoi(db_value(r, i, "items_open"));
		p->items_granted = atoi(db_value(r, i, "items_granted"));
		p->items_refused = atoi(db_value(r, i, "items_refused"));
		COPY(p->monitoring_entry, db_value(r, i, "entry"));
		p->monitoring_category = atoi(db_value(r, i, "category"));
		p->version = atoi(db_value(r, i, "version"));
	}
	db_result_free(&r);
	return OD_OK;
}

enum od_status watch_report_household(struct db *db, const char *request_id,
				      const char *household_json, const char *difficulty,
				      char report_no[24], struct diag *d)
{
	const char *params[] = {request_id, household_json, difficulty};
	return write1(db,
		      "SELECT report_no FROM onedoor.report_household($1::uuid, $2::jsonb, $3)", 3,
		      params, "report_no", report_no, 24, d);
}

enum od_status watch_report_to_monitoring(struct db *db, const char *request_id, long long id,
					  int version, int category, const char *reason,
					  const char *responsible, struct diag *d)
{
	char ids[24], ver[16], cat[24];
	const char *params[] = {request_id, num(ids, sizeof ids, id), num(ver, sizeof ver, version),
				num(cat, sizeof cat, category), or_null(reason), or_null(responsible)};
	return write0(db,
		      "SELECT * FROM onedoor.report_to_monitoring($1::uuid, $2::bigint, $3::integer, "
		      "$4::integer, $5, $6)",
		      6, params, d);
}

enum od_status watch_report_close(struct db *db, const char *request_id, long long id,
				  int version, const char *note, struct diag *d)
{
	char ids[24], ver[16];
	const char *params[] = {request_id, num(ids, sizeof ids, id), num(ver, sizeof ver, version),
				or_null(note)};
	return write0(db,
		      "SELECT * FROM onedoor.report_close($1::uuid, $2::bigint, $3::integer, $4)", 4,
		      params, d);
}

enum od_status watch_figures(struct db *db, struct watch_figures **rows, int *count,
			     struct diag *d)
{
	struct db_result *r = NULL;
	enum od_status st = db_exec_rows(
		db,
		"SELECT code, name, n, unack, wred, wyellow, a02, a35, a610, a10, c1, c2, soon, "
		"       missed, proposals, cred, coverdue FROM onedoor.watch_figures()",
		0, NULL, sizeof **rows, (void **)rows, count, &r, d);
	if (st != OD_OK)
		return st;
	for (int i = 0; i < *count; i++) {
		struct watch_figures *f = &(*rows)[i];
		COPY(f->centre_code, db_value(r, i, "code"));
		COPY(f->centre_name, db_value(r, i, "name"));
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
	db_result_free(&r);
	return OD_OK;
}
