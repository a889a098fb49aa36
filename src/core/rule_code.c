/* rule_code.c - rules as flat code, for matching.
 *
 * Explanations walk the rule tree (rule_eval), recording every condition.
 * Matching needs only the value, once per item per household, a million
 * households a run: there the tree walk's call per node cost more than the
 * nodes themselves.  So each rule the matcher runs is also laid out as a
 * short program over a value stack (rule_code_run in rule_eval.c), with
 * jumps where "and", "or" and "if" decide early, one loop per aggregate,
 * and the shared-subtree slots of rule_share.  The values, the missing
 * reasons and the early stops are the tree walk's, operation for
 * operation; tests/unit/test_golden.c holds the two to the same verdicts. */
#include "onedoor/rule.h"

#include "onedoor/xalloc.h"

#include <string.h>

struct emit {
	struct rule_arena *a;
	int depth, max_depth; /* value stack now and at most */
};

static int here(const struct emit *e)
{
	return e->a->code_len;
}

static void put(struct emit *e, int32_t w)
{
	struct rule_arena *a = e->a;
	if (a->code_len == a->code_cap) {
		a->code_cap = a->code_cap ? a->code_cap * 2 : 1024;
		a->code = xreallocarray(a->code, (size_t)a->code_cap, sizeof *a->code);
	}
	a->code[a->code_len++] = w;
}

static void put64(struct emit *e, int64_t v)
{
	put(e, (int32_t)(uint32_t)((uint64_t)v & 0xffffffffu));
	put(e, (int32_t)(uint32_t)((uint64_t)v >> 32));
}

/* A jump's target, filled in when it is known. */
static void patch(struct emit *e, int at)
{
	e->a->code[at] = here(e);
}

static void push(struct emit *e, int n)
{
	e->depth += n;
	if (e->depth > e->max_depth)
		e->max_depth = e->depth;
}

static void node_code(struct emit *e, int i);

/* A member's fact against a literal, the commonest comparison of all. */
static bool member_literal(const struct rule_arena *a, const struct rule_node *n)
{
	return n->op >= OP_LT && n->op <= OP_NE && a->nodes[n->a].op == OP_MFACT &&
	       a->nodes[n->b].op <= OP_ENUM;
}

static void value_code(struct emit *e, int i)
{
	const struct rule_node *n = &e->a->nodes[i];
	switch ((enum rule_op)n->op) {
	case OP_NUM:
	case OP_BOOL:
	case OP_ENUM:
		put(e, RC_CONST);
		put64(e, n->v);
		push(e, 1);
		return;
	case OP_HFACT:
	case OP_MFACT:
	case OP_AFACT:
	case OP_PARAM:
	case OP_ITEM:
	case OP_HOLDS:
		put(e, n->op == OP_HFACT   ? RC_HFACT
		       : n->op == OP_MFACT ? RC_MFACT
		       : n->op == OP_AFACT ? RC_AFACT
		       : n->op == OP_PARAM ? RC_PARAM
		       : n->op == OP_ITEM  ? RC_ITEM
					   : RC_HOLDS);
		put(e, (int32_t)n->v);
		push(e, 1);
		return;
	case OP_NEG:
	case OP_NOT:
		node_code(e, n->a);
		put(e, n->op == OP_NEG ? RC_NEG : RC_NOT);
		return;
	case OP_AND:
	case OP_OR: {
		int decided;
		const struct rule_node *l = &e->a->nodes[n->a];
		if (l->memo < 0 && member_literal(e->a, l)) {
			put(e, RC_CMP_MLJ);
			put(e, n->op == OP_AND ? RC_AND : RC_OR);
			put(e, l->op);
			put(e, (int32_t)e->a->nodes[l->a].v);
			put64(e, e->a->nodes[l->b].v);
			decided = here(e);
			put(e, 0);
			push(e, 1);
		} else {
			node_code(e, n->a);
			put(e, n->op == OP_AND ? RC_AND : RC_OR);
			decided = here(e);
			put(e, 0);
		}
		node_code(e, n->b);
		put(e, n->op == OP_AND ? RC_LAND : RC_LOR);
		push(e, -1);
		patch(e, decided);
		return;
	}
	case OP_LT:
	case OP_LE:
	case OP_GT:
	case OP_GE:
	case OP_EQ:
	case OP_NE:
		if (e->a->nodes[n->a].op == OP_MFACT && e->a->nodes[n->b].op == OP_PARAM) {
			put(e, RC_CMP_MP);
			put(e, n->op);
			put(e, (int32_t)e->a->nodes[n->a].v);
			put(e, (int32_t)e->a->nodes[n->b].v);
			push(e, 1);
			return;
		}
		if (member_literal(e->a, n)) {
			put(e, RC_CMP_ML);
			put(e, n->op);
			put(e, (int32_t)e->a->nodes[n->a].v);
			put64(e, e->a->nodes[n->b].v);
			push(e, 1);
			return;
		}
		node_code(e, n->a);
		node_code(e, n->b);
		put(e, RC_CMP);
		put(e, n->op);
		push(e, -1);
		return;
	case OP_ADD:
	case OP_SUB:
	case OP_MUL:
	case OP_DIV:
		node_code(e, n->a);
		node_code(e, n->b);
		put(e, RC_ARITH);
		put(e, n->op);
		push(e, -1);
		return;
	case OP_IF: {
		node_code(e, n->a);
		put(e, RC_IF);
		int to_else = here(e);
		put(e, 0);
		int to_end = here(e);
		put(e, 0);
		push(e, -1);
		node_code(e, n->b);
		put(e, RC_JUMP);
		int then_end = here(e);
		put(e, 0);
		push(e, -1);
		patch(e, to_else);
		node_code(e, n->c);
		patch(e, to_end);
		patch(e, then_end);
		return;
	}
	case OP_COUNT:
	case OP_ANY:
	case OP_ALL:
	case OP_SUM:
	case OP_MIN:
	case OP_MAX: {
		/* AGG op end; top: [where; FILTER next;] body; STEP end; next: NEXT top */
		put(e, RC_AGG);
		put(e, n->op);
		int to_end = here(e);
		put(e, 0);
		int top = here(e);
		int to_next = -1;
		if (n->b >= 0) {
			node_code(e, n->b);
			put(e, RC_FILTER);
			to_next = here(e);
			put(e, 0);
			push(e, -1);
		}
		node_code(e, n->a);
		if (to_next < 0) {
			put(e, RC_STEP_NEXT);
			int step_end = here(e);
			put(e, 0);
			put(e, top);
			patch(e, to_end);
			patch(e, step_end);
			return;
		}
		put(e, RC_STEP);
		int step_end = here(e);
		put(e, 0);
		push(e, -1);
		patch(e, to_next);
		put(e, RC_NEXT);
		put(e, top);
		push(e, 1);
		patch(e, to_end);
		patch(e, step_end);
		return;
	}
	}
}

