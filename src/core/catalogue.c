/* catalogue.c - building, checking and querying the catalogue. */
#include "onedoor/catalogue.h"

#include "onedoor/civil_date.h"
#include "onedoor/i18n.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The parameters the fact computation reads (struct hh_fact_params order). */
static const char *const fact_param_codes[9] = {
	"exemption_age",	  "exemption_share", "deduct_serious_illness",
	"deduct_severe_disability", "deduct_single_parent", "deduct_elderly",
	"elderly_age",		  "residence_years_min", "adult_age",
};

struct catalogue *catalogue_new(void)
{
	struct catalogue *cat = xcalloc(1, sizeof *cat);
	rule_arena_init(&cat->arena);
	return cat;
}

static char *dup_or_empty(const char *s)
{
	return xstrdup(s ? s : "");
}

static char **dup_list(char *const *list, int n)
{
	char **out = xcalloc((size_t)(n > 0 ? n : 1), sizeof *out);
	for (int i = 0; i < n; i++)
		out[i] = xstrdup(list[i]);
	return out;
}

static void free_list(char **list, int n)
{
	for (int i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

void catalogue_free(struct catalogue **catp)
{
	struct catalogue *cat = *catp;
	if (!cat)
		return;
	for (int i = 0; i < cat->n_items; i++) {
		struct cat_item *it = &cat->items[i];
		char *strings[] = {it->code,	     it->name_zh,	it->name_en,
				   it->department,   it->kind,		it->scope,
				   it->legal_basis,  it->target_group,	it->process,
				   it->standard_text, it->eligibility,	it->amount,
				   it->amount_period, it->review_months, it->file};
		for (size_t k = 0; k < sizeof strings / sizeof strings[0]; k++)
			free(strings[k]);
		free_list(it->materials, it->n_materials);
		free_list(it->excludes, it->n_excludes);
		free(it->exclude_index);
	}
	free(cat->items);
	for (int i = 0; i < cat->n_params; i++) {
		struct cat_param *p = &cat->params[i];
		for (int v = 0; v < p->n_values; v++) {
			free(p->values[v].reference);
			free(p->values[v].file);
		}
		free(p->values);
		free(p->code);
		free(p->label_zh);
		free(p->label_en);
		free(p->unit);
		free(p->file);
	}
	free(cat->params);
	for (int i = 0; i < cat->n_warnings; i++) {
		struct cat_warning *w = &cat->warnings[i];
		free(w->code);
		free(w->name_zh);
		free(w->name_en);
		free(w->rule);
		free(w->message_zh);
		free(w->message_en);
		free(w->departments);
		free(w->file);
	}
	free(cat->warnings);
	free(cat->order);
	rule_arena_free(&cat->arena);
	free(cat);
	*catp = NULL;
}

int catalogue_find_item(const struct catalogue *cat, const char *code, size_t len)
{
	for (int i = 0; i < cat->n_items; i++)
		if (strlen(cat->items[i].code) == len && memcmp(cat->items[i].code, code, len) == 0)
			return i;
	return -1;
}

int catalogue_find_param(const struct catalogue *cat, const char *code, size_t len)
{
	for (int i = 0; i < cat->n_params; i++)
		if (strlen(cat->params[i].code) == len &&
		    memcmp(cat->params[i].code, code, len) == 0)
			return i;
	return -1;
}

static int find_warning(const struct catalogue *cat, const char *code)
{
	for (int i = 0; i < cat->n_warnings; i++)
		if (strcmp(cat->warnings[i].code, code) == 0)
			return i;
	return -1;
}

/* Codes are lower-case ASCII names, as the database's CHECK wants them. */
static bool code_ok(const char *code)
{
	size_t n = strlen(code);
	if (n < 2 || n > 48 || code[0] < 'a' || code[0] > 'z')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((code[i] >= 'a' && code[i] <= 'z') || (code[i] >= '0' && code[i] <= '9') ||
		      code[i] == '_'))
			return false;
	return true;
}

enum od_status catalogue_add_item(struct catalogue *cat, const struct cat_item *def,
				  struct diag *d)
{
	const char *file = def->file ? def->file : "";
	if (!def->code || !code_ok(def->code))
		return diag_at(d, OD_ERR_VALUE, file, def->line,
			       _("item code \"%s\" must be 2-48 lower-case letters, digits or _"),
			       def->code ? def->code : "");
	int again = catalogue_find_item(cat, def->code, strlen(def->code));
	if (again >= 0)
		return diag_at(d, OD_ERR_DUPLICATE, file, def->line,
			       _("item %s is defined again (first in %s:%d)"), def->code,
			       cat->items[again].file, cat->items[again].line);
	if (cat->n_items == cat->cap_items) {
		cat->cap_items = cat->cap_items ? cat->cap_items * 2 : 32;
		cat->items = xreallocarray(cat->items, (size_t)cat->cap_items, sizeof *cat->items);
	}
	struct cat_item *it = &cat->items[cat->n_items++];
	*it = *def;
	it->code = xstrdup(def->code);
	it->name_zh = dup_or_empty(def->name_zh);
	it->name_en = dup_or_empty(def->name_en);
	it->department = dup_or_empty(def->department);
	it->kind = dup_or_empty(def->kind);
	it->scope = dup_or_empty(def->scope);
	it->legal_basis = dup_or_empty(def->legal_basis);
	it->target_group = dup_or_empty(def->target_group);
	it->process = dup_or_empty(def->process);
	it->standard_text = dup_or_empty(def->standard_text);
	it->eligibility = dup_or_empty(def->eligibility);
	it->amount = dup_or_empty(def->amount);
	it->amount_period = xstrdup(def->amount_period && *def->amount_period ? def->amount_period
									      : "monthly");
	it->review_months = dup_or_empty(def->review_months);
	it->file = xstrdup(file);
	it->materials = dup_list(def->materials, def->n_materials);
	it->excludes = dup_list(def->excludes, def->n_excludes);
	it->exclude_index = NULL;
	it->eligibility_root = it->amount_root = it->review_root = -1;
	return OD_OK;
}

enum od_status catalogue_add_param(struct catalogue *cat, const char *code, const char *label_zh,
				   const char *label_en, const char *unit, const char *file,
				   int line, struct diag *d)
{
	if (!code_ok(code))
		return diag_at(d, OD_ERR_VALUE, file, line,
			       _("parameter code \"%s\" must be lower-case letters, digits or _"),
			       code);
	int again = catalogue_find_param(cat, code, strlen(code));
	if (again >= 0)
		return diag_at(d, OD_ERR_DUPLICATE, file, line,
			       _("parameter %s is defined again (first in %s:%d)"), code,
			       cat->params[again].file, cat->params[again].line);
	if (cat->n_params == cat->cap_params) {
		cat->cap_params = cat->cap_params ? cat->cap_params * 2 : 32;
		cat->params =
			xreallocarray(cat->params, (size_t)cat->cap_params, sizeof *cat->params);
	}
	struct cat_param *p = &cat->params[cat->n_params++];
	memset(p, 0, sizeof *p);
	p->code = xstrdup(code);
	p->label_zh = dup_or_empty(label_zh);
	p->label_en = dup_or_empty(label_en);
	p->unit = dup_or_empty(unit);
	p->file = xstrdup(file);
	p->line = line;
	return OD_OK;
}

static bool region_ok(const char *r)
{
	if (strlen(r) != 6)
		return false;
	for (int i = 0; i < 6; i++)
		if (r[i] < '0' || r[i] > '9')
			return false;
	return true;
}

enum od_status catalogue_add_value(struct catalogue *cat, const char *code, const char *region,
				   int32_t from, int32_t to, dec_t value, const char *reference,
				   const char *file, int line, struct diag *d)
{
	int i = catalogue_find_param(cat, code, strlen(code));
	if (i < 0)
		return diag_at(d, OD_ERR_VALUE, file, line, _("unknown parameter %s"), code);
	if (!region_ok(region))
		return diag_at(d, OD_ERR_VALUE, file, line,
			       _("\"%s\" is not a 6-digit region code"), region);
	if (to < from)
		return diag_at(d, OD_ERR_VALUE, file, line,
			       _("parameter %s: the period ends before it starts"), code);
	if (!reference || !*reference)
		return diag_at(d, OD_ERR_VALUE, file, line,
			       _("parameter %s: every value needs its reference (legal source)"),
			       code);
	struct cat_param *p = &cat->params[i];
	for (int v = 0; v < p->n_values; v++) {
		const struct cat_param_value *o = &p->values[v];
		if (strcmp(o->region, region) != 0)
			continue;
		/* A later value for the same region is a new row that takes over
		 * from its first day; the same first day twice is a conflict. */
		if (o->from == from) {
			char day[CDATE_TEXT_SIZE];
			cdate_format(o->from, day);
			return diag_at(d, OD_ERR_DUPLICATE, file, line,
				       _("parameter %s for %s from %s is given twice (first at %s:%d)"),
				       code, region, day, o->file, o->line);
		}
	}
	if (p->n_values == p->cap_values) {
		p->cap_values = p->cap_values ? p->cap_values * 2 : 4;
		p->values = xreallocarray(p->values, (size_t)p->cap_values, sizeof *p->values);
	}
	struct cat_param_value *nv = &p->values[p->n_values++];
	memcpy(nv->region, region, 7);
	nv->from = from;
	nv->to = to;
	nv->value = value;
	nv->reference = xstrdup(reference);
	nv->file = xstrdup(file);
	nv->line = line;
	return OD_OK;
}

enum od_status catalogue_add_warning(struct catalogue *cat, const struct cat_warning *def,
				     struct diag *d)
{
	const char *file = def->file ? def->file : "";
	if (!def->code || !code_ok(def->code))
		return diag_at(d, OD_ERR_VALUE, file, def->line, _("warning code \"%s\" is not valid"),
			       def->code ? def->code : "");
	int again = find_warning(cat, def->code);
	if (again >= 0)
		return diag_at(d, OD_ERR_DUPLICATE, file, def->line,
			       _("warning %s is defined again (first in %s:%d)"), def->code,
			       cat->warnings[again].file, cat->warnings[again].line);
	if (cat->n_warnings == cat->cap_warnings) {
		cat->cap_warnings = cat->cap_warnings ? cat->cap_warnings * 2 : 8;
		cat->warnings = xreallocarray(cat->warnings, (size_t)cat->cap_warnings,
					      sizeof *cat->warnings);
	}
	struct cat_warning *w = &cat->warnings[cat->n_warnings++];
	*w = *def;
	w->code = xstrdup(def->code);
	w->name_zh = dup_or_empty(def->name_zh);
	w->name_en = dup_or_empty(def->name_en);
	w->rule = dup_or_empty(def->rule);
	w->message_zh = dup_or_empty(def->message_zh);
	w->message_en = dup_or_empty(def->message_en);
	w->departments = dup_or_empty(def->departments);
	w->file = xstrdup(file);
	w->root = -1;
	return OD_OK;
}

static int names_param(void *arg, const char *code, size_t len)
{
	return catalogue_find_param(arg, code, len);
}

static int names_item(void *arg, const char *code, size_t len)
{
	return catalogue_find_item(arg, code, len);
}

/* Depth-first ordering of items by their item.X references. */
static enum od_status visit(struct catalogue *cat, int i, uint8_t *mark, int *n, struct diag *d)
{
	if (mark[i] == 2)
		return OD_OK;
	struct cat_item *it = &cat->items[i];
	if (mark[i] == 1)
		return diag_at(d, OD_ERR_VALUE, it->file, it->eligibility_line,
			       _("item %s: its rule depends on itself through item.X references"),
			       it->code);
	mark[i] = 1;
	/* item.X in the eligibility rule, the amount or the review formula */
	int ranges[3][2] = {{it->cond_first, it->cond_end},
			    {it->amount_first, it->amount_end},
			    {it->review_first, it->review_end}};
	for (int r = 0; r < 3; r++)
		for (int k = ranges[r][0]; k < ranges[r][1]; k++) {
			const struct rule_node *nd = &cat->arena.nodes[k];
			if (nd->op == OP_ITEM) {
				enum od_status st = visit(cat, (int)nd->v, mark, n, d);
				if (st != OD_OK)
					return st;
			}
		}
	mark[i] = 2;
	cat->order[(*n)++] = i;
	return OD_OK;
}

enum od_status catalogue_finish(struct catalogue *cat, struct diag *d)
{
	struct rule_names names = {names_param, names_item, cat};
	for (int k = 0; k < 9; k++) {
		cat->fact_param[k] =
			catalogue_find_param(cat, fact_param_codes[k], strlen(fact_param_codes[k]));
		if (cat->fact_param[k] < 0)
			return diag_set(d, OD_ERR_VALUE,
					_("the catalogue lacks parameter %s, which household facts "
					  "need"),
					fact_param_codes[k]);
	}
	for (int i = 0; i < cat->n_params; i++)
		if (cat->params[i].n_values == 0)
			return diag_at(d, OD_ERR_VALUE, cat->params[i].file, cat->params[i].line,
				       _("parameter %s has no value"), cat->params[i].code);
	for (int i = 0; i < cat->n_items; i++) {
		struct cat_item *it = &cat->items[i];
		char what[96];
		snprintf(what, sizeof what, "item %s", it->code);
		struct rule_origin o = {it->file, it->eligibility_line, what};
		/* Node indices of the eligibility rule: all item.X references
		 * (for ordering) and conditions (for explanations) are there. */
		it->cond_first = cat->arena.count;
		enum od_status st = rule_compile(&cat->arena, it->eligibility, RT_BOOL, &names, &o,
						 &it->eligibility_root, d);
		if (st != OD_OK)
			return st;
		it->cond_end = cat->arena.count;
		it->amount_first = it->amount_end = cat->arena.count;
		if (*it->amount) {
			struct rule_origin oa = {it->file, it->amount_line, what};
			st = rule_compile(&cat->arena, it->amount, RT_NUM, &names, &oa,
					  &it->amount_root, d);
			if (st != OD_OK)
				return st;
			it->amount_end = cat->arena.count;
		}
		it->review_first = it->review_end = cat->arena.count;
		if (*it->review_months) {
			struct rule_origin orv = {it->file, it->review_line, what};
			st = rule_compile(&cat->arena, it->review_months, RT_NUM, &names, &orv,
					  &it->review_root, d);
			if (st != OD_OK)
				return st;
			it->review_end = cat->arena.count;
		}
		it->exclude_index = xcalloc((size_t)(it->n_excludes + 1), sizeof(int));
		for (int k = 0; k < it->n_excludes; k++) {
			int x = catalogue_find_item(cat, it->excludes[k], strlen(it->excludes[k]));
			if (x < 0 || x == i)
				return diag_at(d, OD_ERR_VALUE, it->file, it->line,
					       _("item %s: excludes names unknown item \"%s\""),
					       it->code, it->excludes[k]);
			it->exclude_index[k] = x;
		}
	}
	for (int i = 0; i < cat->n_warnings; i++) {
		struct cat_warning *w = &cat->warnings[i];
		char what[96];
		snprintf(what, sizeof what, "warning %s", w->code);
		struct rule_origin o = {w->file, w->rule_line, what};
		w->cond_first = cat->arena.count;
		enum od_status st =
			rule_compile(&cat->arena, w->rule, RT_BOOL, &names, &o, &w->root, d);
		if (st != OD_OK)
			return st;
		w->cond_end = cat->arena.count;
	}
	cat->order = xcalloc((size_t)(cat->n_items + 1), sizeof *cat->order);
	uint8_t *mark = xcalloc((size_t)(cat->n_items + 1), 1);
	int n = 0;
	enum od_status st = OD_OK;
	for (int i = 0; i < cat->n_items && st == OD_OK; i++)
		st = visit(cat, i, mark, &n, d);
	free(mark);
	if (st != OD_OK)
		return st;
	rule_share(&cat->arena);
	/* what matching runs, also as flat code (the tree stays for explaining) */
	for (int i = 0; i < cat->n_items; i++) {
		struct cat_item *it = &cat->items[i];
		it->eligibility_code = rule_code_compile(&cat->arena, it->eligibility_root);
		it->amount_code = rule_code_compile(&cat->arena, it->amount_root);
		it->review_code = rule_code_compile(&cat->arena, it->review_root);
	}
	for (int i = 0; i < cat->n_warnings; i++)
		cat->warnings[i].code_entry = rule_code_compile(&cat->arena, cat->warnings[i].root);
	cat->finished = true;
	return OD_OK;
}

int catalogue_lookup(const struct catalogue *cat, int p, const char *region, int32_t date)
{
	const struct cat_param *par = &cat->params[p];
	char level[4][7];
	int n = 0;
	/* county, city, province, national: each only when it is a new code */
	memcpy(level[n++], region, 7);
	static const int keep[3] = {4, 2, 0};
	for (int k = 0; k < 3; k++) {
		char code[7];
		memcpy(code, region, 7);
		memset(code + keep[k], '0', (size_t)(6 - keep[k]));
		if (strcmp(code, level[n - 1]) != 0)
			memcpy(level[n++], code, 7);
	}
	for (int l = 0; l < n; l++) {
		int best = -1;
		for (int v = 0; v < par->n_values; v++) {
			const struct cat_param_value *pv = &par->values[v];
			if (memcmp(pv->region, level[l], 6) == 0 && pv->from <= date &&
			    date <= pv->to && (best < 0 || pv->from > par->values[best].from))
				best = v;
		}
		if (best >= 0)
			return best;
	}
	return -1;
}
