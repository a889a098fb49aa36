/* store_verification.h - what the county's desks do to a case: ask for a
 * new verification report, acknowledge a flagged difference, decide with
 * amount and start month.  Each is one definer function of the server,
 * which holds every rule (role, scope, stage, version, reasons); these
 * calls only carry the person's input and map the refusals. */
#ifndef ONEDOOR_STORE_VERIFICATION_H
#define ONEDOOR_STORE_VERIFICATION_H

#include "onedoor/db.h"

/* A new version of case `case_id`'s report (verifier of its county);
 * *version (may be NULL) receives its number. */
enum od_status verification_regenerate(struct db *db, const char *request_id,
				       long long case_id, int *version, struct diag *d);

/* Acknowledges difference `flag` of report `report_id` (the latest of its
 * case) with a note; *open (may be NULL) receives how many remain. */
enum od_status verification_acknowledge(struct db *db, const char *request_id,
					long long report_id, const char *flag, const char *note,
					int *open, struct diag *d);

/* 同意救助 (granted = true) or 不同意救助 on case `case_id` as read at
 * `version`.  `amount` is yuan as typed ("500", "337.50"; "" takes the
 * engine's amount on the verified facts); `start_month` is "YYYY-MM" (""
 * this month); `reason` is needed for a refusal and for an amount other
 * than the engine's.  OD_ERR_VALUE with the server's words in d when the
 * input is refused. */
enum od_status verification_decide(struct db *db, const char *request_id, long long case_id,
				   int version, bool granted, const char *amount,
				   const char *start_month, const char *reason, struct diag *d);

#endif
