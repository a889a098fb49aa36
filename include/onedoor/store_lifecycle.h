/* store_lifecycle.h - what brings a household back after its decision, as
 * the server keeps it: random re-checks of commitment-track cases
 * (0021_rechecks.sql), periodic and change reviews (0040_reviews.sql), and a
 * household's history (0023_household_history.sql) with what it received.
 * Every write takes a request id; results belong to the caller
 * (db_result_free).  The screens use the query/read halves. */
#ifndef ONEDOOR_STORE_LIFECYCLE_H
#define ONEDOOR_STORE_LIFECYCLE_H

#include "onedoor/case_store.h"
#include "onedoor/db.h"

/* Draws `percent` (text, 0-100) of the caller's county's commitment cases
 * approved in `month` (YYYY-MM) with `seed` (NULL: a fresh one), opens
 * their re-checks and returns the draw as lifecycle_recheck_draw_read
 * does. */
enum od_status lifecycle_recheck_draw(struct db *db, const char *request_id, const char *month,
				      const char *percent, const char *seed,
				      struct db_result **out, struct diag *d);

/* The stored draw of `month` in the caller's county: one row with columns
 * id, month (YYYY-MM), percent, seed, population_size, drawn (case numbers
 * separated by spaces, in pick order), redrawn (the same pick recomputed
 * from the stored population, percent and seed), drawn_by, at.  No row when
 * none was drawn. */
enum od_status lifecycle_recheck_draw_read(struct db *db, const char *month,
					   struct db_result **out, struct diag *d);

/* Opens the periodic reviews due in `month` (YYYY-MM) for the benefits in
 * force in the caller's county; one row: opened (now), due (in all). */
enum od_status lifecycle_reviews_generate(struct db *db, const char *request_id, const char *month,
					  struct db_result **out, struct diag *d);

/* The benefits whose households the latest deaths batch (imported on or
 * after `since`, YYYY-MM-DD, or any when NULL) touches, re-evaluated; one
 * row: checked, opened. */
enum od_status lifecycle_reviews_from_data(struct db *db, const char *request_id,
					   const char *since, struct db_result **out,
					   struct diag *d);

/* A household's history, for its screen ---------------------------------- */

/* The household of case `case_id` (text), or else the active household of
 * the person with `resident_id`, with the trace of the history read
 * written and committed by the same statement (the server answers the
 * history only then): one row, column household_no.  OD_ERR_NOT_FOUND when
 * there is none the reader may see. */
void lifecycle_history_trace_query(struct db_query *q, const char *case_id,
				   const char *resident_id);
/* The same by the household's number (an audit entry opens its household). */
void lifecycle_history_trace_no_query(struct db_query *q, const char *household_no);
/* The household number from that answer into out; false when no row. */
bool lifecycle_history_trace_read(const struct db_result *r, char out[40]);

/* One line of what changed in a version: member "" for the household as a
 * whole, else the member's masked resident ID; key the form field's key,
 * or "_added" / "_removed" for a whole member; old and new as stored ("" for
 * none).  A version without changes (the registration) has one line with
 * key "". */
struct history_change {
	int version;
	char at[17];        /* YYYY-MM-DD HH:MM, China time */
	char who[128];      /* the staff member's name */
	char reason[256];
	char member[24];
	char member_name[96]; /* "" when the member has left the household */
	char key[48];
	char old_value[128], new_value[128];
};
/* Every version of household `household_no`, newest first, each with its
 * changes (household_history; needs the trace above). */
void lifecycle_history_versions_query(struct db_query *q, const char *household_no);
/* *rows: caller frees with free(). */
void lifecycle_history_versions_read(const struct db_result *r, struct history_change **rows,
				     int *count);

/* One case of the household's applications, with its decision and the
 * state of its benefit ("" where there is none yet). */
struct history_case {
	char application_no[64];
	char registered[11];    /* YYYY-MM-DD */
	char app_status[16];    /* registered, accepted, refused, withdrawn */
	char case_no[72];       /* "" for an application without cases */
	char item_code[49];
	char stage[12];
	char outcome[12];       /* granted, refused, "" */
	long long decided_fen;  /* -1 when none */
	char period[8];         /* monthly, once */
	char start_month[8];    /* YYYY-MM */
	char decided_on[11];
	char benefit_state[12]; /* in_force, suspended, stopped, expired, "" */
	char state_from[8];     /* YYYY-MM */
	char state_reason[256];
	long long amount_now_fen; /* owed this month (adjusted), -1 when none */
};
/* The applications of household `household_no` the reader may see, newest
 * first, a row per case. */
