/* read_route.c - where reads go, and which feed a screen follows
 * (read_route.h). */
#include "onedoor/read_route.h"

enum read_link read_route_pick(const struct read_route_facts *f)
{
	if (!f->reads_up || f->screen_waits_primary)
		return READ_LINK_PRIMARY;
	if (f->since_write_ms >= 0 && f->since_write_ms < READ_AFTER_WRITE_MS)
		return READ_LINK_PRIMARY;
	return READ_LINK_READS;
}

/* A screen counts as reading from the standby only while that connection
 * is up: when it is lost, its reads go to the primary again and the
 * primary's news is the news. */
static bool follows_reads(bool screen_on_reads, bool reads_up)
{
	return screen_on_reads && reads_up;
}

bool read_route_notifies(enum read_link origin, bool screen_on_reads, bool reads_up)
{
	return (origin == READ_LINK_READS) == follows_reads(screen_on_reads, reads_up);
}

bool read_route_live_off(bool primary_broken, bool reads_broken, bool screen_on_reads,
			 bool reads_up)
{
	return follows_reads(screen_on_reads, reads_up) ? reads_broken : primary_broken;
}
