/* store_lifecycle.c - re-check draws, reviews and a household's history
 * through the server's functions and its row security. */
#include "onedoor/store_lifecycle.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The month arrives as YYYY-MM: the first of it is the date. */
static const char draw_read_sql[] =
	"SELECT d.id, to_char(d.month, 'YYYY-MM') AS month, d.percent::text AS percent, d.seed, "
	"       cardinality(d.population) AS population_size, "
	"       array_to_string(d.drawn, ' ') AS drawn, "
	"       array_to_string(onedoor.recheck_pick(d.population, d.percent, d.seed), ' ') "
	"         AS redrawn, d.drawn_by, "
	"       to_char(d.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS at "
	"FROM onedoor.recheck_draws d "
	"WHERE d.month = to_date($1 || '-01', 'YYYY-MM-DD') "
	"  AND d.county = (onedoor.current_staff()).county";

enum od_status lifecycle_recheck_draw(struct db *db, const char *request_id, const char *month,
				      const char *percent, const char *seed,
				      struct db_result **out, struct diag *d)
{
	const char *params[] = {request_id, month, percent, seed};
	enum od_status st = db_exec(db,
				    "SELECT onedoor.recheck_draw($1::uuid, "
				    "to_date($2 || '-01', 'YYYY-MM-DD'), $3::numeric, $4)",
				    4, params, NULL, d);
	if (st != OD_OK)
		return st;
	return lifecycle_recheck_draw_read(db, month, out, d);
}

enum od_status lifecycle_recheck_draw_read(struct db *db, const char *month,
					   struct db_result **out, struct diag *d)
{
	const char *params[] = {month};
	return db_exec(db, draw_read_sql, 1, params, out, d);
}

static const char generate_sql[] =
	"SELECT opened, due FROM onedoor.reviews_generate($1::uuid, "
	"to_date($2 || '-01', 'YYYY-MM-DD'))";
static const char from_data_sql[] =
	"SELECT checked, opened FROM onedoor.reviews_from_data($1::uuid, $2::date)";

enum od_status lifecycle_reviews_generate(struct db *db, const char *request_id, const char *month,
					  struct db_result **out, struct diag *d)
{
	const char *params[] = {request_id, month};
	return db_exec(db, generate_sql, 2, params, out, d);
}

enum od_status lifecycle_reviews_from_data(struct db *db, const char *request_id,
					   const char *since, struct db_result **out,
					   struct diag *d)
{
	const char *params[] = {request_id, since};
	return db_exec(db, from_data_sql, 2, params, out, d);
}

void lifecycle_reviews_generate_query(struct db_query *q, const char *request_id,
				      const char *month)
{
	const char *params[] = {request_id, month};
	db_query_set(q, generate_sql, 2, params);
}

void lifecycle_reviews_from_data_query(struct db_query *q, const char *request_id,
				       const char *since)
{
	const char *params[] = {request_id, since};
	db_query_set(q, from_data_sql, 2, params);
}

/* A household's history ------------------------------------------------------ */

static long long fen_or_none(const struct db_result *r, int row, const char *column)
{
	return db_is_null(r, row, column) ? -1 : strtoll(db_value(r, row, column), NULL, 10);
}

void lifecycle_history_trace_query(struct db_query *q, const char *case_id,
				   const char *resident_id)
{
	const char *params[] = {case_id, resident_id};
	db_query_set(q, "SELECT onedoor.household_history_open($1::bigint, $2) AS household_no", 2,
		     params);
}

void lifecycle_history_trace_no_query(struct db_query *q, const char *household_no)
{
	const char *params[] = {household_no};
	db_query_set(q, "SELECT onedoor.household_history_open_no($1) AS household_no", 1, params);
}

bool lifecycle_history_trace_read(const struct db_result *r, char out[40])
{
	if (db_rows(r) < 1)
		return false;
	db_copy(r, 0, "household_no", out, 40);
	return *out != '\0';
}

/* The diff of household_diff as lines: the household's keys first, then
 * each member's (a member added or removed as one line). */
