/* db.c - libpq behind a small, checked interface. */
#include "onedoor/db.h"

#include "onedoor/i18n.h"
#include "onedoor/server_message.h"
#include "onedoor/xalloc.h"

#include <libpq-fe.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/random.h>
#include <time.h>

struct db {
	PGconn *conn;
	char sqlstate[6];
	char *detail;
	char *hint;
	/* Reconnection (db_set_resilient): off for administration, whose
	 * transactions cannot be resumed statement by statement. */
	bool resilient;
	bool broken; /* a deadline passed: the link is treated as dead */
	int deadline_ms;
	db_wait_fn wait;
	void *wait_arg;
	const char *(*name_of)(void *ctx, const char *code); /* db_set_namer */
	void *name_ctx;
	char **on_connect; /* statements replayed after a reconnect */
	int n_on_connect;
	/* Asynchronous use (db_send / db_send_together / db_receive): */
	bool sent;         /* a statement was sent and its answer is not in */
	PGresult *pending; /* the last result of it so far */
	/* Statements sent together (pipeline mode, one Sync): the pipeline
	 * ends with the Sync's result, read after the last answer.  Once one
	 * of them failed, the server skips the rest (PGRES_PIPELINE_ABORTED):
	 * each of those is answered with the failure that stopped it. */
	bool piped;
	bool skipped;      /* the last answer: not run, after a failed one */
	bool group_failed;
	enum od_status group_st;
	char group_state[6];
	struct diag group_diag;
};

struct db_result {
	PGresult *res;
};

/* Where events go for the support log (db_set_log); NULL: nowhere. */
static db_log_fn log_hook;

void db_set_log(db_log_fn fn)
{
	log_hook = fn;
}

void db_log(const char *level, const char *text)
{
	if (log_hook)
		log_hook(level, "%s", text);
}

/* Server notices (RAISE NOTICE, warnings) must not be printed onto the
 * curses screen; they are dropped here. */
static void ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Whether the server is a hot standby, as it reports at connection time
 * (in_hot_standby, PostgreSQL 14 and newer; updated by the server when it
 * is promoted). */
static bool db_conn_in_standby(PGconn *conn)
{
	const char *v = PQparameterStatus(conn, "in_hot_standby");
	return v && strcmp(v, "on") == 0;
}

/* libpq's parameters for a connection of the client (db_connect,
 * db_connect_start); keys and values have room for 14. */
static void connect_params(const char **keys, const char **values, const char *conninfo,
			   const char *user, const char *password, const char *app_name)
{
	int n = 0;
	keys[n] = "dbname", values[n++] = conninfo && *conninfo ? conninfo : NULL;
	if (user && *user)
		keys[n] = "user", values[n++] = user;
	if (password && *password)
		keys[n] = "password", values[n++] = password;
	keys[n] = "fallback_application_name", values[n++] = app_name ? app_name : "onedoor";
	keys[n] = "client_encoding", values[n++] = "UTF8";
	/* A dead network is not noticed by TCP alone for many minutes. */
	keys[n] = "keepalives", values[n++] = "1";
	keys[n] = "keepalives_idle", values[n++] = "30";
	keys[n] = "keepalives_interval", values[n++] = "10";
	keys[n] = "keepalives_count", values[n++] = "3";
	/* Unacknowledged data on a dead link: give up after 30 s. */
	keys[n] = "tcp_user_timeout", values[n++] = "30000";
	keys[n] = "connect_timeout", values[n++] = "10";
	keys[n] = NULL, values[n] = NULL;
}

static void log_connected(PGconn *conn, const char *what)
{
	if (log_hook)
		log_hook("info", "%s as %s to %s port %s database %s (server %d, %s%s)", what,
			 PQuser(conn), PQhost(conn), PQport(conn), PQdb(conn),
			 PQserverVersion(conn), PQsslInUse(conn) ? "TLS" : "no TLS",
			 db_conn_in_standby(conn) ? ", standby" : "");
}

