/* match_explain.c - the reasons of a menu, in words a clerk can read back.
 *
 * Every condition evaluated for an item becomes one line: a mark (satisfied,
 * not satisfied, not known), the household's value and the parameter's value
 * with its reference, and for an unmet numeric condition the margin by which
 * it failed ("人均月收入 412.50 < 农村低保标准 755.00"). */
#include "onedoor/match.h"

#include "onedoor/civil_date.h"
#include "onedoor/i18n.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct explainer {
	const struct matcher *m;
	const struct hh_input *in;
	bool zh;
	struct strbuf *out;
	uint64_t cited[8]; /* parameters whose reference was given already */
	struct rule_cond *conds; /* this explanation's condition records */
	uint32_t gen;
};

static const struct rule_node *nd(const struct matcher *m, int i)
{
	return &m->cat->arena.nodes[i];
}

static bool money_fact(int f)
{
	switch ((enum hh_fact)f) {
	case HF_INCOME:
	case HF_PER_CAPITA_INCOME:
	case HF_EXPENSE_PER_CAPITA_INCOME:
	case HF_EXEMPTED_SUPPORT:
	case HF_DEPOSITS:
	case HF_DEPOSITS_PER_CAPITA:
	case HF_MEDICAL_SELFPAID:
	case HF_EDUCATION_SPENDING:
		return true;
	default:
		return false;
	}
}

/* Whether a number is an amount of money (shown with fen). */
static bool is_money(const struct matcher *m, int i)
{
	if (i < 0)
		return false;
	const struct rule_node *n = nd(m, i);
	switch ((enum rule_op)n->op) {
	case OP_HFACT:
		return money_fact((int)n->v);
	case OP_AFACT:
	case OP_MFACT:
		return n->v == MF_INCOME || n->v == MF_SUPPORT_PAID;
	case OP_PARAM:
		return strcmp(m->cat->params[n->v].unit, "yuan") == 0;
	case OP_NUM:
		return false;
	default:
		return is_money(m, n->a) || is_money(m, n->b) || is_money(m, n->c);
	}
}

static void put_number(struct strbuf *out, dec_t v, bool money)
{
	char text[DEC_TEXT_SIZE];
	if (money || v % DEC_SCALE == 0) {
		dec_format(v, money ? 2 : 0, text);
	} else {
		dec_format(v, 4, text);
		size_t n = strlen(text);
		while (n > 0 && text[n - 1] == '0')
			text[--n] = '\0';
	}
	strbuf_append(out, text);
}

/* The words for an enumerated value: msgid "domain=value", so that a
 * translation can say 农村 where English says rural. */
static const char *const value_msgids[DOM_COUNT][9] = {
	[DOM_LEGAL_MATTER] = {N_("legal_matter=none"), N_("legal_matter=labour_pay"), N_("legal_matter=injury"), N_("legal_matter=family"), N_("legal_matter=crime_victim"), N_("legal_matter=other"), NULL},
	[DOM_NONE] = {NULL},
	[DOM_HUKOU] = {N_("hukou=urban"), N_("hukou=rural"), NULL},
	[DOM_SEX] = {N_("sex=male"), N_("sex=female"), NULL},
	[DOM_RELATION] = {N_("relation=self"), N_("relation=spouse"), N_("relation=child"), N_("relation=parent"), N_("relation=grandparent"), N_("relation=grandchild"), N_("relation=sibling"), N_("relation=other"), NULL},
	[DOM_STATUS] = {N_("status=normal"), N_("status=deceased"), N_("status=imprisoned"), N_("status=missing"), NULL},
	[DOM_DISABILITY] = {N_("disability=none"), N_("disability=physical"), N_("disability=visual"), N_("disability=hearing"), N_("disability=speech"), N_("disability=intellectual"), N_("disability=mental"), N_("disability=multiple"), NULL},
	[DOM_ILLNESS] = {N_("illness=none"), N_("illness=chronic"), N_("illness=serious"), NULL},
	[DOM_LABOUR] = {N_("labour=full"), N_("labour=partial"), N_("labour=none"), NULL},
	[DOM_SCHOOL] = {N_("school=none"), N_("school=preschool"), N_("school=primary"), N_("school=junior"), N_("school=senior"), N_("school=vocational"), N_("school=college"), NULL},
	[DOM_EMPLOYMENT] = {N_("employment=employed"), N_("employment=self_employed"), N_("employment=farming"), N_("employment=unemployed"), N_("employment=retired"), N_("employment=none"), NULL},
	[DOM_EMERGENCY] = {N_("emergency=none"), N_("emergency=disaster"), N_("emergency=fire"), N_("emergency=accident"), N_("emergency=sudden_illness"), NULL},
};

