/* store_verification.c - the county's actions on a case, one round trip each. */
#include "onedoor/store_verification.h"

#include <stdio.h>
#include <stdlib.h>

enum od_status verification_regenerate(struct db *db, const char *request_id,
				       long long case_id, int *version, struct diag *d)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", case_id);
	const char *params[] = {request_id, id};
	struct db_result *r = NULL;
	enum od_status st = db_exec(db,
				    "SELECT version FROM onedoor.verification_regenerate($1::uuid, "
				    "$2::bigint)",
				    2, params, &r, d);
	if (st == OD_OK && version)
		*version = atoi(db_value(r, 0, "version"));
	db_result_free(&r);
	return st;
}

enum od_status verification_acknowledge(struct db *db, const char *request_id,
					long long report_id, const char *flag, const char *note,
					int *open, struct diag *d)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", report_id);
	const char *params[] = {request_id, id, flag, note};
	struct db_result *r = NULL;
	enum od_status st = db_exec(db,
				    "SELECT onedoor.acknowledge_difference($1::uuid, $2::bigint, $3, "
				    "$4) AS open",
				    4, params, &r, d);
	if (st == OD_OK && open)
		*open = atoi(db_value(r, 0, "open"));
	db_result_free(&r);
	return st;
}

enum od_status verification_decide(struct db *db, const char *request_id, long long case_id,
				   int version, bool granted, const char *amount,
				   const char *start_month, const char *reason, struct diag *d)
{
	char id[24], v[16];
	snprintf(id, sizeof id, "%lld", case_id);
	snprintf(v, sizeof v, "%d", version);
	const char *params[] = {request_id, id, v, granted ? "granted" : "refused", amount,
				start_month, reason};
	/* Yuan as typed become fen and "YYYY-MM" the first of the month on the
	 * server, which refuses what is not a number or a month (22xxx). */
	return db_exec(db,
		       "SELECT decision_id FROM onedoor.case_decide($1::uuid, $2::bigint, "
		       "$3::int, $4, CASE WHEN $5 = '' THEN NULL ELSE round($5::numeric * 100)::bigint "
		       "END, CASE WHEN $6 = '' THEN NULL ELSE ($6 || '-01')::date END, "
		       "nullif($7, ''))",
		       7, params, NULL, d);
}
