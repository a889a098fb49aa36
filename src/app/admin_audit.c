/* admin_audit.c - `onedoor-admin audit chain|verify|anchor`: the audit
 * trail's hash chain (src/sql/migrations/0037_audit_chainer.sql).
 *
 * Writers only append entries; the chainer (onedoor.audit_chain(), run by
 * `audit chain`, once or --follow) links them in commit order.  `verify`
 * chains what is waiting, then walks the chain: positions without gaps,
 * every entry naming the hash of the one before, every stored hash the one
 * the server recomputes, the head at the last entry.  All of that an
 * attacker with the superuser's rights can rebuild; what they cannot
 * rebuild is a head written down outside the database.  `anchor` prints
 * one (daily, for the discipline commission), and `verify --anchor FILE`
 * checks that the chain still passes through the last head in FILE (as
 * RFC 6962 clients keep the last signed tree head), then appends the new
 * head to FILE.  Every read goes through definer functions granted to the
 * auditor and admin groups, so it runs under their own logins. */
#include "onedoor/admin_workflow.h"
#include "onedoor/app.h"
#include "onedoor/audit_walk.h"
#include "onedoor/i18n.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define ANCHOR_TAG "onedoor-audit-anchor"
#define CHUNK "5000"

/* A head written down: entry position and its hash (hex). */
struct anchor {
	long long pos;
	char hash[65];
	int line; /* in the file; 0 when none */
};

struct walk {
	struct audit_walk chain; /* up to the last good entry */
	const struct anchor *anchor;
	bool anchor_seen, anchor_matches;
};

static int db_fail(const struct diag *d)
{
	fprintf(stderr, "onedoor-admin: %s\n", d->text);
	return EXIT_FAILURE_RUN;
}

/* Links what is waiting; -1 on error (reported). */
static long long chain_pending(struct db *db)
{
	struct db_result *r = NULL;
	struct diag d;
	if (db_exec(db, "SELECT onedoor.audit_chain() AS n", 0, NULL, &r, &d) != OD_OK) {
		db_fail(&d);
		return -1;
	}
	long long n = strtoll(db_value(r, 0, "n"), NULL, 10);
	db_result_free(&r);
	return n;
}

/* Checks one chunk after w->chain.pos; returns the number of rows read, -1 on a
 * broken link (reported), -2 on a database error. */
static int walk_chunk(struct db *db, struct walk *w)
{
	char after[32];
	snprintf(after, sizeof after, "%lld", w->chain.pos);
	const char *params[] = {after};
	struct db_result *r = NULL;
	struct diag d;
	if (db_exec(db, "SELECT pos, hash, prev_hash, computed "
			"FROM onedoor.audit_verify_chunk($1::bigint, " CHUNK ")",
		    1, params, &r, &d) != OD_OK) {
		db_fail(&d);
		return -2;
	}
	int n = db_rows(r);
	for (int i = 0; i < n; i++) {
		long long pos = strtoll(db_value(r, i, "pos"), NULL, 10);
		enum audit_break b = audit_walk_step(&w->chain, pos, db_value(r, i, "hash"),
						     db_value(r, i, "prev_hash"),
						     db_value(r, i, "computed"));
		if (b != AUDIT_LINK_OK) {
			printf(_("audit chain broken at entry %lld: %s\n"), pos, _(audit_break_text(b)));
			db_result_free(&r);
			return -1;
		}
		if (w->anchor && pos == w->anchor->pos) {
			w->anchor_seen = true;
			w->anchor_matches = strcmp(w->chain.hash, w->anchor->hash) == 0;
		}
	}
	db_result_free(&r);
	return n;
}

/* The last anchor line of FILE into *a (a->line 0 when the file does not
 * exist or names none); false with a FILE:LINE message when a line that
 * says it is an anchor is not one. */
