#!/bin/sh
# The change feed a pooled client polls instead of LISTEN (changes_since):
# a change in the caller's scope is reported once and one elsewhere not at
# all; a transaction that commits after the snapshot is still reported; a
# client whose unseen rows were pruned is told "changed"; and a transaction
# left open for over an hour does not make every poll say "changed".
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database wf_change_feed
centre=$(su_sql "SELECT centre_code FROM onedoor.staff WHERE role_name = 'demo_clerk1'")

poll() { # SNAPSHOT -> "changed|new snapshot", as demo_clerk1
	PGPASSWORD=onedoor psql -X -q -At -U demo_clerk1 -d "$DB" \
		-c "SELECT changed, snapshot FROM onedoor.changes_since(nullif('$1', ''))"
}
changed() { echo "${1%%|*}"; }
snap() { echo "${1#*|}"; }
feed() { su_sql "INSERT INTO onedoor.change_feed (centre_code) VALUES ('$1')"; }
wait_for() { # SQL that becomes 1
	_i=0
	while [ "$(su_sql "$1")" != 1 ] && [ $_i -lt 300 ]; do _i=$((_i + 1)); sleep 0.1; done
}
# Other databases of the cluster share its transaction ids: wait until no
# transaction but the named one (a test's own) that began before the
# horizon is still running, so that a snapshot taken now lists none (one
# that ended later would rightly make the poll say "changed" once).
quiet_below_horizon() { # [APPLICATION-NAME-TO-IGNORE]
	wait_for "SELECT (count(*) = 0)::int FROM pg_stat_activity a, onedoor.change_feed_horizon h
		WHERE a.backend_xid IS NOT NULL AND a.application_name <> '${1:-}'
		  AND age(a.backend_xid) >= age((h.xid::text::bigint % 4294967296)::text::xid)"
}
# A session of its own, holding a transaction id open until killed.
hold_open() { # NAME
	PGAPPNAME=$1 psql -X -q -d "$DB" \
		-c "BEGIN; SELECT pg_current_xact_id(); SELECT pg_sleep(600); COMMIT" >/dev/null 2>&1 &
	held=$!
	wait_for "SELECT count(*) FROM pg_stat_activity WHERE application_name = '$1' AND backend_xid IS NOT NULL"
}
end_held() { # NAME
	su_sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '$1'" >/dev/null
	wait "$held"
}

r=$(poll ''); s=$(snap "$r")
ok_eq "the first poll gives a snapshot and no change" f "$(changed "$r")"
feed "$centre" >/dev/null
r=$(poll "$s"); s=$(snap "$r")
ok_eq "a change in the clerk's centre is reported" t "$(changed "$r")"
r=$(poll "$s"); s=$(snap "$r")
ok_eq "and only once" f "$(changed "$r")"
feed ZZ999 >/dev/null
r=$(poll "$s"); s=$(snap "$r")
ok_eq "a change in another centre is not" f "$(changed "$r")"

# A transaction running when the snapshot is taken, committing after it:
# the writer takes its transaction id, then waits for a lock that a session
# of the test holds until the test ends that session.
PGAPPNAME=gate psql -X -q -d "$DB" -c "SELECT pg_advisory_lock(4711)" \
	-c "SELECT pg_sleep(600)" >/dev/null 2>&1 &
wait_for "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 4711 AND granted"
PGAPPNAME=late_writer psql -X -q -d "$DB" \
	-c "BEGIN; INSERT INTO onedoor.change_feed (centre_code) VALUES ('$centre'); SELECT pg_advisory_xact_lock(4711); COMMIT" >/dev/null &
writer=$!
wait_for "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'late_writer' AND wait_event_type = 'Lock'"
r=$(poll "$s"); s=$(snap "$r")
ok_eq "while it runs, nothing is visible yet" f "$(changed "$r")"
su_sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'gate'" >/dev/null
wait "$writer"
r=$(poll "$s"); s=$(snap "$r")
ok_eq "a change committed after the snapshot was taken is reported" t "$(changed "$r")"

# Pruned rows the client had not seen.
old=$s
feed "$centre" >/dev/null
su_sql "UPDATE onedoor.change_feed SET at = at - interval '2 hours'" >/dev/null
su_sql "SELECT onedoor.change_feed_prune()" >/dev/null
ok_eq "the prune drops the rows older than an hour" 0 "$(su_sql "SELECT count(*) FROM onedoor.change_feed")"
quiet_below_horizon
ok_eq "a client that had not seen the dropped rows is told of a change" t "$(changed "$(poll "$old")")"
r=$(poll "$old"); s=$(snap "$r")
r=$(poll "$s"); s=$(snap "$r")
ok_eq "with a snapshot after the prune, no change" f "$(changed "$r")"

# A transaction left open for more than an hour.
hold_open long_one
feed ZZ999 >/dev/null
su_sql "UPDATE onedoor.change_feed SET at = at - interval '2 hours'" >/dev/null
ok_eq "rows newer than the open transaction are pruned" 1 "$(su_sql "SELECT onedoor.change_feed_prune()")"
quiet_below_horizon long_one
r=$(poll "$s"); s=$(snap "$r")
ok_eq "a client that had not seen them is told of a change" t "$(changed "$r")"
ok_eq "the snapshot's xmin is held at the open transaction, below the horizon" t \
	"$(su_sql "SELECT pg_snapshot_xmin('$s') <= xid FROM onedoor.change_feed_horizon")"
r=$(poll "$s"); s=$(snap "$r")
ok_eq "the open transaction does not make the next poll say changed" f "$(changed "$r")"
r=$(poll "$s"); s=$(snap "$r")
ok_eq "nor the one after" f "$(changed "$r")"
end_held long_one
r=$(poll "$s"); s=$(snap "$r")
r=$(poll "$s"); s=$(snap "$r")
ok_eq "once it has ended, polls are quiet again" f "$(changed "$r")"
feed "$centre" >/dev/null
ok_eq "and a real change is still reported" t "$(changed "$(poll "$s")")"

ok_eq "a snapshot that is not one is refused" 22023 "$(try_sql demo_clerk1 "SELECT * FROM onedoor.changes_since('nonsense')")"
done_testing
