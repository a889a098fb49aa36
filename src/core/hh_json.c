/* hh_json.c - the household document reader (see hh_json.h).
 *
 * A small recursive-descent JSON reader bounded in every direction: it is
 * the first code that hostile jsonb meets inside the database server. */
#include "onedoor/hh_json.h"

#include "onedoor/i18n.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Deeper than any document of ours; skipping a nested value stops here. */
#define MAX_DEPTH 32

struct reader {
	const char *p, *end;
	struct diag *d;
};

static bool fail(struct reader *r, const char *what)
{
	diag_set(r->d, OD_ERR_SYNTAX, _("household document: %s"), what);
	return false;
}

static void skip_ws(struct reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

static bool at(struct reader *r, char c)
{
	skip_ws(r);
	return r->p < r->end && *r->p == c;
}

static bool expect(struct reader *r, char c)
{
	if (!at(r, c))
		return fail(r, _("malformed JSON"));
	r->p++;
	return true;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static bool read_u16(struct reader *r, unsigned *cp)
{
	if (r->end - r->p < 4)
		return false;
	*cp = 0;
	for (int i = 0; i < 4; i++) {
		int h = hex_digit(r->p[i]);
		if (h < 0)
			return false;
		*cp = *cp * 16 + (unsigned)h;
	}
	r->p += 4;
	return true;
}

/* Encodes a code point as UTF-8 into buf; returns the length. */
static size_t utf8_encode(unsigned cp, char buf[4])
{
	if (cp < 0x80) {
		buf[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		buf[0] = (char)(0xC0 | cp >> 6);
		buf[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		buf[0] = (char)(0xE0 | cp >> 12);
		buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		buf[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	buf[0] = (char)(0xF0 | cp >> 18);
	buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	buf[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Reads a string literal (at its opening quote) into out, NUL-terminated;
 * out NULL skips it.  Longer than size-1 bytes is refused, so that a 10 MB
 * value is an error and not a truncated fact. */
static bool read_string(struct reader *r, char *out, size_t size)
{
	if (!expect(r, '"'))
		return false;
	size_t n = 0;
	while (r->p < r->end && *r->p != '"') {
		char buf[4];
		size_t len = 1;
		unsigned char c = (unsigned char)*r->p++;
		if (c < 0x20)
			return fail(r, _("control character in a string"));
		buf[0] = (char)c;
		if (c == '\\') {
			if (r->p >= r->end)
				break;
			char e = *r->p++;
			unsigned cp;
			switch (e) {
			case 'n': buf[0] = '\n'; break;
			case 't': buf[0] = '\t'; break;
			case 'r': buf[0] = '\r'; break;
			case 'b': buf[0] = '\b'; break;
			case 'f': buf[0] = '\f'; break;
			case '"': case '\\': case '/': buf[0] = e; break;
			case 'u':
				if (!read_u16(r, &cp))
					return fail(r, _("malformed \\u escape"));
				if (cp >= 0xD800 && cp < 0xDC00) {
					unsigned lo;
					if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
						return fail(r, _("malformed \\u escape"));
					r->p += 2;
					if (!read_u16(r, &lo) || lo < 0xDC00 || lo > 0xDFFF)
						return fail(r, _("malformed \\u escape"));
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				} else if ((cp >= 0xDC00 && cp <= 0xDFFF) || cp == 0) {
					return fail(r, _("malformed \\u escape"));
				}
				len = utf8_encode(cp, buf);
				break;
			default:
				return fail(r, _("malformed JSON"));
			}
		}
		if (out) {
			if (n + len >= size)
				return fail(r, _("a value is too long"));
			memcpy(out + n, buf, len);
		}
		n += len;
	}
	if (r->p >= r->end)
		return fail(r, _("unterminated string"));
	r->p++;
	if (out)
		out[n] = '\0';
	return true;
}

/* A JSON number as written, into out (bounded like a string). */
static bool read_number(struct reader *r, char *out, size_t size)
{
	const char *s = r->p;
	if (r->p < r->end && *r->p == '-')
		r->p++;
	size_t digits = 0;
	while (r->p < r->end && ((*r->p >= '0' && *r->p <= '9') || *r->p == '.' || *r->p == 'e' ||
				 *r->p == 'E' || *r->p == '+' || *r->p == '-')) {
		digits += *r->p >= '0' && *r->p <= '9';
		r->p++;
	}
	size_t n = (size_t)(r->p - s);
	if (digits == 0)
		return fail(r, _("malformed JSON"));
	if (n >= size)
		return fail(r, _("a value is too long"));
	if (out) {
		memcpy(out, s, n);
		out[n] = '\0';
	}
	return true;
}

static bool literal(struct reader *r, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0)
		return fail(r, _("malformed JSON"));
	r->p += n;
	return true;
}

static bool skip_value(struct reader *r, int depth);

/* Skips the members of an object or array whose opening bracket was read. */
static bool skip_members(struct reader *r, char close, int depth)
{
	if (at(r, close)) {
		r->p++;
		return true;
	}
	for (;;) {
		if (close == '}' && (!read_string(r, NULL, 0) || !expect(r, ':')))
			return false;
		if (!skip_value(r, depth))
			return false;
		if (at(r, ',')) {
			r->p++;
			continue;
		}
		return expect(r, close);
	}
}

static bool skip_value(struct reader *r, int depth)
{
	if (depth > MAX_DEPTH)
		return fail(r, _("nested too deeply"));
	skip_ws(r);
	if (r->p >= r->end)
		return fail(r, _("malformed JSON"));
	switch (*r->p) {
	case '"':
		return read_string(r, NULL, 0);
	case '{':
	case '[':
		return skip_members(r, *r->p++ == '{' ? '}' : ']', depth + 1);
	case 't':
		return literal(r, "true");
	case 'f':
		return literal(r, "false");
	case 'n':
		return literal(r, "null");
	default:
		return read_number(r, NULL, 64);
	}
}

enum scalar { SC_TEXT, SC_NULL, SC_NESTED };

/* One fact's value as text: strings as they are, numbers as written,
 * true/false as yes/no (the household file's words). */
static bool read_scalar(struct reader *r, char *out, size_t size, enum scalar *kind)
{
	skip_ws(r);
	*kind = SC_TEXT;
	if (r->p >= r->end)
		return fail(r, _("malformed JSON"));
	switch (*r->p) {
	case '"':
		return read_string(r, out, size);
	case '{':
	case '[':
		*kind = SC_NESTED;
		return skip_value(r, 1);
	case 't':
		snprintf(out, size, "yes");
		return literal(r, "true");
	case 'f':
		snprintf(out, size, "no");
		return literal(r, "false");
	case 'n':
		*kind = SC_NULL;
		return literal(r, "null");
	default:
		return read_number(r, out, size);
	}
}

struct bad_count {
	int n;
	struct diag *d;
};

static void count_bad(struct bad_count *b, int member, const char *key, enum od_status st,
		      const struct diag *why)
{
	if (st == OD_OK || st == OD_ERR_NOT_FOUND)
		return;
	if (b->n++ == 0 && b->d) {
		if (member < 0)
			diag_set(b->d, OD_ERR_VALUE, "%s: %s", key, why->text);
		else
			diag_set(b->d, OD_ERR_VALUE, _("member %d: %s: %s"), member + 1, key,
				 why->text);
	}
}

static void set_fact(struct hh_input *in, int member, const char *key, const char *value,
		     struct bad_count *bad)
{
	struct diag why;
	snprintf(why.text, sizeof why.text, "%s", _("invalid value"));
	if (!*value)
		return; /* blank: not entered, as in a household file */
	enum od_status st = member < 0 ? hh_input_set(in, key, value, &why)
				       : hh_input_set_member(in, member, key, value, &why);
	count_bad(bad, member, key, st, &why);
}

/* A flat object of facts for the household (member < 0) or a member. */
static bool read_facts(struct reader *r, struct hh_input *in, int member, struct bad_count *bad)
{
	if (at(r, 'n'))
		return literal(r, "null");
	if (!expect(r, '{'))
		return false;
	if (at(r, '}')) {
		r->p++;
		return true;
	}
	for (;;) {
		char key[64], value[HH_JSON_VALUE_MAX];
		enum scalar kind;
		if (!read_string(r, key, sizeof key) || !expect(r, ':') ||
		    !read_scalar(r, value, sizeof value, &kind))
			return false;
		if (kind == SC_NESTED) {
			struct diag why;
			diag_set(&why, OD_ERR_VALUE, "%s", _("not a single value"));
			count_bad(bad, member, key, OD_ERR_VALUE, &why);
		} else if (kind == SC_TEXT) {
			set_fact(in, member, key, value, bad);
		}
		if (at(r, ',')) {
			r->p++;
			continue;
		}
		return expect(r, '}');
	}
}

static bool read_member(struct reader *r, struct hh_input *in, int m, struct bad_count *bad)
{
	if (!expect(r, '{'))
		return false;
	/* The member exists even when it says nothing. */
	if (in->count < m + 1)
		in->count = m + 1;
	if (at(r, '}')) {
		r->p++;
		return true;
	}
	for (;;) {
		char key[64];
		if (!read_string(r, key, sizeof key) || !expect(r, ':'))
			return false;
		if (strcmp(key, "facts") == 0) {
			if (!read_facts(r, in, m, bad))
				return false;
		} else if (strcmp(key, "resident_id") == 0 || strcmp(key, "name") == 0 ||
			   strcmp(key, "relation") == 0) {
			char value[HH_JSON_VALUE_MAX];
			enum scalar kind;
			if (!read_scalar(r, value, sizeof value, &kind))
				return false;
			const char *fact = strcmp(key, "resident_id") == 0 ? "id" : key;
			if (kind == SC_TEXT)
				set_fact(in, m, fact, value, bad);
			else if (kind == SC_NESTED)
				return fail(r, _("a member's resident_id, name and relation are texts"));
		} else if (!skip_value(r, 1)) {
			return false;
		}
		if (at(r, ',')) {
			r->p++;
			continue;
		}
		return expect(r, '}');
	}
}

static bool read_members(struct reader *r, struct hh_input *in, struct bad_count *bad)
{
	if (!expect(r, '['))
		return false;
	if (at(r, ']')) {
		r->p++;
		return true;
	}
	for (int m = 0;; m++) {
		if (m >= HH_MAX_MEMBERS) {
			char why[128];
			snprintf(why, sizeof why, _("a household has at most %d members"),
				 HH_MAX_MEMBERS);
			return fail(r, why);
		}
		if (!read_member(r, in, m, bad))
			return false;
		if (at(r, ',')) {
			r->p++;
			continue;
		}
		return expect(r, ']');
	}
}

/* The top-level keys of interest, applied in this order whatever the
 * document's order (jsonb sorts keys by length): the region before the
 * facts, as the database path always did, so a region among the facts wins. */
enum part { P_REGION, P_HUKOU, P_FACTS, P_MEMBERS, P_COUNT };
static const char *const part_names[P_COUNT] = {"region", "hukou", "facts", "members"};

enum od_status hh_json_read(const char *json, size_t len, struct hh_input *in, int *bad,
			    struct diag *bad_diag, struct diag *d)
{
	struct reader r = {json, json + len, d};
	struct bad_count counted = {0, bad_diag};
	const char *start[P_COUNT] = {NULL, NULL, NULL, NULL};
	hh_input_init(in);
	if (bad)
		*bad = 0;
	if (!expect(&r, '{'))
		return OD_ERR_SYNTAX;
	if (at(&r, '}')) {
		r.p++;
	} else {
		for (;;) {
			char key[64];
			if (!read_string(&r, key, sizeof key) || !expect(&r, ':'))
				return OD_ERR_SYNTAX;
			skip_ws(&r);
			for (int p = 0; p < P_COUNT; p++)
				if (strcmp(key, part_names[p]) == 0)
					start[p] = r.p;
			if (!skip_value(&r, 1))
				return OD_ERR_SYNTAX;
			if (at(&r, ',')) {
				r.p++;
				continue;
			}
			if (!expect(&r, '}'))
				return OD_ERR_SYNTAX;
			break;
		}
	}
	skip_ws(&r);
	if (r.p != r.end) {
		fail(&r, _("malformed JSON"));
		return OD_ERR_SYNTAX;
	}
	/* The whole document is well-formed; now its parts, in order. */
	for (int p = 0; p < P_COUNT; p++) {
		if (!start[p])
			continue;
		struct reader part = {start[p], json + len, d};
		bool ok = true;
		if (p == P_FACTS) {
			ok = read_facts(&part, in, -1, &counted);
		} else if (p == P_MEMBERS) {
			ok = at(&part, 'n') ? literal(&part, "null")
					    : read_members(&part, in, &counted);
		} else {
			char value[HH_JSON_VALUE_MAX];
			enum scalar kind;
			ok = read_scalar(&part, value, sizeof value, &kind);
			if (ok && kind == SC_TEXT)
				set_fact(in, -1, part_names[p], value, &counted);
			else if (ok && kind == SC_NESTED)
				ok = fail(&part, _("region and hukou are texts"));
		}
		if (!ok)
			return OD_ERR_SYNTAX;
	}
	if (bad)
		*bad = counted.n;
	return OD_OK;
}