static void node_code(struct emit *e, int i)
{
	const struct rule_node *n = &e->a->nodes[i];
	if (n->memo < 0) {
		value_code(e, i);
		return;
	}
	/* MEMO slot end: the slot's value and on, or compute and STORE */
	put(e, RC_MEMO);
	put(e, n->memo);
	int to_end = here(e);
	put(e, 0);
	value_code(e, i);
	put(e, RC_STORE);
	put(e, n->memo);
	patch(e, to_end);
}

/* The words an operation takes, itself included. */
static int width(const int32_t *code, int pc)
{
	switch ((enum rule_code_op)code[pc]) {
	case RC_END:
	case RC_NEG:
	case RC_NOT:
	case RC_LAND:
	case RC_LOR:
		return 1;
	case RC_HFACT:
	case RC_MFACT:
	case RC_AFACT:
	case RC_PARAM:
	case RC_ITEM:
	case RC_HOLDS:
	case RC_CMP:
	case RC_ARITH:
	case RC_AND:
	case RC_OR:
	case RC_JUMP:
	case RC_STORE:
	case RC_FILTER:
	case RC_STEP:
	case RC_NEXT:
		return 2;
	case RC_CONST:
	case RC_IF:
	case RC_MEMO:
	case RC_AGG:
	case RC_STEP_NEXT:
		return 3;
	case RC_CMP_MP:
		return 4;
	case RC_CMP_ML:
		return 5;
	case RC_CMP_MLJ:
		return 7;
	}
	return 1;
}

/* A chain "a and b and c" jumps from "and" to "and" when a is false: each
 * decides as the first did, so the first jumps to where the last would. */
static void thread_jumps(int32_t *code, int from, int to)
{
	for (int pc = from; pc < to; pc += width(code, pc)) {
		int kind, at;
		if (code[pc] == RC_AND || code[pc] == RC_OR)
			kind = code[pc], at = pc + 1;
		else if (code[pc] == RC_CMP_MLJ)
			kind = code[pc + 1], at = pc + 6;
		else
			continue;
		while (code[code[at]] == kind)
			code[at] = code[code[at] + 1];
	}
}

int rule_code_compile(struct rule_arena *a, int root)
{
	if (root < 0)
		return -1;
	struct emit e = {a, 0, 0};
	int entry = here(&e);
	node_code(&e, root);
	put(&e, RC_END);
	if (e.max_depth > RULE_CODE_STACK) {
		a->code_len = entry; /* too deep for the run's stack: the tree walk runs it */
		return -1;
	}
	thread_jumps(a->code, entry, a->code_len);
	return entry;
}
