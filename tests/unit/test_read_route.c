/* Where the read-only screens' reads go, and which change feed a screen
 * follows, when a second connection for reads is configured. */
#include "onedoor/read_route.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static enum read_link pick(bool up, bool waits, long long since)
{
	struct read_route_facts f = {.reads_up = up, .screen_waits_primary = waits,
				     .since_write_ms = since};
	return read_route_pick(&f);
}

static void reads_go_to_the_standby_when_nothing_stands_against_it(void **state)
{
	(void)state;
	assert_int_equal(pick(true, false, -1), READ_LINK_READS);
	assert_int_equal(pick(true, false, READ_AFTER_WRITE_MS), READ_LINK_READS);
	assert_int_equal(pick(true, false, 600000), READ_LINK_READS);
}

static void reads_stay_on_the_primary_without_an_open_reads_connection(void **state)
{
	(void)state;
	/* Not configured, not yet open, or lost: the reads keep working. */
	assert_int_equal(pick(false, false, -1), READ_LINK_PRIMARY);
	assert_int_equal(pick(false, false, 600000), READ_LINK_PRIMARY);
}

static void a_read_after_the_screens_own_statement_keeps_its_order(void **state)
{
	(void)state;
	assert_int_equal(pick(true, true, -1), READ_LINK_PRIMARY);
	assert_int_equal(pick(true, true, 600000), READ_LINK_PRIMARY);
}

static void a_read_just_after_a_write_sees_it_on_the_primary(void **state)
{
	(void)state;
	assert_int_equal(pick(true, false, 0), READ_LINK_PRIMARY);
	assert_int_equal(pick(true, false, READ_AFTER_WRITE_MS - 1), READ_LINK_PRIMARY);
}

static void a_screen_on_the_standby_follows_the_standbys_feed(void **state)
{
	(void)state;
	/* Reading from the standby: only its feed makes the screen re-read. */
	assert_true(read_route_notifies(READ_LINK_READS, true, true));
	assert_false(read_route_notifies(READ_LINK_PRIMARY, true, true));
	/* Reading from the primary (a clerk's screen, or the standby lost):
	 * the primary's NOTIFY and feed, as without a second connection. */
	assert_true(read_route_notifies(READ_LINK_PRIMARY, false, true));
	assert_false(read_route_notifies(READ_LINK_READS, false, true));
	assert_true(read_route_notifies(READ_LINK_PRIMARY, true, false));
	assert_false(read_route_notifies(READ_LINK_READS, true, false));
	assert_true(read_route_notifies(READ_LINK_PRIMARY, false, false));
}

static void not_live_is_the_followed_feeds_state(void **state)
{
	(void)state;
	/* The standby's feed fails while the screen follows it: not live,
	 * whatever the primary's says. */
	assert_true(read_route_live_off(false, true, true, true));
	assert_false(read_route_live_off(true, false, true, true));
	/* A screen on the primary: the primary's feed decides. */
	assert_true(read_route_live_off(true, false, false, true));
	assert_false(read_route_live_off(false, true, false, true));
	/* The standby's connection down: back on the primary's. */
	assert_true(read_route_live_off(true, false, true, false));
	assert_false(read_route_live_off(false, true, true, false));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_go_to_the_standby_when_nothing_stands_against_it),
		cmocka_unit_test(reads_stay_on_the_primary_without_an_open_reads_connection),
		cmocka_unit_test(a_read_after_the_screens_own_statement_keeps_its_order),
		cmocka_unit_test(a_read_just_after_a_write_sees_it_on_the_primary),
		cmocka_unit_test(a_screen_on_the_standby_follows_the_standbys_feed),
		cmocka_unit_test(not_live_is_the_followed_feeds_state),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
