#!/bin/sh
# The verification report and the decision, as the real roles on the real
# server: departments' extracts loaded, a case accepted, its report generated
# on entering verify, differences acknowledged with a note before passing,
# the approver's decision with amount and start month, the decision notice;
# report and notice immutable, their hashes in the audit trail.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database verification
set_today 2026-03-02
DEMO="$ONEDOOR_TOP/conf/department-demo"
for s in deaths vehicles housing pensions businesses deposits medical_costs; do
	PGUSER=demo_verifier PGPASSWORD=onedoor "$ONEDOOR_BIN/onedoor-admin" -c "$WF_INI" \
		data import $s "$DEMO/$s.csv" --as-of 2026-02-28 >/dev/null
done
report() { # CASE FIELD -> the latest report's field
	su_sql "SELECT $2 FROM onedoor.verification_reports WHERE case_id = $1 ORDER BY version DESC LIMIT 1"
}
ack() { # CASE FLAG NOTE [LOGIN]
	try_sql "${4:-demo_verifier}" "SELECT onedoor.acknowledge_difference(gen_random_uuid(),
		(SELECT id FROM onedoor.verification_reports WHERE case_id = $1 ORDER BY version DESC LIMIT 1),
		'$2', '$3')"
}

# Without the applicant's authorisation ------------------------------------------
v=$(su_sql "SELECT version FROM onedoor.applications WHERE application_no = 'ADEMO-002'")
noauth=$(as_role demo_clerk1 "SELECT case_id FROM onedoor.accept_application(gen_random_uuid(), 'ADEMO-002', $v, '[\"wf_dibao\"]')")
ok_eq "a report is generated when the case enters verify" "1|verify_entered|f" \
	"$(report "$noauth" "version || '|' || cause || '|' || authorised::text::char")"
ok_match "it says the authorisation is missing" "核对授权：未提交家庭经济状况核对授权书，不能核对通过" \
	"$(report "$noauth" text)"
ok_match "and still reports what was found: 王芳's deposits in two banks" \
	"存款：申报 未申报，核对 90200.50" "$(report "$noauth" text)"
ok_eq "verification cannot pass" 55000 "$(act demo_verifier "$noauth" verify_pass)"
ok_eq "the case stays in verify" verify "$(stage_of "$noauth")"

# With it: differences, acknowledged, pass ------------------------------------------
c=$(accept_app demo_clerk1 ADEMO-003 '["wf_dibao"]')
ok_eq "authorised, three differences for 陈志强's household" "t|3" \
	"$(report "$c" "authorised::text::char || '|' || flags")"
