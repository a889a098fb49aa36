#!/bin/sh
# Working days, due dates and traffic lights: over a public holiday, over a
# make-up working Saturday, the four light boundaries, every open clock,
# elapsed days, a calendar correction, and that only a superuser moves
# "today".
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database wf_calendar
ADMIN="$ONEDOOR_BIN/onedoor-admin"

# The calendar itself ------------------------------------------------------------
ok_eq "3 working days after Thu 04-02 skip Qingming (04-04..06)" 2026-04-08 \
	"$(su_sql "SELECT onedoor.add_working_days('2026-04-02', 3)")"
ok_eq "2 working days after Thu 05-07 end on the make-up Saturday 05-09" 2026-05-09 \
	"$(su_sql "SELECT onedoor.add_working_days('2026-05-07', 2)")"
ok_eq "3 working days after Thu 02-12: Fri, make-up Sat 02-14, then after Spring Festival" \
	2026-02-24 "$(su_sql "SELECT onedoor.add_working_days('2026-02-12', 3)")"
ok_eq "make-up Sunday 09-20 counts" 2026-09-20 \
	"$(su_sql "SELECT onedoor.add_working_days('2026-09-18', 1)")"
ok_eq "a stage entered on a holiday counts from the next working day" 2026-10-08 \
	"$(su_sql "SELECT onedoor.add_working_days('2026-10-03', 1)")"
ok_eq "working days in 2026 (261 weekdays - 19 holidays + 6 make-up days)" 248 \
	"$(su_sql "SELECT count(*) FROM onedoor.working_days WHERE working AND day BETWEEN '2026-01-01' AND '2026-12-31'")"

# Due dates stored when a stage is entered ---------------------------------------
set_today 2026-05-07
M=$(accept_app demo_clerk1 ADEMO-001 '["wf_dibao"]')
ok_eq "verify (3 days) entered Thu 05-07 is due Mon 05-11 via make-up Sat 05-09" \
	"2026-05-07|2026-05-11" \
	"$(su_sql "SELECT stage_entered_on || '|' || stage_due FROM onedoor.cases WHERE id = $M")"
set_today 2026-04-02
H=$(accept_app demo_clerk1 ADEMO-002 '["wf_dibao"]')
ok_eq "verify entered Thu 04-02 is due Wed 04-08 over Qingming" 2026-04-08 \
	"$(su_sql "SELECT stage_due FROM onedoor.cases WHERE id = $H")"
act demo_verifier "$H" verify_pass >/dev/null
ok_eq "supervise (2 days) entered Thu 04-02 is due Tue 04-07" 2026-04-07 \
	"$(su_sql "SELECT stage_due FROM onedoor.cases WHERE id = $H")"

# Lights at the boundaries: verify entered Wed 04-01, due Tue 04-07, warning
# window 2 working days (Fri 04-03 and the due day; 04-04..06 are Qingming).
set_today 2026-04-01
L=$(accept_app demo_clerk1 ADEMO-003 '["wf_dibao"]')
ok_eq "due and first yellow day stored" "2026-04-07|2026-04-03" \
	"$(su_sql "SELECT stage_due || '|' || stage_warn_from FROM onedoor.cases WHERE id = $L")"
light_on() { # DAY -> stage light and case light as the clerk reads them
	set_today "$1"
	PGPASSWORD=onedoor psql -X -q -At -U demo_clerk1 -d "$DB" -c \
		"SELECT stage_light || ' ' || light || ' ' || days_left FROM onedoor.case_worklist WHERE id = $L"
}
ok_eq "day before the yellow window (Thu 04-02): green" "green green 2" "$(light_on 2026-04-02)"
ok_eq "first day of the window (Fri 04-03): yellow" "yellow yellow 1" "$(light_on 2026-04-03)"
ok_eq "holiday inside the window (Sun 04-05): yellow" "yellow yellow 1" "$(light_on 2026-04-05)"
ok_eq "due day (Tue 04-07): yellow" "yellow yellow 0" "$(light_on 2026-04-07)"
ok_eq "first overdue day (Wed 04-08): red" "red red -1" "$(light_on 2026-04-08)"
ok_eq "elapsed working days in the stage and the case" "4|4" \
	"$(su_sql "SELECT stage_elapsed || '|' || case_elapsed FROM onedoor.case_worklist WHERE id = $L")"
act demo_verifier "$L" verify_pass >/dev/null
ok_eq "the timeline keeps the stage's working days and lateness" "4|true" \
	"$(su_sql "SELECT elapsed || '|' || late FROM onedoor.case_timeline WHERE case_id = $L AND action = 'verify_pass'")"

# Every open clock: a green-channel case has stage, case and materials clocks.
set_today 2026-06-15
G=$(accept_app demo_clerk1 ADEMO-004 '["wf_linshi"]')
ok_eq "every open clock is shown" "case,materials,approve" \
	"$(PGPASSWORD=onedoor psql -X -q -At -U demo_clerk1 -d "$DB" -c \
	"SELECT string_agg(label, ',' ORDER BY clock) FROM onedoor.case_clocks WHERE case_id = $G")"
