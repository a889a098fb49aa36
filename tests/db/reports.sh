#!/bin/sh
# reports.sh - a village coordinator reports a household in difficulty with
# fewer fields than an application; the report reaches the village's centre
# and no other; the coordinator reads no household, application or case,
# but sees what became of their reports: one becomes an application (the
# clerk completes it), one a monitoring entry, one is closed with a note.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database od_reports
set_today 2026-06-15

report() { # LOGIN DOCUMENT DIFFICULTY -> report id, or SQLSTATE
	PGPASSWORD=onedoor psql -X -q -At -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -U "$1" -d "$DB" -c \
		"SELECT report_id FROM onedoor.report_household(gen_random_uuid(), '$2', $3)" 2>&1 |
		sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\):.*/\1/p;/^[0-9][0-9]*$/p' | head -n 1
}
ok_eq "a clerk does not report" 42501 \
	"$(report demo_clerk1 '{"members": [{"name": "刘大爷"}]}' "'独居'")"
ok_eq "the applicant's name is required" 22023 \
	"$(report demo_coordinator '{"members": [{"resident_id": ""}]}' "'独居'")"
ok_eq "the difficulty is required" 22023 \
	"$(report demo_coordinator '{"members": [{"name": "刘大爷"}]}' NULL)"
ok_eq "a resident ID given must be valid" 22023 \
	"$(report demo_coordinator '{"members": [{"name": "刘大爷", "resident_id": "511703194001010000"}]}' "'独居'")"
R1=$(report demo_coordinator '{"hukou": "urban", "members": [{"name": "刘大爷", "relation": "self", "facts": {"illness": "serious"}}]}' "'独居老人，患病无人照料'")
ok_match "a name and the difficulty are enough" '^[0-9]+$' "$R1"
R2=$(report demo_coordinator '{"members": [{"name": "钱阿姨"}]}' "'丈夫去世，收入骤减'")
R3=$(report demo_coordinator '{"members": [{"name": "孙先生"}]}' "'临时失业'")

mine() { PGPASSWORD=onedoor psql -X -q -At -U "$1" -d "$DB" -c \
	"SELECT subject_name || '|' || state || '|' || coalesce(application_no, '-') || '|' || coalesce(application_status, '-') || '|' || coalesce(monitoring_entry, '-') || '|' || coalesce(outcome_note, '-') FROM onedoor.report_list ORDER BY id"; }
ok_eq "the coordinator sees their reports, new" "刘大爷|new|-|-|-|-
钱阿姨|new|-|-|-|-
孙先生|new|-|-|-|-" "$(mine demo_coordinator)"
ok_eq "the village's centre sees them" 3 "$(mine demo_clerk1 | wc -l)"
ok_eq "the other centre does not" "" "$(mine demo_clerk2)"
ok_eq "the coordinator reads no household" 42501 \
	"$(try_sql demo_coordinator "SELECT count(*) FROM onedoor.households")"
ok_eq "nor any application" 42501 \
	"$(try_sql demo_coordinator "SELECT count(*) FROM onedoor.application_list")"
ok_eq "nor any case" 42501 "$(try_sql demo_coordinator "SELECT count(*) FROM onedoor.cases")"

# The clerk's household form starts from the report (report_form).
form() { PGPASSWORD=onedoor psql -X -q -At -U "$1" -d "$DB" -c \
	"SELECT string_agg(member || ':' || key || '=' || value, ',' ORDER BY member, key) FROM onedoor.report_form($2)" 2>&1; }
ok_eq "the report in the household form's shape" "0:hukou=urban,1:illness=serious,1:name=刘大爷,1:relation=self" \
	"$(form demo_clerk1 "$R1")"
ok_eq "a report without hukou is urban, members without relation have none" "0:hukou=urban,1:name=钱阿姨" \
	"$(form demo_clerk1 "$R2")"
ok_eq "not for the other centre" P0002 "$(try_sql demo_clerk2 "SELECT * FROM onedoor.report_form($R1)")"
ok_eq "not for the coordinator" 42501 "$(try_sql demo_coordinator "SELECT * FROM onedoor.report_form($R1)")"

