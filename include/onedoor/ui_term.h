/* ui_term.h - the terminal: start and restore, colour roles, the single
 * wait point, and drawing by display width.
 *
 * The only module that includes curses (through src/ui/curses_provider.h).
 * Everything is drawn into stdscr and shown by one doupdate() per turn of
 * the loop (ui_flush); the loop (ui_loop.h) is the only place that waits.  ui_shutdown restores the terminal and is
 * safe to call more than once; it runs at exit, on fatal signals and on the
 * crash path. */
#ifndef ONEDOOR_UI_TERM_H
#define ONEDOOR_UI_TERM_H

#include "onedoor/config.h"

#include <stdbool.h>
#include <stdint.h>

/* Colours are roles; each has a monochrome fallback attribute. */
#define UI_ROLE_LIST(X)          \
	X(ROLE_NORMAL)           \
	X(ROLE_TITLE)            \
	X(ROLE_KEYS)             \
	X(ROLE_KEY_NAME)         \
	X(ROLE_LABEL)            \
	X(ROLE_FIELD)            \
	X(ROLE_FIELD_FOCUS)      \
	X(ROLE_SELECTED)         \
	X(ROLE_HEADER)           \
	X(ROLE_ERROR)            \
	X(ROLE_INFO)             \
	X(ROLE_LIGHT_GREEN)      \
	X(ROLE_LIGHT_YELLOW)     \
	X(ROLE_LIGHT_RED)

enum ui_role {
#define UI_ROLE_ENUM(name) name,
	UI_ROLE_LIST(UI_ROLE_ENUM)
#undef UI_ROLE_ENUM
	ROLE_COUNT
};

/* The smallest usable terminal. */
#define UI_MIN_COLS 80
#define UI_MIN_ROWS 24

/* Starts curses (raw mode: Ctrl-S/Ctrl-Q/Ctrl-C reach us as keys).  Colour
 * per mode (auto: when the terminal has colours and NO_COLOR is unset).
 * Returns false with a message in d when there is no usable terminal. */
bool ui_start(enum colour_mode mode, struct diag *d);
void ui_shutdown(void);

enum key_kind { KEY_KIND_NONE, KEY_KIND_CHAR, KEY_KIND_FUNC };

/* A key: a character typed (ch, a code point) or a function key (code is a
 * curses KEY_* value, or a control character such as 0x0E for Ctrl-N). */
struct ui_key {
	enum key_kind kind;
	uint32_t ch;
	int code;
	bool alt; /* a character typed with Alt (it arrives as Esc, char) */
	bool paste; /* a character of pasted text */
};

/* Control characters as they arrive in raw mode. */
#define CTRL(c) ((c) & 0x1F)
#define KEY_ESCAPE 27
#define KEY_TAB 9
#define KEY_RETURN 13

/* Shows what was drawn: one doupdate() per turn of the loop. */
void ui_flush(void);

/* The next key already typed, without waiting: false when there is none.
 * A resize arrives as a KEY_KIND_FUNC with code KEY_RESIZE; text pasted
 * (bracketed paste) as characters with `paste` set, line breaks and tabs
 * as spaces. */
bool ui_read_key(struct ui_key *key);

/* The terminal went away (the loop saw POLLHUP): as if SIGHUP came. */
void ui_note_hangup(void);

/* True once SIGTERM/SIGHUP asked the program to end. */
bool ui_quit_requested(void);

int ui_rows(void);
int ui_cols(void);
bool ui_too_small(void);
/* Draws the "terminal too small" screen. */
void ui_draw_too_small(void);

void ui_clear(void);
/* Draws text at (row, col) in `role`, cut on a character boundary to
 * `width` columns (ellipsis when cut and `ellipsis`), padded with spaces to
 * exactly `width` columns.  width < 0: no limit, no padding. */
void ui_text(int row, int col, int width, enum ui_role role, bool ellipsis, const char *text);
/* A horizontal line of ACS line-drawing characters. */
void ui_hline(int row, int col, int width);
/* A framed box, blank inside, with `title` on its top edge. */
void ui_box(int top, int left, int height, int width, const char *title);
/* Places the visible cursor (or hides it when row < 0). */
void ui_cursor(int row, int col);

/* The title bar: centre, person, role, date, connection state. */
void ui_title_bar(const char *left, const char *right);
/* The bottom bar of key hints: pairs of key name and label, NULL-ended. */
void ui_key_bar(const char *const *pairs);
/* The status line above the key bar: a message in ROLE_ERROR or ROLE_INFO. */
void ui_status(enum ui_role role, const char *text);

#endif
