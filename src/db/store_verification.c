/* store_verification.c - the county's actions on a case, one round trip each. */
#include "onedoor/store_verification.h"

#include "onedoor/i18n.h"

#include <stdio.h>
#include <stdlib.h>

void verification_regenerate_query(struct db_query *q, const char *request_id, long long case_id)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", case_id);
	const char *params[] = {request_id, id};
	db_query_set(q, "SELECT version FROM onedoor.verification_regenerate($1::uuid, $2::bigint)",
		     2, params);
}

enum od_status verification_regenerate(struct db *db, const char *request_id,
				       long long case_id, int *version, struct diag *d)
{
	struct db_query q;
	verification_regenerate_query(&q, request_id, case_id);
	struct db_result *r = NULL;
	enum od_status st = db_run(db, &q, &r, d);
	db_query_free(&q);
	if (st == OD_OK && version)
		*version = atoi(db_value(r, 0, "version"));
	db_result_free(&r);
	return st;
}

void verification_acknowledge_query(struct db_query *q, const char *request_id,
				    long long report_id, const char *flag, const char *note)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", report_id);
	const char *params[] = {request_id, id, flag, note};
	db_query_set(q, "SELECT onedoor.acknowledge_difference($1::uuid, $2::bigint, $3, $4) AS open",
		     4, params);
}

enum od_status verification_acknowledge(struct db *db, const char *request_id,
					long long report_id, const char *flag, const char *note,
					int *open, struct diag *d)
{
	struct db_query q;
	verification_acknowledge_query(&q, request_id, report_id, flag, note);
	struct db_result *r = NULL;
	enum od_status st = db_run(db, &q, &r, d);
	db_query_free(&q);
	if (st == OD_OK && open)
		*open = atoi(db_value(r, 0, "open"));
	db_result_free(&r);
	return st;
}

void verification_decide_query(struct db_query *q, const char *request_id, long long case_id,
			       int version, bool granted, const char *amount,
			       const char *start_month, const char *reason)
{
	char id[24], v[16];
	snprintf(id, sizeof id, "%lld", case_id);
	snprintf(v, sizeof v, "%d", version);
	const char *params[] = {request_id, id, v, granted ? "granted" : "refused", amount,
				start_month, reason};
	/* Yuan as typed become fen and "YYYY-MM" the first of the month on the
	 * server, which refuses what is not a number or a month (22xxx). */
	db_query_set(q,
		     "SELECT decision_id, stage FROM onedoor.case_decide($1::uuid, $2::bigint, "
		     "$3::int, $4, CASE WHEN btrim($5) = '' THEN NULL "
		     "ELSE round(btrim($5)::numeric * 100)::bigint END, "
		     "CASE WHEN btrim($6) = '' THEN NULL ELSE (btrim($6) || '-01')::date END, "
		     "nullif($7, ''))",
		     7, params);
}

enum od_status verification_decide(struct db *db, const char *request_id, long long case_id,
				   int version, bool granted, const char *amount,
				   const char *start_month, const char *reason, struct diag *d)
{
	struct db_query q;
	verification_decide_query(&q, request_id, case_id, version, granted, amount, start_month,
				  reason);
	enum od_status st = db_run(db, &q, NULL, d);
	db_query_free(&q);
	return st;
}

void verification_decide_form_query(struct db_query *q, long long case_id)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", case_id);
	const char *params[] = {id};
	/* What the approver's form starts from: the case as read now (its
	 * version goes with the decision) and the engine's amount on the
	 * verified facts, the default. */
	db_query_set(q,
		     "SELECT c.case_no, c.version, c.subject_name, i.name_zh, i.name_en, "
		     "i.amount_period, onedoor.fen_text(onedoor.engine_amount_fen(c.id)) AS engine_amount "
		     "FROM onedoor.cases c JOIN onedoor.catalogue_items i ON i.code = c.item_code "
		     "WHERE c.id = $1::bigint",
		     1, params);
}

enum od_status verification_decide_form_read(const struct db_result *r, struct decide_form *f,
					     struct diag *d)
{
	if (db_rows(r) == 0)
		return diag_set(d, OD_ERR_NOT_FOUND, _("the case was not found"));
	DB_COPY(r, 0, "case_no", f->case_no);
	f->version = atoi(db_value(r, 0, "version"));
	DB_COPY(r, 0, "subject_name", f->subject_name);
	DB_COPY(r, 0, "name_zh", f->item_name[0]);
	DB_COPY(r, 0, "name_en", f->item_name[1]);
	DB_COPY(r, 0, "amount_period", f->period);
	DB_COPY(r, 0, "engine_amount", f->engine_amount);
	return OD_OK;
}