/* A connection opened (wait) or on its way (!wait); NULL: out of memory. */
static PGconn *open_conn(const char *conninfo, const char *user, const char *password,
			 const char *app_name, bool wait)
{
	const char *keys[14], *values[14];
	connect_params(keys, values, conninfo, user, password, app_name);
	return wait ? PQconnectdbParams(keys, values, 1) : PQconnectStartParams(keys, values, 1);
}

static struct db *db_of(PGconn *conn)
{
	struct db *db = xcalloc(1, sizeof *db);
	db->conn = conn;
	db->deadline_ms = 30000;
	return db;
}

enum od_status db_connect(const char *conninfo, const char *user, const char *password,
			  const char *app_name, struct db **out, struct diag *d)
{
	*out = NULL;
	PGconn *conn = open_conn(conninfo, user, password, app_name, true);
	if (!conn)
		return diag_set(d, OD_ERR_CONNECT, _("out of memory"));
	if (PQstatus(conn) != CONNECTION_OK) {
		const char *msg = PQerrorMessage(conn);
		enum od_status st = OD_ERR_CONNECT;
		/* The whole message (libpq's has one line per host tried); the
		 * screen shows its first line. */
		if (log_hook)
			log_hook("error", "cannot connect as %s: %s", user && *user ? user : "(default)",
				 msg);
		/* libpq has no SQLSTATE for a refused password; the server's
		 * message is what we have, shown as it is. */
		/* No password given and the server wants one: the caller may
		 * ask for it and try again. */
		if (PQconnectionNeedsPassword(conn) && !(password && *password))
			st = OD_ERR_DENIED;
		diag_set(d, st, "%.*s", (int)strcspn(msg, "\n"), msg);
		PQfinish(conn);
		return st;
	}
	PQsetNoticeProcessor(conn, ignore_notice, NULL);
	*out = db_of(conn);
	log_connected(conn, "connected");
	return OD_OK;
}

enum od_status db_connect_start(const char *conninfo, const char *user, const char *password,
				const char *app_name, struct db **out, struct diag *d)
{
	*out = NULL;
	PGconn *conn = open_conn(conninfo, user, password, app_name, false);
	if (!conn)
		return diag_set(d, OD_ERR_CONNECT, _("out of memory"));
	if (PQstatus(conn) == CONNECTION_BAD) {
		const char *msg = PQerrorMessage(conn);
		if (log_hook)
			log_hook("error", "cannot connect for reads: %s", msg);
		diag_set(d, OD_ERR_CONNECT, "%.*s", (int)strcspn(msg, "\n"), msg);
		PQfinish(conn);
		return OD_ERR_CONNECT;
	}
	*out = db_of(conn);
	return OD_OK;
}

bool db_in_standby(const struct db *db)
{
	return db_conn_in_standby(db->conn);
}

void db_set_resilient(struct db *db, int deadline_ms, db_wait_fn wait, void *arg)
{
	db->resilient = true;
	db->deadline_ms = deadline_ms > 0 ? deadline_ms : 30000;
	db->wait = wait;
	db->wait_arg = arg;
}

void db_on_connect(struct db *db, const char *sql)
{
	db->on_connect = xreallocarray(db->on_connect, (size_t)db->n_on_connect + 1,
				       sizeof *db->on_connect);
	db->on_connect[db->n_on_connect++] = xstrdup(sql);
}

bool db_online(const struct db *db)
{
	return PQstatus(db->conn) == CONNECTION_OK;
}

void db_close(struct db **dbp)
{
	struct db *db = *dbp;
	if (!db)
		return;
	PQclear(db->pending);
	PQfinish(db->conn);
	free(db->detail);
	free(db->hint);
	for (int i = 0; i < db->n_on_connect; i++)
		free(db->on_connect[i]);
	free(db->on_connect);
	free(db);
	*dbp = NULL;
}

const char *db_user(const struct db *db)
{
	return PQuser(db->conn);
}

static enum od_status status_of(const char *state)
{
	if (!state || !*state)
		return OD_ERR_DB;
	if (strcmp(state, "23505") == 0)
		return OD_ERR_DUPLICATE;
	if (strcmp(state, "42501") == 0)
		return OD_ERR_DENIED;
	if (strcmp(state, "40001") == 0 || strcmp(state, "OD409") == 0)
		return OD_ERR_CONFLICT;
	if (strcmp(state, "P0002") == 0)
		return OD_ERR_NOT_FOUND;
	if (strncmp(state, "22", 2) == 0 || strncmp(state, "23", 2) == 0)
		return OD_ERR_VALUE;
	if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0)
		return OD_ERR_CONNECT;
	return OD_ERR_DB;
}

