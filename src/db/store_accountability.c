/* store_accountability.c - statistics, audit trail, urges and complaints
 * for the screens (store_accountability.h). */
#include "onedoor/store_accountability.h"

#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Statistics -------------------------------------------------------------- */

/* Each table: its statement, how many of (from, to, by) it takes, and the
 * columns that hold the key, the names and the figures. */
static const struct {
	const char *sql;
	int nparams; /* 1: $1 to; 2: $1 from, $2 to; 3: and $3 by */
	const char *key, *name_zh, *name_en;
	const char *figs[STATS_FIGURES];
} tables[] = {
	[STATS_ASSISTED] = {"SELECT coalesce(key, '') AS key, coalesce(name_zh, '') AS name_zh, "
			    "coalesce(name_en, '') AS name_en, cases, households, persons "
			    "FROM onedoor.stats_assisted_by($1::date, $2::date, $3)",
			    3, "key", "name_zh", "name_en", {"cases", "households", "persons"}},
	[STATS_FUNDS] = {"SELECT coalesce(key, '') AS key, coalesce(name_zh, '') AS name_zh, "
			 "coalesce(name_en, '') AS name_en, recipients, paid_fen, back_pay_fen "
			 "FROM onedoor.stats_funds_by($1::date, $2::date, $3)",
			 3, "key", "name_zh", "name_en", {"recipients", "paid_fen", "back_pay_fen"}},
	[STATS_MONTHLY] = {"SELECT to_char(month, 'YYYY-MM') AS key, cases, households "
			   "FROM onedoor.stats_monthly($1::date, 12)",
			   1, "key", NULL, NULL, {"cases", "households"}},
	[STATS_STAGES] = {"SELECT stage, left_count, round(median_days, 1) AS median_days, "
			  "round(p90_days, 1) AS p90_days, coalesce(limit_days, 0) AS limit_days, "
			  "late FROM onedoor.stats_stage_times($1::date, $2::date)",
			  2, "stage", NULL, NULL,
			  {"left_count", "median_days", "p90_days", "limit_days", "late"}},
	[STATS_WINDOWS] = {"SELECT centre_code, centre_name, accepted, red_now, urges, reports, "
			   "complaints, complaints_late "
			   "FROM onedoor.stats_windows($1::date, $2::date)",
			   2, "centre_code", "centre_name", "centre_name",
			   {"accepted", "red_now", "urges", "reports", "complaints",
			    "complaints_late"}},
	[STATS_DEPARTMENTS] = {"SELECT department, name_zh, name_en, filed, refused, red_now, "
			       "urges, reports FROM onedoor.stats_departments($1::date, $2::date)",
			       2, "department", "name_zh", "name_en",
			       {"filed", "refused", "red_now", "urges", "reports"}},
};

void stats_query(struct db_query *q, enum stats_table t, const char *by, const char *from,
		 const char *to)
{
	const char *p3[] = {from, to, by};
	const char *p1[] = {to};
	db_query_set(q, tables[t].sql, tables[t].nparams, tables[t].nparams == 1 ? p1 : p3);
}

void stats_read(const struct db_result *r, enum stats_table t, struct stats_row **rows,
		int *count)
{
	*count = db_rows_alloc(r, sizeof **rows, (void **)rows);
	for (int i = 0; i < *count; i++) {
		struct stats_row *s = &(*rows)[i];
		DB_COPY(r, i, tables[t].key, s->key);
		if (tables[t].name_zh) {
			DB_COPY(r, i, tables[t].name_zh, s->name[0]);
			DB_COPY(r, i, tables[t].name_en, s->name[1]);
		}
		for (int f = 0; f < STATS_FIGURES && tables[t].figs[f]; f++)
			DB_COPY(r, i, tables[t].figs[f], s->fig[f]);
	}
}

/* The audit trail ---------------------------------------------------------- */

static const char *or_null(const char *s)
{
	return s && *s ? s : NULL;
}

