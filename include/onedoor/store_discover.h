/* store_discover.h - `discover` inside the database server.
 *
 * The households are matched by the engine in the server
 * (onedoor.discover_household, src/sql/engine.sql), set-based and in
 * parallel workers, a chunk of DISCOVER_CHUNK households per statement so
 * that the caller can show progress; the findings are written to
 * onedoor.discoveries in the same transaction.  Nothing per household
 * crosses the network except the findings to print.  The older path, every
 * household streamed to the client (store_catalogue.h), remains for
 * comparison. */
#ifndef ONEDOOR_STORE_DISCOVER_H
#define ONEDOOR_STORE_DISCOVER_H

#include "onedoor/db.h"

#include <stdbool.h>
#include <stdint.h>

#define DISCOVER_CHUNK 100000

struct discover_run;

/* Opens the transaction, records the run as of `date` (day number) and
 * divides the active households into chunks; *total gets their number.
 * OD_ERR_NOT_FOUND, naming the package to install, when the database has
 * no engine functions. */
enum od_status store_discover_run_begin(struct db *db, int32_t date, struct discover_run **out,
					int64_t *total, struct diag *d);

/* Called for each finding of a chunk, in household order: kind "item"
 * (amount "" when none) or "warning". */
typedef void (*discover_finding_fn)(void *arg, const char *household_no, const char *kind,
				    const char *code, const char *amount);

/* Matches and records the next chunk; adds to the counts its households,
 * findings and households with facts that did not read, and passes its
 * findings to fn (NULL: not fetched).  Returns 1 after a chunk, 0 when
 * there were none left, -1 on error (d says why). */
int store_discover_run_next(struct discover_run *s, discover_finding_fn fn, void *arg,
			    int64_t *households, int64_t *findings, int64_t *unreadable,
			    struct diag *d);

/* Records a run as finished with its counts (inside the run's
 * transaction); both discover paths end with it. */
enum od_status store_discover_close_run(struct db *db, const char *run_id, int64_t households,
					int64_t findings, struct diag *d);

/* Closes the run with its counts and commits (commit = true) or rolls it
 * all back; frees s and sets it to NULL. */
enum od_status store_discover_run_end(struct discover_run **s, bool commit, int64_t households,
				      int64_t findings, struct diag *d);

#endif
