/* store_payments.c - payment rolls, bank files and SMS (store_payments.h). */
#include "onedoor/store_payments.h"

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
	enum od_status st = db_exec(db,
				    "SELECT " ROLL_COLUMNS ", g.name AS county_name " ROLL_FROM
				    "JOIN onedoor.regions g ON g.code = r.county "
				    "WHERE r.roll_no = $1",
				    1, p, head, d);
	if (st == OD_OK && db_rows(*head) == 0) {
		db_result_free(head);
		return diag_set(d, OD_ERR_NOT_FOUND, "payment roll %s not found", roll_no);
	}
	if (st == OD_OK)
		st = db_exec(db,
			     "SELECT l.line_no, l.case_no, l.recipient_name, l.holder_name, "
			     "       i.name_zh AS item_zh, i.name_en AS item_en, "
			     "       array_to_string(ARRAY(SELECT to_char(m, 'YYYY-MM') "
			     "                             FROM unnest(l.months) m), ' ') AS months, "
			     "       l.amount_fen, l.back_pay_fen, l.total_fen, "
			     "       coalesce(l.account_masked, '') AS account_masked, l.state, "
			     "       coalesce(l.hold_kind, '') AS hold_kind, "
			     "       coalesce(l.hold_reason, '') AS hold_reason, "
			     "       coalesce(l.bank_reason, '') AS bank_reason "
			     "FROM onedoor.roll_lines l "
			     "JOIN onedoor.payment_rolls r ON r.id = l.roll_id "
			     "JOIN onedoor.catalogue_items i ON i.code = l.item_code "
			     "WHERE r.roll_no = $1 ORDER BY l.line_no",
			     1, p, lines, d);
	if (st == OD_OK)
		st = db_exec(db,
			     "SELECT to_char(e.at AT TIME ZONE 'Asia/Shanghai', "
			     "               'YYYY-MM-DD HH24:MI') AS at, e.action, e.from_state, "
			     "       e.to_state, coalesce(e.reason, '') AS reason, e.actor, "
			     "       onedoor.staff_name(e.actor) AS actor_name "
			     "FROM onedoor.roll_events e "
			     "JOIN onedoor.payment_rolls r ON r.id = e.roll_id "
			     "WHERE r.roll_no = $1 ORDER BY e.id",
			     1, p, events, d);
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
	st = refused(db, db_exec(db, "SELECT * FROM onedoor.payments_export($1, $2)", 2, p, lines,
				 d));
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
	enum od_status st = db_exec(db, "SELECT * FROM onedoor.payments_record_results($1, $2)",
				    2, p, out, d);
	if (st != OD_OK && strncmp(db_last_detail(db), "item ", 5) == 0)
		*bad_item = atoi(db_last_detail(db) + 5);
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
	char id[24];
	snprintf(id, sizeof id, "%lld", case_id);
	const char *p[] = {id};
	return db_exec(db,
		       "SELECT roll_no, to_char(roll_month, 'YYYY-MM') AS roll_month, "
		       "       array_to_string(ARRAY(SELECT to_char(m, 'YYYY-MM') "
		       "                             FROM unnest(months) m), ' ') AS months, "
		       "       total_fen, back_pay_fen, state, roll_state, "
		       "       coalesce(bank_reason, '') AS bank_reason, "
		       "       coalesce(hold_kind, '') AS hold_kind, "
		       "       coalesce(to_char(result_at AT TIME ZONE 'Asia/Shanghai', "
		       "                        'YYYY-MM-DD'), '') AS result_on, "
		       "       coalesce(account_masked, '') AS account_masked "
		       "FROM onedoor.case_payments WHERE case_id = $1 "
		       "ORDER BY roll_month, roll_no",
		       1, p, out, d);
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
