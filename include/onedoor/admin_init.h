/* admin_init.h - `onedoor-admin init`: the central database brought up, or
 * brought up to date after an upgrade, in one repeatable command
 * (src/app/admin_init.c).  A row of the table in src/app/onedoor_admin.c. */
#ifndef ONEDOOR_ADMIN_INIT_H
#define ONEDOOR_ADMIN_INIT_H

#include "onedoor/admin_commands.h"

/* Before connecting: --admin wants --name, and a valid login name. */
bool admin_init_prepare(struct admin_args *a, struct diag *d);

/* init [--owner ROLE] [--admin LOGIN --name NAME [--county CODE]]
 *      [--statement-timeout T] [--idle-timeout T]
 * Needs a superuser session on PostgreSQL 13 or newer.  Creates what is
 * missing (group roles, the schema owner, the schema), applies the
 * migrations as the owner, imports the shipped calendar years and catalogue
 * the database does not have yet, gives the owner what another role owns
 * in the schema, turns jit off for the database, adds the first
 * administrator login (password from the terminal, or one line of standard
 * input, asked only when the login is created) and sets the session
 * timeouts of logins that have none.  What exists is left as it is, so
 * re-running changes nothing.  Returns the exit status. */
int admin_init_run(struct db *db, struct admin_args *a);

#endif
