#!/bin/sh
# Raw SQL as each role through its real login: what each may see, that no
# client writes any table or calls another group's functions, the person
# record read is logged, and the row-security decision (no FORCE) is pinned.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database wf_security
set_today 2026-03-02
LOGINS="demo_clerk1 demo_clerk2 demo_verifier demo_supervisor demo_approver demo_auditor demo_admin"

# A second county with its own centre, verifier and clerk.
su_sql "INSERT INTO onedoor.regions VALUES ('511722', '宣汉县', '511700', 3);
	INSERT INTO onedoor.centres VALUES ('511722001', '东乡街道便民服务中心', 'street', '511722')" >/dev/null
staff_login wf_far_verifier verifier 外县核对员 "" 511722
staff_login wf_edu2 approver 教育审批员 "" 511703 education

c1=$(accept_app demo_clerk1 ADEMO-001 '["wf_dibao", {"item": "wf_jiaoyu", "resident_id": "511703194406050136"}]' | head -n 1)
c2=$(accept_app demo_clerk2 ADEMO-006 '["wf_dibao"]')
count_as() { PGPASSWORD=onedoor psql -X -q -At -U "$1" -d "$DB" -c "$2"; }

# What each role sees -------------------------------------------------------
ok_eq "clerk1 sees only their centre's cases" "2|511703001" \
	"$(count_as demo_clerk1 "SELECT count(*) || '|' || string_agg(DISTINCT centre_code, ',') FROM onedoor.cases")"
ok_eq "clerk2 sees only theirs" "1|511703102" \
	"$(count_as demo_clerk2 "SELECT count(*) || '|' || string_agg(DISTINCT centre_code, ',') FROM onedoor.cases")"
ok_eq "clerk1 sees only their centre's households" 5 \
	"$(count_as demo_clerk1 "SELECT count(*) FROM onedoor.households")"
ok_eq "clerk1 sees only their centre's applications" 0 \
	"$(count_as demo_clerk1 "SELECT count(*) FROM onedoor.applications WHERE centre_code <> '511703001'")"
ok_eq "clerk1 cannot read another centre's timeline" 0 \
	"$(count_as demo_clerk1 "SELECT count(*) FROM onedoor.case_events WHERE case_id = $c2")"
ok_eq "clerk1's worklist is their centre's" 2 \
	"$(count_as demo_clerk1 "SELECT count(*) FROM onedoor.case_worklist")"
ok_eq "the county verifier sees the county" 3 \
	"$(count_as demo_verifier "SELECT count(*) FROM onedoor.cases")"
ok_eq "the supervisor sees the county" 3 \
	"$(count_as demo_supervisor "SELECT count(*) FROM onedoor.case_worklist")"
ok_eq "a verifier of another county sees nothing" 0 \
	"$(count_as wf_far_verifier "SELECT count(*) FROM onedoor.cases")"
ok_eq "and cannot act" 42501 "$(act wf_far_verifier "$c2" verify_pass)"
ok_eq "the civil-affairs approver sees civil-affairs cases only" "2|civil_affairs" \
	"$(count_as demo_approver "SELECT count(*) || '|' || string_agg(DISTINCT department, ',') FROM onedoor.cases")"
ok_eq "the education approver sees education cases only" "1|education" \
	"$(count_as wf_edu2 "SELECT count(*) || '|' || string_agg(DISTINCT department, ',') FROM onedoor.cases")"
ok_eq "an approver sees the households of their cases only" 2 \
	"$(count_as demo_approver "SELECT count(*) FROM onedoor.households")"
ok_eq "the auditor sees everything" 3 "$(count_as demo_auditor "SELECT count(*) FROM onedoor.cases")"
ok_eq "the auditor reads the audit trail" ok \
	"$(try_sql demo_auditor "SELECT count(*) FROM onedoor.audit_log")"
