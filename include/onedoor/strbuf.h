/* strbuf.h - a growing string, with JSON string escaping.
 * The buffer is always NUL-terminated; strbuf_free releases it. */
#ifndef ONEDOOR_STRBUF_H
#define ONEDOOR_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char *text; /* NULL until something is appended */
	size_t len, cap;
};

#define STRBUF_INIT {NULL, 0, 0}

void strbuf_append(struct strbuf *b, const char *s);
void strbuf_append_n(struct strbuf *b, const char *s, size_t n);
void strbuf_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a JSON string literal, quotes included. */
void strbuf_append_json(struct strbuf *b, const char *s);
/* Appends text padded (or cut, with "..") to exactly `cols` display
 * columns and one blank: a cell of a printed table.  right: numbers. */
void strbuf_cell(struct strbuf *b, const char *text, int cols, bool right);
/* The text ("" when empty); stays owned by b. */
const char *strbuf_text(const struct strbuf *b);
void strbuf_reset(struct strbuf *b);
void strbuf_free(struct strbuf *b);

#endif