void lifecycle_history_versions_query(struct db_query *q, const char *household_no)
{
	const char *params[] = {household_no};
	db_query_set(q,
		     "SELECT h.version, to_char(h.at AT TIME ZONE 'Asia/Shanghai', "
		     "         'YYYY-MM-DD HH24:MI') AS at, h.changed_by_name AS who, "
		     "       coalesce(h.reason, '') AS reason, coalesce(x.member, '') AS member, "
		     "       coalesce(x.key, '') AS key, coalesce(x.old, '') AS old_value, "
		     "       coalesce(x.new, '') AS new_value, coalesce(ml.name, '') AS member_name "
		     "FROM onedoor.household_history($1) h "
		     "LEFT JOIN LATERAL ("
		     "  SELECT 0 AS ord, '' AS member, f.key, f.value ->> 0 AS old, "
		     "         f.value ->> 1 AS new "
		     "  FROM jsonb_each(h.changes -> 'household') f "
		     "  UNION ALL "
		     "  SELECT 1, m.key, CASE WHEN jsonb_typeof(m.value) = 'string' "
		     "                        THEN '_' || (m.value #>> '{}') ELSE g.key END, "
		     "         g.value ->> 0, g.value ->> 1 "
		     "  FROM jsonb_each(h.changes -> 'members') m "
		     "  LEFT JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(m.value) = 'object' "
		     "                               THEN m.value END) g ON true"
		     ") x ON true "
		     /* The member's name while still in the household (IDs stay masked). */
		     "LEFT JOIN onedoor.member_list ml ON x.member <> '' "
		     "  AND ml.resident_id_masked = x.member AND ml.household_id = "
		     "      (SELECT id FROM onedoor.households WHERE household_no = $1) "
		     "ORDER BY h.version DESC, x.ord, x.member, x.key",
		     1, params);
}

void lifecycle_history_versions_read(const struct db_result *r, struct history_change **rows,
				     int *count)
{
	*count = db_rows_alloc(r, sizeof **rows, (void **)rows);
	for (int i = 0; i < *count; i++) {
		struct history_change *c = &(*rows)[i];
		c->version = atoi(db_value(r, i, "version"));
		DB_COPY(r, i, "at", c->at);
		DB_COPY(r, i, "who", c->who);
		DB_COPY(r, i, "reason", c->reason);
		DB_COPY(r, i, "member", c->member);
		DB_COPY(r, i, "member_name", c->member_name);
		DB_COPY(r, i, "key", c->key);
		DB_COPY(r, i, "old_value", c->old_value);
		DB_COPY(r, i, "new_value", c->new_value);
	}
}

void lifecycle_history_cases_query(struct db_query *q, const char *household_no)
{
	const char *params[] = {household_no};
	db_query_set(q,
		     "SELECT a.application_no, "
		     "       to_char(a.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') "
		     "         AS registered, a.status AS app_status, "
		     "       coalesce(c.case_no, '') AS case_no, coalesce(c.item_code, '') AS item_code, "
		     "       coalesce(c.stage, '') AS stage, coalesce(d.outcome, '') AS outcome, "
		     "       d.amount_fen AS decided_fen, coalesce(d.period, '') AS period, "
		     "       coalesce(to_char(d.start_month, 'YYYY-MM'), '') AS start_month, "
		     "       coalesce(d.decided_on::text, '') AS decided_on, "
		     "       coalesce(b.state, '') AS benefit_state, "
		     "       coalesce(to_char(b.state_from, 'YYYY-MM'), '') AS state_from, "
		     /* A one-off grant's expiry after its month is its nature, not
		      * an event to explain. */
		     "       CASE WHEN b.state <> 'in_force' AND d.period = 'monthly' "
		     "            THEN coalesce(b.reason, '') ELSE '' END "
		     "         AS state_reason, "
		     "       CASE WHEN b.case_id IS NOT NULL AND d.period = 'monthly' "
		     "            THEN onedoor.benefit_amount_at(c.id, "
		     "                 date_trunc('month', onedoor.today())::date) END AS amount_now_fen "
		     "FROM onedoor.households h "
		     "JOIN onedoor.applications a ON a.household_id = h.id "
		     "LEFT JOIN onedoor.cases c ON c.application_id = a.id "
		     "LEFT JOIN onedoor.decisions d ON d.case_id = c.id "
		     "LEFT JOIN onedoor.benefits b ON b.case_id = c.id "
		     "WHERE h.household_no = $1 "
		     "ORDER BY a.created_at DESC, a.id DESC, c.case_no",
		     1, params);
}

