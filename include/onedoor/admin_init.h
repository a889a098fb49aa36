/* admin_init.h - `onedoor-admin init`: the central database brought up, or
 * brought up to date after an upgrade, in one repeatable command
 * (src/app/admin_init.c).  Signature as admin_command.run. */
#ifndef ONEDOOR_ADMIN_INIT_H
#define ONEDOOR_ADMIN_INIT_H

#include "onedoor/db.h"

/* init [--owner ROLE] [--admin LOGIN --name NAME [--county CODE]]
 *      [--statement-timeout T] [--idle-timeout T]
 * Needs a superuser session on PostgreSQL 13 or newer.  Creates what is
 * missing (group roles, the schema owner, the schema), applies the
 * migrations as the owner, imports the shipped calendar years and catalogue
 * the database does not have yet, sets the session timeouts of logins that
 * have none, and adds the first administrator login (password from the
 * terminal, or one line of standard input).  What exists is left as it is,
 * so re-running changes nothing.  Returns the exit status. */
int admin_init_run(struct db *db, int argc, char **argv);

#endif
