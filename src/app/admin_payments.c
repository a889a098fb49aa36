/* admin_payments.c - `onedoor-admin payments ...`: the month's payment
 * rolls (资金拨付单), finance's approval, the bank file and the bank's
 * results.  The server owns every rule (0020_payment_rolls.sql); this file
 * parses arguments, prints, and moves files. */
#include "onedoor/admin_payments.h"

#include "onedoor/app.h"
#include "onedoor/bank_file.h"
#include "onedoor/bank_io.h"
#include "onedoor/civil_date.h"
#include "onedoor/gbk.h"
#include "onedoor/i18n.h"
#include "onedoor/store_payments.h"
#include "onedoor/strbuf.h"
#include "onedoor/text_width.h"
#include "onedoor/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
	const char *code, *label;
} state_labels[] = {
	{"draft", N_("draft")},         {"submitted", N_("submitted")},
	{"returned", N_("returned")},   {"approved", N_("approved")},
	{"exported", N_("exported")},   {"closed", N_("closed")},
	{"pending", N_("to pay")},      {"held", N_("held")},
	{"paid", N_("paid")},           {"failed", N_("payment failed")},
	{"generate", N_("generated")},  {"submit", N_("submitted")},
	{"return", N_("returned")},     {"approve", N_("approved")},
	{"export", N_("bank file written")}, {"results", N_("bank results recorded")},
	{"hold", N_("line held")},      {"release", N_("line released")},
	{"no_account", N_("no account on file")},
};

const char *payments_state_label(const char *state)
{
	for (size_t i = 0; i < sizeof state_labels / sizeof state_labels[0]; i++)
		if (strcmp(state_labels[i].code, state) == 0)
			return _(state_labels[i].label);
	return state;
}

static int report(enum od_status st, const struct diag *d)
{
	if (st == OD_OK)
		return EXIT_OK;
	fprintf(stderr, "onedoor-admin: %s\n", d->text);
	return st == OD_ERR_VALUE || st == OD_ERR_NOT_FOUND ? EXIT_USAGE : EXIT_FAILURE_RUN;
}

static const char *yuan(const char *fen_text, char out[32])
{
	fen_format(strtoll(fen_text, NULL, 10), out);
	return out;
}

/* "2026-09" -> "2026-09-01"; false when it is not a month. */
static bool parse_month(const char *text, char out[11])
{
	int32_t day;
	char full[16];
	if (strlen(text) != 7 || text[4] != '-')
		return false;
	snprintf(full, sizeof full, "%s-01", text);
	if (!cdate_parse(full, &day))
		return false;
	memcpy(out, full, 11);
	return true;
}


static int cmd_roll(struct db *db, int argc, char **argv)
{
	static const struct option options[] = {
		{"department", required_argument, NULL, 'd'},
		{"centre", required_argument, NULL, 'c'},
		{NULL, 0, NULL, 0},
	};
	const char *dept = NULL, *centre = NULL;
	int opt;
	optind = 0; /* glibc: re-initialise (main parsed with "+") */
	while ((opt = getopt_long(argc, argv, "d:c:", options, NULL)) != -1) {
		switch (opt) {
		case 'd': dept = optarg; break;
		case 'c': centre = optarg; break;
		default: return EXIT_USAGE;
		}
	}
	char month[11];
	if (optind != argc - 1 || !parse_month(argv[optind], month)) {
		fprintf(stderr, _("usage: onedoor-admin payments roll YYYY-MM [--department CODE] "
				  "[--centre CODE]\n"));
		return EXIT_USAGE;
	}
	struct db_result *r = NULL;
	struct diag d;
	enum od_status st = pay_generate(db, month, dept, centre, &r, &d);
	if (st != OD_OK)
		return report(st, &d);
	if (db_rows(r) == 0)
		printf(_("nothing is owed for %.7s in this scope\n"), month);
	for (int i = 0; i < db_rows(r); i++) {
		char total[32], back[32];
		printf(_("%s  %s  %s  %s: %s lines (%s held), %s yuan, of which back pay %s\n"),
		       db_value(r, i, "roll_no"), db_value(r, i, "department"),
		       db_value(r, i, "centre_code"), payments_state_label(db_value(r, i, "state")),
		       db_value(r, i, "line_count"), db_value(r, i, "held_count"),
		       yuan(db_value(r, i, "total_fen"), total),
		       yuan(db_value(r, i, "back_pay_fen"), back));
	}
	db_result_free(&r);
	return EXIT_OK;
}

