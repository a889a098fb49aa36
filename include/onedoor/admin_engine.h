/* admin_engine.h - the onedoor-admin subcommands of the matching engine
 * (rows of the command table in src/app/onedoor_admin.c). */
#ifndef ONEDOOR_ADMIN_ENGINE_H
#define ONEDOOR_ADMIN_ENGINE_H

#include "onedoor/db.h"

/* `catalogue import PATH...`: reads and checks every file (or folder of
 * *.ini files) first, then writes all of it in one transaction; a bad file
 * changes nothing.  Exit 0, 2 for a bad file or arguments, 1 for the
 * database. */
int admin_catalogue_run(struct db *db, int argc, char **argv);

/* `discover [--date YYYY-MM-DD]`: matches every active household, records
 * and prints the items it qualifies for and does not hold, and every
 * raised warning.  Progress on stderr when it is a terminal. */
int admin_discover_run(struct db *db, int argc, char **argv);

#endif
