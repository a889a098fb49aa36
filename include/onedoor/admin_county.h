/* admin_county.h - the onedoor-admin subcommands of the county's desks:
 * departments' data (admin_data.c) and the case seen whole (admin_case.c).
 * Signatures as admin_command.run. */
#ifndef ONEDOOR_ADMIN_COUNTY_H
#define ONEDOOR_ADMIN_COUNTY_H

#include "onedoor/db.h"

/* data import SOURCE FILE [--as-of DATE]: loads a department's extract, all
 * or nothing (FILE:LINE faults on stderr, exit 2); data sources: lists the
 * sources and their latest batch. */
int admin_data_run(struct db *db, int argc, char **argv);

/* case show CASE_NO [--unmasked]: the case seen whole as text (resident IDs
 * masked unless --unmasked, which is logged); case report CASE_NO
 * [--version N] and case notice CASE_NO: the stored verification report and
 * decision notice, byte for byte.  Rows of the command table. */
struct admin_args;
int admin_case_show(struct db *db, struct admin_args *a);
int admin_case_report(struct db *db, struct admin_args *a);
int admin_case_notice(struct db *db, struct admin_args *a);

#endif
