/* store_lifecycle.h - what brings a household back after its decision, as
 * the server keeps it: random re-checks of commitment-track cases
 * (0021_rechecks.sql) and periodic reviews (0030_reviews.sql).  Every write takes a request id; results belong to
 * the caller (db_result_free). */
#ifndef ONEDOOR_STORE_LIFECYCLE_H
#define ONEDOOR_STORE_LIFECYCLE_H

#include "onedoor/db.h"

/* Draws `percent` (text, 0-100) of the caller's county's commitment cases
 * approved in `month` (YYYY-MM) with `seed` (NULL: a fresh one), opens
 * their re-checks and returns the draw as lifecycle_recheck_draw_read
 * does. */
enum od_status lifecycle_recheck_draw(struct db *db, const char *request_id, const char *month,
				      const char *percent, const char *seed,
				      struct db_result **out, struct diag *d);

/* The stored draw of `month` in the caller's county: one row with columns
 * id, month (YYYY-MM), percent, seed, population_size, drawn (case numbers
 * separated by spaces, in pick order), redrawn (the same pick recomputed
 * from the stored population, percent and seed), drawn_by, at.  No row when
 * none was drawn. */
enum od_status lifecycle_recheck_draw_read(struct db *db, const char *month,
					   struct db_result **out, struct diag *d);

/* Opens the periodic reviews due in `month` (YYYY-MM) for the benefits in
 * force in the caller's county; one row: opened (now), due (in all). */
enum od_status lifecycle_reviews_generate(struct db *db, const char *request_id, const char *month,
					  struct db_result **out, struct diag *d);

/* The benefits whose households the latest deaths batch (imported on or
 * after `since`, YYYY-MM-DD, or any when NULL) touches, re-evaluated; one
 * row: checked, opened. */
enum od_status lifecycle_reviews_from_data(struct db *db, const char *request_id,
					   const char *since, struct db_result **out,
					   struct diag *d);

#endif
