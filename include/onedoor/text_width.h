/* text_width.h - UTF-8 decoding and display width in terminal columns.
 *
 * Layout is computed from our own East Asian Width table rather than the
 * C library's wcwidth(), so that columns line up the same in every locale
 * and on every thin client.  Ambiguous-width characters count as narrow;
 * the screens avoid them. */
#ifndef ONEDOOR_TEXT_WIDTH_H
#define ONEDOOR_TEXT_WIDTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes one code point from s (at most len bytes).  Returns the bytes it
 * used (1..4), or 0 for an invalid, overlong or truncated sequence. */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encodes cp into out (at least 4 bytes); returns the bytes written, 0 for
 * a value that is not a Unicode scalar. */
size_t utf8_encode(uint32_t cp, char *out);

/* True when the NUL-terminated s is valid UTF-8 without C0/C1 controls
 * (tab excepted). */
bool utf8_valid_text(const char *s);

/* Columns one code point takes: 0 (combining, zero-width), 1 or 2. */
int cp_width(uint32_t cp);

/* Columns of a UTF-8 string; invalid bytes count one column each. */
int str_width(const char *s);

/* Copies into out (size outsz) the longest prefix of s that fits in `cols`
 * columns without splitting a character.  When s does not fit and
 * `ellipsis` is set, the prefix is shortened to leave room for "..".
 * Returns the columns used; the caller pads the rest (a wide character that
 * would straddle the edge is left out, so one column may remain). */
int str_fit(const char *s, int cols, bool ellipsis, char *out, size_t outsz);

/* Copies s into out (size outsz) as ASCII for a number, date or code typed
 * through a Chinese input method: full-width forms (U+FF01..FF5E) become
 * their ASCII letters, blanks (space, tab, U+3000) are dropped, and so are
 * commas (thousands separators, as typed in a form) when `drop_commas`;
 * any other non-ASCII character becomes '?' so that the value fails its
 * check.  Output is cut at outsz - 1 bytes. */
void utf8_ascii_fold(const char *s, bool drop_commas, char *out, size_t outsz);

/* Wrapping by display width: the bytes of the first line of s in `cols`
 * columns - up to a newline, or as much as fits, broken after a space when
 * one lies in the second half of the line (English), else between
 * characters (Chinese has no spaces); never less than one character.
 * *next gets where the following line starts.  Iterate while *s. */
size_t str_wrap_line(const char *s, int cols, size_t *next);

#endif
