/* store_screens.h - what the status lookup and the supervisor view read.
 *
 * Calls over db.h, one round trip each, over migration 0012's function and
 * views.  Rows are those the login may see (row security, or the same scope
 * applied by the server for the resident-ID lookup).  Every list is
 * allocated in one block: the caller frees it with free().  d receives a
 * message for the person in every failure. */
#ifndef ONEDOOR_STORE_SCREENS_H
#define ONEDOOR_STORE_SCREENS_H

#include "onedoor/case_store.h"
#include "onedoor/db.h"

#include <stdbool.h>

/* One case of a person, as the applicant is told it. */
struct status_row {
	char person_name[192];   /* the person looked up */
	long long id;
	char case_no[72];
	char application_no[64];
	char subject_name[192];
	char item_code[49];
	char item_name[2][192];  /* [0] Chinese, [1] English */
	char department[33];
	char centre_name[128];
	char track[12];
	char stage[12];          /* accept ... file, filed, refused, withdrawn */
	enum case_light light;   /* NONE once the case has ended */
	char stage_due[11];      /* "" when ended */
	char case_due[11];       /* the expected completion of the whole case */
	char closed_on[11];      /* "" while open */
	int days_left;           /* working days to the nearest due date */
	int case_days_left;      /* working days to case_due, the expected completion */
	char last_phrase[64];    /* the latest standard phrase (同意受理, 退回, ...) */
	char last_reason[512];
};

/* Every case of the person with resident ID `resident_id` (already checked
 * with rid_parse), newest first.  The server logs the lookup.  No person
 * and no visible case both give OD_OK with *count 0. */
enum od_status screens_status_lookup(struct db *db, const char *resident_id,
				     struct status_row **rows, int *count, struct diag *d);

/* Open cases counted by group (a centre code, or a department code when
 * by_department), stage and light. */
struct screens_cell {
	char group[33];
	char group_name[128]; /* centre name; for a department its code again */
	char stage[12];
	enum case_light light;
	int cases;
};
enum od_status screens_matrix(struct db *db, bool by_department, struct screens_cell **cells,
			      int *count, struct diag *d);

/* Every centre's code and name, by code. */
struct screens_centre {
	char code[33];
	char name[128];
};
enum od_status screens_centres(struct db *db, struct screens_centre **rows, int *count,
			       struct diag *d);

/* Performance of one window (a centre's accepting clerk) or department. */
struct screens_perf {
	char group[33];       /* centre code, or department code */
	char group_name[128]; /* centre name, or department name (Chinese) */
	char person[64];      /* the clerk's login; "" for a department */
	char person_name[128];
	int handled, filed, overdue;
	char avg_days[16];    /* "3.5"; "" when nothing was filed */
	char overdue_pct[16]; /* "12.5" */
};
enum od_status screens_performance(struct db *db, bool by_department,
				   struct screens_perf **rows, int *count, struct diag *d);

/* A household of the latest discover run that qualifies for items it does
 * not receive. */
struct screens_discovery {
	char household_no[40];
	char centre_name[128];
	char applicant_name[192];
	char applicant_id[19]; /* masked */
	char items[512];       /* Chinese names, "、"-separated */
	char total[32];        /* sum of the amounts, yuan; "" when none */
	char warnings[256];    /* warning codes, ","-separated */
	char as_of[11];
};
enum od_status screens_discoveries(struct db *db, int limit, struct screens_discovery **rows,
				   int *count, struct diag *d);

/* Each call above in two halves for the screens' loop: X_query builds the
 * statement, X_read reads its answer's rows (allocated as above). */
/* The status lookup needs its trace committed first (onedoor.trace_read,
 * migration 0037): send this statement, then the lookup. */
void screens_status_trace_query(struct db_query *q, const char *resident_id);
void screens_status_lookup_query(struct db_query *q, const char *resident_id);
void screens_status_lookup_read(const struct db_result *r, struct status_row **rows,
				int *count);
void screens_matrix_query(struct db_query *q, bool by_department);
void screens_matrix_read(const struct db_result *r, struct screens_cell **cells, int *count);
void screens_centres_query(struct db_query *q);
void screens_centres_read(const struct db_result *r, struct screens_centre **rows, int *count);
void screens_performance_query(struct db_query *q, bool by_department);
void screens_performance_read(const struct db_result *r, struct screens_perf **rows,
			      int *count);
void screens_discoveries_query(struct db_query *q, int limit);
void screens_discoveries_read(const struct db_result *r, struct screens_discovery **rows,
			      int *count);

#endif
