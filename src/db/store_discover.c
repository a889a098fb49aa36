/* store_discover.c - `discover` inside the database server. */
#include "onedoor/store_discover.h"

#include "onedoor/civil_date.h"
#include "onedoor/i18n.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct discover_run {
	struct db *db;
	char run_id[24], day[CDATE_TEXT_SIZE];
	char **bounds; /* first household id of each chunk */
	int n_bounds, next;
};

static enum od_status exec0(struct db *db, const char *sql, struct diag *d)
{
	return db_exec(db, sql, 0, NULL, NULL, d);
}

static void run_free(struct discover_run *s)
{
	for (int i = 0; i < s->n_bounds; i++)
		free(s->bounds[i]);
	free(s->bounds);
	free(s);
}

enum od_status store_discover_run_begin(struct db *db, int32_t date, struct discover_run **out,
					int64_t *total, struct diag *d)
{
	*out = NULL;
	struct discover_run *s = xcalloc(1, sizeof *s);
	s->db = db;
	cdate_format(date, s->day);
	struct db_result *r = NULL;
	const char *p[] = {s->day};
	char chunk[16];
	snprintf(chunk, sizeof chunk, "%d", DISCOVER_CHUNK);
	const char *pc[] = {chunk};
	/* JIT compilation costs more than it saves on these plans. */
	enum od_status st = exec0(db, "BEGIN", d);
	if (st == OD_OK)
		st = exec0(db, "SET LOCAL jit = off", d);
	if (st == OD_OK)
		st = db_exec(db,
			     "SELECT to_regprocedure('onedoor.discover_household(bigint, date)') "
			     " IS NOT NULL AS ready, current_setting('server_version_num')::int / 10000 "
			     " AS major",
			     0, NULL, &r, d);
	if (st == OD_OK && strcmp(db_value(r, 0, "ready"), "t") != 0)
		st = diag_set(d, OD_ERR_NOT_FOUND,
			      _("the database has no onedoor engine: install the package "
				"postgresql-%s-onedoor on the database server and run onedoor-admin "
				"init (or discover --cursor to match in this program)"),
			      db_value(r, 0, "major"));
	db_result_free(&r);
	if (st == OD_OK)
		st = db_exec(db,
			     "INSERT INTO onedoor.discover_runs (as_of) VALUES ($1) RETURNING id, "
			     " (SELECT count(*) FROM onedoor.households WHERE active) AS total",
			     1, p, &r, d);
	if (st == OD_OK) {
		snprintf(s->run_id, sizeof s->run_id, "%s", db_value(r, 0, "id"));
		*total = atoll(db_value(r, 0, "total"));
		db_result_free(&r);
		/* Chunks of DISCOVER_CHUNK active households by id, so that
		 * progress moves in even steps. */
		st = db_exec(db,
			     "SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n "
			     " FROM onedoor.households WHERE active) x "
			     "WHERE n % $1::int = 1 ORDER BY id",
			     1, pc, &r, d);
	}
	if (st != OD_OK) {
		exec0(db, "ROLLBACK", NULL);
		run_free(s);
		return st;
	}
	s->n_bounds = db_rows(r);
	s->bounds = xcalloc((size_t)s->n_bounds + 1, sizeof *s->bounds);
	for (int i = 0; i < s->n_bounds; i++)
		s->bounds[i] = xstrdup(db_value(r, i, "id"));
	db_result_free(&r);
	*out = s;
	return OD_OK;
}

