/* rule_parse.c - lexer, parser and type checker of the rule language.
 *
 * One pass: the recursive-descent parser builds nodes in the arena and
 * types each as it goes, so every error is found at load with its column.
 * On error the nodes added so far stay in the arena unused; the catalogue
 * that owns the arena is thrown away anyway. */
#include "onedoor/rule.h"

#include "onedoor/i18n.h"
#include "onedoor/xalloc.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 48

enum tok {
	T_END, T_NUM, T_STR, T_IDENT, T_LPAREN, T_RPAREN, T_DOT,
	T_LT, T_LE, T_GT, T_GE, T_EQ, T_NE, T_PLUS, T_MINUS, T_STAR, T_SLASH,
	T_AND, T_OR, T_NOT, T_IF, T_THEN, T_ELSE, T_TRUE, T_FALSE, T_WHERE
};

struct parser {
	struct rule_arena *a;
	const char *text; /* the arena's copy */
	int32_t base;     /* offset of text in the arena */
	const struct rule_names *names;
	const struct rule_origin *origin;
	struct diag *d;
	enum od_status st;
	int pos;                     /* next unread byte */
	enum tok tok;                /* current token */
	int tpos, tlen;              /* its text */
	dec_t tnum;
	int depth;
	bool in_agg;
};

static const struct {
	const char *word;
	enum tok tok;
} keywords[] = {
	{"and", T_AND},   {"or", T_OR},	    {"not", T_NOT},	{"if", T_IF},
	{"then", T_THEN}, {"else", T_ELSE}, {"true", T_TRUE}, {"false", T_FALSE},
	{"where", T_WHERE},
};

