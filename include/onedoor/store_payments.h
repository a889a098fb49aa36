/* store_payments.h - payment rolls, finance's check, the bank files' data
 * and the SMS outbox, over the server functions of migrations 0017-0020.
 *
 * One round trip per call (the export holds a transaction open while the
 * caller writes the file).  The server decides roles, scope and states;
 * rows are those the login may see.  Statuses of the write calls:
 *   OD_ERR_DENIED     wrong role or scope (42501), or not possible in the
 *                     roll's state (55000)
 *   OD_ERR_CONFLICT   stale version (OD409)
 *   OD_ERR_VALUE      invalid input (22023)
 *   OD_ERR_NOT_FOUND  no such roll, line or household (P0002)
 * d gets the server's message.  Results are read by column name with
 * db_value and freed with db_result_free.  A version of -1 is "whatever
 * it is now" (the command line acts on the roll as it stands: one more
 * round trip to read it). */
#ifndef ONEDOOR_STORE_PAYMENTS_H
#define ONEDOOR_STORE_PAYMENTS_H

#include "onedoor/db.h"
#include "onedoor/strbuf.h"

#include <stdbool.h>
#include <stdint.h>

/* Makes (or makes again) the rolls of `month` ("YYYY-MM-01") in the
 * caller's county; department and centre may be NULL for all.  *rolls:
 * roll_no, department, centre_code, state, line_count, held_count,
 * amount_fen, back_pay_fen, total_fen, version. */
enum od_status pay_generate(struct db *db, const char *month, const char *department,
			    const char *centre, struct db_result **rolls, struct diag *d);

/* The rolls the login sees, newest month first; month may be NULL.
 * Columns: roll_no, month (YYYY-MM), department, department_zh,
 * department_en, centre_code, centre_name, state, line_count, held_count,
 * total_fen, back_pay_fen, paid_fen, failed_fen, return_reason, version. */
enum od_status pay_rolls(struct db *db, const char *month, struct db_result **out,
			 struct diag *d);

/* One roll: *head as pay_rolls' row plus county_name; *lines: line_no,
 * case_no, recipient_name, holder_name, item_zh, item_en, months (text
 * "YYYY-MM ..."), amount_fen, back_pay_fen, total_fen, account_masked,
 * state, hold_kind, hold_reason, bank_reason; *events: at (text),
 * action, from_state, to_state, reason, actor, actor_name.  NOT_FOUND
 * when the login does not see it. */
enum od_status pay_roll(struct db *db, const char *roll_no, struct db_result **head,
			struct db_result **lines, struct db_result **events, struct diag *d);

enum od_status pay_submit(struct db *db, const char *roll_no, int version, struct diag *d);

/* Finance: approve, or return with a reason. */
enum od_status pay_check(struct db *db, const char *roll_no, int version, bool approve,
			 const char *reason, struct diag *d);

/* Holds (with a reason) or releases one line of a draft or returned roll. */
enum od_status pay_hold(struct db *db, const char *roll_no, int version, int line_no, bool hold,
			const char *reason, struct diag *d);

/* Starts the export of an approved roll: opens a transaction, marks the
 * roll exported and returns the bank file's lines (roll_no, month,
 * line_no, case_no, account_no, holder_name, bank_name, total_fen,
 * item_name_zh, item_name_en, months).  The caller writes the file, then
 * calls pay_export_finish(ok): commit when the file is safely written,
 * roll back otherwise, so a roll is exported exactly when its file exists.
 * On failure no transaction is left open. */
enum od_status pay_export_begin(struct db *db, const char *roll_no, struct db_result **lines,
				struct diag *d);
enum od_status pay_export_finish(struct db *db, bool ok, struct diag *d);

/* The screen's halves of the same statements: the export in one statement
 * (the roll is exported when it answers; a retry with the same request id
 * returns the lines again, so a file that could not be written is written
 * again), and the results (pay_results_bad_item: the element of lines_json
 * a refusal names, 1-based, or 0). */
void pay_export_query(struct db_query *q, const char *request_id, const char *roll_no);
void pay_results_query(struct db_query *q, const char *request_id, const char *lines_json);
int pay_results_bad_item(struct db *db, enum od_status st);

/* The bank's payment file (bank_file.h) of the export's lines, in UTF-8 or
 * GBK, appended to out; *total the fen to pay.  OD_ERR_VALUE when a
 * character has no GBK code (d names the line). */
enum od_status pay_bank_file_text(const struct db_result *lines, bool gbk, struct strbuf *out,
				  int64_t *total, struct diag *d);

/* Records the bank's results, all or nothing.  lines_json is the array
 * payments_record_results takes.  On a refusal that names an element of
 * it, *bad_item is that element (1-based), else 0.  *out: roll_no, paid,
 * failed, state. */
enum od_status pay_record_results(struct db *db, const char *lines_json, int *bad_item,
				  struct db_result **out, struct diag *d);

/* Records or corrects a household's account (clerk, county centre). */
enum od_status pay_account_set(struct db *db, const char *household_no, const char *account,
			       const char *bank_name, struct diag *d);

