/* rule_eval.c - evaluates compiled rules over a household's facts.
 *
 * Three-valued (Kleene) logic: a value is known or missing with a reason.
 * When the environment keeps condition records (an explanation), both sides
 * of "and"/"or" are always evaluated so that every condition has its line;
 * without records (matching) "and"/"or" stop as soon as the answer is
 * known.  The verdict is the same either way.  Nothing here allocates. */
#include "onedoor/rule.h"

static const struct rule_why known = {WHY_NONE, 0, 0};

static struct rule_value val(int64_t v)
{
	struct rule_value r = {v, known};
	return r;
}

static struct rule_value missing(struct rule_why why)
{
	struct rule_value r = {0, why};
	return r;
}

static bool is_known(struct rule_value v)
{
	return v.why.kind == WHY_NONE;
}

static struct rule_value arith_error(void)
{
	struct rule_why w = {WHY_ARITH, 0, 0};
	return missing(w);
}

static struct rule_value fact_value(int64_t v, struct hh_missing m)
{
	if (m.key == HH_NOT_MISSING)
		return val(v);
	struct rule_why w = {WHY_FACT, m.member, m.key};
	return missing(w);
}

struct eval {
	const struct rule_arena *a;
	struct rule_env *env;
	int member; /* the aggregate's current member, -1 outside */
};

static struct rule_value eval(struct eval *e, int i);

/* Keeps a condition's sides and outcome for the explanation. */
static struct rule_value record(struct rule_env *env, const struct rule_node *n,
				struct rule_value l, struct rule_value r, struct rule_value out)
{
	if (n->cond >= 0 && env->conds) {
		struct rule_cond *c = &env->conds[n->cond];
		c->gen = env->gen;
		c->l = l;
		c->r = r;
		c->outcome = is_known(out) ? (int8_t)(out.v != 0) : -1;
	}
	return out;
}

static struct rule_value atom(struct rule_env *env, const struct rule_node *n,
			      struct rule_value v)
{
	return n->cond >= 0 ? record(env, n, v, v, v) : v;
}

static struct rule_value logic_and(struct rule_value l, struct rule_value r)
{
	if ((is_known(l) && !l.v) || (is_known(r) && !r.v))
		return val(0);
	if (!is_known(l))
		return l;
	if (!is_known(r))
		return r;
	return val(1);
}

static struct rule_value logic_or(struct rule_value l, struct rule_value r)
{
	if ((is_known(l) && l.v) || (is_known(r) && r.v))
		return val(1);
	if (!is_known(l))
		return l;
	if (!is_known(r))
		return r;
	return val(0);
}

static struct rule_value compare(enum rule_op op, struct rule_value l, struct rule_value r)
{
	if (!is_known(l))
		return l;
	if (!is_known(r))
		return r;
	bool t = false;
	switch (op) {
	case OP_LT: t = l.v < r.v; break;
	case OP_LE: t = l.v <= r.v; break;
	case OP_GT: t = l.v > r.v; break;
	case OP_GE: t = l.v >= r.v; break;
	case OP_EQ: t = l.v == r.v; break;
	case OP_NE: t = l.v != r.v; break;
	default: break;
	}
	return val(t);
}

static struct rule_value arith(enum rule_op op, struct rule_value l, struct rule_value r)
{
	if (!is_known(l))
		return l;
	if (!is_known(r))
		return r;
	dec_t out = 0;
	bool ok = false;
	switch (op) {
	case OP_ADD: ok = dec_add(l.v, r.v, &out); break;
	case OP_SUB: ok = dec_sub(l.v, r.v, &out); break;
	case OP_MUL: ok = dec_mul(l.v, r.v, &out); break;
	case OP_DIV: ok = dec_div(l.v, r.v, &out); break;
	default: break;
	}
	return ok ? val(out) : arith_error();
}

