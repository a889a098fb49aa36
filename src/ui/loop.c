/* loop.c - the screen stack and the client's one loop (ui_loop.h).
 *
 * One turn: draw (layout, paint, cursor), one doupdate(), one poll() on the
 * terminal, the connection's socket and the nearest timer, then hand out
 * what arrived: keys to the top screen, a statement's answer to the screen
 * that sent it, notifications to the topmost full screen, ticks to whoever
 * asked.  Statements run one at a time, in order; reconnecting is a state
 * of this loop (LINK_DOWN, LINK_RESETTING), not a wait somewhere else, so
 * the screens keep drawing and Esc is read while the server is away. */
#include "onedoor/ui_loop.h"

#include "curses_provider.h"
#include "live.h"
#include "onedoor/i18n.h"
#include "onedoor/ui_screens.h"
#include "onedoor/xalloc.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* How often an idle connection is looked at (a server that went away
 * without a word is noticed by the next look). */
#define LINK_CHECK_MS 1000
/* "Working" is shown on the title bar when a statement takes this long. */
#define BUSY_SHOW_MS 150

enum link_state { LINK_UP, LINK_DOWN, LINK_RESETTING };

struct request {
	unsigned screen;
	int tag;
	struct db_query q;
};

struct ui_loop {
	struct ui_screen **stack;
	int depth, cap;
	unsigned next_id;
	struct ui_screen *pending; /* set by ui_push / ui_replace */
	struct request *queue;     /* queue[0] runs when `running` */
	int queued, qcap;
	bool running, cancelled;
	long long sent_at;
	enum link_state link;
	int attempt;
	long long retry_at, checked_at;
	short reset_events;
	struct ui_key typed[64]; /* keys typed while a statement ran */
	int ntyped;
	bool quit, logout;
	/* An answer from an overlay (ui_pop_answer), given once it is popped. */
	bool answering;
	unsigned answer_to;
	int answer_tag;
	char *answer_text;
	struct live_feed live; /* the change feed, asked when quiet (live.h) */
};

/* The loop's own statement: the change feed's poll (screen id 0). */
#define LIVE_SCREEN 0u

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct ui_screen *ui_screen_new(const struct ui_screen_ops *ops, void *state)
{
	struct ui_screen *sc = xcalloc(1, sizeof *sc);
	sc->ops = ops;
	sc->state = state;
	return sc;
}

static void screen_free(struct ui_screen *sc)
{
	if (sc->ops->destroy)
		sc->ops->destroy(sc);
	free(sc);
}

enum ui_op ui_push(struct session *s, struct ui_screen *next)
{
	if (!next)
		return UI_REDRAW;
	if (s->loop->pending) /* two pushes in one operation: the last wins */
		screen_free(s->loop->pending);
	s->loop->pending = next;
	return UI_PUSH;
}

enum ui_op ui_replace(struct session *s, struct ui_screen *next)
{
	return ui_push(s, next) == UI_PUSH ? UI_REPLACE : UI_REDRAW;
}

int ui_depth(const struct session *s)
{
	return s->loop->depth;
}

struct ui_screen *ui_screen_at(const struct session *s, int n)
{
	const struct ui_loop *l = s->loop;
	return n >= 0 && n < l->depth ? l->stack[l->depth - 1 - n] : NULL;
}

static struct ui_screen *top(const struct ui_loop *l)
{
	return l->depth ? l->stack[l->depth - 1] : NULL;
}

static struct ui_screen *find(const struct ui_loop *l, unsigned id)
{
	for (int i = 0; i < l->depth; i++)
		if (l->stack[i]->id == id)
			return l->stack[i];
	return NULL;
}

static void stack_push(struct ui_loop *l, struct ui_screen *sc)
{
	if (l->depth == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->stack = xreallocarray(l->stack, (size_t)l->cap, sizeof *l->stack);
	}
	if (!sc->id) /* a constructor that sent a statement has one already */
		sc->id = ++l->next_id;
	sc->next_tick = 0;
	l->stack[l->depth++] = sc;
}

