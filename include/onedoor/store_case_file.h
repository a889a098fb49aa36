/* store_case_file.h - reading the case seen whole and its printed
 * documents (verification report, decision notice) from the database. */
#ifndef ONEDOOR_STORE_CASE_FILE_H
#define ONEDOOR_STORE_CASE_FILE_H

#include "onedoor/case_file.h"
#include "onedoor/db.h"

#include <stdbool.h>

/* The halves for the client's loop (src/ui/README.md): the traces of the
 * members' records, sent first and committed on their own (the server
 * answers the case file only then), then the case file itself; the read
 * fills cf (cleared first). */
void case_file_trace_query(struct db_query *q, const char *case_no, bool unmasked);
void case_file_query(struct db_query *q, const char *case_no, bool unmasked);
void case_file_read(const struct db_result *r, struct case_file *cf);

/* A stored document of the case (as store_case_document); the read sets
 * *text (caller frees) or says there is none. */
void case_document_query(struct db_query *q, const char *case_no, const char *kind, int version);
enum od_status case_document_read(const struct db_result *r, const char *case_no,
				  const char *kind, char **text, struct diag *d);

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