static struct rule_value aggregate(struct eval *e, const struct rule_node *n)
{
	const struct hh_facts *f = e->env->facts;
	enum rule_op op = (enum rule_op)n->op;
	struct rule_value unknown = val(0);
	bool seen_unknown = false, any = false;
	int64_t acc = 0;
	for (int i = 0; i < f->count; i++) {
		e->member = i;
		if (n->b >= 0) {
			struct rule_value w = eval(e, n->b);
			if (!is_known(w)) {
				if (!seen_unknown)
					unknown = w;
				seen_unknown = true;
				continue;
			}
			if (!w.v)
				continue;
		}
		struct rule_value x = eval(e, n->a);
		if (!is_known(x)) {
			if (!seen_unknown)
				unknown = x;
			seen_unknown = true;
			continue;
		}
		switch (op) {
		case OP_COUNT:
			acc += x.v ? DEC_SCALE : 0;
			break;
		case OP_ANY:
			if (x.v) {
				e->member = -1;
				return val(1);
			}
			break;
		case OP_ALL:
			if (!x.v) {
				e->member = -1;
				return val(0);
			}
			break;
		case OP_SUM:
			if (!dec_add(acc, x.v, &acc)) {
				e->member = -1;
				return arith_error();
			}
			break;
		case OP_MIN:
			acc = !any || x.v < acc ? x.v : acc;
			break;
		case OP_MAX:
			acc = !any || x.v > acc ? x.v : acc;
			break;
		default:
			break;
		}
		any = true;
	}
	e->member = -1;
	if (seen_unknown)
		return unknown;
	if (op == OP_ANY)
		return val(0);
	if (op == OP_ALL)
		return val(1);
	return val(acc);
}

/* Inlined into eval, its only caller: one call per node visited, not two. */
static inline __attribute__((always_inline)) struct rule_value
eval_node(struct eval *e, const struct rule_node *n);

/* A leaf's value without condition records (rule_share marked the
 * comparisons whose operands are both leaves); as eval_node gives it. */
static struct rule_value leaf_value(const struct eval *e, const struct rule_node *n)
{
	const struct rule_env *env = e->env;
	switch ((enum rule_op)n->op) {
	case OP_HFACT:
		return fact_value(env->facts->h[n->v], env->facts->hmiss[n->v]);
	case OP_MFACT:
		return fact_value(env->facts->m[e->member][n->v], env->facts->mmiss[e->member][n->v]);
	case OP_AFACT:
		if (env->facts->count == 0) {
			struct rule_why w = {WHY_FACT, 1, MK_ID};
			return missing(w);
		}
		return fact_value(env->facts->m[0][n->v], env->facts->mmiss[0][n->v]);
	case OP_PARAM:
		if (!env->param_ok[n->v]) {
			struct rule_why w = {WHY_PARAM, 0, (uint16_t)n->v};
			return missing(w);
		}
		return val(env->params[n->v]);
	default:
		return val(n->v); /* OP_NUM, OP_BOOL, OP_ENUM */
	}
}

/* A shared subtree (rule_share) is evaluated once a round: the verdicts it
 * reads are final before the first rule that reads it, as items are
 * matched in dependency order. */
static struct rule_value eval(struct eval *e, int i)
{
	const struct rule_node *n = &e->a->nodes[i];
	struct rule_env *env = e->env;
	if (n->memo < 0 || !env->memo || env->conds)
		return eval_node(e, n);
	struct rule_memo *slot = &env->memo[n->memo];
	if (slot->gen != env->gen) {
		slot->v = eval_node(e, n);
		slot->gen = env->gen;
	}
	return slot->v;
}

