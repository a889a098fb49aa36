/* admin_calendar.c - `onedoor-admin calendar import FILE` and
 * `calendar list`: the working-day calendar, a year per file. */
#include "onedoor/admin_workflow.h"

#include "onedoor/app.h"
#include "onedoor/calendar_file.h"
#include "onedoor/i18n.h"
#include "onedoor/store_admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int admin_calendar_import_file(struct db *db, const char *path)
{
	struct diag d;
	struct calendar_file *f = NULL;
	if (calendar_file_load(path, &f, &d) != OD_OK) {
		fprintf(stderr, "onedoor-admin: %s\n", d.text);
		return EXIT_USAGE;
	}
	char *json = calendar_file_to_json(f);
	struct db_result *r = NULL;
	enum od_status st = store_calendar_import(db, f->year, f->source, json, &r, &d);
	free(json);
	int rc = EXIT_OK;
	if (st != OD_OK) {
		fprintf(stderr, "onedoor-admin: %s: %s\n", path, d.text);
		rc = EXIT_FAILURE_RUN;
	} else {
		printf(_("calendar %d imported: %s holiday(s), %s make-up working day(s); "
			 "due dates of %s open case(s) recomputed\n"),
		       f->year, db_value(r, 0, "holidays"), db_value(r, 0, "workdays"),
		       db_value(r, 0, "recomputed"));
	}
	db_result_free(&r);
	calendar_file_free(&f);
	return rc;
}

int admin_calendar_import(struct db *db, struct admin_args *a)
{
	return admin_calendar_import_file(db, a->operand[0]);
}

bool admin_calendar_warn(struct db *db)
{
	struct db_result *r = NULL;
	struct diag d;
	if (store_calendar_coverage(db, &r, &d) != OD_OK) {
		fprintf(stderr, "onedoor-admin: %s\n", d.text);
		return false;
	}
	bool short_ = strcmp(db_value(r, 0, "short"), "true") == 0;
	const char *until = db_value(r, 0, "covered_until");
	if (short_ && *until)
		fprintf(stderr,
			_("warning: the working-day calendar ends on %s, less than 60 days "
			  "ahead; import next year's with `onedoor-admin calendar import FILE` "
			  "(due dates after it count Monday to Friday and are provisional)\n"),
			until);
	else if (short_)
		fprintf(stderr,
			_("warning: this year's working-day calendar is not imported; import it "
			  "with `onedoor-admin calendar import FILE` (due dates count Monday to "
			  "Friday and are provisional)\n"));
	db_result_free(&r);
	return short_;
}

int admin_calendar_list(struct db *db, struct admin_args *a)
{
	(void)a;
	struct db_result *r = NULL;
	struct diag d;
	enum od_status st = store_calendar_list(db, &r, &d);
	if (st != OD_OK)
		return admin_status(st, &d);
	for (int i = 0; i < db_rows(r); i++)
		printf("%s\t%s\t%s\t%s\n", db_value(r, i, "year"), db_value(r, i, "holidays"),
		       db_value(r, i, "workdays"), db_value(r, i, "source"));
	db_result_free(&r);
	admin_calendar_warn(db);
	return EXIT_OK;
}
