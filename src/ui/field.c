/* field.c - one-line UTF-8 text editing. */
#include "onedoor/ui_field.h"

#include "curses_provider.h"
#include "onedoor/text_width.h"

#include <stdio.h>
#include <string.h>

void field_set(struct ui_field *f, const char *text)
{
	snprintf(f->text, sizeof f->text, "%s", text);
	/* Never keep half a character if the text was cut. */
	size_t len = strlen(f->text), pos = 0;
	while (pos < len) {
		uint32_t cp;
		size_t n = utf8_decode(f->text + pos, len - pos, &cp);
		if (n == 0)
			break;
		pos += n;
	}
	f->text[pos] = '\0';
	f->len = pos;
	f->cursor = pos;
}

void field_clear(struct ui_field *f)
{
	field_set(f, "");
}

static size_t prev_boundary(const struct ui_field *f, size_t pos)
{
	while (pos > 0) {
		pos--;
		if (((unsigned char)f->text[pos] & 0xC0) != 0x80)
			break;
	}
	return pos;
}

static size_t next_boundary(const struct ui_field *f, size_t pos)
{
	uint32_t cp;
	size_t n = utf8_decode(f->text + pos, f->len - pos, &cp);
	return pos + (n ? n : 1);
}

static int char_count(const struct ui_field *f)
{
	int n = 0;
	for (size_t i = 0; i < f->len; i++)
		n += ((unsigned char)f->text[i] & 0xC0) != 0x80;
	return n;
}

static bool insert(struct ui_field *f, uint32_t cp)
{
	char enc[4];
	size_t n = utf8_encode(cp, enc);
	if (n == 0 || f->len + n >= sizeof f->text)
		return false;
	if (f->max_chars && char_count(f) >= f->max_chars)
		return false;
	memmove(f->text + f->cursor + n, f->text + f->cursor, f->len - f->cursor + 1);
	memcpy(f->text + f->cursor, enc, n);
	f->len += n;
	f->cursor += n;
	return true;
}

static void erase_range(struct ui_field *f, size_t from, size_t to)
{
	memmove(f->text + from, f->text + to, f->len - to + 1);
	f->len -= to - from;
	f->cursor = from;
}

bool field_edit(struct ui_field *f, const struct ui_key *key)
{
	if (key->kind == KEY_KIND_CHAR)
		return insert(f, key->ch), true;
	if (key->kind != KEY_KIND_FUNC)
		return false;
	switch (key->code) {
	case KEY_LEFT:
		f->cursor = prev_boundary(f, f->cursor);
		return true;
	case KEY_RIGHT:
		if (f->cursor < f->len)
			f->cursor = next_boundary(f, f->cursor);
		return true;
	case KEY_HOME:
		f->cursor = 0;
		return true;
	case KEY_END:
		f->cursor = f->len;
		return true;
	case KEY_BACKSPACE:
	case CTRL('h'):
		if (f->cursor > 0)
			erase_range(f, prev_boundary(f, f->cursor), f->cursor);
		return true;
	case KEY_DC:
		if (f->cursor < f->len)
			erase_range(f, f->cursor, next_boundary(f, f->cursor));
		return true;
	case CTRL('u'):
		field_clear(f);
		return true;
	default:
		return false;
	}
}

void field_draw(const struct ui_field *f, int row, int col, int width, bool focused)
{
	char shown[FIELD_MAX_BYTES * 2];
	size_t cursor = f->cursor;
	if (f->secret) {
		size_t n = 0, c = 0;
		for (size_t i = 0; i < f->len && n + 1 < sizeof shown; i++) {
			if (((unsigned char)f->text[i] & 0xC0) != 0x80) {
				shown[n++] = '*';
				if (i < f->cursor)
					c++;
			}
		}
		shown[n] = '\0';
		cursor = c;
	} else {
		snprintf(shown, sizeof shown, "%s", f->text);
	}
	/* Scroll: start late enough that the cursor fits in width - 1. */
	size_t start = 0;
	char before[FIELD_MAX_BYTES * 2];
	for (;;) {
		snprintf(before, sizeof before, "%.*s", (int)(cursor - start), shown + start);
		if (str_width(before) < width || start >= cursor)
			break;
		uint32_t cp;
		size_t n = utf8_decode(shown + start, strlen(shown + start), &cp);
		start += n ? n : 1;
	}
	ui_text(row, col, width, focused ? ROLE_FIELD_FOCUS : ROLE_FIELD, false, shown + start);
	if (focused)
		ui_cursor(row, col + str_width(before));
}
