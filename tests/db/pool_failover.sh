#!/bin/sh
# pool_failover.sh - the failover of tests/db/failover.sh with the clients
# behind PgBouncer (transaction mode) instead of a multi-host connection
# string: the pool points at the primary; at the failover the operator
# stops the old primary, promotes the standby and points the pool at it
# (README "A province": the [databases] line changed, then RELOAD on the
# console); clients keep working through the same pool address, every
# acknowledged write is on the new primary once, and the audit chain is
# whole.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/pgbouncer.sh"
pgc() { sh "$ONEDOOR_TOP/src/sh/pgcluster.sh" "$@"; }
P=$(mktemp -d "${TMPDIR:-/tmp}/od-pf-p.XXXXXX")
S=$(mktemp -d "${TMPDIR:-/tmp}/od-pf-s.XXXXXX")
B=$(mktemp -d "${TMPDIR:-/tmp}/od-pf-b.XXXXXX")
chmod 0755 "$P" "$S" "$B"
trap 'pgbouncer_stop; pgc destroy "$S"; pgc destroy "$P"; rm -rf "$B"' EXIT
pgc init "$P" fast && pgc module "$P" "$ONEDOOR_BUILD/pgext/onedoor_engine.so" && pgc start "$P"
export PGHOST="$P/run" PGUSER=postgres PGPASSFILE="$P/pgpass" PGDATABASE=postgres
createdb onedoor_pf
printf '[database]\nconninfo = dbname=onedoor_pf\n' > "$P/admin.ini"
onedoor_admin() { "$ONEDOOR_BIN/onedoor-admin" -c "$P/admin.ini" "$@" >/dev/null; }
onedoor_admin migrate && onedoor_admin demo &&
	onedoor_admin catalogue import "$ONEDOOR_TOP/conf/catalogue"
ok_eq "primary set up" 0 $?
psql -X -q -c "ALTER SYSTEM SET synchronous_standby_names = 'standby'" \
	-c "ALTER SYSTEM SET synchronous_commit = 'on'" -c "SELECT pg_reload_conf()" >/dev/null
pgc standby "$S" "$P" && pgc start "$S"
n=0
until [ "$(psql -X -At -c "SELECT sync_state FROM pg_stat_replication")" = sync ] || [ $n -gt 100 ]; do
	sleep 0.1; n=$((n + 1))
done
ok_eq "the standby replicates synchronously" sync "$(psql -X -At -c "SELECT sync_state FROM pg_stat_replication")"

# The pool, pointed at the primary.
ONEDOOR_TEST_HOST="$P/run" pgbouncer_start "$B" 20 demo_clerk1 demo_verifier demo_supervisor \
	demo_approver >/dev/null
ok_eq "PgBouncer runs in front of the primary" 0 $?
ok_match "its database line names the primary" "host=$P/run" "$(grep '^\* = ' "$B/pgbouncer.ini")"

# The failover as the README says: stop the old primary, promote the
# standby (letting it commit alone until a new standby joins), point the
# pool at it and reload the pool.
cat > "$B/failover.sh" <<EOF
sh '$ONEDOOR_TOP/src/sh/pgcluster.sh' stop '$P' &&
sh '$ONEDOOR_TOP/src/sh/pgcluster.sh' promote '$S' &&
psql -X -q -h '$S/run' -p 5432 -d postgres -c 'ALTER SYSTEM RESET synchronous_standby_names' \\
	-c 'SELECT pg_reload_conf()' >/dev/null &&
sed -i 's#^\* = host=[^ ]*#* = host=$S/run#' '$B/pgbouncer.ini' &&
psql -X -q -h '$B' -p 6432 -U postgres -d pgbouncer -c RELOAD >/dev/null
EOF
# Every client connection from here on goes through the pool's address.
out=$(PGHOST="$B" PGPORT=6432 PGDATABASE=onedoor_pf \
	"$ONEDOOR_BUILD/tests/soak" --seconds 10 --workers 12 --restart "sh '$B/failover.sh'" \
	--restart-at 5 2>&1)
status=$?
printf '%s\n' "$out" | sed 's/^/# /'
ok_eq "writes acknowledged through the pool before and after the failover are all there, once" 0 $status
ok_match "work was done on both sides of the failover" "acknowledged [1-9][0-9]" "$out"
ok_match "the pool now names the promoted standby" "host=$S/run" "$(grep '^\* = ' "$B/pgbouncer.ini")"
ok_eq "the promoted standby is the primary now" f "$(psql -X -At -h "$S/run" -c "SELECT pg_is_in_recovery()")"
ok_match "the pool's database is the promoted standby's" "\|$S/run\|" \
	"$(pgbouncer_show DATABASES | grep '^onedoor_pf|')"
printf '[database]\nconninfo = dbname=onedoor_pf\n' > "$S/admin.ini"
PGHOST="$S/run" PGPORT=5432 "$ONEDOOR_BIN/onedoor-admin" -c "$S/admin.ini" audit verify >/dev/null 2>&1
ok_eq "audit chain intact on the new primary" 0 $?
done_testing
