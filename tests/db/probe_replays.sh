#!/bin/sh
# Probe: replays.  A request id sent again returns the first outcome, to the
# same login only, whatever the other arguments say; a resend racing its
# first attempt waits for it instead of failing.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database probe_replays
set_today 2026-03-02
rows_as() { PGPASSWORD=onedoor psql -X -q -At -v ON_ERROR_STOP=1 -U "$1" -d "$DB" -c "$2" 2>&1; }

# A refusal replayed with another application's number.
rid=$(su_sql "SELECT gen_random_uuid()")
rows_as demo_clerk1 "SELECT * FROM onedoor.refuse_application('$rid', 'ADEMO-002', 1, '材料不全')" >/dev/null
ok_eq "the replay answers with the application refused then" "ADEMO-002|refused|2" \
	"$(rows_as demo_clerk1 "SELECT * FROM onedoor.refuse_application('$rid', 'ADEMO-006', 1, 'x')")"
ok_eq "another login's replay of it is refused" 22023 \
	"$(try_sql demo_clerk2 "SELECT * FROM onedoor.refuse_application('$rid', 'ADEMO-002', 1, 'x')")"

# A registration replayed by another centre's clerk.
hh='{"hukou": "urban", "members": [{"resident_id": "11010519491231002X", "name": "测试", "relation": "self"}]}'
rid=$(su_sql "SELECT gen_random_uuid()")
first=$(rows_as demo_clerk1 "SELECT application_no || '|' || household_no FROM onedoor.register_household('$rid', '$hh')")
ok_match "a registration" '^A[0-9]+\|H[0-9]+$' "$first"
ok_eq "the same clerk's resend gets the same numbers" "$first" \
	"$(rows_as demo_clerk1 "SELECT application_no || '|' || household_no FROM onedoor.register_household('$rid', '$hh')")"
ok_eq "another centre's clerk replaying the id learns nothing" 22023 \
	"$(try_sql demo_clerk2 "SELECT * FROM onedoor.register_household('$rid', '$hh')")"
old=$(su_sql "SELECT request_id FROM onedoor.applications WHERE application_no = 'ADEMO-001'")
ok_eq "nor with the request id of a registration made before" 22023 \
	"$(try_sql demo_clerk2 "SELECT * FROM onedoor.register_household('$old', '$hh')")"

# A resend racing its first attempt: the second waits and returns the same.
hh2='{"hukou": "rural", "members": [{"resident_id": "110105194912310046", "name": "测试二", "relation": "self"}]}'
rid=$(su_sql "SELECT gen_random_uuid()")
for k in 1 2 3; do
	(PGPASSWORD=onedoor psql -X -q -At -v ON_ERROR_STOP=1 -U demo_clerk1 -d "$DB" \
		-c "SELECT application_no FROM onedoor.register_household('$rid', '$hh2'), pg_sleep(0.5)" \
		> "$ONEDOOR_TEST_DIR/replay.$k" 2>&1) &
done
wait
ok_eq "three racing resends all succeed with one application" "1|1" \
	"$(cat "$ONEDOOR_TEST_DIR"/replay.[123] | sort -u | wc -l)|$(su_sql "SELECT count(*) FROM onedoor.applications WHERE request_id = '$rid'")"
ok_match "and it is an application number, not an error" '^A[0-9]+$' "$(cat "$ONEDOOR_TEST_DIR/replay.1")"

# Case actions: a replay with another case's id returns the first outcome.
C1=$(accept_app demo_clerk1 ADEMO-003 '["wf_dibao"]')
rid=$(su_sql "SELECT gen_random_uuid()")
rows_as demo_verifier "SELECT * FROM onedoor.case_act('$rid', $C1, 1, 'verify_pass')" >/dev/null
C2=$(accept_app demo_clerk2 ADEMO-006 '["wf_dibao"]')
ok_eq "a case_act replay with another case answers for the first case" "$C1|supervise|2" \
	"$(rows_as demo_verifier "SELECT * FROM onedoor.case_act('$rid', $C2, 1, 'verify_fail', 'x')")"
ok_eq "and leaves the other case alone" verify "$(stage_of "$C2")"
done_testing
