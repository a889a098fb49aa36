/* case_store.h - the case workflow as the screens use it.
 *
 * Domain-level calls over db.h, one round trip each, over the server
 * functions and views of migrations 0005-0007.  The server decides
 * everything (role, centre, stage, version, deadlines, lights); these calls
 * only carry requests and read results.  Rows are those the login may see
 * (row security), so no call takes a centre or department to trust.
 *
 * Statuses of the write calls:
 *   OD_ERR_DENIED     wrong role, another centre / county / department,
 *                     self-approval (42501), or the action is not possible
 *                     in the case's current stage (55000)
 *   OD_ERR_CONFLICT   the version is stale: someone changed the case or the
 *                     application since it was read (OD409); re-read it
 *   OD_ERR_VALUE      a reason is missing, an unknown item, or an item
 *                     excluded by one the person already holds (23P01: the
 *                     message says which case, item and centre)
 *   OD_ERR_NOT_FOUND  no such case or application (P0002)
 * Every write takes a request id (db_new_request_id); sending the same id
 * again after a lost reply returns the first outcome and acts only once.
 * d receives a message for the person in every failure. */
#ifndef ONEDOOR_CASE_STORE_H
#define ONEDOOR_CASE_STORE_H

#include "onedoor/db.h"

#include <stdbool.h>

enum case_light { CASE_LIGHT_NONE, CASE_LIGHT_GREEN, CASE_LIGHT_YELLOW, CASE_LIGHT_RED };

/* "red" / "yellow" / "green" / anything else (NONE). */
enum case_light case_light_parse(const char *text);

/* One element of the package the applicant chose. */
struct case_package_item {
	const char *item_code;
	const char *resident_id; /* the member an individual item is for; NULL: applicant */
	const char *track;       /* "normal", "green", "commitment"; NULL: the item's default */
};

/* A case as a write left it. */
struct case_ref {
	long long id;
	char case_no[72];
	char item_code[49];
	char track[12];
	char stage[12];
	int version;
	char case_due[11]; /* expected completion (case_accept_application only) */
};

/* Records materials the applicant brought for `application_no` (names as
 * the items' checklists word them; the applicant's authorisation to verify
 * is "家庭经济状况核对授权书", without which verification cannot pass).
 * Call as each is ticked, before 同意受理; already recorded ones are kept.
 * *recorded (may be NULL) receives how many were new. */
enum od_status case_record_materials(struct db *db, const char *request_id,
				     const char *application_no, const char *const *materials,
				     int n_materials, int *recorded, struct diag *d);

/* 同意受理: accepts registered application `application_no` (as read at
 * `version`) with its package; opens one case per item in one transaction.
 * *cases (count entries, caller frees with free()) is set on success. */
enum od_status case_accept_application(struct db *db, const char *request_id,
				       const char *application_no, int version,
				       const struct case_package_item *items, int n_items,
				       struct case_ref **cases, int *count, struct diag *d);

/* Its two halves for the screens' loop: the statement, and its answer
 * read (st: the status the statement ended with). */
void case_accept_application_query(struct db_query *q, const char *request_id,
				   const char *application_no, int version,
				   const struct case_package_item *items, int n_items);
/* The same acceptance with the applicant's three basic materials recorded
 * as received in the same statement (record_materials under its own
 * `materials_request_id`): what 同意受理 at the window means, since the
 * clerk accepts only with them in hand.  Read with
 * case_accept_application_read. */
void case_accept_with_materials_query(struct db_query *q, const char *request_id,
				      const char *materials_request_id,
				      const char *application_no, int version,
				      const struct case_package_item *items, int n_items);
/* A form never saved, registered and accepted in one statement (one round
 * trip for the clerk's F8): register_household under
 * `register_request_id`, then as case_accept_with_materials_query.  A
 * refusal of either leaves nothing behind.  The read gives the new
 * application's number and the cases; OD_ERR_DUPLICATE when a member is
 * registered already (store_register_clash names the household), else as
 * case_accept_application_read. */
void case_register_and_accept_query(struct db_query *q, const char *register_request_id,
				    const char *household_json, const char *request_id,
				    const char *materials_request_id,
				    const struct case_package_item *items, int n_items);
enum od_status case_register_and_accept_read(struct db *db, enum od_status st,
					     const struct db_result *r, char app_no[64],
					     struct case_ref **cases, int *count, struct diag *d);
enum od_status case_accept_application_read(struct db *db, enum od_status st,
					    const struct db_result *r, struct case_ref **cases,
					    int *count, struct diag *d);

/* 不同意受理: refuses the registered application; `reason` is required. */
enum od_status case_refuse_application(struct db *db, const char *request_id,
				       const char *application_no, int version,
				       const char *reason, struct diag *d);
void case_refuse_application_query(struct db_query *q, const char *request_id,
				   const char *application_no, int version, const char *reason);
/* The status of a write that returns nothing to read, mapped as above. */
enum od_status case_write_status(struct db *db, enum od_status st, struct diag *d);

