#!/bin/sh
# Probe: lock-based denial of service.  A login in no onedoor group, or any
# staff login, holds a lock the audited writers need and stays idle; the
# writers must not wait for it.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database probe_locks
set_today 2026-03-02
stranger_login probe_nobody

ok_eq "a login in no group cannot take an advisory lock" 42501 \
	"$(try_sql probe_nobody "SELECT pg_advisory_lock(7336001)")"
ok_eq "nor try one" 42501 "$(try_sql probe_nobody "SELECT pg_try_advisory_xact_lock(7336001)")"
ok_eq "nor can a clerk" 42501 "$(try_sql demo_clerk1 "SELECT pg_advisory_lock(7336001)")"
ok_eq "nor take the per-request lock of a write" 42501 \
	"$(try_sql demo_clerk2 "SELECT pg_advisory_lock(hashtextextended('00000000-0000-0000-0000-000000000001', 7336))")"

# Held in the background while a verifier acts: the action completes.
C=$(accept_app demo_clerk1 ADEMO-001 '["wf_dibao"]')
(PGPASSWORD=onedoor psql -X -q -U probe_nobody -d "$DB" \
	-c "SELECT pg_advisory_lock(7336001), pg_sleep(6)" >/dev/null 2>&1) &
holder=$!
sleep 1
v=$(su_sql "SELECT version FROM onedoor.cases WHERE id = $C")
ok_eq "an audited action does not wait behind a stranger's lock" ok \
	"$(try_sql demo_verifier "SET statement_timeout = '3s'; SELECT * FROM onedoor.case_act(gen_random_uuid(), $C, $v, 'verify_pass')")"
kill "$holder" 2>/dev/null
wait

# A clerk lifts their own idle timeout and stays idle inside a transaction
# that made an audited write; other audited writes go on.
su_sql "ALTER ROLE demo_clerk1 IN DATABASE $DB SET idle_in_transaction_session_timeout = '2s'" >/dev/null
C2=$(accept_app demo_clerk2 ADEMO-006 '["wf_dibao"]')
(printf "SET idle_in_transaction_session_timeout = 0;\nBEGIN;\nSELECT status FROM onedoor.refuse_application(gen_random_uuid(), 'ADEMO-003', 1, '材料不全');\nSELECT pg_sleep(0.1);\n\\! sleep 8\nCOMMIT;\n" |
	PGPASSWORD=onedoor psql -X -q -At -U demo_clerk1 -d "$DB" > "$ONEDOOR_TEST_DIR/idle.out" 2>&1) &
idler=$!
sleep 1.5
ok_eq "the clerk's session is idle in its transaction" 1 \
	"$(su_sql "SELECT count(*) FROM pg_stat_activity WHERE usename = 'demo_clerk1' AND state = 'idle in transaction'")"
ok_eq "another centre's audited action does not wait for it" ok \
	"$(try_sql demo_verifier "SET statement_timeout = '3s'; SELECT * FROM onedoor.case_act(gen_random_uuid(), $C2, 1, 'verify_pass')")"
# The per-login limit the clerk lifted is enforced from the server's side.
"$ONEDOOR_BIN/onedoor-admin" -c "$WF_INI" audit chain --follow 1 >/dev/null 2>&1 &
chainer=$!
sleep 3
kill "$chainer" 2>/dev/null
wait "$chainer" 2>/dev/null
ok_eq "the chainer's turn ended the session idle past its login's limit" 0 \
	"$(su_sql "SELECT count(*) FROM pg_stat_activity WHERE usename = 'demo_clerk1'")"
wait "$idler"
ok_eq "and its transaction did not commit" registered \
	"$(su_sql "SELECT status FROM onedoor.applications WHERE application_no = 'ADEMO-003'")"
su_sql "ALTER ROLE demo_clerk1 IN DATABASE $DB RESET idle_in_transaction_session_timeout" >/dev/null
done_testing
