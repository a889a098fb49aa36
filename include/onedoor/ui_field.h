/* ui_field.h - a one-line text field holding UTF-8, edited by code point and
 * drawn by display width (Chinese characters take two columns). */
#ifndef ONEDOOR_UI_FIELD_H
#define ONEDOOR_UI_FIELD_H

#include "onedoor/ui_term.h"

#include <stdbool.h>
#include <stddef.h>

#define FIELD_MAX_BYTES 512

struct ui_field {
	char text[FIELD_MAX_BYTES];
	size_t len;    /* bytes in text */
	size_t cursor; /* byte offset, always on a character boundary */
	bool secret;   /* draw '*' per character (passwords) */
	int max_chars; /* 0 = only the byte limit */
};

void field_set(struct ui_field *f, const char *text);
void field_clear(struct ui_field *f);

/* Applies an editing key (characters, Left/Right/Home/End, Backspace,
 * Delete, Ctrl-U to clear).  Returns true when the key was used. */
bool field_edit(struct ui_field *f, const struct ui_key *key);

/* Draws the field in `width` columns at (row, col); when `focused`, also
 * places the cursor.  Long text scrolls so the cursor stays visible. */
void field_draw(const struct ui_field *f, int row, int col, int width, bool focused);

#endif