void lifecycle_history_cases_read(const struct db_result *r, struct history_case **rows,
				  int *count)
{
	*count = db_rows_alloc(r, sizeof **rows, (void **)rows);
	for (int i = 0; i < *count; i++) {
		struct history_case *c = &(*rows)[i];
		DB_COPY(r, i, "application_no", c->application_no);
		DB_COPY(r, i, "registered", c->registered);
		DB_COPY(r, i, "app_status", c->app_status);
		DB_COPY(r, i, "case_no", c->case_no);
		DB_COPY(r, i, "item_code", c->item_code);
		DB_COPY(r, i, "stage", c->stage);
		DB_COPY(r, i, "outcome", c->outcome);
		c->decided_fen = fen_or_none(r, i, "decided_fen");
		DB_COPY(r, i, "period", c->period);
		DB_COPY(r, i, "start_month", c->start_month);
		DB_COPY(r, i, "decided_on", c->decided_on);
		DB_COPY(r, i, "benefit_state", c->benefit_state);
		DB_COPY(r, i, "state_from", c->state_from);
		DB_COPY(r, i, "state_reason", c->state_reason);
		c->amount_now_fen = fen_or_none(r, i, "amount_now_fen");
	}
}

/* Reviews ------------------------------------------------------------------- */

#define REVIEW_COLUMNS \
	"id, case_id, case_no, subject_name, centre_code, department, item_code, " \
	"       kind, period::text AS period, cause, " \
	"       coalesce(engine_verdict, '') AS engine_verdict, " \
	"       coalesce(engine_amount, '') AS engine_amount, opened_on::text AS opened_on, " \
	"       due_on::text AS due_on, coalesce(light, '') AS light, amount_fen_now, " \
	"       coalesce(outcome, '') AS outcome, amount_fen, " \
	"       coalesce(to_char(effective_month, 'YYYY-MM'), '') AS effective_month, " \
	"       coalesce(reason, '') AS reason, coalesce(decided_by::text, '') AS decided_by, " \
	"       coalesce(decided_on::text, '') AS decided_on, version, benefit_state, " \
	"       to_char(benefit_state_from, 'YYYY-MM') AS benefit_state_from, " \
	"       benefit_version, may_decide, may_suspend, may_resume "

/* The page's reviews are chosen first, from the reviews alone in the order of
 * their partial indexes (0076), and only those are read through
 * review_screen: its lights, amounts and rights are worked out for the rows
 * shown, not for the county's 50,000 open reviews before the sort. */
void lifecycle_reviews_query(struct db_query *q, bool decided, int limit)
{
	char n[16];
	snprintf(n, sizeof n, "%d", limit);
	const char *params[] = {n};
	/* Open: by due date, which is also red, then yellow, then green (the
	 * light follows the due date).  Decided: the latest first. */
	db_query_set(q,
		     decided ? "SELECT " REVIEW_COLUMNS "FROM onedoor.review_screen "
			       "WHERE id = ANY (ARRAY(SELECT r.id FROM onedoor.reviews r "
			       "  WHERE r.outcome IS NOT NULL "
			       "  ORDER BY r.decided_on DESC, r.due_on, r.id LIMIT $1::int)) "
			       "ORDER BY decided_on DESC, due_on, id"
			     : "SELECT " REVIEW_COLUMNS "FROM onedoor.review_screen "
			       "WHERE id = ANY (ARRAY(SELECT r.id FROM onedoor.reviews r "
			       "  WHERE r.outcome IS NULL ORDER BY r.due_on, r.id LIMIT $1::int)) "
			       "ORDER BY due_on, id",
		     1, params);
}

static bool is_true(const struct db_result *r, int row, const char *column)
{
	return strcmp(db_value(r, row, column), "t") == 0;
}

void lifecycle_reviews_read(const struct db_result *r, struct review_row **rows, int *count)
{
	*count = db_rows_alloc(r, sizeof **rows, (void **)rows);
	for (int i = 0; i < *count; i++) {
		struct review_row *v = &(*rows)[i];
		v->id = strtoll(db_value(r, i, "id"), NULL, 10);
		v->case_id = strtoll(db_value(r, i, "case_id"), NULL, 10);
		DB_COPY(r, i, "case_no", v->case_no);
		DB_COPY(r, i, "subject_name", v->subject_name);
		DB_COPY(r, i, "centre_code", v->centre_code);
		DB_COPY(r, i, "department", v->department);
		DB_COPY(r, i, "item_code", v->item_code);
		DB_COPY(r, i, "kind", v->kind);
		DB_COPY(r, i, "period", v->period);
		DB_COPY(r, i, "cause", v->cause);
		DB_COPY(r, i, "engine_verdict", v->engine_verdict);
		DB_COPY(r, i, "engine_amount", v->engine_amount);
		DB_COPY(r, i, "opened_on", v->opened_on);
		DB_COPY(r, i, "due_on", v->due_on);
		v->light = case_light_parse(db_value(r, i, "light"));
		v->amount_now_fen = fen_or_none(r, i, "amount_fen_now");
		DB_COPY(r, i, "outcome", v->outcome);
		v->amount_fen = fen_or_none(r, i, "amount_fen");
		DB_COPY(r, i, "effective_month", v->effective_month);
		DB_COPY(r, i, "reason", v->reason);
		DB_COPY(r, i, "decided_by", v->decided_by);
		DB_COPY(r, i, "decided_on", v->decided_on);
		v->version = atoi(db_value(r, i, "version"));
		DB_COPY(r, i, "benefit_state", v->benefit_state);
		DB_COPY(r, i, "benefit_state_from", v->benefit_state_from);
		v->benefit_version = atoi(db_value(r, i, "benefit_version"));
		v->may_decide = is_true(r, i, "may_decide");
		v->may_suspend = is_true(r, i, "may_suspend");
		v->may_resume = is_true(r, i, "may_resume");
	}
}