flags=$(su_sql "SELECT string_agg(d ->> 'flag', ' ' ORDER BY d ->> 'flag') FROM onedoor.verification_reports r,
	jsonb_array_elements(r.content -> 'differences') d WHERE r.case_id = $c")
ok_eq "a car, two homes and a business licence not declared" \
	"businesses:1 housing:household vehicles:household" "$flags"
text=$(report "$c" text)
ok_match "declared beside found, with the effect" "家庭：申报 机动车 未申报；核对 机动车 1 辆" "$text"
ok_match "the effect is stated" "影响：机动车按核对结果 1 辆 计算" "$text"
ok_match "per member, what each source holds" "营业执照 1 个" "$text"
ok_match "the batches used are named" "机动车登记（公安局交通管理部门）：批次 [0-9]+，截至 2026-02-28" "$text"
ok_match "a difference with nothing on record still has its line (the text was NULL and the acceptance failed)" \
	"申报 未申报；核对 无记录" \
	"$(su_sql "SELECT onedoor.verification_text(jsonb_set(jsonb_set(content, '{differences,0,found}', 'null'),
		'{differences,0,declared}', 'null'), 9, now(), 'x')
		FROM onedoor.verification_reports WHERE case_id = $c ORDER BY version DESC LIMIT 1")"
ok_eq "the facts are recomputed with what was found" "1|2" \
	"$(report "$c" "(content -> 'verified' -> 'facts' ->> 'vehicles') || '|' || (content -> 'verified' -> 'facts' ->> 'houses')")"
ok_eq "the report's hash is in the audit trail" "$(report "$c" sha256)" \
	"$(su_sql "SELECT after ->> 'sha256' FROM onedoor.audit_log WHERE object_type = 'verification_report'
		AND object_id = '$(report "$c" id)' AND action = 'generate'")"
ok_eq "the hash is of the text as printed" "$(report "$c" sha256)" \
	"$(printf '%s\n' "$(report "$c" text)" | sha256sum | cut -c1-64)"
ok_eq "verify_pass refused while differences are open" 55000 "$(act demo_verifier "$c" verify_pass)"
ok_eq "an acknowledgement needs a note" 22023 "$(ack "$c" vehicles:household '  ')"
ok_eq "a clerk cannot acknowledge" 42501 "$(ack "$c" vehicles:household 'x' demo_clerk1)"
ok_eq "an unknown flag is refused" 22023 "$(ack "$c" deaths:9 'x')"
ok_eq "acknowledged: the car" ok "$(ack "$c" vehicles:household '车辆为营运用途，已核实')"
ok_eq "acknowledged: the homes" ok "$(ack "$c" housing:household '其中一套为拆迁安置房')"
ok_eq "still one open" 55000 "$(act demo_verifier "$c" verify_pass)"
ok_eq "acknowledged: the licence" ok "$(ack "$c" businesses:1 '个体户已注销，待登记更新')"
# A new version on demand: its differences need their own acknowledgement.
ok_eq "a verifier regenerates the report on demand" "2" \
	"$(as_role demo_verifier "SELECT version FROM onedoor.verification_regenerate(gen_random_uuid(), $c)")"
ok_eq "as a new version, the first kept" "2|verify_entered,on_demand" \
	"$(su_sql "SELECT count(*) || '|' || string_agg(cause, ',' ORDER BY version) FROM onedoor.verification_reports WHERE case_id = $c")"
ok_eq "the new version's differences are open again" 55000 "$(act demo_verifier "$c" verify_pass)"
for f in vehicles:household housing:household businesses:1; do ack "$c" "$f" "已核实" >/dev/null; done
ok_eq "every difference acknowledged: verification passes" ok "$(act demo_verifier "$c" verify_pass)"
ok_eq "the case moves on" supervise "$(stage_of "$c")"
ok_match "a report cannot be changed" "never changed or removed" \
	"$(su_sql "UPDATE onedoor.verification_reports SET text = 'x'" 2>&1)"
ok_match "nor an acknowledgement" "never changed or removed" \
	"$(su_sql "DELETE FROM onedoor.report_acknowledgements" 2>&1)"

# Who reads reports --------------------------------------------------------------------
ok_eq "the approver of the item reads the report" 2 \
	"$(as_role demo_approver "SELECT count(*) FROM onedoor.verification_reports WHERE case_id = $c")"
ok_eq "a clerk of another centre does not" 0 \
	"$(as_role demo_clerk2 "SELECT count(*) FROM onedoor.verification_reports WHERE case_id = $c")"

# The decision and its notice -----------------------------------------------------------
ok_eq "supervision passes" ok "$(act demo_supervisor "$c" supervise_pass)"
decide() { # LOGIN CASE OUTCOME AMOUNT START REASON
	_v=$(su_sql "SELECT version FROM onedoor.cases WHERE id = $2")
	try_sql "$1" "SELECT * FROM onedoor.case_decide(gen_random_uuid(), $2, $_v, '$3', $4, $5, $6)"
}
ok_eq "a verifier cannot decide" 42501 "$(decide demo_verifier "$c" granted 50000 "'2026-03-01'" NULL)"
ok_eq "without an engine amount, an amount is needed" 22023 "$(decide demo_approver "$c" granted NULL NULL NULL)"
ok_eq "the start month is a first of month" 22023 "$(decide demo_approver "$c" granted 50000 "'2026-03-15'" NULL)"
ok_eq "the approver grants 500 yuan a month from March" ok \
	"$(decide demo_approver "$c" granted 50000 "'2026-03-01'" NULL)"
ok_eq "the decision is recorded" "granted|50000|monthly|2026-03-01|同意救助|demo_approver" \
	"$(su_sql "SELECT outcome || '|' || amount_fen || '|' || period || '|' || start_month || '|' || phrase || '|' || decided_by FROM onedoor.decisions WHERE case_id = $c")"
ok_eq "the case moves on to filing" file "$(stage_of "$c")"
notice=$(su_sql "SELECT text FROM onedoor.decision_notices WHERE case_id = $c")
ok_match "the notice is a 救助决定书" "^救助决定书" "$notice"
ok_match "with amount and start" "救助金额：500.00 元/月" "$notice"
ok_match "and start month" "起始月份：2026年03月起" "$notice"
ok_match "the standard phrase" "经审核，决定：同意救助。" "$notice"
ok_match "who decided" "审批人：陈静" "$notice"
ok_match "the deciding department" "决定机关：民政局" "$notice"
ok_eq "its hash in the audit trail" "$(su_sql "SELECT sha256 FROM onedoor.decision_notices WHERE case_id = $c")" \
	"$(su_sql "SELECT after ->> 'notice_sha256' FROM onedoor.audit_log WHERE object_type = 'decision' AND action = 'decide'")"
ok_match "a notice is never overwritten" "never changed or removed" \
	"$(su_sql "UPDATE onedoor.decision_notices SET text = 'x'" 2>&1)"
ok_eq "a second decision is refused" 55000 "$(decide demo_approver "$c" granted 50000 "'2026-03-01'" NULL)"

# A refusal ------------------------------------------------------------------------------
r=$(accept_app demo_clerk1 ADEMO-004 '["wf_dibao"]')
ok_eq "赵桂兰's home, not declared, is flagged" "t|housing:household" \
	"$(report "$r" "authorised::text::char || '|' || (content -> 'differences' -> 0 ->> 'flag')")"
ack "$r" housing:household "自住房一套" >/dev/null
act demo_verifier "$r" verify_pass >/dev/null
act demo_supervisor "$r" supervise_pass >/dev/null
ok_eq "a refusal needs a reason" 22023 "$(decide demo_approver "$r" refused NULL NULL NULL)"
ok_eq "refused with a reason" ok "$(decide demo_approver "$r" refused NULL NULL "'家庭人均收入高于当地低保标准'")"
ok_match "the notice is a 不予救助决定书 with the reason" "^不予救助决定书.*理由：家庭人均收入高于当地低保标准" \
	"$(su_sql "SELECT replace(text, E'\n', ' ') FROM onedoor.decision_notices WHERE case_id = $r")"
ok_eq "and the case is refused" refused "$(stage_of "$r")"

# The engine on the verified facts ---------------------------------------------------------
# Two rural households declare what makes them eligible for rural 低保: the
# registries find nothing on 罗桂芝, so the item holds at the engine's amount,
# the approver's default; they find a car of 何平's, so for him it does not.
register() { # RESIDENT_ID NAME -> application number
	as_role demo_clerk1 "SELECT application_no FROM onedoor.register_household(gen_random_uuid(),
	'{\"hukou\": \"rural\", \"facts\": {\"deposits\": \"0\", \"houses\": \"0\", \"vehicles\": \"0\",
	  \"medical_selfpaid\": \"0\", \"education_spending\": \"0\"},
	  \"members\": [{\"resident_id\": \"$1\", \"name\": \"$2\", \"relation\": \"self\",
	  \"facts\": {\"disability\": \"none\", \"illness\": \"none\", \"labour\": \"full\",
	  \"school\": \"none\", \"employment\": \"farming\", \"income_business\": \"3000\"}}]}')"
}
app=$(register 511703198003150210 何平)
car=$(accept_app demo_clerk1 "$app" '["dibao_rural"]')
ok_eq "何平 declared no car: eligible as declared, not as verified" "eligible|not_eligible" \
	"$(report "$car" "(content -> 'items' -> 0 ->> 'declared_verdict') || '|' || (content -> 'items' -> 0 ->> 'verdict')")"
text=$(report "$car" text)
ok_match "the item that no longer holds is a flagged difference" \
	"家庭：申报 “农村最低生活保障”符合条件（[0-9.]+ 元）；核对 不符合条件" "$text"
ok_match "with the engine's explanation of why" \
	"影响：核对后不再符合“农村最低生活保障”条件：机动车数 1 ≤ 机动车数量上限 0" "$text"
ok_match "and the engine's reasons under the item" "✗ 机动车数 1 ≤ 机动车数量上限 0" "$text"
ok_match "the re-evaluation is stated" "农村最低生活保障：申报时 符合（[0-9.]+ 元/月） → 核对后 不符合" "$text"
ok_eq "no engine amount for an item that does not hold" "" \
	"$(su_sql "SELECT onedoor.engine_amount_fen($car)")"
dflt=$(accept_app demo_clerk1 "$(register 511703195807040611 罗桂芝)" '["dibao_rural"]')
ok_eq "罗桂芝: no difference, the item still holds on the verified facts" "0|eligible|$(report "$dflt" "content -> 'items' -> 0 ->> 'declared_amount'")" \
	"$(report "$dflt" "flags || '|' || (content -> 'items' -> 0 ->> 'verdict') || '|' || (content -> 'items' -> 0 ->> 'amount')")"
act demo_verifier "$dflt" verify_pass >/dev/null
act demo_supervisor "$dflt" supervise_pass >/dev/null
ok_eq "another amount than the engine's needs a reason" 22023 \
	"$(decide demo_approver "$dflt" granted 30000 NULL NULL)"
ok_eq "no amount given: the engine's" ok "$(decide demo_approver "$dflt" granted NULL NULL NULL)"
fen=$(su_sql "SELECT onedoor.engine_amount_fen($dflt)")
ok_match "the engine's amount on the verified facts, in fen" "^[1-9][0-9]*$" "$fen"
ok_eq "decided at the engine's amount, from this month" "$fen|$fen|2026-03-01" \
	"$(su_sql "SELECT amount_fen || '|' || engine_amount_fen || '|' || start_month FROM onedoor.decisions WHERE case_id = $dflt")"

# The case seen whole and its documents, printed by onedoor-admin -----------------------
admin_as() { _who=$1; shift; PGUSER=$_who PGPASSWORD=onedoor "$ONEDOOR_BIN/onedoor-admin" -c "$WF_INI" "$@"; }
cno=$(su_sql "SELECT case_no FROM onedoor.cases WHERE id = $c")
show=$(admin_as demo_verifier case show "$cno")
echo "$show" | sed 's/^/# /'
reads=$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE action = 'read_full_record' AND actor = 'demo_verifier'")
ok_eq "every member's record was read through the logged path" 3 "$reads"
ok_match "the household and its members, IDs masked" "1\. 陈志强  本人  511703\*{8}0159" "$show"
ok_match "the differences with their acknowledgement" "确认：已核实（王强）" "$show"
ok_match "the decision" "决定：同意救助  500.00 元 每月" "$show"
ok_match "the history" "张敏  同意受理" "$show"
ok_match "the materials" "家庭经济状况核对授权书  2026-03-02 张敏" "$show"
ok_eq "no unmasked read logged yet" 0 \
	"$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE action = 'read_unmasked'")"
