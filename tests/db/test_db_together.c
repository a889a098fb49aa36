/* test_db_together.c - reads sent together (db_send_together), against the
 * test cluster: one round trip, one transaction, each answered in order;
 * a read after a failed one not run (db_was_skipped) and answered with
 * that failure; the connection
 * usable afterwards, as after one statement sent alone. */
#include "onedoor/db.h"

#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct db *db;

static int setup(void **state)
{
	(void)state;
	const char *host = getenv("PGHOST");
	if (!host)
		return -1;
	char conninfo[512];
	snprintf(conninfo, sizeof conninfo, "host=%s dbname=postgres", host);
	struct diag d;
	return db_connect(conninfo, "postgres", NULL, "onedoor-test", &db, &d) == OD_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	db_close(&db);
	return 0;
}

/* One answer as the client's loop takes it: waits on the socket while the
 * statement runs.  DB_RECV_IDLE once everything sent is answered. */
struct answer {
	enum db_recv rc;
	enum od_status st;
	struct diag d;
	char value[64];
	char sqlstate[6];
	bool skipped;
};

static struct answer next_answer(void)
{
	struct answer a;
	memset(&a, 0, sizeof a);
	for (int waited = 0; waited < 1000; waited++) {
		struct db_result *r = NULL;
		int notes = 0;
		a.rc = db_receive(db, &r, &a.st, &a.d, &notes);
		if (a.rc == DB_RECV_DONE) {
			if (r && db_rows(r) > 0)
				snprintf(a.value, sizeof a.value, "%s", db_value(r, 0, "v"));
			snprintf(a.sqlstate, sizeof a.sqlstate, "%s", db_last_sqlstate(db));
			a.skipped = db_was_skipped(db);
			db_result_free(&r);
			return a;
		}
		if (a.rc != DB_RECV_WAIT)
			return a;
		struct pollfd p = {db_socket(db), POLLIN, 0};
		poll(&p, 1, 10);
	}
	fail_msg("no answer in 10 s");
	return a;
}

static void send_together(const char *const *sql, int n)
{
	struct db_query q[8];
	const struct db_query *qs[8];
	for (int i = 0; i < n; i++) {
		db_query_set(&q[i], sql[i], 0, NULL);
		qs[i] = &q[i];
	}
	struct diag d;
	assert_int_equal(db_send_together(db, qs, n, &d), OD_OK);
	assert_true(db_busy(db));
	for (int i = 0; i < n; i++)
		db_query_free(&q[i]);
}

static void answered_in_order_in_one_transaction(void **state)
{
	(void)state;
	const char *sql[] = {"SELECT 'one' AS v", "SELECT pg_current_xact_id()::text AS v",
			     "SELECT pg_current_xact_id()::text AS v"};
	send_together(sql, 3);
	struct answer a = next_answer();
	assert_int_equal(a.rc, DB_RECV_DONE);
	assert_int_equal(a.st, OD_OK);
	assert_string_equal(a.value, "one");
	struct answer x1 = next_answer(), x2 = next_answer();
	assert_int_equal(x1.st, OD_OK);
	assert_int_equal(x2.st, OD_OK);
	assert_string_equal(x1.value, x2.value); /* one transaction */
	assert_int_equal(next_answer().rc, DB_RECV_IDLE);
	assert_false(db_busy(db));
}

static void a_failure_answers_the_rest(void **state)
{
	(void)state;
	const char *sql[] = {"SELECT 'before' AS v", "SELECT (1 / 0)::text AS v",
			     "SELECT 'after' AS v"};
	send_together(sql, 3);
	struct answer a = next_answer(), b = next_answer(), c = next_answer();
	assert_int_equal(a.st, OD_OK);
	assert_string_equal(a.value, "before");
	assert_int_not_equal(b.st, OD_OK);
	assert_string_equal(b.sqlstate, "22012");
	assert_false(a.skipped);
	assert_false(b.skipped); /* it ran, and failed */
	assert_int_equal(c.rc, DB_RECV_DONE);
	assert_true(c.skipped); /* not run: the client sends it again alone */
	assert_int_equal(c.st, b.st);
	assert_string_equal(c.sqlstate, "22012");
	assert_string_equal(c.d.text, b.d.text);
	assert_int_equal(next_answer().rc, DB_RECV_IDLE);

	/* The connection is in step again: sent alone, and together. */
	struct db_query q;
	db_query_set(&q, "SELECT 'alone' AS v", 0, NULL);
	struct diag d;
	assert_int_equal(db_send(db, &q, &d), OD_OK);
	db_query_free(&q);
	struct answer e = next_answer();
	assert_int_equal(e.st, OD_OK);
	assert_string_equal(e.value, "alone");
	const char *again[] = {"SELECT 'x' AS v", "SELECT 'y' AS v"};
	send_together(again, 2);
	assert_string_equal(next_answer().value, "x");
	assert_string_equal(next_answer().value, "y");
	assert_int_equal(next_answer().rc, DB_RECV_IDLE);
}

static void one_read_goes_alone(void **state)
{
	(void)state;
	const char *sql[] = {"SELECT 'only' AS v"};
	send_together(sql, 1);
	assert_string_equal(next_answer().value, "only");
	assert_false(db_busy(db));
	assert_int_equal(next_answer().rc, DB_RECV_IDLE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(answered_in_order_in_one_transaction),
		cmocka_unit_test(a_failure_answers_the_rest),
		cmocka_unit_test(one_read_goes_alone),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