/* Takes sc off the stack and frees it; its queued statements are dropped
 * (one already running is left to finish, and its answer dropped). */
static void stack_remove(struct ui_loop *l, struct ui_screen *sc)
{
	int at = -1;
	for (int i = 0; i < l->depth; i++)
		if (l->stack[i] == sc)
			at = i;
	if (at < 0)
		return;
	memmove(&l->stack[at], &l->stack[at + 1], (size_t)(l->depth - at - 1) * sizeof *l->stack);
	l->depth--;
	for (int i = l->running ? 1 : 0; i < l->queued;) {
		if (l->queue[i].screen == sc->id) {
			db_query_free(&l->queue[i].q);
			memmove(&l->queue[i], &l->queue[i + 1],
				(size_t)(l->queued - i - 1) * sizeof *l->queue);
			l->queued--;
		} else {
			i++;
		}
	}
	screen_free(sc);
}

static void apply(struct session *s, struct ui_screen *sc, enum ui_op op);

/* The screen now on top was uncovered by a full screen's pop. */
static void resumed(struct session *s, bool after_full_screen)
{
	struct ui_screen *t = top(s->loop);
	if (t && after_full_screen && t->ops->resume)
		apply(s, t, t->ops->resume(t, s));
}

static void apply(struct session *s, struct ui_screen *sc, enum ui_op op)
{
	struct ui_loop *l = s->loop;
	struct ui_screen *next = l->pending;
	l->pending = NULL;
	switch (op) {
	case UI_STAY:
	case UI_REDRAW:
		break;
	case UI_PUSH:
		if (next)
			stack_push(l, next);
		return;
	case UI_REPLACE:
		if (sc)
			stack_remove(l, sc);
		if (next)
			stack_push(l, next);
		return;
	case UI_POP: {
		bool was_top = sc == top(l), full = !sc->ops->overlay;
		stack_remove(l, sc);
		if (l->answering) {
			l->answering = false;
			char *text = l->answer_text;
			l->answer_text = NULL;
			struct ui_screen *to = l->answer_to ? find(l, l->answer_to) : NULL;
			if (!l->answer_to)
				ui_loop_answer(s, l->answer_tag, text);
			else if (to && to->ops->answer)
				apply(s, to, to->ops->answer(to, s, l->answer_tag, text));
			free(text);
		} else if (was_top) {
			resumed(s, full);
		}
		break;
	}
	case UI_QUIT:
		l->quit = true;
		break;
	case UI_LOGOUT:
		l->logout = true;
		break;
	}
	if (next) /* pushed, then returned something else: push it all the same */
		stack_push(l, next);
}

enum ui_op ui_pop_answer(struct session *s, unsigned to, int tag, const char *text)
{
	struct ui_loop *l = s->loop;
	free(l->answer_text);
	l->answering = true;
	l->answer_to = to;
	l->answer_tag = tag;
	l->answer_text = text ? xstrdup(text) : NULL;
	return UI_POP;
}

unsigned ui_screen_id(const struct ui_screen *sc)
{
	return sc ? sc->id : 0;
}

struct ui_screen *ui_screen_by_id(const struct session *s, unsigned id)
{
	return id ? find(s->loop, id) : NULL;
}

/* Statements ------------------------------------------------------------ */

void ui_send(struct session *s, struct ui_screen *sc, int tag, const struct db_query *q)
{
	struct ui_loop *l = s->loop;
	if (l->queued == l->qcap) {
		l->qcap = l->qcap ? l->qcap * 2 : 8;
		l->queue = xreallocarray(l->queue, (size_t)l->qcap, sizeof *l->queue);
	}
	if (!sc->id) /* sent by its constructor, before the push */
		sc->id = ++l->next_id;
	struct request *r = &l->queue[l->queued++];
	r->screen = sc->id;
	r->tag = tag;
	db_query_copy(&r->q, q);
}