# The clerk completes the first report and opens the application.
DOC='{"hukou": "urban", "facts": {"deposits": "0"}, "members": [{"name": "刘大爷", "relation": "self", "resident_id": "511703194501010116", "facts": {"illness": "serious"}}]}'
toapp() { # LOGIN REPORT DOCUMENT
	_v=$(su_sql "SELECT version FROM onedoor.reports WHERE id = $2")
	try_sql "$1" "SELECT * FROM onedoor.report_to_application(gen_random_uuid(), $2, $_v, $3)"
}
ok_eq "the coordinator may not open the application" 42501 "$(toapp demo_coordinator "$R1" "'$DOC'")"
ok_eq "the other centre may not" 42501 "$(toapp demo_clerk2 "$R1" "'$DOC'")"
ok_eq "as reported (no resident ID) it is not yet an application" 22023 "$(toapp demo_clerk1 "$R1" NULL)"
ok_eq "completed, it becomes an application" ok "$(toapp demo_clerk1 "$R1" "'$DOC'")"
APP=$(su_sql "SELECT a.application_no FROM onedoor.reports r JOIN onedoor.applications a ON a.id = r.application_id WHERE r.id = $R1")
ok_match "registered at the village's centre" '^A[0-9]{12}$' "$APP"
ok_eq "the application is the clerk's centre's, with the reported facts" "511703001|serious" \
	"$(su_sql "SELECT a.centre_code || '|' || (p.facts->>'illness') FROM onedoor.applications a JOIN onedoor.household_members m ON m.household_id = a.household_id JOIN onedoor.persons p ON p.id = m.person_id WHERE a.application_no = '$APP'")"
ok_eq "handled once only" 55000 "$(toapp demo_clerk1 "$R1" "'$DOC'")"
ok_eq "a handled report is no longer offered to the form" 55000 \
	"$(try_sql demo_clerk1 "SELECT * FROM onedoor.report_form($R1)")"

_v=$(su_sql "SELECT version FROM onedoor.reports WHERE id = $R2")
ok_eq "the second enters monitoring (category 1)" ok \
	"$(try_sql demo_clerk1 "SELECT * FROM onedoor.report_to_monitoring(gen_random_uuid(), $R2, $_v, 1, '丈夫去世，收入骤减，待核对', '胜利社区周红梅')")"
ok_eq "the monitoring entry is the village's, from the report" "钱阿姨|511703001001|report|1" \
	"$(su_sql "SELECT subject_name || '|' || village || '|' || source || '|' || category FROM onedoor.monitoring WHERE report_id = $R2")"
ok_eq "the coordinator sees it in their village's register" 1 \
	"$(PGPASSWORD=onedoor psql -X -q -At -U demo_coordinator -d "$DB" -c "SELECT count(*) FROM onedoor.monitoring_register")"
ME=$(su_sql "SELECT id FROM onedoor.monitoring WHERE report_id = $R2")
ok_eq "the coordinator records the quarterly visit of their village's entry" ok \
	"$(try_sql demo_coordinator "SELECT * FROM onedoor.monitoring_visit(gen_random_uuid(), $ME, 1, '本季度走访：仍无固定收入', '{\"members\": [{\"position\": 1, \"facts\": {\"labour\": \"partial\"}}]}')")"
ok_eq "but does not move it" 42501 \
	"$(try_sql demo_coordinator "SELECT * FROM onedoor.monitoring_act(gen_random_uuid(), $ME, 2, 'move', 2, '原因')")"
_v=$(su_sql "SELECT version FROM onedoor.reports WHERE id = $R3")
ok_eq "closing needs a note" 22023 \
	"$(try_sql demo_clerk1 "SELECT * FROM onedoor.report_close(gen_random_uuid(), $R3, $_v, ' ')")"
ok_eq "the third is closed with a note" ok \
	"$(try_sql demo_supervisor "SELECT * FROM onedoor.report_close(gen_random_uuid(), $R3, $_v, '已再就业，暂不需要救助')")"
M=$(su_sql "SELECT entry_no FROM onedoor.monitoring WHERE report_id = $R2")
ok_eq "the coordinator sees what became of each" "刘大爷|application|$APP|registered|-|-
钱阿姨|monitoring|-|-|$M|-
孙先生|closed|-|-|-|已再就业，暂不需要救助" "$(mine demo_coordinator)"
ok_eq "every step is in the audit trail" "application,close,monitoring,report,report,report" \
	"$(su_sql "SELECT string_agg(action, ',' ORDER BY action) FROM onedoor.audit_log WHERE object_type = 'report'")"
dropdb "$DB"
done_testing
