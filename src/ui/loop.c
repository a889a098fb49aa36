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
 * With a second connection for reads ([database] read_service: a hot
 * standby) there are two links, each with its queue, its reconnecting and
 * its change feed: the session's (everything) and the reads' (the reads a
 * read-only screen sends with ui_send_read, when read_route.h says so).
 * A standby takes no LISTEN, so a screen reading from it follows the
 * change feed polled on that same connection, whose snapshot is the
 * standby's: a change it reports is one the screen's re-read will see. */
#include "onedoor/ui_loop.h"

#include "curses_provider.h"
#include "live.h"
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

/* How often an idle connection is looked at (a server that went away
 * without a word is noticed by the next look). */
#define LINK_CHECK_MS 1000
/* "Working" is shown on the title bar when a statement takes this long. */
#define BUSY_SHOW_MS 150
/* The reads' connection found no standby (prefer-standby fell back to the
 * primary): it looks again this often, so that the standby takes the
 * reads back once it is up. */
#define STANDBY_LOOK_MS 30000

enum link_state { LINK_UP, LINK_DOWN, LINK_RESETTING };

struct request {
	unsigned screen;
	int tag;
	bool read;         /* sent with ui_send_read: safe to send to either link */
	unsigned together; /* sent with ui_send_together: its group, else 0 */
	struct db_query q;
};

/* One connection as the loop drives it. */
struct link {
	enum read_link which;
	bool open;                 /* the reads' link: its connection was started */
	struct request *queue;     /* queue[0 .. running-1] were sent, unanswered */
	int queued, qcap;
	int running;               /* one statement, or the reads sent together */
	int resend;                /* of those, not run after one failed: queued again */
	bool cancelled;
	long long sent_at;
	enum link_state state;
	int attempt;
	long long retry_at, checked_at;
	short reset_events;
	bool standby;              /* its server is a hot standby */
	long long look_at;         /* the reads' link on a primary: look for a standby then */
	struct live_feed live;     /* the change feed, asked when quiet (live.h) */
};

