/* match.h - matching one household against the catalogue: the menu.
 *
 * A matcher is made once per catalogue (matcher_new allocates every buffer
 * a match needs) and reused: matcher_run allocates nothing, so a window can
 * re-match on every keystroke and `discover` can stream a million
 * households through one matcher.  A matcher is not thread-safe; use one
 * per thread.  The results stay valid until the next matcher_run. */
#ifndef ONEDOOR_MATCH_H
#define ONEDOOR_MATCH_H

#include "onedoor/catalogue.h"
#include "onedoor/hh_facts.h"
#include "onedoor/strbuf.h"

#include <stdbool.h>

struct match_item {
	uint8_t verdict;      /* VERDICT_ELIGIBLE / VERDICT_NOT_ELIGIBLE / VERDICT_MISSING */
	struct rule_why why;  /* for VERDICT_MISSING: the first missing fact */
	bool held;            /* in the household's `holds` */
	bool has_amount;      /* eligible and the amount could be computed */
	dec_t amount;         /* yuan, rounded to fen; per month or once (item's period) */
	int excluded_by;      /* an eligible or held item this one cannot go with, or -1 */
	int review_months;    /* eligible: months until the periodic review, 0 none or
			       * not computable */
};

struct match_warning {
	bool raised;
	uint8_t verdict; /* as for items: raised, not raised, or not decidable */
	struct rule_why why;
};

struct matcher {
	const struct catalogue *cat;
	/* parameters resolved for (region, date), cached between households */
	char region[7];
	int32_t date;
	dec_t *params;
	uint8_t *param_ok;
	int *param_row;
	/* one household's round */
	struct hh_facts facts;
	uint8_t *verdicts, *holds;
	uint32_t gen;
	struct rule_memo *memo; /* the catalogue's shared subtrees, this round */
	struct match_item *items;
	struct match_warning *warnings;
	/* Explanations for a person at the window rather than for the author
	 * of a household file: no fact keys, no region codes (false by
	 * default; the screens set it). */
	bool plain;
};

/* `cat` must be finished and outlive the matcher. */
struct matcher *matcher_new(const struct catalogue *cat);
void matcher_free(struct matcher **m);

/* Matches `in` as an application on `date` (day number) in the household's
 * region ("000000" when none was entered).  Allocates nothing. */
void matcher_run(struct matcher *m, const struct hh_input *in, int32_t date);

/* Explanations, in the language of `zh` (true: Chinese).  Fact labels go
 * through gettext, catalogue texts are taken in the chosen language.  Each
 * reason is appended to *out as one line ending in '\n'.  These allocate
 * (they build text); call them only for households someone will read. */
void match_explain_item(const struct matcher *m, const struct hh_input *in, int item, bool zh,
			struct strbuf *out);
void match_explain_warning(const struct matcher *m, int warning, bool zh, struct strbuf *out);
/* "member 2 (王芳): wage income" / "parameter dibao_rural for 511703 on ..." */
void match_describe_missing(const struct matcher *m, const struct hh_input *in,
			    struct rule_why why, bool zh, struct strbuf *out);

const char *match_verdict_code(uint8_t verdict); /* "eligible", "not_eligible", "missing_data" */

#endif
