#!/bin/sh
# Migration 0012 (status lookup, supervisor figures) as each role through
# its real login: the resident-ID lookup keeps to the same scope as row
# security and is logged with the ID masked; performance per window and
# department (handled, working days to file, share overdue); the department
# matrix; the discovery list only for supervisors, auditors and admins.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database db_screens

# A verifier of another county and an approver for education.
su_sql "INSERT INTO onedoor.regions VALUES ('511722', '宣汉县', '511700', 3)" >/dev/null
staff_login scr_far_verifier verifier 外县核对员 "" 511722
staff_login scr_edu approver 教育审批员 "" 511703 education
q() { PGPASSWORD=onedoor psql -X -q -At -U "$1" -d "$DB" -c "$2" 2>&1; }

set_today 2026-03-02
# 杨建国's household at 三里坪: 低保 for the household, education for his father.
ids=$(accept_app demo_clerk1 ADEMO-001 \
	'["wf_dibao", {"item": "wf_jiaoyu", "resident_id": "511703194406050136"}]')
dibao=$(echo "$ids" | sed -n 1p)
# 吴大山's household at 石桥.
accept_app demo_clerk2 ADEMO-006 '["wf_dibao"]' >/dev/null

# Status lookup ---------------------------------------------------------------
father=511703194406050136
lookup() { traced "$1" status_lookup "$2" "SELECT count(*) FROM onedoor.status_lookup('$2')"; }
ok_eq "clerk: the father's household case and his own education case" 2 "$(lookup demo_clerk1 $father)"
ok_eq "clerk: the applicant has the household case only" 1 "$(lookup demo_clerk1 511703197403120112)"
ok_eq "another centre's clerk sees none of them" 0 "$(lookup demo_clerk2 $father)"
ok_eq "that clerk sees their own centre's" 1 "$(lookup demo_clerk2 511703196003150174)"
ok_eq "the county's verifier sees both" 2 "$(lookup demo_verifier $father)"
ok_eq "another county's verifier sees none" 0 "$(lookup scr_far_verifier $father)"
ok_eq "the education approver sees the education case only" "wf_jiaoyu" \
	"$(traced scr_edu status_lookup $father "SELECT string_agg(item_code, ',') FROM onedoor.status_lookup('$father')")"
ok_eq "the auditor sees both" 2 "$(lookup demo_auditor $father)"
ok_eq "a lower-case x is read as X" 0 "$(lookup demo_clerk1 51170319550909075x)"
ok_match "an invalid ID is refused" "invalid resident ID" "$(lookup demo_clerk1 511703194406050137)"
ok_eq "the person's name, stage, light and expected completion" \
	"杨德明|verify|green|2026-03-05|2026-03-30" \
	"$(traced demo_clerk1 status_lookup $father "SELECT person_name || '|' || stage || '|' || light || '|' || stage_due || '|' || case_due FROM onedoor.status_lookup('$father') WHERE item_code = 'wf_dibao'")"
ok_eq "every lookup is in the audit log, the ID masked" \
	"demo_clerk1|511703********0136|2" \
	"$(su_sql "SELECT actor || '|' || (after->>'resident_id') || '|' || (after->>'cases') FROM onedoor.audit_log WHERE action = 'status_lookup' ORDER BY seq LIMIT 1")"
ok_eq "one entry per lookup, none for a refused ID" 10 \
	"$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE action = 'status_lookup'")"
ok_eq "clients cannot read resident IDs directly" 42501 \
	"$(try_sql demo_clerk1 "SELECT resident_id FROM onedoor.persons")"

# The 低保 case goes through to 备案 in four working days ----------------------
set_today 2026-03-03; act demo_verifier "$dibao" verify_pass >/dev/null
set_today 2026-03-04; act demo_supervisor "$dibao" supervise_pass >/dev/null
perf="SELECT centre_code || '|' || accepted_by || '|' || handled || '|' || filed || '|' || coalesce(avg_days_to_file::text, '-') || '|' || overdue || '|' || overdue_pct FROM onedoor.window_performance ORDER BY 1"
ok_eq "per window as the supervisor sees it (the county): nothing filed or late yet" \
	"511703001|demo_clerk1|2|0|-|0|0.0
