/* history_view.c - a household's history and reviews in words, apart from
 * curses (ui_views.h): the lines the history and reviews screens show. */
#include "onedoor/ui_views.h"

#include "onedoor/bank_account.h"
#include "onedoor/decimal.h"
#include "onedoor/i18n.h"
#include "onedoor/labels.h"

#include <stdio.h>
#include <string.h>

void view_yuan(long long fen, char *out, size_t n)
{
	if (fen < 0) {
		snprintf(out, n, "%s", "");
		return;
	}
	char amount[32];
	snprintf(amount, sizeof amount, "%lld.%02lld", fen / 100, fen % 100);
	snprintf(out, n, _("%s yuan"), amount);
}

void history_view_version(const struct history_change *c, char *out, size_t n)
{
	char no[32];
	snprintf(no, sizeof no, _("Version %d"), c->version);
	if (c->version <= 1)
		snprintf(out, n, "%s  %s  %s  %s", no, c->at, c->who, _("registered"));
	else
		snprintf(out, n, "%s  %s  %s  %s%s", no, c->at, c->who, _("reason: "), c->reason);
}

/* A stored value in words: a choice by its label, yes/no, an account
 * masked; "-" for none. */
static void value_words(const struct form_field *f, int lang, const char *v, char *out,
			size_t n)
{
	char account[BANK_ACCOUNT_SIZE], masked[BANK_ACCOUNT_SIZE];
	if (!*v)
		snprintf(out, n, "-");
	else if (!f)
		snprintf(out, n, "%s", v);
	else if (f->type == FT_CHOICE)
		snprintf(out, n, "%s", form_choice_label(f, v, lang));
	else if (f->type == FT_YESNO)
		snprintf(out, n, "%s", strcmp(v, "yes") == 0 ? _("yes") : _("no"));
	else if (f->type == FT_BANK_ACCOUNT && bank_account_parse(v, account) == BANK_ACCOUNT_OK) {
		bank_account_mask(account, masked);
		snprintf(out, n, "%s", masked);
	} else
		snprintf(out, n, "%s", v);
}

void history_view_change(const struct form_def *def, int lang, const struct history_change *c,
			 char *out, size_t n)
{
	char whose[128];
	if (!*c->key) {
		snprintf(out, n, "%s", "");
		return;
	}
	if (*c->member_name)
		snprintf(whose, sizeof whose, _("member %s"), c->member_name);
	else if (*c->member)
		snprintf(whose, sizeof whose, _("member %s"), c->member);
	else
		snprintf(whose, sizeof whose, "%s", _("household"));
	if (strcmp(c->key, "_added") == 0) {
		snprintf(out, n, _("%s: joined the household"), whose);
		return;
	}
	if (strcmp(c->key, "_removed") == 0) {
		snprintf(out, n, _("%s: left the household"), whose);
		return;
	}
	int i = def ? form_find(def, c->key) : -1;
	const struct form_field *f = i >= 0 ? &def->fields[i] : NULL;
	const char *label = f ? f->label[lang ? 1 : 0]
		: strcmp(c->key, "died_on") == 0 ? _("date of death") : _("another recorded fact");
	char before[160], after[160];
	value_words(f, lang, c->old_value, before, sizeof before);
	value_words(f, lang, c->new_value, after, sizeof after);
	snprintf(out, n, _("%s: %s %s -> %s"), whose, label, before, after);
}

void history_view_case(const struct history_case *c, const char *item_name, char *out,
		       size_t n)
{
	if (!*c->case_no) {
		snprintf(out, n, "%s", _(label_of(LABEL_APP_STATUS, c->app_status)));
		return;
	}
	char decision[192] = "", amount[48], state[96] = "";
	if (*c->outcome) {
		view_yuan(c->decided_fen, amount, sizeof amount);
		if (strcmp(c->outcome, "granted") == 0 && strcmp(c->period, "monthly") == 0)
			snprintf(decision, sizeof decision, _(" %s %s a month from %s"),
				 _(label_of(LABEL_DECISION, c->outcome)), amount, c->start_month);
		else if (strcmp(c->outcome, "granted") == 0)
			snprintf(decision, sizeof decision, " %s %s",
				 _(label_of(LABEL_DECISION, c->outcome)), amount);
		else
			snprintf(decision, sizeof decision, " %s",
				 _(label_of(LABEL_DECISION, c->outcome)));
	}
	/* A one-off grant is paid once, and a benefit in force is told above:
	 * only a monthly benefit suspended, stopped or expired is told here. */
	if (*c->benefit_state && strcmp(c->period, "monthly") == 0 &&
	    strcmp(c->benefit_state, "in_force") != 0)
		snprintf(state, sizeof state, _("; %s from %s"),
			 _(label_of(LABEL_BENEFIT, c->benefit_state)), c->state_from);
	/* Once decided, the decision says more than the stage. */
	snprintf(out, n, "%s %s%s%s%s", c->case_no, item_name,
		 *decision ? "" : " ", *decision ? "" : _(label_of(LABEL_STAGE, c->stage)), decision);
	snprintf(out + strlen(out), n - strlen(out), "%s", state);
}

