/* store_watch.h - what the warning queue, the monitoring register, the
 * care ratings and the coordinators' reports read and write.
 *
 * Calls over db.h, one round trip each, over the functions and views of the
 * warnings, monitoring, care and reports migrations.  Rows are those the
 * login may see (row security).  Every list is allocated in one block that
 * the caller frees with free() (at least one element, so it always may).
 * Writes take the request id the caller generated (db_new_request_id) and
 * keep it for a resend: the server returns the first outcome again.  d
 * receives the server's message in every failure.
 *
 * Each call also comes in the two halves the screens use (src/ui/README.md):
 * X_query sets the statement for ui_send, X_read reads its answer. */
#ifndef ONEDOOR_STORE_WATCH_H
#define ONEDOOR_STORE_WATCH_H

#include "onedoor/case_store.h"
#include "onedoor/db.h"

/* One warning on a queue. */
struct watch_warning {
	long long id;
	char warning_no[24];
	char household_no[40];
	char subject_name[192];
	char centre_name[128];
	char department[33];
	char name[2][128];     /* [0] Chinese, [1] English */
	char message[2][512];  /* the explanation */
	char raised_on[11];
	char ack_due[11];
	char state[16];        /* open, acknowledged */
	int version;
	enum case_light light; /* NONE once acknowledged */
	int days_left, age_days;
};

/* The queue, most urgent first: of `department` (NULL: any), of `centre`
 * (NULL: any), at most `limit` rows. */
enum od_status watch_warnings(struct db *db, const char *department, const char *centre,
			      int limit, struct watch_warning **rows, int *count, struct diag *d);
void watch_warnings_query(struct db_query *q, const char *department, const char *centre,
			  int limit);
void watch_warnings_read(const struct db_result *r, struct watch_warning **rows, int *count);

/* acknowledge, or close with outcome contacted / application / not_needed
 * (note required for not_needed; application_no optional).  On success
 * *version is the warning's new version. */
enum od_status watch_warning_act(struct db *db, const char *request_id, long long id,
				 int version, const char *action, const char *outcome,
				 const char *note, const char *application_no, int *new_version,
				 struct diag *d);
/* Its statement; the answer's one row has the new version. */
void watch_warning_act_query(struct db_query *q, const char *request_id, long long id,
			    int version, const char *action, const char *outcome, const char *note,
			    const char *application_no);

/* One entry of the monitoring register. */
struct watch_entry {
	long long id;
	char entry_no[24];
	char subject_name[192];
	char centre_code[33];
	int category;          /* 1 or 2 */
	char reason[512];
	char source[24];       /* refused_application, warning, benefit_stopped, report */
	char source_ref[40];
	char responsible[192];
	char entered_on[11];
	char last_visit_on[11]; /* "" before the first visit */
	int visits;
	char visit_due[11];
	char proposal[16];     /* "", application, category_1, category_2 */
	char proposal_items[256]; /* item codes, ","-separated */
	int version;
	enum case_light light;
	int days_left;
};

/* The register by visit due day: of `centre` (NULL: any), of `village`
 * (NULL: any), at most `limit` rows. */
enum od_status watch_register(struct db *db, const char *centre, const char *village, int limit,
			      struct watch_entry **rows, int *count, struct diag *d);
void watch_register_query(struct db_query *q, const char *centre, const char *village,
			  int limit);
void watch_register_read(const struct db_result *r, struct watch_entry **rows, int *count);

/* Records a visit: what was found, the facts updated (a JSON object
 * {"facts": {...}, "members": [{"position": N, "facts": {...}}]}, or NULL),
 * on `day` (NULL: today).  Returns the proposal ("" when none) and the
 * items proposed, and the entry's new version and next due day. */
struct watch_visit_result {
	int version;
	char proposal[16];
	char items[256];
	char visit_due[11];
};
enum od_status watch_visit(struct db *db, const char *request_id, long long id, int version,
			   const char *findings, const char *changes_json, const char *day,
			   struct watch_visit_result *out, struct diag *d);
void watch_visit_query(struct db_query *q, const char *request_id, long long id, int version,
		       const char *findings, const char *changes_json, const char *day);
void watch_visit_read(const struct db_result *r, struct watch_visit_result *out);

/* move (to `category`, note = why), leave (note = why) or application
 * (application_no opened). */
enum od_status watch_entry_act(struct db *db, const char *request_id, long long id, int version,
			       const char *action, int category, const char *note,
			       const char *application_no, struct diag *d);
void watch_entry_act_query(struct db_query *q, const char *request_id, long long id, int version,
			   const char *action, int category, const char *note,
			   const char *application_no);

