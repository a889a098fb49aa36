/* rule.h - the catalogue's small, safe rule language.
 *
 * Eligibility conditions and amount formulas are expressions over exact
 * decimals, yes/no values and the enumerated values of household keys:
 *
 *   expr    := or
 *   or      := and { "or" and }            and := not { "and" not }
 *   not     := "not" not | compare
 *   compare := sum [ ("<"|"<="|">"|">="|"="|"=="|"!="|"<>") sum ]
 *   sum     := product { ("+"|"-") product }
 *   product := unary { ("*"|"/") unary }
 *   unary   := "-" unary | primary
 *   primary := NUMBER | "true" | "false" | STRING | "(" expr ")"
 *            | "if" expr "then" expr "else" expr
 *            | FACT | "applicant." MFACT | "m." MFACT (inside an aggregate)
 *            | "param." CODE | "item." CODE | "holds." CODE
 *            | ("count"|"any"|"all") "(" expr ")"
 *            | ("sum"|"min"|"max") "(" expr [ "where" expr ] ")"
 *
 * FACT and MFACT are the names of hh_facts.h; STRING ('..' or "..") is a
 * value of the enumerated fact it is compared with (hukou = "rural").
 * `item.X` is X's verdict (true when eligible), `holds.X` whether the
 * household already receives X.  Aggregates run over every listed member
 * (filter on m.status for the living); over no member, count and sum are
 * 0, min and max 0, any false and all true.  Division by zero and overflow
 * make a value missing, never a crash.
 *
 * Truth is three-valued: a blank fact makes a value missing, and missing
 * spreads except where the answer is already known (false and ?, true or ?).
 * A rule is parsed and type-checked once (rule_compile); evaluation
 * (rule_eval) allocates nothing and records, per comparison outside an
 * aggregate, both sides and the outcome for the explanation. */
#ifndef ONEDOOR_RULE_H
#define ONEDOOR_RULE_H

#include "onedoor/decimal.h"
#include "onedoor/hh_facts.h"
#include "onedoor/status.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum rule_op {
	OP_NUM, OP_BOOL, OP_ENUM, OP_HFACT, OP_MFACT, OP_AFACT, OP_PARAM, OP_ITEM, OP_HOLDS,
	OP_NEG, OP_NOT, OP_AND, OP_OR,
	OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE,
	OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_IF,
	OP_COUNT, OP_ANY, OP_ALL, OP_SUM, OP_MIN, OP_MAX
};

enum rule_type { RT_NUM, RT_BOOL, RT_ENUM };

struct rule_node {
	uint8_t op;     /* enum rule_op */
	uint8_t type;   /* enum rule_type */
	uint8_t domain; /* enum hh_domain of an RT_ENUM value */
	uint8_t in_agg; /* inside an aggregate: no condition record */
	uint8_t neg;    /* under an odd number of "not": false is what the rule wants */
	uint8_t leaves; /* a comparison of two leaves (fact, parameter, literal):
			 * matching reads them in place (rule_share) */
	int32_t a, b, c; /* operands (node indices), -1 when unused */
	int64_t v;       /* literal, fact, parameter or item index */
	int32_t src, len; /* the node's source text: offset into the arena text */
	int32_t col;      /* 1-based column in the rule */
	int32_t cond;     /* condition record index, -1 when none */
	int32_t memo;     /* shared-subtree slot (rule_share), -1 when none */
};

/* All compiled rules of a catalogue live in one arena. */
struct rule_arena {
	struct rule_node *nodes;
	int count, cap;
	char *text; /* every rule's source, NUL-separated */
	size_t text_len, text_cap;
	int conds;  /* condition records needed by rule_eval */
	int memos;  /* shared-subtree slots (rule_share) */
	int32_t *code; /* the rules as flat code (rule_code_compile) */
	int code_len, code_cap;
};

/* Resolves parameter and item codes at compile time: index or -1. */
struct rule_names {
	int (*param)(void *arg, const char *code, size_t len);
	int (*item)(void *arg, const char *code, size_t len);
	void *arg;
};

/* Where a rule comes from, for "FILE:LINE:COL: item CODE: message". */
struct rule_origin {
	const char *file;
	int line;
	const char *what; /* "item dibao_rural (eligibility)" */
};

void rule_arena_init(struct rule_arena *a);
void rule_arena_free(struct rule_arena *a);

/* Compiles `text` into the arena; the result must have type `want`
 * (RT_BOOL for conditions, RT_NUM for amounts).  On success *root is the
 * node index; on error returns OD_ERR_SYNTAX (grammar) or OD_ERR_VALUE
 * (names, types) with "FILE:LINE:COL: WHAT: message" in d. */
enum od_status rule_compile(struct rule_arena *a, const char *text, enum rule_type want,
			    const struct rule_names *names, const struct rule_origin *origin,
			    int *root, struct diag *d);

/* Why a value is missing. */
enum rule_why_kind { WHY_NONE, WHY_FACT, WHY_PARAM, WHY_ITEM, WHY_ARITH };
struct rule_why {
	uint8_t kind;   /* enum rule_why_kind */
	uint8_t member; /* WHY_FACT: 0 household, k member k */
	uint16_t index; /* hh_key / hm_key, parameter or item index */
};

