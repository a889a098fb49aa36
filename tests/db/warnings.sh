#!/bin/sh
# warnings.sh - a warning found by discovery reaches the queue of each
# department the catalogue names, turns yellow then red by the working-day
# calendar, is acknowledged and closed with an outcome, by the department's
# own login; other departments, clerks and stale versions are refused; the
# next discovery run does not raise it twice; supervisors' figures count it.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database od_warnings
ADMIN="$ONEDOOR_BIN/onedoor-admin"
staff_login mon_medins approver 医保局科员 "" 511703 medical_insurance
staff_login mon_hrss approver 人社局科员 "" 511703 hrss

# HDEMO-001 (杨建国, 三里坪) paid 60,000 yuan of medical costs itself.
su_sql "SET session_replication_role = replica;
UPDATE onedoor.households SET facts = '{\"medical_selfpaid\": \"60000\"}'
WHERE household_no = 'HDEMO-001'" >/dev/null

ok_eq "the catalogue routes the warning" "{medical_insurance,civil_affairs}|3|1" \
	"$(su_sql "SELECT departments::text || '|' || ack_days || '|' || warn_days FROM onedoor.catalogue_warnings WHERE code = 'medical_cost_high'")"

# Mon 2026-04-27: due 3 working days later (Tue 04-28, Wed 04-29, Thu
# 04-30), yellow on the due day only (warn_days 1), red on the first working
# day after the May Day holiday (05-01..05-05).
set_today 2026-04-27
"$ADMIN" -c "$WF_INI" discover --date 2026-04-27 >/dev/null 2>&1
ok_eq "one warning per named department" "civil_affairs|open|2026-04-30|medical_insurance|open|2026-04-30" \
	"$(su_sql "SELECT string_agg(department || '|' || state || '|' || ack_due, '|' ORDER BY department) FROM onedoor.warnings")"

queue() { # LOGIN -> the queue as that login reads it
	PGPASSWORD=onedoor psql -X -q -At -U "$1" -d "$DB" -c \
		"SELECT warning_no || '|' || subject_name || '|' || coalesce(light, '-') || '|' || coalesce(days_left::text, '-') || '|' || age_days FROM onedoor.warning_queue ORDER BY state = 'acknowledged', ack_due, id"
}
W=$(su_sql "SELECT warning_no FROM onedoor.warnings WHERE department = 'medical_insurance'")
WID=$(su_sql "SELECT id FROM onedoor.warnings WHERE department = 'medical_insurance'")
ok_eq "the medical insurance queue shows it green, with its explanation" \
	"$W|杨建国|green|3|0" "$(queue mon_medins)"
ok_match "the explanation travels with it" "医保、民政部门主动介入" \
	"$(PGPASSWORD=onedoor psql -X -q -At -U mon_medins -d "$DB" -c "SELECT message_zh FROM onedoor.warning_queue")"
ok_eq "human resources sees nothing (not named)" "" "$(queue mon_hrss)"
ok_eq "civil affairs sees its own copy" 1 \
	"$(PGPASSWORD=onedoor psql -X -q -At -U demo_approver -d "$DB" -c "SELECT count(*) FROM onedoor.warning_queue")"
ok_eq "the clerk of the household's centre sees both" 2 \
	"$(PGPASSWORD=onedoor psql -X -q -At -U demo_clerk1 -d "$DB" -c "SELECT count(*) FROM onedoor.warning_queue")"
ok_eq "the other centre's clerk sees none" 0 \
	"$(PGPASSWORD=onedoor psql -X -q -At -U demo_clerk2 -d "$DB" -c "SELECT count(*) FROM onedoor.warning_queue")"

set_today 2026-04-29
ok_eq "Wed 04-29: still green, one working day left" "$W|杨建国|green|1|2" "$(queue mon_medins)"
set_today 2026-04-30
ok_eq "Thu 04-30 (due day): yellow" "$W|杨建国|yellow|0|3" "$(queue mon_medins)"
set_today 2026-05-03
ok_eq "Sun 05-03, a holiday after the due day: red, as a case's light" "$W|杨建国|red|0|3" \
	"$(queue mon_medins)"
