#!/bin/sh
# care.sh - three-colour care: a dispersed extreme-poverty person is rated
# on the documented criteria, the colour follows them; red and yellow need a
# problem list; a red person's overdue item reaches the supervisors' overdue
# view; the list closes item by item with notes, then the person can be
# rated green.  Only holders of 特困 at home are rated, only by their centre.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database od_care

# 赵桂兰 (HDEMO-004, 三里坪, lives alone) receives 特困供养: a filed case.
su_sql "SET session_replication_role = replica;
INSERT INTO onedoor.cases (case_no, application_id, household_id, person_id, subject_name,
  centre_code, county, item_code, department, track, stage, warn_days, opened_on, case_limit,
  case_due, case_warn_from)
SELECT 'ADEMO-004-01', a.id, h.id, m.person_id, '赵桂兰', h.centre_code, '511703', 'tekun',
  'civil_affairs', 'normal', 'filed', 2, DATE '2026-01-05', 20, DATE '2026-02-02', DATE '2026-01-30'
FROM onedoor.households h JOIN onedoor.applications a ON a.household_id = h.id
JOIN onedoor.household_members m ON m.household_id = h.id AND m.position = 1
WHERE h.household_no = 'HDEMO-004'" >/dev/null
P=$(su_sql "SELECT id FROM onedoor.persons WHERE resident_id = '511703195208110286'")
OTHER=$(su_sql "SELECT id FROM onedoor.persons WHERE resident_id = '511703198507040242'")
set_today 2026-06-01

rate() { # LOGIN PERSON LIVING HEALTH CARE PROBLEMS -> "colour|items" or SQLSTATE
	_o=$(PGPASSWORD=onedoor psql -X -q -At -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -U "$1" -d "$DB" -c \
		"SELECT colour || '|' || problems FROM onedoor.care_rate(gen_random_uuid(), $2, '$3', '$4', '$5', '镇村排查', '$6')" 2>&1)
	printf '%s\n' "$_o" | sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\):.*/\1/p;/|/p' | head -n 1
}
ok_eq "the register lists her, not yet rated" "赵桂兰|-|0" \
	"$(PGPASSWORD=onedoor psql -X -q -At -U demo_clerk1 -d "$DB" -c "SELECT person_name || '|' || coalesce(colour, '-') || '|' || open_items FROM onedoor.care_register")"
ok_eq "someone without 特困 is not rated" P0002 "$(rate demo_clerk1 "$OTHER" good good good '[]')"
ok_eq "the other centre may not rate her" 42501 "$(rate demo_clerk2 "$P" good good good '[]')"
ok_eq "an approver may not" 42501 "$(rate demo_approver "$P" good good good '[]')"
ok_eq "an unknown judgement is refused" 22023 "$(rate demo_clerk1 "$P" fine good good '[]')"
ok_eq "red without a problem list is refused" 22023 "$(rate demo_clerk1 "$P" danger good concern '[]')"
ok_eq "an item without a deadline is refused" 22023 \
	"$(rate demo_clerk1 "$P" danger good concern '[{"item": "清理杂物", "responsible": "村主任"}]')"
ok_eq "a deadline in the past is refused" 22023 \
	"$(rate demo_clerk1 "$P" danger good concern '[{"item": "清理杂物", "responsible": "村主任", "deadline": "2026-05-01"}]')"
# Fri 06-05 and Wed 06-10 (working days; Dragon Boat Festival is 06-19).
ok_eq "danger in any aspect rates red, with its list" "red|3" \
	"$(rate demo_clerk1 "$P" danger good concern '[{"item": "清理院内杂物、整理电线", "responsible": "照护人王大姐", "deadline": "2026-06-05"}, {"item": "搭建院落围挡", "responsible": "村委会", "deadline": "2026-06-10"}, {"item": "更换被褥、添置桌椅", "responsible": "镇民政办", "deadline": "2026-06-10"}]')"
ok_eq "a green rating is refused while items are open" 55000 "$(rate demo_clerk1 "$P" good good good '[]')"

list() { PGPASSWORD=onedoor psql -X -q -At -U demo_clerk1 -d "$DB" -c \
	"SELECT item || '|' || coalesce(light, 'closed') FROM onedoor.care_problem_list WHERE person_id = $P ORDER BY closed_on NULLS FIRST, deadline, id"; }