int store_discover_run_next(struct discover_run *s, discover_finding_fn fn, void *arg,
			    int64_t *households, int64_t *findings, int64_t *unreadable,
			    struct diag *d)
{
	if (s->next >= s->n_bounds)
		return 0;
	const char *lo = s->bounds[s->next];
	const char *hi = s->next + 1 < s->n_bounds ? s->bounds[s->next + 1] : NULL;
	s->next++;
	const char *p[] = {s->day, lo, hi};
	/* CREATE TABLE AS runs its query in parallel workers (an INSERT
	 * would not): the engine is called from each worker. */
	enum od_status st = db_exec(
		s->db,
		"CREATE TEMP TABLE od_chunk ON COMMIT DROP AS "
		"SELECT h.id, h.household_no, onedoor.discover_household(h.id, $1::date) AS f "
		"FROM onedoor.households h "
		"WHERE h.active AND h.id >= $2::bigint AND ($3::bigint IS NULL OR h.id < $3::bigint)",
		3, p, NULL, d);
	struct db_result *r = NULL;
	const char *pr[] = {s->run_id};
	if (st == OD_OK)
		st = db_exec(s->db,
			     "WITH ins AS (INSERT INTO onedoor.discoveries "
			     " (run_id, household_id, items, amounts, warnings) "
			     " SELECT $1::bigint, id, (f).items, (f).amounts, (f).warnings FROM od_chunk "
			     " WHERE cardinality((f).items) + cardinality((f).warnings) > 0 "
			     " RETURNING cardinality(items) + cardinality(warnings) AS n) "
			     "SELECT (SELECT count(*) FROM od_chunk) AS households, "
			     " (SELECT count(*) FROM od_chunk WHERE (f).unreadable) AS unreadable, "
			     " (SELECT coalesce(sum(n), 0) FROM ins) AS findings",
			     1, pr, &r, d);
	if (st == OD_OK) {
		*households += atoll(db_value(r, 0, "households"));
		*unreadable += atoll(db_value(r, 0, "unreadable"));
		*findings += atoll(db_value(r, 0, "findings"));
		db_result_free(&r);
	}
	/* Items (catalogue order, as the engine lists them) then warnings. */
	if (st == OD_OK && fn)
		st = db_exec(s->db,
			     "SELECT c.household_no, x.kind, x.code, coalesce(x.amount::text, '') "
			     " AS amount FROM od_chunk c, LATERAL ("
			     " SELECT 1 AS g, k, 'item' AS kind, i AS code, a AS amount "
			     " FROM unnest((c.f).items, (c.f).amounts) WITH ORDINALITY AS u(i, a, k) "
			     " UNION ALL SELECT 2, k, 'warning', w, NULL "
			     " FROM unnest((c.f).warnings) WITH ORDINALITY AS v(w, k)) x "
			     "ORDER BY c.id, x.g, x.k",
			     0, NULL, &r, d);
	if (st == OD_OK && fn) {
		for (int i = 0; i < db_rows(r); i++)
			fn(arg, db_value(r, i, "household_no"), db_value(r, i, "kind"),
			   db_value(r, i, "code"), db_value(r, i, "amount"));
		db_result_free(&r);
	}
	if (st == OD_OK)
		st = exec0(s->db, "DROP TABLE od_chunk", d);
	return st == OD_OK ? 1 : -1;
}

enum od_status store_discover_close_run(struct db *db, const char *run_id, int64_t households,
					int64_t findings, struct diag *d)
{
	char h[24], f[24];
	snprintf(h, sizeof h, "%lld", (long long)households);
	snprintf(f, sizeof f, "%lld", (long long)findings);
	const char *p[] = {run_id, h, f};
	return db_exec(db,
		       "UPDATE onedoor.discover_runs SET finished_at = now(), households = $2, "
		       " findings = $3 WHERE id = $1",
		       3, p, NULL, d);
}

enum od_status store_discover_run_end(struct discover_run **sp, bool commit, int64_t households,
				      int64_t findings, struct diag *d)
{
	struct discover_run *s = *sp;
	if (!s)
		return OD_OK;
	enum od_status st =
		commit ? store_discover_close_run(s->db, s->run_id, households, findings, d) : OD_OK;
	if (commit && st == OD_OK)
		st = exec0(s->db, "COMMIT", d);
	else
		exec0(s->db, "ROLLBACK", NULL);
	run_free(s);
	*sp = NULL;
	return st;
}
