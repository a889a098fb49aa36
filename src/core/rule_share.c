/* rule_share.c - one evaluation per household for subtrees several rules share.
 *
 * Twenty items open with the same test (receives or qualifies for minimum
 * living allowance, extreme-poverty support or low income) and many pick
 * the local standard with the same "if urban then .. else ..": written
 * once per rule, evaluated once per rule.  Here every node gets a
 * structural identity (operation, value and the identities of its
 * operands), and the identities found in two places or more get a slot;
 * rule_eval keeps a slot's value for the rest of the round. */
#include "onedoor/rule.h"

#include "onedoor/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct shape {
	int64_t v;
	int32_t a, b, c; /* operands' identities, -1 none */
	uint8_t op, type, domain;
};

struct share {
	const struct rule_arena *arena;
	int *ident;            /* node -> identity, -1 not yet known */
	struct shape *shapes;  /* identity -> shape */
	int *uses;             /* identity -> nodes with it */
	int *slot;             /* identity -> memo slot, -1 none */
	int n;
	int *table;            /* open addressing: identity + 1, 0 empty */
	size_t mask;
};

static uint64_t hash_shape(const struct shape *s)
{
	uint64_t h = 1469598103934665603u;
	const int64_t parts[] = {s->v, s->a, s->b, s->c, s->op, s->type, s->domain};
	for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
		h ^= (uint64_t)parts[k];
		h *= 1099511628211u;
		h ^= h >> 29;
	}
	return h;
}

static bool same(const struct shape *x, const struct shape *y)
{
	return x->v == y->v && x->a == y->a && x->b == y->b && x->c == y->c && x->op == y->op &&
	       x->type == y->type && x->domain == y->domain;
}

/* The identity of node i (its operands' first). */
static int identify(struct share *s, int i)
{
	if (i < 0)
		return -1;
	if (s->ident[i] >= 0)
		return s->ident[i];
	const struct rule_node *nd = &s->arena->nodes[i];
	struct shape sh = {nd->v, identify(s, nd->a), identify(s, nd->b), identify(s, nd->c),
			   nd->op, nd->type, nd->domain};
	size_t h = (size_t)hash_shape(&sh) & s->mask;
	while (s->table[h] && !same(&s->shapes[s->table[h] - 1], &sh))
		h = (h + 1) & s->mask;
	if (!s->table[h]) {
		s->shapes[s->n] = sh;
		s->table[h] = ++s->n;
	}
	s->ident[i] = s->table[h] - 1;
	return s->ident[i];
}

/* Worth a slot: a value computed from several nodes, the same for every
 * member (not inside an aggregate). */
static bool worth_sharing(const struct rule_node *nd)
{
	if (nd->in_agg)
		return false;
	switch ((enum rule_op)nd->op) {
	case OP_AND:
	case OP_OR:
	case OP_IF:
	case OP_COUNT:
	case OP_ANY:
	case OP_ALL:
	case OP_SUM:
	case OP_MIN:
	case OP_MAX:
		return true;
	default:
		return false;
	}
}

static bool is_leaf(const struct rule_node *nd)
{
	switch ((enum rule_op)nd->op) {
	case OP_NUM:
	case OP_BOOL:
	case OP_ENUM:
	case OP_HFACT:
	case OP_MFACT:
	case OP_AFACT:
	case OP_PARAM:
		return true;
	default:
		return false;
	}
}

void rule_share(struct rule_arena *a)
{
	struct share s = {a, NULL, NULL, NULL, NULL, 0, NULL, 0};
	size_t size = 16;
	while (size < (size_t)a->count * 2)
		size *= 2;
	s.mask = size - 1;
	s.table = xcalloc(size, sizeof *s.table);
	s.ident = xcalloc((size_t)a->count + 1, sizeof *s.ident);
	s.shapes = xcalloc((size_t)a->count + 1, sizeof *s.shapes);
	s.uses = xcalloc((size_t)a->count + 1, sizeof *s.uses);
	s.slot = xcalloc((size_t)a->count + 1, sizeof *s.slot);
	for (int i = 0; i < a->count; i++)
		s.ident[i] = -1;
	for (int i = 0; i < a->count; i++)
		s.uses[identify(&s, i)]++;
	for (int k = 0; k < s.n; k++)
		s.slot[k] = -1;
	a->memos = 0;
	for (int i = 0; i < a->count; i++) {
		struct rule_node *nd = &a->nodes[i];
		int id = s.ident[i];
		nd->memo = -1;
		nd->leaves = nd->op >= OP_LT && nd->op <= OP_NE && is_leaf(&a->nodes[nd->a]) &&
			     is_leaf(&a->nodes[nd->b]);
		if (s.uses[id] < 2 || !worth_sharing(nd))
			continue;
		if (s.slot[id] < 0)
			s.slot[id] = a->memos++;
		nd->memo = s.slot[id];
	}
	free(s.table);
	free(s.ident);
	free(s.shapes);
	free(s.uses);
	free(s.slot);
}
