#!/bin/sh
# Reads at a province's size keep their answers and their row security: the
# status lookup by resident ID gives, as each role, exactly the cases, lights
# and days left that the case worklist gives for that person in the role's
# scope, and reads only that person's cases to do it; auditors and
# administrators see every case, household and application, an inactive
# auditor none, a clerk their centre's, an approver their department's.
# On the benchmark's province fixture (tests/bench/fixtures_province.sql),
# kept small here.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database wf_province_reads
psql -X -q -v ON_ERROR_STOP=1 -v cases=20000 -v counties=4 -v centres=40 -d "$DB" \
	-f "$ONEDOOR_TOP/tests/bench/fixtures_province.sql" >/dev/null || exit 1
su_sql "ANALYZE" >/dev/null

# The applicant of household HP7 (centre P0008): one case moved to another
# centre of another county, one case of the household without a person
# (found through the household's members).
rid=$(su_sql "SELECT p.resident_id FROM onedoor.persons p JOIN onedoor.household_members m
	ON m.person_id = p.id JOIN onedoor.households h ON h.id = m.household_id
	WHERE h.household_no = 'HP7'")
hh=$(su_sql "SELECT id FROM onedoor.households WHERE household_no = 'HP7'")
su_sql "UPDATE onedoor.cases SET centre_code = 'P0040', county = '530004'
	WHERE id = (SELECT min(id) FROM onedoor.cases WHERE household_id = $hh);
	UPDATE onedoor.cases SET person_id = NULL
	WHERE id = (SELECT max(id) FROM onedoor.cases WHERE household_id = $hh)" >/dev/null
centre=$(su_sql "SELECT centre_code FROM onedoor.households WHERE id = $hh")
county=$(su_sql "SELECT county FROM onedoor.centres WHERE code = '$centre'")
staff_login pr_clerk clerk 省测试窗口 "$centre"
staff_login pr_auditor auditor 省测试审计
staff_login pr_auditor_off auditor 省测试停用
su_sql "UPDATE onedoor.staff SET active = false WHERE role_name = 'pr_auditor_off'" >/dev/null
staff_login pr_approver approver 省测试审批 '' "$county" education
ok_eq "the person has four cases in two centres" "4|2" \
	"$(su_sql "SELECT count(*) || '|' || count(DISTINCT centre_code) FROM onedoor.cases
		WHERE household_id = $hh")"

# What the lookup should say, from the case worklist itself (the lights'
# one home), for the cases a role may see.
expected() { # WHERE-condition on cases c
	su_sql "SELECT c.case_no || '|' || c.stage || '|' || coalesce(w.light, '-') || '|'
		|| coalesce(w.days_left::text, '-')
		FROM onedoor.cases c LEFT JOIN onedoor.case_worklist w ON w.id = c.id
		WHERE c.household_id = $hh AND ($1) ORDER BY c.opened_on DESC, c.case_no"
}
lookup() { # ROLE
	traced "$1" status_lookup "$rid" "SELECT case_no || '|' || stage || '|'
		|| coalesce(light, '-') || '|' || coalesce(days_left::text, '-')
		FROM onedoor.status_lookup('$rid')"
}
want=$(expected "c.centre_code = '$centre'")
ok_eq "the clerk's lookup: their centre's three cases, lights and days left as the worklist has them" \
	"$want" "$(lookup pr_clerk)"
ok_eq "three of them" 3 "$(printf '%s\n' "$want" | grep -c .)"
ok_match "open cases among them carry a light" '\|(red|yellow|green)\|' "$want"
ok_eq "the auditor's lookup: all four" "$(expected true)" "$(lookup pr_auditor)"
ok_eq "the approver's lookup: their department's in their county" \
	"$(expected "c.department = 'education' AND c.county = '$county'")" "$(lookup pr_approver)"
ok_match "an inactive auditor is refused" "not active staff|42501" "$(lookup pr_auditor_off)"

# The lookup reads the person's cases, not the province's: rows of cases
# fetched in its transaction, from the server's own counters.
reads() { # TABLE: rows of TABLE the lookup fetched in its transaction
	PGPASSWORD=onedoor psql -X -q -At -U pr_clerk -d "$DB" \
		-c "SELECT onedoor.trace_read('status_lookup', '$rid')" \
		-c "BEGIN" -c "SELECT count(*) FROM onedoor.status_lookup('$rid')" \
		-c "SELECT coalesce(sum(seq_tup_read + coalesce(idx_tup_fetch, 0)), 0)
			FROM pg_stat_xact_user_tables WHERE relname = '$1'" -c "COMMIT" | tail -n 1
}
read=$(reads cases)
ok_if "the lookup read at most 50 of 20,000 case rows ($read)" [ "$read" -le 50 ]
read=$(reads persons)
ok_if "and at most 5 of 5,000 persons, found by resident ID ($read)" [ "$read" -le 5 ]

# Row security by role: the same rows as before for everyone.
count_as() { # ROLE TABLE
	PGPASSWORD=onedoor psql -X -q -At -U "$1" -d "$DB" -c "SELECT count(*) FROM onedoor.$2"
}
for t in cases households applications; do
	ok_eq "the auditor sees every row of $t" "$(su_sql "SELECT count(*) FROM onedoor.$t")" \
		"$(count_as pr_auditor $t)"
	ok_eq "an inactive auditor sees none of $t" 0 "$(count_as pr_auditor_off $t)"
done
ok_eq "the administrator sees every case" "$(su_sql "SELECT count(*) FROM onedoor.cases")" \
	"$(count_as demo_admin cases)"
ok_eq "the clerk sees their centre's cases" \
	"$(su_sql "SELECT count(*) FROM onedoor.cases WHERE centre_code = '$centre'")" \
	"$(count_as pr_clerk cases)"
ok_eq "the approver sees their department's cases in their county" \
	"$(su_sql "SELECT count(*) FROM onedoor.cases WHERE department = 'education'
		AND county = '$county'")" "$(count_as pr_approver cases)"
ok_eq "a demo supervisor of another county sees none of the province's" 0 \
	"$(PGPASSWORD=onedoor psql -X -q -At -U demo_supervisor -d "$DB" -c \
		"SELECT count(*) FROM onedoor.cases WHERE centre_code LIKE 'P%'")"

# The county's supervisor: the county's centres, read through their index.
staff_login pr_sup supervisor 省测试督办 '' "$county"
ok_eq "the county supervisor sees the cases of the county's centres" \
	"$(su_sql "SELECT count(*) FROM onedoor.cases c JOIN onedoor.centres ce
		ON ce.code = c.centre_code WHERE ce.county = '$county'")" "$(count_as pr_sup cases)"
ok_eq "every case's county is its centre's" 0 \
	"$(su_sql "SELECT count(*) FROM onedoor.cases c JOIN onedoor.centres ce
		ON ce.code = c.centre_code WHERE ce.county <> c.county")"

# The auditor's matrix from the maintained counts: the same cells as the
# worklist's matrix (the superuser's, which row security does not narrow),
# after the fixture, a new case and moved due dates, and after folding.
same_matrix() { # NAME
	ok_eq "$1: the auditor's matrix by centre is the worklist's" \
		"$(su_sql "SELECT centre_code || '|' || stage || '|' || light || '|' || cases
			FROM onedoor.case_matrix ORDER BY 1")" \
		"$(PGPASSWORD=onedoor psql -X -q -At -U pr_auditor -d "$DB" -c "SELECT grp || '|' || stage
			|| '|' || light || '|' || cases FROM onedoor.screens_matrix(false) ORDER BY 1")"
	ok_eq "$1: and by department" \
		"$(su_sql "SELECT department || '|' || stage || '|' || light || '|' || cases
			FROM onedoor.case_matrix_department ORDER BY 1")" \
		"$(PGPASSWORD=onedoor psql -X -q -At -U pr_auditor -d "$DB" -c "SELECT grp || '|' || stage
			|| '|' || light || '|' || cases FROM onedoor.screens_matrix(true) ORDER BY 1")"
}
same_matrix "fixture"
ok_match "the matrix has all three lights" "red.*|.*yellow|yellow.*red" \
	"$(su_sql "SELECT string_agg(DISTINCT light, ' ') FROM onedoor.case_matrix")"
accept_app demo_clerk1 ADEMO-001 '["wf_dibao"]' >/dev/null
su_sql "UPDATE onedoor.cases SET stage_due = stage_due + 9, stage_warn_from = stage_warn_from + 9
	WHERE id IN (SELECT id FROM onedoor.cases WHERE active AND centre_code = '$centre' LIMIT 40)" >/dev/null
su_sql "UPDATE onedoor.cases SET stage = 'filed', stage_due = NULL, stage_limit = NULL,
	stage_warn_from = NULL, stage_entered_at = NULL, stage_entered_on = NULL
	WHERE id IN (SELECT id FROM onedoor.cases WHERE active AND centre_code = 'P0002' LIMIT 30)" >/dev/null
same_matrix "after a new case, moved and closed ones"
ok_if "the counts fold" [ "$(su_sql "SELECT onedoor.case_light_fold()")" -gt 0 ]
same_matrix "after folding"
ok_eq "a clerk gets no province-wide counts" 0 \
	"$(PGPASSWORD=onedoor psql -X -q -At -U pr_clerk -d "$DB" -c "SELECT count(*) FROM onedoor.case_matrix_all(false)")"
done_testing
