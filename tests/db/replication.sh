# replication.sh - the path for "when one server is not enough", on
# PostgreSQL's own streaming replication: a primary and a hot standby (each
# on its own Unix socket in a temporary folder), a multi-host connection
# string that finds the primary whatever the order (target_session_attrs=
# read-write) or prefers the standby for reports (prefer-standby), the
# schema migrated on the primary and visible on the standby, and failover:
# the primary stops, the standby is promoted, the same string finds it.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
PGCLUSTER="$ONEDOOR_TOP/src/sh/pgcluster.sh"
REPL=$(mktemp -d "${TMPDIR:-/tmp}/od-repl.XXXXXX") || exit 1
chmod 0755 "$REPL"
P="$REPL/p" S="$REPL/s"
trap 'sh "$PGCLUSTER" destroy "$S"; sh "$PGCLUSTER" destroy "$P"; rm -rf "$REPL"' EXIT
sh "$PGCLUSTER" init "$P" fast && sh "$PGCLUSTER" module "$P" "$ONEDOOR_BUILD/pgext/onedoor_engine.so" &&
	sh "$PGCLUSTER" start "$P" || exit 1
# Both clusters have the same superuser password (the standby is a copy).
export PGPASSFILE="$P/pgpass" PGUSER=postgres
unset PGHOST PGDATABASE
createdb -h "$P/run" onedoor || exit 1
ok_if "a standby is cloned from the primary and starts" \
	sh -c "sh '$PGCLUSTER' standby '$S' '$P' && sh '$PGCLUSTER' start '$S'"

# Which server a connection string reaches: "primary" or "standby".
reaches() {
	psql -X -At -d "$1" -c "SELECT CASE WHEN pg_is_in_recovery() THEN 'standby' ELSE 'primary' END" 2>&1
}
both="host=$P/run,$S/run dbname=onedoor"
both_reversed="host=$S/run,$P/run dbname=onedoor"
ok_eq "read-write finds the primary listed first" primary "$(reaches "$both target_session_attrs=read-write")"
ok_eq "read-write finds the primary listed second" primary \
	"$(reaches "$both_reversed target_session_attrs=read-write")"
ok_eq "prefer-standby finds the standby listed second" standby \
	"$(reaches "$both target_session_attrs=prefer-standby")"

ini="$REPL/admin.ini"
printf '[database]\nconninfo = %s target_session_attrs=read-write\n' "$both_reversed" > "$ini"
ok_if "onedoor-admin migrate through the multi-host string" "$ONEDOOR_BIN/onedoor-admin" -c "$ini" migrate
ok_if "onedoor-admin demo through the multi-host string" "$ONEDOOR_BIN/onedoor-admin" -c "$ini" demo
printf '[database]\nconninfo = host=%s/run dbname=onedoor\n' "$S" > "$REPL/standby.ini"
out=$("$ONEDOOR_BIN/onedoor-admin" -c "$REPL/standby.ini" migrate 2>&1)
ok_match "migrate on the standby alone is refused (read-only)" "read-only" "$out"

# Wait until the standby has replayed everything the primary wrote.
lsn=$(psql -X -At -h "$P/run" -d onedoor -c "SELECT pg_current_wal_lsn()")
n=0
until [ "$(psql -X -At -h "$S/run" -d onedoor -c \
	"SELECT pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn")" = t ] || [ $n -ge 100 ]; do
	sleep 0.1
	n=$((n + 1))
done
count="SELECT count(*) FROM onedoor.schema_migrations"
ok_eq "the migrations are on the standby" "$(psql -X -At -h "$P/run" -d onedoor -c "$count")" \
	"$(psql -X -At -h "$S/run" -d onedoor -c "$count" 2>&1)"
report=$(PGPASSWORD=onedoor psql -X -At -U demo_supervisor \
	-d "$both target_session_attrs=prefer-standby" \
	-c "SELECT pg_is_in_recovery(), count(*) FROM onedoor.application_list" 2>&1)
ok_eq "a supervisor's report reads the county's applications on the standby" "t|10" "$report"

sh "$PGCLUSTER" stop "$P"
sh "$PGCLUSTER" promote "$S"
ok_eq "after failover read-write finds the promoted standby" primary \
	"$(reaches "$both target_session_attrs=read-write" | tail -n 1)"
ok_if "onedoor-admin migrate after failover (nothing to do)" "$ONEDOOR_BIN/onedoor-admin" -c "$ini" migrate
done_testing