/* Whether a refusal PostgreSQL phrased itself is followed by its own
 * sentence (db_show_server_words). */
static bool server_words;

void db_show_server_words(bool on)
{
	server_words = on;
}

/* What to say of a refusal PostgreSQL phrased itself, by its SQLSTATE:
 * its own messages are English and name tables, columns and constraints,
 * codes to the person at the screen (the log keeps them).  Our functions'
 * refusals all have a format of their own and never come here. */
static const char *native_refusal(const char *state)
{
	if (strcmp(state, "23505") == 0)
		return _("this is already recorded; it cannot be recorded twice");
	if (strcmp(state, "23503") == 0)
		return _("this refers to a record that does not exist, or one that still refers to it");
	if (strncmp(state, "23", 2) == 0)
		return _("a value does not meet the rules for this record");
	if (strncmp(state, "22", 2) == 0)
		return _("a value is not valid here");
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)
		return _("someone else changed the same records at the same moment; try again");
	if (strcmp(state, "25006") == 0)
		return _("this server is a read-only standby; write on the primary");
	if (strcmp(state, "57014") == 0)
		return _("the request was cancelled");
	if (strncmp(state, "53", 2) == 0 || strncmp(state, "54", 2) == 0)
		return _("the server is short of resources for this now; try again later");
	if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0)
		return _("the connection to the server was lost");
	if (strcmp(state, "42501") == 0)
		return _("this login has no access to it; ask the county administrator");
	return _("the server could not do this; the log has the details");
}

/* The server's own sentence (its first line) in the reader's language: the
 * server's messages are the msgids (server_message.h); one it has no
 * format for is PostgreSQL's own, said by its SQLSTATE instead.  The log
 * keeps the English as the server said it. */
static void say_refusal(const struct db *db, struct diag *d, enum od_status st, const char *primary,
			const char *hint)
{
	char line[sizeof d->text], out[sizeof d->text];
	snprintf(line, sizeof line, "%.*s", (int)strcspn(primary, "\n"), primary);
	struct server_formats table = {server_formats, server_format_count, db->name_of,
				       db->name_ctx};
	if (server_message_translate(table, line, hint, out, sizeof out))
		diag_set(d, st, "%s", out);
	else if (server_words)
		diag_set(d, st, _("%s (the server said: %s)"), native_refusal(db->sqlstate), line);
	else
		diag_set(d, st, "%s", native_refusal(db->sqlstate));
}

/* Every result passes here: records SQLSTATE and DETAIL, clears on error. */
static enum od_status check_result(struct db *db, PGresult *res, struct diag *d)
{
	ExecStatusType est = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	db->sqlstate[0] = '\0';
	xfree(&db->detail);
	xfree(&db->hint);
	if (est == PGRES_COMMAND_OK || est == PGRES_TUPLES_OK)
		return OD_OK;
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	if ((db->broken || PQstatus(db->conn) == CONNECTION_BAD) && !state)
		state = "08006";
	snprintf(db->sqlstate, sizeof db->sqlstate, "%s", state ? state : "");
	db->detail = xstrdup(detail ? detail : "");
	const char *hint = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_HINT) : NULL;
	db->hint = xstrdup(hint ? hint : "");
	const char *msg = primary ? primary : PQerrorMessage(db->conn);
	enum od_status st = status_of(db->sqlstate);
	if (log_hook)
		log_hook("error", "statement failed (SQLSTATE %s): %s%s%s", db->sqlstate, msg,
			 detail ? " DETAIL: " : "", detail ? detail : "");
	if (primary)
		say_refusal(db, d, st, primary, hint);
	else
		diag_set(d, st, "%.*s", (int)strcspn(msg, "\n"), msg);
	PQclear(res);
	return st;
}

