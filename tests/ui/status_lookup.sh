# status_lookup.sh - the status lookup under tmux at 80x24: a member's
# resident ID typed in full-width digits (as a Chinese input method gives
# them) finds the household's cases with stage, light letter and expected
# completion, in the words the applicant is told; a refused case says why;
# a wrong check digit is refused before the server is asked; another
# centre's clerk sees nothing; the lookup is in the audit log; F8 prints it.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
trap tmux_stop EXIT
wf_database ui_status
receipts="$ONEDOOR_TEST_DIR/receipts-$DB"
state="$ONEDOOR_TEST_DIR/state-$DB"

# Monday 2 March 2026: 杨建国's household (ADEMO-001) gets 低保 and the
# emergency assistance; the approver refuses the second on Tuesday.
set_today 2026-03-02
ids=$(accept_app demo_clerk1 ADEMO-001 '["wf_dibao", "wf_linshi"]')
dibao=$(echo "$ids" | sed -n 1p)
linshi=$(echo "$ids" | sed -n 2p)
set_today 2026-03-03
ok_eq "the approver refuses the emergency assistance" ok \
	"$(act demo_approver "$linshi" reject '家庭存款超过规定')"
set_today 2026-03-04
expected=$(su_sql "SELECT case_due FROM onedoor.cases WHERE id = $dibao")
# Days left to the expected completion the applicant is told, not the stage's.
days_left=$(su_sql "SELECT onedoor.working_days_between(onedoor.today(), case_due) FROM onedoor.cases WHERE id = $dibao")

login() { # ROLE
	tmux_start 80 24 env XDG_STATE_HOME="$state" "$ONEDOOR_BIN/onedoor" --config "$WF_INI"
	tmux_wait "登录名" >/dev/null
	tmux_keys -l "$1"; tmux_keys Enter
	tmux_keys -l onedoor; tmux_keys Enter
	tmux_wait "申请列表" >/dev/null
}

login demo_clerk1
tmux_keys F4
ok_if "F4 opens the status lookup" tmux_wait "输入申请人身份证号后按回车"

# 杨德明, the applicant's father, with the last digit wrong first.
tmux_keys -l "５１１７０３１９４４０６０５０１３７"
tmux_keys Enter
ok_if "a wrong check character is refused on the spot" tmux_wait "校验"
ok_eq "nothing was asked of the server" 0 \
	"$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE action = 'status_lookup'")"

tmux_keys BSpace
tmux_keys -l "６"
tmux_keys Enter
ok_if "full-width digits are read as the ID" tmux_wait "身份证号： 511703194406050136"
ok_if "the person and the number of cases" tmux_wait "杨德明：2 件"
screen=$(tmux_screen)
ok_match "the open case: light letter, case, item, stage, expected completion" \
	"^Y +ADEMO-001-01 +最低生活保障 +核对 +$expected +$days_left\$" "$screen"
ok_match "the refused case has no light, and says it ended" \
	"^ +ADEMO-001-02 +临时救助（急难型） +不同意救助 +2026-03-03 *$" \
	"$screen"
ok_match "what to tell the applicant about the open case" \
	"县核对办正在核对家庭经济状况（本环节2026-03-05到期），预计${expected}前办结" "$screen"

tmux_keys Down
ok_if "the refused case is explained with the phrase and the reason" \
	tmux_wait "已于2026-03-03终止：不同意救助。理由：家庭存款超过规定"

ok_eq "the lookup is in the audit log, with the ID masked" \
	"demo_clerk1|{\"cases\": 2, \"resident_id\": \"511703********0136\"}" \
	"$(su_sql "SELECT actor || '|' || after::text FROM onedoor.audit_log WHERE action = 'status_lookup'")"

tmux_keys F8
ok_if "F8 writes the status for the applicant" tmux_wait "已写入 .*status-ADEMO-001\.txt"
content=$(cat "$receipts/status-ADEMO-001.txt" 2>/dev/null)
ok_match "printed: title" "社会救助申请办理进度" "$content"
ok_match "printed: the person with the ID masked" "申请人：杨德明 +身份证号：511703\*{8}0136" "$content"
ok_match "printed: each case with what to tell" "1\. ADEMO-001-01  最低生活保障" "$content"
ok_match "printed: what to tell, cut to the receipt's width" \
	"^   县核对办正在核对家庭经济状况（本环节2026-03-05到期），预计" "$content"
ok_match "printed: the refused case with its reason" "理由：家庭存款超过规定" "$content"

tmux_keys F1
ok_if "F1 lists the screen's keys" tmux_wait "F8 +Ctrl-P +打印"
tmux_keys Escape; sleep 0.5; tmux_keys Escape
ok_if "Esc goes back to the worklist" tmux_wait "申请列表"
tmux_stop

# Another centre's clerk: the person's cases are not theirs to see.
login demo_clerk2
tmux_keys C-l
tmux_wait "进度查询" >/dev/null
tmux_keys -l "511703194406050136"
tmux_keys Enter
ok_if "Ctrl-L opens it too; another centre sees no case" tmux_wait "本处没有此人的办理记录"
done_testing