for r in demo_clerk1 demo_verifier demo_supervisor demo_approver; do
	ok_eq "$r cannot read the audit trail" 42501 "$(try_sql $r "SELECT count(*) FROM onedoor.audit_log")"
done

# Personal data -----------------------------------------------------------------
ok_eq "a clerk cannot select resident IDs directly" 42501 \
	"$(try_sql demo_clerk1 "SELECT resident_id FROM onedoor.persons")"
ok_match "the application list masks resident IDs" '^511703\*{8}[0-9X]{4}$' \
	"$(count_as demo_clerk1 "SELECT applicant_id FROM onedoor.application_list LIMIT 1")"
pid=$(su_sql "SELECT id FROM onedoor.persons WHERE resident_id = '511703197403120112'")
other=$(su_sql "SELECT id FROM onedoor.persons WHERE resident_id = '511703196003150174'")
ok_eq "the full record shows the resident ID" 511703197403120112 \
	"$(traced demo_clerk1 person_record $pid "SELECT resident_id FROM onedoor.person_record($pid)")"
ok_eq "reading it is logged" "demo_clerk1|read_full_record" \
	"$(su_sql "SELECT actor || '|' || action FROM onedoor.audit_log WHERE object_type = 'person' AND object_id = '$pid'")"
ok_eq "another centre's person is not found" P0002 \
	"$(try_sql demo_clerk1 "SELECT * FROM onedoor.person_record($other)")"

# No client writes any table --------------------------------------------------
for r in $LOGINS; do
	ok_eq "$r has no INSERT/UPDATE/DELETE/TRUNCATE on any table" 0 \
		"$(su_sql "SELECT count(*) FROM pg_class c, unnest(ARRAY['INSERT','UPDATE','DELETE','TRUNCATE']) p
			WHERE c.relnamespace = 'onedoor'::regnamespace AND c.relkind IN ('r', 'v', 'p')
			  AND has_table_privilege('$r', c.oid, p)")"
done
ok_eq "clerk UPDATE of a case is refused" 42501 \
	"$(try_sql demo_clerk1 "UPDATE onedoor.cases SET stage = 'filed'")"
ok_eq "clerk DELETE of a household is refused" 42501 \
	"$(try_sql demo_clerk1 "DELETE FROM onedoor.households")"
ok_eq "clerk INSERT of an application is refused" 42501 \
	"$(try_sql demo_clerk1 "INSERT INTO onedoor.applications (application_no, household_id, centre_code, request_id) VALUES ('X', 1, '511703001', gen_random_uuid())")"
ok_eq "approver UPDATE of a case is refused" 42501 \
	"$(try_sql demo_approver "UPDATE onedoor.cases SET stage = 'file' WHERE id = $c1")"
ok_eq "admin UPDATE of staff is refused" 42501 \
	"$(try_sql demo_admin "UPDATE onedoor.staff SET active = false")"
ok_eq "auditor cannot delete the audit trail" 42501 \
	"$(try_sql demo_auditor "DELETE FROM onedoor.audit_log")"
ok_eq "auditor cannot change it" 42501 \
	"$(try_sql demo_auditor "UPDATE onedoor.audit_log SET actor = 'x'")"
ok_eq "auditor cannot add to it" 42501 \
	"$(try_sql demo_auditor "INSERT INTO onedoor.audit_log (pos) VALUES (0)")"
ok_eq "admin cannot truncate it" 42501 "$(try_sql demo_admin "TRUNCATE onedoor.audit_log")"
ok_eq "a clerk cannot append to it through the function" 42501 \
	"$(try_sql demo_clerk1 "SELECT onedoor.audit_append('x', 'x', 'x', NULL, NULL)")"
su_sql "SELECT onedoor.audit_chain()" >/dev/null
ok_eq "even the superuser cannot UPDATE it (trigger)" 1 \
	"$(su_sql "UPDATE onedoor.audit_log SET actor = 'x' WHERE pos = 1" >/dev/null 2>&1; echo $?)"
