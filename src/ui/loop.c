/* loop.c - the screen stack and the client's one loop (ui_loop.h).
 *
 * One turn: draw (layout, paint, cursor), one doupdate(), one poll() on the
 * terminal, the connection's socket and the nearest timer, then hand out
 * what arrived: keys to the top screen, a statement's answer to the screen
 * that sent it, notifications to the topmost full screen, ticks to whoever
 * asked.  Statements run one at a time, in order (reads a screen sends
 * together go in one round trip: ui_send_together); reconnecting is a state
 * of this loop (LINK_DOWN, LINK_RESETTING), not a wait somewhere else, so
 * the screens keep drawing and Esc is read while the server is away.
 *
 * The connections the loop drives are links.c's: the session's
 * (everything) and, with [database] read_service (a hot standby), the
 * reads' (the reads a read-only screen sends with ui_send_read, when
 * read_route.h says so).  A standby takes no LISTEN, so a screen reading
 * from it follows the change feed polled on that same connection, whose
 * snapshot is the standby's: a change it reports is one the screen's
 * re-read will see. */
#include "onedoor/ui_loop.h"

#include "curses_provider.h"
#include "loop_internal.h"
#include "onedoor/i18n.h"
#include "onedoor/read_route.h"
#include "onedoor/ui_screens.h"
#include "onedoor/xalloc.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

long long loop_now_ms(void)
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

struct ui_screen *loop_find(const struct ui_loop *l, unsigned id)
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
 * (those already sent are left to finish, and their answers dropped). */
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
	for (int k = 0; k < 2; k++)
		link_drop_waiting(&l->links[k], sc->id);
	screen_free(sc);
}


/* The screen now on top was uncovered by a full screen's pop. */
static void resumed(struct session *s, bool after_full_screen)
{
	struct ui_screen *t = top(s->loop);
	if (t && after_full_screen && t->ops->resume)
		loop_apply(s, t, t->ops->resume(t, s));
}

void loop_apply(struct session *s, struct ui_screen *sc, enum ui_op op)
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
			struct ui_screen *to = l->answer_to ? loop_find(l, l->answer_to) : NULL;
			if (!l->answer_to)
				ui_loop_answer(s, l->answer_tag, text);
			else if (to && to->ops->answer)
				loop_apply(s, to, to->ops->answer(to, s, l->answer_tag, text));
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
	return id ? loop_find(s->loop, id) : NULL;
}

/* Statements ------------------------------------------------------------ */

/* The topmost full screen. */
struct ui_screen *loop_top_full(const struct ui_loop *l)
{
	for (int i = l->depth - 1; i >= 0; i--)
		if (!l->stack[i]->ops->overlay)
			return l->stack[i];
	return NULL;
}

/* Someone changed something in scope, as `origin` tells: the topmost full
 * screen re-reads if it follows that link's news (read_route.h; the
 * others re-read on resume). */
void loop_notify_top(struct session *s, enum read_link origin)
{
	struct ui_screen *sc = loop_top_full(s->loop);
	if (sc && sc->ops->notify && read_route_notifies(origin, sc->on_reads, link_reads_up(s)))
		loop_apply(s, sc, sc->ops->notify(sc, s));
}

/* Whether what screen `id` sent on the primary may have to be read back
 * from the standby soon: it is a screen reading from the standby, or one
 * opened on top of such a screen (a case opened from the supervisor view
 * and acted on).  A screen below them only refreshes by itself.  A screen
 * gone already counts, to be safe. */
bool loop_over_standby_reader(const struct ui_loop *l, unsigned id)
{
	int at = l->depth;
	for (int i = 0; i < l->depth; i++)
		if (l->stack[i]->id == id)
			at = i;
	for (int i = 0; i < l->depth && i <= at; i++)
		if (l->stack[i]->on_reads)
			return true;
	return false;
}

/* What the socket brought while the link is up. */
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
	struct link *p = &l->links[READ_LINK_PRIMARY];
	if (!(key->kind == KEY_KIND_FUNC && key->code == KEY_ESCAPE) || !loop_keys_wait(l))
		return;
	if (p->state != LINK_UP && p->queued > 0) {
		struct diag d;
		diag_set(&d, OD_ERR_CONNECT,
			 _("Still offline; the action was not done. Try again later."));
		while (p->queued > 0)
			link_deliver(s, p, OD_ERR_CONNECT, &d, NULL, false);
		session_say(s, ROLE_ERROR, "%s", d.text);
		return;
	}
	struct ui_screen *t = top(l);
	for (int i = 0; i < 2; i++) {
		struct link *k = &l->links[i];
		if (k->state != LINK_UP)
			continue;
		if (t)
			link_drop_waiting(k, t->id);
		if (k->running && !k->cancelled && k->queue[0].screen != LIVE_SCREEN) {
			k->cancelled = true;
			db_cancel(link_db(s, k));
		}
	}
}

