/* catalogue.h - the benefit catalogue: items, dated parameters, warnings.
 *
 * A catalogue is built from definitions (INI files through catalogue_ini.h,
 * or database rows through store_catalogue.h), then checked once with
 * catalogue_finish: every rule compiled, every name resolved, item
 * dependencies ordered, cycles refused.  After that it is read-only and may
 * be shared by any number of matchers (match.h).
 *
 * Parameters are never overwritten: each value has a region (GB/T 2260
 * code, "000000" the national default), a first day and an optional last
 * day.  Lookup for (region, date) tries the county, its city (XXXX00), its
 * province (XX0000) and the national default, and takes at each level the
 * value in force on that date (the latest valid_from). */
#ifndef ONEDOOR_CATALOGUE_H
#define ONEDOOR_CATALOGUE_H

#include "onedoor/decimal.h"
#include "onedoor/rule.h"
#include "onedoor/status.h"

#include <stdbool.h>
#include <stdint.h>

#define CAT_NO_END INT32_MAX

enum cat_limit { LIM_ACCEPT, LIM_VERIFY, LIM_SUPERVISE, LIM_APPROVE, LIM_FILE, LIM_TOTAL,
		 LIM_COUNT };

/* An item definition as read; strings are copied by catalogue_add_item. */
struct cat_item {
	char *code, *name_zh, *name_en, *department, *kind, *scope;
	char *legal_basis, *target_group, *process, *standard_text;
	char **materials; /* count in n_materials */
	int n_materials;
	int limits[LIM_COUNT]; /* working days */
	int warn_days;
	bool green_channel, commitment;
	char **excludes;
	int n_excludes;
	char *eligibility, *amount; /* rule sources; amount may be "" */
	char *amount_period;        /* "monthly" or "once" */
	/* Months between periodic reviews of a granted item (a number formula
	 * over the same facts, e.g. 6 for a household with members able to
	 * work, else 12); "" when the item is not reviewed (one-off grants). */
	char *review_months;
	/* where it came from, for messages */
	char *file;
	int line, eligibility_line, amount_line, review_line;
	/* filled by catalogue_finish */
	int eligibility_root, amount_root;
	int cond_first, cond_end;   /* the eligibility rule's nodes: [first, end) */
	int amount_first, amount_end; /* the amount formula's nodes */
	int review_root, review_first, review_end; /* the review formula's; root -1 when none */
	int eligibility_code, amount_code, review_code; /* flat code entries, -1 none */
	int *exclude_index;
};

struct cat_param_value {
	char region[7];
	int32_t from, to; /* days; to = CAT_NO_END when open */
	dec_t value;
	char *reference;
	char *file;
	int line;
};

struct cat_param {
	char *code, *label_zh, *label_en, *unit; /* unit: yuan, share, years, count */
	struct cat_param_value *values;
	int n_values, cap_values;
	char *file;
	int line;
};

struct cat_warning {
	char *code, *name_zh, *name_en, *rule, *message_zh, *message_en;
	/* Routing: the departments that must step in (codes, comma-separated
	 * as written; "" when the catalogue names none), the working days they
	 * have to acknowledge it and the yellow window before that (0: the
	 * database's defaults). */
	char *departments;
	int ack_days, warn_days;
	char *file;
	int line, rule_line;
	int root, cond_first, cond_end;
	int code_entry; /* flat code, -1 none */
};

struct catalogue {
	struct cat_item *items;
	int n_items, cap_items;
	struct cat_param *params;
	int n_params, cap_params;
	struct cat_warning *warnings;
	int n_warnings, cap_warnings;
	struct rule_arena arena;
	int *order;          /* item indices, dependencies first */
	int fact_param[9];   /* parameters hh_facts needs (see catalogue.c) */
	bool finished;
};

struct catalogue *catalogue_new(void);
/* Frees everything and sets *cat to NULL; NULL accepted. */
void catalogue_free(struct catalogue **cat);

/* Adds definitions (deep copies).  A repeated code is OD_ERR_DUPLICATE with
 * "FILE:LINE: ..." naming both places. */
enum od_status catalogue_add_item(struct catalogue *cat, const struct cat_item *def,
				  struct diag *d);
enum od_status catalogue_add_param(struct catalogue *cat, const char *code, const char *label_zh,
				   const char *label_en, const char *unit, const char *file,
				   int line, struct diag *d);
/* The parameter must have been added.  Two values for the same region and
 * first day are refused; a later first day takes over from the earlier. */
enum od_status catalogue_add_value(struct catalogue *cat, const char *code, const char *region,
				   int32_t from, int32_t to, dec_t value, const char *reference,
				   const char *file, int line, struct diag *d);
enum od_status catalogue_add_warning(struct catalogue *cat, const struct cat_warning *def,
				     struct diag *d);

/* Compiles and checks everything; the catalogue is unusable when this
 * fails.  Messages carry FILE:LINE[:COL] and the item code. */
enum od_status catalogue_finish(struct catalogue *cat, struct diag *d);

int catalogue_find_item(const struct catalogue *cat, const char *code, size_t len);
int catalogue_find_param(const struct catalogue *cat, const char *code, size_t len);

/* The value row in force for parameter p at (region, date) after fallback,
 * or -1.  Allocates nothing. */
int catalogue_lookup(const struct catalogue *cat, int p, const char *region, int32_t date);

#endif
