# pgbouncer.sh - sourced (after cluster.sh's environment): the real
# PgBouncer (Debian package pgbouncer) in front of the test cluster, in
# transaction mode, as a county would run it for its thin clients.
#   pgbouncer_start DIR POOL LOGIN...   a PgBouncer with its Unix socket in
#                       DIR (port 6432), at most POOL server connections per
#                       database and login; the LOGINs (password "onedoor")
#                       may connect, and postgres to its admin console
#   pgbouncer_conninfo DB   what a client puts in [database] conninfo
#   pgbouncer_show WHAT     SHOW WHAT on the admin console (unaligned rows)
#   pgbouncer_stop          stops it
# PGB_AUTH=trust lets clients in without a password (a load test's
# thousands of logins would otherwise measure SCRAM); the pool still logs
# in to PostgreSQL with SCRAM.
# PgBouncer refuses to run as root: then it runs as the cluster's owner.
# It gets 8,192 open files where the hard limit allows (a connection each).
pgbouncer_start() {
	PGB_DIR=$1
	_pool=$2
	shift 2
	PGB_BIN=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
	[ -x "$PGB_BIN" ] || { echo "# pgbouncer not installed (apt-get install pgbouncer)"; return 1; }
	mkdir -p "$PGB_DIR"
	_su=$(sed -n 's/^\*:\*:\*:postgres://p' "$PGPASSFILE")
	{
		printf '"postgres" "%s"\n' "$_su"
		for _l in "$@"; do printf '"%s" "onedoor"\n' "$_l"; done
	} > "$PGB_DIR/userlist.txt"
	cat > "$PGB_DIR/pgbouncer.ini" <<PGB
[databases]
* = host=$ONEDOOR_TEST_HOST port=5432
[pgbouncer]
listen_addr =
listen_port = 6432
unix_socket_dir = $PGB_DIR
auth_type = ${PGB_AUTH:-scram-sha-256}
auth_file = $PGB_DIR/userlist.txt
admin_users = postgres
pool_mode = transaction
default_pool_size = $_pool
max_client_conn = 3000
ignore_startup_parameters = extra_float_digits,options
server_reset_query =
logfile = $PGB_DIR/pgbouncer.log
pidfile = $PGB_DIR/pgbouncer.pid
PGB
	if [ "$(id -u)" -eq 0 ]; then
		_owner=nobody
		id postgres >/dev/null 2>&1 && _owner=postgres
		chown -R "$_owner" "$PGB_DIR"
		runuser -u "$_owner" -- sh -c 'ulimit -n 8192 2>/dev/null; exec "$0" -d -q "$1"' \
			"$PGB_BIN" "$PGB_DIR/pgbouncer.ini" || return 1
	else
		sh -c 'ulimit -n 8192 2>/dev/null; exec "$0" -d -q "$1"' \
			"$PGB_BIN" "$PGB_DIR/pgbouncer.ini" || return 1
	fi
	_n=0
	while [ ! -S "$PGB_DIR/.s.PGSQL.6432" ] && [ $_n -lt 50 ]; do sleep 0.1; _n=$((_n + 1)); done
	[ -S "$PGB_DIR/.s.PGSQL.6432" ]
}
pgbouncer_conninfo() {
	echo "host=$PGB_DIR port=6432 dbname=$1"
}
pgbouncer_show() {
	psql -X -At -h "$PGB_DIR" -p 6432 -U postgres -d pgbouncer -c "SHOW $1"
}
pgbouncer_stop() {
	[ -n "${PGB_DIR:-}" ] && [ -f "$PGB_DIR/pgbouncer.pid" ] || return 0
	kill "$(cat "$PGB_DIR/pgbouncer.pid")" 2>/dev/null || true
	_n=0
	while [ -f "$PGB_DIR/pgbouncer.pid" ] && [ $_n -lt 50 ]; do sleep 0.1; _n=$((_n + 1)); done
}