static inline __attribute__((always_inline)) struct rule_value
eval_node(struct eval *e, const struct rule_node *n)
{
	struct rule_env *env = e->env;
	switch ((enum rule_op)n->op) {
	case OP_NUM:
	case OP_BOOL:
	case OP_ENUM:
		return val(n->v);
	case OP_HFACT:
		return atom(env, n, fact_value(env->facts->h[n->v], env->facts->hmiss[n->v]));
	case OP_MFACT:
		return fact_value(env->facts->m[e->member][n->v],
				  env->facts->mmiss[e->member][n->v]);
	case OP_AFACT:
		if (env->facts->count == 0) {
			struct rule_why w = {WHY_FACT, 1, MK_ID};
			return missing(w);
		}
		return atom(env, n, fact_value(env->facts->m[0][n->v], env->facts->mmiss[0][n->v]));
	case OP_PARAM:
		if (!env->param_ok[n->v]) {
			struct rule_why w = {WHY_PARAM, 0, (uint16_t)n->v};
			return missing(w);
		}
		return val(env->params[n->v]);
	case OP_ITEM: {
		uint8_t v = env->verdicts[n->v];
		if (v == VERDICT_MISSING) {
			struct rule_why w = {WHY_ITEM, 0, (uint16_t)n->v};
			return atom(env, n, missing(w));
		}
		return atom(env, n, val(v == VERDICT_ELIGIBLE));
	}
	case OP_HOLDS:
		return atom(env, n, val(env->holds[n->v] != 0));
	case OP_NEG: {
		struct rule_value x = eval(e, n->a);
		if (is_known(x) && x.v == INT64_MIN)
			return arith_error();
		return is_known(x) ? val(-x.v) : x;
	}
	case OP_NOT: {
		struct rule_value x = eval(e, n->a);
		return record(env, n, x, x, is_known(x) ? val(!x.v) : x);
	}
	case OP_AND:
	case OP_OR: {
		struct rule_value l = eval(e, n->a);
		/* Without records (matching), a known left side that decides
		 * stops here; with records (explaining), every condition is
		 * evaluated so that each has its line. */
		if (!env->conds && is_known(l) && (l.v != 0) == (n->op == OP_OR))
			return l;
		struct rule_value r = eval(e, n->b);
		return record(env, n, l, r, n->op == OP_AND ? logic_and(l, r) : logic_or(l, r));
	}
	case OP_LT:
	case OP_LE:
	case OP_GT:
	case OP_GE:
	case OP_EQ:
	case OP_NE: {
		if (n->leaves && !env->conds) {
			const struct rule_node *x = &e->a->nodes[n->a], *y = &e->a->nodes[n->b];
			/* the commonest of all: a member's fact against a literal */
			if (x->op == OP_MFACT && y->op <= OP_ENUM) {
				struct hh_missing mm = env->facts->mmiss[e->member][x->v];
				if (mm.key != HH_NOT_MISSING)
					return fact_value(0, mm);
				return compare((enum rule_op)n->op, val(env->facts->m[e->member][x->v]), val(y->v));
			}
			return compare((enum rule_op)n->op, leaf_value(e, x), leaf_value(e, y));
		}
		struct rule_value l = eval(e, n->a);
		struct rule_value r = eval(e, n->b);
		return record(env, n, l, r, compare((enum rule_op)n->op, l, r));
	}
	case OP_ADD:
	case OP_SUB:
	case OP_MUL:
	case OP_DIV:
		return arith((enum rule_op)n->op, eval(e, n->a), eval(e, n->b));
	case OP_IF: {
		struct rule_value c = eval(e, n->a);
		if (!is_known(c))
			return c;
		return eval(e, c.v ? n->b : n->c);
	}
	case OP_COUNT:
	case OP_ANY:
	case OP_ALL:
	case OP_SUM:
	case OP_MIN:
	case OP_MAX:
		return atom(env, n, aggregate(e, n));
	}
	return arith_error();
}

struct rule_value rule_eval(const struct rule_arena *a, int root, struct rule_env *env)
{
	struct eval e = {a, env, -1};
	return eval(&e, root);
}

struct rule_value rule_eval_member(const struct rule_arena *a, int root, struct rule_env *env,
				   int member)
{
	struct eval e = {a, env, member};
	return eval(&e, root);
}

/* The flat code of rule_code.c.  Each operation does what eval_node does
 * for its node without records; the aggregate loop is aggregate()'s. */

static int64_t literal(const int32_t *w)
{
	return (int64_t)((uint64_t)(uint32_t)w[0] | (uint64_t)(uint32_t)w[1] << 32);
}

/* The one aggregate running (aggregates do not nest): aggregate()'s state. */
struct agg {
	enum rule_op op;
	struct rule_value unknown;
	bool seen_unknown, any;
	int64_t acc;
};

/* One member's value into the aggregate; true when that decides it
 * (any/all, or an overflowing sum), with the value in *done. */