static int cmd_list(struct db *db, int argc, char **argv)
{
	char month[11];
	if (argc > 2 || (argc == 2 && !parse_month(argv[1], month))) {
		fprintf(stderr, _("usage: onedoor-admin payments list [YYYY-MM]\n"));
		return EXIT_USAGE;
	}
	struct db_result *r = NULL;
	struct diag d;
	enum od_status st = pay_rolls(db, argc == 2 ? month : NULL, &r, &d);
	if (st != OD_OK)
		return report(st, &d);
	for (int i = 0; i < db_rows(r); i++) {
		char total[32];
		printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", db_value(r, i, "roll_no"),
		       db_value(r, i, "month"), db_value(r, i, "department"),
		       db_value(r, i, "centre_code"), payments_state_label(db_value(r, i, "state")),
		       db_value(r, i, "line_count"), yuan(db_value(r, i, "total_fen"), total));
	}
	db_result_free(&r);
	return EXIT_OK;
}

/* The roll as a document to print and sign (资金拨付单). */
static void print_roll(const struct db_result *h, const struct db_result *l,
		       const struct db_result *e, bool english, struct strbuf *b)
{
	char y1[32], y2[32], y3[32];
	strbuf_printf(b, "%s\n\n", _("Payment roll"));
	strbuf_printf(b, _("Roll: %s    Month: %s    State: %s\n"), db_value(h, 0, "roll_no"),
		      db_value(h, 0, "month"), payments_state_label(db_value(h, 0, "state")));
	strbuf_printf(b, _("County: %s    Department: %s    Centre: %s\n"),
		      db_value(h, 0, "county_name"),
		      db_value(h, 0, english ? "department_en" : "department_zh"),
		      db_value(h, 0, "centre_name"));
	if (*db_value(h, 0, "return_reason"))
		strbuf_printf(b, _("Returned by finance: %s\n"), db_value(h, 0, "return_reason"));
	strbuf_append(b, "\n");
	strbuf_cell(b, _("No."), 4, true);
	strbuf_cell(b, _("Case"), 16, false);
	strbuf_cell(b, _("Recipient"), 10, false);
	strbuf_cell(b, _("Item"), 18, false);
	strbuf_cell(b, _("Months"), 15, false);
	strbuf_cell(b, _("This month"), 10, true);
	strbuf_cell(b, _("Back pay"), 10, true);
	strbuf_cell(b, _("Total"), 10, true);
	strbuf_cell(b, _("Account"), 20, false);
	strbuf_cell(b, _("State"), 12, false);
	strbuf_append(b, "\n");
	for (int i = 0; i < db_rows(l); i++) {
		strbuf_cell(b, db_value(l, i, "line_no"), 4, true);
		strbuf_cell(b, db_value(l, i, "case_no"), 16, false);
		strbuf_cell(b, db_value(l, i, "recipient_name"), 10, false);
		strbuf_cell(b, db_value(l, i, english ? "item_en" : "item_zh"), 18, false);
		strbuf_cell(b, db_value(l, i, "months"), 15, false);
		strbuf_cell(b, yuan(db_value(l, i, "amount_fen"), y1), 10, true);
		strbuf_cell(b, yuan(db_value(l, i, "back_pay_fen"), y2), 10, true);
		strbuf_cell(b, yuan(db_value(l, i, "total_fen"), y3), 10, true);
		strbuf_cell(b, db_value(l, i, "account_masked"), 20, false);
		const char *state = db_value(l, i, "state");
		strbuf_cell(b, payments_state_label(state), 12, false);
		strbuf_append(b, "\n");
		const char *why = strcmp(state, "held") == 0
			? (strcmp(db_value(l, i, "hold_kind"), "no_account") == 0
				   ? payments_state_label("no_account")
				   : db_value(l, i, "hold_reason"))
			: db_value(l, i, "bank_reason");
		if (*why)
			strbuf_printf(b, "     %s\n", why);
	}
	strbuf_append(b, "\n");
	strbuf_printf(b, _("%s lines, %s held; to pay %s yuan, of which back pay %s yuan\n"),
		      db_value(h, 0, "line_count"), db_value(h, 0, "held_count"),
		      yuan(db_value(h, 0, "total_fen"), y1), yuan(db_value(h, 0, "back_pay_fen"), y2));
	if (strcmp(db_value(h, 0, "state"), "exported") == 0 ||
	    strcmp(db_value(h, 0, "state"), "closed") == 0)
		strbuf_printf(b, _("Paid %s yuan; failed %s yuan\n"),
			      yuan(db_value(h, 0, "paid_fen"), y1),
			      yuan(db_value(h, 0, "failed_fen"), y2));
	if (db_rows(e) > 0) {
		strbuf_printf(b, "\n%s\n", _("History:"));
		for (int i = 0; i < db_rows(e); i++) {
			strbuf_printf(b, "  %s  %s  %s", db_value(e, i, "at"),
				      payments_state_label(db_value(e, i, "action")),
				      db_value(e, i, "actor_name"));
			if (*db_value(e, i, "reason"))
				strbuf_printf(b, "  %s", db_value(e, i, "reason"));
			strbuf_append(b, "\n");
		}
	}
	strbuf_printf(b, "\n%s\n",
		      _("Prepared by: __________   Checked by: __________   Finance: __________"));
}