bool ui_waiting(const struct session *s, const struct ui_screen *sc)
{
	const struct ui_loop *l = s->loop;
	for (int i = 0; i < l->queued; i++)
		if (l->queue[i].screen == sc->id)
			return true;
	return false;
}

/* Someone changed something in scope: the topmost full screen re-reads
 * (the others re-read on resume). */
static void notify_top(struct session *s)
{
	struct ui_loop *l = s->loop;
	for (int i = l->depth - 1; i >= 0; i--) {
		struct ui_screen *sc = l->stack[i];
		if (sc->ops->overlay)
			continue;
		if (sc->ops->notify)
			apply(s, sc, sc->ops->notify(sc, s));
		break;
	}
}

/* Takes queue[0] off and hands its answer to the screen that asked. */
static void deliver(struct session *s, enum od_status st, const struct diag *d,
		    struct db_result *result, bool cancelled)
{
	struct ui_loop *l = s->loop;
	struct request req = l->queue[0];
	memmove(&l->queue[0], &l->queue[1], (size_t)(l->queued - 1) * sizeof *l->queue);
	l->queued--;
	l->running = l->cancelled = false;
	db_query_free(&req.q);
	live_busy(&l->live, now_ms());
	if (req.screen == LIVE_SCREEN) {
		if (live_answer(&l->live, st, result, now_ms()))
			notify_top(s);
		db_result_free(&result);
		return;
	}
	struct ui_screen *sc = find(l, req.screen);
	struct ui_reply reply = {.tag = req.tag, .status = st, .result = result,
				 .cancelled = cancelled};
	if (d)
		reply.d = *d;
	if (cancelled) {
		diag_set(&reply.d, st, _("Cancelled; nothing was changed by this step."));
		session_say(s, ROLE_INFO, "%s", reply.d.text);
	}
	if (sc && sc->ops->result)
		apply(s, sc, sc->ops->result(sc, s, &reply));
	db_result_free(&reply.result);
}

static void link_lost(struct session *s)
{
	struct ui_loop *l = s->loop;
	if (l->link != LINK_UP)
		return;
	l->link = LINK_DOWN;
	l->running = false; /* queue[0] stays: sent again once reconnected */
	l->attempt = 0;
	l->retry_at = now_ms() + 250;
}

static void pump(struct session *s)
{
	struct ui_loop *l = s->loop;
	if (l->link != LINK_UP || l->running || l->queued == 0 || !s->db)
		return;
	struct diag d;
	enum od_status st = db_send(s->db, &l->queue[0].q, &d);
	if (st == OD_ERR_CONNECT) {
		link_lost(s);
		return;
	}
	if (st != OD_OK) {
		deliver(s, st, &d, NULL, false);
		return;
	}
	l->running = true;
	l->sent_at = now_ms();
	live_busy(&l->live, l->sent_at);
}

/* Quiet for a while: ask the change feed (live.h). */
static void live_poll(struct session *s)
{
	struct ui_loop *l = s->loop;
	long long due = live_due_at(&l->live);
	if (!s->db || l->link != LINK_UP || l->queued > 0 || !due || now_ms() < due)
		return;
	if (l->queued == l->qcap) {
		l->qcap = l->qcap ? l->qcap * 2 : 8;
		l->queue = xreallocarray(l->queue, (size_t)l->qcap, sizeof *l->queue);
	}
	struct request *r = &l->queue[l->queued++];
	r->screen = LIVE_SCREEN;
	r->tag = 0;
	live_ask(&l->live, &r->q, now_ms());
}

/* What the socket brought while the link is up. */
static void receive(struct session *s)
{
	struct ui_loop *l = s->loop;
	struct db_result *r = NULL;
	enum od_status st;
	struct diag d;
	int notes = 0;
	enum db_recv rc = db_receive(s->db, &r, &st, &d, &notes);
	l->checked_at = now_ms();
	if (rc == DB_RECV_LOST) {
		link_lost(s);
		return;
	}
	if (rc == DB_RECV_DONE && l->queued > 0)
		deliver(s, st, &d, r, st != OD_OK && db_was_cancelled(s->db));
	else
		db_result_free(&r);
	live_noted(&l->live, notes);
	if (notes > 0)
		notify_top(s);
}

