/* live.c - live refresh through the change feed (live.h). */
#include "live.h"

#include "onedoor/store.h"
#include "onedoor/xalloc.h"

#include <stdlib.h>
#include <string.h>

void live_reset(struct live_feed *f)
{
	free(f->snapshot);
	memset(f, 0, sizeof *f);
}

void live_seed(struct live_feed *f, const char *snapshot)
{
	free(f->snapshot);
	f->snapshot = snapshot[0] ? xstrdup(snapshot) : NULL;
}

void live_busy(struct live_feed *f, long long now)
{
	f->quiet_since = now;
}

void live_noted(struct live_feed *f, int notes)
{
	if (notes > 0)
		f->notes += (unsigned)notes;
}

long long live_due_at(const struct live_feed *f)
{
	return f->asking ? 0 : f->quiet_since + LIVE_POLL_MS;
}

void live_ask(struct live_feed *f, struct db_query *q, long long now)
{
	store_changes_query(q, f->snapshot);
	f->asking = true;
	f->quiet_since = now;
	f->notes_at_prev = f->notes_at_ask;
	f->notes_at_ask = f->notes;
}

bool live_answer(struct live_feed *f, enum od_status st, const struct db_result *r,
		 long long now)
{
	bool changed = false;
	f->asking = false;
	f->quiet_since = now;
	f->broken = st != OD_OK || !store_changes_read(r, &changed, &f->snapshot);
	/* What changed since the previous ask was announced by a notification
	 * if one came since then (a direct connection): the screen re-read
	 * already.  Behind a pool none comes, and the feed is the news. */
	return changed && f->notes == f->notes_at_prev;
}