static int cmd_show(struct db *db, int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, _("usage: onedoor-admin payments show ROLL\n"));
		return EXIT_USAGE;
	}
	struct db_result *h, *l, *e;
	struct diag d;
	enum od_status st = pay_roll(db, argv[1], &h, &l, &e, &d);
	if (st != OD_OK)
		return report(st, &d);
	struct strbuf b = STRBUF_INIT;
	/* Item and department names come in both languages: the one the
	 * messages are in. */
	bool english = strcmp(_("Payment roll"), "Payment roll") == 0;
	print_roll(h, l, e, english, &b);
	fputs(strbuf_text(&b), stdout);
	strbuf_free(&b);
	db_result_free(&h);
	db_result_free(&l);
	db_result_free(&e);
	return EXIT_OK;
}

static int cmd_submit(struct db *db, int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, _("usage: onedoor-admin payments submit ROLL\n"));
		return EXIT_USAGE;
	}
	struct diag d;
	enum od_status st = pay_submit(db, argv[1], -1, &d);
	if (st == OD_OK)
		printf(_("payment roll %s submitted to finance\n"), argv[1]);
	return report(st, &d);
}

/* --reason TEXT after the positional arguments; NULL when absent. */
static const char *reason_option(int argc, char **argv, int *positional)
{
	static const struct option options[] = {
		{"reason", required_argument, NULL, 'r'},
		{NULL, 0, NULL, 0},
	};
	const char *reason = NULL;
	int opt;
	optind = 0; /* glibc: re-initialise (main parsed with "+") */
	while ((opt = getopt_long(argc, argv, "r:", options, NULL)) != -1) {
		if (opt == 'r')
			reason = optarg;
		else
			return NULL;
	}
	*positional = optind;
	return reason;
}