static const char *value_words(enum hh_domain dom, int64_t v)
{
	const char *msgid = value_msgids[dom][v];
	const char *words = msgid ? _(msgid) : NULL;
	if (!words)
		return hh_domain_values(dom)[v];
	/* untranslated: the value's own name, after the '=' */
	const char *eq = words == msgid ? strchr(msgid, '=') : NULL;
	return eq ? eq + 1 : words;
}

static void put_value(struct explainer *x, int i, struct rule_value v)
{
	const struct rule_node *n = nd(x->m, i);
	if (v.why.kind != WHY_NONE) {
		strbuf_append(x->out, "?");
		return;
	}
	switch ((enum rule_type)n->type) {
	case RT_NUM:
		put_number(x->out, v.v, is_money(x->m, i));
		break;
	case RT_BOOL:
		strbuf_append(x->out, v.v ? _("yes") : _("no"));
		break;
	case RT_ENUM:
		strbuf_append(x->out, value_words((enum hh_domain)n->domain, v.v));
		break;
	}
}

static const char *item_name(const struct explainer *x, int i)
{
	const struct cat_item *it = &x->m->cat->items[i];
	return x->zh ? it->name_zh : it->name_en;
}

/* The branch an if-then-else took for this household (-1 if unknown). */
static int if_branch(struct explainer *x, const struct rule_node *n)
{
	const struct matcher *m = x->m;
	struct rule_env env = {&m->facts, m->params, m->param_ok, m->verdicts, m->holds, NULL,
			       m->gen, NULL};
	struct rule_value c = rule_eval(&m->cat->arena, n->a, &env);
	if (c.why.kind != WHY_NONE)
		return -1;
	return c.v ? n->b : n->c;
}

static void put_words(struct explainer *x, int i, bool paren);
static const char *op_text(enum rule_op op);

/* The words for an operand: a fact's label, a parameter's name, the taken
 * branch of an if, "A × B" for arithmetic, or the rule's own text. */
static void put_label(struct explainer *x, int i)
{
	const struct rule_node *n = nd(x->m, i);
	switch ((enum rule_op)n->op) {
	case OP_NUM:
		put_number(x->out, n->v, false);
		return;
	case OP_ENUM:
	case OP_BOOL:
		return;
	case OP_HFACT:
		strbuf_append(x->out, _(hh_fact_info((enum hh_fact)n->v)->label));
		return;
	case OP_AFACT:
		strbuf_printf(x->out, "%s%s", _("applicant's "),
			      _(hm_fact_info((enum hm_fact)n->v)->label));
		return;
	case OP_PARAM: {
		const struct cat_param *p = &x->m->cat->params[n->v];
		strbuf_append(x->out, x->zh ? p->label_zh : p->label_en);
		return;
	}
	case OP_ITEM:
		strbuf_printf(x->out, _("qualifies for %s"), item_name(x, (int)n->v));
		return;
	case OP_HOLDS:
		strbuf_printf(x->out, _("already receives %s"), item_name(x, (int)n->v));
		return;
	case OP_IF: {
		int branch = if_branch(x, n);
		if (branch >= 0) {
			put_label(x, branch);
			return;
		}
		/* The test is missing: both branches, in words.  (Leaving it to
		 * put_words, which hands an if back here, looped for ever:
		 * tests/fuzz/crashes/household.) */
		strbuf_append(x->out, _("if "));
		put_words(x, n->a, true);
		strbuf_append(x->out, _(" then "));
		put_words(x, n->b, true);
		strbuf_append(x->out, _(" else "));
		put_words(x, n->c, true);
		return;
	}
	case OP_ADD:
	case OP_SUB:
	case OP_MUL:
	case OP_DIV: {
		static const char *const signs[] = {" + ", " - ", " × ", " ÷ "};
		put_label(x, n->a);
		strbuf_append(x->out, signs[n->op - OP_ADD]);
		put_label(x, n->b);
		return;
	}
	default:
		break;
	}
	put_words(x, i, false);
}

/* A sub-expression in words: facts and parameters by their labels, values
 * by their names, aggregates as "count of members where ...", so that a
 * condition reads as a sentence rather than as the rule's source. */