/* Waits until the socket is ready for `events` or `ms` pass: through the
 * caller's hook when there is one (the screens keep drawing and reading
 * Esc), else with poll.  Returns false when the person gave up. */
static bool wait_socket(struct db *db, short events, int ms, enum db_state state, int attempt)
{
	int fd = PQsocket(db->conn);
	if (db->wait)
		return db->wait(db->wait_arg, fd, events, ms, state, attempt);
	struct pollfd p = {fd, events, 0};
	if (fd >= 0)
		poll(&p, 1, ms);
	else
		poll(NULL, 0, ms);
	return true;
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A new connection with the same parameters (PQreset keeps them, the
 * password included, inside libpq), with back-off between attempts, then
 * the session's set-up statements again.  false when the person gave up. */
static bool reconnect(struct db *db)
{
	static const int backoff_ms[] = {250, 500, 1000, 2000, 4000, 8000};
	for (int attempt = 1;; attempt++) {
		int pause = backoff_ms[attempt - 1 < 5 ? attempt - 1 : 5];
		if (!wait_socket(db, 0, pause, DB_RECONNECTING, attempt))
			return false;
		if (!PQresetStart(db->conn))
			continue;
		PostgresPollingStatusType ps = PGRES_POLLING_WRITING;
		long long give_up = now_ms() + 10000;
		while (ps != PGRES_POLLING_OK && ps != PGRES_POLLING_FAILED && now_ms() < give_up) {
			if (!wait_socket(db, ps == PGRES_POLLING_READING ? POLLIN : POLLOUT, 200,
					 DB_RECONNECTING, attempt))
				return false;
			ps = PQresetPoll(db->conn);
		}
		if (ps != PGRES_POLLING_OK)
			continue;
		db->broken = false;
		if (log_hook)
			log_hook("info", "reconnected after %d attempt(s)", attempt);
		PQsetNoticeProcessor(db->conn, ignore_notice, NULL);
		for (int i = 0; i < db->n_on_connect; i++)
			PQclear(PQexec(db->conn, db->on_connect[i]));
		return true;
	}
}

static bool connection_lost(const struct db *db, const char *state)
{
	return db->broken || PQstatus(db->conn) == CONNECTION_BAD || !strncmp(state, "08", 2) ||
	       !strcmp(state, "57P01") || !strcmp(state, "57P02") || !strcmp(state, "57P03");
}

/* Waits until libpq holds a whole result, within the deadline; false when
 * the connection failed, the person gave up or the deadline passed (the
 * request is then cancelled and the link treated as dead, since a hung
 * network is not noticed otherwise). */
static bool await_result(struct db *db, long long deadline)
{
	while (PQisBusy(db->conn)) {
		if (now_ms() > deadline) {
			PGcancel *cancel = PQgetCancel(db->conn);
			char err[256];
			if (cancel) {
				PQcancel(cancel, err, sizeof err);
				PQfreeCancel(cancel);
			}
			/* A reset is cheaper than waiting on a network that does
			 * not answer. */
			db->broken = true;
			return false;
		}
		if (!wait_socket(db, POLLIN, 100, DB_WORKING, 0) || !PQconsumeInput(db->conn))
			return false;
	}
	return true;
}

/* Administration runs long statements; only the window's client has a
 * per-request deadline.  Flushes what was queued; false on failure. */
static bool flush_within(struct db *db, long long *deadline)
{
	*deadline = db->resilient ? now_ms() + db->deadline_ms : LLONG_MAX;
	while (PQflush(db->conn) == 1)
		if (!wait_socket(db, POLLOUT, 100, DB_WORKING, 0) || now_ms() > *deadline)
			return false;
	return true;
}

/* Sends one statement and waits for its last result on the socket, with
 * the per-request deadline; NULL when the connection failed or the
 * deadline passed. */
static PGresult *send_and_wait(struct db *db, const char *sql, int nparams,
			       const char *const *params, bool with_params)
{
	int sent = with_params ? PQsendQueryParams(db->conn, sql, nparams, NULL, params, NULL,
						   NULL, 0)
			       : PQsendQuery(db->conn, sql);
	long long deadline;
	if (!sent || !flush_within(db, &deadline))
		return NULL;
	PGresult *last = NULL;
	for (;;) {
		if (!await_result(db, deadline)) {
			PQclear(last);
			return NULL;
		}
		PGresult *r = PQgetResult(db->conn);
		if (!r)
			return last;
		PQclear(last);
		last = r;
	}
}

/* Two statements in one round trip (pipeline mode), each in its own
 * implicit transaction, so the second starts only once the first has
 * committed.  Returns the first's error, else the second's last result;
 * NULL as send_and_wait. */
static PGresult *send_pair_and_wait(struct db *db, const struct db_statement *first,
				    const struct db_statement *second)
{
	if (!PQenterPipelineMode(db->conn))
		return NULL;
	long long deadline;
	PGresult *results[2] = {NULL, NULL};
	bool ok = PQsendQueryParams(db->conn, first->sql, first->nparams, NULL, first->params,
				    NULL, NULL, 0) &&
		  PQpipelineSync(db->conn) &&
		  PQsendQueryParams(db->conn, second->sql, second->nparams, NULL, second->params,
				    NULL, NULL, 0) &&
		  PQpipelineSync(db->conn) && flush_within(db, &deadline);
	/* Results: first's, NULL, sync, second's, NULL, sync. */
	for (int syncs = 0, stmt = 0; ok && syncs < 2;) {
		ok = await_result(db, deadline);
		PGresult *r = ok ? PQgetResult(db->conn) : NULL;
		if (!ok)
			break;
		if (!r) {
			stmt++;
		} else if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			syncs++;
		} else {
			PQclear(results[stmt > 0]);
			results[stmt > 0] = r;
		}
	}
	if (!ok || !PQexitPipelineMode(db->conn)) {
		PQclear(results[0]);
		PQclear(results[1]);
		return NULL;
	}
	ExecStatusType est = results[0] ? PQresultStatus(results[0]) : PGRES_FATAL_ERROR;
	if (est != PGRES_COMMAND_OK && est != PGRES_TUPLES_OK) {
		PQclear(results[1]);
		return results[0];
	}
	PQclear(results[0]);
	return results[1];
}