bool history_view_benefit(const struct history_case *c, const char *item_name, char *out,
			  size_t n)
{
	/* A one-off grant is paid once: it is not something received. */
	if (strcmp(c->period, "monthly") != 0 ||
	    (strcmp(c->benefit_state, "in_force") != 0 && strcmp(c->benefit_state, "suspended") != 0))
		return false;
	char amount[48] = "";
	view_yuan(c->amount_now_fen, amount, sizeof amount);
	if (*amount)
		snprintf(out, n, _("%s: %s from %s, %s a month"), item_name,
			 _(label_of(LABEL_BENEFIT, c->benefit_state)), c->state_from, amount);
	else
		snprintf(out, n, _("%s: %s from %s"), item_name,
			 _(label_of(LABEL_BENEFIT, c->benefit_state)), c->state_from);
	return true;
}

void review_view_line(const struct review_row *r, char *out, size_t n)
{
	char what[640];
	if (strcmp(r->kind, "change") == 0) {
		char amount[48] = "";
		if (*r->engine_amount)
			snprintf(amount, sizeof amount, _(", %s yuan"), r->engine_amount);
		snprintf(what, sizeof what, _("%s (on the new facts: %s%s)"), r->cause,
			 *r->engine_verdict ? _(label_of(LABEL_VERDICT, r->engine_verdict)) : "-",
			 amount);
	} else {
		snprintf(what, sizeof what, _("due for %.7s"), r->period);
	}
	if (!*r->outcome) {
		snprintf(out, n, _("%s: %s"), _(label_of(LABEL_REVIEW_KIND, r->kind)), what);
		return;
	}
	char decided[256], amount[48];
	view_yuan(r->amount_fen, amount, sizeof amount);
	if (strcmp(r->outcome, "continue") == 0)
		snprintf(decided, sizeof decided, "%s", _(label_of(LABEL_REVIEW_OUTCOME, r->outcome)));
	else if (strcmp(r->outcome, "adjust") == 0)
		snprintf(decided, sizeof decided, _("%s to %s from %s"),
			 _(label_of(LABEL_REVIEW_OUTCOME, r->outcome)), amount, r->effective_month);
	else
		snprintf(decided, sizeof decided, _("%s from %s"),
			 _(label_of(LABEL_REVIEW_OUTCOME, r->outcome)), r->effective_month);
	snprintf(out, n, _("%s: %s -> %s on %s (%s)"), _(label_of(LABEL_REVIEW_KIND, r->kind)),
		 what, decided, r->decided_on, r->reason);
}

bool review_view_amount(const char *typed, char out[24])
{
	dec_t v;
	while (*typed == ' ')
		typed++;
	if (!*typed || *typed == '-' || !dec_parse(typed, &v) || v < 0)
		return false;
	/* Fen are the smallest unit paid: a third decimal is a typing error. */
	if (v % (DEC_SCALE / 100) != 0)
		return false;
	snprintf(out, 24, "%lld", (long long)(v / (DEC_SCALE / 100)));
	return true;
}

bool review_view_month(const char *typed, char out[8])
{
	int year = 0, month = 0, used = 0;
	while (*typed == ' ')
		typed++;
	if (strlen(typed) == 6 && strspn(typed, "0123456789") == 6) {
		year = (typed[0] - '0') * 1000 + (typed[1] - '0') * 100 + (typed[2] - '0') * 10 +
		       (typed[3] - '0');
		month = (typed[4] - '0') * 10 + (typed[5] - '0');
	} else if ((sscanf(typed, "%4d-%2d%n", &year, &month, &used) != 2 &&
		    sscanf(typed, "%4d/%2d%n", &year, &month, &used) != 2) ||
		   typed[used] != '\0' || strspn(typed, "0123456789") != 4) {
		return false;
	}
	if (year < 2000 || year > 2099 || month < 1 || month > 12)
		return false;
	snprintf(out, 8, "%04d-%02d", year, month);
	return true;
}