static void put_words(struct explainer *x, int i, bool paren)
{
	const struct rule_node *n = nd(x->m, i);
	switch ((enum rule_op)n->op) {
	case OP_NUM:
		put_number(x->out, n->v, false);
		return;
	case OP_BOOL:
		strbuf_append(x->out, n->v ? _("yes") : _("no"));
		return;
	case OP_ENUM:
		strbuf_append(x->out, value_words((enum hh_domain)n->domain, n->v));
		return;
	case OP_MFACT:
		strbuf_append(x->out, _(hm_fact_info((enum hm_fact)n->v)->label));
		return;
	case OP_HFACT:
	case OP_AFACT:
	case OP_PARAM:
	case OP_ITEM:
	case OP_HOLDS:
	case OP_IF:
		put_label(x, i);
		return;
	case OP_ADD:
	case OP_SUB:
	case OP_MUL:
	case OP_DIV:
		if (paren)
			strbuf_append(x->out, "(");
		put_label(x, i);
		if (paren)
			strbuf_append(x->out, ")");
		return;
	case OP_NEG:
		strbuf_append(x->out, "-");
		put_words(x, n->a, true);
		return;
	case OP_NOT:
		strbuf_append(x->out, _("not "));
		put_words(x, n->a, true);
		return;
	case OP_AND:
	case OP_OR:
		if (paren)
			strbuf_append(x->out, "(");
		put_words(x, n->a, nd(x->m, n->a)->op == OP_OR && n->op == OP_AND);
		strbuf_append(x->out, n->op == OP_AND ? _(" and ") : _(" or "));
		put_words(x, n->b, nd(x->m, n->b)->op == OP_OR && n->op == OP_AND);
		if (paren)
			strbuf_append(x->out, ")");
		return;
	case OP_LT:
	case OP_LE:
	case OP_GT:
	case OP_GE:
	case OP_EQ:
	case OP_NE:
		put_words(x, n->a, true);
		strbuf_printf(x->out, " %s ", op_text((enum rule_op)n->op));
		put_words(x, n->b, true);
		return;
	case OP_COUNT:
		strbuf_append(x->out, _("members with "));
		break;
	case OP_ANY:
		strbuf_append(x->out, _("some member with "));
		break;
	case OP_ALL:
		strbuf_append(x->out, _("every member with "));
		break;
	case OP_SUM:
		strbuf_append(x->out, _("total of "));
		break;
	case OP_MIN:
		strbuf_append(x->out, _("least "));
		break;
	case OP_MAX:
		strbuf_append(x->out, _("greatest "));
		break;
	}
	/* aggregates: the body, then its where-condition */
	strbuf_append(x->out, "[");
	put_words(x, n->a, false);
	if (n->b >= 0) {
		strbuf_append(x->out, _(" where "));
		put_words(x, n->b, false);
	}
	strbuf_append(x->out, "]");
}

/* The value of any node for this household, for formulas. */
static struct rule_value value_of(struct explainer *x, int i)
{
	const struct matcher *m = x->m;
	struct rule_env env = {&m->facts, m->params, m->param_ok, m->verdicts, m->holds, NULL,
			       m->gen, NULL};
	return rule_eval(&m->cat->arena, i, &env);
}

static bool additive(struct explainer *x, int i)
{
	/* an if shows as the branch it took: "a - (if .. then b - c ..)" needs
	 * the brackets its branch b - c needs */
	while (i >= 0 && nd(x->m, i)->op == OP_IF)
		i = if_branch(x, nd(x->m, i));
	if (i < 0)
		return false;
	enum rule_op op = (enum rule_op)nd(x->m, i)->op;
	return op == OP_ADD || op == OP_SUB;
}

/* An amount formula with each operand's words and value:
 * "(农村低保标准 575.00 - 人均月收入 0.00) × 家庭人口 1". */