set_today 2026-05-06
ok_eq "Wed 05-06, first working day after: red" "$W|杨建国|red|-1|4" "$(queue mon_medins)"

fig() { PGPASSWORD=onedoor psql -X -q -At -U demo_supervisor -d "$DB" -c \
	"SELECT centre_code || '|' || not_closed || '|' || unacknowledged || '|' || red || '|' || age_3_5 FROM onedoor.warning_figures ORDER BY centre_code"; }
ok_eq "supervisor: open warnings by township and age" "511703001|2|2|2|2" "$(fig)"

wact() { # LOGIN ACTION [OUTCOME] [NOTE] -> ok or SQLSTATE
	_v=$(su_sql "SELECT version FROM onedoor.warnings WHERE id = $WID")
	try_sql "$1" "SELECT * FROM onedoor.warning_act(gen_random_uuid(), $WID, $_v, '$2', $3, $4)"
}
ok_eq "another department may not acknowledge" 42501 "$(wact mon_hrss acknowledge NULL NULL)"
ok_eq "civil affairs may not acknowledge medical insurance's copy" 42501 "$(wact demo_approver acknowledge NULL NULL)"
ok_eq "a clerk may not" 42501 "$(wact demo_clerk1 acknowledge NULL NULL)"
ok_eq "a stale version is refused" OD409 \
	"$(try_sql mon_medins "SELECT * FROM onedoor.warning_act(gen_random_uuid(), $WID, 99, 'acknowledge')")"
ok_eq "medical insurance acknowledges" ok "$(wact mon_medins acknowledge NULL NULL)"
ok_eq "acknowledged: no light, kept on the queue" "$W|杨建国|-|-|4" "$(queue mon_medins)"
ok_eq "acknowledged on the day, by the login" "2026-05-06|mon_medins" \
	"$(su_sql "SELECT acknowledged_on || '|' || acknowledged_by FROM onedoor.warnings WHERE id = $WID")"
ok_eq "twice is refused" 55000 "$(wact mon_medins acknowledge NULL NULL)"
ok_eq "not needed without a reason is refused" 22023 "$(wact mon_medins close "'not_needed'" NULL)"
ok_eq "an unknown outcome is refused" 22023 "$(wact mon_medins close "'phoned'" NULL)"
ok_eq "closed as contacted" ok "$(wact mon_medins close "'contacted'" "'电话联系，已告知医疗救助申请'")"
ok_eq "gone from the queue" "" "$(queue mon_medins)"
ok_eq "outcome recorded" "closed|contacted|电话联系，已告知医疗救助申请" \
	"$(su_sql "SELECT state || '|' || outcome || '|' || outcome_note FROM onedoor.warnings WHERE id = $WID")"
ok_eq "every step is in the audit trail" "acknowledge,close,raise" \
	"$(su_sql "SELECT string_agg(action, ',' ORDER BY action) FROM onedoor.audit_log WHERE object_type = 'warning' AND object_id = '$W'")"
R=$(su_sql "SELECT gen_random_uuid()")
C=$(su_sql "SELECT id FROM onedoor.warnings WHERE department = 'civil_affairs'")
try_sql demo_approver "SELECT * FROM onedoor.warning_act('$R', $C, 1, 'close', 'not_needed', '已纳入低保')" >/dev/null
ok_eq "a retry with the same request id returns the first outcome" "$C|closed|2" \
	"$(PGPASSWORD=onedoor psql -X -q -At -U demo_approver -d "$DB" -c "SELECT warning_id || '|' || state || '|' || version FROM onedoor.warning_act('$R', $C, 1, 'close', 'not_needed', '已纳入低保')")"