/* Moves case `case_id` (as read at `version`) by `action`, the server's
 * name of it ("verify_pass"; case_actions lists them); `reason` may be NULL
 * unless the action needs one.  On success *out (may be NULL) gets the new
 * stage and version. */
enum od_status case_transition(struct db *db, const char *request_id, long long case_id,
			       int version, const char *action, const char *reason,
			       struct case_ref *out, struct diag *d);
/* Its halves. */
void case_transition_query(struct db_query *q, const char *request_id, long long case_id,
			   int version, const char *action, const char *reason);
enum od_status case_transition_read(struct db *db, enum od_status st, const struct db_result *r,
				    struct case_ref *out, struct diag *d);

/* A worklist row: an open case (or one whose fast-lane check still runs). */
struct case_row {
	long long id;
	char case_no[72];
	char centre_code[33];
	char department[33];
	char item_code[49];
	char item_name[192];   /* Chinese name of the item */
	char subject_name[192];
	char track[12];
	char stage[12];
	int version;
	bool provisional;      /* green channel, verification not yet passed */
	enum case_light light; /* worst open clock */
	enum case_light stage_light, case_light, check_light; /* NONE when not running */
	char check_kind[12];   /* "materials", "postcheck" or "" */
	char stage_due[11], case_due[11], check_due[11], next_due[11]; /* "" when none */
	int days_left;         /* working days to next_due; negative when overdue */
	int stage_elapsed;     /* working days in the current stage so far */
	int case_elapsed;      /* working days since registration */
	bool mine;             /* the caller's group holds its stage or its running check */
};

/* Open cases visible to the login, most urgent first (red, yellow, green,
 * then nearest due date), at most `limit`; only centre `centre_code` when
 * it is not NULL.  *rows: caller frees with free(). */
enum od_status case_worklist(struct db *db, const char *centre_code, int limit,
			     struct case_row **rows, int *count, struct diag *d);
void case_worklist_query(struct db_query *q, const char *centre_code, int limit);
/* The cases that have ended (filed, refused, withdrawn), the latest first,
 * in the worklist's rows (read with case_worklist_read; next_due holds the
 * closing date, no light). */
void case_ended_query(struct db_query *q, const char *centre_code, int limit);
/* *rows: caller frees with free(). */
void case_worklist_read(const struct db_result *r, struct case_row **rows, int *count);

/* One running clock of a case: clock "stage" (label: the stage), "case",
 * or "check" (label "materials" / "postcheck"). */
struct case_clock {
	char clock[8];
	char label[12];
	char started_on[11];
	char due_on[11];
	enum case_light light;
	int days_left;
	int elapsed;
};

/* One action in a case's history. */
struct case_event {
	char at[20];           /* "YYYY-MM-DD HH:MM:SS", China time */
	char action[16];
	char phrase[64];       /* 同意受理, 退回, ... as recorded */
	char phrase_en[96];    /* the same in English ("" when unknown) */
	char from_stage[12], to_stage[12];
	int elapsed;           /* working days the stage that was left took */
	bool late;             /* left after its due date */
	char actor[64], actor_name[192], actor_group[16];
	char reason[512];
};

struct case_detail {
	bool found_in_worklist; /* false once ended: `row` then has stage fields only */
	struct case_row row;
	struct case_clock *clocks;
	int n_clocks;
	struct case_event *events; /* oldest first */
	int n_events;
};

/* The case with all its running clocks and its timeline.  OD_ERR_NOT_FOUND
 * when the login may not see it.  Free with case_detail_free. */
enum od_status case_detail_load(struct db *db, long long case_id, struct case_detail **out,
				struct diag *d);
/* The same in parts for the screens' loop: a statement per part, each
 * answer read into cd (zeroed at first; parts may come in any order and
 * again, e.g. after an action). */
enum case_part { CASE_PART_ROW, CASE_PART_CLOCKS, CASE_PART_EVENTS };
void case_detail_query(struct db_query *q, enum case_part part, long long case_id);
enum od_status case_detail_read(struct case_detail *cd, enum case_part part,
				const struct db_result *r, struct diag *d);
void case_detail_free(struct case_detail **detail);

/* What the caller may do to a case now, as the server decides it
 * (onedoor.case_actions): the action, the client command that does it, its
 * standard phrase in Chinese [0] and English [1], whether a reason is
 * required.  The screens draw exactly this; no copy of the rules here. */
struct case_allowed {
	char action[24];
	char command[32];
	char phrase[2][96];
	bool reason_required;
};
void case_actions_query(struct db_query *q, long long case_id);
/* *rows: caller frees with free(). */
void case_actions_read(const struct db_result *r, struct case_allowed **rows, int *count);

/* The supervisor's matrix: open cases counted by centre, stage and light. */
struct case_matrix_cell {
	char centre_code[33];
	char stage[12];
	enum case_light light;
	int cases;
};
enum od_status case_matrix(struct db *db, struct case_matrix_cell **cells, int *count,
			   struct diag *d);

#endif
