# county_desks.sh - the county's desks as the people there work them, on the
# demo data `make run` loads (the departments' demo extracts, then
# src/sql/demo_county.sql): the verifier opens a case in verification and
# sees the household, the menu as the clerk saw it and the flagged
# differences (in English too), acknowledges them with notes and fails the
# verification with a reason; the approver decides an amount other than the
# rules' with a reason and prints the decision notice, whose reprint is
# marked and leaves the first file as it was.  The whole case at 80x24 is
# compared with tests/ui/golden/case_file.txt (ONEDOOR_GOLDEN_UPDATE=1
# writes it).
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
trap tmux_stop EXIT
wf_database ui_county
receipts="$ONEDOOR_TEST_DIR/receipts-$DB"

set_today 2026-03-02
for f in "$ONEDOOR_TOP"/conf/department-demo/*.csv; do
	"$ONEDOOR_BIN/onedoor-admin" -c "$WF_INI" data import "$(basename "$f" .csv)" "$f" \
		--as-of 2026-02-28 >/dev/null || echo "not ok - demo extract $f loads"
done
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$ONEDOOR_TOP/src/sql/demo_county.sql" >/dev/null
set_today 2026-03-03
ok_eq "the demo has a case in verification and one to decide" "verify approve" \
	"$(su_sql "SELECT string_agg(stage, ' ' ORDER BY case_no DESC) FROM onedoor.cases WHERE case_no IN ('ADEMO-003-01', 'ADEMO-001-01')")"

start() { # ROLE [INI]
	tmux_stop
	tmux_start 80 24 "$ONEDOOR_BIN/onedoor" --config "${2:-$WF_INI}"
	tmux_wait "登录名|Login" >/dev/null
	tmux_keys -l "$1"; tmux_keys Enter
	tmux_keys -l onedoor; tmux_keys Enter
}
traces() { # the reads of members' full records in the audit trail
	su_sql "SELECT count(*) FROM onedoor.audit_log WHERE action = 'read_full_record'"
}

# English first: the same case, every word from the catalogue.
en_ini="$ONEDOOR_TEST_DIR/$DB-en.ini"
sed 's/language = zh_CN/language = en/' "$WF_INI" > "$en_ini"
start demo_verifier "$en_ini"
tmux_wait "ADEMO-003-01" >/dev/null
tmux_keys Enter
tmux_wait "F9" >/dev/null
tmux_keys F9
ok_if "English: the case seen whole opens" tmux_wait "The case seen whole"
ok_if "English: the household and its members" tmux_wait "1\. 陈志强  self  511703\*+0159"
ok_match "English: the report's differences summed up" \
	"Report version 1: 3 flagged differences, 3 not acknowledged" "$(tmux_screen)"
tmux_keys Tab Tab Tab
ok_if "English: the menu as the clerk saw it" tmux_wait "Menu at acceptance"
ok_match "English: the chosen item, its verdict and amount" \
	"\* \[eligible\] 城市最低生活保障  2190\.00 yuan per month" "$(tmux_screen)"
tmux_keys Tab Tab
ok_if "English: the flagged difference" tmux_wait "! 1\. household: declared 机动车 0 辆；found 机动车 1 辆"
ok_match "English: no code on screen" "^$" \
	"$(tmux_screen | grep -Eo '\b(verify|urban|not_eligible|missing_data|partial|farming)\b' | head -n 1)"

# The verifier in Chinese.
start demo_verifier
ok_if "verifier sees the case in verification" tmux_wait "ADEMO-003-01 +陈志强 +城市最低生活保障 +核对"
tmux_keys Enter
tmux_wait "F9 案件全貌" >/dev/null
before=$(traces)
tmux_keys F9
ok_if "the case seen whole opens" tmux_wait "案件全貌 \|"
ok_if "the household and its members with their facts" tmux_wait "1\. 陈志强  本人  511703\*+0159"
ok_match "facts in words, not codes" "劳动能力：部分丧失" "$(tmux_screen)"
ok_match "the differences summed up" "核对报告第 1 版：3 项差异，3 项未确认；尚不能核对通过" "$(tmux_screen)"
ok_if "the verifier's keys and the server's actions" \
	tmux_wait "F2 重新核对  F3 确认差异  F11 打印  F8 核对通过  F4 核对不通过"
ok_eq "opening it left a trace of each member's record" "$((before + 3))" "$(traces)"
shot=$(tmux_screen | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}/YYYY-MM-DD hh:mm/')
if [ "${ONEDOOR_GOLDEN_UPDATE:-}" = 1 ]; then
	printf '%s\n' "$shot" > "$ONEDOOR_TOP/tests/ui/golden/case_file.txt"
	echo "ok - golden case_file: written"
else
	ok_eq "golden: the case seen whole at 80x24" "$(cat "$ONEDOOR_TOP/tests/ui/golden/case_file.txt")" "$shot"
fi
tmux_keys Tab Tab Tab
ok_if "the menu as the clerk saw it at acceptance" tmux_wait "受理时的救助清单（评估日 2026-03-02"
ok_match "with verdict and amount" "\* \[符合\] 城市最低生活保障  2190\.00 元 每月" "$(tmux_screen)"
ok_match "and the explanation with values and legal references" \
	"✓ 人均月收入 25\.00 < 城市低保标准 755\.00［城市低保标准" "$(tmux_screen)"
tmux_keys Tab Tab
ok_if "the flagged difference" tmux_wait "! 1\. 家庭：申报 机动车 0 辆；核对 机动车 1 辆"
ok_match "waiting for its note" "尚未确认" "$(tmux_screen)"

# Passing with open differences: the server refuses, and says why.
tmux_keys F8
ok_if "passing with open differences is refused, in words" \
	tmux_wait "不能核对通过：尚有 3 项差异未确认（F3 确认）"
ok_eq "still in verification" "verify" "$(su_sql "SELECT stage FROM onedoor.cases WHERE case_no = 'ADEMO-003-01'")"

# Each difference acknowledged with a note.
for n in 1 2 3; do
	tmux_keys F3
	tmux_wait "差异 $n（.*）- 核实说明" >/dev/null || echo "not ok - the note for difference $n is asked"
	tmux_keys -l "入户核实第 $n 项"
	tmux_keys Enter
	tmux_wait "差异 $n 已确认" >/dev/null || echo "not ok - difference $n acknowledged"
done
ok_if "all acknowledged" tmux_wait "3 项差异，0 项未确认；可依本报告核对通过"
ok_eq "the notes are stored" "入户核实第 1 项|入户核实第 2 项|入户核实第 3 项" \
	"$(su_sql "SELECT string_agg(a.note, '|' ORDER BY a.note) FROM onedoor.report_acknowledgements a JOIN onedoor.verification_reports r ON r.id = a.report_id JOIN onedoor.cases c ON c.id = r.case_id WHERE c.case_no = 'ADEMO-003-01'")"
ok_if "no acknowledge key once none is open" sh -c "! tmux -L '$_od_tmux' capture-pane -p -t main | grep -q 'F3 确认差异'"

# A new report on demand: version 2, whose differences wait again.
tmux_keys F2
ok_if "a new report on demand" tmux_wait "已生成核对报告第 2 版"
ok_if "its differences wait for notes again" tmux_wait "核对报告第 2 版：3 项差异，3 项未确认"

# The car and the second home make the item ineligible: fail with a reason.
tmux_keys F4
ok_if "failing asks for the reason" tmux_wait "核对不通过 - 理由"
tmux_keys -l "核对发现机动车一辆、住房两套"
tmux_keys Enter
ok_if "verification failed" tmux_wait "核对不通过：已完成"
ok_eq "the case is refused with the reason" "refused|核对发现机动车一辆、住房两套" \
	"$(su_sql "SELECT c.stage || '|' || e.reason FROM onedoor.cases c JOIN onedoor.case_events e ON e.case_id = c.id AND e.action = 'verify_fail' WHERE c.case_no = 'ADEMO-003-01'")"

# The approver decides an amount other than the rules' amount.
engine=$(su_sql "SELECT onedoor.fen_text(onedoor.engine_amount_fen(id)) FROM onedoor.cases WHERE case_no = 'ADEMO-001-01'")
ok_match "the rules give an amount on the verified facts" "^[0-9]+\.[0-9]{2}$" "$engine"
# The decision form in English first, left without deciding.
start demo_approver "$en_ini"
tmux_wait "ADEMO-001-01" >/dev/null
tmux_keys Enter
tmux_wait "F8 Grant assistance" >/dev/null
tmux_keys F8
ok_if "English: the decision form" tmux_wait "Amount by the rules on the verified facts: $engine yuan per month"
ok_match "English: its fields and the server's phrases" \
	"From month \(YYYY-MM\) +2026-03" "$(tmux_screen)"
ok_match "English: grant and refuse under their phrases" \
	"F8 Grant assistance  F4 Refuse assistance" "$(tmux_screen)"
tmux_keys Escape
ok_if "English: left without deciding, back on the case" tmux_wait "Stage: approval"
start demo_approver
ok_if "approver sees the case to decide" tmux_wait "ADEMO-001-01 +杨建国 +农村最低生活保障 +审批"
tmux_keys Enter
tmux_wait "F8 同意救助" >/dev/null
tmux_keys F9
ok_if "approver sees the case whole, with the acknowledged notes" tmux_wait "案件全貌 \|"
ok_if "the report may pass" tmux_wait "2 项差异，0 项未确认"
tmux_keys F8
ok_if "the decision form" tmux_wait "按核对后事实依规则核算金额：每月 $engine 元"
ok_match "the amount starts as the rules' amount" "金额（元） +$engine" "$(tmux_screen)"
ok_match "and the month as this month" "起始月份（YYYY-MM） +2026-03" "$(tmux_screen)"
tmux_keys C-u
tmux_keys -l "1,500"
tmux_keys F8
ok_if "an amount that is not yuan is refused before it is sent" \
	tmux_wait "金额以元为单位，最多两位小数"
tmux_keys C-u
tmux_keys -l 1500
tmux_keys F8
ok_if "another amount without a reason is refused, in words" \
	tmux_wait "金额与按规则核算金额不同，须填写理由"
ok_eq "nothing decided" "0" "$(su_sql "SELECT count(*) FROM onedoor.decisions d JOIN onedoor.cases c ON c.id = d.case_id WHERE c.case_no = 'ADEMO-001-01'")"
ok_match "what was typed is kept" "金额（元） +1500" "$(tmux_screen)"
tmux_keys -l "入户调查：赡养人每月给付 50 元"
tmux_keys F8
ok_if "decided: the notice is printed" tmux_wait "同意救助：已完成。已写入 "
ok_match "the notice says the amount and the month" "救助金额：1500\.00 元/月" "$(tmux_screen)"
ok_eq "the decision as stored" "granted|150000|2026-03-01|入户调查：赡养人每月给付 50 元" \
	"$(su_sql "SELECT d.outcome || '|' || d.amount_fen || '|' || d.start_month || '|' || d.reason FROM onedoor.decisions d JOIN onedoor.cases c ON c.id = d.case_id WHERE c.case_no = 'ADEMO-001-01'")"
notice="$receipts/ADEMO-001-01-JD.txt"
ok_eq "the notice file is the stored notice, byte for byte" \
	"$(su_sql "SELECT n.sha256 FROM onedoor.decision_notices n JOIN onedoor.cases c ON c.id = n.case_id WHERE c.case_no = 'ADEMO-001-01'")" \
	"$(sha256sum "$notice" | cut -d' ' -f1)"
tmux_keys Escape
ok_if "back on the case seen whole, with the decision" \
	tmux_wait "已决定：同意救助，1500\.00 元，自 2026-03 起（决定书 ADEMO-001-01-JD）"
first=$(sha256sum "$notice")
tmux_keys F11
ok_if "a reprint" tmux_wait "已写入 .*reprint"
ok_match "in a file of its own, marked as a reprint" "补打：以上决定书于 .* 由 陈静 补打" \
	"$(cat "$receipts"/ADEMO-001-01-JD-reprint-*.txt 2>&1)"
ok_eq "the notice issued first is untouched" "$first" "$(sha256sum "$notice")"
tmux_keys Escape Escape
ok_if "back on the case, now at filing" tmux_wait "环节：备案"
done_testing
