/* receipt.h - the applicant's receipt after acceptance (受理回执), as text.
 *
 * Building the text is pure; receipt_output (cfg layer) writes it to the
 * receipt folder and sends it to the printer command. */
#ifndef ONEDOOR_RECEIPT_H
#define ONEDOOR_RECEIPT_H

#include "onedoor/decimal.h"
#include "onedoor/status.h"
#include "onedoor/strbuf.h"

#include <stdbool.h>

struct receipt_case {
	const char *case_no;
	const char *item_name;
	const char *department;
	const char *due_date;   /* expected completion, "YYYY-MM-DD", "" unknown */
	const char *const *materials;
	int n_materials;
	bool has_amount, monthly;
	dec_t amount;
};

struct receipt {
	int lang; /* 0 Chinese, 1 English */
	const char *centre_name;
	int window;
	const char *clerk_name;
	const char *clerk_no;      /* the clerk's staff number (工号); NULL or "" when none */
	const char *date;          /* "YYYY-MM-DD" */
	const char *application_no;
	const char *applicant_name;
	const char *applicant_id;  /* masked */
	const struct receipt_case *cases;
	int n_cases;
};

/* Appends the receipt text (lines of at most 72 columns, UTF-8). */
void receipt_format(const struct receipt *r, struct strbuf *out);

/* Writes `text` to DIR/APPLICATION_NO.txt when dir is not "" (the path goes
 * to path_out, "" otherwise); a file never replaces another: when the name
 * is taken, APPLICATION_NO-2.txt, -3 ... is used and pipes it to `printer` (a shell command)
 * when that is not "".  Errors name what failed; a file written before a
 * printer failure stays. */
enum od_status receipt_output(const char *text, const char *application_no, const char *dir,
			      const char *printer, char *path_out, size_t path_size,
			      struct diag *d);

/* The receipt issued for application_no as written to `dir` by
 * receipt_output (DIR/APPLICATION_NO.txt), for a reprint identical to it;
 * NULL when there is none here.  The caller frees the text. */
char *receipt_read(const char *application_no, const char *dir);

#endif
