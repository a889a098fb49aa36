/* live.h - live refresh that also works behind a connection pool (the
 * loop's; live.c).
 *
 * LISTEN/NOTIFY tells a direct connection at once, but behind PgBouncer in
 * transaction mode a LISTEN is lost without a word.  So when the client
 * has been quiet for LIVE_POLL_MS the loop also asks the server's change
 * feed (onedoor.changes_since) whether anything in this login's scope
 * changed since the last time.  A change the feed reports that no
 * notification announced makes the top screen re-read; a poll that fails
 * means live refresh is not working, and the title bar says so. */
#ifndef ONEDOOR_UI_LIVE_H
#define ONEDOOR_UI_LIVE_H

#include "onedoor/db.h"

#include <stdbool.h>

/* Quiet time before the feed is asked (and between two asks). */
#define LIVE_POLL_MS 2000

struct live_feed {
	char *snapshot;          /* the feed's last answer; NULL before the first */
	long long quiet_since;   /* last statement sent or answered (ms, monotonic) */
	unsigned notes;          /* notifications received so far */
	unsigned notes_at_ask;   /* ... when the feed was last asked */
	unsigned notes_at_prev;  /* ... when it was asked the time before */
	bool asking;             /* a poll is queued or running */
	bool broken;             /* the last poll failed: no live refresh */
};

/* Forgets everything (log-out: the next login has another scope). */
void live_reset(struct live_feed *f);
/* Starts from the snapshot of the log-in's first read (store_whoami), so
 * that a change made while the first lists load is not missed; "" for
 * none (the first poll then only takes a snapshot). */
void live_seed(struct live_feed *f, const char *snapshot);
/* Something was sent or answered: the connection is not quiet. */
void live_busy(struct live_feed *f, long long now);
/* Notifications (LISTEN) that arrived. */
void live_noted(struct live_feed *f, int notes);
/* When the feed is to be asked next (ms, monotonic); 0 while it is asked. */
long long live_due_at(const struct live_feed *f);
/* The statement that asks it; marks the poll as sent. */
void live_ask(struct live_feed *f, struct db_query *q, long long now);
/* Its answer; true when the top screen should re-read. */
bool live_answer(struct live_feed *f, enum od_status st, const struct db_result *r,
		 long long now);

#endif
