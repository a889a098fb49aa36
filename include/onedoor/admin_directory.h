/* admin_directory.h - onedoor-admin's commands for the county's directory
 * and its people: region, centre, department (src/app/admin_directory.c)
 * and user (src/app/admin_user.c).  Rows of the table in
 * src/app/onedoor_admin.c; signatures as admin_command.run/prepare. */
#ifndef ONEDOOR_ADMIN_DIRECTORY_H
#define ONEDOOR_ADMIN_DIRECTORY_H

#include "onedoor/admin_commands.h"

int admin_region_add(struct db *db, struct admin_args *a);
int admin_region_list(struct db *db, struct admin_args *a);
int admin_centre_add(struct db *db, struct admin_args *a);
int admin_centre_list(struct db *db, struct admin_args *a);
int admin_centre_rename(struct db *db, struct admin_args *a);
int admin_centre_close(struct db *db, struct admin_args *a);
int admin_village_add(struct db *db, struct admin_args *a);
int admin_village_list(struct db *db, struct admin_args *a);
int admin_department_add(struct db *db, struct admin_args *a);
int admin_department_list(struct db *db, struct admin_args *a);

/* user add LOGIN --name NAME --group GROUP [--centre C] [--county C]
 * [--department D]: prepare checks the login name (no pg_), the group and
 * the place the group needs, then reads the password (a prompt without
 * echo on a terminal, one line of standard input otherwise) before any
 * connection; run sends it as a SCRAM verifier. */
bool admin_user_add_prepare(struct admin_args *a, struct diag *d);
int admin_user_add(struct db *db, struct admin_args *a);
bool admin_user_passwd_prepare(struct admin_args *a, struct diag *d);
int admin_user_passwd(struct db *db, struct admin_args *a);
int admin_user_disable(struct db *db, struct admin_args *a);
int admin_user_move(struct db *db, struct admin_args *a);
int admin_user_number(struct db *db, struct admin_args *a);
int admin_user_list(struct db *db, struct admin_args *a);

/* The login name rule of the server (0022): lower-case letter first, then
 * lower-case letters, digits and _, 2 to 63 characters, not starting pg_. */
bool admin_login_name_ok(const char *login, struct diag *d);

#endif
