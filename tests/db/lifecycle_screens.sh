#!/bin/sh
# What the screens of a household's later life read, against the real
# server: the household that came back over two years (the demo `make run`
# loads) has its versions, applications, decisions and benefits; the form
# read back at the window says what the household receives (never typed);
# the reviews list says who may decide, suspend or resume each row, as the
# functions that do it decide; a change of circumstances re-examines only
# monthly benefits, not one-off grants long paid.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
. "$ONEDOOR_TOP/tests/lib/lifecycle.sh"
lc_database lc_screens 2026-03-04
H=HDEMO-Z01
hid=$(su_sql "SELECT id FROM onedoor.households WHERE household_no = '$H'")

ok_eq "the demo household has four versions, each with its reason after the first" \
	"1|2024-03-|0 2|2024-09-|1 3|2025-03-|1 4|2026-03-|1" \
	"$(su_sql "SELECT string_agg(version || '|' || left(to_char(at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'), 8) || '|' ||
		(reason IS NOT NULL)::int, ' ' ORDER BY version) FROM onedoor.household_versions WHERE household_id = $hid")" 
ok_eq "four applications: three accepted with their cases, the last one at the window" \
	"accepted accepted accepted registered" \
	"$(su_sql "SELECT string_agg(status, ' ' ORDER BY id) FROM onedoor.applications WHERE household_id = $hid")"
ok_eq "one 低保 in force from two years ago, two one-off grants expired after their months" \
	"dibao_urban|monthly|in_force|2024-03-01 temp_expense|once|expired|2024-09-01 temp_expense|once|expired|2025-03-01" \
	"$(su_sql "SELECT string_agg(c.item_code || '|' || d.period || '|' || b.state || '|' || b.start_month, ' ' ORDER BY c.id)
		FROM onedoor.cases c JOIN onedoor.decisions d ON d.case_id = c.id JOIN onedoor.benefits b ON b.case_id = c.id
		WHERE c.household_id = $hid")"
dibao=$(su_sql "SELECT c.id FROM onedoor.cases c WHERE c.household_id = $hid AND c.item_code = 'dibao_urban'")

# The window reads what the household receives from its benefits.
su_sql "UPDATE onedoor.households SET facts = facts || '{\"holds\": \"typed_by_hand\"}' WHERE id = $hid" >/dev/null
ok_eq "the form's items already received are the benefits in force, not what was typed" \
	"dibao_urban" \
	"$(traced demo_clerk1 household_form "$H" "SELECT value FROM onedoor.household_form('$H') WHERE key = 'holds'")"
ok_eq "a clerk reads the amount owed now (adjusted), within the centre's cases" ok \
	"$(try_sql demo_clerk1 "SELECT onedoor.benefit_amount_at($dibao, '2026-03-01')")"
ok_eq "and another centre's clerk sees no adjustment of it" 0 \
	"$(as_role demo_clerk2 "SELECT count(*) FROM onedoor.benefit_amounts WHERE case_id = $dibao")"

# Reviews: this month's periodic review and the change the window recorded.
ok_eq "the 低保 has this month's periodic review and the father's job as a change, open" \
	"change|true|true|false periodic|true|true|false" \
	"$(as_role demo_approver "SELECT string_agg(kind || '|' || may_decide || '|' || may_suspend || '|' || may_resume, ' ' ORDER BY kind)
		FROM onedoor.review_screen WHERE case_id = $dibao AND outcome IS NULL")"
ok_eq "the one-off grants long paid were not put to review by the change" 0 \
	"$(su_sql "SELECT count(*) FROM onedoor.reviews r JOIN onedoor.decisions d ON d.case_id = r.case_id
		WHERE d.period = 'once'")"
ok_eq "the supervisor of the county may decide too" "true true" \
	"$(as_role demo_supervisor "SELECT string_agg(may_decide::text, ' ') FROM onedoor.review_screen WHERE case_id = $dibao AND outcome IS NULL")"
ok_eq "the verifier and the auditor read the list but may do nothing" "false|false|false false|false|false" \
	"$(as_role demo_verifier "SELECT string_agg(may_decide || '|' || may_suspend || '|' || may_resume, ' ') FROM onedoor.review_screen WHERE case_id = $dibao AND outcome IS NULL")"
ok_eq "(auditor)" "false|false|false false|false|false" \
	"$(as_role demo_auditor "SELECT string_agg(may_decide || '|' || may_suspend || '|' || may_resume, ' ') FROM onedoor.review_screen WHERE case_id = $dibao AND outcome IS NULL")"
ok_eq "a clerk has no reviews list" 42501 "$(try_sql demo_clerk1 "SELECT count(*) FROM onedoor.review_screen")"
ok_eq "the county opens reviews, the department does not" "t f f" \
	"$(as_role demo_supervisor "SELECT onedoor.reviews_may_open()") $(as_role demo_approver "SELECT onedoor.reviews_may_open()") $(as_role demo_clerk1 "SELECT onedoor.reviews_may_open()")"
ok_eq "and the server agrees: the department cannot open them" 42501 \
	"$(try_sql demo_approver "SELECT * FROM onedoor.reviews_generate(gen_random_uuid(), '2026-03-01')")"

# What the list allows is what the functions do.
v=$(su_sql "SELECT version FROM onedoor.benefits WHERE case_id = $dibao")
ok_eq "the department suspends the benefit from April" ok \
	"$(try_sql demo_approver "SELECT * FROM onedoor.benefit_set_state(gen_random_uuid(), $dibao, $v, 'suspended', '2026-04-01', '待核实就业收入')")"
ok_eq "then the list offers resuming, not suspending" "false|true" \
	"$(as_role demo_approver "SELECT DISTINCT may_suspend || '|' || may_resume FROM onedoor.review_screen WHERE case_id = $dibao")"
ok_eq "the verifier may not, as the list said" 42501 \
	"$(try_sql demo_verifier "SELECT * FROM onedoor.benefit_set_state(gen_random_uuid(), $dibao, $((v + 1)), 'in_force', '2026-05-01', '恢复')")"
R=$(su_sql "SELECT id FROM onedoor.reviews WHERE case_id = $dibao AND kind = 'change' AND outcome IS NULL")
ok_eq "the department stops it on the change review" ok \
	"$(try_sql demo_approver "SELECT onedoor.review_decide(gen_random_uuid(), $R, 1, 'stop', NULL, '2026-05-01', '就业后家庭人均收入超过低保标准')")"
ok_eq "decided: nobody may decide it again" f \
	"$(as_role demo_approver "SELECT may_decide FROM onedoor.review_screen WHERE id = $R")"
ok_eq "stopped: neither suspended nor resumed any more" "false|false" \
	"$(as_role demo_approver "SELECT may_suspend || '|' || may_resume FROM onedoor.review_screen WHERE id = $R")"
ok_eq "until May the household still receives it (suspended from April)" "dibao_urban" \
	"$(traced demo_clerk1 household_form "$H" "SELECT value FROM onedoor.household_form('$H') WHERE key = 'holds'")"
set_today 2026-05-06
ok_eq "from May the form no longer says the household receives it" "" \
	"$(traced demo_clerk1 household_form "$H" "SELECT value FROM onedoor.household_form('$H') WHERE key = 'holds'")"
done_testing