ok_match "--unmasked shows the full resident ID" "1\. 陈志强  本人  511703196801180159" \
	"$(admin_as demo_supervisor case show "$cno" --unmasked)"
ok_eq "and is logged" "demo_supervisor" \
	"$(su_sql "SELECT string_agg(actor, ',') FROM onedoor.audit_log WHERE action = 'read_unmasked'")"
ok_eq "a clerk of another centre cannot see it" 2 \
	"$(admin_as demo_clerk2 case show "$cno" >/dev/null 2>&1; echo $?)"
T="$ONEDOOR_TEST_DIR/verification"
mkdir -p "$T"
admin_as demo_verifier case report "$cno" > "$T/report1"
admin_as demo_approver case report "$cno" > "$T/report2"
ok_if "the report prints byte-identically again" cmp -s "$T/report1" "$T/report2"
ok_eq "and is what was hashed into the audit trail" "$(report "$c" sha256)" "$(sha256sum < "$T/report1" | cut -c1-64)"
ok_match "an earlier version can be printed" "版本：第 1 版" "$(admin_as demo_verifier case report "$cno" --version 1)"
admin_as demo_approver case notice "$cno" > "$T/notice1"
admin_as demo_auditor case notice "$cno" > "$T/notice2"
ok_if "the notice prints byte-identically again" cmp -s "$T/notice1" "$T/notice2"
ok_eq "and is what was hashed into the audit trail" \
	"$(su_sql "SELECT sha256 FROM onedoor.decision_notices WHERE case_id = $c")" "$(sha256sum < "$T/notice1" | cut -c1-64)"
done_testing
