/* store_receipt.c - an accepted application read back for its receipt. */
#include "onedoor/store_receipt.h"

#include "onedoor/i18n.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void store_application_receipt_query(struct db_query *q, long long case_id)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", case_id);
	const char *params[] = {id};
	db_query_set(
		q,
		"SELECT a.application_no, al.applicant_name, al.applicant_id, c2.case_no, "
		"       c2.item_code, coalesce(c2.case_due::text, '') AS case_due, "
		"       c2.opened_on::text AS opened_on, "
		"       coalesce((SELECT t.actor_name FROM onedoor.case_timeline t "
		"                 WHERE t.case_id = c2.id AND t.action = 'accept' LIMIT 1), '') "
		"         AS accepted_by "
		"FROM onedoor.cases c "
		"JOIN onedoor.application_list al ON al.id = c.application_id "
		"JOIN onedoor.applications a ON a.id = c.application_id "
		"JOIN onedoor.cases c2 ON c2.application_id = c.application_id "
		"WHERE c.id = $1::bigint ORDER BY c2.case_no",
		1, params);
}

enum od_status store_application_receipt_read(const struct db_result *r,
					      struct application_receipt *out, struct diag *d)
{
	memset(out, 0, sizeof *out);
	if (db_rows(r) == 0)
		return diag_set(d, OD_ERR_NOT_FOUND, _("no such case"));
	DB_COPY(r, 0, "application_no", out->application_no);
	DB_COPY(r, 0, "applicant_name", out->applicant_name);
	DB_COPY(r, 0, "applicant_id", out->applicant_id);
	DB_COPY(r, 0, "opened_on", out->accepted_on);
	DB_COPY(r, 0, "accepted_by", out->accepted_by);
	out->n_cases = db_rows_alloc(r, sizeof *out->cases, (void **)&out->cases);
	for (int i = 0; i < out->n_cases; i++) {
		DB_COPY(r, i, "case_no", out->cases[i].case_no);
		DB_COPY(r, i, "item_code", out->cases[i].item_code);
		DB_COPY(r, i, "case_due", out->cases[i].case_due);
	}
	return OD_OK;
}

enum od_status store_application_receipt(struct db *db, long long case_id,
					 struct application_receipt *out, struct diag *d)
{
	struct db_query q;
	struct db_result *r = NULL;
	memset(out, 0, sizeof *out);
	store_application_receipt_query(&q, case_id);
	enum od_status st = db_run(db, &q, &r, d);
	db_query_free(&q);
	if (st == OD_OK)
		st = store_application_receipt_read(r, out, d);
	db_result_free(&r);
	return st;
}
