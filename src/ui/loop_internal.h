/* loop_internal.h - what the screen stack and key loop (loop.c) and the
 * loop's connections (links.c) share; private to src/ui.  The public face
 * of both is include/onedoor/ui_loop.h. */
#ifndef ONEDOOR_UI_LOOP_INTERNAL_H
#define ONEDOOR_UI_LOOP_INTERNAL_H

#include "live.h"
#include "onedoor/read_route.h"
#include "onedoor/ui_loop.h"

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

/* loop.c: the stack, as the links need it. */
long long loop_now_ms(void);
/* The screen with this id, NULL when it is gone. */
struct ui_screen *loop_find(const struct ui_loop *l, unsigned id);
/* Does what a screen's handler returned (push, pop, redraw...). */
void loop_apply(struct session *s, struct ui_screen *sc, enum ui_op op);
/* The topmost full screen (not an overlay). */
struct ui_screen *loop_top_full(const struct ui_loop *l);
void loop_notify_top(struct session *s, enum read_link origin);
bool loop_over_standby_reader(const struct ui_loop *l, unsigned id);

/* links.c: the connections, as the loop drives them each turn. */
struct db *link_db(const struct session *s, const struct link *k);
bool link_reads_up(const struct session *s);
void link_drop_waiting(struct link *k, unsigned id);
void link_deliver(struct session *s, struct link *k, enum od_status st, const struct diag *d,
		  struct db_result *result, bool cancelled);
void link_live_poll(struct session *s, struct link *k);
void link_pump(struct session *s, struct link *k);
void link_turn(struct session *s, struct link *k, bool polled, bool ready);
short link_events(const struct session *s, const struct link *k, int *fd);
long long link_due(const struct session *s, const struct link *k, long long now, long long due);
void link_clear(struct link *k);
bool loop_keys_wait(const struct ui_loop *l);
bool loop_screens_wait(const struct ui_loop *l);

#endif