static void put_formula(struct explainer *x, int i, bool paren)
{
	const struct rule_node *n = nd(x->m, i);
	switch ((enum rule_op)n->op) {
	case OP_ADD:
	case OP_SUB:
	case OP_MUL:
	case OP_DIV: {
		static const char *const signs[] = {" + ", " - ", " × ", " ÷ "};
		bool mul = n->op == OP_MUL || n->op == OP_DIV;
		if (paren)
			strbuf_append(x->out, "(");
		put_formula(x, n->a, mul && additive(x, n->a));
		strbuf_append(x->out, signs[n->op - OP_ADD]);
		put_formula(x, n->b,
			    ((mul || n->op == OP_SUB) && additive(x, n->b)) ||
				    (n->op == OP_DIV && nd(x->m, n->b)->op == OP_MUL));
		if (paren)
			strbuf_append(x->out, ")");
		return;
	}
	case OP_IF: {
		int branch = if_branch(x, n);
		if (branch >= 0) {
			put_formula(x, branch, paren);
			return;
		}
		break;
	}
	case OP_NUM:
		put_number(x->out, n->v, false);
		return;
	default:
		break;
	}
	put_label(x, i);
	strbuf_append(x->out, " ");
	put_value(x, i, value_of(x, i));
}

/* Whether an operand has words of its own (a plain number has none). */
/* The level of a region code (GB/T 2260: SSCCDD; 000000 is the whole
 * country), as a catalogue value applies at that level. */
static const char *region_level(const char *region)
{
	if (strcmp(region, "000000") == 0)
		return N_("nationwide");
	if (strcmp(region + 2, "0000") == 0)
		return N_("province-wide");
	if (strcmp(region + 4, "00") == 0)
		return N_("city-wide");
	return N_("county-wide");
}

static bool has_label(const struct explainer *x, int i)
{
	enum rule_op op = (enum rule_op)nd(x->m, i)->op;
	return op != OP_NUM && op != OP_ENUM && op != OP_BOOL;
}

/* Appends "（依据：REF，REGION 自 DATE 起）" for each parameter under node i. */
static void put_references(struct explainer *x, int i)
{
	if (i < 0)
		return;
	const struct rule_node *n = nd(x->m, i);
	if (n->op == OP_PARAM) {
		int row = x->m->param_row[n->v];
		if (row < 0)
			return;
		/* Each reference once per item: the first line that uses it. */
		if (n->v < 512) {
			uint64_t bit = UINT64_C(1) << (n->v % 64);
			if (x->cited[n->v / 64] & bit)
				return;
			x->cited[n->v / 64] |= bit;
		}
		const struct cat_param_value *pv = &x->m->cat->params[n->v].values[row];
		/* The value's level, not its region code (GB/T 2260), which
		 * no one at a window reads: the reference names the body. */
		char from[CDATE_TEXT_SIZE];
		cdate_format(pv->from, from);
		const char *label = x->zh ? x->m->cat->params[n->v].label_zh
					  : x->m->cat->params[n->v].label_en;
		if (x->m->plain)
			strbuf_printf(x->out, _(" [%s: %s; from %s]"), label, pv->reference, from);
		else
			strbuf_printf(x->out, _(" [%s: %s; %s from %s]"), label, pv->reference,
				      _(region_level(pv->region)), from);
		return;
	}
	if (n->op == OP_COUNT || n->op == OP_SUM || n->op == OP_MIN || n->op == OP_MAX ||
	    n->op == OP_ANY || n->op == OP_ALL) {
		put_references(x, n->a);
		put_references(x, n->b);
		return;
	}
	if (n->op == OP_IF) {
		put_references(x, if_branch(x, n));
		return;
	}
	if (n->op >= OP_NEG) {
		put_references(x, n->a);
		put_references(x, n->b);
		put_references(x, n->c);
	}
}

static const char *op_text(enum rule_op op)
{
	switch (op) {
	case OP_LT: return "<";
	case OP_LE: return "≤";
	case OP_GT: return ">";
	case OP_GE: return "≥";
	case OP_EQ: return "=";
	case OP_NE: return "≠";
	default: return "?";
	}
}

/* The members an aggregate counted ("count(...)" and "any(...)"), by name:
 * the clerk hears who, not only how many. */
static void put_members(struct explainer *x, int i)
{
	const struct rule_node *n = nd(x->m, i);
	if (n->op != OP_COUNT && n->op != OP_ANY)
		return;
	const struct matcher *m = x->m;
	struct rule_env env = {&m->facts, m->params, m->param_ok, m->verdicts, m->holds, NULL,
			       m->gen, NULL};
	int shown = 0;
	for (int k = 0; k < m->facts.count; k++) {
		struct rule_value v = rule_eval_member(&m->cat->arena, n->a, &env, k);
		if (v.why.kind != WHY_NONE || !v.v)
			continue;
		strbuf_append(x->out, shown++ ? _(", ") : _(" — "));
		if (x->in && *x->in->m[k].name)
			strbuf_append(x->out, x->in->m[k].name);
		else
			strbuf_printf(x->out, _("member %d"), k + 1);
	}
}

