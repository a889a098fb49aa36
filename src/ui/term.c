/* term.c - curses set-up, restoration, colour roles, the wait point. */
#include "onedoor/ui_term.h"

#include "curses_provider.h"
#include <ncursesw/term.h> /* setupterm: check TERM before initscr, which would exit */
#include "onedoor/i18n.h"
#include "onedoor/text_width.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool started;
/* Bracketed paste: the terminal wraps pasted text in ESC [200~ ... ESC
 * [201~; ncurses is taught the two sequences as keys of our own, and what
 * comes between is text, never a command or Enter. */
#define KEY_PASTE_BEGIN (KEY_MAX + 1)
#define KEY_PASTE_END (KEY_MAX + 2)
static bool in_paste;
static volatile sig_atomic_t quit_signal;
static attr_t role_attr[ROLE_COUNT];

void ui_shutdown(void)
{
	if (!started)
		return;
	started = false;
	endwin();
	fputs("\033[?2004l", stdout);
	fflush(stdout);
}

/* Signal handlers only set a flag; the loop sees it at its wait point. */
static void on_quit_signal(int sig)
{
	quit_signal = sig;
}

/* A crash must not leave the terminal raw: restore it, then die the way we
 * were going to, so that sanitizers and core dumps still report. */
static void on_crash(int sig)
{
	if (started) {
		started = false;
		endwin();
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_quit_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
}

static void init_roles(bool colour)
{
	/* Monochrome first: every role readable without colour. */
	static const attr_t mono[ROLE_COUNT] = {
		[ROLE_NORMAL] = A_NORMAL,     [ROLE_TITLE] = A_REVERSE,
		[ROLE_KEYS] = A_NORMAL,       [ROLE_KEY_NAME] = A_REVERSE,
		[ROLE_LABEL] = A_NORMAL,      [ROLE_FIELD] = A_UNDERLINE,
		[ROLE_FIELD_FOCUS] = A_REVERSE, [ROLE_SELECTED] = A_REVERSE,
		[ROLE_HEADER] = A_BOLD,       [ROLE_ERROR] = A_BOLD,
		[ROLE_INFO] = A_NORMAL,       [ROLE_LIGHT_GREEN] = A_NORMAL,
		[ROLE_LIGHT_YELLOW] = A_BOLD, [ROLE_LIGHT_RED] = A_BOLD | A_REVERSE,
	};
	memcpy(role_attr, mono, sizeof role_attr);
	if (!colour)
		return;
	start_color();
	use_default_colors();
	static const struct {
		enum ui_role role;
		short fg, bg;
		attr_t extra;
	} pairs[] = {
		{ROLE_TITLE, COLOR_WHITE, COLOR_BLUE, A_BOLD},
		{ROLE_KEY_NAME, COLOR_BLACK, COLOR_CYAN, 0},
		{ROLE_FIELD, COLOR_WHITE, COLOR_BLACK, A_UNDERLINE},
		{ROLE_FIELD_FOCUS, COLOR_BLACK, COLOR_YELLOW, 0},
		{ROLE_SELECTED, COLOR_BLACK, COLOR_CYAN, 0},
		{ROLE_HEADER, COLOR_CYAN, -1, A_BOLD},
		{ROLE_ERROR, COLOR_WHITE, COLOR_RED, A_BOLD},
		{ROLE_INFO, COLOR_GREEN, -1, 0},
		{ROLE_LIGHT_GREEN, COLOR_BLACK, COLOR_GREEN, 0},
		{ROLE_LIGHT_YELLOW, COLOR_BLACK, COLOR_YELLOW, 0},
		{ROLE_LIGHT_RED, COLOR_WHITE, COLOR_RED, A_BOLD},
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		short n = (short)(i + 1);
		if (init_pair(n, pairs[i].fg, pairs[i].bg) == OK)
			role_attr[pairs[i].role] = COLOR_PAIR(n) | pairs[i].extra;
	}
}

bool ui_start(enum colour_mode mode, struct diag *d)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return diag_set(d, OD_ERR_USAGE, _("onedoor needs a terminal (stdin and stdout)")),
		       false;
	const char *term = getenv("TERM");
	int err = 0;
	/* setupterm first: initscr would exit() on an unknown TERM. */
	if (!term || !*term || setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return diag_set(d, OD_ERR_USAGE,
				_("the terminal type \"%s\" is unknown; set TERM (e.g. xterm-256color)"),
				term ? term : ""),
		       false;
	if (!initscr())
		return diag_set(d, OD_ERR_USAGE, _("cannot start the terminal screen")), false;
	started = true;
	atexit(ui_shutdown);
	install_signals();
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	define_key("\033[200~", KEY_PASTE_BEGIN);
	define_key("\033[201~", KEY_PASTE_END);
	/* Ask the terminal to bracket pastes (undone by ui_shutdown). */
	fputs("\033[?2004h", stdout);
	fflush(stdout);
	const char *no_color = getenv("NO_COLOR");
	bool colour = mode == COLOUR_ON ||
		      (mode == COLOUR_AUTO && has_colors() && !(no_color && *no_color));
	init_roles(colour && has_colors());
	bkgdset(' ' | role_attr[ROLE_NORMAL]);
	return true;
}

bool ui_quit_requested(void)
{
	return quit_signal != 0;
}


void ui_flush(void)
{
	doupdate();
}

void ui_note_hangup(void)
{
	quit_signal = SIGHUP;
}

bool ui_read_key(struct ui_key *key)
{
	*key = (struct ui_key){KEY_KIND_NONE, 0, 0, false, false};
	for (;;) {
		wint_t wc;
		timeout(0);
		int r = wget_wch(stdscr, &wc);
		if (r == KEY_CODE_YES && (wc == KEY_PASTE_BEGIN || wc == KEY_PASTE_END)) {
			in_paste = wc == KEY_PASTE_BEGIN;
			continue;
		}
		if (r == OK && in_paste) {
			/* A pasted line break or tab is a space in a one-line field. */
			key->kind = KEY_KIND_CHAR;
			key->ch = wc < 0x20 || wc == 0x7F ? ' ' : (uint32_t)wc;
			key->paste = true;
			return true;
		}
		if (r == KEY_CODE_YES) {
			key->kind = KEY_KIND_FUNC;
			key->code = (int)wc;
			return true;
		}
		if (r == OK && wc == KEY_ESCAPE) {
			/* Alt-x arrives as Esc then x in one write; by the time
			 * ncurses has waited its escape delay for a function-key
			 * sequence, the x is buffered.  So look without waiting:
			 * a lone Esc costs no more than the escape delay. */
			wint_t next;
			int r2 = wget_wch(stdscr, &next);
			if (r2 == OK && next >= 0x20 && next != 0x7F) {
				key->kind = KEY_KIND_CHAR;
				key->ch = (uint32_t)next;
				key->alt = true;
				return true;
			}
			/* Not an Alt combination (e.g. Esc pressed twice): the
			 * next key is read again on the next call. */
			if (r2 == OK)
				unget_wch((wchar_t)next);
			else if (r2 == KEY_CODE_YES)
				ungetch((int)next);
		}
		if (r != OK)
			return false;
		if (wc < 0x20 || wc == 0x7F) {
			key->kind = KEY_KIND_FUNC;
			key->code = wc == 0x7F ? KEY_BACKSPACE : (int)wc;
		} else {
			key->kind = KEY_KIND_CHAR;
			key->ch = (uint32_t)wc;
		}
		return true;
	}
}

int ui_rows(void)
{
	return LINES;
}

int ui_cols(void)
{
	return COLS;
}

bool ui_too_small(void)
{
	return LINES < UI_MIN_ROWS || COLS < UI_MIN_COLS;
}

void ui_clear(void)
{
	erase();
}

void ui_draw_too_small(void)
{
	erase();
	char line[128];
	snprintf(line, sizeof line, _("Terminal too small: %dx%d, need %dx%d."), COLS, LINES,
		 UI_MIN_COLS, UI_MIN_ROWS);
	ui_text(0, 0, COLS, ROLE_ERROR, true, line);
	if (LINES > 1)
		ui_text(1, 0, COLS, ROLE_NORMAL, true, _("Enlarge the window; nothing typed is lost."));
	ui_cursor(-1, 0);
	wnoutrefresh(stdscr);
}

void ui_text(int row, int col, int width, enum ui_role role, bool ellipsis, const char *text)
{
	if (row < 0 || row >= LINES || col >= COLS)
		return;
	if (width < 0 || col + width > COLS)
		width = width < 0 ? str_width(text) : COLS - col;
	if (width > COLS - col)
		width = COLS - col;
	char buf[1024];
	int used = str_fit(text, width, ellipsis, buf, sizeof buf);
	attrset(role_attr[role]);
	mvaddstr(row, col, buf);
	for (int i = used; i < width; i++)
		addch(' ');
	attrset(role_attr[ROLE_NORMAL]);
}

void ui_hline(int row, int col, int width)
{
	if (row < 0 || row >= LINES)
		return;
	attrset(role_attr[ROLE_NORMAL]);
	/* The wide-character form: ncursesw sends U+2500 itself instead of
	 * switching the terminal's character set, which some terminals and
	 * multiplexers get wrong next to UTF-8 text. */
	mvhline_set(row, col, WACS_HLINE, width);
}

void ui_box(int top, int left, int height, int width, const char *title)
{
	if (height < 2 || width < 2)
		return;
	for (int r = top + 1; r < top + height - 1; r++) {
		ui_text(r, left, width, ROLE_NORMAL, false, "");
		mvvline_set(r, left, WACS_VLINE, 1);
		mvvline_set(r, left + width - 1, WACS_VLINE, 1);
	}
	mvhline_set(top, left + 1, WACS_HLINE, width - 2);
	mvhline_set(top + height - 1, left + 1, WACS_HLINE, width - 2);
	mvadd_wch(top, left, WACS_ULCORNER);
	mvadd_wch(top, left + width - 1, WACS_URCORNER);
	mvadd_wch(top + height - 1, left, WACS_LLCORNER);
	mvadd_wch(top + height - 1, left + width - 1, WACS_LRCORNER);
	if (title && *title)
		ui_text(top, left + 2, -1, ROLE_HEADER, false, title);
}

void ui_cursor(int row, int col)
{
	if (row < 0) {
		curs_set(0);
		return;
	}
	curs_set(1);
	move(row, col);
}

void ui_title_bar(const char *left, const char *right)
{
	int rw = str_width(right);
	if (rw > COLS / 2)
		rw = COLS / 2;
	ui_text(0, 0, COLS - rw, ROLE_TITLE, true, left);
	ui_text(0, COLS - rw, rw, ROLE_TITLE, true, right);
}

void ui_key_bar(const char *const *pairs)
{
	int row = LINES - 1, col = 0;
	ui_text(row, 0, COLS, ROLE_KEYS, false, "");
	for (int i = 0; pairs[i] && pairs[i + 1]; i += 2) {
		int kw = str_width(pairs[i]), lw = str_width(pairs[i + 1]);
		if (col + kw + lw + 1 > COLS)
			break;
		ui_text(row, col, kw, ROLE_KEY_NAME, false, pairs[i]);
		ui_text(row, col + kw + 1, lw, ROLE_KEYS, false, pairs[i + 1]);
		col += kw + lw + 3;
	}
}

void ui_status(enum ui_role role, const char *text)
{
	ui_text(LINES - 2, 0, COLS, text && *text ? role : ROLE_NORMAL, true, text ? text : "");
}