static int cmd_check(struct db *db, int argc, char **argv, bool approve)
{
	int at = 1;
	const char *reason = approve ? NULL : reason_option(argc, argv, &at);
	if (argc - at != 1 || (!approve && !reason)) {
		fprintf(stderr, approve ? _("usage: onedoor-admin payments approve ROLL\n")
					: _("usage: onedoor-admin payments return ROLL --reason TEXT\n"));
		return EXIT_USAGE;
	}
	struct diag d;
	enum od_status st = pay_check(db, argv[at], -1, approve, reason, &d);
	if (st == OD_OK)
		printf(approve ? _("payment roll %s approved\n")
			       : _("payment roll %s returned to the department\n"),
		       argv[at]);
	return report(st, &d);
}

static int cmd_hold(struct db *db, int argc, char **argv, bool hold)
{
	int at = 1;
	const char *reason = reason_option(argc, argv, &at);
	char *end = NULL;
	long line = argc - at == 2 ? strtol(argv[at + 1], &end, 10) : 0;
	if (argc - at != 2 || !end || *end || line < 1 || (hold && !reason)) {
		fprintf(stderr, hold ? _("usage: onedoor-admin payments hold ROLL LINE --reason TEXT\n")
				     : _("usage: onedoor-admin payments release ROLL LINE\n"));
		return EXIT_USAGE;
	}
	struct diag d;
	enum od_status st = pay_hold(db, argv[at], -1, (int)line, hold, reason, &d);
	if (st == OD_OK)
		printf(hold ? _("line %ld of %s held\n") : _("line %ld of %s released\n"), line,
		       argv[at]);
	return report(st, &d);
}

/* --encoding utf-8|gbk; true for GBK.  *bad set on anything else. */
static bool encoding_option(int argc, char **argv, int *positional, bool *bad)
{
	static const struct option options[] = {
		{"encoding", required_argument, NULL, 'e'},
		{NULL, 0, NULL, 0},
	};
	bool gbk = false;
	int opt;
	*bad = false;
	optind = 0; /* glibc: re-initialise (main parsed with "+") */
	while ((opt = getopt_long(argc, argv, "e:", options, NULL)) != -1) {
		if (opt == 'e' && (strcasecmp(optarg, "gbk") == 0))
			gbk = true;
		else if (opt == 'e' && (strcasecmp(optarg, "utf-8") == 0 ||
					strcasecmp(optarg, "utf8") == 0))
			gbk = false;
		else
			*bad = true;
	}
	*positional = optind;
	return gbk;
}

static int cmd_export(struct db *db, int argc, char **argv)
{
	int at;
	bool bad;
	bool gbk = encoding_option(argc, argv, &at, &bad);
	if (bad || argc - at != 2) {
		fprintf(stderr, _("usage: onedoor-admin payments export ROLL FILE "
				  "[--encoding utf-8|gbk]\n"));
		return EXIT_USAGE;
	}
	const char *roll = argv[at], *path = argv[at + 1];
	struct diag d;
	if (bank_file_free(path, &d) != OD_OK) {
		fprintf(stderr, "onedoor-admin: %s\n", d.text);
		return EXIT_USAGE;
	}
	struct db_result *r = NULL;
	enum od_status st = pay_export_begin(db, roll, &r, &d);
	if (st != OD_OK)
		return report(st, &d);
	struct strbuf out = STRBUF_INIT;
	int64_t total = 0;
	int lines = db_rows(r);
	bool ok = pay_bank_file_text(r, gbk, &out, &total, &d) == OD_OK;
	db_result_free(&r);
	ok = ok && bank_file_write(path, strbuf_text(&out), out.len, &d) == OD_OK;
	struct diag cd;
	enum od_status fin = pay_export_finish(db, ok, &cd);
	if (ok && fin != OD_OK) {
		unlink(path); /* the roll is not exported: the file must not exist */
		d = cd;
		ok = false;
	}
	strbuf_free(&out);
	if (!ok)
		return report(OD_ERR_IO, &d);
	char y[32];
	fen_format(total, y);
	printf(_("%s: %d payments, %s yuan, from roll %s\n"), path, lines, y, roll);
	return EXIT_OK;
}