static bool read_anchor(const char *path, struct anchor *a)
{
	memset(a, 0, sizeof *a);
	FILE *f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT)
			return true;
		fprintf(stderr, _("onedoor-admin: cannot read %s: %s\n"), path, strerror(errno));
		return false;
	}
	char line[512];
	int n = 0;
	bool ok = true;
	while (ok && fgets(line, sizeof line, f)) {
		n++;
		if (strncmp(line, ANCHOR_TAG " ", sizeof ANCHOR_TAG) != 0)
			continue; /* a mailed anchor may be saved whole, with its text */
		long long pos;
		char hash[80];
		if (sscanf(line + sizeof ANCHOR_TAG, "%lld %79s", &pos, hash) != 2 || pos < 0 ||
		    strlen(hash) != 64 || strspn(hash, "0123456789abcdef") != 64) {
			fprintf(stderr, _("%s:%d: not an audit anchor (expected \"%s POSITION HASH\")\n"),
				path, n, ANCHOR_TAG);
			ok = false;
			break;
		}
		a->pos = pos;
		snprintf(a->hash, sizeof a->hash, "%s", hash);
		a->line = n;
	}
	fclose(f);
	return ok;
}

/* The machine-readable anchor line, with the time it was taken (UTC). */
static void format_anchor(char *out, size_t size, long long pos, const char *hash)
{
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(out, size, ANCHOR_TAG " %lld %s %s", pos, hash, when);
}

static bool append_anchor(const char *path, long long pos, const char *hash)
{
	char line[200];
	format_anchor(line, sizeof line, pos, hash);
	FILE *f = fopen(path, "a");
	bool ok = f && fprintf(f, "%s\n", line) > 0;
	if (f && fclose(f) != 0)
		ok = false;
	if (!ok)
		fprintf(stderr, _("onedoor-admin: cannot write %s: %s\n"), path, strerror(errno));
	return ok;
}

/* The head row and what still waits; false on a database error. */
static bool head_state(struct db *db, long long *pos, char hash[65], long long *unchained)
{
	struct db_result *r = NULL;
	struct diag d;
	if (db_exec(db, "SELECT pos, hash, unchained FROM onedoor.audit_head_state()", 0, NULL,
		    &r, &d) != OD_OK) {
		db_fail(&d);
		return false;
	}
	bool ok = db_rows(r) == 1;
	if (ok) {
		*pos = strtoll(db_value(r, 0, "pos"), NULL, 10);
		snprintf(hash, 65, "%s", db_value(r, 0, "hash"));
		*unchained = strtoll(db_value(r, 0, "unchained"), NULL, 10);
	}
	db_result_free(&r);
	return ok;
}

static int audit_verify(struct db *db, const char *anchor_path)
{
	struct anchor a;
	if (anchor_path && !read_anchor(anchor_path, &a))
		return EXIT_USAGE;
	if (chain_pending(db) < 0)
		return EXIT_FAILURE_RUN;
	struct walk w = {.anchor = anchor_path && a.line ? &a : NULL};
	audit_walk_start(&w.chain);
	if (w.anchor && a.pos == 0) {
		w.anchor_seen = true;
		w.anchor_matches = strcmp(a.hash, AUDIT_GENESIS_HASH) == 0;
	}
	int n;
	while ((n = walk_chunk(db, &w)) > 0)
		;
	if (n < 0)
		return EXIT_FAILURE_RUN;
	long long head_pos, unchained;
	char head_hash[65];
	if (!head_state(db, &head_pos, head_hash, &unchained))
		return EXIT_FAILURE_RUN;
	if (head_pos != w.chain.pos || strcmp(head_hash, w.chain.hash) != 0) {
		printf(_("audit chain broken after entry %lld: the chain head does not point at "
			 "the last entry (entries were removed or added outside the chain)\n"),
		       w.chain.pos);
		return EXIT_FAILURE_RUN;
	}
	if (w.anchor && !w.anchor_seen) {
		printf(_("audit chain cut: it ends at entry %lld, but the anchor %s:%d names entry "
			 "%lld (entries were removed and the head moved back)\n"),
		       w.chain.pos, anchor_path, a.line, a.pos);
		return EXIT_FAILURE_RUN;
	}
	if (w.anchor && !w.anchor_matches) {
		printf(_("audit chain rewritten: entry %lld does not have the hash of the anchor "
			 "%s:%d (entries up to it were changed and the chain rebuilt)\n"),
		       a.pos, anchor_path, a.line);
		return EXIT_FAILURE_RUN;
	}
	printf(_("audit chain intact: %lld entries, head %s\n"), w.chain.count, w.chain.hash);
	if (w.anchor)
		printf(_("it passes through the anchor %s:%d (entry %lld)\n"), anchor_path, a.line,
		       a.pos);
	if (unchained > 0)
		printf(_("%lld entries committed meanwhile wait for the chainer\n"), unchained);
	if (anchor_path && (!w.anchor || a.pos != w.chain.pos) &&
	    !append_anchor(anchor_path, w.chain.pos, w.chain.hash))
		return EXIT_FAILURE_RUN;
	return EXIT_OK;
}

