/* store_case_file.h - reading the case seen whole and its printed
 * documents (verification report, decision notice) from the database. */
#ifndef ONEDOOR_STORE_CASE_FILE_H
#define ONEDOOR_STORE_CASE_FILE_H

#include "onedoor/case_file.h"
#include "onedoor/db.h"

#include <stdbool.h>

/* Loads case `case_no` into cf (cleared first; case_file_clear frees it).
 * Every member's record is read through the logged path; resident IDs are
 * masked unless `unmasked`, which the server records in the audit trail.
 * OD_ERR_NOT_FOUND when the login may not see the case. */
enum od_status store_case_file_load(struct db *db, const char *case_no, bool unmasked,
				    struct case_file *cf, struct diag *d);

/* The stored text of document `kind` of a case: "report" (version 0 =
 * the latest) or "notice", exactly as stored (a reprint is byte-identical).
 * *text is set on success (caller frees).  OD_ERR_NOT_FOUND when there is
 * none or the login may not see it. */
enum od_status store_case_document(struct db *db, const char *case_no, const char *kind,
				   int version, char **text, struct diag *d);

#endif