static inline bool agg_step(struct agg *g, struct rule_value x, struct rule_value *done)
{
	if (!is_known(x)) {
		if (!g->seen_unknown)
			g->unknown = x;
		g->seen_unknown = true;
		return false;
	}
	switch (g->op) {
	case OP_COUNT:
		g->acc += x.v ? DEC_SCALE : 0;
		break;
	case OP_ANY:
		if (x.v) {
			*done = val(1);
			return true;
		}
		break;
	case OP_ALL:
		if (!x.v) {
			*done = val(0);
			return true;
		}
		break;
	case OP_SUM:
		if (!dec_add(g->acc, x.v, &g->acc)) {
			*done = arith_error();
			return true;
		}
		break;
	case OP_MIN:
		g->acc = !g->any || x.v < g->acc ? x.v : g->acc;
		break;
	case OP_MAX:
		g->acc = !g->any || x.v > g->acc ? x.v : g->acc;
		break;
	default:
		break;
	}
	g->any = true;
	return false;
}

/* The aggregate's value after the last member. */
static inline struct rule_value agg_value(const struct agg *g);

/* On to the next member: the loop's top, or, after the last, the
 * aggregate's value pushed and `after`.  Returns the next pc. */
static inline int agg_next(const struct agg *g, int *member, int count, struct rule_value *st,
			   int *sp, int top, int after)
{
	if (++*member < count)
		return top;
	*member = -1;
	st[(*sp)++] = agg_value(g);
	return after;
}

static inline struct rule_value agg_value(const struct agg *g)
{
	return g->seen_unknown	  ? g->unknown
	       : g->op == OP_ANY ? val(0)
	       : g->op == OP_ALL ? val(1)
				 : val(g->acc);
}