static enum od_status run_statement(struct db *db, const char *sql, int nparams,
				    const char *const *params, bool with_params,
				    const struct db_statement *first, PGresult **res, struct diag *d)
{
	const struct db_statement second = {sql, nparams, params};
	for (;;) {
		if (db->broken)
			*res = NULL;
		else if (first)
			*res = send_pair_and_wait(db, first, &second);
		else
			*res = send_and_wait(db, sql, nparams, params, with_params);
		enum od_status st = check_result(db, *res, d);
		if (st == OD_OK)
			return OD_OK;
		/* Safe to send again: every write carries a request id, so the
		 * server answers a repeat with the first outcome. */
		if (!db->resilient || !connection_lost(db, db->sqlstate))
			return st;
		if (!reconnect(db))
			return diag_set(d, OD_ERR_CONNECT, _("the connection to the server was lost"));
	}
}

static enum od_status exec_with(struct db *db, const struct db_statement *first,
				const char *sql, int nparams, const char *const *params,
				struct db_result **out, struct diag *d)
{
	if (out)
		*out = NULL;
	PGresult *res = NULL;
	enum od_status st = run_statement(db, sql, nparams, params, true, first, &res, d);
	if (st != OD_OK)
		return st;
	if (out) {
		*out = xmalloc(sizeof **out);
		(*out)->res = res;
	} else {
		PQclear(res);
	}
	return OD_OK;
}

enum od_status db_exec(struct db *db, const char *sql, int nparams, const char *const *params,
		       struct db_result **out, struct diag *d)
{
	return exec_with(db, NULL, sql, nparams, params, out, d);
}

enum od_status db_exec_after(struct db *db, const struct db_statement *first, const char *sql,
			     int nparams, const char *const *params, struct db_result **out,
			     struct diag *d)
{
	return exec_with(db, first, sql, nparams, params, out, d);
}

