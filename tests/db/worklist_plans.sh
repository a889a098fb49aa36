#!/bin/sh
# The worklist read through worklist_page (0078_read_plans.sql) gives,
# as every role, exactly the rows, order, lights and days left of the
# case_worklist view under the same row security, also from a session whose
# plan was made on an earlier day (the plan is kept for the session, the
# day never is); nobody outside the staff groups may call it.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database wf_worklist_plans
psql -X -q -v ON_ERROR_STOP=1 -v cases=20000 -v counties=4 -v centres=40 -d "$DB" \
	-f "$ONEDOOR_TOP/tests/bench/fixtures_province.sql" >/dev/null || exit 1
su_sql "ANALYZE" >/dev/null
# Today as it is (the fixture's due dates are spread around it).
today=$(su_sql "SELECT onedoor.today()")
centre=P0008
county=$(su_sql "SELECT county FROM onedoor.centres WHERE code = '$centre'")
staff_login wp_clerk clerk 省测试窗口 "$centre"
staff_login wp_sup supervisor 省测试督办 '' "$county"
staff_login wp_approver approver 省测试审批 '' "$county" education
staff_login wp_auditor auditor 省测试审计
staff_login wp_auditor_off auditor 省测试停用
su_sql "UPDATE onedoor.staff SET active = false WHERE role_name = 'wp_auditor_off'" >/dev/null
stranger_login wp_stranger

cols="id || '|' || stage || '|' || light || '|' || days_left || '|' || next_due || '|' || item_name_zh"
view() { # ROLE CENTRE-or-NULL LIMIT: the view as the client read it before
	PGPASSWORD=onedoor psql -X -q -At -U "$1" -d "$DB" -c "SELECT $cols FROM onedoor.case_worklist
		WHERE $2::text IS NULL OR centre_code = $2 ORDER BY light_rank DESC, next_due, id LIMIT $3"
}
page() { # ROLE CENTRE-or-NULL LIMIT
	PGPASSWORD=onedoor psql -X -q -At -U "$1" -d "$DB" -c "SELECT $cols
		FROM onedoor.worklist_page($2, $3) ORDER BY light_rank DESC, next_due, id"
}
same() { # NAME ROLE CENTRE LIMIT [MIN-ROWS]
	_want=$(view "$2" "$3" "$4")
	ok_eq "$1" "$_want" "$(page "$2" "$3" "$4")"
	ok_if "  ($(printf '%s\n' "$_want" | grep -c .) rows, at least ${5:-1})" \
		[ "$(printf '%s\n' "$_want" | grep -c .)" -ge "${5:-1}" ]
}
same "the clerk's own centre, 50 most urgent: the view's rows in the view's order" wp_clerk "'$centre'" 50 50
same "the clerk's whole worklist" wp_clerk NULL 2000 100
ok_eq "the clerk asking for another centre gets nothing" "" "$(page wp_clerk "'P0009'" 50)"
same "the county supervisor, the county's cases" wp_sup NULL 500 100
same "the county supervisor, one centre" wp_sup "'$centre'" 50 50
same "the approver, their department in their county" wp_approver NULL 500 10
same "the auditor, the province" wp_auditor NULL 500 500
ok_eq "an inactive auditor gets nothing" "" "$(page wp_auditor_off NULL 50)"
ok_match "all three lights occur" "red.*yellow|yellow.*red" "$(page wp_auditor NULL 10000 | cut -d'|' -f3 | sort -u | tr '\n' ' ')"
ok_eq "a login outside the staff groups may not call it" 42501 \
	"$(try_sql wp_stranger "SELECT count(*) FROM onedoor.worklist_page(NULL, 50)")"

# One session, its plan made and kept (ten calls), then the day moves on
# (as the superuser, from outside the session): the lights and days left
# are the new day's, as the view gives them in the same session.
day_sql() {
	i=0
	while [ $i -lt 10 ]; do
		echo "SELECT count(*) FROM onedoor.worklist_page('$centre', 50);"
		i=$((i + 1))
	done
	echo "\\! psql -X -q -d $DB -c \"SELECT onedoor.test_set_today('$today'::date + 9)\" >/dev/null"
	echo "\\echo PAGE"
	echo "SELECT $cols FROM onedoor.worklist_page('$centre', 50) ORDER BY light_rank DESC, next_due, id;"
	echo "\\echo VIEW"
	echo "SELECT $cols FROM onedoor.case_worklist WHERE centre_code = '$centre'
		ORDER BY light_rank DESC, next_due, id LIMIT 50;"
}
out=$(day_sql | PGPASSWORD=onedoor psql -X -q -At -U wp_clerk -d "$DB")
after_page=$(printf '%s\n' "$out" | sed -n '/^PAGE$/,/^VIEW$/p' | sed '1d;$d')
after_view=$(printf '%s\n' "$out" | sed -n '/^VIEW$/,$p' | sed '1d')
ok_eq "after the day moved on, the kept plan gives the view's answer of the new day" \
	"$after_view" "$after_page"
ok_if "  (and the day did move the lights: the answer differs from the first day's)" \
	[ "$after_page" != "$(set_today "$today"; page wp_clerk "'$centre'" 50)" ]
done_testing
