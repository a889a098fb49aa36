/* store_receipt.h - what a receipt needs about an accepted application,
 * read back from the database (for reprinting from a case). */
#ifndef ONEDOOR_STORE_RECEIPT_H
#define ONEDOOR_STORE_RECEIPT_H

#include "onedoor/db.h"

struct receipt_case_row {
	char case_no[72];
	char item_code[49];
	char case_due[11]; /* "" once the case has ended */
};

struct application_receipt {
	char application_no[64];
	char applicant_name[256];
	char applicant_id[19]; /* masked by the server */
	char accepted_on[11];
	char accepted_by[192]; /* the clerk's name, from the case history */
	struct receipt_case_row *cases; /* free() */
	int n_cases;
};

/* The application that case `case_id` belongs to, with all its cases.
 * OD_ERR_NOT_FOUND when the login may not see it. */
enum od_status store_application_receipt(struct db *db, long long case_id,
					 struct application_receipt *out, struct diag *d);

/* Its halves for the screens' loop. */
void store_application_receipt_query(struct db_query *q, long long case_id);
enum od_status store_application_receipt_read(const struct db_result *r,
					      struct application_receipt *out, struct diag *d);

#endif