enum od_status db_exec_rows(struct db *db, const char *sql, int nparams,
			    const char *const *params, size_t size, void **rows, int *count,
			    struct db_result **r, struct diag *d)
{
	*rows = NULL;
	*count = 0;
	enum od_status st = db_exec(db, sql, nparams, params, r, d);
	if (st != OD_OK)
		return st;
	*count = db_rows(*r);
	*rows = xcalloc((size_t)(*count ? *count : 1), size);
	return OD_OK;
}

enum od_status db_exec_script(struct db *db, const char *sql, struct diag *d)
{
	/* Several statements without parameters (migrations): the simple
	 * query protocol, never resent. */
	bool resilient = db->resilient;
	db->resilient = false;
	PGresult *res = NULL;
	enum od_status st = run_statement(db, sql, 0, NULL, false, NULL, &res, d);
	db->resilient = resilient;
	if (st == OD_OK)
		PQclear(res);
	return st;
}

enum od_status db_copy_begin(struct db *db, const char *copy_sql, struct diag *d)
{
	PGresult *res = PQexec(db->conn, copy_sql);
	if (res && PQresultStatus(res) == PGRES_COPY_IN) {
		PQclear(res);
		return OD_OK;
	}
	enum od_status st = check_result(db, res, d);
	if (st == OD_OK) {
		PQclear(res); /* not a COPY statement: a caller's mistake */
		return diag_set(d, OD_ERR_DB, "not a COPY FROM STDIN statement");
	}
	return st;
}

enum od_status db_copy_put(struct db *db, const char *data, size_t len, struct diag *d)
{
	if (len > INT_MAX || PQputCopyData(db->conn, data, (int)len) != 1)
		return diag_set(d, OD_ERR_CONNECT, "%s", PQerrorMessage(db->conn));
	return OD_OK;
}

enum od_status db_copy_end(struct db *db, struct diag *d)
{
	if (PQputCopyEnd(db->conn, NULL) != 1)
		return diag_set(d, OD_ERR_CONNECT, "%s", PQerrorMessage(db->conn));
	PGresult *res = PQgetResult(db->conn);
	enum od_status st = check_result(db, res, d);
	if (st == OD_OK)
		PQclear(res);
	while ((res = PQgetResult(db->conn)) != NULL)
		PQclear(res);
	return st;
}


enum od_status db_password_verifier(struct db *db, const char *login, const char *password,
				    char **out, struct diag *d)
{
	*out = NULL;
	/* Computed here, with a fresh salt: only the verifier travels. */
	char *v = PQencryptPasswordConn(db->conn, password, login, "scram-sha-256");
	if (!v) {
		const char *msg = PQerrorMessage(db->conn);
		return diag_set(d, OD_ERR_DB, "%.*s", (int)strcspn(msg, "\n"), msg);
	}
	*out = xstrdup(v);
	PQfreemem(v);
	return OD_OK;
}

const char *db_last_sqlstate(const struct db *db)
{
	return db->sqlstate;
}

const char *db_last_detail(const struct db *db)
{
	return db->detail ? db->detail : "";
}

const char *db_last_hint(const struct db *db)
{
	return db->hint ? db->hint : "";
}

void db_set_namer(struct db *db, const char *(*name_of)(void *ctx, const char *code), void *ctx)
{
	db->name_of = name_of;
	db->name_ctx = ctx;
}

int db_rows(const struct db_result *r)
{
	return PQntuples(r->res);
}

static int column(const struct db_result *r, const char *name)
{
	int c = PQfnumber(r->res, name);
	if (c < 0) {
		fprintf(stderr, "onedoor: internal error: no column \"%s\" in result\n", name);
		abort();
	}
	return c;
}

const char *db_value(const struct db_result *r, int row, const char *name)
{
	return PQgetvalue(r->res, row, column(r, name));
}

bool db_row_in(const struct db_result *r, int row, const char *part)
{
	return !part || strcmp(db_value(r, row, "part"), part) == 0;
}

bool db_is_null(const struct db_result *r, int row, const char *name)
{
	return PQgetisnull(r->res, row, column(r, name));
}

int db_rows_alloc(const struct db_result *r, size_t size, void **rows)
{
	int n = db_rows(r);
	*rows = xcalloc((size_t)(n ? n : 1), size);
	return n;
}

