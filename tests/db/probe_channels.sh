#!/bin/sh
# Probe: notification channels.  A login that is not in a case's scope
# cannot hear its changes by LISTENing to a name it guesses, and cannot make
# another session refresh by NOTIFYing into that session's channel.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database probe_channels
set_today 2026-03-02
stranger_login probe_nobody
N=$(accept_app demo_clerk2 ADEMO-006 '["wf_dibao"]')

# Another centre's clerk and a stranger listen to every name 0011 used.
names="LISTEN onedoor_centre_511703102; LISTEN onedoor_department_civil_affairs;"
T="$ONEDOOR_TEST_DIR/probe_channels"
( sleep 1.5; act demo_verifier "$N" verify_pass >/dev/null ) &
printf '%s\nSELECT pg_sleep(3);\n' "$names" |
	PGPASSWORD=onedoor psql -X -q -At -U demo_clerk1 -d "$DB" > "$T.clerk1" 2>&1 &
printf '%s\nSELECT pg_sleep(3);\n' "$names" |
	PGPASSWORD=onedoor psql -X -q -At -U probe_nobody -d "$DB" > "$T.nobody" 2>&1
wait
ok_eq "the case did change meanwhile" supervise "$(stage_of "$N")"
ok_eq "a stranger listening to the centre's name hears nothing" "" \
	"$(grep notification "$T.nobody" || true)"
ok_eq "nor another centre's clerk" "" "$(grep notification "$T.clerk1" || true)"

# The centre's own clerk subscribes; strangers notify every name they know.
( sleep 1.5
  PGPASSWORD=onedoor psql -X -q -U probe_nobody -d "$DB" \
	-c "NOTIFY onedoor_centre_511703102, '1'" -c "NOTIFY onedoor_department_civil_affairs, '1'" >/dev/null 2>&1
  PGPASSWORD=onedoor psql -X -q -U demo_clerk1 -d "$DB" \
	-c "SELECT pg_notify(l, '1') FROM unnest(ARRAY['onedoor_centre_511703102', 'onedoor_worklist']) l" >/dev/null 2>&1 ) &
heard=$(printf 'SELECT onedoor.listen_worklist();\nSELECT pg_sleep(3);\n' |
	PGPASSWORD=onedoor psql -X -q -At -U demo_clerk2 -d "$DB" 2>&1)
wait
ok_match "the clerk's session has a channel of its own" '^onedoor_[0-9a-f]{32}$' "$(printf '%s\n' "$heard" | sed -n 1p)"
ok_eq "and strangers' NOTIFYs do not reach it" "" "$(printf '%s\n' "$heard" | grep notification || true)"
ok_eq "a client cannot read who listens where" 42501 \
	"$(try_sql demo_clerk1 "SELECT channel FROM onedoor.listeners")"
done_testing
