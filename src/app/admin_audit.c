/* admin_audit.c - `onedoor-admin audit verify`: walks the audit hash chain.
 *
 * The server recomputes each entry's hash from its canonical encoding
 * (onedoor.audit_entry_hash); this walk checks that positions run without
 * gaps, that every entry names the hash of the one before it, that its
 * stored hash is the recomputed one, and that the head row points at the
 * last entry.  The final head hash is printed so that it can be written
 * down outside the database: an attacker who rewrites the whole tail of the
 * chain can only be caught against such a copy. */
#include "onedoor/admin_workflow.h"
#include "onedoor/app.h"
#include "onedoor/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"
#define CHUNK "5000"

struct walk {
	long long pos;   /* last good position */
	char hash[65];   /* its hash, hex */
	long long count;
};

/* Checks one chunk after w->pos; returns the number of rows read, -1 on a
 * broken link (reported), -2 on a database error. */
static int walk_chunk(struct db *db, struct walk *w)
{
	char after[32];
	snprintf(after, sizeof after, "%lld", w->pos);
	const char *params[] = {after};
	struct db_result *r = NULL;
	struct diag d;
	if (db_exec(db,
		    "SELECT a.pos, encode(a.hash, 'hex') AS hash, "
		    "       encode(a.prev_hash, 'hex') AS prev_hash, "
		    "       encode(onedoor.audit_entry_hash(a), 'hex') AS computed "
		    "FROM onedoor.audit_log a WHERE a.pos > $1::bigint ORDER BY a.pos LIMIT " CHUNK,
		    1, params, &r, &d) != OD_OK) {
		fprintf(stderr, "onedoor-admin: %s\n", d.text);
		return -2;
	}
	int n = db_rows(r);
	for (int i = 0; i < n; i++) {
		long long pos = strtoll(db_value(r, i, "pos"), NULL, 10);
		const char *why = NULL;
		if (pos != w->pos + 1)
			why = _("entries are missing before it");
		else if (strcmp(db_value(r, i, "prev_hash"), w->hash) != 0)
			why = _("it does not name the hash of the entry before it");
		else if (strcmp(db_value(r, i, "computed"), db_value(r, i, "hash")) != 0)
			why = _("its content does not match its hash (the entry was changed)");
		if (why) {
			printf(_("audit chain broken at entry %lld: %s\n"), pos, why);
			db_result_free(&r);
			return -1;
		}
		w->pos = pos;
		snprintf(w->hash, sizeof w->hash, "%s", db_value(r, i, "hash"));
		w->count++;
	}
	db_result_free(&r);
	return n;
}

static int audit_verify(struct db *db)
{
	struct walk w = {.pos = 0, .count = 0};
	snprintf(w.hash, sizeof w.hash, "%s", GENESIS_HASH);
	int n;
	while ((n = walk_chunk(db, &w)) > 0)
		;
	if (n == -2)
		return EXIT_FAILURE_RUN;
	if (n == -1)
		return EXIT_FAILURE_RUN;
	struct db_result *r = NULL;
	struct diag d;
	if (db_exec(db, "SELECT pos, encode(hash, 'hex') AS hash FROM onedoor.audit_head", 0, NULL,
		    &r, &d) != OD_OK) {
		fprintf(stderr, "onedoor-admin: %s\n", d.text);
		return EXIT_FAILURE_RUN;
	}
	int rc = EXIT_OK;
	if (db_rows(r) != 1 || strtoll(db_value(r, 0, "pos"), NULL, 10) != w.pos ||
	    strcmp(db_value(r, 0, "hash"), w.hash) != 0) {
		printf(_("audit chain broken after entry %lld: the chain head does not point at "
			 "the last entry (entries were removed or added outside the chain)\n"),
		       w.pos);
		rc = EXIT_FAILURE_RUN;
	} else {
		printf(_("audit chain intact: %lld entries, head %s\n"), w.count, w.hash);
	}
	db_result_free(&r);
	return rc;
}

int admin_audit_run(struct db *db, int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "verify") == 0)
		return audit_verify(db);
	fprintf(stderr, _("usage: onedoor-admin audit verify\n"));
	return EXIT_USAGE;
}