/* What a case was paid: roll_no, roll_month (YYYY-MM), months (text),
 * total_fen, back_pay_fen, state, roll_state, bank_reason, hold_kind,
 * result_on (YYYY-MM-DD or ""), account_masked; oldest first. */
enum od_status pay_case_payments(struct db *db, long long case_id, struct db_result **out,
				 struct diag *d);

/* Hands out up to `limit` pending messages (id, phone, body), now marked
 * as being sent by this login; each must get sms_record. */
enum od_status sms_claim(struct db *db, int limit, struct db_result **out, struct diag *d);
enum od_status sms_record(struct db *db, const char *id, bool sent, const char *result,
			  struct diag *d);

/* Messages by state: state, count. */
enum od_status sms_counts(struct db *db, struct db_result **out, struct diag *d);

/* The screens' halves (src/ui/README.md): a query to send, a reader for
 * its answer.  Rows are arrays the caller frees. ------------------------ */

/* A roll as the lists and the roll screen show it; actions: what this
 * login may do to it now, as the server says (onedoor.roll_actions):
 * space-separated words among submit, hold, approve, return, export. */
struct pay_roll_row {
	char roll_no[32];
	char month[8];                 /* YYYY-MM */
	char department[33];
	char department_name[2][128];  /* [0] Chinese, [1] English */
	char centre_code[33];
	char centre_name[128];
	char county_name[128];
	char state[12];                /* draft submitted returned approved exported closed */
	int line_count, held_count;
	long long amount_fen, back_pay_fen, total_fen, paid_fen, failed_fen;
	char return_reason[512];
	int version;
	char actions[64];
};

/* One line of a roll; the account number only masked. */
struct pay_line_row {
	int line_no;
	char case_no[72];
	char recipient_name[192];
	char holder_name[192];
	char item_name[2][192];
	char months[256];              /* "YYYY-MM YYYY-MM ..." */
	long long amount_fen, back_pay_fen, total_fen;
	char account_masked[48];
	char state[12];                /* pending held paid failed */
	char hold_kind[16];            /* no_account manual, "" */
	char hold_reason[512];
	char bank_reason[512];
};

/* What happened to a roll. */
struct pay_event_row {
	char at[20];                   /* YYYY-MM-DD HH:MI */
	char action[16];               /* generate submit return approve export results hold release */
	char to_state[12];
	char reason[512];
	char actor_name[128];
};

/* What a case was paid, roll by roll (oldest first). */
struct pay_case_row {
	char roll_no[32];
	char roll_month[8];
	char months[256];
	long long total_fen, back_pay_fen;
	char state[12];
	char roll_state[12];
	char hold_kind[16];
	char hold_reason[512];
	char bank_reason[512];
	char result_on[11];            /* YYYY-MM-DD or "" */
	char account_masked[48];
};

/* A message sent (or waiting) about a case. */
struct pay_message_row {
	char kind[24];                 /* accepted decided paid payment_failed ... */
	char state[12];                /* pending sending sent failed */
	char created_on[17];           /* YYYY-MM-DD HH:MI */
	char done_on[17];              /* "" until sent or failed */
	char phone_masked[16];
};

/* The rolls of `month` (YYYY-MM-01; NULL any month), or with waiting only
 * those this login may act on now, newest month first. */
void pay_rolls_query(struct db_query *q, const char *month, bool waiting);
void pay_rolls_read(const struct db_result *r, struct pay_roll_row **rows, int *count);
/* Whether this login makes rolls: one row, may_generate "t" or "f". */
void pay_may_generate_query(struct db_query *q);
bool pay_may_generate_read(const struct db_result *r);

/* One roll in three statements, answered in order: its head (read with
 * pay_rolls_read: one row, none when not seen), its lines, its events. */
void pay_roll_head_query(struct db_query *q, const char *roll_no);
void pay_roll_lines_query(struct db_query *q, const char *roll_no);
void pay_roll_lines_read(const struct db_result *r, struct pay_line_row **rows, int *count);
void pay_roll_events_query(struct db_query *q, const char *roll_no);
void pay_roll_events_read(const struct db_result *r, struct pay_event_row **rows, int *count);

/* The writes, each with a request id (db_new_request_id) so that a resend
 * after a reconnection is safe.  The answer of any of them is read with
 * pay_write_status. */
void pay_generate_query(struct db_query *q, const char *request_id, const char *month);
void pay_submit_query(struct db_query *q, const char *request_id, const char *roll_no,
		      int version);
void pay_check_query(struct db_query *q, const char *request_id, const char *roll_no,
		     int version, bool approve, const char *reason);
void pay_hold_query(struct db_query *q, const char *request_id, const char *roll_no, int version,
		    int line_no, bool hold, const char *reason);
/* The status of a write's answer, as the header above says (55000 reads
 * as OD_ERR_DENIED, 22023 as OD_ERR_VALUE). */
enum od_status pay_write_status(struct db *db, enum od_status st);

/* A case's payments and messages. */
void pay_case_payments_query(struct db_query *q, long long case_id);
void pay_case_payments_read(const struct db_result *r, struct pay_case_row **rows, int *count);
void pay_case_messages_query(struct db_query *q, long long case_id);
void pay_case_messages_read(const struct db_result *r, struct pay_message_row **rows,
			    int *count);

#endif
