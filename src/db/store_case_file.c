/* store_case_file.c - the case seen whole, in one round trip. */
#include "onedoor/store_case_file.h"

#include "onedoor/i18n.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char trace_sql[] = "SELECT onedoor.trace_case_file($1, $2::boolean)";
static const char file_sql[] =
	"SELECT section, pos, k, v FROM onedoor.case_file($1, $2::boolean)";

void case_file_trace_query(struct db_query *q, const char *case_no, bool unmasked)
{
	const char *params[] = {case_no, unmasked ? "true" : "false"};
	db_query_set(q, trace_sql, 2, params);
}

void case_file_query(struct db_query *q, const char *case_no, bool unmasked)
{
	const char *params[] = {case_no, unmasked ? "true" : "false"};
	db_query_set(q, file_sql, 2, params);
}

void case_file_read(const struct db_result *r, struct case_file *cf)
{
	case_file_clear(cf);
	int n = db_rows(r);
	cf->rows = xcalloc((size_t)(n ? n : 1), sizeof *cf->rows);
	for (int i = 0; i < n; i++) {
		struct case_file_row *row = &cf->rows[i];
		row->section = xstrdup(db_value(r, i, "section"));
		row->pos = atoi(db_value(r, i, "pos"));
		row->key = xstrdup(db_value(r, i, "k"));
		row->value = xstrdup(db_value(r, i, "v"));
	}
	cf->n = n;
}

enum od_status store_case_file_load(struct db *db, const char *case_no, bool unmasked,
				    struct case_file *cf, struct diag *d)
{
	case_file_clear(cf);
	const char *params[] = {case_no, unmasked ? "true" : "false"};
	struct db_result *r = NULL;
	/* The members' records answer only after their traces committed: both
	 * in one round trip, the trace in its own transaction. */
	const struct db_statement trace = {trace_sql, 2, params};
	enum od_status st = db_exec_after(db, &trace, file_sql, 2, params, &r, d);
	if (st != OD_OK)
		return st;
	case_file_read(r, cf);
	db_result_free(&r);
	return OD_OK;
}

void case_document_query(struct db_query *q, const char *case_no, const char *kind, int version)
{
	char v[16];
	snprintf(v, sizeof v, "%d", version);
	const char *params[] = {case_no, v};
	/* Row security decides who sees which case's documents. */
	db_query_set(
		q,
		!strcmp(kind, "notice")
			? "SELECT n.text, n.notice_no FROM onedoor.decision_notices n "
			  "JOIN onedoor.cases c ON c.id = n.case_id WHERE c.case_no = $1 AND $2 <> ''"
			: "SELECT r.text FROM onedoor.verification_reports r "
			  "JOIN onedoor.cases c ON c.id = r.case_id WHERE c.case_no = $1 "
			  "AND ($2::int = 0 OR r.version = $2::int) ORDER BY r.version DESC LIMIT 1",
		2, params);
}

enum od_status case_document_read(const struct db_result *r, const char *case_no,
				  const char *kind, char **text, struct diag *d)
{
	*text = NULL;
	if (db_rows(r) == 0)
		return diag_set(d, OD_ERR_NOT_FOUND, !strcmp(kind, "notice")
					     ? _("case %s has no decision notice")
					     : _("case %s has no such verification report"),
				case_no);
	*text = xstrdup(db_value(r, 0, "text"));
	return OD_OK;
}

enum od_status store_case_document(struct db *db, const char *case_no, const char *kind,
				   int version, char **text, struct diag *d)
{
	*text = NULL;
	struct db_query q;
	case_document_query(&q, case_no, kind, version);
	struct db_result *r = NULL;
	enum od_status st = db_run(db, &q, &r, d);
	db_query_free(&q);
	if (st == OD_OK)
		st = case_document_read(r, case_no, kind, text, d);
	db_result_free(&r);
	return st;
}