struct ui_loop {
	struct ui_screen **stack;
	int depth, cap;
	unsigned next_id;
	unsigned next_group;       /* ui_send_together's groups */
	struct ui_screen *pending; /* set by ui_push / ui_replace */
	struct link links[2];      /* indexed by enum read_link */
	long long wrote_at;        /* a statement that may have written was answered
				      while a screen reading from the standby was open */
	struct ui_key typed[64]; /* keys typed while a statement ran */
	int ntyped;
	bool quit, logout;
	/* An answer from an overlay (ui_pop_answer), given once it is popped. */
	bool answering;
	unsigned answer_to;
	int answer_tag;
	char *answer_text;
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

/* Drops the statements of screen `id` that wait on link k (those already
 * sent are left to finish, and their answers dropped). */
static void drop_waiting(struct link *k, unsigned id)
{
	for (int i = k->running; i < k->queued;) {
		if (k->queue[i].screen == id) {
			db_query_free(&k->queue[i].q);
			memmove(&k->queue[i], &k->queue[i + 1],
				(size_t)(k->queued - i - 1) * sizeof *k->queue);
			k->queued--;
		} else {
			i++;
		}
	}
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
		drop_waiting(&l->links[k], sc->id);
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

static struct db *link_db(const struct session *s, const struct link *k)
{
	return k->which == READ_LINK_READS ? s->reads : s->db;
}

/* The reads' link is open and may take reads. */
static bool reads_up(const struct session *s)
{
	const struct link *k = &s->loop->links[READ_LINK_READS];
	return s->reads && k->open && k->state == LINK_UP;
}

/* A new request at the end of k's queue. */
static struct request *enqueue(struct link *k, unsigned screen, int tag)
{
	if (k->queued == k->qcap) {
		k->qcap = k->qcap ? k->qcap * 2 : 8;
		k->queue = xreallocarray(k->queue, (size_t)k->qcap, sizeof *k->queue);
	}
	struct request *r = &k->queue[k->queued++];
	memset(r, 0, sizeof *r);
	r->screen = screen;
	r->tag = tag;
	return r;
}

static bool link_has(const struct link *k, unsigned screen)
{
	for (int i = 0; i < k->queued; i++)
		if (k->queue[i].screen == screen)
			return true;
	return false;
}

static void send_on(struct session *s, enum read_link which, struct ui_screen *sc, int tag,
		    const struct db_query *q, bool read)
{
	struct ui_loop *l = s->loop;
	if (!sc->id) /* sent by its constructor, before the push */
		sc->id = ++l->next_id;
	struct request *r = enqueue(&l->links[which], sc->id, tag);
	r->read = read;
	db_query_copy(&r->q, q);
}

void ui_send(struct session *s, struct ui_screen *sc, int tag, const struct db_query *q)
{
	send_on(s, READ_LINK_PRIMARY, sc, tag, q, false);
}

/* Where a read a standby may answer goes now (read_route.h). */
static enum read_link read_link_for(struct session *s, struct ui_screen *sc)
{
	struct ui_loop *l = s->loop;
	struct read_route_facts f = {
		.reads_up = reads_up(s),
		.screen_waits_primary = sc->id && link_has(&l->links[READ_LINK_PRIMARY], sc->id),
		.since_write_ms = l->wrote_at ? now_ms() - l->wrote_at : -1,
	};
	enum read_link which = read_route_pick(&f);
	sc->on_reads = which == READ_LINK_READS;
	return which;
}

/* n requests at the end of link `which`'s queue, one group when n > 1. */
static void send_group(struct session *s, enum read_link which, struct ui_screen *sc,
		       const int *tags, const struct db_query *qs, int n, bool read)
{
	struct ui_loop *l = s->loop;
	struct link *k = &l->links[which];
	unsigned group = n > 1 ? ++l->next_group : 0;
	for (int i = 0; i < n; i++) {
		send_on(s, which, sc, tags[i], &qs[i], read);
		k->queue[k->queued - 1].together = group;
	}
}

void ui_send_together(struct session *s, struct ui_screen *sc, const int *tags,
		      const struct db_query *qs, int n)
{
	send_group(s, READ_LINK_PRIMARY, sc, tags, qs, n, false);
}

void ui_send_read(struct session *s, struct ui_screen *sc, int tag, const struct db_query *q)
{
	send_on(s, read_link_for(s, sc), sc, tag, q, true);
}

void ui_send_read_together(struct session *s, struct ui_screen *sc, const int *tags,
			   const struct db_query *qs, int n)
{
	send_group(s, read_link_for(s, sc), sc, tags, qs, n, true);
}

bool ui_waiting(const struct session *s, const struct ui_screen *sc)
{
	const struct ui_loop *l = s->loop;
	return link_has(&l->links[READ_LINK_PRIMARY], sc->id) ||
	       link_has(&l->links[READ_LINK_READS], sc->id);
}

/* The topmost full screen. */
static struct ui_screen *top_full(const struct ui_loop *l)
{
	for (int i = l->depth - 1; i >= 0; i--)
		if (!l->stack[i]->ops->overlay)
			return l->stack[i];
	return NULL;
}

/* Someone changed something in scope, as `origin` tells: the topmost full
 * screen re-reads if it follows that link's news (read_route.h; the
 * others re-read on resume). */
static void notify_top(struct session *s, enum read_link origin)
{
	struct ui_screen *sc = top_full(s->loop);
	if (sc && sc->ops->notify && read_route_notifies(origin, sc->on_reads, reads_up(s)))
		apply(s, sc, sc->ops->notify(sc, s));
}

/* Whether what screen `id` sent on the primary may have to be read back
 * from the standby soon: it is a screen reading from the standby, or one
 * opened on top of such a screen (a case opened from the supervisor view
 * and acted on).  A screen below them only refreshes by itself.  A screen
 * gone already counts, to be safe. */
static bool over_standby_reader(const struct ui_loop *l, unsigned id)
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

/* A read the standby gave up on, cancelled by the replay of a change it
 * conflicted with (SQLSTATE 40001 there): the primary answers it instead
 * of the screen showing an error.  True when it was moved. */
static bool read_to_primary(struct session *s, struct link *k, enum od_status st, bool cancelled)
{
	struct request *r = &k->queue[0];
	if (k->which != READ_LINK_READS || st == OD_OK || cancelled || !r->read ||
	    strcmp(db_last_sqlstate(s->reads), "40001") != 0)
		return false;
	struct link *p = &s->loop->links[READ_LINK_PRIMARY];
	*enqueue(p, r->screen, r->tag) = *r;
	memmove(&k->queue[0], &k->queue[1], (size_t)(k->queued - 1) * sizeof *k->queue);
	k->queued--;
	if (k->running > 0 && --k->running == 0)
		k->resend = 0;
	k->cancelled = false;
	db_log("info", "a read was cancelled on the standby by its replay; sent to the primary");
	return true;
}

/* Takes k's queue[0] off and hands its answer to the screen that asked. */
static void deliver(struct session *s, struct link *k, enum od_status st, const struct diag *d,
		    struct db_result *result, bool cancelled)
{
	struct ui_loop *l = s->loop;
	struct request req = k->queue[0];
	memmove(&k->queue[0], &k->queue[1], (size_t)(k->queued - 1) * sizeof *k->queue);
	k->queued--;
	if (k->running > 0 && --k->running == 0)
		k->resend = 0;
	k->cancelled = false;
	db_query_free(&req.q);
	live_busy(&k->live, now_ms());
	if (req.screen == LIVE_SCREEN) {
		if (live_answer(&k->live, st, result, now_ms()))
			notify_top(s, k->which);
		db_result_free(&result);
		return;
	}
	/* What a standby reader or the screens above it send may write: its
	 * next reads wait for the standby a moment (READ_AFTER_WRITE_MS). */
	if (k->which == READ_LINK_PRIMARY && !req.read && over_standby_reader(l, req.screen))
		l->wrote_at = now_ms();
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

static void backoff(struct link *k, long long now)
{
	static const int backoff_ms[] = {250, 500, 1000, 2000, 4000, 8000};
	k->retry_at = now + backoff_ms[k->attempt < 1 ? 0 : k->attempt < 6 ? k->attempt - 1 : 5];
}

/* The reads' link went away: its reads are the primary's to answer (a
 * read is safe to send again), its feed starts again once it is back. */
static void reads_to_primary(struct session *s, struct link *k)
{
	struct ui_loop *l = s->loop;
	struct link *p = &l->links[READ_LINK_PRIMARY];
	for (int i = 0; i < k->queued; i++) {
		struct request *r = &k->queue[i];
		if (r->screen == LIVE_SCREEN) {
			db_query_free(&r->q);
			continue;
		}
		struct ui_screen *sc = find(l, r->screen);
		if (sc)
			sc->on_reads = false;
		*enqueue(p, r->screen, r->tag) = *r;
	}
	k->queued = 0;
	for (int i = 0; i < l->depth; i++)
		l->stack[i]->on_reads = false;
	live_reset(&k->live);
}

static void link_lost(struct session *s, struct link *k)
{
	if (k->state != LINK_UP)
		return;
	k->state = LINK_DOWN;
	k->running = k->resend = 0; /* what was sent stays queued: sent again once reconnected */
	k->cancelled = false;
	k->attempt = 0;
	k->retry_at = now_ms() + 250;
	if (k->which == READ_LINK_READS) {
		db_log("info", "the connection for reads was lost; reading from the primary");
		reads_to_primary(s, k);
	}
}

static void pump(struct session *s, struct link *k)
{
	struct db *db = link_db(s, k);
	if (k->state != LINK_UP || k->running || k->queued == 0 || !db || db_busy(db))
		return;
	/* queue[0] alone, or with the rest of its group (ui_send_together). */
	const struct db_query *qs[16];
	int n = 0;
	do
		qs[n] = &k->queue[n].q;
	while (++n < k->queued && n < (int)(sizeof qs / sizeof qs[0]) && k->queue[0].together &&
	       k->queue[n].together == k->queue[0].together);
	struct diag d;
	enum od_status st = db_send_together(db, qs, n, &d);
	if (st == OD_ERR_CONNECT) {
		link_lost(s, k);
		return;
	}
	if (st != OD_OK) {
		deliver(s, k, st, &d, NULL, false);
		return;
	}
	k->running = n;
	k->sent_at = now_ms();
	live_busy(&k->live, k->sent_at);
}

/* Asks k's change feed now (live.h). */
static void live_enqueue(struct link *k)
{
	struct request *r = enqueue(k, LIVE_SCREEN, 0);
	live_ask(&k->live, &r->q, now_ms());
}

/* Quiet for a while: ask the change feed (live.h). */
static void live_poll(struct session *s, struct link *k)
{
	long long due = live_due_at(&k->live);
	if (!link_db(s, k) || k->state != LINK_UP || k->queued > 0 || !due || now_ms() < due)
		return;
	live_enqueue(k);
}

/* What the socket brought while the link is up. */
/* queue[0], sent together with a read that failed before it, was not run:
 * it is sent again alone, once the others sent with it are answered, as
 * if it had been sent alone from the start (its screen gets its own
 * answer, not the other's failure). */
static void send_again_alone(struct link *k)
{
	struct request r = k->queue[0];
	r.together = 0;
	k->running--;
	int at = k->running + k->resend++;
	memmove(&k->queue[0], &k->queue[1], (size_t)at * sizeof *k->queue);
	k->queue[at] = r;
	if (k->running == 0)
		k->resend = 0;
}

static void receive(struct session *s, struct link *k)
{
	struct db *db = link_db(s, k);
	/* The answers of statements sent together may all be in at once
	 * (the socket says nothing more): each is taken now. */
	for (;;) {
		struct db_result *r = NULL;
		enum od_status st;
		struct diag d;
		int notes = 0;
		enum db_recv rc = db_receive(db, &r, &st, &d, &notes);
		k->checked_at = now_ms();
		if (rc == DB_RECV_LOST) {
			link_lost(s, k);
			return;
		}
		bool cancelled = rc == DB_RECV_DONE && st != OD_OK && db_was_cancelled(db);
		if (rc == DB_RECV_DONE && k->running > 0 && db_was_skipped(db) && !cancelled) {
			send_again_alone(k);
			db_result_free(&r);
		} else if (rc == DB_RECV_DONE && k->queued > 0 &&
			   !read_to_primary(s, k, st, cancelled)) {
			deliver(s, k, st, &d, r, cancelled);
		} else {
			db_result_free(&r);
		}
		live_noted(&k->live, notes);
		if (notes > 0)
			notify_top(s, k->which);
		if (rc != DB_RECV_DONE || !db_busy(db))
			return;
	}
}

/* The link is up (again). */
static void link_up(struct session *s, struct link *k, long long now)
{
	struct ui_loop *l = s->loop;
	k->state = LINK_UP;
	k->checked_at = now;
	k->attempt = 0;
	if (k->which == READ_LINK_READS) {
		/* The feed's first answer is this server's snapshot, taken
		 * before any read is sent here: a change after it is news. */
		k->standby = db_in_standby(s->reads);
		k->look_at = now + STANDBY_LOOK_MS;
		live_reset(&k->live);
		live_enqueue(k);
		return;
	}
	if (k->queued == 0)
		session_say(s, ROLE_INFO, _("Connected to the server again."));
	else
		s->status[0] = '\0';
	/* Whatever was shown may have changed meanwhile. */
	struct ui_screen *sc = top_full(l);
	if (sc && sc->ops->notify)
		apply(s, sc, sc->ops->notify(sc, s));
}

/* Reconnecting: back-off between attempts, each attempt polled. */
static void reconnect_step(struct session *s, struct link *k, bool socket_ready)
{
	long long now = now_ms();
	struct db *db = link_db(s, k);
	if (k->state == LINK_DOWN && now >= k->retry_at) {
		k->attempt++;
		if (db_reset_start(db)) {
			k->state = LINK_RESETTING;
			k->reset_events = POLLOUT;
			k->retry_at = now + 10000; /* give this attempt 10 s */
		} else {
			backoff(k, now);
		}
		return;
	}
	if (k->state != LINK_RESETTING)
		return;
	if (!socket_ready && now < k->retry_at)
		return;
	int rc = now < k->retry_at ? db_reset_poll(db, &k->reset_events) : -1;
	if (rc == 1) {
		link_up(s, k, now);
	} else if (rc < 0) {
		k->state = LINK_DOWN;
		backoff(k, now);
	}
}

/* The reads' link on a primary (the standby was down when it connected):
 * now and then, while idle, it connects again to find the standby. */
static void look_for_standby(struct session *s, struct link *k)
{
	long long now = now_ms();
	if (k->which != READ_LINK_READS || k->state != LINK_UP || k->standby || k->queued > 0 ||
	    now < k->look_at)
		return;
	k->state = LINK_DOWN;
	k->attempt = 0;
	k->retry_at = now;
	reads_to_primary(s, k);
}

/* Keys wait for these: the session's statements, and the screens' on the
 * reads' connection (not its feed's poll, so that a standby that hangs
 * does not hold the keyboard). */
static bool keys_wait(const struct ui_loop *l)
{
	const struct link *r = &l->links[READ_LINK_READS];
	return l->links[READ_LINK_PRIMARY].queued > 0 || r->queued > 1 ||
	       (r->queued == 1 && r->queue[0].screen != LIVE_SCREEN);
}

/* Statements of screens (not the feeds' polls) waiting or running. */
static bool screens_wait(const struct ui_loop *l)
{
	for (int i = 0; i < 2; i++) {
		const struct link *k = &l->links[i];
		if (k->queued > 1 || (k->queued == 1 && k->queue[0].screen != LIVE_SCREEN))
			return true;
	}
	return false;
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
	struct link *p = &l->links[READ_LINK_PRIMARY];
	if (!(key->kind == KEY_KIND_FUNC && key->code == KEY_ESCAPE) || !keys_wait(l))
		return;
	if (p->state != LINK_UP && p->queued > 0) {
		struct diag d;
		diag_set(&d, OD_ERR_CONNECT,
			 _("Still offline; the action was not done. Try again later."));
		while (p->queued > 0)
			deliver(s, p, OD_ERR_CONNECT, &d, NULL, false);
		session_say(s, ROLE_ERROR, "%s", d.text);
		return;
	}
	struct ui_screen *t = top(l);
	for (int i = 0; i < 2; i++) {
		struct link *k = &l->links[i];
		if (k->state != LINK_UP)
			continue;
		if (t)
			drop_waiting(k, t->id);
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
	const struct link *p = &l->links[READ_LINK_PRIMARY], *r = &l->links[READ_LINK_READS];
	long long now = now_ms();
	s->busy = (p->running && now - p->sent_at >= BUSY_SHOW_MS) ||
		  (r->running && r->queue[0].screen != LIVE_SCREEN &&
		   now - r->sent_at >= BUSY_SHOW_MS);
	s->offline = p->state != LINK_UP;
	s->attempt = p->attempt;
	s->pending = screens_wait(l);
	const struct ui_screen *shown = top_full(l);
	bool on_reads = shown && shown->on_reads;
	s->live_off = read_route_live_off(p->live.broken, r->live.broken, on_reads, reads_up(s));
	s->on_standby = on_reads && reads_up(s) && r->standby;
	for (int i = from; i < l->depth; i++)
		l->stack[i]->ops->draw(l->stack[i], s);
	wnoutrefresh(stdscr);
}

/* The nearest moment link k needs the loop, if before `due`. */
static long long link_due(const struct session *s, const struct link *k, long long now,
			  long long due)
{
	if (!link_db(s, k))
		return due;
	if (k->state != LINK_UP && k->retry_at < due)
		due = k->retry_at;
	if (k->state == LINK_UP && live_due_at(&k->live) && live_due_at(&k->live) < due)
		due = live_due_at(&k->live);
	if (k->running && now - k->sent_at < BUSY_SHOW_MS && k->sent_at + BUSY_SHOW_MS < due)
		due = k->sent_at + BUSY_SHOW_MS;
	if (k->running && now - k->sent_at >= BUSY_SHOW_MS && now + 250 < due)
		due = now + 250; /* the "working" clock on the title bar moves */
	if (k->which == READ_LINK_READS && k->state == LINK_UP && !k->standby && k->look_at < due)
		due = k->look_at;
	return due;
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
	for (int i = 0; i < 2; i++)
		due = link_due(s, &l->links[i], now, due);
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

static void link_clear(struct link *k)
{
	enum read_link which = k->which;
	while (k->queued > 0)
		db_query_free(&k->queue[--k->queued].q);
	live_reset(&k->live);
	free(k->queue);
	memset(k, 0, sizeof *k);
	k->which = which;
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
	p->checked_at = now_ms();
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

/* Feeds, sends and reads what link k has, once per turn; `ready` is what
 * poll() said of its socket. */
static void link_turn(struct session *s, struct link *k, bool polled, bool ready)
{
	if (!link_db(s, k) || (k->which == READ_LINK_READS && !k->open))
		return;
	if (k->state == LINK_UP && ((polled && ready) || k->running || db_busy(link_db(s, k)) ||
				    now_ms() - k->checked_at >= LINK_CHECK_MS))
		receive(s, k);
	else if (k->state != LINK_UP)
		reconnect_step(s, k, polled && ready);
	look_for_standby(s, k);
}

/* The events to wait for on link k's socket (0: none). */
static short link_events(const struct session *s, const struct link *k, int *fd)
{
	struct db *db = link_db(s, k);
	*fd = db && (k->which == READ_LINK_PRIMARY || k->open) ? db_socket(db) : -1;
	if (*fd < 0)
		return 0;
	if (k->state == LINK_UP)
		return POLLIN | (db_busy(db) && db_want_write(db) ? POLLOUT : 0);
	return k->state == LINK_RESETTING ? k->reset_events : 0;
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
			live_poll(s, &loop.links[i]);
			pump(s, &loop.links[i]);
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
			if (keys_wait(&loop)) {
				cancel_key(s, &key);
				if (loop.ntyped < (int)(sizeof loop.typed / sizeof loop.typed[0]))
					loop.typed[loop.ntyped++] = key;
				continue;
			}
			dispatch(s, key);
			if (loop.quit || loop.logout)
				break;
		}
		while (!keys_wait(&loop) && loop.ntyped > 0 && !loop.quit && !loop.logout) {
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
