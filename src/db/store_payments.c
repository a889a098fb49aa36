/* store_payments.c - payment rolls, bank files and SMS (store_payments.h). */
#include "onedoor/store_payments.h"

#include "onedoor/bank_file.h"
#include "onedoor/gbk.h"
#include "onedoor/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 55000 (not in this state) reads as a refusal, as for the cases. */
static enum od_status refused(struct db *db, enum od_status st)
{
	return st != OD_OK && strcmp(db_last_sqlstate(db), "55000") == 0 ? OD_ERR_DENIED : st;
}

/* The version to send: the one given, or (-1) the roll's as it is now. */
static const char *version_text(struct db *db, const char *roll_no, int version, char buf[16])
{
	snprintf(buf, 16, "%d", version);
	if (version >= 0)
		return buf;
	const char *p[] = {roll_no};
	struct db_result *r = NULL;
	struct diag ignored;
	if (db_exec(db, "SELECT version FROM onedoor.payment_rolls WHERE roll_no = $1", 1, p, &r,
		    &ignored) == OD_OK &&
	    db_rows(r) == 1)
		snprintf(buf, 16, "%s", db_value(r, 0, "version"));
	db_result_free(&r);
	return buf; /* "-1" for a roll not seen: the server says it is not there */
}

enum od_status pay_generate(struct db *db, const char *month, const char *department,
			    const char *centre, struct db_result **rolls, struct diag *d)
{
	char req[37];
	db_new_request_id(req);
	const char *p[] = {req, month, department, centre};
	return refused(db, db_exec(db, "SELECT * FROM onedoor.payments_generate($1, $2, $3, $4)", 4,
				   p, rolls, d));
}

#define ROLL_COLUMNS                                                                    \
	"r.roll_no, to_char(r.month, 'YYYY-MM') AS month, r.department, "               \
	"dp.name_zh AS department_zh, dp.name_en AS department_en, r.centre_code, "     \
	"c.name AS centre_name, r.state, r.line_count, r.held_count, r.total_fen, "     \
	"r.back_pay_fen, r.paid_fen, r.failed_fen, coalesce(r.return_reason, '') "      \
	"AS return_reason, r.version "
#define ROLL_FROM                                                                       \
	"FROM onedoor.payment_rolls r "                                                  \
	"JOIN onedoor.departments dp ON dp.code = r.department "                         \
	"JOIN onedoor.centres c ON c.code = r.centre_code "

/* One roll with what this login may do to it (the screens' head). */
#define ROLL_HEAD_SQL                                                                   \
	"SELECT " ROLL_COLUMNS ", r.amount_fen, g.name AS county_name, "                \
	"       onedoor.roll_actions(r) AS actions " ROLL_FROM                           \
	"JOIN onedoor.regions g ON g.code = r.county "                                   \
	"WHERE r.roll_no = $1"
#define ROLL_LINES_SQL                                                                  \
	"SELECT l.line_no, l.case_no, l.recipient_name, l.holder_name, "                \
	"       i.name_zh AS item_zh, i.name_en AS item_en, "                            \
	"       array_to_string(ARRAY(SELECT to_char(m, 'YYYY-MM') "                     \
	"                             FROM unnest(l.months) m), ' ') AS months, "        \
	"       l.amount_fen, l.back_pay_fen, l.total_fen, "                             \
	"       coalesce(l.account_masked, '') AS account_masked, l.state, "             \
	"       coalesce(l.hold_kind, '') AS hold_kind, "                                \
	"       coalesce(l.hold_reason, '') AS hold_reason, "                            \
	"       coalesce(l.bank_reason, '') AS bank_reason "                             \
	"FROM onedoor.roll_lines l "                                                     \
	"JOIN onedoor.payment_rolls r ON r.id = l.roll_id "                              \
	"JOIN onedoor.catalogue_items i ON i.code = l.item_code "                        \
	"WHERE r.roll_no = $1 ORDER BY l.line_no"