/* One condition line; returns 1 when the condition is unmet (known). */
static int put_condition(struct explainer *x, int i, const struct rule_cond *c)
{
	const struct rule_node *n = nd(x->m, i);
	bool known = c->outcome >= 0;
	bool met = known && ((c->outcome == 1) != (n->neg != 0));
	strbuf_append(x->out, !known ? "? " : met ? "✓ " : "✗ ");
	if (n->neg)
		strbuf_append(x->out, _("not: "));
	bool comparison = n->op >= OP_LT && n->op <= OP_NE;
	if (comparison) {
		if (has_label(x, n->a)) {
			put_label(x, n->a);
			strbuf_append(x->out, " ");
		}
		put_value(x, n->a, c->l);
		strbuf_printf(x->out, " %s ", op_text((enum rule_op)n->op));
		if (has_label(x, n->b)) {
			put_label(x, n->b);
			strbuf_append(x->out, " ");
		}
		put_value(x, n->b, c->r);
		put_members(x, n->a);
		if (known && !met && !n->neg && nd(x->m, n->a)->type == RT_NUM &&
		    n->op != OP_EQ && n->op != OP_NE) {
			dec_t gap = c->l.v - c->r.v;
			if (gap < 0)
				gap = -gap;
			if (gap != 0) {
				strbuf_append(x->out, _(" (off by "));
				put_number(x->out, gap,
					   is_money(x->m, n->a) || is_money(x->m, n->b));
				/* The closing bracket of the same language as the
				 * opening one (（相差 ...） in Chinese). */
				strbuf_append(x->out, _(")"));
			}
		}
	} else {
		put_label(x, i);
		strbuf_append(x->out, ": ");
		put_value(x, i, c->l);
		put_members(x, i);
	}
	if (!known) {
		strbuf_append(x->out, _(" - missing: "));
		struct rule_why why = c->l.why.kind != WHY_NONE ? c->l.why : c->r.why;
		match_describe_missing(x->m, x->in, why, x->zh, x->out);
	}
	put_references(x, comparison ? n->a : -1);
	put_references(x, comparison ? n->b : i);
	strbuf_append(x->out, "\n");
	return known && !met;
}

/* The outcome recorded for a visible yes/no node this round (-1 unknown
 * or not evaluated). */
static int outcome(const struct explainer *x, int i)
{
	const struct rule_node *n = nd(x->m, i);
	if (n->cond < 0 || x->conds[n->cond].gen != x->gen)
		return -1;
	return x->conds[n->cond].outcome;
}

/* Lines for the conditions under node i, left to right.  A satisfied "or"
 * shows only the alternative that satisfied it: a clerk needs the reason
 * that holds, not the seven that did not.  Returns the unmet count. */
static int put_conditions(struct explainer *x, int i)
{
	if (i < 0)
		return 0;
	const struct rule_node *n = nd(x->m, i);
	switch ((enum rule_op)n->op) {
	case OP_AND:
		return put_conditions(x, n->a) + put_conditions(x, n->b);
	case OP_OR:
		if (!n->neg && outcome(x, i) == 1)
			return put_conditions(x, outcome(x, n->a) == 1 ? n->a : n->b);
		return put_conditions(x, n->a) + put_conditions(x, n->b);
	case OP_NOT:
		return put_conditions(x, n->a);
	case OP_IF:
		return put_conditions(x, n->b) + put_conditions(x, n->c);
	default:
		break;
	}
	if (n->cond < 0 || x->conds[n->cond].gen != x->gen)
		return 0;
	return put_condition(x, i, &x->conds[n->cond]);
}

/* A parameter's name for a person, in the language asked. */
static const char *x_param_label(const struct matcher *m, int index, bool zh)
{
	const struct cat_param *p = &m->cat->params[index];
	return zh && p->label_zh && *p->label_zh ? p->label_zh : p->label_en;
}

