/* bank_file.h - the files exchanged with the bank: the payment file a
 * roll is exported as, and the bank's result file.  Pure text handling
 * (no I/O): the callers read and write the files.
 *
 * Both are CSV (RFC 4180: comma-separated, "quoted" fields with "" for a
 * quote, CRLF line ends; LF accepted on reading), with a header line.
 * Amounts are yuan with exactly two decimals ("1827.00").  The layout is
 * documented in onedoor-admin(8).
 *
 *   payment file:  roll_no,line_no,account_no,account_name,amount,currency,
 *                  bank_name,reference,memo
 *   result file:   roll_no,line_no,account_no,amount,status,reason
 *                  status: paid | failed (成功 | 失败 accepted); a failed
 *                  line carries the bank's reason. */
#ifndef ONEDOOR_BANK_FILE_H
#define ONEDOOR_BANK_FILE_H

#include "onedoor/status.h"
#include "onedoor/strbuf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BANK_PAYMENT_HEADER \
	"roll_no,line_no,account_no,account_name,amount,currency,bank_name,reference,memo"
#define BANK_RESULT_HEADER "roll_no,line_no,account_no,amount,status,reason"

/* Fen as yuan with two decimals: 182700 -> "1827.00".  out holds 32 bytes. */
void fen_format(int64_t fen, char out[32]);

/* Yuan with at most two decimals ("1827", "1827.5", "1827.00") as fen;
 * false for anything else (signs, grouping, spaces, more decimals). */
bool fen_parse(const char *text, int64_t *fen);

/* Appends one CSV field (quoted when it holds a comma, quote, CR or LF),
 * preceded by a comma unless `first`. */
void csv_append_field(struct strbuf *b, const char *field, bool first);

/* One line of the bank's result file. */
struct bank_result {
	int line;          /* in the file, for FILE:LINE messages */
	char roll_no[32];
	int line_no;
	char account[32];
	int64_t amount_fen;
	bool paid;
	char reason[256];
};

/* Parses a result file already in UTF-8 (text, len bytes).  On success
 * *out is an array of *count results (free() it).  On the first problem
 * returns OD_ERR_SYNTAX or OD_ERR_VALUE with "FILE:LINE: message" in d
 * (`path` names the file) and nothing in *out: invalid UTF-8, a missing or
 * different header, a line with another number of fields, an empty roll,
 * a line number, account or amount that does not read, an unknown status,
 * a failed line without a reason, the same roll and line twice. */
enum od_status bank_results_parse(const char *path, const char *text, size_t len,
				  struct bank_result **out, int *count, struct diag *d);

/* The results as the JSON array onedoor.payments_record_results takes
 * (element N is rows[N-1]), appended to json. */
void bank_results_json(const struct bank_result *rows, int count, struct strbuf *json);

/* The 1-based line of the file where byte `offset` of text lies. */
int text_line_at(const char *text, size_t offset);

#endif
