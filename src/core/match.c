/* match.c - runs the catalogue's rules over one household. */
#include "onedoor/match.h"

#include "onedoor/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct matcher *matcher_new(const struct catalogue *cat)
{
	struct matcher *m = xcalloc(1, sizeof *m);
	size_t np = (size_t)cat->n_params + 1, ni = (size_t)cat->n_items + 1;
	m->cat = cat;
	m->params = xcalloc(np, sizeof *m->params);
	m->param_ok = xcalloc(np, 1);
	m->param_row = xcalloc(np, sizeof *m->param_row);
	m->verdicts = xcalloc(ni, 1);
	m->holds = xcalloc(ni, 1);
	m->items = xcalloc(ni, sizeof *m->items);
	m->warnings = xcalloc((size_t)cat->n_warnings + 1, sizeof *m->warnings);
	m->memo = xcalloc((size_t)cat->arena.memos + 1, sizeof *m->memo);
	m->date = -1; /* nothing resolved yet: no real application is day -1 */
	return m;
}

void matcher_free(struct matcher **mp)
{
	struct matcher *m = *mp;
	if (!m)
		return;
	free(m->params);
	free(m->param_ok);
	free(m->param_row);
	free(m->verdicts);
	free(m->holds);
	free(m->items);
	free(m->warnings);
	free(m->memo);
	free(m);
	*mp = NULL;
}

const char *match_verdict_code(uint8_t verdict)
{
	switch (verdict) {
	case VERDICT_ELIGIBLE:
		return "eligible";
	case VERDICT_NOT_ELIGIBLE:
		return "not_eligible";
	default:
		return "missing_data";
	}
}

/* Resolves every parameter for (region, date) unless already done. */
static void resolve(struct matcher *m, const char *region, int32_t date)
{
	if (date == m->date && memcmp(region, m->region, 7) == 0)
		return;
	memcpy(m->region, region, 7);
	m->date = date;
	const struct catalogue *cat = m->cat;
	for (int p = 0; p < cat->n_params; p++) {
		int row = catalogue_lookup(cat, p, region, date);
		m->param_row[p] = row;
		m->param_ok[p] = row >= 0;
		m->params[p] = row >= 0 ? cat->params[p].values[row].value : 0;
	}
}

/* Marks the items named in the comma-separated holds list. */
static void read_holds(struct matcher *m, const char *holds)
{
	memset(m->holds, 0, (size_t)m->cat->n_items);
	const char *s = holds;
	while (*s) {
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		int i = catalogue_find_item(m->cat, s, len);
		if (i >= 0)
			m->holds[i] = 1;
		s += len + (end != NULL);
	}
}

/* A rule's value for this round: its flat code, or the tree when it has none. */
static struct rule_value run(const struct catalogue *cat, int code, int root, struct rule_env *env)
{
	return code >= 0 ? rule_code_run(&cat->arena, code, env) : rule_eval(&cat->arena, root, env);
}

void matcher_run(struct matcher *m, const struct hh_input *in, int32_t date)
{
	const struct catalogue *cat = m->cat;
	char region[7] = "000000";
	if (in->present & (1u << HK_REGION))
		memcpy(region, in->region, 7);
	resolve(m, region, date);

	struct hh_fact_params fp;
	dec_t *fpv[9] = {&fp.exemption_age,	   &fp.exemption_share,
			 &fp.deduct_serious_illness, &fp.deduct_severe_disability,
			 &fp.deduct_single_parent,   &fp.deduct_elderly,
			 &fp.elderly_age,	   &fp.residence_years_min,
			 &fp.adult_age};
	for (int k = 0; k < 9; k++)
		*fpv[k] = m->params[cat->fact_param[k]];
	hh_facts_compute(in, date, &fp, &m->facts);
	read_holds(m, in->holds);

	/* a new round; gen 0 is "never", so a wrap starts the slots afresh */
	if (++m->gen == 0) {
		memset(m->memo, 0, ((size_t)cat->arena.memos + 1) * sizeof *m->memo);
		m->gen = 1;
	}
	/* No condition records while matching: explanations re-evaluate the
	 * one item someone reads, with records (match_explain.c). */
	struct rule_env env = {&m->facts, m->params, m->param_ok, m->verdicts, m->holds,
			       NULL,	  m->gen,	 m->memo};
	for (int k = 0; k < cat->n_items; k++) {
		int i = cat->order[k];
		const struct cat_item *it = &cat->items[i];
		struct match_item *r = &m->items[i];
		struct rule_value v = run(cat, it->eligibility_code, it->eligibility_root, &env);
		r->why = v.why;
		r->verdict = v.why.kind != WHY_NONE ? VERDICT_MISSING
			     : v.v		   ? VERDICT_ELIGIBLE
						   : VERDICT_NOT_ELIGIBLE;
		m->verdicts[i] = r->verdict;
		r->held = m->holds[i] != 0;
		r->has_amount = false;
		r->amount = 0;
		r->review_months = 0;
		if (r->verdict != VERDICT_ELIGIBLE)
			continue;
		if (it->amount_root >= 0) {
			struct rule_value a = run(cat, it->amount_code, it->amount_root, &env);
			if (a.why.kind == WHY_NONE) {
				r->has_amount = true;
				r->amount = dec_round(a.v < 0 ? 0 : a.v, 2);
			}
		}
		if (it->review_root >= 0) {
			/* whole months, 1 to 120: anything else is no review */
			struct rule_value rv = run(cat, it->review_code, it->review_root, &env);
			int64_t months = rv.v / DEC_SCALE;
			if (rv.why.kind == WHY_NONE && months >= 1 && months <= 120)
				r->review_months = (int)months;
		}
	}
	/* Mutually exclusive items: say which eligible or held item stands in
	 * the way, in both directions. */
	for (int i = 0; i < cat->n_items; i++) {
		const struct cat_item *it = &cat->items[i];
		m->items[i].excluded_by = -1;
		for (int k = 0; k < it->n_excludes; k++) {
			int x = it->exclude_index[k];
			if (m->items[x].verdict == VERDICT_ELIGIBLE || m->holds[x]) {
				m->items[i].excluded_by = x;
				break;
			}
		}
	}
	for (int w = 0; w < cat->n_warnings; w++) {
		struct rule_value v = run(cat, cat->warnings[w].code_entry, cat->warnings[w].root, &env);
		struct match_warning *r = &m->warnings[w];
		r->why = v.why;
		r->verdict = v.why.kind != WHY_NONE ? VERDICT_MISSING
			     : v.v		   ? VERDICT_ELIGIBLE
						   : VERDICT_NOT_ELIGIBLE;
		r->raised = r->verdict == VERDICT_ELIGIBLE;
	}
}