/* A dispersed extreme-poverty person with the current care rating. */
struct watch_care {
	long long person_id;
	char person_name[192];
	char colour[8];        /* "", red, yellow, green */
	char living[8], health[8], care[8]; /* good, concern, danger; "" unrated */
	char rated_on[11];
	int open_items, overdue_items;
	char next_deadline[11];
};
enum od_status watch_care_list(struct db *db, struct watch_care **rows, int *count,
			       struct diag *d);
void watch_care_list_query(struct db_query *q);
void watch_care_list_read(const struct db_result *r, struct watch_care **rows, int *count);

/* One item of a person's problem list (open ones first). */
struct watch_problem {
	long long id;
	char item[512];
	char responsible[192];
	char deadline[11];
	char closed_on[11];    /* "" while open */
	char close_note[512];
	int version;
	enum case_light light; /* NONE once closed */
};
enum od_status watch_problems(struct db *db, long long person_id, struct watch_problem **rows,
			      int *count, struct diag *d);
void watch_problems_query(struct db_query *q, long long person_id);
void watch_problems_read(const struct db_result *r, struct watch_problem **rows, int *count);

/* Rates a person (living, health, care: good / concern / danger);
 * problems_json is a JSON array of {"item", "responsible", "deadline"}.
 * *colour receives the colour the criteria give. */
enum od_status watch_care_rate(struct db *db, const char *request_id, long long person_id,
			       const char *living, const char *health, const char *care,
			       const char *note, const char *problems_json, char colour[8],
			       struct diag *d);
void watch_care_rate_query(struct db_query *q, const char *request_id, long long person_id,
			   const char *living, const char *health, const char *care,
			   const char *note, const char *problems_json);
/* Adds an item (deadline YYYY-MM-DD) to the list of a red or yellow
 * person; the answer's one row has the item's id. */
void watch_problem_add_query(struct db_query *q, const char *request_id, long long person_id,
			     const char *item, const char *responsible, const char *deadline);

/* Closes one item with a note; *open_left: items still open. */
enum od_status watch_problem_close(struct db *db, const char *request_id, long long id,
				   int version, const char *note, int *open_left, struct diag *d);
void watch_problem_close_query(struct db_query *q, const char *request_id, long long id,
			       int version, const char *note);

/* A coordinator's report with what became of it. */
struct watch_report {
	long long id;
	char report_no[24];
	char village_name[128];
	char subject_name[192];
	char difficulty[512];
	char reported_on[11];
	char reporter_name[128];
	char state[16];          /* new, application, monitoring, closed */
	char outcome_note[512];
	char application_no[40];
	char application_status[16];
	int items_open, items_granted, items_refused;
	char monitoring_entry[24];
	int monitoring_category; /* 0 when none */
	int version;
};
enum od_status watch_reports(struct db *db, struct watch_report **rows, int *count,
			     struct diag *d);
void watch_reports_query(struct db_query *q);
void watch_reports_read(const struct db_result *r, struct watch_report **rows, int *count);

/* A coordinator reports a household (the household form's document as
 * JSON) with what its difficulty is; report_no receives its number. */
enum od_status watch_report_household(struct db *db, const char *request_id,
				      const char *household_json, const char *difficulty,
				      char report_no[24], struct diag *d);
void watch_report_household_query(struct db_query *q, const char *request_id,
				  const char *household_json, const char *difficulty);

/* The centre opens an application from a new report: the report's
 * document in the shape of store_household_form_query's answer (read it
 * with store_household_form_read), then the household form's completed
 * document registered from the report; the answer reads as
 * store_register_household_read reads a registration's. */
void watch_report_form_query(struct db_query *q, long long id);
void watch_report_to_application_query(struct db_query *q, const char *request_id, long long id,
				       int version, const char *household_json);

/* The centre's decision on a new report: to monitoring (category, reason,
 * person responsible) or closed (note). */
enum od_status watch_report_to_monitoring(struct db *db, const char *request_id, long long id,
					  int version, int category, const char *reason,
					  const char *responsible, struct diag *d);
void watch_report_to_monitoring_query(struct db_query *q, const char *request_id, long long id,
				      int version, int category, const char *reason,
				      const char *responsible);
enum od_status watch_report_close(struct db *db, const char *request_id, long long id,
				  int version, const char *note, struct diag *d);
void watch_report_close_query(struct db_query *q, const char *request_id, long long id,
			      int version, const char *note);

/* The supervisor's figures, per centre. */
struct watch_figures {
	char centre_code[33];
	char centre_name[128];
	int warnings_open, warnings_unacknowledged, warnings_red, warnings_yellow;
	int age_0_2, age_3_5, age_6_10, age_over_10;
	int category_1, category_2, visits_due_soon, visits_missed, proposals;
	int care_red, care_overdue;
};
enum od_status watch_figures(struct db *db, struct watch_figures **rows, int *count,
			     struct diag *d);
void watch_figures_query(struct db_query *q);
void watch_figures_read(const struct db_result *r, struct watch_figures **rows, int *count);

#endif