/* Reconnecting: back-off between attempts, each attempt polled. */
static void reconnect_step(struct session *s, bool socket_ready)
{
	static const int backoff_ms[] = {250, 500, 1000, 2000, 4000, 8000};
	struct ui_loop *l = s->loop;
	long long now = now_ms();
	if (l->link == LINK_DOWN && now >= l->retry_at) {
		l->attempt++;
		if (db_reset_start(s->db)) {
			l->link = LINK_RESETTING;
			l->reset_events = POLLOUT;
			l->retry_at = now + 10000; /* give this attempt 10 s */
		} else {
			l->retry_at = now + backoff_ms[l->attempt < 6 ? l->attempt - 1 : 5];
		}
		return;
	}
	if (l->link != LINK_RESETTING)
		return;
	if (!socket_ready && now < l->retry_at)
		return;
	int rc = now < l->retry_at ? db_reset_poll(s->db, &l->reset_events) : -1;
	if (rc == 1) {
		l->link = LINK_UP;
		l->checked_at = now;
		if (l->queued == 0)
			session_say(s, ROLE_INFO, _("Connected to the server again."));
		else
			s->status[0] = '\0';
		/* Whatever was shown may have changed meanwhile. */
		for (int i = l->depth - 1; i >= 0; i--)
			if (!l->stack[i]->ops->overlay) {
				if (l->stack[i]->ops->notify)
					apply(s, l->stack[i], l->stack[i]->ops->notify(l->stack[i], s));
				break;
			}
	} else if (rc < 0) {
		l->link = LINK_DOWN;
		l->retry_at = now + backoff_ms[l->attempt < 6 ? l->attempt - 1 : 5];
	}
}

/* Keys ------------------------------------------------------------------- */

static void dispatch(struct session *s, struct ui_key key);

/* Esc while statements run or wait for the link: the running one is
 * cancelled (PQcancel; its answer comes back as cancelled) and the waiting
 * ones of the top screen are dropped; offline, everything waiting is given
 * up.  The Esc itself then goes to the screen as usual, once the answers
 * are in: "stop, and back". */
static void cancel_key(struct session *s, const struct ui_key *key)
{
	struct ui_loop *l = s->loop;
	if (!(key->kind == KEY_KIND_FUNC && key->code == KEY_ESCAPE) || l->queued == 0)
		return;
	if (l->link != LINK_UP) {
		struct diag d;
		diag_set(&d, OD_ERR_CONNECT,
			 _("Still offline; the action was not done. Try again later."));
		while (l->queued > 0)
			deliver(s, OD_ERR_CONNECT, &d, NULL, false);
		session_say(s, ROLE_ERROR, "%s", d.text);
		return;
	}
	struct ui_screen *t = top(l);
	for (int i = l->running ? 1 : 0; t && i < l->queued;) {
		if (l->queue[i].screen == t->id) {
			db_query_free(&l->queue[i].q);
			memmove(&l->queue[i], &l->queue[i + 1],
				(size_t)(l->queued - i - 1) * sizeof *l->queue);
			l->queued--;
		} else {
			i++;
		}
	}
	if (l->running && !l->cancelled && l->queue[0].screen != LIVE_SCREEN) {
		l->cancelled = true;
		db_cancel(s->db);
	}
}

static void confirm_quit(struct session *s, bool logout)
{
	struct ui_loop *l = s->loop;
	for (int i = l->depth - 1; i >= 0; i--) {
		struct ui_screen *sc = l->stack[i];
		if (sc->ops->unsaved && sc->ops->unsaved(sc, s)) {
			apply(s, NULL,
			      ui_confirm(s, NULL, logout ? UI_ANSWER_LOGOUT : UI_ANSWER_QUIT,
					 logout ? _("Something is not saved (its draft is kept). Log out? (y/n)")
						: _("Something is not saved (its draft is kept). Quit? (y/n)")));
			return;
		}
	}
	if (logout)
		l->logout = true;
	else
		l->quit = true;
}

