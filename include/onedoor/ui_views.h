/* ui_views.h - what the list and case screens show, computed apart from
 * curses so that a unit test can call it: which rows pass the filters, how
 * wide each column is at a terminal width, and the words of a case's
 * header line.  No drawing and no waiting here. */
#ifndef ONEDOOR_UI_VIEWS_H
#define ONEDOOR_UI_VIEWS_H

#include "onedoor/case_file.h"
#include "onedoor/case_store.h"
#include "onedoor/strbuf.h"
#include "onedoor/ui_commands.h"
#include "onedoor/store_payments.h"
#include "onedoor/form_def.h"
#include "onedoor/store_lifecycle.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The case list's filters; NULL or "" (and -1 for the light) is "any". */
struct cases_filter {
	bool mine;          /* only what waits for the caller (case_row.mine) */
	const char *stage;  /* a stage code */
	int light;          /* an enum case_light, -1 any */
	const char *item, *centre;
	const char *find;   /* part of the name, case number or item name */
};
bool cases_view_passes(const struct cases_filter *f, const struct case_row *r);

/* Display columns of the case list at a terminal `cols` wide (at least 80):
 * the item column takes what the others leave. */
struct cases_columns {
	int light, no, name, item, stage, due, left;
};
struct cases_columns cases_view_columns(int cols);

/* The case screen's second line, in the current language: stage, track
 * (with "provisional" on the green channel before verification) and light,
 * each in words; into out (size n). */
void case_view_header(const struct case_row *r, char *out, size_t n);

/* The actions to offer on the key bar, from what the server allows: the
 * indexes into `allowed` whose command the key file binds on the case
 * screen (others cannot be pressed, so they are not offered); returns how
 * many (at most max). */
int case_view_offered(const struct case_allowed *allowed, int n, int *out, int max);

/* F12's list of other screens.  The i-th screen offered (from 0) is picked
 * by goto_view_key(i): 1-9, then a-z (the list grows with the screens);
 * '\0' when i is beyond them.  goto_view_index is the reverse for a list
 * of n: the index a typed character picks (a letter in either case), -1
 * for none.  0 is log out, never a screen. */
#define GOTO_VIEW_MAX 35
char goto_view_key(int i);
int goto_view_index(uint32_t ch, int n);

/* How F12's box lays out n screens on a terminal rows x cols: in `columns`
 * columns of at most `per_column` rows, each `column_width` wide, in a box
 * width x height (the log-out line and the borders included) that fits. */
struct goto_layout {
	int columns, per_column, column_width, width, height;
};
struct goto_layout goto_view_layout(int n, int rows, int cols);

/* Among what the server allows (onedoor.case_actions), the action behind
 * command cmd, or (cmd CMD_NONE) the one named `action`; NULL when the
 * server does not offer it. */
const struct case_allowed *case_view_allowed(const struct case_allowed *allowed, int n,
					     enum ui_command cmd, const char *action);

/* The case seen whole (case_file.h) as the county's screen lays it out:
 * the text of case_file_format at the screen's width, cut in lines, each
 * with what it is (a section heading, a flagged difference, a difference
 * still waiting for its acknowledgement, or text). */
enum case_file_line_kind { CFL_TEXT, CFL_HEADING, CFL_FLAG, CFL_OPEN };
struct case_file_line {
	size_t start, len; /* in text */
	enum case_file_line_kind kind;
};
struct case_file_view {
	struct strbuf text;
	struct case_file_line *lines;
	int n;
};
/* Builds v (freed first; a zeroed v is accepted) for `width` columns. */
void case_file_view_build(const struct case_file *cf, int width, struct case_file_view *v);
void case_file_view_free(struct case_file_view *v);
/* The next (dir > 0) or previous (dir < 0) heading after/before line
 * `from`; `from` itself when there is none that way. */
int case_file_view_section(const struct case_file_view *v, int from, int dir);
/* The first line at or after `from` of kind `kind`, -1 when none. */
int case_file_view_first(const struct case_file_view *v, int from, enum case_file_line_kind kind);

/* The position of the latest report's first difference not acknowledged
 * yet, 0 when none is open. */
int case_file_open_difference(const struct case_file *cf);

