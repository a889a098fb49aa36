#!/bin/sh
# Benefits in force come back: the periodic review (低保年审) opened once per
# period by `onedoor-admin reviews generate`, whatever the schedule runs it
# twice; a change reported at the window re-evaluated by the engine and put
# before the department; continue, adjust and stop decided by the
# department and followed by the money.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database wf_reviews
set_today 2026-01-05
ADMIN="$ONEDOOR_BIN/onedoor-admin"
as_admin() { PGUSER=demo_admin PGPASSWORD=onedoor "$ADMIN" -c "$WF_INI" "$@"; }

# A filed 低保 case with a granted decision from January 2026 (the decision
# is written as the approver's function would: this test is about what
# follows it).
C=$(accept_app demo_clerk1 ADEMO-001 '["wf_dibao"]')
su_sql "UPDATE onedoor.cases SET stage = 'filed', stage_due = NULL, stage_entered_on = NULL,
		stage_warn_from = NULL, closed_at = now() WHERE id = $C;
	INSERT INTO onedoor.decisions (case_id, item_code, outcome, amount_fen, period, start_month,
		engine_amount_fen, phrase, decided_by, decided_on, at, request_id)
	VALUES ($C, 'wf_dibao', 'granted', 57500, 'monthly', '2026-01-01', 57500, '同意救助',
		'demo_approver', '2026-01-05', now(), gen_random_uuid())" >/dev/null
ok_eq "the decision put the benefit in force" in_force \
	"$(su_sql "SELECT state FROM onedoor.benefits WHERE case_id = $C")"

# Periodic reviews ------------------------------------------------------------------
set_today 2026-06-01
out=$(as_admin reviews generate 2026-06 2>&1)
ok_match "nothing is due half-way through the year" "0 opened|本次启动 0" "$out"
as_admin reviews generate 2026-13 >/dev/null 2>&1
ok_eq "a month that does not exist is refused" 2 "$?"
out=$(as_admin reviews generate 2027-01 2>&1)
ok_eq "a month beyond next month is refused" 2 "$?"
set_today 2027-01-04
out=$(as_admin reviews generate 2027-01 2>&1)
ok_match "a year after the start the annual review is opened" "1 opened|本次启动 1" "$out"
out=$(as_admin reviews generate 2027-01 2>&1)
ok_match "run again, it opens nothing twice" "0 opened.* 1 due|本次启动 0 件，共到期 1" "$out"
ok_eq "a clerk may not open reviews" 42501 \
	"$(try_sql demo_clerk1 "SELECT * FROM onedoor.reviews_generate(gen_random_uuid(), '2027-01-01')")"
R=$(su_sql "SELECT id FROM onedoor.reviews WHERE case_id = $C AND kind = 'periodic'")
ok_eq "the opening is audited once, with the review" 1 \
	"$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE object_type = 'reviews'
		AND action = 'insert' AND object_id = '$R' AND (after ->> 'case_id')::bigint = $C")"
PGUSER=demo_auditor PGPASSWORD=onedoor "$ONEDOOR_BIN/onedoor-admin" -c "$WF_INI" audit verify >/dev/null 2>&1
ok_eq "the audit trail verifies after the month's opening" 0 "$?"
ok_eq "the review is the department's, green, with its due date" "civil_affairs|green|periodic" \
	"$(as_role demo_approver "SELECT department || '|' || light || '|' || kind FROM onedoor.review_list WHERE id = $R")"
set_today 2027-01-20
ok_eq "and red once its limit has passed" red \
	"$(as_role demo_approver "SELECT light FROM onedoor.review_list WHERE id = $R")"

decide() { # ROLE REVIEW VERSION OUTCOME AMOUNT MONTH REASON
	try_sql "$1" "SELECT onedoor.review_decide(gen_random_uuid(), $2, $3, '$4', $5, $6, '$7')"
}
ok_eq "a review needs a reason" 22023 "$(decide demo_approver "$R" 1 continue NULL NULL ' ')"
ok_eq "a clerk does not decide it" 42501 "$(decide demo_clerk1 "$R" 1 continue NULL NULL '正常')"
ok_eq "an adjustment needs its amount" 22023 \
	"$(decide demo_approver "$R" 1 adjust NULL "'2027-02-01'" '收入增加')"
ok_eq "the department adjusts the amount from February" ok \
	"$(decide demo_approver "$R" 1 adjust 42000 "'2027-02-01'" '家庭收入增加，差额调整')"
