#!/bin/sh
# Probe: forged arguments.  Each role calls the write functions directly
# through psql with the values the program never sends: a NULL version, a
# blank or control-character reason, oversized facts, a NULL calendar.
# Every one must be refused and change nothing.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database probe_forged
set_today 2026-03-02

# Versions: NULL is stale, not "any version".
ok_eq "accept with a NULL version is refused as stale" OD409 \
	"$(try_sql demo_clerk1 "SELECT * FROM onedoor.accept_application(gen_random_uuid(), 'ADEMO-002', NULL, '[\"wf_dibao\"]')")"
ok_eq "refusal with a NULL version is refused as stale" OD409 \
	"$(try_sql demo_clerk1 "SELECT * FROM onedoor.refuse_application(gen_random_uuid(), 'ADEMO-003', NULL, '不符合条件')")"
ok_eq "and both applications are still waiting" "registered|registered" \
	"$(su_sql "SELECT string_agg(status, '|' ORDER BY application_no) FROM onedoor.applications WHERE application_no IN ('ADEMO-002', 'ADEMO-003')")"
C=$(accept_app demo_clerk1 ADEMO-001 '["wf_dibao"]')
ok_if "a case to act on" test -n "$C"
ok_match "case_act with a NULL version is refused" '^(OD409|XX000)$' \
	"$(try_sql demo_verifier "SELECT * FROM onedoor.case_act(gen_random_uuid(), $C, NULL, 'verify_pass')")"
ok_eq "and the case did not move" verify "$(stage_of "$C")"

# Reasons: a domain that refuses blank and control characters.
for r in "E'\\t'" "E'\\n'" "E' \\r '" "E'\\u3000'" "E'ok\\u0007'" "E'a\\u202eb'" "repeat('x', 501)"; do
	ok_match "refusal reason $r is refused" '^(22023|23514)$' \
		"$(try_sql demo_clerk1 "SELECT * FROM onedoor.refuse_application(gen_random_uuid(), 'ADEMO-003', 1, $r)")"
	ok_match "check-failure reason $r is refused" '^(22023|23514)$' \
		"$(try_sql demo_verifier "SELECT * FROM onedoor.case_act(gen_random_uuid(), $C, 1, 'verify_fail', $r)")"
done
ok_eq "nothing was refused by those calls" "registered|verify" \
	"$(su_sql "SELECT status FROM onedoor.applications WHERE application_no = 'ADEMO-003'")|$(stage_of "$C")"
ok_eq "a reason in words still passes" ok \
	"$(try_sql demo_clerk1 "SELECT * FROM onedoor.refuse_application(gen_random_uuid(), 'ADEMO-003', 1, '户籍不在本镇')")"

# Facts: bounded.
big="{\"hukou\": \"rural\", \"facts\": {\"note\": \"' || repeat('x', 100000) || '\"}, \"members\": [{\"resident_id\": \"11010519491231002X\", \"name\": \"测试\", \"relation\": \"self\"}]}"
ok_match "100 KB of household facts are refused" '^(22023|23514)$' \
	"$(try_sql demo_clerk1 "SELECT * FROM onedoor.register_household(gen_random_uuid(), ('$big')::jsonb)")"
pbig="{\"hukou\": \"rural\", \"members\": [{\"resident_id\": \"11010519491231002X\", \"name\": \"测试\", \"relation\": \"self\", \"facts\": {\"note\": \"' || repeat('x', 70000) || '\"}}]}"
ok_match "70 KB of a person's facts are refused" '^(22023|23514)$' \
	"$(try_sql demo_clerk1 "SELECT * FROM onedoor.register_household(gen_random_uuid(), ('$pbig')::jsonb)")"
ok_eq "and no household was written" 0 \
	"$(su_sql "SELECT count(*) FROM onedoor.persons WHERE resident_id = '11010519491231002X'")"

# Calendar: a NULL list does not wipe a year.
days=$(su_sql "SELECT count(*) FROM onedoor.calendar_days WHERE day >= '2026-01-01'")
ok_eq "calendar_import(2026, NULL, NULL) is refused" 22023 \
	"$(try_sql demo_admin "SELECT * FROM onedoor.calendar_import(2026, NULL, NULL)")"
ok_eq "calendar_import(NULL, ...) is refused" 22023 \
	"$(try_sql demo_admin "SELECT * FROM onedoor.calendar_import(NULL, NULL, '[]')")"
ok_eq "a list of non-days is refused" 22023 \
	"$(try_sql demo_admin "SELECT * FROM onedoor.calendar_import(2026, 'x', '[{\"kind\": \"holiday\"}]')")"
ok_eq "the year's exceptions are still there" "$days" \
	"$(su_sql "SELECT count(*) FROM onedoor.calendar_days WHERE day >= '2026-01-01'")"
ok_if "and there were some" test "$days" -gt 10
done_testing