# approve (2 days) from Mon 06-15 is due Wed 06-17; materials (3 days)
# Thu 06-18; on Thu 06-18 approve is red, materials yellow (due day).
set_today 2026-06-18
ok_eq "case light is the worst open clock" "red|red|yellow" \
	"$(su_sql "SELECT light || '|' || stage_light || '|' || check_light FROM onedoor.case_worklist WHERE id = $G")"
ok_eq "urgency order: red first, then the nearest due date" "red|2026-04-07" \
	"$(PGPASSWORD=onedoor psql -X -q -At -U demo_clerk1 -d "$DB" -c \
	"SELECT light || '|' || next_due FROM onedoor.case_worklist ORDER BY light_rank DESC, next_due, id LIMIT 1")"

# A calendar correction recomputes open clocks --------------------------------
set_today 2026-04-01
K=$(accept_app demo_clerk1 ADEMO-005 '["wf_dibao"]')
ok_eq "before the correction" 2026-04-07 "$(su_sql "SELECT stage_due FROM onedoor.cases WHERE id = $K")"
fixed="$ONEDOOR_TEST_DIR/2026-corrected.ini"
sed 's/^2026-04-04..2026-04-06 = 清明节$/2026-04-04..2026-04-07 = 清明节/' \
	"$ONEDOOR_TOP/conf/calendar/2026.ini" > "$fixed"
out=$("$ADMIN" -c "$WF_INI" calendar import "$fixed")
ok_match "import reports recomputed cases" "recomputed|重新计算" "$out"
ok_eq "after the correction the due date moves" 2026-04-08 \
	"$(su_sql "SELECT stage_due FROM onedoor.cases WHERE id = $K")"
ok_eq "the recomputation is audited" 1 \
	"$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE object_type = 'case' AND object_id = '$K' AND action = 'calendar_recompute'")"
"$ADMIN" -c "$WF_INI" calendar import "$ONEDOOR_TOP/conf/calendar/2026.ini" >/dev/null
ok_eq "importing the official file again restores it" 2026-04-07 \
	"$(su_sql "SELECT stage_due FROM onedoor.cases WHERE id = $K")"

# A bad file is refused with its line -----------------------------------------
bad="$ONEDOOR_TEST_DIR/2026-bad.ini"
printf '[calendar]\nyear = 2026\nsource = test\n[workdays]\n2026-05-08 = 周五\n' > "$bad"
out=$("$ADMIN" -c "$WF_INI" calendar import "$bad" 2>&1)
ok_eq "bad calendar exits 2" 2 "$?"
ok_match "and names file and line" "2026-bad.ini:5:" "$out"
printf '[calendar]\nyear = 2026\nsource = test\n[holidays]\n2027-01-01 = 元旦\n' > "$bad"
ok_match "a day outside the year is refused" "2026-bad.ini:5:" \
	"$("$ADMIN" -c "$WF_INI" calendar import "$bad" 2>&1)"

# The accept clock of an application waiting at the window: registered
# today, due after one working day (the shortest limit_accept).
set_today "$(TZ=Asia/Shanghai date +%F)"
ok_eq "a waiting application has a running accept clock" "green|1" \
	"$(PGPASSWORD=onedoor psql -X -q -At -U demo_clerk2 -d "$DB" -c \
	"SELECT light || '|' || days_left FROM onedoor.application_clocks WHERE application_no = 'ADEMO-010'")"
ok_eq "a clerk sees only their centre's" 0 \
	"$(PGPASSWORD=onedoor psql -X -q -At -U demo_clerk2 -d "$DB" -c \
	"SELECT count(*) FROM onedoor.application_clocks WHERE centre_code <> '511703102'")"
set_today "$(su_sql "SELECT onedoor.add_working_days(current_date, 2)")"
ok_eq "and is red once its day has passed" red \
	"$(su_sql "SELECT light FROM onedoor.application_clocks WHERE application_no = 'ADEMO-010'")"

# Only the superuser moves "today" --------------------------------------------
ok_eq "a clerk cannot pin today" 42501 \
	"$(try_sql demo_clerk1 "SELECT onedoor.test_set_today('2026-01-01')")"
ok_eq "an admin cannot pin today" 42501 \
	"$(try_sql demo_admin "SELECT onedoor.test_set_today('2026-01-01')")"
ok_eq "a clerk cannot write the clock table" 42501 \
	"$(try_sql demo_clerk1 "INSERT INTO onedoor.clock_override VALUES (true, '2026-01-01')")"
ok_eq "a clerk cannot edit the calendar" 42501 \
	"$(try_sql demo_clerk1 "DELETE FROM onedoor.calendar_days")"
ok_eq "a clerk cannot import a calendar" 42501 \
	"$(try_sql demo_clerk1 "SELECT * FROM onedoor.calendar_import(2026, 'x', '[]')")"
su_sql "SELECT onedoor.test_set_today(NULL)" >/dev/null
ok_eq "released, today is China's date" \
	"$(TZ=Asia/Shanghai date +%F)" "$(su_sql "SELECT onedoor.today()")"
done_testing