void lifecycle_reviews_may_open_query(struct db_query *q)
{
	db_query_set(q, "SELECT onedoor.reviews_may_open() AS may", 0, NULL);
}

bool lifecycle_reviews_may_open_read(const struct db_result *r)
{
	return db_rows(r) > 0 && is_true(r, 0, "may");
}

void lifecycle_review_decide_query(struct db_query *q, const char *request_id,
				   const char *review_id, const char *version, const char *outcome,
				   const char *amount_fen, const char *month, const char *reason)
{
	const char *params[] = {request_id, review_id, version, outcome, amount_fen, month, reason};
	db_query_set(q,
		     "SELECT onedoor.review_decide($1::uuid, $2::bigint, $3::int, $4, $5::bigint, "
		     "to_date(nullif($6, '') || '-01', 'YYYY-MM-DD'), $7) AS version",
		     7, params);
}

void lifecycle_benefit_state_query(struct db_query *q, const char *request_id,
				   const char *case_id, const char *version, const char *state,
				   const char *month, const char *reason)
{
	const char *params[] = {request_id, case_id, version, state, month, reason};
	db_query_set(q,
		     "SELECT state FROM onedoor.benefit_set_state($1::uuid, $2::bigint, $3::int, $4, "
		     "to_date($5 || '-01', 'YYYY-MM-DD'), $6)",
		     6, params);
}

void lifecycle_rechecks_query(struct db_query *q, int limit)
{
	char n[16];
	snprintf(n, sizeof n, "%d", limit);
	const char *params[] = {n};
	db_query_set(q,
		     "SELECT case_id, case_no, subject_name, item_code, "
		     "       to_char(month, 'YYYY-MM') AS month, approved_on::text AS approved_on, "
		     "       due_on::text AS due_on, coalesce(light, '') AS light, "
		     "       coalesce(result, '') AS result, coalesce(note, '') AS note, version, "
		     "       onedoor.recheck_may_record(case_id) AS may_record "
		     "FROM onedoor.recheck_list "
		     "ORDER BY result IS NOT NULL, due_on, case_no LIMIT $1::int",
		     1, params);
}

void lifecycle_rechecks_read(const struct db_result *r, struct recheck_row **rows, int *count)
{
	*count = db_rows_alloc(r, sizeof **rows, (void **)rows);
	for (int i = 0; i < *count; i++) {
		struct recheck_row *c = &(*rows)[i];
		c->case_id = strtoll(db_value(r, i, "case_id"), NULL, 10);
		DB_COPY(r, i, "case_no", c->case_no);
		DB_COPY(r, i, "subject_name", c->subject_name);
		DB_COPY(r, i, "item_code", c->item_code);
		DB_COPY(r, i, "month", c->month);
		DB_COPY(r, i, "approved_on", c->approved_on);
		DB_COPY(r, i, "due_on", c->due_on);
		c->light = case_light_parse(db_value(r, i, "light"));
		DB_COPY(r, i, "result", c->result);
		DB_COPY(r, i, "note", c->note);
		c->version = atoi(db_value(r, i, "version"));
		c->may_record = is_true(r, i, "may_record");
	}
}

void lifecycle_recheck_record_query(struct db_query *q, const char *request_id,
				    const char *case_id, const char *version, const char *result,
				    const char *note)
{
	const char *params[] = {request_id, case_id, version, result, note};
	db_query_set(q, "SELECT onedoor.recheck_record($1::uuid, $2::bigint, $3::int, $4, $5) AS version",
		     5, params);
}