#define ROLL_EVENTS_SQL                                                                 \
	"SELECT to_char(e.at AT TIME ZONE 'Asia/Shanghai', "                             \
	"               'YYYY-MM-DD HH24:MI') AS at, e.action, e.from_state, "            \
	"       e.to_state, coalesce(e.reason, '') AS reason, e.actor, "                 \
	"       onedoor.staff_name(e.actor) AS actor_name "                              \
	"FROM onedoor.roll_events e "                                                    \
	"JOIN onedoor.payment_rolls r ON r.id = e.roll_id "                              \
	"WHERE r.roll_no = $1 ORDER BY e.id"

enum od_status pay_rolls(struct db *db, const char *month, struct db_result **out,
			 struct diag *d)
{
	const char *p[] = {month};
	return db_exec(db,
		       "SELECT " ROLL_COLUMNS ROLL_FROM
		       "WHERE $1::date IS NULL OR r.month = date_trunc('month', $1::date) "
		       "ORDER BY r.month DESC, r.department, r.centre_code",
		       1, p, out, d);
}

enum od_status pay_roll(struct db *db, const char *roll_no, struct db_result **head,
			struct db_result **lines, struct db_result **events, struct diag *d)
{
	const char *p[] = {roll_no};
	*head = *lines = *events = NULL;
	enum od_status st = db_exec(db, ROLL_HEAD_SQL, 1, p, head, d);
	if (st == OD_OK && db_rows(*head) == 0) {
		db_result_free(head);
		return diag_set(d, OD_ERR_NOT_FOUND, "payment roll %s not found", roll_no);
	}
	if (st == OD_OK)
		st = db_exec(db, ROLL_LINES_SQL, 1, p, lines, d);
	if (st == OD_OK)
		st = db_exec(db, ROLL_EVENTS_SQL, 1, p, events, d);
	if (st != OD_OK) {
		db_result_free(head);
		db_result_free(lines);
		db_result_free(events);
	}
	return st;
}

enum od_status pay_submit(struct db *db, const char *roll_no, int version, struct diag *d)
{
	char req[37], v[16];
	db_new_request_id(req);
	const char *p[] = {req, roll_no, version_text(db, roll_no, version, v)};
	return refused(db, db_exec(db, "SELECT * FROM onedoor.payments_submit($1, $2, $3)", 3, p,
				   NULL, d));
}

enum od_status pay_check(struct db *db, const char *roll_no, int version, bool approve,
			 const char *reason, struct diag *d)
{
	char req[37], v[16];
	db_new_request_id(req);
	const char *p[] = {req, roll_no, version_text(db, roll_no, version, v), approve ? "approve" : "return",
			   reason};
	return refused(db, db_exec(db, "SELECT * FROM onedoor.payments_check($1, $2, $3, $4, $5)",
				   5, p, NULL, d));
}

enum od_status pay_hold(struct db *db, const char *roll_no, int version, int line_no, bool hold,
			const char *reason, struct diag *d)
{
	char req[37], v[16], line[16];
	db_new_request_id(req);
	snprintf(line, sizeof line, "%d", line_no);
	const char *p[] = {req, roll_no, version_text(db, roll_no, version, v), line, hold ? "true" : "false",
			   reason};
	return refused(db, db_exec(db,
				   "SELECT * FROM onedoor.payments_hold($1, $2, $3, $4, $5, $6)", 6,
				   p, NULL, d));
}

/* The same statements for the command line (pay_export_begin,
 * pay_record_results) and the roll screen (the _query halves). */
#define EXPORT_SQL "SELECT * FROM onedoor.payments_export($1, $2)"
#define RESULTS_SQL "SELECT * FROM onedoor.payments_record_results($1, $2)"

void pay_export_query(struct db_query *q, const char *request_id, const char *roll_no)
{
	const char *p[] = {request_id, roll_no};
	db_query_set(q, EXPORT_SQL, 2, p);
}

