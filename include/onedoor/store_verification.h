/* store_verification.h - what the county's desks do to a case: ask for a
 * new verification report, acknowledge a flagged difference, decide with
 * amount and start month.  Each is one definer function of the server,
 * which holds every rule (role, scope, stage, version, reasons); these
 * calls only carry the person's input and map the refusals. */
#ifndef ONEDOOR_STORE_VERIFICATION_H
#define ONEDOOR_STORE_VERIFICATION_H

#include "onedoor/db.h"

#include <stdbool.h>

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

/* The halves of the three for the client's loop (src/ui/README.md); the
 * answers are read as above: "version", "open", "decision_id" and "stage". */
void verification_regenerate_query(struct db_query *q, const char *request_id, long long case_id);
void verification_acknowledge_query(struct db_query *q, const char *request_id,
				    long long report_id, const char *flag, const char *note);
void verification_decide_query(struct db_query *q, const char *request_id, long long case_id,
			       int version, bool granted, const char *amount,
			       const char *start_month, const char *reason);

/* What the approver's decision form starts from. */
struct decide_form {
	char case_no[72];
	int version;
	char subject_name[96];
	char item_name[2][160]; /* Chinese, English */
	char period[12];        /* monthly | once */
	char engine_amount[24]; /* yuan, "" when the engine gives none */
};
void verification_decide_form_query(struct db_query *q, long long case_id);
enum od_status verification_decide_form_read(const struct db_result *r, struct decide_form *f,
					     struct diag *d);

#endif
