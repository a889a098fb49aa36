#!/bin/sh
# Probe: what lies outside a login's scope does not leak through messages,
# names or side tables.  Another county's resident ID registered again does
# not name its household (and the attempt is recorded, committed); staff,
# staff names and discoveries are read in the caller's county only.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database probe_scope
set_today 2026-03-02
rows_as() { PGPASSWORD=onedoor psql -X -q -At -U "$1" -d "$DB" -c "$2" 2>&1; }
su_sql "INSERT INTO onedoor.regions VALUES ('511722', '宣汉县', '511700', 3);
	INSERT INTO onedoor.centres VALUES ('511722001', '东乡街道便民服务中心', 'street', '511722')" >/dev/null
staff_login wf_far_clerk clerk 外县窗口 511722001
staff_login wf_far_supervisor supervisor 外县督办 "" 511722

# The registration oracle --------------------------------------------------------
hh='{"hukou": "rural", "members": [{"resident_id": "511703197403120112", "name": "杨建国", "relation": "self"}]}'
out=$(rows_as wf_far_clerk "SELECT * FROM onedoor.register_household(gen_random_uuid(), '$hh')")
ok_eq "another county's resident ID: the answer names no household" "" \
	"$(printf '%s\n' "$out" | grep -E 'HDEMO|东城|便民服务中心' || true)"
ok_eq "and no household was registered for it" 0 \
	"$(su_sql "SELECT count(*) FROM onedoor.households WHERE centre_code = '511722001'")"
ok_eq "the attempt is in the audit trail, the ID masked" "wf_far_clerk|511703********0112" \
	"$(su_sql "SELECT actor || '|' || object_id FROM onedoor.audit_log WHERE action = 'register_clash'")"
out=$(rows_as demo_clerk2 "SELECT * FROM onedoor.register_household(gen_random_uuid(), '$hh')")
ok_eq "another centre of the same county learns nothing either" "" \
	"$(printf '%s\n' "$out" | grep -E 'HDEMO' || true)"
ok_match "the household's own centre is told which household" "HDEMO-001" \
	"$(rows_as demo_clerk1 "SELECT * FROM onedoor.register_household(gen_random_uuid(), '$hh')")"

# Staff and names ------------------------------------------------------------------
ok_eq "a supervisor reads only their county's staff" 0 \
	"$(rows_as wf_far_supervisor "SELECT count(*) FROM onedoor.staff WHERE role_name LIKE 'demo%'")"
ok_eq "nor through the staff list" 0 \
	"$(rows_as wf_far_supervisor "SELECT count(*) FROM onedoor.staff_list WHERE role_name LIKE 'demo%'")"
ok_eq "but sees their own county's" 2 \
	"$(rows_as wf_far_supervisor "SELECT count(*) FROM onedoor.staff WHERE role_name LIKE 'wf_far%'")"
ok_eq "the county's own supervisor still sees the county's clerks" 2 \
	"$(rows_as demo_supervisor "SELECT count(*) FROM onedoor.staff WHERE role_group = 'clerk' AND role_name LIKE 'demo%'")"
ok_eq "staff_name() does not name another county's clerk" "" \
	"$(rows_as wf_far_clerk "SELECT onedoor.staff_name('demo_clerk1')")"
ok_eq "nor its verifier" "" \
	"$(rows_as wf_far_clerk "SELECT onedoor.staff_name('demo_verifier')")"
ok_eq "a clerk still reads the names on their own cases' timelines" "王强" \
	"$(rows_as demo_clerk1 "SELECT onedoor.staff_name('demo_verifier')")"
ok_eq "the auditor reads every name" "外县窗口" \
	"$(rows_as demo_auditor "SELECT onedoor.staff_name('wf_far_clerk')")"

# Discoveries ------------------------------------------------------------------------
su_sql "WITH r AS (INSERT INTO onedoor.discover_runs (as_of, finished_at) VALUES ('2026-03-02', now()) RETURNING id)
	INSERT INTO onedoor.discoveries (run_id, household_id, items, amounts)
	SELECT r.id, h.id, '{wf_dibao}', '{100}' FROM r, onedoor.households h WHERE h.household_no = 'HDEMO-001'" >/dev/null
ok_eq "another county's supervisor reads no discoveries of this one" 0 \
	"$(rows_as wf_far_supervisor "SELECT count(*) FROM onedoor.discoveries")"
ok_eq "nor through the list" 0 \
	"$(rows_as wf_far_supervisor "SELECT count(*) FROM onedoor.discovery_list(100)")"
ok_eq "the county's supervisor does" 1 \
	"$(rows_as demo_supervisor "SELECT count(*) FROM onedoor.discoveries")"
done_testing