void audit_page_query(struct db_query *q, const struct audit_filter *f, const char *after_at,
		      long long after_seq, int limit)
{
	char seq[24], lim[16];
	snprintf(seq, sizeof seq, "%lld", after_seq);
	snprintf(lim, sizeof lim, "%d", limit);
	const char *params[] = {or_null(f->actor),   or_null(f->case_no), or_null(f->household_no),
				or_null(f->from),    or_null(f->to),      or_null(f->kind),
				or_null(after_at),   after_at ? seq : NULL, lim};
	db_query_set(q,
		     "SELECT seq, at, to_char(at AT TIME ZONE 'Asia/Shanghai', "
		     "'YYYY-MM-DD HH24:MI:SS') AS at_local, actor, actor_name, "
		     "coalesce(actor_group, '') AS actor_group, coalesce(terminal, '') AS terminal, "
		     "coalesce(terminal_ok, true) AS terminal_ok, object_type, object_id, action, kind "
		     "FROM onedoor.audit_browse_by($1, $2, $3, $4::date, $5::date, $6, "
		     "$7::timestamptz, $8::bigint, $9::integer)",
		     9, params);
}

void audit_page_read(const struct db_result *r, struct audit_row **rows, int *count)
{
	*count = db_rows_alloc(r, sizeof **rows, (void **)rows);
	for (int i = 0; i < *count; i++) {
		struct audit_row *a = &(*rows)[i];
		a->seq = strtoll(db_value(r, i, "seq"), NULL, 10);
		DB_COPY(r, i, "at", a->at);
		DB_COPY(r, i, "at_local", a->when);
		DB_COPY(r, i, "actor", a->actor);
		DB_COPY(r, i, "actor_name", a->actor_name);
		DB_COPY(r, i, "actor_group", a->actor_group);
		DB_COPY(r, i, "terminal", a->terminal);
		a->terminal_flagged = strcmp(db_value(r, i, "terminal_ok"), "f") == 0;
		DB_COPY(r, i, "object_type", a->object_type);
		DB_COPY(r, i, "object_id", a->object_id);
		DB_COPY(r, i, "action", a->action);
		DB_COPY(r, i, "kind", a->kind);
	}
}

void audit_entry_query(struct db_query *q, long long seq)
{
	char s[24];
	snprintf(s, sizeof s, "%lld", seq);
	const char *params[] = {s};
	db_query_set(q,
		     "SELECT e.seq, coalesce(e.pos, 0) AS pos, "
		     "to_char(e.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS at_local, "
		     "e.actor, coalesce(e.actor_group, '') AS actor_group, "
		     "coalesce(e.terminal, '') AS terminal, coalesce(e.request_id::text, '') AS request_id, "
		     "e.object_type, e.object_id, e.action, "
		     "coalesce(jsonb_pretty(e.before), '') AS before, "
		     "coalesce(jsonb_pretty(e.after), '') AS after, "
		     "coalesce(e.case_id, 0) AS case_id, coalesce(e.case_no, '') AS case_no, "
		     "coalesce(e.household_no, '') AS household_no "
		     "FROM onedoor.audit_entry_opens($1::bigint) e",
		     1, params);
}

bool audit_entry_read(const struct db_result *r, struct audit_detail *out)
{
	memset(out, 0, sizeof *out);
	if (db_rows(r) < 1)
		return false;
	out->seq = strtoll(db_value(r, 0, "seq"), NULL, 10);
	out->pos = strtoll(db_value(r, 0, "pos"), NULL, 10);
	DB_COPY(r, 0, "at_local", out->when);
	DB_COPY(r, 0, "actor", out->actor);
	DB_COPY(r, 0, "actor_group", out->actor_group);
	DB_COPY(r, 0, "terminal", out->terminal);
	DB_COPY(r, 0, "request_id", out->request_id);
	DB_COPY(r, 0, "object_type", out->object_type);
	DB_COPY(r, 0, "object_id", out->object_id);
	DB_COPY(r, 0, "action", out->action);
	out->before = xstrdup(db_value(r, 0, "before"));
	out->after = xstrdup(db_value(r, 0, "after"));
	out->case_id = strtoll(db_value(r, 0, "case_id"), NULL, 10);
	DB_COPY(r, 0, "case_no", out->case_no);
	DB_COPY(r, 0, "household_no", out->household_no);
	return true;
}

void audit_detail_free(struct audit_detail *d)
{
	free(d->before);
	free(d->after);
	d->before = d->after = NULL;
}

void audit_reveal_trace_query(struct db_query *q, long long seq)
{
	char s[24];
	snprintf(s, sizeof s, "%lld", seq);
	const char *params[] = {s};
	db_query_set(q, "SELECT onedoor.trace_audit_reveal($1::bigint)", 1, params);
}

