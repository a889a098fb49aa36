/* read_route.h - which connection a statement of the client goes to when
 * the configuration names a second one for reads ([database] read_service
 * or read_conninfo: a hot standby, through target_session_attrs=
 * prefer-standby), and which change feed a screen follows.
 *
 * Only reads a read-only screen marks as such (ui_send_read) may go to the
 * reads' connection; every other statement - writes, traced reads of
 * personal data, reads right after a write - goes to the primary.  These
 * are the loop's decisions (src/ui/loop.c), kept pure so that a unit test
 * can check them without a server. */
#ifndef ONEDOOR_READ_ROUTE_H
#define ONEDOOR_READ_ROUTE_H

#include <stdbool.h>

enum read_link {
	READ_LINK_PRIMARY, /* the session's connection: writes, LISTEN, everything */
	READ_LINK_READS,   /* the reads' connection (a standby, or whatever libpq found) */
};

/* A screen's own write may not have reached the standby yet: for this long
 * after a statement on the primary that may have written, its reads stay
 * on the primary. */
#define READ_AFTER_WRITE_MS 2000

/* What the loop knows when a screen sends a read a standby may answer. */
struct read_route_facts {
	bool reads_up;             /* the reads' connection is configured and open */
	bool screen_waits_primary; /* this screen has statements queued or running on the
				      primary: the read goes after them, in order */
	long long since_write_ms;  /* since the last statement on the primary that may have
				      written (sent while a screen reading from the standby was
				      open); negative: none yet */
};

/* The connection for that read. */
enum read_link read_route_pick(const struct read_route_facts *f);

/* Whether news of a change from `origin` (the primary's NOTIFY or change
 * feed, or the reads' connection's change feed) makes the screen shown
 * re-read.  A screen that reads from the standby follows the standby's
 * feed only: a NOTIFY from the primary can come before the standby has
 * replayed the change, and the re-read would miss it.  The others follow
 * the primary, as without a reads' connection. */
bool read_route_notifies(enum read_link origin, bool screen_on_reads, bool reads_up);

/* Whether live refresh is not working for the screen shown (the title bar
 * says "not live"): the feed it follows stopped answering. */
bool read_route_live_off(bool primary_broken, bool reads_broken, bool screen_on_reads,
			 bool reads_up);

#endif
