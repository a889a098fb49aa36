/* store_catalogue.h - the catalogue and `discover` in the database.
 *
 * Tables of migration 0002: catalogue_items, parameters, parameter_defs,
 * catalogue_warnings, discover_runs, discoveries.  Every statement is
 * parameterised; parameter values are never overwritten (a new dated value
 * is a new row, and importing a different value for an existing
 * (code, region, valid_from) is refused). */
#ifndef ONEDOOR_STORE_CATALOGUE_H
#define ONEDOOR_STORE_CATALOGUE_H

#include "onedoor/catalogue.h"
#include "onedoor/db.h"
#include "onedoor/hh_facts.h"

#include <stdint.h>

struct catalogue_import_counts {
	int items, params, values_added, values_kept, warnings;
};

/* Writes a finished catalogue in one transaction: all of it or nothing.
 * Items and warnings are inserted or updated by code. */
enum od_status store_catalogue_import(struct db *db, const struct catalogue *cat,
				      struct catalogue_import_counts *counts, struct diag *d);

/* Reads the active catalogue and checks it (catalogue_finish); *out is
 * freed by the caller with catalogue_free. */
enum od_status store_catalogue_load(struct db *db, struct catalogue **out, struct diag *d);
/* The same from client_start's answer (its "param_def", "param", "item"
 * and "warning" rows: store_client_start_query). */
enum od_status store_catalogue_read(const struct db_result *r, struct catalogue **out,
				    struct diag *d);

/* Streaming every active household, a batch at a time, inside one
 * transaction (a cursor): memory stays flat however many there are. */
struct discover_stream;

/* Starts a run as of `date` (day number): opens the transaction, creates
 * the run row and the cursor.  *total gets the number of households. */
enum od_status store_discover_begin(struct db *db, int32_t date, struct discover_stream **out,
				    int64_t *total, struct diag *d);
/* Next household: 1 and *in / *household_id / *household_no filled, and
 * *applied the comma-separated items of its cases that are neither refused
 * nor withdrawn (applied for or granted); 0 at the end, -1 on error (d says
 * why).  The strings live until the next call.  Stored facts that do not
 * read are skipped and counted in *bad_facts. */
int store_discover_next(struct discover_stream *s, struct hh_input *in, int64_t *household_id,
			const char **household_no, const char **applied, int *bad_facts,
			struct diag *d);
/* Records a finding: kind "item" (amount may be NULL for none) or
 * "warning".  A household's findings are added one after another; they
 * become one row of onedoor.discoveries, written a batch at a time. */
enum od_status store_discover_add(struct discover_stream *s, int64_t household_id,
				  const char *kind, const char *code, const char *amount,
				  struct diag *d);
/* Writes what is buffered, closes the run and commits (commit = true) or
 * rolls everything back; frees s and sets it to NULL. */
enum od_status store_discover_end(struct discover_stream **s, bool commit, int64_t households,
				  int64_t findings, struct diag *d);

#endif