# The next night's run finds the same household again.
set_today 2026-05-07
"$ADMIN" -c "$WF_INI" discover --date 2026-05-07 >/dev/null 2>&1
ok_eq "closed within a quarter: not raised again" 2 "$(su_sql "SELECT count(*) FROM onedoor.warnings")"
su_sql "SET session_replication_role = replica;
UPDATE onedoor.households SET facts = '{\"labour_death\": \"yes\"}' WHERE household_no = 'HDEMO-002'" >/dev/null
"$ADMIN" -c "$WF_INI" discover --date 2026-05-07 >/dev/null 2>&1
"$ADMIN" -c "$WF_INI" discover --date 2026-05-07 >/dev/null 2>&1
ok_eq "a new warning, found twice, is raised once per department" "civil_affairs,hrss" \
	"$(su_sql "SELECT string_agg(department, ',' ORDER BY department) FROM onedoor.warnings WHERE warning_code = 'labour_death'")"
ok_eq "human resources now has it" 1 "$(queue mon_hrss | wc -l)"

# At the window: registering a household whose main labourer died raises
# the warning at once, in the same transaction, for both departments.
set_today 2026-05-08
APPNO=$(PGPASSWORD=onedoor psql -X -q -At -v ON_ERROR_STOP=1 -U demo_clerk1 -d "$DB" -c \
	"SELECT application_no FROM onedoor.register_household(gen_random_uuid(), '{\"hukou\": \"rural\", \"facts\": {\"labour_death\": \"yes\"}, \"members\": [{\"resident_id\": \"511703194501010116\", \"name\": \"冯秀兰\", \"relation\": \"self\"}]}')")
ok_match "the clerk registers the household" '^A[0-9]+$' "$APPNO"
ok_eq "the window raised it for both, due 3 working days on (make-up Sat 05-09 counts)" \
	"civil_affairs|window|2026-05-12|hrss|window|2026-05-12" \
	"$(su_sql "SELECT string_agg(w.department || '|' || w.source || '|' || w.ack_due, '|' ORDER BY w.department) FROM onedoor.warnings w JOIN onedoor.applications a ON a.id = w.application_id WHERE a.application_no = '$APPNO'")"
ok_eq "human resources' queue has both households now" 2 "$(queue mon_hrss | wc -l)"
ok_eq "a household without a warning raises none" 0 \
	"$(PGPASSWORD=onedoor psql -X -q -At -v ON_ERROR_STOP=1 -U demo_clerk1 -d "$DB" -c \
	"SELECT count(*) FROM onedoor.register_household(gen_random_uuid(), '{\"hukou\": \"urban\", \"members\": [{\"resident_id\": \"511703199001020011\", \"name\": \"韩梅\", \"relation\": \"self\"}]}') r JOIN onedoor.applications a ON a.application_no = r.application_no JOIN onedoor.warnings w ON w.application_id = a.id" 2>&1)"

# The catalogue names only departments that exist.
mkdir -p "$ONEDOOR_TEST_DIR/badcat"
cp "$ONEDOOR_TOP"/conf/catalogue/*.ini "$ONEDOOR_TEST_DIR/badcat/"
sed -i 's/^departments = civil_affairs, hrss/departments = civil_affairs, nosuch/' \
	"$ONEDOOR_TEST_DIR/badcat/warnings.ini"
out=$("$ADMIN" -c "$WF_INI" catalogue import "$ONEDOOR_TEST_DIR/badcat" 2>&1); rc=$?
ok_if "an unknown department fails the import" test "$rc" -ne 0
ok_match "naming it" 'nosuch' "$out"
sed -i 's/^ack_days = 3/ack_days = 99/' "$ONEDOOR_TEST_DIR/badcat/warnings.ini"
out=$("$ADMIN" -c "$WF_INI" catalogue import "$ONEDOOR_TEST_DIR/badcat" 2>&1)
ok_match "ack_days out of range: FILE:LINE" 'warnings.ini:[0-9]+: .*ack_days' "$out"
dropdb "$DB"
done_testing
