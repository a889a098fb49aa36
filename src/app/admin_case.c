/* admin_case.c - `onedoor-admin case show|report|notice CASE_NO`: the case
 * seen whole as text, for scripts and remote support, and its documents
 * printed again exactly as stored. */
#include "onedoor/admin_commands.h"
#include "onedoor/admin_county.h"
#include "onedoor/app.h"
#include "onedoor/case_file.h"
#include "onedoor/i18n.h"
#include "onedoor/store_case_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(enum od_status st, const struct diag *d)
{
	fprintf(stderr, "onedoor-admin: %s\n", d->text);
	return st == OD_ERR_NOT_FOUND || st == OD_ERR_VALUE ? EXIT_USAGE : EXIT_FAILURE_RUN;
}

static int case_show(struct db *db, const char *case_no, bool unmasked)
{
	struct case_file cf = {0};
	struct diag d;
	enum od_status st = store_case_file_load(db, case_no, unmasked, &cf, &d);
	if (st != OD_OK)
		return fail(st, &d);
	struct strbuf out = STRBUF_INIT;
	case_file_format(&cf, 0, &out);
	fputs(strbuf_text(&out), stdout);
	strbuf_free(&out);
	case_file_clear(&cf);
	return EXIT_OK;
}

static int case_document(struct db *db, const char *case_no, const char *kind, int version)
{
	char *text = NULL;
	struct diag d;
	enum od_status st = store_case_document(db, case_no, kind, version, &text, &d);
	if (st != OD_OK)
		return fail(st, &d);
	/* Exactly the stored bytes: the same document as first printed. */
	fwrite(text, 1, strlen(text), stdout);
	free(text);
	return EXIT_OK;
}

int admin_case_show(struct db *db, struct admin_args *a)
{
	return case_show(db, a->operand[0], admin_arg(a, "unmasked") != NULL);
}

int admin_case_report(struct db *db, struct admin_args *a)
{
	const char *v = admin_arg(a, "version");
	int version = v ? atoi(v) : 0;
	if (v && version <= 0) {
		fprintf(stderr, _("onedoor-admin: --version wants a number from 1\n"));
		return EXIT_USAGE;
	}
	return case_document(db, a->operand[0], "report", version);
}

int admin_case_notice(struct db *db, struct admin_args *a)
{
	return case_document(db, a->operand[0], "notice", 0);
}