struct rule_value rule_code_run(const struct rule_arena *a, int entry, struct rule_env *env)
{
	const int32_t *code = a->code;
	const struct hh_facts *f = env->facts;
	struct rule_value st[RULE_CODE_STACK];
	int sp = 0, pc = entry, member = -1;
	struct agg g = {OP_COUNT, {0, {WHY_NONE, 0, 0}}, false, false, 0};
	for (;;) {
		switch ((enum rule_code_op)code[pc]) {
		case RC_END:
			return st[sp - 1];
		case RC_CONST:
			st[sp++] = val(literal(&code[pc + 1]));
			pc += 3;
			break;
		case RC_HFACT:
			st[sp++] = fact_value(f->h[code[pc + 1]], f->hmiss[code[pc + 1]]);
			pc += 2;
			break;
		case RC_MFACT:
			st[sp++] = fact_value(f->m[member][code[pc + 1]], f->mmiss[member][code[pc + 1]]);
			pc += 2;
			break;
		case RC_AFACT:
			if (f->count == 0) {
				struct rule_why w = {WHY_FACT, 1, MK_ID};
				st[sp++] = missing(w);
			} else {
				st[sp++] = fact_value(f->m[0][code[pc + 1]], f->mmiss[0][code[pc + 1]]);
			}
			pc += 2;
			break;
		case RC_PARAM: {
			int p = code[pc + 1];
			if (!env->param_ok[p]) {
				struct rule_why w = {WHY_PARAM, 0, (uint16_t)p};
				st[sp++] = missing(w);
			} else {
				st[sp++] = val(env->params[p]);
			}
			pc += 2;
			break;
		}
		case RC_ITEM: {
			int x = code[pc + 1];
			if (env->verdicts[x] == VERDICT_MISSING) {
				struct rule_why w = {WHY_ITEM, 0, (uint16_t)x};
				st[sp++] = missing(w);
			} else {
				st[sp++] = val(env->verdicts[x] == VERDICT_ELIGIBLE);
			}
			pc += 2;
			break;
		}
		case RC_HOLDS:
			st[sp++] = val(env->holds[code[pc + 1]] != 0);
			pc += 2;
			break;
		case RC_NEG: {
			struct rule_value x = st[sp - 1];
			st[sp - 1] = !is_known(x)	? x
				     : x.v == INT64_MIN ? arith_error()
							: val(-x.v);
			pc++;
			break;
		}
		case RC_NOT: {
			struct rule_value x = st[sp - 1];
			st[sp - 1] = is_known(x) ? val(!x.v) : x;
			pc++;
			break;
		}
		case RC_CMP: {
			sp--;
			st[sp - 1] = compare((enum rule_op)code[pc + 1], st[sp - 1], st[sp]);
			pc += 2;
			break;
		}
		case RC_CMP_ML: {
			int fact = code[pc + 2];
			struct hh_missing mm = f->mmiss[member][fact];
			st[sp++] = mm.key != HH_NOT_MISSING
					   ? fact_value(0, mm)
					   : compare((enum rule_op)code[pc + 1], val(f->m[member][fact]),
						     val(literal(&code[pc + 3])));
			pc += 5;
			break;
		}
		case RC_ARITH: {
			sp--;
			st[sp - 1] = arith((enum rule_op)code[pc + 1], st[sp - 1], st[sp]);
			pc += 2;
			break;
		}
		case RC_AND:
		case RC_OR: {
			struct rule_value l = st[sp - 1];
			if (is_known(l) && (l.v != 0) == (code[pc] == RC_OR))
				pc = code[pc + 1];
			else
				pc += 2;
			break;
		}
		case RC_LAND:
		case RC_LOR:
			sp--;
			st[sp - 1] = code[pc] == RC_LAND ? logic_and(st[sp - 1], st[sp])
							 : logic_or(st[sp - 1], st[sp]);
			pc++;
			break;
		case RC_IF: {
			struct rule_value c = st[sp - 1];
			if (!is_known(c)) {
				pc = code[pc + 2]; /* the missing test stays as the value */
			} else {
				sp--;
				pc = c.v ? pc + 3 : code[pc + 1];
			}
			break;
		}
		case RC_JUMP:
			pc = code[pc + 1];
			break;
		case RC_MEMO: {
			const struct rule_memo *slot = env->memo ? &env->memo[code[pc + 1]] : NULL;
			if (slot && slot->gen == env->gen) {
				st[sp++] = slot->v;
				pc = code[pc + 2];
			} else {
				pc += 3;
			}
			break;
		}
		case RC_STORE:
			if (env->memo) {
				env->memo[code[pc + 1]].v = st[sp - 1];
				env->memo[code[pc + 1]].gen = env->gen;
			}
			pc += 2;
			break;
		case RC_AGG:
			g.op = (enum rule_op)code[pc + 1];
			g.unknown = val(0);
			g.seen_unknown = g.any = false;
			g.acc = 0;
			if (f->count == 0) {
				st[sp++] = agg_value(&g);
				pc = code[pc + 2];
			} else {
				member = 0;
				pc += 3;
			}
			break;
		case RC_FILTER: {
			struct rule_value w = st[--sp];
			if (!is_known(w) || !w.v) {
				if (!is_known(w) && !g.seen_unknown) {
					g.unknown = w;
					g.seen_unknown = true;
				}
				pc = code[pc + 1];
			} else {
				pc += 2;
			}
			break;
		}
		case RC_STEP: {
			struct rule_value done;
			if (agg_step(&g, st[--sp], &done)) {
				st[sp++] = done;
				member = -1;
				pc = code[pc + 1];
			} else {
				pc += 2;
			}
			break;
		}
		case RC_NEXT:
			pc = agg_next(&g, &member, f->count, st, &sp, code[pc + 1], pc + 2);
			break;
		case RC_STEP_NEXT: {
			struct rule_value done;
			if (agg_step(&g, st[--sp], &done)) {
				st[sp++] = done;
				member = -1;
				pc = code[pc + 1];
			} else {
				pc = agg_next(&g, &member, f->count, st, &sp, code[pc + 2], pc + 3);
			}
			break;
		}
		case RC_CMP_MLJ: {
			int fact = code[pc + 3];
			struct hh_missing mm = f->mmiss[member][fact];
			struct rule_value l = mm.key != HH_NOT_MISSING
						      ? fact_value(0, mm)
						      : compare((enum rule_op)code[pc + 2],
								val(f->m[member][fact]), val(literal(&code[pc + 4])));
			st[sp++] = l;
			if (is_known(l) && (l.v != 0) == (code[pc + 1] == RC_OR))
				pc = code[pc + 6];
			else
				pc += 7;
			break;
		}
		case RC_CMP_MP: {
			int fact = code[pc + 2], p = code[pc + 3];
			struct rule_value r;
			if (!env->param_ok[p]) {
				struct rule_why w = {WHY_PARAM, 0, (uint16_t)p};
				r = missing(w);
			} else {
				r = val(env->params[p]);
			}
			st[sp++] = compare((enum rule_op)code[pc + 1],
					   fact_value(f->m[member][fact], f->mmiss[member][fact]), r);
			pc += 4;
			break;
		}
		}
	}
}