void pay_results_query(struct db_query *q, const char *request_id, const char *lines_json)
{
	const char *p[] = {request_id, lines_json};
	db_query_set(q, RESULTS_SQL, 2, p);
}

int pay_results_bad_item(struct db *db, enum od_status st)
{
	if (st == OD_OK || strncmp(db_last_detail(db), "item ", 5) != 0)
		return 0;
	return atoi(db_last_detail(db) + 5);
}

enum od_status pay_bank_file_text(const struct db_result *lines, bool gbk, struct strbuf *out,
				  int64_t *total, struct diag *d)
{
	struct strbuf csv = STRBUF_INIT;
	strbuf_append(&csv, BANK_PAYMENT_HEADER "\r\n");
	*total = 0;
	for (int i = 0; i < db_rows(lines); i++) {
		char amount[32], reference[64], memo[256];
		int64_t fen = strtoll(db_value(lines, i, "total_fen"), NULL, 10);
		*total += fen;
		fen_format(fen, amount);
		snprintf(reference, sizeof reference, "%s-%04d", db_value(lines, i, "roll_no"),
			 atoi(db_value(lines, i, "line_no")));
		snprintf(memo, sizeof memo, "%s %s", db_value(lines, i, "item_name_zh"),
			 db_value(lines, i, "months"));
		csv_append_field(&csv, db_value(lines, i, "roll_no"), true);
		csv_append_field(&csv, db_value(lines, i, "line_no"), false);
		csv_append_field(&csv, db_value(lines, i, "account_no"), false);
		csv_append_field(&csv, db_value(lines, i, "holder_name"), false);
		csv_append_field(&csv, amount, false);
		csv_append_field(&csv, "CNY", false);
		csv_append_field(&csv, db_value(lines, i, "bank_name"), false);
		csv_append_field(&csv, reference, false);
		csv_append_field(&csv, memo, false);
		strbuf_append(&csv, "\r\n");
	}
	enum od_status st = OD_OK;
	if (!gbk) {
		strbuf_append_n(out, strbuf_text(&csv), csv.len);
	} else {
		size_t badat;
		if (!gbk_from_utf8(strbuf_text(&csv), csv.len, out, &badat))
			st = diag_set(d, OD_ERR_VALUE,
				      _("line %d of the bank file has a character GBK cannot hold; "
					"use --encoding utf-8"),
				      text_line_at(strbuf_text(&csv), badat));
	}
	strbuf_free(&csv);
	return st;
}

enum od_status pay_export_begin(struct db *db, const char *roll_no, struct db_result **lines,
				struct diag *d)
{
	*lines = NULL;
	enum od_status st = db_exec(db, "BEGIN", 0, NULL, NULL, d);
	if (st != OD_OK)
		return st;
	char req[37];
	db_new_request_id(req);
	const char *p[] = {req, roll_no};
	st = refused(db, db_exec(db, EXPORT_SQL, 2, p, lines, d));
	if (st != OD_OK) {
		struct diag ignored;
		db_exec(db, "ROLLBACK", 0, NULL, NULL, &ignored);
	}
	return st;
}

enum od_status pay_export_finish(struct db *db, bool ok, struct diag *d)
{
	return db_exec(db, ok ? "COMMIT" : "ROLLBACK", 0, NULL, NULL, d);
}

enum od_status pay_record_results(struct db *db, const char *lines_json, int *bad_item,
				  struct db_result **out, struct diag *d)
{
	char req[37];
	db_new_request_id(req);
	const char *p[] = {req, lines_json};
	*bad_item = 0;
	enum od_status st = db_exec(db, RESULTS_SQL, 2, p, out, d);
	*bad_item = pay_results_bad_item(db, st);
	return refused(db, st);
}

