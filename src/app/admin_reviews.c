/* admin_reviews.c - `onedoor-admin reviews generate MONTH`: opens the
 * periodic reviews (定期复查, 低保年审) of the benefits in force that fall
 * due in MONTH.  Idempotent: the county runs it monthly, by hand or on a
 * schedule, and a second run opens nothing twice. */
#include "onedoor/admin_lifecycle.h"
#include "onedoor/app.h"
#include "onedoor/i18n.h"
#include "onedoor/store_lifecycle.h"

#include <stdio.h>
#include <string.h>

int admin_reviews_run(struct db *db, int argc, char **argv)
{
	if (argc != 3 || strcmp(argv[1], "generate") != 0) {
		fprintf(stderr, _("usage: onedoor-admin reviews generate MONTH   (MONTH is YYYY-MM)\n"));
		return EXIT_USAGE;
	}
	if (!admin_month_ok(argv[2])) {
		fprintf(stderr, _("onedoor-admin: %s: a month is written YYYY-MM\n"), argv[2]);
		return EXIT_USAGE;
	}
	char rid[37];
	db_new_request_id(rid);
	struct diag d;
	struct db_result *r = NULL;
	enum od_status st = lifecycle_reviews_generate(db, rid, argv[2], &r, &d);
	int rc = EXIT_OK;
	if (st != OD_OK) {
		fprintf(stderr, "onedoor-admin: %s\n", d.text);
		rc = st == OD_ERR_VALUE ? EXIT_USAGE : EXIT_FAILURE_RUN;
	} else {
		printf(_("reviews due in %s: %s opened now, %s due in all\n"), argv[2],
		       db_value(r, 0, "opened"), db_value(r, 0, "due"));
	}
	db_result_free(&r);
	return rc;
}