/* The approver's input as typed, checked before it is sent: the amount
 * empty or yuan with at most two places, not negative ("500", "337.50");
 * the month empty or YYYY-MM.  NULL when fine, else the message (msgid,
 * translate with _()) and *field the one to correct (0 amount, 1 month). */
const char *decide_view_check(const char *amount, const char *month, int *field);

/* Why the server refused to pass verification (HINT verification_blocked),
 * in words from the case as read: the authorisation missing, or the
 * differences still waiting for a note; into out (size n). */
void case_file_view_blocked(const struct case_file *cf, char *out, size_t n);

/* The summary line under the case's title, in the current language: the
 * report's differences (how many still open) and whether verification may
 * pass, or the decision; into out (size n). */
void case_file_view_summary(const struct case_file *cf, char *out, size_t n);
/* Payment rolls ------------------------------------------------------------ */

/* Whether `word` (submit, approve, ...) is among the space-separated
 * actions the server allows (pay_roll_row.actions). */
bool roll_view_may(const char *actions, const char *word);

/* A roll's lines summed by what happens to them: those to pay (this
 * month's amount and back pay), held, paid and failed. */
struct roll_sums {
	int to_pay, held, paid, failed;
	long long amount_fen, back_pay_fen, total_fen; /* of the lines not held */
	long long held_fen, paid_fen, failed_fen;
};
void roll_view_sums(const struct pay_line_row *lines, int n, struct roll_sums *out);

/* Display columns of a roll's lines at a terminal `cols` wide (at least
 * 80): the name and item take what the others leave. */
struct roll_columns {
	int no, name, item, amount, back, total, account, state;
};
struct roll_columns roll_view_columns(int cols);

/* A masked account number (as the server masks it: first and last four
 * digits shown) made to fit `width` columns: the hidden middle shortened,
 * never a digit more shown; "" stays "". */
void roll_view_account(const char *masked, int width, char *out, size_t n);

/* The months a line pays ("2026-07 2026-08 2026-09") in short:
 * "2026-07..2026-09 (3)"; one month as it is. */
void roll_view_months(const char *months, char *out, size_t n);

/* Fen as yuan for a column: 182700 -> "1,827.00". out holds 32 bytes. */
void money_text(long long fen, char out[32]);
/* A household's history and its reviews (history_view.c) --------------- */

/* An amount in fen as yuan in words of the current language ("680.00元",
 * "680.00 yuan"); "" when fen < 0 (none). */
void view_yuan(long long fen, char *out, size_t n);

/* A version's heading: its number, when, who and why ("第2版 2026-03-04
 * 10:20 王芳 原因：..."); the first version is the registration. */
void history_view_version(const struct history_change *c, char *out, size_t n);

/* One change of a version in words: the form's label for the field (from
 * def, in language lang), the old and the new value (choices by their
 * label, yes/no in words, bank accounts masked), and whose it is: the
 * household, or the member by name (by masked ID once gone); a member
 * added or removed in one line.  "" for the registration's empty line. */
void history_view_change(const struct form_def *def, int lang, const struct history_change *c,
			 char *out, size_t n);

/* One case of an application: item, then its decision with the amount and
 * start (its stage while undecided), and the state of a monthly benefit no
 * longer in force ("A...-01 城市低保 同意救助 每月680.00元，自 2026-03 起").
 * item_name in the reader's language. */
void history_view_case(const struct history_case *c, const char *item_name, char *out,
		       size_t n);

/* A benefit the household holds now (in force or suspended), for the
 * window's menu and the history: item, state, since, amount owed now;
 * false (out untouched) when the case's benefit is not current. */
bool history_view_benefit(const struct history_case *c, const char *item_name, char *out,
			  size_t n);

/* A monthly amount typed in yuan ("680", "680.5", "680.50") as fen
 * (text, into out); false for anything else (negative, more than two
 * decimals, not a number). */
bool review_view_amount(const char *typed, char out[24]);
/* A month typed as YYYY-MM (also YYYY-M, YYYYMM, YYYY/MM) as "YYYY-MM";
 * false when it is not a month. */
bool review_view_month(const char *typed, char out[8]);

/* What a review says in a line: kind, cause or period, the engine's verdict
 * on the new facts for a change, and the outcome once decided. */
void review_view_line(const struct review_row *r, char *out, size_t n);

#endif
