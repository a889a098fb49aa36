/* ui_loop.h - the screen stack and the one loop that runs it.
 *
 * Every screen is a small set of operations over its own heap state.  The
 * loop owns the only wait of the client: the terminal, the database
 * connection's socket (query results, NOTIFY, a lost link) and a timer, in
 * one poll().  Each turn it draws the screens (the top one, or the one below
 * and an overlay on it), shows them with one doupdate(), waits, and hands
 * what arrived to the screen it belongs to.  The operation's return value
 * says what the loop does next.
 *
 * A screen never waits and never calls another screen's functions: it
 * pushes a new screen (ui_push), or pops itself, and a statement is sent
 * with ui_send and answered later through ops->result.  How to write one:
 * src/ui/README.md. */
#ifndef ONEDOOR_UI_LOOP_H
#define ONEDOOR_UI_LOOP_H

#include "onedoor/db.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_term.h"

#include <stdbool.h>

struct session;
struct ui_screen;

/* What the loop does after an operation. */
enum ui_op {
	UI_STAY,    /* nothing changed on screen */
	UI_REDRAW,  /* draw again (the loop draws every turn anyway; say it when unsure) */
	UI_PUSH,    /* returned by ui_push(): the new screen goes on top */
	UI_REPLACE, /* returned by ui_replace(): the new screen takes this one's place */
	UI_POP,     /* this screen is done: destroyed, the one below resumes */
	UI_QUIT,    /* end the program (ask first when something is unsaved: see ui_quit) */
	UI_LOGOUT,  /* close the connection, back to the login screen */
};

/* The answer to a statement sent with ui_send, handed to ops->result.
 * `result` belongs to the loop and is freed after ops->result returns. */
struct ui_reply {
	int tag;                  /* the screen's own number for what it asked */
	enum od_status status;    /* OD_OK, or what went wrong (d says it for the person) */
	struct diag d;
	struct db_result *result; /* NULL unless status is OD_OK */
	bool cancelled;           /* the person pressed Esc while it ran */
};

/* The operations of a screen.  Every one may be NULL except draw.  `sc` is
 * the screen (its state: sc->state), `s` the session (connection, staff,
 * catalogue, status line). */
struct ui_screen_ops {
	const char *name;     /* for diagnostics: "cases", "form", ... */
	enum ui_context ctx;  /* which keys.ini section binds its keys; F1 lists them */
	const char *const *help; /* extra F1 lines (msgids, NULL-terminated): moving, scrolling */
	bool overlay;         /* drawn over the screen below (boxes, prompts) */

	/* Paints the whole screen (title bar and status line included, with
	 * session_draw_frame); no waiting, no queries. */
	void (*draw)(struct ui_screen *sc, struct session *s);
	/* A key that is not a bound command: text, arrows, Enter, Esc. */
	enum ui_op (*key)(struct ui_screen *sc, struct session *s, const struct ui_key *key);
	/* A command from conf/keys.ini (F-key, Ctrl or Alt key).  CMD_QUIT,
	 * CMD_HELP, CMD_GOTO and CMD_LOGOUT are the loop's own. */
	enum ui_op (*command)(struct ui_screen *sc, struct session *s, enum ui_command cmd);
	/* The answer to ui_send. */
	enum ui_op (*result)(struct ui_screen *sc, struct session *s, struct ui_reply *reply);
	/* Someone changed a case (LISTEN/NOTIFY): re-read, never trust a payload.
	 * Given to the topmost full screen only; the others re-read on resume. */
	enum ui_op (*notify)(struct ui_screen *sc, struct session *s);
	/* sc->tick_ms passed (0: never). */
	enum ui_op (*tick)(struct ui_screen *sc, struct session *s);
	/* The screen above was popped; this one is on top again. */
	enum ui_op (*resume)(struct ui_screen *sc, struct session *s);
	/* An answer from ui_ask / ui_confirm: `text` is what was typed ("y" for
	 * yes to a confirmation), or NULL when the person said no / Esc. */
	enum ui_op (*answer)(struct ui_screen *sc, struct session *s, int tag, const char *text);
	/* True when leaving would lose something typed: F10 then asks first. */
	bool (*unsaved)(struct ui_screen *sc, struct session *s);
	/* Frees sc->state (not sc itself). */
	void (*destroy)(struct ui_screen *sc);
};

struct ui_screen {
	const struct ui_screen_ops *ops;
	void *state;      /* the screen's own, on the heap, freed by ops->destroy */
	int tick_ms;      /* > 0: ops->tick about this often; change it at any time */
	/* The loop's: */
	unsigned id;
	long long next_tick;
	bool on_reads;    /* its last read went to the reads' connection (a standby) */
};

/* A new screen with these operations over `state` (taken over: freed by
 * ops->destroy when the screen is popped).  Push it with ui_push. */
struct ui_screen *ui_screen_new(const struct ui_screen_ops *ops, void *state);

/* Puts `next` on top of the stack after the current operation returns;
 * returns UI_PUSH, so `return ui_push(s, x_screen_new(...));`.  A NULL
 * `next` (the constructor refused) is UI_REDRAW. */
