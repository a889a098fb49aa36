/* server_message.c - the server's refusals in the reader's language
 * (server_message.h).  The formats and their pieces come from the table
 * generated from the migrations; nothing here knows a message. */
#include "onedoor/server_message.h"

#include "onedoor/i18n.h"
#include "onedoor/labels.h"

#include <stdio.h>
#include <string.h>

/* Values k .. of f from p on, the message ending at end: pieces[k + 1]
 * follows value k.  A piece that occurs more than once is tried at each
 * place (a case number never holds " is in stage ", but a reason may). */
static bool match_from(const struct server_format *f, int k, const char *p, const char *end,
		       struct server_value *v)
{
	const char *piece = f->pieces[k + 1];
	size_t len = strlen(piece);
	v[k].start = p;
	if (k + 1 == f->values) { /* the last piece ends the message */
		if ((size_t)(end - p) < len || memcmp(end - len, piece, len) != 0)
			return false;
		v[k].len = (size_t)(end - len - p);
		return true;
	}
	if (len == 0) { /* two values side by side: the first is empty */
		v[k].len = 0;
		return match_from(f, k + 1, p, end, v);
	}
	for (const char *q = strstr(p, piece); q; q = strstr(q + 1, piece)) {
		v[k].len = (size_t)(q - p);
		if (match_from(f, k + 1, q + len, end, v))
			return true;
	}
	return false;
}

static bool matches(const struct server_format *f, const char *message, size_t mlen,
		    struct server_value *v)
{
	size_t len = strlen(f->pieces[0]);
	if (strncmp(message, f->pieces[0], len) != 0)
		return false;
	if (f->values == 0)
		return mlen == len;
	return match_from(f, 0, message + len, message + mlen, v);
}

const struct server_format *server_message_match(struct server_formats table, const char *message,
						 struct server_value v[SERVER_MESSAGE_VALUES])
{
	size_t mlen = strlen(message);
	for (int i = 0; i < table.count; i++) {
		const struct server_format *f = &table.f[i];
		if (f->values <= SERVER_MESSAGE_VALUES && matches(f, message, mlen, v))
			return f;
	}
	return NULL;
}

struct out {
	char *p;
	size_t left;
};

static void put(struct out *o, const char *s, size_t len)
{
	if (o->left <= 1)
		return;
	bool cut = len >= o->left;
	if (cut) { /* never inside a UTF-8 character, and nothing after */
		len = o->left - 1;
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(o->p, s, len);
	o->p += len;
	o->left = cut ? 1 : o->left - len;
	*o->p = '\0';
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n >= t && strcmp(s + n - t, tail) == 0;
}

/* Which codes a value may be, in the order tried: a value the server wrote
 * in quotes is what someone typed and stays as it is. */
static const enum label_kind code_kinds[] = {
	LABEL_ROLE,     LABEL_CASE_ACTION,   LABEL_APP_STATUS,   LABEL_STAGE,
	LABEL_TRACK,    LABEL_CHECK,         LABEL_DECISION,
	LABEL_BENEFIT,  LABEL_ROLL_STATE,    LABEL_PAY_STATE,    LABEL_WARNING_STATE,
	LABEL_REPORT_STATE, LABEL_CARE_LEVEL, LABEL_SMS_STATE,
};

/* Codes and the server's value words are lower-case letters, digits, _
 * and spaces, starting with a letter: numbers, names and most of what
 * people type are not looked up. */
static bool looks_like_code(const struct server_value *v)
{
	for (size_t i = 0; i < v->len; i++) {
		char c = v->start[i];
		if (!((c >= 'a' && c <= 'z') || (i > 0 && ((c >= '0' && c <= '9') || c == '_' ||
							   c == ' '))))
			return false;
	}
	return v->len > 0;
}

/* A word the server gives as a value, as the table has it (NULL: none). */
static const char *value_word(struct server_formats table, const char *word)
{
	for (int i = 0; i < table.count; i++)
		if (table.f[i].kind == SERVER_VALUE && strcmp(table.f[i].pieces[0], word) == 0)
			return table.f[i].msgid;
	return NULL;
}

static void put_value(struct out *o, struct server_formats table, const struct server_format *f,
		      int k, const struct server_value *v)
{
	char code[64];
	const char *before = f->pieces[k];
	if (v->len < sizeof code && looks_like_code(v)) {
		memcpy(code, v->start, v->len);
		code[v->len] = '\0';
		const char *word = NULL;
		if (!ends_with(before, "\"")) { /* in quotes: what someone sent, as it is */
			static const enum label_kind stage[] = {LABEL_STAGE};
			word = ends_with(before, "stage ") ? label_first(stage, 1, code) : NULL;
			if (!word)
				word = label_first(code_kinds,
						   (int)(sizeof code_kinds / sizeof code_kinds[0]), code);
			if (!word)
				word = value_word(table, code);
			if (word)
				word = _(word);
		}
		/* An item or a department, quoted or not: by its name. */
		if (!word && table.name_of)
			word = table.name_of(table.ctx, code);
		if (word) {
			put(o, word, strlen(word));
			return;
		}
	}
	put(o, v->start, v->len);
}

/* The translation of f's format with the values: %s takes the next value,
 * %N$s the N-th (a translation may put them in its own order), %% is %. */
static void fill(struct out *o, struct server_formats table, const struct server_format *f,
		 const struct server_value *v)
{
	const char *t = _(f->msgid);
	int next = 0;
	while (*t) {
		const char *pct = strchr(t, '%');
		if (!pct) {
			put(o, t, strlen(t));
			return;
		}
		put(o, t, (size_t)(pct - t));
		t = pct + 1;
		int k = next;
		if (*t == '%') {
			put(o, "%", 1);
			t++;
			continue;
		}
		if (*t >= '1' && *t <= '9' && t[1] == '$') {
			k = *t - '1';
			t += 2;
		}
		if (*t == 's') {
			t++;
			if (k < f->values)
				put_value(o, table, f, k, &v[k]);
			next = k + 1;
		} else {
			put(o, "%", 1); /* not a directive: as it is */
		}
	}
}

bool server_message_translate(struct server_formats table, const char *message, const char *hint,
			      char *out, size_t size)
{
	struct out o = {out, size};
	struct server_value v[SERVER_MESSAGE_VALUES];
	const struct server_format *f = server_message_match(table, message, v);
	bool matched = f != NULL;
	if (size == 0)
		return matched;
	*out = '\0';
	if (f)
		fill(&o, table, f, v);
	else
		put(&o, message, strlen(message));
	if (hint && *hint && (f = server_message_match(table, hint, v)) != NULL && f->kind == SERVER_HINT) {
		put(&o, " ", 1);
		fill(&o, table, f, v);
	}
	return matched;
}