__attribute__((format(printf, 4, 5))) static int fail(struct parser *p, enum od_status st,
						      int pos, const char *fmt, ...)
{
	if (p->st != OD_OK)
		return -1; /* keep the first error */
	char msg[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	p->st = st;
	diag_set(p->d, st, "%s:%d:%d: %s: %s", p->origin->file, p->origin->line, pos + 1,
		 p->origin->what, msg);
	return -1;
}

/* Reads the next token into p->tok. */
static void next(struct parser *p)
{
	const char *s = p->text;
	while (s[p->pos] && isspace((unsigned char)s[p->pos]))
		p->pos++;
	p->tpos = p->pos;
	char c = s[p->pos];
	if (!c) {
		p->tok = T_END;
		p->tlen = 0;
		return;
	}
	if (isdigit((unsigned char)c)) {
		int e = p->pos;
		while (isdigit((unsigned char)s[e]) || s[e] == '.')
			e++;
		p->tok = T_NUM;
		p->tlen = e - p->pos;
		if (!dec_parse_n(s + p->pos, p->tlen, &p->tnum))
			fail(p, OD_ERR_SYNTAX, p->pos,
			     _("\"%.*s\" is not a number (digits, at most 4 after the point)"),
			     p->tlen, s + p->pos);
		p->pos = e;
		return;
	}
	if (isalpha((unsigned char)c) || c == '_') {
		int e = p->pos;
		while (isalnum((unsigned char)s[e]) || s[e] == '_')
			e++;
		p->tok = T_IDENT;
		p->tlen = e - p->pos;
		for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
			if (strlen(keywords[i].word) == (size_t)p->tlen &&
			    memcmp(keywords[i].word, s + p->pos, (size_t)p->tlen) == 0)
				p->tok = keywords[i].tok;
		p->pos = e;
		return;
	}
	if (c == '"' || c == '\'') {
		const char *close = strchr(s + p->pos + 1, c);
		if (!close) {
			fail(p, OD_ERR_SYNTAX, p->pos, _("string not closed"));
			p->tok = T_END;
			return;
		}
		p->tok = T_STR;
		p->tpos = p->pos + 1;
		p->tlen = (int)(close - (s + p->pos + 1));
		p->pos = (int)(close - s) + 1;
		return;
	}
	char c2 = s[p->pos + 1];
	int len = 1;
	switch (c) {
	case '(': p->tok = T_LPAREN; break;
	case ')': p->tok = T_RPAREN; break;
	case '.': p->tok = T_DOT; break;
	case '+': p->tok = T_PLUS; break;
	case '-': p->tok = T_MINUS; break;
	case '*': p->tok = T_STAR; break;
	case '/': p->tok = T_SLASH; break;
	case '<':
		p->tok = c2 == '=' ? T_LE : c2 == '>' ? T_NE : T_LT;
		len = c2 == '=' || c2 == '>' ? 2 : 1;
		break;
	case '>':
		p->tok = c2 == '=' ? T_GE : T_GT;
		len = c2 == '=' ? 2 : 1;
		break;
	case '=':
		p->tok = T_EQ;
		len = c2 == '=' ? 2 : 1;
		break;
	case '!':
		if (c2 == '=') {
			p->tok = T_NE;
			len = 2;
			break;
		}
		/* fall through */
	default: {
		/* Show the whole UTF-8 character, not one byte of it. */
		int n = 1;
		while (((unsigned char)s[p->pos + n] & 0xC0) == 0x80)
			n++;
		fail(p, OD_ERR_SYNTAX, p->pos, _("unexpected character \"%.*s\""), n, s + p->pos);
		p->tok = T_END;
		return;
	}
	}
	p->tlen = len;
	p->pos += len;
}

static int add(struct parser *p, enum rule_op op, enum rule_type type, int start)
{
	struct rule_arena *a = p->a;
	if (a->count == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 256;
		a->nodes = xreallocarray(a->nodes, (size_t)a->cap, sizeof *a->nodes);
	}
	struct rule_node *n = &a->nodes[a->count];
	memset(n, 0, sizeof *n);
	n->op = (uint8_t)op;
	n->type = (uint8_t)type;
	n->a = n->b = n->c = -1;
	n->src = p->base + start;
	n->len = p->tpos - start; /* up to the current token; callers fix it */
	n->col = start + 1;
	n->cond = -1;
	n->memo = -1;
	n->in_agg = p->in_agg;
	return a->count++;
}

static struct rule_node *node(struct parser *p, int i)
{
	return &p->a->nodes[i];
}

/* Ends node i's source text where the previous token ended. */
static void end_at(struct parser *p, int i, int end)
{
	struct rule_node *n = node(p, i);
	n->len = p->base + end - n->src;
}

static const char *type_name(enum rule_type t)
{
	switch (t) {
	case RT_NUM:
		return _("a number");
	case RT_BOOL:
		return _("yes/no");
	case RT_ENUM:
		return _("a value name");
	}
	return "";
}

static int parse_expr(struct parser *p);

/* A yes/no atom outside an aggregate is a condition of its own in the
 * explanation (item.X, holds.X, any(...), a yes/no fact). */
static void atom_cond(struct parser *p, int i)
{
	struct rule_node *n = node(p, i);
	if (!p->in_agg && n->type == RT_BOOL)
		n->cond = p->a->conds++;
}

static bool accept(struct parser *p, enum tok t)
{
	if (p->tok != t)
		return false;
	next(p);
	return true;
}

static bool expect(struct parser *p, enum tok t, const char *what)
{
	if (p->st != OD_OK)
		return false;
	if (p->tok == t) {
		next(p);
		return true;
	}
	if (p->tok == T_END)
		fail(p, OD_ERR_SYNTAX, p->tpos, _("expected %s before the end of the rule"), what);
	else
		fail(p, OD_ERR_SYNTAX, p->tpos, _("expected %s, found \"%.*s\""), what, p->tlen,
		     p->text + p->tpos);
	return false;
}

static bool need_type(struct parser *p, int i, enum rule_type t, const char *what)
{
	if (i < 0)
		return false;
	if (node(p, i)->type == t)
		return true;
	fail(p, OD_ERR_VALUE, node(p, i)->col - 1, _("%s needs %s here, not %s"), what,
	     type_name(t), type_name((enum rule_type)node(p, i)->type));
	return false;
}

/* "name.": reads the identifier after a dot. */
static bool dotted(struct parser *p, int *pos, int *len)
{
	if (!expect(p, T_DOT, "\".\""))
		return false;
	if (p->tok != T_IDENT) {
		fail(p, OD_ERR_SYNTAX, p->tpos, _("expected a name after \".\""));
		return false;
	}
	*pos = p->tpos;
	*len = p->tlen;
	next(p);
	return true;
}

static int parse_aggregate(struct parser *p, enum rule_op op, int start)
{
	if (p->in_agg)
		return fail(p, OD_ERR_VALUE, start, _("aggregates cannot be nested"));
	if (!expect(p, T_LPAREN, "\"(\""))
		return -1;
	p->in_agg = true;
	int body = parse_expr(p);
	int where = -1;
	bool numeric = op == OP_SUM || op == OP_MIN || op == OP_MAX;
	if (body >= 0 && numeric && accept(p, T_WHERE))
		where = parse_expr(p);
	p->in_agg = false;
	if (body < 0 || p->st != OD_OK)
		return -1;
	if (!need_type(p, body, numeric ? RT_NUM : RT_BOOL, _("this aggregate")))
		return -1;
	if (where >= 0 && !need_type(p, where, RT_BOOL, "where"))
		return -1;
	int end = p->tpos;
	if (!expect(p, T_RPAREN, "\")\""))
		return -1;
	int n = add(p, op, op == OP_ANY || op == OP_ALL ? RT_BOOL : RT_NUM, start);
	node(p, n)->a = body;
	node(p, n)->b = where;
	atom_cond(p, n);
	end_at(p, n, end + 1);
	return n;
}

static int parse_name(struct parser *p)
{
	int start = p->tpos, len = p->tlen;
	const char *word = p->text + start;
	next(p);
	static const struct {
		const char *name;
		enum rule_op op;
	} aggs[] = {{"count", OP_COUNT}, {"any", OP_ANY}, {"all", OP_ALL},
		    {"sum", OP_SUM},	 {"min", OP_MIN}, {"max", OP_MAX}};
	if (p->tok == T_LPAREN)
		for (size_t i = 0; i < sizeof aggs / sizeof aggs[0]; i++)
			if (strlen(aggs[i].name) == (size_t)len && memcmp(aggs[i].name, word, (size_t)len) == 0)
				return parse_aggregate(p, aggs[i].op, start);
#define IS(s) (strlen(s) == (size_t)len && memcmp(s, word, (size_t)len) == 0)
	if (IS("param") || IS("item") || IS("holds") || IS("m") || IS("applicant")) {
		int npos, nlen;
		if (!dotted(p, &npos, &nlen))
			return -1;
		const char *name = p->text + npos;
		int n = -1;
		if (IS("param")) {
			int idx = p->names->param(p->names->arg, name, (size_t)nlen);
			if (idx < 0)
				return fail(p, OD_ERR_VALUE, npos, _("unknown parameter \"%.*s\""),
					    nlen, name);
			n = add(p, OP_PARAM, RT_NUM, start);
			node(p, n)->v = idx;
		} else if (IS("item") || IS("holds")) {
			int idx = p->names->item(p->names->arg, name, (size_t)nlen);
			if (idx < 0)
				return fail(p, OD_ERR_VALUE, npos, _("unknown item \"%.*s\""), nlen,
					    name);
			n = add(p, IS("item") ? OP_ITEM : OP_HOLDS, RT_BOOL, start);
			node(p, n)->v = idx;
			atom_cond(p, n);
		} else {
			int f = hm_fact_find(name, (size_t)nlen);
			if (f < 0)
				return fail(p, OD_ERR_VALUE, npos, _("unknown member fact \"%.*s\""),
					    nlen, name);
			if (IS("m") && !p->in_agg)
				return fail(p, OD_ERR_VALUE, start,
					    _("\"m.%.*s\" is only allowed inside count, any, all, "
					      "sum, min or max (use applicant.%.*s for the applicant)"),
					    nlen, name, nlen, name);
			const struct hh_fact_info *fi = hm_fact_info((enum hm_fact)f);
			n = add(p, IS("m") ? OP_MFACT : OP_AFACT, (enum rule_type)fi->type, start);
			node(p, n)->v = f;
			node(p, n)->domain = (uint8_t)fi->domain;
			atom_cond(p, n);
		}
		end_at(p, n, npos + nlen);
		return n;
	}
#undef IS
	int f = hh_fact_find(word, (size_t)len);
	if (f < 0) {
		if (hm_fact_find(word, (size_t)len) >= 0)
			return fail(p, OD_ERR_VALUE, start,
				    _("\"%.*s\" is a member fact: write m.%.*s or applicant.%.*s"),
				    len, word, len, word, len, word);
		return fail(p, OD_ERR_VALUE, start, _("unknown fact \"%.*s\""), len, word);
	}
	const struct hh_fact_info *fi = hh_fact_info((enum hh_fact)f);
	int n = add(p, OP_HFACT, (enum rule_type)fi->type, start);
	node(p, n)->v = f;
	node(p, n)->domain = (uint8_t)fi->domain;
	atom_cond(p, n);
	end_at(p, n, start + len);
	return n;
}

static int parse_primary(struct parser *p)
{
	if (p->st != OD_OK)
		return -1;
	int start = p->tpos;
	int n;
	switch (p->tok) {
	case T_NUM:
		n = add(p, OP_NUM, RT_NUM, start);
		node(p, n)->v = p->tnum;
		end_at(p, n, start + p->tlen);
		next(p);
		return n;
	case T_TRUE:
	case T_FALSE:
		n = add(p, OP_BOOL, RT_BOOL, start);
		node(p, n)->v = p->tok == T_TRUE;
		end_at(p, n, start + p->tlen);
		next(p);
		return n;
	case T_STR:
		/* Typed by the comparison that uses it (domain resolved there). */
		n = add(p, OP_ENUM, RT_ENUM, start);
		node(p, n)->domain = DOM_NONE;
		node(p, n)->src = p->base + p->tpos;
		node(p, n)->len = p->tlen;
		node(p, n)->col = start; /* the opening quote (start is after it) */
		next(p);
		return n;
	case T_LPAREN: {
		next(p);
		n = parse_expr(p);
		if (n >= 0 && expect(p, T_RPAREN, "\")\""))
			return n;
		return -1;
	}
	case T_IF: {
		next(p);
		int c = parse_expr(p);
		if (c < 0 || !need_type(p, c, RT_BOOL, "if") || !expect(p, T_THEN, "\"then\""))
			return -1;
		int t = parse_expr(p);
		if (t < 0 || !expect(p, T_ELSE, "\"else\""))
			return -1;
		int e = parse_expr(p);
		if (e < 0)
			return -1;
		if (node(p, t)->type != node(p, e)->type || node(p, t)->type == RT_ENUM)
			return fail(p, OD_ERR_VALUE, start,
				    _("\"then\" and \"else\" must both be numbers or both yes/no"));
		n = add(p, OP_IF, (enum rule_type)node(p, t)->type, start);
		node(p, n)->a = c;
		node(p, n)->b = t;
		node(p, n)->c = e;
		end_at(p, n, node(p, e)->src - p->base + node(p, e)->len);
		return n;
	}
	case T_IDENT:
		return parse_name(p);
	case T_END:
		return fail(p, OD_ERR_SYNTAX, p->tpos, _("expected a value before the end of the rule"));
	default:
		return fail(p, OD_ERR_SYNTAX, p->tpos, _("expected a value, found \"%.*s\""), p->tlen,
			    p->text + p->tpos);
	}
}

static int unary(struct parser *p, enum rule_op op, int start, int operand)
{
	int n = add(p, op, (enum rule_type)node(p, operand)->type, start);
	node(p, n)->a = operand;
	end_at(p, n, node(p, operand)->src - p->base + node(p, operand)->len);
	return n;
}

static int binary(struct parser *p, enum rule_op op, enum rule_type t, int l, int r)
{
	int start = node(p, l)->src - p->base;
	int n = add(p, op, t, start);
	node(p, n)->a = l;
	node(p, n)->b = r;
	end_at(p, n, node(p, r)->src - p->base + node(p, r)->len);
	return n;
}

static int parse_unary(struct parser *p)
{
	if (++p->depth > MAX_DEPTH)
		return fail(p, OD_ERR_SYNTAX, p->tpos, _("rule nested too deeply"));
	int start = p->tpos, n;
	if (accept(p, T_MINUS)) {
		int x = parse_unary(p);
		n = x >= 0 && need_type(p, x, RT_NUM, "\"-\"") ? unary(p, OP_NEG, start, x) : -1;
	} else {
		n = parse_primary(p);
	}
	p->depth--;
	return n;
}

static int parse_product(struct parser *p)
{
	int l = parse_unary(p);
	while (l >= 0 && (p->tok == T_STAR || p->tok == T_SLASH)) {
		enum rule_op op = p->tok == T_STAR ? OP_MUL : OP_DIV;
		next(p);
		int r = parse_unary(p);
		if (r < 0 || !need_type(p, l, RT_NUM, op == OP_MUL ? "\"*\"" : "\"/\"") ||
		    !need_type(p, r, RT_NUM, op == OP_MUL ? "\"*\"" : "\"/\""))
			return -1;
		l = binary(p, op, RT_NUM, l, r);
	}
	return l;
}

static int parse_sum(struct parser *p)
{
	int l = parse_product(p);
	while (l >= 0 && (p->tok == T_PLUS || p->tok == T_MINUS)) {
		enum rule_op op = p->tok == T_PLUS ? OP_ADD : OP_SUB;
		next(p);
		int r = parse_product(p);
		if (r < 0 || !need_type(p, l, RT_NUM, op == OP_ADD ? "\"+\"" : "\"-\"") ||
		    !need_type(p, r, RT_NUM, op == OP_ADD ? "\"+\"" : "\"-\""))
			return -1;
		l = binary(p, op, RT_NUM, l, r);
	}
	return l;
}

/* A string literal takes the domain of the enumerated value it meets. */
static bool resolve_enum(struct parser *p, int lit, int other)
{
	struct rule_node *n = node(p, lit);
	enum hh_domain dom = (enum hh_domain)node(p, other)->domain;
	if (node(p, other)->type != RT_ENUM || dom == DOM_NONE) {
		fail(p, OD_ERR_VALUE, n->col - 1,
		     _("\"%.*s\" can only be compared with a fact that has named values"), n->len,
		     p->a->text + n->src);
		return false;
	}
	int v = hh_domain_find(dom, p->a->text + n->src, (size_t)n->len);
	if (v < 0) {
		char list[200] = "";
		size_t used = 0;
		for (const char *const *s = hh_domain_values(dom); *s; s++) {
			int w = snprintf(list + used, sizeof list - used, "%s%s", used ? "|" : "", *s);
			if (w < 0 || (size_t)w >= sizeof list - used)
				break;
			used += (size_t)w;
		}
		fail(p, OD_ERR_VALUE, n->col - 1, _("\"%.*s\" is not a value of %s (%s)"), n->len,
		     p->a->text + n->src, hh_domain_name(dom), list);
		return false;
	}
	n->v = v;
	n->domain = (uint8_t)dom;
	return true;
}

static int parse_compare(struct parser *p)
{
	int l = parse_sum(p);
	enum rule_op op;
	switch (p->tok) {
	case T_LT: op = OP_LT; break;
	case T_LE: op = OP_LE; break;
	case T_GT: op = OP_GT; break;
	case T_GE: op = OP_GE; break;
	case T_EQ: op = OP_EQ; break;
	case T_NE: op = OP_NE; break;
	default:
		if (l >= 0 && node(p, l)->op == OP_ENUM && node(p, l)->domain == DOM_NONE)
			return fail(p, OD_ERR_VALUE, node(p, l)->col - 1,
				    _("a quoted value must be compared with a fact (= or !=)"));
		return l;
	}
	int optok = p->tpos, optlen = p->tlen;
	next(p);
	int r = parse_sum(p);
	if (l < 0 || r < 0)
		return -1;
	bool lit_l = node(p, l)->op == OP_ENUM && node(p, l)->domain == DOM_NONE;
	bool lit_r = node(p, r)->op == OP_ENUM && node(p, r)->domain == DOM_NONE;
	if (lit_l && lit_r)
		return fail(p, OD_ERR_VALUE, optok, _("compares two quoted values"));
	if ((lit_l && !resolve_enum(p, l, r)) || (lit_r && !resolve_enum(p, r, l)))
		return -1;
	enum rule_type lt = (enum rule_type)node(p, l)->type, rt = (enum rule_type)node(p, r)->type;
	bool ordered = op != OP_EQ && op != OP_NE;
	if (ordered && (lt != RT_NUM || rt != RT_NUM))
		return fail(p, OD_ERR_VALUE, optok, _("\"%.*s\" compares numbers, not %s"),
			    optlen, p->text + optok, type_name(lt != RT_NUM ? lt : rt));
	if (lt != rt || (lt == RT_ENUM && node(p, l)->domain != node(p, r)->domain))
		return fail(p, OD_ERR_VALUE, optok, _("cannot compare %s with %s"), type_name(lt),
			    type_name(rt));
	/* An atom compared with something is explained by the comparison. */
	node(p, l)->cond = node(p, r)->cond = -1;
	int n = binary(p, op, RT_BOOL, l, r);
	if (!p->in_agg)
		node(p, n)->cond = p->a->conds++;
	if (p->tok >= T_LT && p->tok <= T_NE)
		return fail(p, OD_ERR_SYNTAX, p->tpos,
			    _("comparisons cannot be chained; join them with \"and\""));
	return n;
}

static int parse_not(struct parser *p)
{
	if (++p->depth > MAX_DEPTH)
		return fail(p, OD_ERR_SYNTAX, p->tpos, _("rule nested too deeply"));
	int start = p->tpos, n;
	if (accept(p, T_NOT)) {
		int x = parse_not(p);
		n = x >= 0 && need_type(p, x, RT_BOOL, "\"not\"") ? unary(p, OP_NOT, start, x) : -1;
		if (n >= 0)
			atom_cond(p, n);
	} else {
		n = parse_compare(p);
	}
	p->depth--;
	return n;
}

static int parse_and(struct parser *p)
{
	int l = parse_not(p);
	while (l >= 0 && accept(p, T_AND)) {
		int r = parse_not(p);
		if (r < 0 || !need_type(p, l, RT_BOOL, "\"and\"") ||
		    !need_type(p, r, RT_BOOL, "\"and\""))
			return -1;
		l = binary(p, OP_AND, RT_BOOL, l, r);
		atom_cond(p, l);
	}
	return l;
}

static int parse_expr(struct parser *p)
{
	if (++p->depth > MAX_DEPTH)
		return fail(p, OD_ERR_SYNTAX, p->tpos, _("rule nested too deeply"));
	int l = parse_and(p);
	while (l >= 0 && accept(p, T_OR)) {
		int r = parse_and(p);
		if (r < 0 || !need_type(p, l, RT_BOOL, "\"or\"") ||
		    !need_type(p, r, RT_BOOL, "\"or\""))
			return -1;
		l = binary(p, OP_OR, RT_BOOL, l, r);
		atom_cond(p, l);
	}
	p->depth--;
	return l;
}

/* Marks conditions that sit under "not", so the explanation can say whether
 * each one is satisfied in the sense the rule wants, and drops the records
 * of conditions that are not the rule's own (inside an if's test or an
 * operand): the explanation walks and/or/not down to its conditions only. */
static void set_polarity(struct rule_arena *a, int i, bool neg, bool visible)
{
	if (i < 0)
		return;
	struct rule_node *n = &a->nodes[i];
	n->neg = neg;
	if (!visible)
		n->cond = -1;
	switch ((enum rule_op)n->op) {
	case OP_NOT:
		set_polarity(a, n->a, !neg, visible);
		break;
	case OP_AND:
	case OP_OR:
		set_polarity(a, n->a, neg, visible);
		set_polarity(a, n->b, neg, visible);
		break;
	case OP_IF:
		set_polarity(a, n->a, false, false);
		set_polarity(a, n->b, neg, visible && n->type == RT_BOOL);
		set_polarity(a, n->c, neg, visible && n->type == RT_BOOL);
		break;
	default:
		set_polarity(a, n->a, false, false);
		set_polarity(a, n->b, false, false);
		set_polarity(a, n->c, false, false);
		break;
	}
}

void rule_arena_init(struct rule_arena *a)
{
	memset(a, 0, sizeof *a);
}

void rule_arena_free(struct rule_arena *a)
{
	free(a->nodes);
	free(a->code);
	free(a->text);
	memset(a, 0, sizeof *a);
}

const char *rule_node_text(const struct rule_arena *a, const struct rule_node *n)
{
	return a->text + n->src;
}

enum od_status rule_compile(struct rule_arena *a, const char *text, enum rule_type want,
			    const struct rule_names *names, const struct rule_origin *origin,
			    int *root, struct diag *d)
{
	*root = -1;
	size_t len = strlen(text);
	if (a->text_len + len + 1 > a->text_cap) {
		a->text_cap = (a->text_len + len + 1) * 2;
		a->text = xreallocarray(a->text, a->text_cap, 1);
	}
	int32_t base = (int32_t)a->text_len;
	memcpy(a->text + base, text, len + 1);
	a->text_len += len + 1;
	struct parser p = {.a = a, .base = base, .names = names, .origin = origin, .d = d,
			   .st = OD_OK};
	p.text = a->text + base;
	next(&p);
	if (p.tok == T_END && p.st == OD_OK)
		return fail(&p, OD_ERR_SYNTAX, 0, _("the rule is empty")), p.st;
	int n = parse_expr(&p);
	if (n >= 0 && p.st == OD_OK && p.tok != T_END)
		fail(&p, OD_ERR_SYNTAX, p.tpos, _("unexpected \"%.*s\" after the end of the rule"),
		     p.tlen, p.text + p.tpos);
	if (n >= 0 && p.st == OD_OK && node(&p, n)->type != want)
		fail(&p, OD_ERR_VALUE, 0,
		     want == RT_BOOL ? _("a condition must be yes/no, this is %s")
				     : _("an amount must be a number, this is %s"),
		     type_name((enum rule_type)node(&p, n)->type));
	if (p.st != OD_OK)
		return p.st;
	set_polarity(a, n, false, true);
	*root = n;
	return OD_OK;
}