struct rule_value {
	int64_t v;
	struct rule_why why; /* kind WHY_NONE when the value is known */
};

/* One condition's last evaluation: a comparison (l and r), or a yes/no
 * atom such as item.X, holds.X, any(...) or a yes/no fact (l only); (valid when gen matches the env's). */
struct rule_cond {
	uint32_t gen;
	struct rule_value l, r;
	int8_t outcome; /* 1 true, 0 false, -1 missing */
};

/* Subtrees written the same way in several rules (the test "receives or
 * qualifies for minimum living allowance, support or low income" that
 * twenty items share, the local standard "if urban then .. else ..") are
 * given one slot each, so that a matcher evaluates each of them once per
 * household.  Call once, after every rule is compiled; allocates only
 * while it runs.  Nodes inside aggregates (they depend on the member) and
 * leaves (cheaper than a lookup) get no slot.  It also marks comparisons
 * of two leaves, which matching evaluates without a call per leaf. */
void rule_share(struct rule_arena *a);

/* Flat code for matching (rule_code.c): the operations, each followed by
 * its operands (a literal takes two words, low first). */
enum rule_code_op {
	RC_END,
	RC_CONST,   /* v: push */
	RC_HFACT,   /* fact */
	RC_MFACT,   /* fact, of the aggregate's member */
	RC_AFACT,   /* fact, of the applicant */
	RC_PARAM,   /* parameter */
	RC_ITEM,    /* item: its verdict */
	RC_HOLDS,   /* item: held */
	RC_NEG, RC_NOT,
	RC_CMP,     /* op: pop r, l; push l op r */
	RC_CMP_ML,  /* op, fact, v: the member's fact op literal */
	RC_ARITH,   /* op */
	RC_AND,     /* to: a known false on top decides: jump */
	RC_OR,      /* to: a known true on top decides: jump */
	RC_LAND, RC_LOR, /* pop r, l; push the three-valued result */
	RC_IF,      /* else, end: pop the test; a missing test is the value */
	RC_JUMP,    /* to */
	RC_MEMO,    /* slot, end: a value kept this round is pushed, jump */
	RC_STORE,   /* slot: keep the top for this round */
	RC_AGG,     /* op, end: start a loop over the members (none: result) */
	RC_FILTER,  /* next: pop the "where"; false or missing skips the member */
	RC_STEP,    /* end: pop the body's value into the aggregate; decided: jump */
	RC_NEXT,    /* top: next member, or push the aggregate's value */
	/* fused pairs, the commonest sequences of the shipped catalogue */
	RC_CMP_MLJ, /* and/or op, op, fact, v, to: RC_CMP_ML then RC_AND/RC_OR */
	RC_CMP_MP,  /* op, fact, param: the member's fact op a parameter */
	RC_STEP_NEXT /* end, top: RC_STEP then RC_NEXT (no "where") */
};

/* Values on the stack of one run at most; deeper rules are not compiled. */
#define RULE_CODE_STACK 64

/* Lays out the rule at node `root` (after rule_share) as flat code in the
 * arena; returns its entry, or -1 when it must be walked as a tree.  May
 * move a->code. */
int rule_code_compile(struct rule_arena *a, int root);

struct rule_env;
/* Runs the code at `entry`, as rule_eval would evaluate the rule without
 * condition records (env->conds must be NULL).  Allocates nothing. */
struct rule_value rule_code_run(const struct rule_arena *a, int entry, struct rule_env *env);

/* A shared subtree's value in this round (gen as in rule_env). */
struct rule_memo {
	uint32_t gen;
	struct rule_value v;
};

/* Item verdicts as rule_eval sees them. */
enum { VERDICT_NOT_ELIGIBLE = 0, VERDICT_ELIGIBLE = 1, VERDICT_MISSING = 2 };

struct rule_env {
	const struct hh_facts *facts;
	const dec_t *params;          /* value per parameter index */
	const uint8_t *param_ok;      /* 1 when the parameter has a value */
	const uint8_t *verdicts;      /* per item index */
	const uint8_t *holds;         /* per item index: 1 when held */
	struct rule_cond *conds;      /* arena->conds records, or NULL: no
				       * records, and/or stop early */
	uint32_t gen;                 /* bump per evaluation round (never 0) */
	struct rule_memo *memo;       /* arena->memos slots, or NULL: none kept.
				       * Only while the verdicts a shared
				       * subtree reads are final (matching in
				       * dependency order), and without conds. */
};

/* Evaluates node `root`.  Allocates nothing; recursion depth is bounded by
 * the compile-time nesting limit. */
struct rule_value rule_eval(const struct rule_arena *a, int root, struct rule_env *env);

/* Evaluates node `root`, which may use m.X, for member `member` (0-based):
 * the body of an aggregate for one member, as explanations need it. */
struct rule_value rule_eval_member(const struct rule_arena *a, int root, struct rule_env *env,
				   int member);

/* The source text of a node (not NUL-terminated: use node->len). */
const char *rule_node_text(const struct rule_arena *a, const struct rule_node *n);

#endif
