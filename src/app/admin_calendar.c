/* admin_calendar.c - `onedoor-admin calendar import FILE`. */
#include "onedoor/admin_workflow.h"
#include "onedoor/app.h"
#include "onedoor/calendar_file.h"
#include "onedoor/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int calendar_import(struct db *db, const char *path)
{
	struct diag d;
	struct calendar_file *f = NULL;
	if (calendar_file_load(path, &f, &d) != OD_OK) {
		fprintf(stderr, "onedoor-admin: %s\n", d.text);
		return EXIT_USAGE;
	}
	char year[8];
	snprintf(year, sizeof year, "%d", f->year);
	char *json = calendar_file_to_json(f);
	const char *params[] = {year, f->source, json};
	struct db_result *r = NULL;
	enum od_status st = db_exec(db,
				    "SELECT holidays, workdays, recomputed "
				    "FROM onedoor.calendar_import($1::int, $2, $3::jsonb)",
				    3, params, &r, &d);
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

int admin_calendar_run(struct db *db, int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "import") == 0)
		return calendar_import(db, argv[2]);
	fprintf(stderr, _("usage: onedoor-admin calendar import FILE\n"));
	return EXIT_USAGE;
}