static void confirm_quit(struct session *s, bool logout)
{
	struct ui_loop *l = s->loop;
	for (int i = l->depth - 1; i >= 0; i--) {
		struct ui_screen *sc = l->stack[i];
		if (sc->ops->unsaved && sc->ops->unsaved(sc, s)) {
			loop_apply(s, NULL,
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
			loop_apply(s, sc, ui_push(s, help_screen_new(s, sc)));
			return;
		}
		break;
	case CMD_GOTO:
		if (s->db && !sc->ops->overlay) {
			loop_apply(s, sc, ui_push(s, goto_screen_new(s, sc->ops->ctx)));
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
	loop_apply(s, sc, op);
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
	const struct link *p = &l->links[READ_LINK_PRIMARY], *r = &l->links[READ_LINK_READS];
	long long now = loop_now_ms();
	s->busy = (p->running && now - p->sent_at >= BUSY_SHOW_MS) ||
		  (r->running && r->queue[0].screen != LIVE_SCREEN &&
		   now - r->sent_at >= BUSY_SHOW_MS);
	s->offline = p->state != LINK_UP;
	s->attempt = p->attempt;
	s->pending = loop_screens_wait(l);
	const struct ui_screen *shown = loop_top_full(l);
	bool on_reads = shown && shown->on_reads;
	s->live_off = read_route_live_off(p->live.broken, r->live.broken, on_reads, link_reads_up(s));
	s->on_standby = on_reads && link_reads_up(s) && r->standby;
	for (int i = from; i < l->depth; i++)
		l->stack[i]->ops->draw(l->stack[i], s);
	wnoutrefresh(stdscr);
}

static int next_timeout(struct session *s)
{
	struct ui_loop *l = s->loop;
	long long now = loop_now_ms(), due = now + LINK_CHECK_MS;
	for (int i = 0; i < l->depth; i++) {
		struct ui_screen *sc = l->stack[i];
		if (sc->tick_ms <= 0)
			continue;
		if (!sc->next_tick)
			sc->next_tick = now + sc->tick_ms;
		if (sc->next_tick < due)
			due = sc->next_tick;
	}
	for (int i = 0; i < 2; i++)
		due = link_due(s, &l->links[i], now, due);
	return due > now ? (int)(due - now) : 0;
}

static void ticks(struct session *s)
{
	struct ui_loop *l = s->loop;
	long long now = loop_now_ms();
	for (int i = 0; i < l->depth; i++) {
		struct ui_screen *sc = l->stack[i];
		if (sc->tick_ms <= 0 || !sc->next_tick || now < sc->next_tick)
			continue;
		sc->next_tick = now + sc->tick_ms;
		if (sc->ops->tick) {
			loop_apply(s, sc, sc->ops->tick(sc, s));
			i = -1; /* the stack may have changed: look again */
			now = loop_now_ms();
		}
	}
}

static void clear_stack(struct ui_loop *l)
{
	while (l->depth > 0)
		stack_remove(l, l->stack[l->depth - 1]);
	for (int i = 0; i < 2; i++)
		link_clear(&l->links[i]);
	l->ntyped = 0;
	l->wrote_at = 0;
}

void ui_loop_connected(struct session *s)
{
	struct ui_loop *l = s->loop;
	struct link *p = &l->links[READ_LINK_PRIMARY], *r = &l->links[READ_LINK_READS];
	p->state = LINK_UP;
	p->checked_at = loop_now_ms();
	live_seed(&p->live, s->staff.snapshot);
	live_busy(&p->live, p->checked_at); /* the first poll once quiet */
	if (s->reads && !r->open) {
		/* Its connection was started beside the session's: the loop
		 * finishes opening it, the screens meanwhile read from the
		 * primary. */
		r->open = true;
		r->state = LINK_RESETTING;
		r->reset_events = POLLOUT;
		r->retry_at = p->checked_at + 10000;
	}
}

void ui_loop_run(struct session *s, struct ui_screen *first,
		 struct ui_screen *(*make_login)(struct session *s))
{
	struct ui_loop loop;
	memset(&loop, 0, sizeof loop);
	loop.links[READ_LINK_PRIMARY].which = READ_LINK_PRIMARY;
	loop.links[READ_LINK_READS].which = READ_LINK_READS;
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
		for (int i = 0; i < 2; i++) {
			link_live_poll(s, &loop.links[i]);
			link_pump(s, &loop.links[i]);
		}
		draw(s);
		ui_flush();
		struct pollfd fds[3] = {{STDIN_FILENO, POLLIN, 0}};
		int nfds = 1, at[2] = {-1, -1};
		for (int i = 0; i < 2; i++) {
			int fd;
			short events = link_events(s, &loop.links[i], &fd);
			if (events) {
				at[i] = nfds;
				fds[nfds++] = (struct pollfd){fd, events, 0};
			}
		}
		int n = poll(fds, (nfds_t)nfds, next_timeout(s));
		if (n < 0 && errno != EINTR)
			break;
		if (n > 0 && (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))) {
			ui_note_hangup(); /* the terminal went away */
			continue;
		}
		/* The connections first: an answer may change what keys mean. */
		for (int i = 0; i < 2; i++)
			link_turn(s, &loop.links[i], n > 0 && at[i] >= 0,
				  at[i] >= 0 && fds[at[i]].revents);
		/* Keys typed while a statement ran wait for its answer (so a
		 * key never acts on a screen that is about to change); Esc
		 * also cancels it. */
		struct ui_key key;
		while (ui_read_key(&key)) {
			if (loop_keys_wait(&loop)) {
				cancel_key(s, &key);
				if (loop.ntyped < (int)(sizeof loop.typed / sizeof loop.typed[0]))
					loop.typed[loop.ntyped++] = key;
				continue;
			}
			dispatch(s, key);
			if (loop.quit || loop.logout)
				break;
		}
		while (!loop_keys_wait(&loop) && loop.ntyped > 0 && !loop.quit && !loop.logout) {
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
	s->loop = NULL;
}
