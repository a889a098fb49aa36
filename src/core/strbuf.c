/* strbuf.c - growing strings. */
#include "onedoor/strbuf.h"

#include "onedoor/text_width.h"
#include "onedoor/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reserve(struct strbuf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->text = xreallocarray(b->text, cap, 1);
	b->cap = cap;
}

void strbuf_append_n(struct strbuf *b, const char *s, size_t n)
{
	reserve(b, n);
	memcpy(b->text + b->len, s, n);
	b->len += n;
	b->text[b->len] = '\0';
}

void strbuf_append(struct strbuf *b, const char *s)
{
	strbuf_append_n(b, s, strlen(s));
}

void strbuf_printf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->text + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void strbuf_append_json(struct strbuf *b, const char *s)
{
	strbuf_append_n(b, "\"", 1);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			strbuf_append_n(b, "\\\"", 2);
			break;
		case '\\':
			strbuf_append_n(b, "\\\\", 2);
			break;
		case '\n':
			strbuf_append_n(b, "\\n", 2);
			break;
		case '\t':
			strbuf_append_n(b, "\\t", 2);
			break;
		default:
			if (*p < 0x20)
				strbuf_printf(b, "\\u%04x", *p);
			else
				strbuf_append_n(b, (const char *)p, 1);
		}
	}
	strbuf_append_n(b, "\"", 1);
}

const char *strbuf_text(const struct strbuf *b)
{
	return b->text ? b->text : "";
}

void strbuf_reset(struct strbuf *b)
{
	b->len = 0;
	if (b->text)
		b->text[0] = '\0';
}

void strbuf_free(struct strbuf *b)
{
	free(b->text);
	b->text = NULL;
	b->len = b->cap = 0;
}

void strbuf_cell(struct strbuf *b, const char *text, int cols, bool right)
{
	char fit[512];
	int used = str_fit(text, cols, true, fit, sizeof fit);
	if (right)
		for (int i = used; i < cols; i++)
			strbuf_append(b, " ");
	strbuf_append(b, fit);
	if (!right)
		for (int i = used; i < cols; i++)
			strbuf_append(b, " ");
	strbuf_append(b, " ");
}
