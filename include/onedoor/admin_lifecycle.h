/* admin_lifecycle.h - the onedoor-admin subcommands that bring households
 * back after their decision: random re-checks (admin_recheck.c) and periodic
 * reviews (admin_reviews.c).
 * Signatures as admin_command.run. */
#ifndef ONEDOOR_ADMIN_LIFECYCLE_H
#define ONEDOOR_ADMIN_LIFECYCLE_H

#include "onedoor/db.h"

#include <stdbool.h>

/* recheck draw MONTH --percent N [--seed S] | recheck show MONTH: draws the
 * month's random re-checks of commitment-track cases in the caller's
 * county, or shows the stored draw redone from its population and seed.
 * Exit 2 for bad arguments or a draw the server refuses, 1 when the
 * server cannot be reached or nothing was drawn. */
int admin_recheck_run(struct db *db, int argc, char **argv);

/* reviews generate MONTH: opens the periodic reviews due in MONTH for the
 * benefits in force in the caller's county (admin_reviews.c). */
int admin_reviews_run(struct db *db, int argc, char **argv);

/* Whether m is a month written YYYY-MM (01-12). */
bool admin_month_ok(const char *m);

#endif
