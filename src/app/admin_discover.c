/* admin_discover.c - `onedoor-admin discover [--date D]`: policy finds the
 * person.  Every active household is matched by the engine inside the
 * database server, in parallel workers, a chunk at a time
 * (store_discover.h); with --cursor, as before, each household comes to
 * this program through a database cursor (one batch in memory) and goes
 * through one matcher here.  Same output, progress and records either way. */
#include "onedoor/admin_engine.h"

#include "onedoor/app.h"
#include "onedoor/civil_date.h"
#include "onedoor/i18n.h"
#include "onedoor/match.h"
#include "onedoor/store_catalogue.h"
#include "onedoor/store_discover.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct progress {
	bool tty;
	double start, last;
	int64_t total;
};

/* On a terminal one line rewritten in place with count, rate and time
 * left; otherwise a plain line every 100,000 households. */
static void show_progress(struct progress *p, int64_t done, bool final)
{
	double t = now_seconds();
	if (p->tty) {
		if (!final && t - p->last < 0.25)
			return;
		p->last = t;
		double rate = done / (t - p->start > 0 ? t - p->start : 1e-9);
		double left = rate > 0 ? (double)(p->total - done) / rate : 0;
		fputc('\r', stderr);
		fprintf(stderr, _("discover: %lld/%lld households, %.0f/s, %.0f s left"),
			(long long)done, (long long)p->total, rate, left);
		fputs("   ", stderr);
		if (final)
			fputc('\n', stderr);
	} else if (final || (done > 0 && done % 100000 == 0)) {
		fprintf(stderr, _("discover: %lld/%lld households\n"), (long long)done,
			(long long)p->total);
	}
}

/* Whether code is one of the comma-separated list. */
static bool in_list(const char *list, const char *code)
{
	size_t n = strlen(code);
	for (const char *p = list; (p = strstr(p, code)) != NULL; p += n)
		if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

struct counts {
	int64_t households, findings, unreadable;
};

static void print_finding(void *arg, const char *household_no, const char *kind,
			  const char *code, const char *amount)
{
	(void)arg;
	printf("%s\t%s\t%s\t%s\n", household_no, kind, code, *amount ? amount : "-");
}

/* In the server: a chunk per statement, progress after each. */
static enum od_status discover_in_db(struct db *db, int32_t date, bool quiet,
				     struct progress *p, struct counts *n, struct diag *d)
{
	struct discover_run *s = NULL;
	enum od_status st = store_discover_run_begin(db, date, &s, &p->total, d);
	int got;
	while (st == OD_OK &&
	       (got = store_discover_run_next(s, quiet ? NULL : print_finding, NULL, &n->households,
					      &n->findings, &n->unreadable, d)) == 1)
		show_progress(p, n->households, false);
	if (st == OD_OK && got < 0)
		st = OD_ERR_DB;
	if (s) {
		enum od_status end = store_discover_run_end(&s, st == OD_OK, n->households,
							    n->findings, st == OD_OK ? d : NULL);
		if (st == OD_OK)
			st = end;
	}
	return st;
}

/* In this program, every household through a cursor. */
static enum od_status discover_cursor(struct db *db, int32_t date, bool quiet,
				      struct progress *p, struct counts *n, struct diag *d)
{
	struct catalogue *cat = NULL;
	enum od_status st = store_catalogue_load(db, &cat, d);
	if (st != OD_OK)
		return st;
	struct matcher *m = matcher_new(cat);
	struct discover_stream *s = NULL;
	st = store_discover_begin(db, date, &s, &p->total, d);
	struct hh_input in;
	int64_t id;
	const char *no, *applied;
	int bad, got;
	char amount[DEC_TEXT_SIZE];
	while (st == OD_OK && (got = store_discover_next(s, &in, &id, &no, &applied, &bad, d)) == 1) {
		n->unreadable += bad > 0;
		matcher_run(m, &in, date);
		for (int i = 0; i < cat->n_items && st == OD_OK; i++) {
			const struct match_item *r = &m->items[i];
			/* New to the household: qualifies, not held, not applied
			 * for, and not ruled out by something it already holds. */
			if (r->verdict != VERDICT_ELIGIBLE || r->held ||
			    (r->excluded_by >= 0 && m->items[r->excluded_by].held) ||
			    in_list(applied, cat->items[i].code))
				continue;
			if (r->has_amount)
				dec_format(r->amount, 2, amount);
			st = store_discover_add(s, id, "item", cat->items[i].code,
						r->has_amount ? amount : NULL, d);
			n->findings++;
			if (!quiet)
				print_finding(NULL, no, "item", cat->items[i].code,
					      r->has_amount ? amount : "");
		}
		for (int w = 0; w < cat->n_warnings && st == OD_OK; w++) {
			if (!m->warnings[w].raised)
				continue;
			st = store_discover_add(s, id, "warning", cat->warnings[w].code, NULL, d);
			n->findings++;
			if (!quiet)
				print_finding(NULL, no, "warning", cat->warnings[w].code, "");
		}
		n->households++;
		show_progress(p, n->households, false);
	}
	if (st == OD_OK && got < 0)
		st = OD_ERR_DB;
	if (s) {
		enum od_status end = store_discover_end(&s, st == OD_OK, n->households, n->findings,
							st == OD_OK ? d : NULL);
		if (st == OD_OK)
			st = end;
	}
	matcher_free(&m);
	catalogue_free(&cat);
	return st;
}

int admin_discover_run(struct db *db, int argc, char **argv)
{
	static const struct option options[] = {
		{"date", required_argument, NULL, 'd'},
		{"quiet", no_argument, NULL, 'q'},
		{"cursor", no_argument, NULL, 'C'},
		{NULL, 0, NULL, 0},
	};
	int32_t date = cdate_today();
	bool quiet = false, cursor = false;
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "d:q", options, NULL)) != -1) {
		switch (opt) {
		case 'd':
			if (!cdate_parse(optarg, &date)) {
				fprintf(stderr, _("onedoor-admin: --date wants YYYY-MM-DD\n"));
				return EXIT_USAGE;
			}
			break;
		case 'q':
			quiet = true;
			break;
		case 'C':
			cursor = true;
			break;
		default:
			fprintf(stderr, _("Usage: onedoor-admin discover [--date YYYY-MM-DD] [--quiet] "
					  "[--cursor]\n"));
			return EXIT_USAGE;
		}
	}
	struct diag d;
	struct progress p = {isatty(STDERR_FILENO) != 0, now_seconds(), 0, 0};
	p.last = p.start;
	struct counts n = {0, 0, 0};
	enum od_status st = cursor ? discover_cursor(db, date, quiet, &p, &n, &d)
				   : discover_in_db(db, date, quiet, &p, &n, &d);
	if (st != OD_OK) {
		fprintf(stderr, "onedoor-admin: %s\n", d.text);
		return EXIT_FAILURE_RUN;
	}
	show_progress(&p, n.households, true);
	fflush(stdout);
	fprintf(stderr, _("discover: %lld households, %lld findings, %lld with unreadable facts, "
			  "%.1f s\n"),
		(long long)n.households, (long long)n.findings, (long long)n.unreadable,
		now_seconds() - p.start);
	return EXIT_OK;
}
