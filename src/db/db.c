/* db.c - libpq behind a small, checked interface. */
#include "onedoor/db.h"

#include "onedoor/i18n.h"
#include "onedoor/xalloc.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

struct db {
	PGconn *conn;
	char sqlstate[6];
	char *detail;
};

struct db_result {
	PGresult *res;
};

/* Server notices (RAISE NOTICE, warnings) must not be printed onto the
 * curses screen; they are dropped here. */
static void ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

enum od_status db_connect(const char *conninfo, const char *user, const char *password,
			  const char *app_name, struct db **out, struct diag *d)
{
	*out = NULL;
	const char *keys[8], *values[8];
	int n = 0;
	keys[n] = "dbname", values[n++] = conninfo && *conninfo ? conninfo : NULL;
	if (user && *user)
		keys[n] = "user", values[n++] = user;
	if (password && *password)
		keys[n] = "password", values[n++] = password;
	keys[n] = "fallback_application_name", values[n++] = app_name ? app_name : "onedoor";
	keys[n] = "client_encoding", values[n++] = "UTF8";
	/* A dead network is not noticed by TCP alone for many minutes. */
	keys[n] = "keepalives_idle", values[n++] = "30";
	keys[n] = NULL, values[n] = NULL;

	PGconn *conn = PQconnectdbParams(keys, values, 1);
	if (!conn)
		return diag_set(d, OD_ERR_CONNECT, _("out of memory"));
	if (PQstatus(conn) != CONNECTION_OK) {
		const char *msg = PQerrorMessage(conn);
		enum od_status st = OD_ERR_CONNECT;
		/* libpq has no SQLSTATE for a refused password; the server's
		 * message is what we have, shown as it is. */
		diag_set(d, st, "%.*s", (int)strcspn(msg, "\n"), msg);
		PQfinish(conn);
		return st;
	}
	PQsetNoticeProcessor(conn, ignore_notice, NULL);
	struct db *db = xcalloc(1, sizeof *db);
	db->conn = conn;
	*out = db;
	return OD_OK;
}

void db_close(struct db **dbp)
{
	struct db *db = *dbp;
	if (!db)
		return;
	PQfinish(db->conn);
	free(db->detail);
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

/* Every result passes here: records SQLSTATE and DETAIL, clears on error. */
static enum od_status check_result(struct db *db, PGresult *res, struct diag *d)
{
	ExecStatusType est = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	db->sqlstate[0] = '\0';
	xfree(&db->detail);
	if (est == PGRES_COMMAND_OK || est == PGRES_TUPLES_OK)
		return OD_OK;
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	if (PQstatus(db->conn) == CONNECTION_BAD && !state)
		state = "08006";
	snprintf(db->sqlstate, sizeof db->sqlstate, "%s", state ? state : "");
	db->detail = xstrdup(detail ? detail : "");
	const char *msg = primary ? primary : PQerrorMessage(db->conn);
	enum od_status st = status_of(db->sqlstate);
	diag_set(d, st, "%.*s", (int)strcspn(msg, "\n"), msg);
	PQclear(res);
	return st;
}

enum od_status db_exec(struct db *db, const char *sql, int nparams, const char *const *params,
		       struct db_result **out, struct diag *d)
{
	if (out)
		*out = NULL;
	PGresult *res = PQexecParams(db->conn, sql, nparams, NULL, params, NULL, NULL, 0);
	enum od_status st = check_result(db, res, d);
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

enum od_status db_exec_script(struct db *db, const char *sql, struct diag *d)
{
	/* PQexec, not PQexecParams: a migration is several statements and
	 * has no parameters. */
	PGresult *res = PQexec(db->conn, sql);
	enum od_status st = check_result(db, res, d);
	if (st == OD_OK)
		PQclear(res);
	return st;
}

const char *db_last_sqlstate(const struct db *db)
{
	return db->sqlstate;
}

const char *db_last_detail(const struct db *db)
{
	return db->detail ? db->detail : "";
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

bool db_is_null(const struct db_result *r, int row, const char *name)
{
	return PQgetisnull(r->res, row, column(r, name));
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

int db_take_notifications(struct db *db)
{
	if (!PQconsumeInput(db->conn))
		return 0;
	int n = 0;
	PGnotify *note;
	while ((note = PQnotifies(db->conn)) != NULL) {
		PQfreemem(note);
		n++;
	}
	return n;
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