void match_describe_missing(const struct matcher *m, const struct hh_input *in,
			    struct rule_why why, bool zh, struct strbuf *out)
{
	switch ((enum rule_why_kind)why.kind) {
	case WHY_NONE:
		break;
	case WHY_FACT:
		if (why.member == 0 && m->plain) {
			const struct hh_fact_info *k = hh_key_info((enum hh_key)why.index);
			strbuf_printf(out, _("household: %s not entered"), _(k->label));
		} else if (why.member == 0) {
			const struct hh_fact_info *k = hh_key_info((enum hh_key)why.index);
			strbuf_printf(out, _("[household] %s (%s) not entered"), _(k->label), k->name);
		} else {
			const struct hh_fact_info *k = hm_key_info((enum hm_key)why.index);
			const char *name = in && why.member <= in->count ? in->m[why.member - 1].name : "";
			if (*name && m->plain)
				strbuf_printf(out, _("member %d (%s): %s not entered"), why.member, name,
					      _(k->label));
			else if (*name)
				strbuf_printf(out, _("member %d (%s): %s (%s) not entered"), why.member,
					      name, _(k->label), k->name);
			else if (m->plain)
				strbuf_printf(out, _("member %d: %s not entered"), why.member,
					      _(k->label));
			else
				strbuf_printf(out, _("member %d: %s (%s) not entered"), why.member,
					      _(k->label), k->name);
		}
		break;
	case WHY_PARAM: {
		char day[CDATE_TEXT_SIZE];
		cdate_format(m->date, day);
		if (m->plain)
			strbuf_printf(out, _("the standard \"%s\" has no value here on %s"),
				      x_param_label(m, why.index, zh), day);
		else
			strbuf_printf(out, _("parameter %s has no value for region %s on %s"),
				      m->cat->params[why.index].code, m->region, day);
		break;
	}
	case WHY_ITEM: {
		const struct cat_item *it = &m->cat->items[why.index];
		strbuf_printf(out, _("the verdict for %s lacks data"), zh ? it->name_zh : it->name_en);
		break;
	}
	case WHY_ARITH:
		strbuf_append(out, _("a calculation overflowed or divided by zero"));
		break;
	}
}

/* Evaluates a rule again, this time keeping every condition's record. */
static void record_rule(struct explainer *x, int root)
{
	const struct matcher *m = x->m;
	x->conds = xcalloc((size_t)m->cat->arena.conds + 1, sizeof *x->conds);
	x->gen = 1;
	struct rule_env env = {&m->facts, m->params, m->param_ok, m->verdicts, m->holds, x->conds,
			       x->gen, NULL};
	rule_eval(&m->cat->arena, root, &env);
}

/* How the income in a rule was counted, when it was not simply everyone's
 * income: the single-person basis, exempted support, deductions. */
static void put_income_basis(struct explainer *x, const struct cat_item *it)
{
	const struct hh_facts *f = &x->m->facts;
	bool uses_income = false;
	for (int i = it->cond_first; i < it->cond_end; i++) {
		const struct rule_node *n = nd(x->m, i);
		uses_income |= n->op == OP_HFACT &&
			       (n->v == HF_INCOME || n->v == HF_PER_CAPITA_INCOME ||
				n->v == HF_EXPENSE_PER_CAPITA_INCOME);
	}
	if (!uses_income || f->hmiss[HF_INCOME].key != HH_NOT_MISSING)
		return;
	if (f->h[HF_SINGLE_PERSON])
		strbuf_append(x->out, _("· counted as a single-person household: the applicant "
					"alone, as a severely disabled adult\n"));
	if (f->h[HF_EXEMPTED_SUPPORT] > 0) {
		char amount[DEC_TEXT_SIZE], age[DEC_TEXT_SIZE];
		dec_format(f->h[HF_EXEMPTED_SUPPORT], 2, amount);
		dec_format(x->m->params[x->m->cat->fact_param[0]], 0, age);
		strbuf_printf(x->out, _("· support paid by members aged %s or over is exempted: "
					"%s a month not counted\n"),
			      age, amount);
	}
	if (f->h[HF_DEDUCTION_SHARE] > 0) {
		char share[DEC_TEXT_SIZE];
		dec_format(f->h[HF_DEDUCTION_SHARE] * 100, 0, share);
		strbuf_printf(x->out, _("· %s%% of the income deducted for serious illness, severe "
					"disability, single parenthood or old age\n"),
			      share);
	}
}

/* Whether nodes [first, end) read member fact f, directly or (for income)
 * through the household's income figures. */
