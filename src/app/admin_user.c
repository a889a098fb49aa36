/* admin_user.c - `onedoor-admin user add|disable|passwd|move|list`: staff
 * logins.
 *
 * Each person is a PostgreSQL LOGIN role in one onedoor_* group with a row
 * in onedoor.staff; the server functions staff_add / staff_disable /
 * staff_set_password / staff_move keep the two together (0008, 0022).
 * Passwords are never taken from the command line, where `ps` would show
 * them, and never sent: libpq turns them into a SCRAM verifier here. */
#include "onedoor/admin_directory.h"

#include "onedoor/app.h"
#include "onedoor/i18n.h"
#include "onedoor/store_admin.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

bool admin_login_name_ok(const char *login, struct diag *d)
{
	size_t n = strlen(login);
	bool ok = n >= 2 && n <= 63 && islower((unsigned char)login[0]);
	for (size_t i = 0; ok && i < n; i++)
		ok = islower((unsigned char)login[i]) || isdigit((unsigned char)login[i]) ||
		     login[i] == '_';
	if (!ok)
		return !diag_set(d, OD_ERR_VALUE,
				 _("login name \"%s\": 2 to 63 lower-case letters, digits or _, "
				   "starting with a letter"),
				 login);
	if (strncmp(login, "pg_", 3) == 0)
		return !diag_set(d, OD_ERR_VALUE,
				 _("login name \"%s\": names starting pg_ are reserved by "
				   "PostgreSQL"),
				 login);
	return true;
}

/* What each group must be attached to (the staff table's CHECKs, said
 * before connecting so that no password is asked for in vain). */
static bool place_ok(const char *group, const struct admin_args *a, struct diag *d)
{
	static const char *const groups[] = {"clerk", "verifier",    "supervisor", "approver",
					     "auditor", "admin", "coordinator", "finance"};
	bool known = false;
	for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
		known = known || strcmp(groups[i], group) == 0;
	if (!known)
		return !diag_set(d, OD_ERR_VALUE,
				 _("unknown group \"%s\": clerk, verifier, supervisor, approver, "
				   "auditor, admin, coordinator or finance"),
				 group);
	const char *needs = NULL;
	if (strcmp(group, "clerk") == 0 && !admin_arg(a, "centre"))
		needs = "--centre";
	else if ((strcmp(group, "verifier") == 0 || strcmp(group, "supervisor") == 0 ||
		  strcmp(group, "finance") == 0) &&
		 !admin_arg(a, "county"))
		needs = "--county";
	else if (strcmp(group, "approver") == 0 && !admin_arg(a, "department"))
		needs = "--department";
	else if (strcmp(group, "coordinator") == 0 && !admin_arg(a, "village"))
		needs = "--village";
	if (needs)
		return !diag_set(d, OD_ERR_USAGE, _("a login of group %s needs %s"), group, needs);
	return true;
}

bool admin_user_add_prepare(struct admin_args *a, struct diag *d)
{
	return admin_login_name_ok(a->operand[0], d) &&
	       place_ok(admin_arg(a, "group"), a, d) &&
	       admin_read_password(a->secret, sizeof a->secret, d);
}

int admin_user_add(struct db *db, struct admin_args *a)
{
	struct diag d;
	enum od_status st =
		store_staff_add(db, a->operand[0], admin_arg(a, "name"), admin_arg(a, "group"),
				admin_arg(a, "centre"), admin_arg(a, "county"),
				admin_arg(a, "department"), admin_arg(a, "village"), a->secret, &d);
	memset(a->secret, 0, sizeof a->secret);
	return admin_done(st, &d, _("login %s added to group %s\n"), a->operand[0],
			  admin_arg(a, "group"));
}

bool admin_user_passwd_prepare(struct admin_args *a, struct diag *d)
{
	return admin_read_password(a->secret, sizeof a->secret, d);
}

int admin_user_passwd(struct db *db, struct admin_args *a)
{
	struct diag d;
	enum od_status st = store_staff_passwd(db, a->operand[0], a->secret, &d);
	memset(a->secret, 0, sizeof a->secret);
	return admin_done(st, &d, _("password of %s changed\n"), a->operand[0]);
}

int admin_user_disable(struct db *db, struct admin_args *a)
{
	struct diag d;
	enum od_status st = store_staff_disable(db, a->operand[0], &d);
	return admin_done(st, &d, _("login %s disabled\n"), a->operand[0]);
}

int admin_user_move(struct db *db, struct admin_args *a)
{
	struct diag d;
	enum od_status st = store_staff_move(db, a->operand[0], a->operand[1], &d);
	return admin_done(st, &d, _("login %s moved to centre %s\n"), a->operand[0],
			  a->operand[1]);
}

int admin_user_number(struct db *db, struct admin_args *a)
{
	struct diag d;
	enum od_status st = store_staff_set_number(db, a->operand[0], a->operand[1], &d);
	return admin_done(st, &d, _("staff number of %s set to %s\n"), a->operand[0],
			  a->operand[1]);
}

int admin_user_list(struct db *db, struct admin_args *a)
{
	(void)a;
	struct db_result *r = NULL;
	struct diag d;
	enum od_status st = store_staff_list(db, &r, &d);
	if (st != OD_OK)
		return admin_status(st, &d);
	for (int i = 0; i < db_rows(r); i++)
		printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", db_value(r, i, "role_name"),
		       db_value(r, i, "role_group"), db_value(r, i, "centre"),
		       db_value(r, i, "county"), db_value(r, i, "department"),
		       db_value(r, i, "state"), db_value(r, i, "full_name"));
	db_result_free(&r);
	return EXIT_OK;
}
