#!/bin/sh
# Probe: lock-based denial of service.  A login in no onedoor group, or any
# staff login, holds a lock the audited writers need and stays idle; the
# writers must not wait for it.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database probe_locks
set_today 2026-03-02
psql -X -q -d "$DB" -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'probe_nobody') THEN
	CREATE ROLE probe_nobody LOGIN PASSWORD 'onedoor'; END IF; END \$\$" >/dev/null

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
done_testing
