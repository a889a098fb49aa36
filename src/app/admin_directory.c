/* admin_directory.c - `onedoor-admin region|centre|village|department ...`:
 * the county, its convenience centres, their villages and the departments,
 * without SQL.
 * Lists are printed one row a line, fields separated by tabs, for people
 * and for scripts alike (columns in onedoor-admin(8)). */
#include "onedoor/admin_directory.h"

#include "onedoor/app.h"
#include "onedoor/i18n.h"
#include "onedoor/store_admin.h"

#include <stdio.h>

/* Prints the named columns of every row, tab-separated. */
static int print_rows(enum od_status st, struct db_result *r, const struct diag *d,
		      const char *const *columns, int n)
{
	if (st != OD_OK)
		return admin_status(st, d);
	for (int i = 0; i < db_rows(r); i++)
		for (int c = 0; c < n; c++)
			printf("%s%c", db_value(r, i, columns[c]), c + 1 < n ? '\t' : '\n');
	db_result_free(&r);
	return EXIT_OK;
}

int admin_region_add(struct db *db, struct admin_args *a)
{
	struct diag d;
	enum od_status st = store_region_add(db, a->operand[0], a->operand[1],
					     admin_arg(a, "parent"), &d);
	return admin_done(st, &d, _("region %s added\n"), a->operand[0]);
}

int admin_region_list(struct db *db, struct admin_args *a)
{
	(void)a;
	struct diag d;
	struct db_result *r = NULL;
	static const char *const cols[] = {"code", "name", "parent", "level", "centres"};
	enum od_status st = store_region_list(db, &r, &d);
	return print_rows(st, r, &d, cols, 5);
}

int admin_centre_add(struct db *db, struct admin_args *a)
{
	struct diag d;
	const char *kind = admin_arg(a, "kind");
	enum od_status st = store_centre_add(db, a->operand[0], a->operand[1],
					     admin_arg(a, "county"), kind ? kind : "township", &d);
	return admin_done(st, &d, _("centre %s added\n"), a->operand[0]);
}

int admin_centre_list(struct db *db, struct admin_args *a)
{
	struct diag d;
	struct db_result *r = NULL;
	static const char *const cols[] = {"code", "name", "kind", "county", "staff",
					   "closed_on"};
	enum od_status st = store_centre_list(db, admin_arg(a, "county"), &r, &d);
	return print_rows(st, r, &d, cols, 6);
}

int admin_centre_rename(struct db *db, struct admin_args *a)
{
	struct diag d;
	enum od_status st = store_centre_rename(db, a->operand[0], a->operand[1], &d);
	return admin_done(st, &d, _("centre %s renamed\n"), a->operand[0]);
}

int admin_centre_close(struct db *db, struct admin_args *a)
{
	struct diag d;
	enum od_status st = store_centre_close(db, a->operand[0], &d);
	return admin_done(st, &d, _("centre %s closed\n"), a->operand[0]);
}

int admin_village_add(struct db *db, struct admin_args *a)
{
	struct diag d;
	const char *kind = admin_arg(a, "kind");
	enum od_status st = store_village_add(db, a->operand[0], a->operand[1],
					      admin_arg(a, "centre"), kind ? kind : "village", &d);
	return admin_done(st, &d, _("village %s added\n"), a->operand[0]);
}

int admin_village_list(struct db *db, struct admin_args *a)
{
	struct diag d;
	struct db_result *r = NULL;
	static const char *const cols[] = {"code", "name", "kind", "centre", "coordinators"};
	enum od_status st = store_village_list(db, admin_arg(a, "centre"), &r, &d);
	return print_rows(st, r, &d, cols, 5);
}

int admin_department_add(struct db *db, struct admin_args *a)
{
	struct diag d;
	enum od_status st = store_department_add(db, a->operand[0], a->operand[1],
						 admin_arg(a, "english"), &d);
	return admin_done(st, &d, _("department %s added\n"), a->operand[0]);
}

int admin_department_list(struct db *db, struct admin_args *a)
{
	(void)a;
	struct diag d;
	struct db_result *r = NULL;
	static const char *const cols[] = {"code", "name_zh", "name_en", "items"};
	enum od_status st = store_department_list(db, &r, &d);
	return print_rows(st, r, &d, cols, 4);
}
