#!/bin/sh
# A death in the civil registration's extract puts the household's benefits
# before their department: imported as the verification office imports it,
# found by `onedoor-admin reviews changes`, re-evaluated by the server's
# engine without the member who died, and a change review opened with the
# cause; running it again opens nothing twice.  A new pension above the
# transfer income declared, and a vehicle not declared, do the same.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database wf_reviews_data
set_today 2026-03-02
ADMIN="$ONEDOOR_BIN/onedoor-admin"
as_login() { _who=$1; shift; PGUSER=$_who PGPASSWORD=onedoor "$ADMIN" -c "$WF_INI" "$@"; }

C=$(accept_app demo_clerk1 ADEMO-001 '["wf_dibao"]')
su_sql "UPDATE onedoor.cases SET stage = 'filed', stage_due = NULL, stage_entered_on = NULL,
		stage_warn_from = NULL, closed_at = now() WHERE id = $C;
	INSERT INTO onedoor.decisions (case_id, item_code, outcome, amount_fen, period, start_month,
		engine_amount_fen, phrase, decided_by, decided_on, at, request_id)
	VALUES ($C, 'wf_dibao', 'granted', 57500, 'monthly', '2026-03-01', 57500, '同意救助',
		'demo_approver', '2026-03-02', now(), gen_random_uuid())" >/dev/null
parent=$(su_sql "SELECT p.resident_id FROM onedoor.persons p JOIN onedoor.household_members m
	ON m.person_id = p.id JOIN onedoor.cases c ON c.household_id = m.household_id
	WHERE c.id = $C AND m.position = 2")
ok_if "the household has a second member" [ -n "$parent" ]

out=$(as_login demo_admin reviews changes 2>&1)
ok_match "before any extract nothing is touched" "0 checked|核查 0" "$out"
EXTRACT="$ONEDOOR_TEST_DIR/deaths-$$.csv"
printf 'resident_id,died_on\n%s,2026-02-20\n' "$parent" > "$EXTRACT"
as_login demo_verifier data import deaths "$EXTRACT" --as-of 2026-03-01 >/dev/null 2>&1
ok_eq "the verification office imports the deaths extract" 0 "$?"
out=$(as_login demo_admin reviews changes 2>&1)
ok_match "the benefit is checked and a change review opened" "1 checked, 1 change|核查 1 件，启动变更复核 1" "$out"
ok_match "the review names who died, when and the batch, with the engine's verdict" \
	"^(eligible|ineligible|missing)\|部门数据（死亡登记，批次 [0-9]+）：.*（2026-02-20）死亡$" \
	"$(as_role demo_approver "SELECT engine_verdict || '|' || cause FROM onedoor.review_list
		WHERE case_id = $C AND kind = 'change'")"
as_login demo_admin reviews changes >/dev/null 2>&1
ok_eq "running it again opens no second review" 1 \
	"$(su_sql "SELECT count(*) FROM onedoor.reviews WHERE case_id = $C AND kind = 'change'")"
out=$(as_login demo_admin reviews changes --since 2099-01-01 2>&1)
ok_match "an older extract is left alone with --since" "0 checked|核查 0" "$out"
# A pension and a vehicle: the 低保 of another household, the applicant now
# drawing a pension and a car registered in her name.
C2=$(accept_app demo_clerk1 ADEMO-002 '["wf_dibao"]')
su_sql "UPDATE onedoor.cases SET stage = 'filed', stage_due = NULL, stage_entered_on = NULL,
		stage_warn_from = NULL, closed_at = now() WHERE id = $C2;
	INSERT INTO onedoor.decisions (case_id, item_code, outcome, amount_fen, period, start_month,
		engine_amount_fen, phrase, decided_by, decided_on, at, request_id)
	VALUES ($C2, 'wf_dibao', 'granted', 57500, 'monthly', '2026-03-01', 57500, '同意救助',
		'demo_approver', '2026-03-02', now(), gen_random_uuid())" >/dev/null
who=$(su_sql "SELECT p.resident_id FROM onedoor.persons p JOIN onedoor.household_members m
	ON m.person_id = p.id JOIN onedoor.cases c ON c.household_id = m.household_id
	WHERE c.id = $C2 AND m.position = 1")
printf 'resident_id,monthly_yuan,since\n%s,2600,2026-02-01\n' "$who" > "$EXTRACT"
as_login demo_verifier data import pensions "$EXTRACT" --as-of 2026-03-01 >/dev/null 2>&1
ok_eq "the pensions extract is imported" 0 "$?"
printf 'resident_id,plate,registered_on\n%s,川S12345,2026-01-10\n' "$who" > "$EXTRACT"
as_login demo_verifier data import vehicles "$EXTRACT" --as-of 2026-03-01 >/dev/null 2>&1
ok_eq "the vehicles extract is imported" 0 "$?"
as_login demo_admin reviews changes >/dev/null 2>&1
ok_match "the pension and the vehicle open a change review naming both, with the batches" \
	"^(eligible|ineligible|missing)\|部门数据（养老金领取，批次 [0-9]+）：.*领取养老金 2,600\.00 元/月.*；部门数据（机动车登记，批次 [0-9]+）：家庭成员名下机动车 1 辆（.* 川S12345）$" \
	"$(as_role demo_approver "SELECT engine_verdict || '|' || cause FROM onedoor.review_list
		WHERE case_id = $C2 AND kind = 'change'")"
cause=$(su_sql "SELECT cause FROM onedoor.reviews WHERE case_id = $C2 AND kind = 'change'")
as_login demo_admin reviews changes >/dev/null 2>&1
ok_eq "running it again adds nothing to the review" "$cause" \
	"$(su_sql "SELECT cause FROM onedoor.reviews WHERE case_id = $C2 AND kind = 'change'")"
ok_eq "the death's review is still about the death alone" 0 \
	"$(su_sql "SELECT count(*) FROM onedoor.reviews WHERE case_id = $C AND cause ~ '养老金|机动车'")"
ok_eq "a clerk may not look for changes" 42501 \
	"$(try_sql demo_clerk1 "SELECT * FROM onedoor.reviews_from_data(gen_random_uuid(), NULL)")"
done_testing