enum od_status pay_account_set(struct db *db, const char *household_no, const char *account,
			       const char *bank_name, struct diag *d)
{
	char req[37];
	db_new_request_id(req);
	const char *p[] = {req, household_no, account, bank_name};
	return refused(db, db_exec(db, "SELECT * FROM onedoor.bank_account_set($1, $2, $3, $4)",
				   4, p, NULL, d));
}

enum od_status pay_case_payments(struct db *db, long long case_id, struct db_result **out,
				 struct diag *d)
{
	struct db_query q;
	pay_case_payments_query(&q, case_id);
	enum od_status st = db_run(db, &q, out, d);
	db_query_free(&q);
	return st;
}

enum od_status sms_claim(struct db *db, int limit, struct db_result **out, struct diag *d)
{
	char n[16];
	snprintf(n, sizeof n, "%d", limit);
	const char *p[] = {n};
	return db_exec(db, "SELECT id, phone, body FROM onedoor.sms_claim($1) ORDER BY id", 1, p,
		       out, d);
}

enum od_status sms_record(struct db *db, const char *id, bool sent, const char *result,
			  struct diag *d)
{
	const char *p[] = {id, sent ? "true" : "false", result};
	return refused(db, db_exec(db, "SELECT onedoor.sms_record($1, $2, $3)", 3, p, NULL, d));
}

enum od_status sms_counts(struct db *db, struct db_result **out, struct diag *d)
{
	return db_exec(db,
		       "SELECT state, count(*) AS count FROM onedoor.sms_outbox "
		       "GROUP BY state ORDER BY state",
		       0, NULL, out, d);
}

/* The screens' halves ------------------------------------------------------- */

static long long ll_of(const struct db_result *r, int i, const char *column)
{
	return strtoll(db_value(r, i, column), NULL, 10);
}

void pay_rolls_query(struct db_query *q, const char *month, bool waiting)
{
	const char *p[] = {month, waiting ? "true" : "false"};
	db_query_set(q,
		     "SELECT " ROLL_COLUMNS ", r.amount_fen, g.name AS county_name, "
		     "       onedoor.roll_actions(r) AS actions " ROLL_FROM
		     "JOIN onedoor.regions g ON g.code = r.county "
		     "WHERE ($1::date IS NULL OR r.month = date_trunc('month', $1::date)) "
		     "  AND (NOT $2::boolean OR onedoor.roll_actions(r) <> '') "
		     "ORDER BY r.month DESC, r.department, r.centre_code",
		     2, p);
}

void pay_rolls_read(const struct db_result *r, struct pay_roll_row **rows, int *count)
{
	*count = db_rows_alloc(r, sizeof **rows, (void **)rows);
	for (int i = 0; i < *count; i++) {
		struct pay_roll_row *x = &(*rows)[i];
		DB_COPY(r, i, "roll_no", x->roll_no);
		DB_COPY(r, i, "month", x->month);
		DB_COPY(r, i, "department", x->department);
		DB_COPY(r, i, "department_zh", x->department_name[0]);
		DB_COPY(r, i, "department_en", x->department_name[1]);
		DB_COPY(r, i, "centre_code", x->centre_code);
		DB_COPY(r, i, "centre_name", x->centre_name);
		DB_COPY(r, i, "county_name", x->county_name);
		DB_COPY(r, i, "state", x->state);
		x->line_count = atoi(db_value(r, i, "line_count"));
		x->held_count = atoi(db_value(r, i, "held_count"));
		x->amount_fen = ll_of(r, i, "amount_fen");
		x->back_pay_fen = ll_of(r, i, "back_pay_fen");
		x->total_fen = ll_of(r, i, "total_fen");
		x->paid_fen = ll_of(r, i, "paid_fen");
		x->failed_fen = ll_of(r, i, "failed_fen");
		DB_COPY(r, i, "return_reason", x->return_reason);
		x->version = atoi(db_value(r, i, "version"));
		DB_COPY(r, i, "actions", x->actions);
	}
}