void audit_reveal_query(struct db_query *q, long long seq)
{
	char s[24];
	snprintf(s, sizeof s, "%lld", seq);
	const char *params[] = {s};
	db_query_set(q, "SELECT full_name, resident_id FROM onedoor.audit_entry_reveal($1::bigint)",
		     1, params);
}

void audit_reveal_read(const struct db_result *r, char **text)
{
	size_t size = 1;
	for (int i = 0; i < db_rows(r); i++)
		size += strlen(db_value(r, i, "full_name")) + strlen(db_value(r, i, "resident_id")) + 4;
	*text = xmalloc(size);
	(*text)[0] = '\0';
	for (int i = 0; i < db_rows(r); i++) {
		size_t len = strlen(*text);
		snprintf(*text + len, size - len, "%s%s  %s", i ? "\n" : "",
			 db_value(r, i, "full_name"), db_value(r, i, "resident_id"));
	}
}

void audit_chain_query(struct db_query *q)
{
	db_query_set(q, "SELECT onedoor.audit_chain() AS linked", 0, NULL);
}

void audit_verify_chunk_query(struct db_query *q, long long after_pos, int limit)
{
	char after[24], lim[16];
	snprintf(after, sizeof after, "%lld", after_pos);
	snprintf(lim, sizeof lim, "%d", limit);
	const char *params[] = {after, lim};
	db_query_set(q,
		     "SELECT pos, hash, prev_hash, computed "
		     "FROM onedoor.audit_verify_chunk($1::bigint, $2::integer)",
		     2, params);
}

void audit_head_query(struct db_query *q)
{
	db_query_set(q, "SELECT pos, hash, unchained FROM onedoor.audit_head_state()", 0, NULL);
}

/* Urges and 通报 ----------------------------------------------------------- */

void urge_list_query(struct db_query *q, long long case_id, bool reports_only)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", case_id);
	const char *params[] = {case_id ? id : NULL, reports_only ? "report" : NULL};
	db_query_set(q,
		     "SELECT id, case_id, case_no, subject_name, item_code, kind, stage, "
		     "stage_due::text AS stage_due, case_stage, "
		     "coalesce(responsible_name, '') AS responsible_name, note, on_day::text AS on_day, "
		     "actor_name, answered_at IS NOT NULL AS answered "
		     "FROM onedoor.case_urge_list "
		     "WHERE ($1::bigint IS NULL OR case_id = $1::bigint) "
		     "  AND ($2::text IS NULL OR kind = $2::text) "
		     "ORDER BY id DESC LIMIT 500",
		     2, params);
}

void urge_list_read(const struct db_result *r, struct urge_row **rows, int *count)
{
	*count = db_rows_alloc(r, sizeof **rows, (void **)rows);
	for (int i = 0; i < *count; i++) {
		struct urge_row *u = &(*rows)[i];
		u->id = strtoll(db_value(r, i, "id"), NULL, 10);
		u->case_id = strtoll(db_value(r, i, "case_id"), NULL, 10);
		DB_COPY(r, i, "case_no", u->case_no);
		DB_COPY(r, i, "subject_name", u->subject_name);
		DB_COPY(r, i, "item_code", u->item_code);
		DB_COPY(r, i, "kind", u->kind);
		DB_COPY(r, i, "stage", u->stage);
		DB_COPY(r, i, "stage_due", u->stage_due);
		DB_COPY(r, i, "case_stage", u->case_stage);
		DB_COPY(r, i, "responsible_name", u->responsible_name);
		DB_COPY(r, i, "note", u->note);
		DB_COPY(r, i, "on_day", u->on_day);
		DB_COPY(r, i, "actor_name", u->actor_name);
		u->answered = strcmp(db_value(r, i, "answered"), "t") == 0;
	}
}

void urge_record_query(struct db_query *q, const char *request_id, long long case_id,
		       const char *kind, const char *note, const char *responsible)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", case_id);
	const char *params[] = {request_id, id, kind, note, or_null(responsible)};
	db_query_set(q, "SELECT onedoor.case_urge($1::uuid, $2::bigint, $3, $4, $5::name) AS id", 5,
		     params);
}

/* Complaints ---------------------------------------------------------------- */

