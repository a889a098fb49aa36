/* admin_workflow.h - the onedoor-admin subcommands of the case workflow,
 * each in its own file: calendar (admin_calendar.c), user (admin_user.c),
 * audit (admin_audit.c).  Signatures as admin_command.run. */
#ifndef ONEDOOR_ADMIN_WORKFLOW_H
#define ONEDOOR_ADMIN_WORKFLOW_H

#include "onedoor/db.h"

/* calendar import FILE: loads a year's holidays and make-up working days
 * and recomputes the due dates of open cases. */
int admin_calendar_run(struct db *db, int argc, char **argv);

/* user add LOGIN --name NAME --group GROUP [--centre C] [--county C]
 *      [--department D] | user disable LOGIN | user passwd LOGIN | user list.
 * Passwords are read from the terminal without echo, or one line from
 * standard input when it is not a terminal. */
int admin_user_run(struct db *db, int argc, char **argv);

/* audit verify: walks the hash chain; exit 1 at the first broken link. */
int admin_audit_run(struct db *db, int argc, char **argv);

#endif
