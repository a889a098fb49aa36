#!/bin/sh
# The benefit's state, month by month: granted in force, suspended (nothing
# owed), resumed (owed again from then, not for the months between),
# stopped for good; who may change it and how, with the history kept.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
. "$ONEDOOR_TOP/tests/lib/payments.sh"
wf_database benefit_states
set_today 2026-09-01
staff_login edu_approver approver 教育局审批 "" 511703 education
a=$(pay_register demo_clerk1 511703196505050157 戊五 13800000005 6222021234567890128)
c=$(pay_filed demo_clerk1 "$a" wf_dibao)
pay_decide "$c" 50000 2026-08-01
set_state() { # LOGIN STATE MONTH REASON [REQUEST]
	_v=$(su_sql "SELECT version FROM onedoor.benefits WHERE case_id = $c")
	try_sql "$1" "SELECT * FROM onedoor.benefit_set_state(${5:-gen_random_uuid()}, $c, $_v, '$2', '$3', '$4')"
}
owed() { # MONTH: the months the roll of MONTH pays this case
	pay_admin demo_supervisor payments roll "$1" >/dev/null
	su_sql "SELECT coalesce(string_agg(to_char(m, 'YYYY-MM'), ' '), '-') FROM onedoor.roll_lines l
		JOIN onedoor.payment_rolls r ON r.id = l.roll_id, unnest(l.months) m
		WHERE l.case_id = $c AND r.month = '$1-01'"
}
ok_eq "in force from the start month" "in_force|2026-08-01|1" \
	"$(su_sql "SELECT state, state_from, version FROM onedoor.benefits WHERE case_id = $c")"
ok_eq "a clerk cannot suspend it" 42501 "$(set_state demo_clerk1 suspended 2026-09-01 外出务工)"
ok_eq "nor another department's approver" 42501 "$(set_state edu_approver suspended 2026-09-01 外出务工)"
ok_eq "a change needs a reason" 22023 "$(set_state demo_approver suspended 2026-09-01 ' ')"
ok_eq "from the first of a month" 22023 "$(set_state demo_approver suspended 2026-09-15 外出务工)"
ok_eq "not to the state it is in" 55000 "$(set_state demo_approver in_force 2026-09-01 恢复)"
ok_eq "an unknown state is refused" 22023 "$(set_state demo_approver paused 2026-09-01 外出务工)"
ok_eq "the department suspends it from September" ok \
	"$(set_state demo_approver suspended 2026-09-01 家庭收入超标待复核 "'00000000-0000-4000-8000-000000000017'")"
ok_eq "a retry of the same request changes nothing more" ok \
	"$(set_state demo_approver suspended 2026-09-01 家庭收入超标待复核 "'00000000-0000-4000-8000-000000000017'")"
ok_eq "suspended, version 2" "suspended|2026-09-01|2" \
	"$(su_sql "SELECT state, state_from, version FROM onedoor.benefits WHERE case_id = $c")"
ok_eq "a stale version is refused" OD409 \
	"$(try_sql demo_approver "SELECT * FROM onedoor.benefit_set_state(gen_random_uuid(), $c, 1, 'in_force', '2026-10-01', '复核通过')")"
ok_eq "September's roll pays August only" "2026-08" "$(owed 2026-09)"
set_today 2026-10-09
ok_eq "October's: nothing" "-" "$(owed 2026-10)"
ok_eq "no change before the current state's month" 55000 \
	"$(set_state demo_supervisor in_force 2026-08-01 复核通过)"
set_today 2026-11-02
ok_eq "the county centre resumes it from November" ok "$(set_state demo_supervisor in_force 2026-11-01 复核通过)"
ok_eq "November's roll pays November, not the suspended months" "2026-11" "$(owed 2026-11)"
ok_eq "stopped from December" ok "$(set_state demo_approver stopped 2026-12-01 死亡)"
set_today 2026-12-01
ok_eq "December's roll: nothing" "-" "$(owed 2026-12)"
ok_eq "stopped is final" 55000 "$(set_state demo_approver in_force 2027-01-01 误判)"
ok_eq "the history, in order" \
	"-:in_force:2026-08 in_force:suspended:2026-09 suspended:in_force:2026-11 in_force:stopped:2026-12" \
	"$(su_sql "SELECT string_agg(coalesce(from_state, '-') || ':' || state || ':' ||
		to_char(state_from, 'YYYY-MM'), ' ' ORDER BY id) FROM onedoor.benefit_states WHERE case_id = $c")"
ok_eq "the clerk reads the state of a case of the centre" stopped \
	"$(as_role demo_clerk1 "SELECT state FROM onedoor.benefits WHERE case_id = $c")"
ok_eq "another centre's clerk does not" "" \
	"$(as_role demo_clerk2 "SELECT state FROM onedoor.benefits WHERE case_id = $c")"
# A one-off grant (a one-off amount decided on a case) is paid in its
# month's roll and is not received after it.
a2=$(pay_register demo_clerk1 511703196404040144 丁四 13800000004 6222021234567890128)
c2=$(pay_filed demo_clerk1 "$a2" wf_dibao)
pay_decide "$c2" 80000 2026-12-01 once
ok_eq "a one-off grant is expired from the month after its own" "expired|2027-01-01" \
	"$(su_sql "SELECT state || '|' || state_from FROM onedoor.benefits WHERE case_id = $c2")"
ok_eq "in force in its month, for its payment" "in_force|expired" \
	"$(su_sql "SELECT onedoor.benefit_state_at(b, '2026-12-01') || '|' ||
		onedoor.benefit_state_at(b, '2027-01-01') FROM onedoor.benefits b WHERE case_id = $c2")"
c1=$c; c=$c2
ok_eq "December's roll pays it" "2026-12" "$(owed 2026-12)"
set_today 2027-01-04
ok_eq "January's roll does not pay it again" "-" "$(owed 2027-01)"
c=$c1
ok_eq "the household's form does not list it as received" "" \
	"$(traced demo_clerk1 household_form "$(su_sql "SELECT h.household_no FROM onedoor.households h
		JOIN onedoor.cases c ON c.household_id = h.id WHERE c.id = $c2")" "SELECT value
		FROM onedoor.household_form((SELECT h.household_no FROM onedoor.households h
		JOIN onedoor.cases c ON c.household_id = h.id WHERE c.id = $c2)) WHERE key = 'holds'")"
ok_match "history is never rewritten" "never changed" \
	"$(su_sql "DELETE FROM onedoor.benefit_states" 2>&1)"
done_testing