ok_eq "nor DELETE" 1 "$(su_sql "DELETE FROM onedoor.audit_log WHERE pos = 1" >/dev/null 2>&1; echo $?)"
ok_eq "nor TRUNCATE" 1 "$(su_sql "TRUNCATE onedoor.audit_log" >/dev/null 2>&1; echo $?)"

# No group calls another group's functions --------------------------------------
ok_eq "auditor cannot call case_act" 42501 \
	"$(try_sql demo_auditor "SELECT * FROM onedoor.case_act(gen_random_uuid(), $c1, 1, 'verify_pass')")"
ok_eq "verifier cannot accept applications" 42501 \
	"$(try_sql demo_verifier "SELECT * FROM onedoor.accept_application(gen_random_uuid(), 'ADEMO-002', 1, '[]')")"
ok_eq "verifier cannot register households" 42501 \
	"$(try_sql demo_verifier "SELECT * FROM onedoor.register_household(gen_random_uuid(), '{}')")"
ok_eq "clerk cannot add staff" 42501 \
	"$(try_sql demo_clerk1 "SELECT onedoor.staff_add('x1', 'x', 'admin', '', '', '', '12345678')")"
ok_eq "clerk cannot rebuild the calendar" 42501 \
	"$(try_sql demo_clerk1 "SELECT onedoor.calendar_rebuild()")"
ok_eq "clerk cannot recompute clocks" 42501 \
	"$(try_sql demo_clerk1 "SELECT onedoor.calendar_recompute()")"
ok_eq "clerk cannot reach the idempotency table" 42501 \
	"$(try_sql demo_clerk1 "SELECT count(*) FROM onedoor.write_requests")"
ok_eq "no function of the schema is executable by PUBLIC" 0 \
	"$(su_sql "SELECT count(*) FROM pg_proc p WHERE p.pronamespace = 'onedoor'::regnamespace
		AND has_function_privilege('public', p.oid, 'EXECUTE')")"
ok_eq "every SECURITY DEFINER function pins search_path with pg_temp last" 0 \
	"$(su_sql "SELECT count(*) FROM pg_proc p WHERE p.pronamespace = 'onedoor'::regnamespace
		AND p.prosecdef AND NOT coalesce('search_path=onedoor, pg_temp' = ANY (p.proconfig), false)")"

# The row-security decision: ENABLE, not FORCE; the owner is no client ----------
ok_eq "row security is enabled on every case, household and person table" 0 \
	"$(su_sql "SELECT count(*) FROM pg_class WHERE oid IN ('onedoor.cases'::regclass,
		'onedoor.case_events'::regclass, 'onedoor.households'::regclass,
		'onedoor.persons'::regclass, 'onedoor.household_members'::regclass,
		'onedoor.applications'::regclass, 'onedoor.audit_log'::regclass) AND NOT relrowsecurity")"
ok_eq "no table forces row security on its owner (definer functions act as the owner)" 0 \
	"$(su_sql "SELECT count(*) FROM pg_class WHERE relnamespace = 'onedoor'::regnamespace
		AND relforcerowsecurity")"
for r in $LOGINS onedoor_clerk onedoor_verifier onedoor_supervisor onedoor_approver onedoor_auditor onedoor_admin; do
	ok_eq "$r neither owns the tables nor bypasses row security" "f|f" \
		"$(su_sql "SELECT pg_has_role('$r', c.relowner, 'USAGE') || '|' || r.rolbypassrls
			FROM pg_class c, pg_roles r WHERE c.oid = 'onedoor.cases'::regclass AND r.rolname = '$r'" |
		sed 's/true/t/g; s/false/f/g')"
done
ok_eq "a write through a definer function changes exactly the row (not 0)" "ok|supervise" \
	"$(act demo_verifier "$c1" verify_pass)|$(stage_of "$c1")"
done_testing
