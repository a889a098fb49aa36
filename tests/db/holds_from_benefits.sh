# holds_from_benefits.sh - what a household already receives (the engine's
# holds.ITEM, which gates items and marks exclusions) is the server's: items
# typed as "already received" at registration are neither stored nor
# matched on; the server's match reads the household's monthly benefits in
# force or suspended, and no longer a stopped one.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
. "$ONEDOOR_TOP/tests/lib/lifecycle.sh"
lc_database db_holds 2026-03-04

app=$(as_role demo_clerk1 "SELECT application_no FROM onedoor.register_household(gen_random_uuid(), '{\"hukou\":\"rural\",\"facts\":{\"deposits\":\"0\",\"houses\":\"1\",\"vehicles\":\"0\",\"holds\":\"dibao_rural,tekun\"},\"members\":[{\"resident_id\":\"511703198502140025\",\"name\":\"欧阳娜娜\",\"relation\":\"self\",\"facts\":{\"status\":\"normal\"}}]}')")
ok_match "a household with items typed as already received registers" '^A' "$app"
ok_eq "the typed items are not stored with its facts" "f" \
	"$(su_sql "SELECT h.facts ? 'holds' FROM onedoor.households h
		JOIN onedoor.applications a ON a.household_id = h.id WHERE a.application_no = '$app'")"
ok_eq "nor matched on by the server" "" \
	"$(su_sql "SELECT onedoor.household_doc(a.household_id) -> 'facts' ->> 'holds'
		FROM onedoor.applications a WHERE a.application_no = '$app'")"

holds() { # the items the server's match reads for the household that came back
	su_sql "SELECT onedoor.household_doc(h.id) -> 'facts' ->> 'holds'
		FROM onedoor.households h WHERE h.household_no = 'HDEMO-Z01'"
}
ok_eq "its 低保 in force is held; its one-off grants are not" "dibao_urban" "$(holds)"
ok_eq "the window's form shows the same" "dibao_urban" \
	"$(traced demo_clerk1 household_form HDEMO-Z01 "SELECT value FROM onedoor.household_form('HDEMO-Z01') WHERE key = 'holds'")"
c=$(su_sql "SELECT c.id FROM onedoor.cases c JOIN onedoor.households h ON h.id = c.household_id
	JOIN onedoor.decisions d ON d.case_id = c.id AND d.period = 'monthly'
	WHERE h.household_no = 'HDEMO-Z01'")
set_state() { # STATE MONTH REASON
	v=$(su_sql "SELECT version FROM onedoor.benefits WHERE case_id = $c")
	try_sql demo_approver "SELECT * FROM onedoor.benefit_set_state(gen_random_uuid(), $c, $v, '$1', '$2', '$3')" >/dev/null
}
set_state suspended 2026-03-01 外出务工暂停
ok_eq "suspended, it is still held (it may resume)" "dibao_urban" "$(holds)"
set_state stopped 2026-03-01 家庭收入超过标准
ok_eq "stopped, it is not" "" "$(holds)"
su_sql "UPDATE onedoor.households SET facts = facts || '{\"holds\": \"tekun\"}' WHERE household_no = 'HDEMO-Z01'" >/dev/null
ok_eq "a stored holds is dropped whoever writes it" "f" \
	"$(su_sql "SELECT facts ? 'holds' FROM onedoor.households WHERE household_no = 'HDEMO-Z01'")"
done_testing
