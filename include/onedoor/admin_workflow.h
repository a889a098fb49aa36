/* admin_workflow.h - the onedoor-admin subcommands of the case workflow,
 * each in its own file: calendar (admin_calendar.c), audit
 * (admin_audit.c).  Rows of the table in src/app/onedoor_admin.c. */
#ifndef ONEDOOR_ADMIN_WORKFLOW_H
#define ONEDOOR_ADMIN_WORKFLOW_H

#include "onedoor/admin_commands.h"

/* calendar import FILE: loads a year's holidays and make-up working days
 * and recomputes the due dates of open cases. */
int admin_calendar_import(struct db *db, struct admin_args *a);
/* The same for one file (init imports the shipped years with it). */
int admin_calendar_import_file(struct db *db, const char *path);

/* calendar list: one line per imported year, then the warning below. */
int admin_calendar_list(struct db *db, struct admin_args *a);

/* Warns on stderr when the imported calendar does not cover the next 60
 * days; returns whether it warned. */
bool admin_calendar_warn(struct db *db);

/* audit chain [--follow SECONDS] | verify [--anchor FILE] | anchor: links
 * the waiting entries, walks the hash chain (exit 1 at the first broken
 * link, or when it no longer passes through FILE's last anchor), prints a
 * head to keep outside the database. */
int admin_audit_run(struct db *db, int argc, char **argv);

#endif
