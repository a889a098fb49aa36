/* admin_catalogue.c - `onedoor-admin catalogue import PATH...`. */
#include "onedoor/admin_engine.h"

#include "onedoor/app.h"
#include "onedoor/catalogue_ini.h"
#include "onedoor/i18n.h"
#include "onedoor/store_catalogue.h"

#include <stdio.h>
#include <string.h>

int admin_catalogue_run(struct db *db, int argc, char **argv)
{
	if (argc < 3 || strcmp(argv[1], "import") != 0) {
		fprintf(stderr, _("Usage: onedoor-admin catalogue import PATH...\n"
				  "PATH is an INI file or a folder of them (conf/catalogue).\n"));
		return EXIT_USAGE;
	}
	struct diag d;
	struct catalogue *cat = NULL;
	/* Everything is read and checked before the database is touched. */
	if (catalogue_ini_load((const char *const *)argv + 2, argc - 2, &cat, &d) != OD_OK) {
		fprintf(stderr, "onedoor-admin: %s\n", d.text);
		fprintf(stderr, _("onedoor-admin: nothing was imported\n"));
		return EXIT_USAGE;
	}
	printf(_("checked: %d items, %d parameters, %d warnings\n"), cat->n_items, cat->n_params,
	       cat->n_warnings);
	struct catalogue_import_counts n;
	enum od_status st = store_catalogue_import(db, cat, &n, &d);
	catalogue_free(&cat);
	if (st != OD_OK) {
		fprintf(stderr, "onedoor-admin: %s\n", d.text);
		fprintf(stderr, _("onedoor-admin: nothing was imported\n"));
		return st == OD_ERR_CONFLICT || st == OD_ERR_VALUE ? EXIT_USAGE : EXIT_FAILURE_RUN;
	}
	printf(_("imported: %d items, %d parameters (%d new values, %d already there), %d "
		 "warnings\n"),
	       n.items, n.params, n.values_added, n.values_kept, n.warnings);
	return EXIT_OK;
}