void complaint_list_query(struct db_query *q, bool open_only)
{
	const char *params[] = {open_only ? "t" : "f"};
	/* The reader's county's limit comes with the list, in one statement;
	 * an empty list is one row with the limit and no complaint. */
	db_query_set(q,
		     "SELECT l.limit_days AS limit_days, l.set_here AS limit_set_here, "
		     "l.version AS limit_version, coalesce(l.county, '') AS limit_county, k.* "
		     "FROM onedoor.complaint_limit_mine() l LEFT JOIN LATERAL ("
		     "SELECT complaint_no, channel, complainant, coalesce(phone, '') AS phone, "
		     "coalesce(case_no, '') AS case_no, "
		     "coalesce(about_staff_name, '') AS about_staff_name, "
		     "coalesce((SELECT ce.name FROM onedoor.centres ce WHERE ce.code = about_centre), "
		     "  about_centre, '') AS about_centre, "
		     "coalesce(about_department, '') AS about_department, body, "
		     "received_on::text AS received_on, due_on::text AS due_on, "
		     "coalesce(light, '') AS light, coalesce(outcome, '') AS outcome, "
		     "coalesce(outcome_note, '') AS outcome_note, "
		     "coalesce(closed_on::text, '') AS closed_on, "
		     "coalesce(closed_late, false) AS closed_late, version "
		     "FROM onedoor.complaint_list "
		     "WHERE NOT $1::boolean OR outcome IS NULL "
		     "ORDER BY CASE WHEN $1::boolean THEN due_on END, received_on DESC, "
		     "complaint_no DESC LIMIT 500) k ON true",
		     1, params);
}

void complaint_list_read(const struct db_result *r, struct complaint_row **rows, int *count,
			 struct complaint_limit *limit)
{
	memset(limit, 0, sizeof *limit);
	int n = db_rows(r);
	if (n > 0) {
		limit->days = atoi(db_value(r, 0, "limit_days"));
		limit->set_here = strcmp(db_value(r, 0, "limit_set_here"), "t") == 0;
		limit->version = atoi(db_value(r, 0, "limit_version"));
		DB_COPY(r, 0, "limit_county", limit->county);
	}
	if (n == 1 && db_is_null(r, 0, "complaint_no"))
		n = 0;
	db_rows_alloc(r, sizeof **rows, (void **)rows);
	*count = n;
	for (int i = 0; i < *count; i++) {
		struct complaint_row *c = &(*rows)[i];
		DB_COPY(r, i, "complaint_no", c->complaint_no);
		DB_COPY(r, i, "channel", c->channel);
		DB_COPY(r, i, "complainant", c->complainant);
		DB_COPY(r, i, "phone", c->phone);
		DB_COPY(r, i, "case_no", c->case_no);
		DB_COPY(r, i, "about_staff_name", c->about_staff_name);
		DB_COPY(r, i, "about_centre", c->about_centre);
		DB_COPY(r, i, "about_department", c->about_department);
		DB_COPY(r, i, "body", c->body);
		DB_COPY(r, i, "received_on", c->received_on);
		DB_COPY(r, i, "due_on", c->due_on);
		DB_COPY(r, i, "light", c->light);
		DB_COPY(r, i, "outcome", c->outcome);
		DB_COPY(r, i, "outcome_note", c->outcome_note);
		DB_COPY(r, i, "closed_on", c->closed_on);
		c->closed_late = strcmp(db_value(r, i, "closed_late"), "t") == 0;
		c->version = atoi(db_value(r, i, "version"));
	}
}

void complaint_limit_set_query(struct db_query *q, const char *request_id, int days, int version)
{
	char d[16], v[16];
	snprintf(d, sizeof d, "%d", days);
	snprintf(v, sizeof v, "%d", version);
	const char *params[] = {request_id, d, v};
	db_query_set(q,
		     "SELECT onedoor.complaint_limit_set($1::uuid, $2::integer, $3::integer) "
		     "AS version",
		     3, params);
}

void complaint_record_query(struct db_query *q, const char *request_id, const char *json)
{
	const char *params[] = {request_id, json};
	db_query_set(q,
		     "SELECT complaint_no, due_on::text AS due_on "
		     "FROM onedoor.complaint_record($1::uuid, $2::jsonb)",
		     2, params);
}

void complaint_close_query(struct db_query *q, const char *request_id, const char *complaint_no,
			   int version, const char *outcome, const char *note)
{
	char v[16];
	snprintf(v, sizeof v, "%d", version);
	const char *params[] = {request_id, complaint_no, v, outcome, note};
	db_query_set(q,
		     "SELECT onedoor.complaint_close($1::uuid, $2, $3::integer, $4, $5) AS version",
		     5, params);
}