static int cmd_results(struct db *db, int argc, char **argv)
{
	int at;
	bool bad;
	bool gbk = encoding_option(argc, argv, &at, &bad);
	if (bad || argc - at != 1) {
		fprintf(stderr, _("usage: onedoor-admin payments results FILE [--encoding utf-8|gbk]\n"));
		return EXIT_USAGE;
	}
	const char *path = argv[at];
	struct diag d;
	struct bank_result *rows = NULL;
	int count = 0;
	enum od_status st = bank_results_load(path, gbk, &rows, &count, &d);
	if (st != OD_OK) {
		if (st == OD_ERR_IO)
			return report(st, &d);
		fprintf(stderr, "%s\n", d.text);
		return EXIT_USAGE;
	}
	struct strbuf json = STRBUF_INIT;
	bank_results_json(rows, count, &json);
	struct db_result *r = NULL;
	int item = 0;
	st = pay_record_results(db, strbuf_text(&json), &item, &r, &d);
	strbuf_free(&json);
	if (st != OD_OK) {
		if (item >= 1 && item <= count) {
			fprintf(stderr, "%s:%d: %s\n", path, rows[item - 1].line, d.text);
			free(rows);
			return EXIT_USAGE;
		}
		free(rows);
		return report(st, &d);
	}
	free(rows);
	for (int i = 0; i < db_rows(r); i++)
		printf(_("%s: %s paid, %s failed; the roll is %s\n"), db_value(r, i, "roll_no"),
		       db_value(r, i, "paid"), db_value(r, i, "failed"),
		       payments_state_label(db_value(r, i, "state")));
	db_result_free(&r);
	return EXIT_OK;
}

static int cmd_account(struct db *db, int argc, char **argv)
{
	static const struct option options[] = {
		{"bank", required_argument, NULL, 'b'},
		{NULL, 0, NULL, 0},
	};
	const char *bank = NULL;
	int opt;
	optind = 0; /* glibc: re-initialise (main parsed with "+") */
	while ((opt = getopt_long(argc, argv, "b:", options, NULL)) != -1) {
		if (opt == 'b')
			bank = optarg;
		else
			return EXIT_USAGE;
	}
	if (argc - optind != 2) {
		fprintf(stderr, _("usage: onedoor-admin payments account HOUSEHOLD ACCOUNT "
				  "[--bank NAME]\n"));
		return EXIT_USAGE;
	}
	struct diag d;
	enum od_status st = pay_account_set(db, argv[optind], argv[optind + 1], bank, &d);
	if (st == OD_OK)
		printf(_("account of household %s recorded\n"), argv[optind]);
	return report(st, &d);
}

int admin_payments_run(struct db *db, int argc, char **argv)
{
	const char *sub = argc >= 2 ? argv[1] : "";
	int n = argc - 1;
	char **rest = argv + 1;
	if (strcmp(sub, "roll") == 0)
		return cmd_roll(db, n, rest);
	if (strcmp(sub, "list") == 0)
		return cmd_list(db, n, rest);
	if (strcmp(sub, "show") == 0)
		return cmd_show(db, n, rest);
	if (strcmp(sub, "submit") == 0)
		return cmd_submit(db, n, rest);
	if (strcmp(sub, "approve") == 0)
		return cmd_check(db, n, rest, true);
	if (strcmp(sub, "return") == 0)
		return cmd_check(db, n, rest, false);
	if (strcmp(sub, "hold") == 0)
		return cmd_hold(db, n, rest, true);
	if (strcmp(sub, "release") == 0)
		return cmd_hold(db, n, rest, false);
	if (strcmp(sub, "export") == 0)
		return cmd_export(db, n, rest);
	if (strcmp(sub, "results") == 0)
		return cmd_results(db, n, rest);
	if (strcmp(sub, "account") == 0)
		return cmd_account(db, n, rest);
	fprintf(stderr, _("usage: onedoor-admin payments roll|list|show|submit|approve|return|"
			  "hold|release|export|results|account ...\n"));
	return EXIT_USAGE;
}
