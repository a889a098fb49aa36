/* labels.h - the one table of words for the codes the server and the
 * catalogue use: stages, lights, tracks, check kinds, application
 * statuses, staff roles, item kinds, and a benefit's later life (its state,
 * decisions, reviews, re-checks).
 *
 * No code reaches the screen: a screen shows _(label_of(kind, code)).  A
 * code the table does not know gives the msgid "(unknown)", never the code
 * itself.  The translations are in src/po like every other word. */
#ifndef ONEDOOR_LABELS_H
#define ONEDOOR_LABELS_H

#include <stdbool.h>

enum label_kind {
	LABEL_STAGE,      /* accept, verify, supervise, approve, file, filed, refused, withdrawn */
	LABEL_LIGHT,      /* green, yellow, red */
	LABEL_TRACK,      /* normal, green, commitment: the case's channel */
	LABEL_CHECK,      /* materials, postcheck */
	LABEL_APP_STATUS, /* registered, accepted, refused, withdrawn */
	LABEL_ROLE,       /* clerk, verifier, supervisor, approver, auditor, admin */
	LABEL_ITEM_KIND,  /* basic_living, special, temporary, subsidy, service */
	LABEL_ROLL_STATE, /* draft, submitted, returned, approved, exported, closed */
	LABEL_ROLL_EVENT, /* generate, submit, return, approve, export, results, hold, release */
	LABEL_PAY_STATE,  /* a roll line: pending, held, paid, failed */
	LABEL_HOLD,       /* why a line is held: no_account, manual */
	LABEL_SMS_KIND,   /* accepted, refused, granted_monthly, granted_once, paid, payment_failed */
	LABEL_SMS_STATE,  /* pending, sending, sent, failed */
	LABEL_CHANNEL,    /* a complaint's: window, hotline, online, letter, visit */
	LABEL_OUTCOME,    /* a complaint's: upheld, partly_upheld, not_upheld, withdrawn */
	LABEL_BENEFIT,    /* in_force, suspended, stopped, expired: a benefit's state */
	LABEL_DECISION,   /* granted, refused: a decision's outcome */
	LABEL_REVIEW_KIND,    /* periodic, change */
	LABEL_REVIEW_OUTCOME, /* continue, adjust, stop */
	LABEL_VERDICT,    /* eligible, not_eligible (ineligible), missing_data: the engine's */
	LABEL_RECHECK,    /* confirmed, discrepancy: a re-check's result */
	LABEL_WARNING_STATE, /* open, acknowledged, closed */
	LABEL_MONITOR_SOURCE, /* refused_application, warning, benefit_stopped, report */
	LABEL_PROPOSAL,   /* application, category_1, category_2: a visit's proposal */
	LABEL_CARE_LEVEL, /* good, concern, danger: one aspect of care */
	LABEL_REPORT_STATE, /* new, application, monitoring, closed */
	LABEL_CASE_ACTION, /* accept, refuse, verify_pass, ... approve, reject, file, return:
			    * an action on a case, as the server's refusals name it */
	LABEL_KIND_COUNT
};

/* The msgid for `code` of `kind` ("(unknown)" when the table has none). */
const char *label_of(enum label_kind kind, const char *code);
/* True when the table knows the code. */
bool label_known(enum label_kind kind, const char *code);
/* The msgid for `code` under the first of kinds[0..n) that knows it, or
 * NULL: one pass over the table (a value in a server's refusal). */
const char *label_first(const enum label_kind *kinds, int n, const char *code);
/* The n-th code of a kind in the table's order (NULL past the end): for
 * filters that cycle through the stages, and for tests. */
const char *label_code(enum label_kind kind, int n);

#endif