overdue() { PGPASSWORD=onedoor psql -X -q -At -U demo_supervisor -d "$DB" -c \
	"SELECT person_name || '|' || item || '|' || days_overdue FROM onedoor.care_overdue ORDER BY deadline, problem_id"; }
set_today 2026-06-04
ok_eq "Thu 06-04: the first item is yellow" "清理院内杂物、整理电线|yellow" "$(list | head -n 1)"
ok_eq "nothing overdue yet" "" "$(overdue)"
set_today 2026-06-08
ok_eq "Mon 06-08: the first item is red" "清理院内杂物、整理电线|red" "$(list | head -n 1)"
ok_eq "the supervisor's overdue view shows it" "赵桂兰|清理院内杂物、整理电线|1" "$(overdue)"
ok_eq "the register counts open and overdue items" "red|3|1" \
	"$(PGPASSWORD=onedoor psql -X -q -At -U demo_supervisor -d "$DB" -c "SELECT colour || '|' || open_items || '|' || overdue_items FROM onedoor.care_register WHERE person_id = $P")"

close_item() { # LOGIN PROBLEM NOTE
	_v=$(su_sql "SELECT version FROM onedoor.care_problems WHERE id = $2")
	PGPASSWORD=onedoor psql -X -q -At -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -U "$1" -d "$DB" -c \
		"SELECT open_left FROM onedoor.care_problem_close(gen_random_uuid(), $2, $_v, $3)" 2>&1 |
		sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\):.*/\1/p;/^[0-9][0-9]*$/p' | head -n 1
}
I1=$(su_sql "SELECT id FROM onedoor.care_problems WHERE person_id = $P ORDER BY deadline, id LIMIT 1")
I2=$(su_sql "SELECT id FROM onedoor.care_problems WHERE person_id = $P ORDER BY deadline, id OFFSET 1 LIMIT 1")
I3=$(su_sql "SELECT id FROM onedoor.care_problems WHERE person_id = $P ORDER BY deadline, id OFFSET 2 LIMIT 1")
ok_eq "closing needs a note" 22023 "$(close_item demo_clerk1 "$I1" NULL)"
ok_eq "the other centre may not close it" 42501 "$(close_item demo_clerk2 "$I1" "'已清理'")"
ok_eq "item 1 closed, two left" 2 "$(close_item demo_clerk1 "$I1" "'照护人已清理杂物，电工整理线路'")"
ok_eq "off the overdue view" "" "$(overdue)"
ok_eq "closing it twice is refused" 55000 "$(close_item demo_clerk1 "$I1" "'再次'")"
ok_eq "item 2 closed by the supervisor, one left" 1 "$(close_item demo_supervisor "$I2" "'院落围挡已搭建'")"
ok_eq "still not green" 55000 "$(rate demo_clerk1 "$P" good good good '[]')"
ok_eq "item 3 closed, none left" 0 "$(close_item demo_clerk1 "$I3" "'社会组织已更换被褥、添置桌椅'")"
ok_eq "the list keeps the notes" "照护人已清理杂物，电工整理线路|院落围挡已搭建|社会组织已更换被褥、添置桌椅" \
	"$(su_sql "SELECT string_agg(close_note, '|' ORDER BY id) FROM onedoor.care_problems WHERE person_id = $P")"
ok_eq "now rated green" "green|0" "$(rate demo_clerk1 "$P" good good good '[]')"
ok_eq "one current rating, the history kept" "2|green" \
	"$(su_sql "SELECT count(*) || '|' || max(colour) FILTER (WHERE current) FROM onedoor.care_ratings WHERE person_id = $P")"
ok_eq "concern alone rates yellow, and needs its list" 22023 "$(rate demo_clerk1 "$P" good concern good '[]')"
ok_eq "the trail has each rating and each item" "close,close,close,rate,rate" \
	"$(su_sql "SELECT string_agg(action, ',' ORDER BY action) FROM onedoor.audit_log WHERE object_type IN ('care_rating', 'care_problem')")"
dropdb "$DB"
done_testing
