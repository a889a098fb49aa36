/* labels.c - codes to words (labels.h).  Stages are nouns (the verbs are
 * the standard phrases of the actions, which the server returns). */
#include "onedoor/labels.h"

#include "onedoor/i18n.h"

#include <stddef.h>
#include <string.h>

struct label {
	enum label_kind kind;
	const char *code, *msgid;
};

static const struct label labels[] = {
	{LABEL_STAGE, "accept", N_("intake")},
	{LABEL_STAGE, "verify", N_("verification")},
	{LABEL_STAGE, "supervise", N_("supervision")},
	{LABEL_STAGE, "approve", N_("approval")},
	{LABEL_STAGE, "file", N_("filing")},
	{LABEL_STAGE, "filed", N_("filed")},
	{LABEL_STAGE, "refused", N_("ended: refused")},
	{LABEL_STAGE, "withdrawn", N_("ended: withdrawn")},
	{LABEL_LIGHT, "green", N_("green")},
	{LABEL_LIGHT, "yellow", N_("yellow (due soon)")},
	{LABEL_LIGHT, "red", N_("red (overdue)")},
	{LABEL_TRACK, "normal", N_("normal procedure")},
	{LABEL_TRACK, "green", N_("green channel")},
	{LABEL_TRACK, "commitment", N_("commitment (verified after approval)")},
	{LABEL_CHECK, "materials", N_("missing materials")},
	{LABEL_CHECK, "postcheck", N_("post-check")},
	{LABEL_APP_STATUS, "registered", N_("registered")},
	{LABEL_APP_STATUS, "accepted", N_("accepted")},
	{LABEL_APP_STATUS, "refused", N_("refused")},
	{LABEL_APP_STATUS, "withdrawn", N_("withdrawn")},
	{LABEL_ROLE, "clerk", N_("window clerk")},
	{LABEL_ROLE, "verifier", N_("verifier")},
	{LABEL_ROLE, "supervisor", N_("supervisor")},
	{LABEL_ROLE, "approver", N_("approver")},
	{LABEL_ROLE, "auditor", N_("auditor")},
	{LABEL_ROLE, "admin", N_("administrator")},
	{LABEL_ROLE, "finance", N_("finance office")},
	{LABEL_ROLE, "coordinator", N_("village coordinator")},
	{LABEL_ITEM_KIND, "basic_living", N_("Basic living assistance")},
	{LABEL_ITEM_KIND, "special", N_("Special assistance")},
	{LABEL_ITEM_KIND, "temporary", N_("Temporary assistance")},
	{LABEL_ITEM_KIND, "subsidy", N_("Subsidies")},
	{LABEL_ITEM_KIND, "service", N_("Services")},
	{LABEL_ROLL_STATE, "draft", N_("draft")},
	{LABEL_ROLL_STATE, "submitted", N_("submitted to finance")},
	{LABEL_ROLL_STATE, "returned", N_("returned by finance")},
	{LABEL_ROLL_STATE, "approved", N_("approved by finance")},
	{LABEL_ROLL_STATE, "exported", N_("sent to the bank")},
	{LABEL_ROLL_STATE, "closed", N_("closed")},
	{LABEL_ROLL_EVENT, "generate", N_("made")},
	{LABEL_ROLL_EVENT, "submit", N_("submitted")},
	{LABEL_ROLL_EVENT, "return", N_("returned")},
	{LABEL_ROLL_EVENT, "approve", N_("approved")},
	{LABEL_ROLL_EVENT, "export", N_("bank file written")},
	{LABEL_ROLL_EVENT, "results", N_("bank results recorded")},
	{LABEL_ROLL_EVENT, "hold", N_("line held")},
	{LABEL_ROLL_EVENT, "release", N_("line released")},
	{LABEL_PAY_STATE, "pending", N_("to pay")},
	{LABEL_PAY_STATE, "held", N_("held")},
	{LABEL_PAY_STATE, "paid", N_("paid")},
	{LABEL_PAY_STATE, "failed", N_("payment failed")},
	{LABEL_HOLD, "no_account", N_("no bank account on file")},
	{LABEL_HOLD, "manual", N_("held by hand")},
	{LABEL_SMS_KIND, "accepted", N_("application accepted")},
	{LABEL_SMS_KIND, "refused", N_("application refused")},
	{LABEL_SMS_KIND, "granted_monthly", N_("assistance granted")},
	{LABEL_SMS_KIND, "granted_once", N_("one-off assistance granted")},
	{LABEL_SMS_KIND, "paid", N_("payment made")},
	{LABEL_SMS_KIND, "payment_failed", N_("payment failed")},
	{LABEL_SMS_STATE, "pending", N_("waiting to be sent")},
	{LABEL_SMS_STATE, "sending", N_("being sent")},
	{LABEL_SMS_STATE, "sent", N_("sent")},
	{LABEL_SMS_STATE, "failed", N_("not delivered")},
	{LABEL_CHANNEL, "window", N_("window")},
	{LABEL_CHANNEL, "hotline", N_("12388 line")},
	{LABEL_CHANNEL, "online", N_("online")},
	{LABEL_CHANNEL, "letter", N_("letter")},
	{LABEL_CHANNEL, "visit", N_("visit")},
	{LABEL_OUTCOME, "upheld", N_("upheld")},
	{LABEL_OUTCOME, "partly_upheld", N_("partly upheld")},
	{LABEL_OUTCOME, "not_upheld", N_("not upheld")},
	{LABEL_OUTCOME, "withdrawn", N_("withdrawn")},
	{LABEL_BENEFIT, "in_force", N_("in force")},
	{LABEL_BENEFIT, "suspended", N_("suspended")},
	{LABEL_BENEFIT, "stopped", N_("stopped")},
	{LABEL_BENEFIT, "expired", N_("expired")},
	{LABEL_DECISION, "granted", N_("granted")},
	{LABEL_DECISION, "refused", N_("not granted")},
	{LABEL_REVIEW_KIND, "periodic", N_("periodic review")},
	{LABEL_REVIEW_KIND, "change", N_("change of circumstances")},
	{LABEL_REVIEW_OUTCOME, "continue", N_("continued")},
	{LABEL_REVIEW_OUTCOME, "adjust", N_("amount adjusted")},
	{LABEL_REVIEW_OUTCOME, "stop", N_("stopped")},
	{LABEL_VERDICT, "eligible", N_("still eligible")},
	{LABEL_VERDICT, "not_eligible", N_("no longer eligible")},
	{LABEL_VERDICT, "ineligible", N_("no longer eligible")},
	{LABEL_VERDICT, "missing_data", N_("facts missing")},
	{LABEL_RECHECK, "confirmed", N_("confirmed")},
	{LABEL_RECHECK, "discrepancy", N_("discrepancy found")},
	{LABEL_WARNING_STATE, "open", N_("not acknowledged")},
	{LABEL_WARNING_STATE, "acknowledged", N_("acknowledged, in hand")},
	{LABEL_WARNING_STATE, "closed", N_("closed")},
	{LABEL_MONITOR_SOURCE, "refused_application", N_("application refused at the window")},
	{LABEL_MONITOR_SOURCE, "warning", N_("proactive warning")},
	{LABEL_MONITOR_SOURCE, "benefit_stopped", N_("benefit stopped after a review")},
	{LABEL_MONITOR_SOURCE, "report", N_("village coordinator's report")},
	{LABEL_PROPOSAL, "application", N_("open an application: an item is now eligible")},
	{LABEL_PROPOSAL, "category_1", N_("move to category 1")},
	{LABEL_PROPOSAL, "category_2", N_("move to category 2")},
	{LABEL_CARE_LEVEL, "good", N_("good")},
	{LABEL_CARE_LEVEL, "concern", N_("concern")},
	{LABEL_CARE_LEVEL, "danger", N_("danger")},
	{LABEL_REPORT_STATE, "new", N_("waiting for the centre")},
	{LABEL_REPORT_STATE, "application", N_("application opened")},
	{LABEL_REPORT_STATE, "monitoring", N_("in the monitoring register")},
	{LABEL_REPORT_STATE, "closed", N_("closed")},
	/* The actions' standard phrases come from the server with a case
	 * (case_actions); these name them inside its refusals. */
	{LABEL_CASE_ACTION, "accept", N_("accept the application")},
	{LABEL_CASE_ACTION, "refuse", N_("not accept the application")},
	{LABEL_CASE_ACTION, "verify_pass", N_("pass verification")},
	{LABEL_CASE_ACTION, "verify_fail", N_("fail verification")},
	{LABEL_CASE_ACTION, "supervise_pass", N_("pass supervision")},
	{LABEL_CASE_ACTION, "approve", N_("grant assistance")},
	{LABEL_CASE_ACTION, "reject", N_("refuse assistance")},
	{LABEL_CASE_ACTION, "file", N_("file the case")},
	{LABEL_CASE_ACTION, "return", N_("return to the previous stage")},
	{LABEL_CASE_ACTION, "withdraw", N_("withdraw the application")},
	{LABEL_CASE_ACTION, "check_pass", N_("pass the check")},
	{LABEL_CASE_ACTION, "check_fail", N_("fail the check")},
};
#define LABEL_COUNT (sizeof labels / sizeof labels[0])

static const struct label *find(enum label_kind kind, const char *code)
{
	for (size_t i = 0; code && i < LABEL_COUNT; i++)
		if (labels[i].kind == kind && strcmp(labels[i].code, code) == 0)
			return &labels[i];
	return NULL;
}

const char *label_of(enum label_kind kind, const char *code)
{
	const struct label *l = find(kind, code);
	return l ? l->msgid : N_("(unknown)");
}

bool label_known(enum label_kind kind, const char *code)
{
	return find(kind, code) != NULL;
}

const char *label_code(enum label_kind kind, int n)
{
	for (size_t i = 0; i < LABEL_COUNT; i++)
		if (labels[i].kind == kind && n-- == 0)
			return labels[i].code;
	return NULL;
}

const char *label_first(const enum label_kind *kinds, int n, const char *code)
{
	const char *best = NULL;
	int rank = n;
	for (size_t i = 0; code && i < LABEL_COUNT; i++) {
		if (labels[i].code[0] != code[0] || strcmp(labels[i].code, code) != 0)
			continue;
		for (int k = 0; k < rank; k++)
			if (kinds[k] == labels[i].kind) {
				best = labels[i].msgid;
				rank = k;
				break;
			}
	}
	return best;
}