static void dispatch(struct session *s, struct ui_key key)
{
	struct ui_loop *l = s->loop;
	struct ui_screen *sc = top(l);
	if (!sc)
		return;
	if (key.kind == KEY_KIND_FUNC && key.code == KEY_RESIZE)
		return;
	enum ui_command cmd = key.paste ? CMD_NONE : ui_command_of(sc->ops->ctx, &key);
	if (key.kind == KEY_KIND_FUNC && key.code == CTRL('c'))
		cmd = CMD_QUIT; /* the terminal's interrupt key: quit, as F10 */
	switch (cmd) {
	case CMD_QUIT:
		if (sc->ops->ctx != CTX_CONFIRM)
			confirm_quit(s, false);
		return;
	case CMD_LOGOUT:
		if (s->db && sc->ops->ctx != CTX_CONFIRM)
			confirm_quit(s, true);
		return;
	case CMD_HELP:
		if (!sc->ops->overlay) {
			apply(s, sc, ui_push(s, help_screen_new(s, sc)));
			return;
		}
		break;
	case CMD_GOTO:
		if (s->db && !sc->ops->overlay) {
			apply(s, sc, ui_push(s, goto_screen_new(s, sc->ops->ctx)));
			return;
		}
		break;
	default:
		break;
	}
	enum ui_op op = UI_STAY;
	if (cmd != CMD_NONE && sc->ops->command)
		op = sc->ops->command(sc, s, cmd);
	else if (sc->ops->key)
		op = sc->ops->key(sc, s, &key);
	apply(s, sc, op);
}

/* Answers meant for the loop itself (F10 / log-out confirmations). */
void ui_loop_answer(struct session *s, int tag, const char *text)
{
	if (!text)
		return;
	struct ui_loop *l = s->loop;
	if (tag == UI_ANSWER_QUIT) {
		l->quit = true;
	} else if (tag == UI_ANSWER_LOGOUT) {
		l->logout = true;
	} else if (tag <= UI_ANSWER_BACK_TO(0)) {
		for (int n = UI_ANSWER_BACK_TO(0) - tag; n > 0 && l->depth > 1; n--)
			stack_remove(l, top(l));
		s->status[0] = '\0';
		resumed(s, true);
	}
}

/* The loop ------------------------------------------------------------- */

static void draw(struct session *s)
{
	struct ui_loop *l = s->loop;
	if (ui_too_small()) {
		ui_draw_too_small();
		return;
	}
	/* An overlay is drawn over the full screen beneath it. */
	int from = l->depth - 1;
	while (from > 0 && l->stack[from]->ops->overlay)
		from--;
	s->busy = l->running && now_ms() - l->sent_at >= BUSY_SHOW_MS;
	s->offline = l->link != LINK_UP;
	s->attempt = l->attempt;
	s->pending = l->queued > 0 && !(l->queued == 1 && l->queue[0].screen == LIVE_SCREEN);
	s->live_off = l->live.broken;
	for (int i = from; i < l->depth; i++)
		l->stack[i]->ops->draw(l->stack[i], s);
	wnoutrefresh(stdscr);
}

static int next_timeout(struct session *s)
{
	struct ui_loop *l = s->loop;
	long long now = now_ms(), due = now + LINK_CHECK_MS;
	for (int i = 0; i < l->depth; i++) {
		struct ui_screen *sc = l->stack[i];
		if (sc->tick_ms <= 0)
			continue;
		if (!sc->next_tick)
			sc->next_tick = now + sc->tick_ms;
		if (sc->next_tick < due)
			due = sc->next_tick;
	}
	if (l->link != LINK_UP && l->retry_at < due)
		due = l->retry_at;
	if (s->db && live_due_at(&l->live) && live_due_at(&l->live) < due)
		due = live_due_at(&l->live);
	if (l->running && !s->busy && l->sent_at + BUSY_SHOW_MS < due)
		due = l->sent_at + BUSY_SHOW_MS;
	if (l->running && s->busy && now + 250 < due)
		due = now + 250; /* the "working" clock on the title bar moves */
	return due > now ? (int)(due - now) : 0;
}

