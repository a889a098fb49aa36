/* links.c - the client loop's connections (loop_internal.h): the
 * session's, and the reads' one when [database] read_service names a hot
 * standby.  Each has a queue of statements, sent one at a time or, for
 * reads that belong together, in one pipeline; its reconnecting (a state,
 * never a wait); and its change feed, asked when quiet.  Answers go to the
 * screen that asked (loop.c's stack). */
#include "loop_internal.h"

#include "onedoor/i18n.h"
#include "onedoor/ui_screens.h"
#include "onedoor/xalloc.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>

/* Drops the statements of screen `id` that wait on link k (those already
 * sent are left to finish, and their answers dropped). */
void link_drop_waiting(struct link *k, unsigned id)
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

struct db *link_db(const struct session *s, const struct link *k)
{
	return k->which == READ_LINK_READS ? s->reads : s->db;
}

/* The reads' link is open and may take reads. */
bool link_reads_up(const struct session *s)
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
		.reads_up = link_reads_up(s),
		.screen_waits_primary = sc->id && link_has(&l->links[READ_LINK_PRIMARY], sc->id),
		.since_write_ms = l->wrote_at ? loop_now_ms() - l->wrote_at : -1,
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
void link_deliver(struct session *s, struct link *k, enum od_status st, const struct diag *d,
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
	live_busy(&k->live, loop_now_ms());
	if (req.screen == LIVE_SCREEN) {
		if (live_answer(&k->live, st, result, loop_now_ms()))
			loop_notify_top(s, k->which);
		db_result_free(&result);
		return;
	}
	/* What a standby reader or the screens above it send may write: its
	 * next reads wait for the standby a moment (READ_AFTER_WRITE_MS). */
	if (k->which == READ_LINK_PRIMARY && !req.read && loop_over_standby_reader(l, req.screen))
		l->wrote_at = loop_now_ms();
	struct ui_screen *sc = loop_find(l, req.screen);
	struct ui_reply reply = {.tag = req.tag, .status = st, .result = result,
				 .cancelled = cancelled};
	if (d)
		reply.d = *d;
	if (cancelled) {
		diag_set(&reply.d, st, _("Cancelled; nothing was changed by this step."));
		session_say(s, ROLE_INFO, "%s", reply.d.text);
	}
	if (sc && sc->ops->result)
		loop_apply(s, sc, sc->ops->result(sc, s, &reply));
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
		struct ui_screen *sc = loop_find(l, r->screen);
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
	k->retry_at = loop_now_ms() + 250;
	if (k->which == READ_LINK_READS) {
		db_log("info", "the connection for reads was lost; reading from the primary");
		reads_to_primary(s, k);
	}
}

void link_pump(struct session *s, struct link *k)
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
		link_deliver(s, k, st, &d, NULL, false);
		return;
	}
	k->running = n;
	k->sent_at = loop_now_ms();
	live_busy(&k->live, k->sent_at);
}

/* Asks k's change feed now (live.h). */
static void live_enqueue(struct link *k)
{
	struct request *r = enqueue(k, LIVE_SCREEN, 0);
	live_ask(&k->live, &r->q, loop_now_ms());
}

/* Quiet for a while: ask the change feed (live.h). */
void link_live_poll(struct session *s, struct link *k)
{
	long long due = live_due_at(&k->live);
	if (!link_db(s, k) || k->state != LINK_UP || k->queued > 0 || !due || loop_now_ms() < due)
		return;
	live_enqueue(k);
}

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
		k->checked_at = loop_now_ms();
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
			link_deliver(s, k, st, &d, r, cancelled);
		} else {
			db_result_free(&r);
		}
		live_noted(&k->live, notes);
		if (notes > 0)
			loop_notify_top(s, k->which);
		if (rc != DB_RECV_DONE)
			return;
		/* The answer's screen may have closed the connection (a login
		 * refused logs out): look at the session's, not the old one. */
		db = link_db(s, k);
		if (!db || !db_busy(db))
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
	struct ui_screen *sc = loop_top_full(l);
	if (sc && sc->ops->notify)
		loop_apply(s, sc, sc->ops->notify(sc, s));
}

/* Reconnecting: back-off between attempts, each attempt polled. */
static void reconnect_step(struct session *s, struct link *k, bool socket_ready)
{
	long long now = loop_now_ms();
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
	long long now = loop_now_ms();
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
bool loop_keys_wait(const struct ui_loop *l)
{
	const struct link *r = &l->links[READ_LINK_READS];
	return l->links[READ_LINK_PRIMARY].queued > 0 || r->queued > 1 ||
	       (r->queued == 1 && r->queue[0].screen != LIVE_SCREEN);
}

/* Statements of screens (not the feeds' polls) waiting or running. */
bool loop_screens_wait(const struct ui_loop *l)
{
	for (int i = 0; i < 2; i++) {
		const struct link *k = &l->links[i];
		if (k->queued > 1 || (k->queued == 1 && k->queue[0].screen != LIVE_SCREEN))
			return true;
	}
	return false;
}

/* The nearest moment link k needs the loop, if before `due`. */
long long link_due(const struct session *s, const struct link *k, long long now,
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

void link_clear(struct link *k)
{
	enum read_link which = k->which;
	while (k->queued > 0)
		db_query_free(&k->queue[--k->queued].q);
	live_reset(&k->live);
	free(k->queue);
	memset(k, 0, sizeof *k);
	k->which = which;
}

/* Feeds, sends and reads what link k has, once per turn; `ready` is what
 * poll() said of its socket. */
void link_turn(struct session *s, struct link *k, bool polled, bool ready)
{
	if (!link_db(s, k) || (k->which == READ_LINK_READS && !k->open))
		return;
	if (k->state == LINK_UP && ((polled && ready) || k->running || db_busy(link_db(s, k)) ||
				    loop_now_ms() - k->checked_at >= LINK_CHECK_MS))
		receive(s, k);
	else if (k->state != LINK_UP)
		reconnect_step(s, k, polled && ready);
	look_for_standby(s, k);
}

/* The events to wait for on link k's socket (0: none). */
short link_events(const struct session *s, const struct link *k, int *fd)
{
	struct db *db = link_db(s, k);
	*fd = db && (k->which == READ_LINK_PRIMARY || k->open) ? db_socket(db) : -1;
	if (*fd < 0)
		return 0;
	if (k->state == LINK_UP)
		return POLLIN | (db_busy(db) && db_want_write(db) ? POLLOUT : 0);
	return k->state == LINK_RESETTING ? k->reset_events : 0;
}