static bool reads_member_fact(const struct matcher *m, int first, int end, int f)
{
	for (int i = first; i < end; i++) {
		const struct rule_node *n = nd(m, i);
		if ((n->op == OP_MFACT || n->op == OP_AFACT) && n->v == f)
			return true;
		if (f == MF_INCOME && n->op == OP_HFACT &&
		    (n->v == HF_INCOME || n->v == HF_PER_CAPITA_INCOME ||
		     n->v == HF_EXPENSE_PER_CAPITA_INCOME))
			return true;
	}
	return false;
}

static const char *inference_words(enum hh_inference why)
{
	switch (why) {
	case INF_NONE:
		break;
	case INF_UNDER_WORKING_AGE:
		return _("under 16, the minimum working age");
	case INF_UNDER_SCHOOL_AGE:
		return _("under 3, not of school age");
	case INF_COMPULSORY_SCHOOL:
		return _("of compulsory-schooling age");
	}
	return "";
}

/* The facts this item's rule read that were left blank and inferred from
 * the others ("inferred, not asked: 赵星 employment none (under 16)"), so
 * that the clerk can correct an inference the household contradicts. */
static void put_inferred(struct explainer *x, const struct cat_item *it)
{
	const struct matcher *m = x->m;
	const struct hh_facts *f = &m->facts;
	for (int k = 0; k < f->count; k++) {
		bool shown = false;
		for (int fact = 0; fact < MF_COUNT; fact++) {
			enum hh_inference why = (enum hh_inference)f->inferred[k][fact];
			if (why == INF_NONE ||
			    !(reads_member_fact(m, it->cond_first, it->cond_end, fact) ||
			      reads_member_fact(m, it->amount_first, it->amount_end, fact)))
				continue;
			if (!shown) {
				strbuf_append(x->out, _("· inferred, not asked: "));
				if (x->in && *x->in->m[k].name)
					strbuf_append(x->out, x->in->m[k].name);
				else
					strbuf_printf(x->out, _("member %d"), k + 1);
			}
			const struct hh_fact_info *info = hm_fact_info((enum hm_fact)fact);
			strbuf_printf(x->out, "%s%s ", shown ? _(", ") : _(" — "), _(info->label));
			if (info->type == HT_ENUM)
				strbuf_append(x->out, value_words(info->domain, f->m[k][fact]));
			else
				put_number(x->out, f->m[k][fact], fact == MF_INCOME);
			strbuf_printf(x->out, _(" (%s)"), inference_words(why));
			shown = true;
		}
		if (shown)
			strbuf_append(x->out, "\n");
	}
}

void match_explain_item(const struct matcher *m, const struct hh_input *in, int item, bool zh,
			struct strbuf *out)
{
	struct explainer x = {m, in, zh, out, {0}, NULL, 0};
	const struct cat_item *it = &m->cat->items[item];
	const struct match_item *r = &m->items[item];
	record_rule(&x, it->eligibility_root);
	int unmet = put_conditions(&x, it->eligibility_root);
	put_income_basis(&x, it);
	put_inferred(&x, it);
	if (r->verdict == VERDICT_MISSING) {
		strbuf_append(out, _("missing data: "));
		match_describe_missing(m, in, r->why, zh, out);
		strbuf_append(out, "\n");
	}
	if (r->verdict == VERDICT_NOT_ELIGIBLE && unmet == 1)
		strbuf_append(out, _("near miss: only one condition is not met\n"));
	if (r->held)
		strbuf_append(out, _("the household already receives this item\n"));
	if (r->excluded_by >= 0)
		strbuf_printf(out, _("cannot be held together with %s\n"),
			      item_name(&x, r->excluded_by));
	if (r->has_amount) {
		char amount[DEC_TEXT_SIZE];
		dec_format(r->amount, 2, amount);
		strbuf_printf(out,
			      strcmp(it->amount_period, "once") == 0 ? _("amount %s yuan, once = ")
								     : _("amount %s yuan a month = "),
			      amount);
		put_formula(&x, it->amount_root, false);
		put_references(&x, it->amount_root);
		strbuf_append(out, "\n");
	}
	if (r->review_months > 0)
		strbuf_printf(out, _("reviewed every %d months\n"), r->review_months);
	free(x.conds);
}

void match_explain_warning(const struct matcher *m, int warning, bool zh, struct strbuf *out)
{
	struct explainer x = {m, NULL, zh, out, {0}, NULL, 0};
	const struct cat_warning *w = &m->cat->warnings[warning];
	record_rule(&x, w->root);
	put_conditions(&x, w->root);
	free(x.conds);
}