static void ticks(struct session *s)
{
	struct ui_loop *l = s->loop;
	long long now = now_ms();
	for (int i = 0; i < l->depth; i++) {
		struct ui_screen *sc = l->stack[i];
		if (sc->tick_ms <= 0 || !sc->next_tick || now < sc->next_tick)
			continue;
		sc->next_tick = now + sc->tick_ms;
		if (sc->ops->tick) {
			apply(s, sc, sc->ops->tick(sc, s));
			i = -1; /* the stack may have changed: look again */
			now = now_ms();
		}
	}
}

static void clear_stack(struct ui_loop *l)
{
	while (l->depth > 0)
		stack_remove(l, l->stack[l->depth - 1]);
	while (l->queued > 0)
		db_query_free(&l->queue[--l->queued].q);
	l->running = l->cancelled = false;
	l->ntyped = 0;
	live_reset(&l->live);
}

void ui_loop_connected(struct session *s)
{
	struct ui_loop *l = s->loop;
	l->link = LINK_UP;
	l->checked_at = now_ms();
	live_seed(&l->live, s->staff.snapshot);
	live_busy(&l->live, l->checked_at); /* the first poll once quiet */
}

void ui_loop_run(struct session *s, struct ui_screen *first,
		 struct ui_screen *(*make_login)(struct session *s))
{
	struct ui_loop loop;
	memset(&loop, 0, sizeof loop);
	s->loop = &loop;
	stack_push(&loop, first);
	for (;;) {
		if (ui_quit_requested())
			loop.quit = true;
		if (loop.logout) {
			loop.logout = false;
			clear_stack(&loop);
			session_logout(s);
			stack_push(&loop, make_login(s));
		}
		if (loop.quit || loop.depth == 0)
			break;
		live_poll(s);
		pump(s);
		draw(s);
		ui_flush();
		int fd = s->db ? db_socket(s->db) : -1;
		short events = 0;
		if (fd >= 0) {
			if (loop.link == LINK_UP)
				events = POLLIN | (loop.running && db_want_write(s->db) ? POLLOUT : 0);
			else if (loop.link == LINK_RESETTING)
				events = loop.reset_events;
		}
		struct pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {fd, events, 0}};
		int n = poll(fds, events ? 2 : 1, next_timeout(s));
		if (n < 0 && errno != EINTR)
			break;
		if (n > 0 && (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))) {
			ui_note_hangup(); /* the terminal went away */
			continue;
		}
		/* The connection first: an answer may change what keys mean. */
		if (s->db && loop.link == LINK_UP &&
		    ((n > 0 && fds[1].revents) || loop.running ||
		     now_ms() - loop.checked_at >= LINK_CHECK_MS))
			receive(s);
		else if (s->db && loop.link != LINK_UP)
			reconnect_step(s, n > 0 && fds[1].revents);
		/* Keys typed while a statement ran wait for its answer (so a
		 * key never acts on a screen that is about to change); Esc
		 * also cancels it. */
		struct ui_key key;
		while (ui_read_key(&key)) {
			if (loop.queued > 0) {
				cancel_key(s, &key);
				if (loop.ntyped < (int)(sizeof loop.typed / sizeof loop.typed[0]))
					loop.typed[loop.ntyped++] = key;
				continue;
			}
			dispatch(s, key);
			if (loop.quit || loop.logout)
				break;
		}
		while (loop.queued == 0 && loop.ntyped > 0 && !loop.quit && !loop.logout) {
			struct ui_key k = loop.typed[0];
			memmove(&loop.typed[0], &loop.typed[1],
				(size_t)--loop.ntyped * sizeof loop.typed[0]);
			dispatch(s, k);
		}
		ticks(s);
	}
	clear_stack(&loop);
	free(loop.answer_text);
	free(loop.stack);
	free(loop.queue);
	s->loop = NULL;
}