void pay_may_generate_query(struct db_query *q)
{
	db_query_set(q, "SELECT onedoor.roll_may_generate() AS may_generate", 0, NULL);
}

bool pay_may_generate_read(const struct db_result *r)
{
	return db_rows(r) == 1 && strcmp(db_value(r, 0, "may_generate"), "t") == 0;
}

void pay_roll_head_query(struct db_query *q, const char *roll_no)
{
	const char *p[] = {roll_no};
	db_query_set(q, ROLL_HEAD_SQL, 1, p);
}

void pay_roll_lines_query(struct db_query *q, const char *roll_no)
{
	const char *p[] = {roll_no};
	db_query_set(q, ROLL_LINES_SQL, 1, p);
}

void pay_roll_lines_read(const struct db_result *r, struct pay_line_row **rows, int *count)
{
	*count = db_rows_alloc(r, sizeof **rows, (void **)rows);
	for (int i = 0; i < *count; i++) {
		struct pay_line_row *x = &(*rows)[i];
		x->line_no = atoi(db_value(r, i, "line_no"));
		DB_COPY(r, i, "case_no", x->case_no);
		DB_COPY(r, i, "recipient_name", x->recipient_name);
		DB_COPY(r, i, "holder_name", x->holder_name);
		DB_COPY(r, i, "item_zh", x->item_name[0]);
		DB_COPY(r, i, "item_en", x->item_name[1]);
		DB_COPY(r, i, "months", x->months);
		x->amount_fen = ll_of(r, i, "amount_fen");
		x->back_pay_fen = ll_of(r, i, "back_pay_fen");
		x->total_fen = ll_of(r, i, "total_fen");
		DB_COPY(r, i, "account_masked", x->account_masked);
		DB_COPY(r, i, "state", x->state);
		DB_COPY(r, i, "hold_kind", x->hold_kind);
		DB_COPY(r, i, "hold_reason", x->hold_reason);
		DB_COPY(r, i, "bank_reason", x->bank_reason);
	}
}

void pay_roll_events_query(struct db_query *q, const char *roll_no)
{
	const char *p[] = {roll_no};
	db_query_set(q, ROLL_EVENTS_SQL, 1, p);
}

void pay_roll_events_read(const struct db_result *r, struct pay_event_row **rows, int *count)
{
	*count = db_rows_alloc(r, sizeof **rows, (void **)rows);
	for (int i = 0; i < *count; i++) {
		struct pay_event_row *x = &(*rows)[i];
		DB_COPY(r, i, "at", x->at);
		DB_COPY(r, i, "action", x->action);
		DB_COPY(r, i, "to_state", x->to_state);
		DB_COPY(r, i, "reason", x->reason);
		DB_COPY(r, i, "actor_name", x->actor_name);
	}
}

void pay_generate_query(struct db_query *q, const char *request_id, const char *month)
{
	const char *p[] = {request_id, month};
	db_query_set(q, "SELECT * FROM onedoor.payments_generate($1, $2)", 2, p);
}

void pay_submit_query(struct db_query *q, const char *request_id, const char *roll_no,
		      int version)
{
	char v[16];
	snprintf(v, sizeof v, "%d", version);
	const char *p[] = {request_id, roll_no, v};
	db_query_set(q, "SELECT * FROM onedoor.payments_submit($1, $2, $3)", 3, p);
}

void pay_check_query(struct db_query *q, const char *request_id, const char *roll_no,
		     int version, bool approve, const char *reason)
{
	char v[16];
	snprintf(v, sizeof v, "%d", version);
	const char *p[] = {request_id, roll_no, v, approve ? "approve" : "return", reason};
	db_query_set(q, "SELECT * FROM onedoor.payments_check($1, $2, $3, $4, $5)", 5, p);
}

