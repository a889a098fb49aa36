/* store_receipt.c - an accepted application read back for its receipt. */
#include "onedoor/store_receipt.h"

#include "onedoor/i18n.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

enum od_status store_application_receipt(struct db *db, long long case_id,
					 struct application_receipt *out, struct diag *d)
{
	memset(out, 0, sizeof *out);
	char id[24];
	snprintf(id, sizeof id, "%lld", case_id);
	const char *params[] = {id};
	struct db_result *r = NULL;
	enum od_status st = db_exec(
		db,
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
		1, params, &r, d);
	if (st != OD_OK)
		return st;
	int n = db_rows(r);
	if (n == 0) {
		db_result_free(&r);
		return diag_set(d, OD_ERR_NOT_FOUND, _("no such case"));
	}
	COPY(out->application_no, db_value(r, 0, "application_no"));
	COPY(out->applicant_name, db_value(r, 0, "applicant_name"));
	COPY(out->applicant_id, db_value(r, 0, "applicant_id"));
	COPY(out->accepted_on, db_value(r, 0, "opened_on"));
	COPY(out->accepted_by, db_value(r, 0, "accepted_by"));
	out->cases = xcalloc((size_t)n, sizeof *out->cases);
	for (int i = 0; i < n; i++) {
		COPY(out->cases[i].case_no, db_value(r, i, "case_no"));
		COPY(out->cases[i].item_code, db_value(r, i, "item_code"));
		COPY(out->cases[i].case_due, db_value(r, i, "case_due"));
	}
	out->n_cases = n;
	db_result_free(&r);
	return OD_OK;
}
