/* admin_recheck.c - `onedoor-admin recheck draw MONTH --percent N [--seed S]`
 * and `recheck show MONTH`: the month's random re-checks of commitment-track
 * cases (随机抽查), drawn so that anyone can redo the draw. */
#include "onedoor/admin_lifecycle.h"
#include "onedoor/app.h"
#include "onedoor/i18n.h"
#include "onedoor/store_lifecycle.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(void)
{
	fprintf(stderr, _("usage: onedoor-admin recheck draw MONTH --percent N [--seed S]\n"
			  "       onedoor-admin recheck show MONTH\n"
			  "MONTH is YYYY-MM; N is a share from 0 to 100.\n"));
}

bool admin_month_ok(const char *m)
{
	if (strlen(m) != 7 || m[4] != '-')
		return false;
	for (int i = 0; i < 7; i++)
		if (i != 4 && !isdigit((unsigned char)m[i]))
			return false;
	int mm = (m[5] - '0') * 10 + (m[6] - '0');
	return mm >= 1 && mm <= 12;
}

static bool percent_ok(const char *p)
{
	char *end = NULL;
	double v = strtod(p, &end);
	return end != p && *end == '\0' && v >= 0 && v <= 100;
}

static void print_draw(const struct db_result *r)
{
	printf(_("re-check draw %s for %s: %s%% of %s case(s), seed %s, by %s at %s\n"),
	       db_value(r, 0, "id"), db_value(r, 0, "month"), db_value(r, 0, "percent"),
	       db_value(r, 0, "population_size"), db_value(r, 0, "seed"),
	       db_value(r, 0, "drawn_by"), db_value(r, 0, "at"));
	const char *drawn = db_value(r, 0, "drawn");
	printf(_("drawn: %s\n"), *drawn ? drawn : _("(none)"));
	if (strcmp(drawn, db_value(r, 0, "redrawn")) == 0)
		printf(_("redone from the stored population, share and seed: the same list\n"));
	else
		printf(_("redone from the stored population, share and seed: A DIFFERENT LIST: %s\n"),
		       db_value(r, 0, "redrawn"));
}

int admin_recheck_run(struct db *db, int argc, char **argv)
{
	const char *percent = NULL, *seed = NULL;
	bool draw = argc >= 3 && strcmp(argv[1], "draw") == 0;
	bool show = argc == 3 && strcmp(argv[1], "show") == 0;
	for (int i = 3; draw && i < argc; i++) {
		if (strcmp(argv[i], "--percent") == 0 && i + 1 < argc)
			percent = argv[++i];
		else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
			seed = argv[++i];
		else
			draw = false;
	}
	if ((!draw && !show) || (draw && !percent)) {
		usage();
		return EXIT_USAGE;
	}
	if (!admin_month_ok(argv[2])) {
		fprintf(stderr, _("onedoor-admin: %s: a month is written YYYY-MM\n"), argv[2]);
		return EXIT_USAGE;
	}
	if (draw && !percent_ok(percent)) {
		fprintf(stderr, _("onedoor-admin: %s: the share drawn is a number from 0 to 100\n"),
			percent);
		return EXIT_USAGE;
	}
	struct diag d;
	struct db_result *r = NULL;
	enum od_status st;
	if (draw) {
		char rid[37];
		db_new_request_id(rid);
		st = lifecycle_recheck_draw(db, rid, argv[2], percent, seed, &r, &d);
	} else {
		st = lifecycle_recheck_draw_read(db, argv[2], &r, &d);
	}
	int rc = EXIT_OK;
	if (st != OD_OK) {
		fprintf(stderr, "onedoor-admin: %s\n", d.text);
		rc = st == OD_ERR_VALUE || st == OD_ERR_DUPLICATE ? EXIT_USAGE : EXIT_FAILURE_RUN;
	} else if (db_rows(r) == 0) {
		fprintf(stderr, _("onedoor-admin: no re-checks were drawn for %s\n"), argv[2]);
		rc = EXIT_FAILURE_RUN;
	} else {
		print_draw(r);
	}
	db_result_free(&r);
	return rc;
}
