/* db.h - the connection to the central PostgreSQL server.
 *
 * The only module that includes libpq.  Every statement goes through
 * db_exec with $n parameters (PQexecParams, unnamed statements only, so the
 * client also works behind PgBouncer in transaction pooling).  Results are
 * read by column name. */
#ifndef ONEDOOR_DB_H
#define ONEDOOR_DB_H

#include "onedoor/status.h"

#include <stdbool.h>
#include <stddef.h>

struct db;
struct db_result;

/* Receives what happens on every connection, for the workstation's support
 * log: connections made and refused (libpq's whole message), statements
 * that failed (SQLSTATE, message, DETAIL), reconnections.  Never a
 * password or a statement's parameters.  level is "info" or "error". */
typedef void (*db_log_fn)(const char *level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void db_set_log(db_log_fn fn);
/* One line to that log (nothing without a hook). */
void db_log(const char *level, const char *text);

/* A refusal PostgreSQL phrases itself (not one of our functions': their
 * refusals have formats of their own, server_message.h) is said by its
 * SQLSTATE in the reader's language; with this on, its English sentence
 * follows in parentheses.  onedoor-admin turns it on: the county
 * administrator at the server's terminal is helped by "cannot execute
 * INSERT in a read-only transaction"; the screens leave it off (the
 * support log keeps it). */
void db_show_server_words(bool on);

/* Opens a connection.  `conninfo` is a libpq connection string (may be
 * "" or "service=NAME"); `user` and `password` override it when not NULL
 * (the password is passed to libpq and not kept).  `app_name` becomes
 * fallback_application_name.  On failure *out is NULL, d says why:
 * OD_ERR_DENIED when the server wants a password and none was given
 * (neither here nor in ~/.pgpass), else OD_ERR_CONNECT. */
enum od_status db_connect(const char *conninfo, const char *user, const char *password,
			  const char *app_name, struct db **out, struct diag *d);

/* As db_connect, without waiting: *out is a connection on its way, to be
 * driven with db_reset_poll (and db_reset_start after a failure) by the
 * client's loop, which follows it with db_socket.  OD_ERR_CONNECT (d
 * says why) when it cannot even start.  The password, if any, stays with
 * libpq for later reconnections, as for db_connect. */
enum od_status db_connect_start(const char *conninfo, const char *user, const char *password,
				const char *app_name, struct db **out, struct diag *d);

/* True when the server of this connection is a hot standby (read-only). */
bool db_in_standby(const struct db *db);

/* What a wait is for, as told to the wait hook. */
enum db_state { DB_WORKING, DB_RECONNECTING };

/* Called while a statement or a reconnection waits: should wait until fd is
 * ready for `events` (POLLIN/POLLOUT; 0: just sleep) or `ms` pass, keeping
 * the screen alive, and return false to give up (the person pressed Esc).
 * `attempt` counts reconnection attempts (0 while working). */
typedef bool (*db_wait_fn)(void *arg, int fd, short events, int ms, enum db_state state,
			   int attempt);

/* Makes the connection survive the network: each statement has a deadline
 * (ms), and when the connection is lost it is re-opened with back-off and
 * the statement sent again, which is safe because every write of the
 * client carries a request id.  `wait` (may be NULL) is the hook above.
 * Without this call (administration), a lost connection is an error. */
void db_set_resilient(struct db *db, int deadline_ms, db_wait_fn wait, void *arg);

/* A statement run again after every reconnection (e.g. LISTEN); copied. */
void db_on_connect(struct db *db, const char *sql);

/* False while the connection is down. */
bool db_online(const struct db *db);

/* Closes and sets *db to NULL; NULL *db is accepted. */
void db_close(struct db **db);

/* Login role of the session. */
const char *db_user(const struct db *db);

/* Runs one statement with text parameters (NULL entries are SQL NULL).
 * With out == NULL the result is discarded.  On error returns a status
 * mapped from the SQLSTATE (23505 -> OD_ERR_DUPLICATE, 42501 ->
 * OD_ERR_DENIED, 40001/OD409 -> OD_ERR_CONFLICT, 22xxx/23xxx ->
 * OD_ERR_VALUE, connection loss -> OD_ERR_CONNECT, else OD_ERR_DB) and
 * puts the server's message in d. */
enum od_status db_exec(struct db *db, const char *sql, int nparams, const char *const *params,
		       struct db_result **out, struct diag *d);

/* A statement with text parameters, for db_exec_after. */
struct db_statement {
	const char *sql;
	int nparams;
	const char *const *params;
};

/* As db_exec, but `first` runs before it in the same round trip and in a
 * transaction of its own, committed before `sql` starts: how a read of
 * personal data is preceded by its trace (onedoor.trace_read), which the
 * read refuses to answer without.  When `first` fails its error is
 * returned and the result of `sql` discarded. */
enum od_status db_exec_after(struct db *db, const struct db_statement *first, const char *sql,
			     int nparams, const char *const *params, struct db_result **out,
			     struct diag *d);

/* db_exec for a list: on success *rows is a zeroed block of one element of
 * `size` per result row (at least one, so the caller always frees it with
 * free()), *count the rows, and *r the result to read them from (freed by
 * the caller).  On failure *rows is NULL and *count 0. */
enum od_status db_exec_rows(struct db *db, const char *sql, int nparams,
			    const char *const *params, size_t size, void **rows, int *count,
			    struct db_result **r, struct diag *d);
/* Runs a script of several statements without parameters (migrations). */
enum od_status db_exec_script(struct db *db, const char *sql, struct diag *d);

/* Bulk load with COPY ... FROM STDIN (parameter-free; administration
 * only, never resent): db_copy_begin sends the COPY statement, db_copy_put
 * sends data in the statement's format, db_copy_end finishes it and
 * reports the server's verdict on the whole load.  After a failed put,
 * call db_copy_end anyway to leave the copy state. */
enum od_status db_copy_begin(struct db *db, const char *copy_sql, struct diag *d);
enum od_status db_copy_put(struct db *db, const char *data, size_t len, struct diag *d);
enum od_status db_copy_end(struct db *db, struct diag *d);

/* A SCRAM-SHA-256 verifier of `password` for `login`, built by libpq on
 * this machine (PQencryptPasswordConn), so that the password itself never
 * reaches the server or its log.  *out is freed by the caller. */
enum od_status db_password_verifier(struct db *db, const char *login, const char *password,
				    char **out, struct diag *d);

/* The SQLSTATE and DETAIL of the last failed db_exec ("" when none). */
const char *db_last_sqlstate(const struct db *db);
const char *db_last_detail(const struct db *db);
/* Its HINT, which some of the server's refusals use to name what to
 * correct ("reason", "amount", "verification_blocked"); "" when none. */
const char *db_last_hint(const struct db *db);

/* The names of codes in the server's refusals beyond the labels' (an
 * item's, a department's), as the caller knows them: NULL for a code it
 * does not know.  The refusals are put into the reader's language in
 * db.c (server_message.h); without a namer such codes stay as they are. */
void db_set_namer(struct db *db, const char *(*name_of)(void *ctx, const char *code), void *ctx);

int db_rows(const struct db_result *r);
/* Value of `column` in `row` as text; "" for NULL; never NULL.  A column
 * that is not in the result is a programming error and aborts. */
const char *db_value(const struct db_result *r, int row, const char *column);
bool db_is_null(const struct db_result *r, int row, const char *column);
void db_result_free(struct db_result **r);
/* An answer of several parts in one statement (client_start): whether
 * row `row` belongs to `part` (its "part" column); true for every row
 * when part is NULL (an answer of one part, without that column). */
bool db_row_in(const struct db_result *r, int row, const char *part);

/* The store files' row fetching: one zeroed element of `size` per row of r
 * (at least one, so the caller always frees *rows with free()); returns
 * the number of rows. */
int db_rows_alloc(const struct db_result *r, size_t size, void **rows);
/* Copies the text of `column` in `row` into dst (dst_size bytes), cut on
 * a character boundary when it does not fit. */
void db_copy(const struct db_result *r, int row, const char *column, char *dst,
	     size_t dst_size);
#define DB_COPY(r, row, column, dst) db_copy((r), (row), (column), (dst), sizeof(dst))

/* The connection's socket, for the client loop's single wait (poll); -1
 * when the connection is gone. */
int db_socket(const struct db *db);


/* A statement and its parameters, built by the store files (SQL lives in
 * src/db only) and run now (db_run) or sent for a screen's loop (db_send).
 * The parameters are copies owned by the query: db_query_free. */
#define DB_MAX_PARAMS 12
struct db_query {
	const char *sql;             /* static text in src/db */
	int nparams;
	char *params[DB_MAX_PARAMS]; /* NULL entries are SQL NULL */
};
/* Sets sql and copies the parameters (n <= DB_MAX_PARAMS). */
void db_query_set(struct db_query *q, const char *sql, int n, const char *const *params);
/* A copy of src with its own parameters. */
void db_query_copy(struct db_query *dst, const struct db_query *src);
/* Frees the parameters; q may then be set again.  NULL q accepted. */
void db_query_free(struct db_query *q);

/* Runs q now and waits (administration, tests, and the client before its
 * loop runs); as db_exec. */
enum od_status db_run(struct db *db, const struct db_query *q, struct db_result **out,
		      struct diag *d);

/* Asynchronous use, for the client's loop, which waits on db_socket():
 * db_send sends q without waiting (OD_ERR_CONNECT when the link is down);
 * db_want_write says whether the loop must also wait for POLLOUT (the
 * statement is not all written yet; call db_flush then). */
enum od_status db_send(struct db *db, const struct db_query *q, struct diag *d);
/* Sends n reads that belong together in one round trip (pipeline mode,
 * one transaction); db_receive then gives their answers one by one, in
 * order.  Reads only: when one fails, those after it are not run
 * (db_was_skipped) and are answered with its failure. */
enum od_status db_send_together(struct db *db, const struct db_query *const *qs, int n,
				struct diag *d);
/* Something sent is not fully answered yet (nothing more may be sent). */
bool db_busy(const struct db *db);
/* The last answer was of a read sent together that was not run, because
 * one before it failed. */
bool db_was_skipped(const struct db *db);
bool db_want_write(struct db *db);
void db_flush(struct db *db);

/* What db_receive found. */
enum db_recv {
	DB_RECV_IDLE,  /* nothing was sent and the link is fine */
	DB_RECV_WAIT,  /* the statement still runs */
	DB_RECV_DONE,  /* its answer is in *out (OD_OK) or *st/d say what went wrong */
	DB_RECV_LOST,  /* the link is gone (the statement, if any, had no answer) */
};
/* Reads what the socket has; counts notifications into *notifications.
 * Never waits. */
enum db_recv db_receive(struct db *db, struct db_result **out, enum od_status *st,
			struct diag *d, int *notifications);
/* Asks the server to cancel the statement running (PQcancel); its answer
 * then comes as an error (SQLSTATE 57014). */
void db_cancel(struct db *db);
/* True when the error of the last answer was a cancel. */
bool db_was_cancelled(const struct db *db);

/* Reconnecting without waiting, driven by the loop: db_reset_start begins
 * (false: could not even start); then, each time the socket is ready for
 * what *events says (POLLIN/POLLOUT), db_reset_poll: 1 connected again
 * (db_on_connect statements replayed), 0 not yet, -1 failed (start
 * again later). */
bool db_reset_start(struct db *db);
int db_reset_poll(struct db *db, short *events);

/* A fresh random UUID (version 4) for request ids, as text. */
void db_new_request_id(char out[37]);

#endif