void db_copy(const struct db_result *r, int row, const char *column, char *dst,
	     size_t dst_size)
{
	const char *v = db_value(r, row, column);
	size_t len = strlen(v);
	if (len >= dst_size) {
		len = dst_size - 1;
		/* Back to the start of a character (UTF-8 continuation bytes
		 * are 10xxxxxx). */
		while (len > 0 && ((unsigned char)v[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(dst, v, len);
	dst[len] = '\0';
}

void db_result_free(struct db_result **rp)
{
	if (!*rp)
		return;
	PQclear((*rp)->res);
	xfree(rp);
}

int db_socket(const struct db *db)
{
	return PQsocket(db->conn);
}

void db_query_set(struct db_query *q, const char *sql, int n, const char *const *params)
{
	if (n > DB_MAX_PARAMS) {
		fprintf(stderr, "onedoor: internal error: %d parameters\n", n);
		abort();
	}
	q->sql = sql;
	q->nparams = n;
	for (int i = 0; i < n; i++)
		q->params[i] = params[i] ? xstrdup(params[i]) : NULL;
}

void db_query_copy(struct db_query *dst, const struct db_query *src)
{
	db_query_set(dst, src->sql, src->nparams, (const char *const *)src->params);
}

void db_query_free(struct db_query *q)
{
	if (!q)
		return;
	for (int i = 0; i < q->nparams; i++)
		xfree(&q->params[i]);
	q->nparams = 0;
}

enum od_status db_run(struct db *db, const struct db_query *q, struct db_result **out,
		      struct diag *d)
{
	return db_exec(db, q->sql, q->nparams, (const char *const *)q->params, out, d);
}

enum od_status db_send(struct db *db, const struct db_query *q, struct diag *d)
{
	PQclear(db->pending);
	db->pending = NULL;
	db->sent = false;
	if (db->broken || PQstatus(db->conn) != CONNECTION_OK)
		return diag_set(d, OD_ERR_CONNECT, _("the connection to the server was lost"));
	if (!PQsendQueryParams(db->conn, q->sql, q->nparams, NULL,
			       (const char *const *)q->params, NULL, NULL, 0)) {
		const char *msg = PQerrorMessage(db->conn);
		return diag_set(d, OD_ERR_CONNECT, "%.*s", (int)strcspn(msg, "\n"), msg);
	}
	db->sent = true;
	db_flush(db);
	return OD_OK;
}

enum od_status db_send_together(struct db *db, const struct db_query *const *qs, int n,
				struct diag *d)
{
	if (n == 1)
		return db_send(db, qs[0], d);
	PQclear(db->pending);
	db->pending = NULL;
	db->sent = false;
	if (db->broken || PQstatus(db->conn) != CONNECTION_OK || !PQenterPipelineMode(db->conn))
		return diag_set(d, OD_ERR_CONNECT, _("the connection to the server was lost"));
	bool ok = true;
	for (int i = 0; ok && i < n; i++)
		ok = PQsendQueryParams(db->conn, qs[i]->sql, qs[i]->nparams, NULL,
				       (const char *const *)qs[i]->params, NULL, NULL, 0);
	if (!ok || !PQpipelineSync(db->conn)) {
		/* Part of the pipeline may be out: only a new connection
		 * puts the protocol back in step. */
		const char *msg = PQerrorMessage(db->conn);
		db->broken = true;
		return diag_set(d, OD_ERR_CONNECT, "%.*s", (int)strcspn(msg, "\n"), msg);
	}
	db->sent = db->piped = true;
	db->group_failed = false;
	db_flush(db);
	return OD_OK;
}

bool db_busy(const struct db *db)
{
	return db->sent;
}

bool db_was_skipped(const struct db *db)
{
	return db->skipped;
}

bool db_want_write(struct db *db)
{
	return db->sent && PQflush(db->conn) == 1;
}

void db_flush(struct db *db)
{
	(void)PQflush(db->conn);
}

static int count_notifications(struct db *db)
{
	int n = 0;
	PGnotify *note;
	while ((note = PQnotifies(db->conn)) != NULL) {
		PQfreemem(note);
		n++;
	}
	return n;
}

enum db_recv db_receive(struct db *db, struct db_result **out, enum od_status *st,
			struct diag *d, int *notifications)
{
	*out = NULL;
	*st = OD_OK;
	if (db->broken || PQstatus(db->conn) != CONNECTION_OK)
		goto lost;
	if (!PQconsumeInput(db->conn) || PQstatus(db->conn) != CONNECTION_OK)
		goto lost;
	*notifications += count_notifications(db);
	if (!db->sent)
		return DB_RECV_IDLE;
	while (!PQisBusy(db->conn)) {
		PGresult *r = PQgetResult(db->conn);
		if (db->piped && r && PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
			/* Every answer of the statements sent together is in. */
			PQclear(r);
			PQexitPipelineMode(db->conn);
			db->piped = db->sent = false;
			return DB_RECV_IDLE;
		}
		if (!r) {
			/* The whole answer is in (sent together: the Sync's
			 * result is still to come). */
			db->sent = db->piped;
			PGresult *last = db->pending;
			db->pending = NULL;
			*notifications += count_notifications(db);
			db->skipped = db->piped && last &&
				      PQresultStatus(last) == PGRES_PIPELINE_ABORTED;
			if (db->skipped && db->group_failed) {
				PQclear(last);
				memcpy(db->sqlstate, db->group_state, sizeof db->sqlstate);
				if (d)
					*d = db->group_diag;
				*st = db->group_st;
				return DB_RECV_DONE;
			}
			*st = check_result(db, last, d);
			if (db->piped && *st != OD_OK && !db->group_failed) {
				db->group_failed = true;
				db->group_st = *st;
				memcpy(db->group_state, db->sqlstate, sizeof db->group_state);
				if (d)
					db->group_diag = *d;
			}
			if (*st == OD_OK) {
				*out = xmalloc(sizeof **out);
				(*out)->res = last;
			} else if (connection_lost(db, db->sqlstate)) {
				goto lost;
			}
			return DB_RECV_DONE;
		}
		PQclear(db->pending);
		db->pending = r;
	}
	return DB_RECV_WAIT;
lost:
	db->sent = db->piped = false;
	PQclear(db->pending);
	db->pending = NULL;
	*st = diag_set(d, OD_ERR_CONNECT, _("the connection to the server was lost"));
	return DB_RECV_LOST;
}

void db_cancel(struct db *db)
{
	if (!db->sent)
		return;
	PGcancel *cancel = PQgetCancel(db->conn);
	char err[256];
	if (cancel) {
		PQcancel(cancel, err, sizeof err);
		PQfreeCancel(cancel);
	}
}

bool db_was_cancelled(const struct db *db)
{
	return strcmp(db->sqlstate, "57014") == 0;
}

bool db_reset_start(struct db *db)
{
	db->sent = db->piped = false;
	PQclear(db->pending);
	db->pending = NULL;
	return PQresetStart(db->conn) == 1;
}

int db_reset_poll(struct db *db, short *events)
{
	switch (PQresetPoll(db->conn)) {
	case PGRES_POLLING_READING:
		*events = POLLIN;
		return 0;
	case PGRES_POLLING_WRITING:
		*events = POLLOUT;
		return 0;
	case PGRES_POLLING_OK:
		db->broken = false;
		PQsetNoticeProcessor(db->conn, ignore_notice, NULL);
		log_connected(db->conn, "connected again");
		for (int i = 0; i < db->n_on_connect; i++)
			PQclear(PQexec(db->conn, db->on_connect[i]));
		return 1;
	case PGRES_POLLING_FAILED:
		if (log_hook)
			log_hook("error", "cannot connect again: %s", PQerrorMessage(db->conn));
		break;
	case PGRES_POLLING_ACTIVE:
		break;
	}
	return -1;
}

void db_new_request_id(char out[37])
{
	unsigned char b[16];
	if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b) {
		/* getrandom on Linux does not fail for 16 bytes once the pool is
		 * initialised; fall back to something unique enough. */
		for (size_t i = 0; i < sizeof b; i++)
			b[i] = (unsigned char)(rand() & 0xFF);
	}
	b[6] = (unsigned char)((b[6] & 0x0F) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
		 b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
		 b[14], b[15]);
}
