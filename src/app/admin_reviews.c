/* admin_reviews.c - `onedoor-admin reviews generate MONTH`: opens the
 * periodic reviews (定期复查, 低保年审) of the benefits in force that fall
 * due in MONTH.  Idempotent: the county runs it monthly, by hand or on a
 * schedule, and a second run opens nothing twice.  `reviews changes`: the
 * benefits the latest deaths, pensions and vehicles extracts touch, re-evaluated by the engine. */
#include "onedoor/admin_lifecycle.h"
#include "onedoor/app.h"
#include "onedoor/i18n.h"
#include "onedoor/store_lifecycle.h"

#include <stdio.h>
#include <string.h>

/* reviews changes [--since DAY]: the benefits whose households the latest
 * deaths, pensions and vehicles extracts touch, re-evaluated; change reviews opened. */
static int reviews_changes(struct db *db, const char *since)
{
	char rid[37];
	db_new_request_id(rid);
	struct diag d;
	struct db_result *r = NULL;
	int rc = EXIT_OK;
	if (lifecycle_reviews_from_data(db, rid, since, &r, &d) != OD_OK) {
		fprintf(stderr, "onedoor-admin: %s\n", d.text);
		rc = EXIT_FAILURE_RUN;
	} else {
		printf(_("benefits touched by the departments' data: %s checked, %s change review(s) opened\n"),
		       db_value(r, 0, "checked"), db_value(r, 0, "opened"));
	}
	db_result_free(&r);
	return rc;
}

int admin_reviews_run(struct db *db, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "changes") == 0) {
		const char *since = argc == 4 && strcmp(argv[2], "--since") == 0 ? argv[3] : NULL;
		if (argc != 2 && !since) {
			fprintf(stderr, _("usage: onedoor-admin reviews changes [--since YYYY-MM-DD]\n"));
			return EXIT_USAGE;
		}
		return reviews_changes(db, since);
	}
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