void lifecycle_history_cases_query(struct db_query *q, const char *household_no);
/* *rows: caller frees with free(). */
void lifecycle_history_cases_read(const struct db_result *r, struct history_case **rows,
				  int *count);

/* Reviews, for the department's and county's list ---------------------- */

struct review_row {
	long long id, case_id;
	char case_no[72];
	char subject_name[192];
	char centre_code[33];
	char department[33];
	char item_code[49];
	char kind[12];          /* periodic, change */
	char period[11];
	char cause[512];
	char engine_verdict[16]; /* change: eligible, ineligible, missing, "" */
	char engine_amount[24];  /* yuan as text, "" when none */
	char opened_on[11], due_on[11];
	enum case_light light;   /* NONE once decided */
	long long amount_now_fen; /* -1 when none */
	char outcome[12];        /* continue, adjust, stop, "" while open */
	long long amount_fen;    /* adjust: the new amount, else -1 */
	char effective_month[8];
	char reason[256];
	char decided_by[64], decided_on[11];
	int version;
	char benefit_state[12];
	char benefit_state_from[8];
	int benefit_version;
	bool may_decide, may_suspend, may_resume; /* the server's rule */
};
/* Open reviews (decided ones when `decided`), most urgent first, at most
 * `limit`; the reader's scope. */
void lifecycle_reviews_query(struct db_query *q, bool decided, int limit);
/* *rows: caller frees with free(). */
void lifecycle_reviews_read(const struct db_result *r, struct review_row **rows, int *count);

/* Whether the reader opens reviews and looks for changes (one row, column
 * may). */
void lifecycle_reviews_may_open_query(struct db_query *q);
bool lifecycle_reviews_may_open_read(const struct db_result *r);

/* Decides review `review_id` at `version`: outcome continue, adjust
 * (amount_fen, text) or stop, effective `month` (YYYY-MM, NULL for
 * continue), with a reason.  Errors as review_decide's SQLSTATEs. */
void lifecycle_review_decide_query(struct db_query *q, const char *request_id,
				   const char *review_id, const char *version, const char *outcome,
				   const char *amount_fen, const char *month, const char *reason);
/* Suspends or resumes (state "suspended" / "in_force") the benefit of case
 * `case_id` at its `version` from `month` (YYYY-MM), with a reason. */
void lifecycle_benefit_state_query(struct db_query *q, const char *request_id,
				   const char *case_id, const char *version, const char *state,
				   const char *month, const char *reason);
/* The halves of lifecycle_reviews_generate and lifecycle_reviews_from_data
 * for the screen (month YYYY-MM; since NULL: every batch); one row each. */
void lifecycle_reviews_generate_query(struct db_query *q, const char *request_id,
				      const char *month);
void lifecycle_reviews_from_data_query(struct db_query *q, const char *request_id,
				       const char *since);

/* Re-checks drawn in the reader's scope, open first. */
struct recheck_row {
	long long case_id;
	char case_no[72];
	char subject_name[192];
	char item_code[49];
	char month[8];          /* the draw's month */
	char approved_on[11], due_on[11];
	enum case_light light;  /* NONE once recorded */
	char result[16];        /* confirmed, discrepancy, "" */
	char note[256];
	int version;
	bool may_record;        /* the reader may record its result now (the server's rule) */
};
void lifecycle_rechecks_query(struct db_query *q, int limit);
/* Records a re-check's result (onedoor.recheck_record): result "confirmed"
 * or "discrepancy" (then a note saying what was found is required). */
void lifecycle_recheck_record_query(struct db_query *q, const char *request_id,
				    const char *case_id, const char *version, const char *result,
				    const char *note);
/* *rows: caller frees with free(). */
void lifecycle_rechecks_read(const struct db_result *r, struct recheck_row **rows, int *count);

#endif
