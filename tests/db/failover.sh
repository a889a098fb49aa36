# failover.sh - a primary and a synchronous streaming standby on Unix
# sockets; clients connected through a multi-host connection string with
# target_session_attrs=read-write keep working while the primary is stopped
# and the standby promoted: every acknowledged write is on the new primary,
# nothing is applied twice, and the audit chain is whole.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
pgc() { sh "$ONEDOOR_TOP/src/sh/pgcluster.sh" "$@"; }
P=$(mktemp -d "${TMPDIR:-/tmp}/od-fo-p.XXXXXX")
S=$(mktemp -d "${TMPDIR:-/tmp}/od-fo-s.XXXXXX")
chmod 0755 "$P" "$S"
trap 'pgc destroy "$S"; pgc destroy "$P"' EXIT
pgc init "$P" fast && pgc module "$P" "$ONEDOOR_BUILD/pgext/onedoor_engine.so" && pgc start "$P"
export PGHOST="$P/run" PGUSER=postgres PGPASSFILE="$P/pgpass" PGDATABASE=postgres
createdb onedoor_fo
printf '[database]\nconninfo = dbname=onedoor_fo\n' > "$P/admin.ini"
onedoor_admin() { "$ONEDOOR_BIN/onedoor-admin" -c "$P/admin.ini" "$@" >/dev/null; }
onedoor_admin migrate && onedoor_admin demo &&
	onedoor_admin catalogue import "$ONEDOOR_TOP/conf/catalogue"
ok_eq "primary set up" 0 $?
# Acknowledged means on the standby too.
psql -X -q -c "ALTER SYSTEM SET synchronous_standby_names = 'standby'" \
	-c "ALTER SYSTEM SET synchronous_commit = 'on'" -c "SELECT pg_reload_conf()" >/dev/null
pgc standby "$S" "$P" && pgc start "$S"
n=0
until [ "$(psql -X -At -c "SELECT sync_state FROM pg_stat_replication")" = sync ] || [ $n -gt 100 ]; do
	sleep 0.1; n=$((n + 1))
done
ok_eq "the standby replicates synchronously" sync "$(psql -X -At -c "SELECT sync_state FROM pg_stat_replication")"

# Every connection from here on, the soak's included, goes by both hosts.
export PGHOST="$P/run,$S/run" PGTARGETSESSIONATTRS=read-write PGDATABASE=onedoor_fo
# The failover as an operator does it: stop the old primary, promote the
# standby, and let the new primary commit alone until a new standby joins
# (it inherited synchronous_standby_names and would otherwise wait forever).
failover="sh '$ONEDOOR_TOP/src/sh/pgcluster.sh' stop '$P' && sh '$ONEDOOR_TOP/src/sh/pgcluster.sh' promote '$S' && psql -X -q -h '$S/run' -d postgres -c 'ALTER SYSTEM RESET synchronous_standby_names' -c 'SELECT pg_reload_conf()' >/dev/null"
out=$("$ONEDOOR_BUILD/tests/soak" --seconds 10 --workers 24 --restart "$failover" --restart-at 5 2>&1)
status=$?
printf '%s\n' "$out" | sed 's/^/# /'
ok_eq "writes acknowledged before and after the failover are all there, once" 0 $status
ok_match "work was done on both sides of the failover" "acknowledged [1-9][0-9]" "$out"
ok_eq "the promoted standby is the primary now" f "$(psql -X -At -h "$S/run" -c "SELECT pg_is_in_recovery()")"
printf '[database]\nconninfo = dbname=onedoor_fo\n' > "$S/admin.ini"
"$ONEDOOR_BIN/onedoor-admin" -c "$S/admin.ini" audit verify >/dev/null 2>&1
ok_eq "audit chain intact on the new primary" 0 $?
done_testing