511703102|demo_clerk2|1|0|-|0|0.0" "$(q demo_supervisor "$perf")"
set_today 2026-03-05; act demo_approver "$dibao" approve >/dev/null
set_today 2026-03-06
ok_eq "filed" ok "$(act demo_supervisor "$dibao" file)"
ok_eq "the ended case says when and with which phrase" "filed|2026-03-06|备案" \
	"$(traced demo_clerk1 status_lookup $father "SELECT stage || '|' || closed_on || '|' || last_phrase FROM onedoor.status_lookup('$father') WHERE case_id = $dibao")"

ok_eq "Friday: one filed in 4 working days; the cases due Thursday are overdue" \
	"511703001|demo_clerk1|2|1|4.0|1|50.0
511703102|demo_clerk2|1|0|-|1|100.0" "$(q demo_supervisor "$perf")"
ok_eq "a clerk sees their own centre's window only" "511703001|demo_clerk1|2|1|4.0|1|50.0" \
	"$(q demo_clerk1 "$perf")"
ok_eq "another county sees none" "" "$(q scr_far_verifier "$perf")"
ok_eq "per department" "civil_affairs|2|1|4.0|1|50.0
education|1|0|-|1|100.0" \
	"$(q demo_supervisor "SELECT department || '|' || handled || '|' || filed || '|' || coalesce(avg_days_to_file::text, '-') || '|' || overdue || '|' || overdue_pct FROM onedoor.department_performance ORDER BY 1")"
ok_eq "the department matrix, as the education approver sees it" "education|verify|red|1" \
	"$(q scr_edu "SELECT department || '|' || stage || '|' || light || '|' || cases FROM onedoor.case_matrix_department")"
ok_eq "the department matrix, as the supervisor sees it" "civil_affairs|verify|red|1
education|verify|red|1" \
	"$(q demo_supervisor "SELECT department || '|' || stage || '|' || light || '|' || cases FROM onedoor.case_matrix_department ORDER BY 1")"

ok_eq "the screens read the views through functions run as the caller (JIT off)" \
	"1|1|2" "$(q demo_clerk1 "SELECT (SELECT count(*) FROM onedoor.screens_matrix(false)) || '|' || (SELECT count(*) FROM onedoor.screens_performance(false)) || '|' || (SELECT count(*) FROM onedoor.screens_performance(true))")"
ok_eq "the supervisor's: both centres" "2|2" \
	"$(q demo_supervisor "SELECT (SELECT count(*) FROM onedoor.screens_matrix(false)) || '|' || (SELECT count(*) FROM onedoor.screens_performance(false))")"

# Discovery list --------------------------------------------------------------
"$ONEDOOR_BIN/onedoor-admin" -c "$WF_INI" discover >/dev/null 2>&1
disc="SELECT count(*) FROM onedoor.discovery_list(100)"
ok_eq "a clerk may not read the discovery list" 42501 "$(try_sql demo_clerk1 "$disc")"
ok_eq "a verifier may not either" 42501 "$(try_sql demo_verifier "$disc")"
ok_eq "the supervisor sees the county's households with findings" \
	"$(su_sql "SELECT count(*) FROM onedoor.discoveries d JOIN onedoor.households h ON h.id = d.household_id WHERE cardinality(d.items) > 0 AND d.run_id = (SELECT max(id) FROM onedoor.discover_runs)")" \
	"$(q demo_supervisor "$disc")"
ok_eq "with the applicant's ID masked and the items named" "511703********0242|true" \
	"$(q demo_supervisor "SELECT applicant_id || '|' || ('最低生活保障' = ANY (item_names)) FROM onedoor.discovery_list(100) WHERE household_no = 'HDEMO-002'")"
ok_eq "a household's held item is not offered again" "f" \
	"$(q demo_supervisor "SELECT 'wf_dibao' = ANY (items) FROM onedoor.discovery_list(100) WHERE household_no = 'HDEMO-006'")"
done_testing
