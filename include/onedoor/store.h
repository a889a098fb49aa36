/* store.h - what the window reads from and writes to the database.
 *
 * Domain-level calls over db.h; each is one round trip and either fully
 * happens or not at all. */
#ifndef ONEDOOR_STORE_H
#define ONEDOOR_STORE_H

#include "onedoor/db.h"

/* Who is logged in, from onedoor.current_staff(). */
struct staff_info {
	char role_name[64];
	char full_name[128];
	char role_group[16]; /* clerk, verifier, supervisor, approver, auditor, admin */
	char centre_code[33];
	char centre_name[128]; /* the centre, or the county for county-level staff */
	char county[7];        /* GB/T 2260 code of the centre's county, or the staff's */
	char today[11];        /* the server's date (onedoor.today()) at log-in */
	char snapshot[256];    /* the server's snapshot at log-in, for the change
				* feed (store_changes_query); "" when too long */
	char staff_no[24];     /* 工号, printed on receipts; "" when none is set */
	char department[33];   /* an approver's department, "" for none */
	char village[16];      /* a village coordinator's village, "" for none */
};

/* Follows the case changes this role may see (LISTEN on the channel the
 * server's listen_worklist() chooses, which client_start subscribes the
 * session to): makes the connection subscribe again after every
 * reconnection. */
void store_listen_on_connect(struct db *db);

/* The change feed (live refresh that also works through a connection
 * pool): the statement asking whether anything in the caller's scope
 * changed since `snapshot` (NULL at first), and its answer: *changed, and
 * the next snapshot to ask with (replaces *snapshot, heap).  False when
 * the answer is not one row. */
void store_changes_query(struct db_query *q, const char *snapshot);
bool store_changes_read(const struct db_result *r, bool *changed, char **snapshot);

/* Registers the household and opens its application in one transaction.
 * `household_json` is what form_values_to_json writes; `request_id` makes a
 * retry safe.  On success app_no gets the application number.  A resident
 * ID already in an active household gives OD_ERR_DUPLICATE with a message
 * naming that household and its centre. */
enum od_status store_register_household(struct db *db, const char *request_id,
					const char *household_json, char app_no[64],
					struct diag *d);
/* Its two halves: the statement, and the answer read (st is the status
 * the statement ended with; the same statuses and messages as above). */
void store_register_household_query(struct db_query *q, const char *request_id,
				    const char *household_json);
enum od_status store_register_household_read(struct db *db, enum od_status st,
					     const struct db_result *r, char app_no[64],
					     struct diag *d);

struct application_row {
	char application_no[64];
	char household_no[40];
	char status[16];
	char created_at[17];      /* "YYYY-MM-DD HH:MM" */
	char applicant_name[256];
	char applicant_id[19];    /* masked */
	int member_count;
};

/* The applications this person may see, newest first, at most `limit`;
 * only centre `centre` when it is not "" (a clerk's: the server then uses
 * the centre's index).  *rows is allocated (caller frees with free()). */
enum od_status store_list_applications(struct db *db, const char *centre, int limit,
				       struct application_row **rows, int *count, struct diag *d);
/* The same in two halves for the screens' loop: the statement, and the
 * rows read from its answer. */
void store_applications_query(struct db_query *q, const char *centre, int limit);
void store_applications_read(const struct db_result *r, struct application_row **rows,
			     int *count);

/* After a registration refused as a duplicate: the household the members
 * are registered in, when the server named it (it does so only within the
 * caller's scope); false otherwise. */
bool store_register_clash(struct db *db, char household_no[40]);
/* The latest application of a household: at most one row, read with
 * store_applications_read. */
void store_household_application_query(struct db_query *q, const char *household_no);

/* A registered household read back into the window's form (the server's
 * household_form): the statement, and its rows set into v (initialised
 * with its form's defaults; fields the form does not show are left out).
 * Only a clerk of its centre may; the read is audited.  OD_ERR_NOT_FOUND
 * otherwise. */
struct form_values;
void store_household_form_query(struct db_query *q, const char *household_no);
/* Its trace, which must be committed before (migration 0047): send first. */
void store_household_form_trace_query(struct db_query *q, const char *household_no);
enum od_status store_household_form_read(const struct db_result *r, struct form_values *v,
					 struct diag *d);

/* The version of the household that household_form's rows were read at
 * (its row (0, "_version")); 0 when the rows do not say. */
int store_household_form_version(const struct db_result *r);

/* A household that comes back (household_reapply): the form as it now
 * stands (form_values_to_json) and as it was right after the household was
 * read into it (as_read_json, the same writer; NULL: the sent document is
 * the change itself); what differs between the two is applied to the
 * household as stored (facts the form does not show are kept), stored as
 * the version after `version`, with why, and a new application opened on
 * it, whose number goes to app_no.
 * Errors, each with a message for the clerk in d: OD_ERR_CONFLICT changed
 * since it was read; OD_ERR_DB an application is still open at the window;
 * OD_ERR_VALUE an inconsistent household (the server's message names the
 * member); OD_ERR_DUPLICATE a new member already in another household. */
void store_household_reapply_query(struct db_query *q, const char *request_id,
				   const char *household_no, const char *version,
				   const char *household_json, const char *as_read_json,
				   const char *reason);
enum od_status store_household_reapply_read(struct db *db, enum od_status st,
					    const struct db_result *r, char app_no[64],
					    struct diag *d);

/* Department names by code, for display (free code and name with free()). */
struct department_names {
	char (*code)[33];
	char (*name)[2][128]; /* [0] Chinese, [1] English */
	int count;
};

/* Everything the screens need at log-in, in one statement
 * (onedoor.client_start(), which also subscribes the session to its
 * live-refresh channel): the caller, the schema's migrations and the
 * calendar's coverage (migrate_login_verdict), the catalogue
 * (store_catalogue_read) and the departments.  The read fills *staff and
 * *departments (freed as store_departments' are); OD_ERR_DENIED when the
 * login is not active staff. */
void store_client_start_query(struct db_query *q);
enum od_status store_client_start_read(const struct db_result *r, struct staff_info *staff,
				       struct department_names *departments, struct diag *d);
/* The name of department `code` in language lang, or the code itself. */
const char *department_name(const struct department_names *names, const char *code, int lang);

#endif