ok_eq "the amount owed changes from then, not before" "57500|42000" \
	"$(as_role demo_approver "SELECT onedoor.benefit_amount_at($C, '2027-01-01') || '|' ||
		onedoor.benefit_amount_at($C, '2027-02-01')")"
set_today 2027-02-01
as_role demo_supervisor "SELECT count(*) FROM onedoor.payments_generate(gen_random_uuid(), '2027-02-01')" >/dev/null
ok_eq "February's roll pays the adjusted amount for February, the 13 unpaid months before at the old one" \
	"42000|$((13 * 57500))" \
	"$(su_sql "SELECT l.amount_fen || '|' || l.back_pay_fen FROM onedoor.roll_lines l
		JOIN onedoor.payment_rolls r ON r.id = l.roll_id
		WHERE l.case_id = $C AND r.month = '2027-02-01'")"
# The leaders' funds figures count what the bank reported paid, nothing else.
ok_eq "no funds are counted before the bank pays" 0 \
	"$(as_role demo_supervisor "SELECT count(*) FROM onedoor.stats_funds('2027-01-01', '2027-12-31')")"
su_sql "UPDATE onedoor.roll_lines SET state = 'paid', hold_kind = NULL, account_no = '6222020200112233445' WHERE case_id = $C" >/dev/null
ok_eq "then by month, department and item: one recipient, the month and its back pay" \
	"2027-02-01|civil_affairs|wf_dibao|1|$((42000 + 13 * 57500))|$((13 * 57500))" \
	"$(as_role demo_supervisor "SELECT month || '|' || department || '|' || item_code || '|' ||
		recipients || '|' || paid_fen || '|' || back_pay_fen
		FROM onedoor.stats_funds('2027-01-01', '2027-12-31')")"
ok_eq "a clerk has no funds figures" 42501 \
	"$(try_sql demo_clerk1 "SELECT * FROM onedoor.stats_funds('2027-01-01', '2027-12-31')")"
set_today 2027-01-20
ok_eq "decided once" 55000 "$(decide demo_approver "$R" 2 continue NULL NULL '正常')"
ok_eq "the outcome stands in the case's history" "review|复核：调整救助金额" \
	"$(as_role demo_approver "SELECT action || '|' || phrase FROM onedoor.case_timeline
		WHERE case_id = $C AND action = 'review'")"

# A change at the window --------------------------------------------------------------
hid=$(su_sql "SELECT household_id FROM onedoor.cases WHERE id = $C")
doc=$(su_sql "SELECT onedoor.household_state($hid)")
su_sql "UPDATE onedoor.applications SET status = 'refused' WHERE household_id = $hid AND status = 'registered'" >/dev/null
v=$(su_sql "SELECT version FROM onedoor.households WHERE id = $hid")
as_role demo_clerk1 "SELECT * FROM onedoor.household_reapply(gen_random_uuid(),
	'HDEMO-001', $v, '$doc', '家庭成员就业，收入变化')" >/dev/null
ok_eq "a change at the window puts the benefit before the department again" 1 \
	"$(su_sql "SELECT count(*) FROM onedoor.reviews WHERE case_id = $C AND kind = 'change'")"
ok_match "with the engine's verdict on the new facts and the cause" \
	"^(eligible|ineligible|missing)\|家庭情况变更（窗口）：家庭成员就业" \
	"$(as_role demo_approver "SELECT engine_verdict || '|' || cause FROM onedoor.review_list
		WHERE case_id = $C AND kind = 'change'")"
R2=$(su_sql "SELECT id FROM onedoor.reviews WHERE case_id = $C AND kind = 'change'")
ok_eq "a stop before the benefit's current state month is refused" 22023 \
	"$(decide demo_approver "$R2" 1 stop NULL "'2025-01-01'" '不再符合')"
ok_eq "the department stops the benefit from March" ok \
	"$(decide demo_approver "$R2" 1 stop NULL "'2027-03-01'" '家庭人均收入超过低保标准')"
ok_eq "the benefit is stopped from March" "stopped|2027-03-01" \
	"$(su_sql "SELECT state || '|' || state_from FROM onedoor.benefits WHERE case_id = $C")"
set_today 2028-01-04
out=$(as_admin reviews generate 2028-01 2>&1)
ok_match "a stopped benefit is not reviewed again" "0 opened|本次启动 0" "$out"
ok_eq "nobody writes reviews directly" 42501 \
	"$(try_sql demo_approver "UPDATE onedoor.reviews SET outcome = 'continue'")"
done_testing