enum ui_op ui_push(struct session *s, struct ui_screen *next);
/* The same, but `next` takes the calling screen's place (which is popped
 * first, without resume of the one below).  Returns UI_REPLACE. */
enum ui_op ui_replace(struct session *s, struct ui_screen *next);

/* Sends a statement built by a store function (SQL lives in src/db) on
 * behalf of screen `sc`; copies q.  Its answer comes to sc->ops->result
 * with `tag`.  At most one statement runs at a time: later ones wait in
 * order.  While it runs the screens keep drawing, the title bar says
 * "working", and Esc cancels it (reply.cancelled).  When the connection is
 * lost it is sent again after reconnecting (every write carries a request
 * id, so that is safe).  A screen popped before its answer came never
 * gets it. */
void ui_send(struct session *s, struct ui_screen *sc, int tag, const struct db_query *q);
/* As ui_send, for a read that a hot standby may answer: nothing written,
 * no trace of personal data read, nothing the screen has just written
 * needed.  With [database] read_service (or read_conninfo) it goes to
 * that connection when read_route.h says so (the connection is open, the
 * screen waits for nothing on the primary, nothing was written a moment
 * ago), else to the primary, as ui_send.  A screen whose reads go there
 * gets `notify` from that server's change feed (a standby takes no
 * LISTEN).  Answers of one screen keep their order on each connection;
 * tell them apart by tag. */
void ui_send_read(struct session *s, struct ui_screen *sc, int tag, const struct db_query *q);
/* Reads that belong together (a case's row, clocks, history and actions):
 * sent on the primary in one round trip, as one transaction, and answered
 * one by one in order, each with its tag, as if sent by ui_send one after
 * another.  Reads only.  If one fails, the server skips those after it:
 * they are sent again alone, so each still gets its own answer (Esc
 * cancels the rest with the one running). */
void ui_send_together(struct session *s, struct ui_screen *sc, const int *tags,
		      const struct db_query *qs, int n);
/* The same for reads a standby may answer: the group goes where
 * ui_send_read would send its first read. */
void ui_send_read_together(struct session *s, struct ui_screen *sc, const int *tags,
			   const struct db_query *qs, int n);
/* True while a statement of `sc` is queued or running. */
bool ui_waiting(const struct session *s, const struct ui_screen *sc);

/* Asks one line of text on the status line (an overlay pushed on sc); the
 * answer arrives at sc->ops->answer with `tag`.  Returns UI_PUSH. */
enum ui_op ui_ask(struct session *s, struct ui_screen *sc, int tag, const char *question);
/* The same with `text` already typed (a correction: nothing typed is lost). */
enum ui_op ui_ask_with(struct session *s, struct ui_screen *sc, int tag, const char *question,
		       const char *text);
/* The same for an answer that may be left empty (Enter answers ""), with
 * `text` already in the field (NULL: empty) - a value asked again after it
 * was refused is shown as typed, to be corrected. */
enum ui_op ui_ask_optional(struct session *s, struct ui_screen *sc, int tag,
			   const char *question, const char *text);
/* A yes/no question (Enter or y: yes; Esc or n: no); answer "y" or NULL. */
enum ui_op ui_confirm(struct session *s, struct ui_screen *sc, int tag, const char *question);
/* A choice by letter (lower-case ASCII, at most 7): the answer is the
 * letter typed, Enter the first, Esc or n NULL. */
enum ui_op ui_choose(struct session *s, struct ui_screen *sc, int tag, const char *question,
		     const char *letters);
/* A long message (an error that does not fit the status line) in a box
 * that scrolls; Enter or Esc closes it.  Returns UI_PUSH. */
enum ui_op ui_message(struct session *s, const char *title, const char *text);

/* For overlays that answer a question: pops the calling overlay, then
 * hands `text` (copied; NULL for no) to ops->answer of the screen with id
 * `to` (0: the loop's own questions; a screen gone meanwhile gets nothing).  Returns UI_POP. */
enum ui_op ui_pop_answer(struct session *s, unsigned to, int tag, const char *text);
/* A screen's id, and the screen with an id if it is still on the stack:
 * an overlay keeps the id of the screen it answers, not a pointer. */
unsigned ui_screen_id(const struct ui_screen *sc);
struct ui_screen *ui_screen_by_id(const struct session *s, unsigned id);

/* Runs the loop with `first` (the login screen) until the person quits or
 * a signal ends the program.  After a log-out (UI_LOGOUT) the connection is
 * closed and make_login gives the login screen again. */
void ui_loop_run(struct session *s, struct ui_screen *first,
		 struct ui_screen *(*make_login)(struct session *s));

/* For screens that open a session: the loop follows the new connection
 * (its socket, NOTIFY, reconnecting). */
void ui_loop_connected(struct session *s);

/* The number of screens on the stack (tests, diagnostics). */
int ui_depth(const struct session *s);
/* The screen `n` below the top (0: the top), or NULL. */
struct ui_screen *ui_screen_at(const struct session *s, int n);

#endif