/* Prints the head as it is now, to be kept outside the database. */
static int audit_anchor(struct db *db)
{
	if (chain_pending(db) < 0)
		return EXIT_FAILURE_RUN;
	long long pos, unchained;
	char hash[65], line[200];
	if (!head_state(db, &pos, hash, &unchained))
		return EXIT_FAILURE_RUN;
	format_anchor(line, sizeof line, pos, hash);
	printf(_("Audit anchor: %lld entries; keep this line outside the database and give "
		 "it to `onedoor-admin audit verify --anchor FILE`:\n"),
	       pos);
	printf("%s\n", line);
	return EXIT_OK;
}

/* Chains once, or every `every` seconds until killed; each turn also ends
 * the sessions that overstay their login's timeouts, when this login may
 * (see onedoor.enforce_session_limits), drops the change feed's old rows
 * and adds up the matrix's counts. */
static int audit_chain(struct db *db, int every)
{
	struct db_result *r = NULL;
	struct diag d;
	bool enforce = false;
	if (db_exec(db,
		    "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
		    "OR pg_has_role('pg_signal_backend', 'MEMBER') AS may",
		    0, NULL, &r, &d) != OD_OK)
		return db_fail(&d);
	enforce = strcmp(db_value(r, 0, "may"), "t") == 0;
	db_result_free(&r);
	if (every > 0 && !enforce)
		fprintf(stderr, _("onedoor-admin: this login may not end other sessions: "
				  "per-login timeouts are not enforced (run as a superuser)\n"));
	for (;;) {
		long long n = chain_pending(db);
		if (n < 0)
			return EXIT_FAILURE_RUN;
		if (every == 0) {
			printf(_("%lld audit entries chained\n"), n);
			return EXIT_OK;
		}
		if (enforce &&
		    db_exec(db, "SELECT onedoor.enforce_session_limits()", 0, NULL, NULL, &d) != OD_OK)
			return db_fail(&d);
		/* The live-refresh change feed keeps an hour (0059_change_feed.sql);
		 * the matrix's counts are added up (0060_province_matrix.sql). */
		if (db_exec(db, "SELECT onedoor.change_feed_prune()", 0, NULL, NULL, &d) != OD_OK ||
		    db_exec(db, "SELECT onedoor.case_light_fold()", 0, NULL, NULL, &d) != OD_OK)
			return db_fail(&d);
		sleep((unsigned)every);
	}
}

static int usage_audit(void)
{
	fprintf(stderr, _("usage: onedoor-admin audit chain [--follow SECONDS]\n"
			  "       onedoor-admin audit verify [--anchor FILE]\n"
			  "       onedoor-admin audit anchor\n"));
	return EXIT_USAGE;
}

int admin_audit_run(struct db *db, int argc, char **argv)
{
	static const struct option options[] = {
		{"anchor", required_argument, NULL, 'a'},
		{"follow", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	if (argc < 2)
		return usage_audit();
	const char *verb = argv[1], *anchor = NULL;
	int every = 0, opt;
	optind = 0; /* glibc: re-initialise, main() parsed with "+" */
	while ((opt = getopt_long(argc - 1, argv + 1, "", options, NULL)) != -1) {
		switch (opt) {
		case 'a': anchor = optarg; break;
		case 'f':
			every = atoi(optarg);
			if (every < 1 || every > 3600)
				return usage_audit();
			break;
		default: return usage_audit();
		}
	}
	if (optind != argc - 1)
		return usage_audit();
	if (strcmp(verb, "verify") == 0 && every == 0)
		return audit_verify(db, anchor);
	if (strcmp(verb, "anchor") == 0 && !anchor && every == 0)
		return audit_anchor(db);
	if (strcmp(verb, "chain") == 0 && !anchor)
		return audit_chain(db, every);
	return usage_audit();
}
