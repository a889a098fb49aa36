/* store_accountability.h - what the discipline commission's and the
 * leaders' screens read and write: statistics, the audit trail, urges and
 * 通报, complaints.
 *
 * Each statement in two halves for the screens' loop: X_query builds it
 * (parameters copied into q), X_read reads its answer.  Lists are allocated
 * in one block, freed by the caller with free().  The server decides scope
 * and what is allowed (migrations 0016, 0017, 0041, 0042 and their
 * successors); nothing here decides it again. */
#ifndef ONEDOOR_STORE_ACCOUNTABILITY_H
#define ONEDOOR_STORE_ACCOUNTABILITY_H

#include "onedoor/db.h"

#include <stdbool.h>

/* Statistics ------------------------------------------------------------- */

enum stats_table {
	STATS_ASSISTED,    /* by dimension: cases, households, persons */
	STATS_FUNDS,       /* by dimension: recipients, paid fen, back pay fen */
	STATS_MONTHLY,     /* last 12 months to `to`: cases, households */
	STATS_STAGES,      /* per stage: left, median days, p90 days, limit days, late */
	STATS_WINDOWS,     /* per centre: accepted, red now, urges, 通报, complaints, late */
	STATS_DEPARTMENTS, /* per department: filed, refused, red now, urges, 通报 */
};
#define STATS_FIGURES 6

struct stats_row {
	char key[64];         /* month "2026-03", department, centre or item code, stage; "" total */
	char name[2][192];    /* [0] Chinese, [1] English; "" for months and stages */
	char fig[STATS_FIGURES][24]; /* the figures as the server wrote them */
};

/* by: "month", "department", "centre", "item" (STATS_ASSISTED, STATS_FUNDS
 * only); from, to: civil days "YYYY-MM-DD". */
void stats_query(struct db_query *q, enum stats_table t, const char *by, const char *from,
		 const char *to);
void stats_read(const struct db_result *r, enum stats_table t, struct stats_row **rows,
		int *count);

/* The audit trail -------------------------------------------------------- */

/* Filters; "" is "any".  case_no and household_no are turned into the
 * entries' objects by the server. */
struct audit_filter {
	char actor[64];        /* a login */
	char case_no[72];
	char household_no[40];
	char from[11], to[11]; /* civil days, inclusive */
	char kind[8];          /* "view" (personal data read) or "write" */
};

struct audit_row {
	long long seq;
	char at[40];           /* as the server writes timestamptz (keyset key) */
	char when[20];         /* "2026-03-02 09:15:07", China time */
	char actor[64], actor_name[128], actor_group[16];
	char terminal[64];
	bool terminal_flagged; /* a clerk at a terminal not of their centre */
	char object_type[32], object_id[64];
	char action[48];
	char kind[8];
};

/* A page of at most `limit` entries, newest first, after (at, seq) of the
 * previous page's last row (NULL, 0 for the first page). */
void audit_page_query(struct db_query *q, const struct audit_filter *f, const char *after_at,
		      long long after_seq, int limit);
void audit_page_read(const struct db_result *r, struct audit_row **rows, int *count);

/* One entry whole: masked content as JSON text, and what it opens. */
struct audit_detail {
	long long seq, pos;      /* pos 0: not chained yet */
	char when[20];
	char actor[64], actor_group[16], terminal[64], request_id[40];
	char object_type[32], object_id[64], action[48];
	char *before, *after;    /* JSON text, "" when none; freed by audit_detail_free */
	long long case_id;       /* 0 when the entry opens no case */
	char case_no[72], household_no[40];
};
void audit_entry_query(struct db_query *q, long long seq);
/* false when the entry is not there (or not visible). */
bool audit_entry_read(const struct db_result *r, struct audit_detail *out);
void audit_detail_free(struct audit_detail *d);

/* The people an entry concerns with their resident IDs unmasked; auditors
 * only.  As every read of personal data, its trace is written and
 * committed first: send audit_reveal_trace_query, then audit_reveal_query.
 * The answer as one "name  ID" line per person into *text (malloc'd). */
void audit_reveal_trace_query(struct db_query *q, long long seq);
void audit_reveal_query(struct db_query *q, long long seq);
void audit_reveal_read(const struct db_result *r, char **text);

/* The chain check (as `onedoor-admin audit verify`): link what waits, then
 * walk the chain a chunk at a time, then read the head. */
void audit_chain_query(struct db_query *q);
void audit_verify_chunk_query(struct db_query *q, long long after_pos, int limit);
void audit_head_query(struct db_query *q);

/* Urges and 通报 ---------------------------------------------------------- */

struct urge_row {
	long long id, case_id;
	char case_no[72], subject_name[192], item_code[49];
	char kind[8];            /* urge, report */
	char stage[12], stage_due[11], case_stage[12];
	char responsible_name[128], note[512], on_day[11];
	char actor_name[128];
	bool answered;
};
/* case_id 0: every entry the caller may see (reports only when
 * reports_only), newest first, at most 500. */
void urge_list_query(struct db_query *q, long long case_id, bool reports_only);
void urge_list_read(const struct db_result *r, struct urge_row **rows, int *count);
/* kind "urge" or "report"; responsible NULL or "" for none. */
void urge_record_query(struct db_query *q, const char *request_id, long long case_id,
		       const char *kind, const char *note, const char *responsible);

/* Complaints -------------------------------------------------------------- */

struct complaint_row {
	char complaint_no[32];
	char channel[12], complainant[128], phone[24];
	char case_no[72], about_staff_name[128], about_department[33];
	char about_centre[128];  /* the centre's name */
	char body[4001];
	char received_on[11], due_on[11];
	char light[8];           /* green, yellow, red; "" once closed */
	char outcome[16], outcome_note[512], closed_on[11];
	bool closed_late;
	int version;
};
/* The working days the reader's county gives itself to answer a complaint
 * (the default when it set none, or the reader has no county). */
struct complaint_limit {
	int days;
	bool set_here;           /* the county set it (else the default) */
	int version;             /* 0: never set */
	char county[8];          /* "" for readers bound to no county */
};
/* open_only: the open ones, most urgent first; else all, newest first; at
 * most 500; with the reader's county's limit. */
void complaint_list_query(struct db_query *q, bool open_only);
void complaint_list_read(const struct db_result *r, struct complaint_row **rows, int *count,
			 struct complaint_limit *limit);
/* The county's administrator sets its limit (1-60 working days); version
 * as read with the list. */
void complaint_limit_set_query(struct db_query *q, const char *request_id, int days, int version);
/* json: the complaint as complaint_record takes it. */
void complaint_record_query(struct db_query *q, const char *request_id, const char *json);
void complaint_close_query(struct db_query *q, const char *request_id, const char *complaint_no,
			   int version, const char *outcome, const char *note);

#endif
