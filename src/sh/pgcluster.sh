#!/bin/sh
# pgcluster.sh init|start|stop|status|destroy DIR [fast]
# pgcluster.sh standby DIR PRIMARY_DIR | promote DIR
# pgcluster.sh module DIR SO_FILE
#
# A private PostgreSQL cluster in DIR: data in DIR/data, the Unix socket in
# DIR/run (no TCP port), the log in DIR/server.log, the superuser "postgres"
# with a random password kept in DIR/pgpass (mode 0600) for PGPASSFILE.
# PostgreSQL refuses to run as root, so when we are root the server runs as
# the "postgres" system user (or "nobody") and DIR is given to that user.
# "fast" (for throwaway test clusters) turns fsync off.
# standby makes DIR a streaming hot standby of the running cluster in
# PRIMARY_DIR (pg_basebackup; same superuser password, its own socket);
# promote turns a standby into a primary (tests/db/replication.sh).
# module puts a copy of the server module SO_FILE (the build tree's
# onedoor_engine.so) in DIR/lib, which the cluster searches before the
# server's own library folder (dynamic_library_path): the engine's
# functions, created AS 'onedoor_engine', then run the module just built,
# without installing anything into the system.  A copy, replaced by rename,
# so that a rebuild never changes a file a running backend has mapped and
# the server user (postgres, when we are root) can always read it.
set -eu

cmd=${1:?usage: pgcluster.sh init|start|stop|status|destroy DIR [fast]}
dir=${2:?usage: pgcluster.sh init|start|stop|status|destroy DIR [fast]}
mode=${3:-}

pgbin=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
	[ -x "$d/initdb" ] && { pgbin=$d; break; }
done
[ -n "$pgbin" ] || { echo "pgcluster: no PostgreSQL server found (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$owner" -- "$@"
	else
		"$@"
	fi
}

owner=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
	if id postgres >/dev/null 2>&1; then owner=postgres; else owner=nobody; fi
fi

case "$cmd" in
init)
	[ -f "$dir/data/PG_VERSION" ] && exit 0
	mkdir -p "$dir/run"
	dir=$(cd "$dir" && pwd)
	sock="$dir/run/.s.PGSQL.5432"
	if [ ${#sock} -gt 100 ]; then
		echo "pgcluster: $dir is too deep for a Unix socket path (${#sock} > 100 characters)" >&2
		exit 1
	fi
	umask 077
	pw=$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')
	printf '%s\n' "$pw" > "$dir/superuser.pw"
	printf '*:*:*:postgres:%s\n' "$pw" > "$dir/pgpass"
	if [ "$(id -u)" -eq 0 ]; then
		chown -R "$owner" "$dir"
		chmod 0755 "$dir"
		if ! runuser -u "$owner" -- test -w "$dir"; then
			echo "pgcluster: the server user '$owner' cannot reach $dir;" \
			     "put the work tree where '$owner' can traverse its parents" >&2
			exit 1
		fi
		chown root "$dir/pgpass"
	fi
	as_owner "$pgbin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/superuser.pw" \
		-E UTF8 --locale=C --auth-local=scram-sha-256 --auth-host=reject \
		--no-instructions >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	rm -f "$dir/superuser.pw"
	{
		echo "# onedoor private cluster: Unix socket only."
		echo "listen_addresses = ''"
		echo "unix_socket_directories = '$dir/run'"
		echo "max_connections = 260"
		echo "shared_buffers = 128MB"
		echo "log_min_messages = warning"
		echo "timezone = 'Asia/Shanghai'"
		if [ "$mode" = fast ]; then
			echo "fsync = off"
			echo "synchronous_commit = off"
			echo "full_page_writes = off"
		fi
	} | as_owner sh -c "cat >> '$dir/data/postgresql.conf'"
	# The engine module of the build under test, when there is one (the
	# tests export ONEDOOR_BUILD): every cluster a test makes can run it.
	so=${ONEDOOR_BUILD:+$ONEDOOR_BUILD/pgext/onedoor_engine.so}
	if [ -n "$so" ] && [ -f "$so" ]; then
		sh "$0" module "$dir" "$so"
	fi
	;;
standby)
	primary=${3:?usage: pgcluster.sh standby DIR PRIMARY_DIR}
	[ -f "$dir/data/PG_VERSION" ] && exit 0
	mkdir -p "$dir/run"
	dir=$(cd "$dir" && pwd)
	primary=$(cd "$primary" && pwd)
	umask 077
	cp "$primary/pgpass" "$dir/pgpass"
	# The server reads its replication password from a file of its own.
	cp "$primary/pgpass" "$dir/replication.pgpass"
	if [ "$(id -u)" -eq 0 ]; then
		chown -R "$owner" "$dir"
		chmod 0755 "$dir"
		chown root "$dir/pgpass"
	fi
	as_owner env PGPASSFILE="$dir/replication.pgpass" "$pgbin/pg_basebackup" \
		-h "$primary/run" -U postgres -D "$dir/data" -X stream -c fast \
		>"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; exit 1; }
	{
		echo "# onedoor standby of $primary"
		echo "unix_socket_directories = '$dir/run'"
		echo "primary_conninfo = 'host=$primary/run user=postgres passfile=$dir/replication.pgpass application_name=standby'"
		echo "hot_standby = on"
	} | as_owner sh -c "cat >> '$dir/data/postgresql.conf' && touch '$dir/data/standby.signal'"
	;;
module)
	so=${3:?usage: pgcluster.sh module DIR SO_FILE}
	[ -f "$so" ] || { echo "pgcluster: no server module $so (make pgext)" >&2; exit 1; }
	dir=$(cd "$dir" && pwd)
	mkdir -p "$dir/lib"
	chmod 0755 "$dir/lib"
	cp "$so" "$dir/lib/.new.so"
	chmod 0644 "$dir/lib/.new.so"
	mv -f "$dir/lib/.new.so" "$dir/lib/$(basename "$so")"
	conf="$dir/data/postgresql.conf"
	if ! as_owner grep -q "^dynamic_library_path = '$dir/lib:" "$conf"; then
		echo "dynamic_library_path = '$dir/lib:\$libdir'" | as_owner sh -c "cat >> '$conf'"
		if as_owner "$pgbin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
			as_owner "$pgbin/pg_ctl" -D "$dir/data" reload >/dev/null
		fi
	fi
	;;
promote)
	as_owner "$pgbin/pg_ctl" -D "$dir/data" -w promote >/dev/null
	;;
start)
	if as_owner "$pgbin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then exit 0; fi
	as_owner "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ||
		{ tail -n 20 "$dir/server.log" >&2; exit 1; }
	;;
stop)
	[ -f "$dir/data/PG_VERSION" ] || exit 0
	if as_owner "$pgbin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
		as_owner "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
	fi
	;;
status)
	as_owner "$pgbin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
	;;
destroy)
	sh "$0" stop "$dir" || true
	rm -rf "$dir"
	;;
*)
	echo "usage: pgcluster.sh init|start|stop|status|destroy DIR [fast]" >&2
	echo "       pgcluster.sh standby DIR PRIMARY_DIR | promote DIR" >&2
	echo "       pgcluster.sh module DIR SO_FILE" >&2
	exit 2
	;;
esac