void pay_hold_query(struct db_query *q, const char *request_id, const char *roll_no, int version,
		    int line_no, bool hold, const char *reason)
{
	char v[16], line[16];
	snprintf(v, sizeof v, "%d", version);
	snprintf(line, sizeof line, "%d", line_no);
	const char *p[] = {request_id, roll_no, v, line, hold ? "true" : "false", reason};
	db_query_set(q, "SELECT * FROM onedoor.payments_hold($1, $2, $3, $4, $5, $6)", 6, p);
}

enum od_status pay_write_status(struct db *db, enum od_status st)
{
	if (st != OD_OK && strcmp(db_last_sqlstate(db), "22023") == 0)
		return OD_ERR_VALUE;
	return refused(db, st);
}

#define CASE_PAYMENTS_SQL                                                               \
	"SELECT roll_no, to_char(roll_month, 'YYYY-MM') AS roll_month, "                \
	"       array_to_string(ARRAY(SELECT to_char(m, 'YYYY-MM') "                     \
	"                             FROM unnest(months) m), ' ') AS months, "          \
	"       total_fen, back_pay_fen, state, roll_state, "                            \
	"       coalesce(bank_reason, '') AS bank_reason, "                              \
	"       coalesce(hold_kind, '') AS hold_kind, "                                  \
	"       coalesce(hold_reason, '') AS hold_reason, "                              \
	"       coalesce(to_char(result_at AT TIME ZONE 'Asia/Shanghai', "               \
	"                        'YYYY-MM-DD'), '') AS result_on, "                      \
	"       coalesce(account_masked, '') AS account_masked "                         \
	"FROM onedoor.case_payments WHERE case_id = $1 "                                 \
	"ORDER BY roll_month, roll_no"

void pay_case_payments_query(struct db_query *q, long long case_id)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", case_id);
	const char *p[] = {id};
	db_query_set(q, CASE_PAYMENTS_SQL, 1, p);
}

void pay_case_payments_read(const struct db_result *r, struct pay_case_row **rows, int *count)
{
	*count = db_rows_alloc(r, sizeof **rows, (void **)rows);
	for (int i = 0; i < *count; i++) {
		struct pay_case_row *x = &(*rows)[i];
		DB_COPY(r, i, "roll_no", x->roll_no);
		DB_COPY(r, i, "roll_month", x->roll_month);
		DB_COPY(r, i, "months", x->months);
		x->total_fen = ll_of(r, i, "total_fen");
		x->back_pay_fen = ll_of(r, i, "back_pay_fen");
		DB_COPY(r, i, "state", x->state);
		DB_COPY(r, i, "roll_state", x->roll_state);
		DB_COPY(r, i, "hold_kind", x->hold_kind);
		DB_COPY(r, i, "hold_reason", x->hold_reason);
		DB_COPY(r, i, "bank_reason", x->bank_reason);
		DB_COPY(r, i, "result_on", x->result_on);
		DB_COPY(r, i, "account_masked", x->account_masked);
	}
}

void pay_case_messages_query(struct db_query *q, long long case_id)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", case_id);
	const char *p[] = {id};
	db_query_set(q,
		     "SELECT kind, state, phone_masked, "
		     "       to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') "
		     "         AS created_on, "
		     "       coalesce(to_char(done_at AT TIME ZONE 'Asia/Shanghai', "
		     "                        'YYYY-MM-DD HH24:MI'), '') AS done_on "
		     "FROM onedoor.case_messages WHERE case_id = $1 ORDER BY id",
		     1, p);
}

void pay_case_messages_read(const struct db_result *r, struct pay_message_row **rows,
			    int *count)
{
	*count = db_rows_alloc(r, sizeof **rows, (void **)rows);
	for (int i = 0; i < *count; i++) {
		struct pay_message_row *x = &(*rows)[i];
		DB_COPY(r, i, "kind", x->kind);
		DB_COPY(r, i, "state", x->state);
		DB_COPY(r, i, "phone_masked", x->phone_masked);
		DB_COPY(r, i, "created_on", x->created_on);
		DB_COPY(r, i, "done_on", x->done_on);
	}
}
