# payment_rolls.sh - the month's payment roll on screen at 80x24, as the
# real roles against the real server: the county centre makes September's
# rolls and submits one; finance finds it waiting, returns it with a
# reason; the department (the approver of 民政局) sees the reason, holds a
# line and submits it again; finance approves it.  Then the case's payments
# on the case screen and in the status lookup, with the account masked and
# the failed payment's reason, and the SMS sent.  In Chinese, and the same
# screens again in English.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
. "$ONEDOOR_TOP/tests/lib/payments.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
trap tmux_stop EXIT
wf_database ui_payment_rolls
state="$ONEDOOR_TEST_DIR/state-$DB"
EN_INI="$ONEDOOR_TEST_DIR/$DB-en.ini"
sed 's/^language = zh_CN$/language = en/' "$WF_INI" > "$EN_INI"

set_today 2026-09-01
a1=$(pay_register demo_clerk1 511703196101010116 甲一 13800000001 6222021234567890128)
a2=$(pay_register demo_clerk1 511703196202020129 乙二 13800000002 6200000000000005)
c1=$(pay_filed demo_clerk1 "$a1" wf_dibao)
c2=$(pay_filed demo_clerk1 "$a2" wf_dibao)
ok_if "two cases filed" test -n "$c1" -a -n "$c2"
pay_decide "$c1" 60900 2026-07-01   # filed late: July and August are back pay
pay_decide "$c2" 45000 2026-09-01
set_today 2026-09-10
roll_state() { su_sql "SELECT state || '|' || coalesce(return_reason, '') FROM onedoor.payment_rolls WHERE month = '2026-09-01'"; }

login() { # ROLE [INI]
	tmux_start 80 24 env XDG_STATE_HOME="$state" "$ONEDOOR_BIN/onedoor" --config "${2:-$WF_INI}"
	tmux_wait "登录名|Login name" >/dev/null
	tmux_keys -l "$1"; tmux_keys Enter
	tmux_keys -l onedoor; tmux_keys Enter
}
goto() { # LABEL: F12, then the number the list gives the label
	tmux_keys F12
	tmux_wait "$1" >/dev/null
	n=$(tmux_screen | sed -n "s/.*\([1-9a-z]\)  $1.*/\1/p" | head -n 1)
	tmux_keys "${n:-0}"
}

# The county centre: no roll yet; F2 makes them, the roll opens with its
# recipients, amounts, back pay, totals and the accounts masked.
login demo_supervisor
tmux_wait "案件" >/dev/null
goto 资金拨付单
ok_if "the county centre's rolls screen opens on this month" tmux_wait "月份：2026-09   拨付单：0 张"
ok_if "and offers to make them" tmux_wait "F2 生成拨付单"
tmux_keys F2
tmux_wait "草稿将重新生成" >/dev/null
tmux_keys y
ok_if "the roll is made from what is owed" tmux_wait "已按当前应发数生成 2026-09 的拨付单：1 张"
ok_match "one roll of 民政局 at 三里坪, 2 lines, 2,277.00 yuan" \
	"P202609-[0-9]+ +民政局 +三里坪.* 草稿 +2 +0 +2,277.00" "$(tmux_screen)"
ok_match "the month's totals under the list" "合计：2 人（暂缓 0），2,277.00 元，其中补发 1,218.00" "$(tmux_screen)"
tmux_keys Enter
ok_if "the roll opens" tmux_wait "状态：草稿   共 2 人，发放 2，暂缓 0"
tmux_wait "2 乙二" >/dev/null
screen=$(tmux_screen)
ok_match "this month + back pay = total" "本月 1,059.00 \+ 补发 1,218.00 = 合计 2,277.00 元" "$screen"
ok_match "甲一's line: this month, back pay, total, account masked" \
	"1 甲一.* 609.00 +1,218.00 +1,827.00 6222\*+0128" "$screen"
ok_match "乙二's line" "2 乙二.* 450.00 +450.00 6200\*+0005" "$screen"
ok_eq "no account number whole on screen" "" "$(echo "$screen" | grep -E '6222021234567890128|6200000000000005')"
ok_match "the submit key is offered" "F8 报送财政" "$screen"
ok_eq "finance's keys are not" "" "$(echo "$screen" | grep -E '审核通过|F6 退回')"
tmux_keys F11
ok_if "F11 prints the roll to sign" tmux_wait "已写入|Written to|已送打印机"
printed=$(cat "$ONEDOOR_TEST_DIR/receipts-$DB"/roll-P202609-*.txt 2>/dev/null)
ok_match "the printed roll has the lines and the totals" "发放：2 人，本月 1,059.00 \+ 补发 1,218.00 = 2,277.00 元" "$printed"
ok_eq "the printed roll has no account whole" "" "$(echo "$printed" | grep -E '6222021234567890128')"
tmux_keys F8
tmux_wait "报送拨付单 P202609-" >/dev/null
ok_match "submitting asks with the figures" "发放 2 人，2,277.00 元？" "$(tmux_screen)"
tmux_keys y
ok_if "submitted" tmux_wait "已报送财政。"
ok_eq "the server has it submitted" "submitted|" "$(roll_state)"
ok_if "and the screen now offers no submit" sh -c "! tmux -L '$_od_tmux' capture-pane -p -t main | grep -q 'F8 报送财政'"
tmux_stop

# Finance: the roll waits for it; it returns it with a reason.
login demo_finance
ok_if "finance starts where rolls wait for it" tmux_wait "财政审核"

tmux_wait "待您办理的拨付单：1 张" >/dev/null
ok_match "the submitted roll is listed" "P202609-[0-9]+ .*已报送财政" "$(tmux_screen)"
tmux_keys Enter
ok_if "finance opens it" tmux_wait "F8 审核通过"
ok_if "with its lines" tmux_wait "2 乙二 .* 450.00"
ok_match "and may return it" "F6 退回" "$(tmux_screen)"
tmux_keys F6
tmux_wait "原因" >/dev/null
tmux_keys Enter
sleep 1
ok_match "a return needs a reason: the question stays" "退回拨付单至部门——原因：" "$(tmux_screen)"
ok_eq "nothing sent without one" "submitted|" "$(roll_state)"
tmux_keys -l "甲一补发月份待核实"; tmux_keys Enter
ok_if "returned" tmux_wait "已连同原因退回部门。"
ok_eq "the server has it returned with the reason" "returned|甲一补发月份待核实" "$(roll_state)"
tmux_keys Escape
ok_if "nothing waits for finance now" tmux_wait "没有待您办理的拨付单。"
tmux_stop

# The department corrects it: it sees the reason, holds 甲一's line with a
# reason, and submits again.
login demo_approver
tmux_wait "案件" >/dev/null
goto 资金拨付单
ok_if "the department sees the returned roll" tmux_wait "财政退回"
ok_match "with finance's reason" "财政退回：甲一补发月份待核实" "$(tmux_screen)"
tmux_keys Enter
tmux_wait "状态：财政退回" >/dev/null
tmux_keys F4
tmux_wait "暂缓第 1 行（甲一）——原因：" >/dev/null
tmux_keys -l "补发月份待核实"; tmux_keys Enter
ok_if "the line is held" tmux_wait "该行已暂缓"
# The roll is read again after the hold: its totals follow the message.
ok_if "the totals follow: one to pay, one held" tmux_wait "共 2 人，发放 1，暂缓 1"
ok_if "and the amount" tmux_wait "合计 450.00 元"
tmux_keys F8
tmux_wait "报送拨付单" >/dev/null
tmux_keys y
ok_if "resubmitted" tmux_wait "已报送财政。"
ok_eq "the server has it submitted again" "submitted|甲一补发月份待核实" "$(roll_state)"
tmux_keys F3
ok_if "its history names the return and its reason" tmux_wait "退回.*甲一补发月份待核实"
tmux_stop

# Finance approves it.
login demo_finance
tmux_wait "待您办理的拨付单：1 张" >/dev/null
tmux_keys Enter
tmux_wait "F8 审核通过" >/dev/null
tmux_keys F8
ok_if "approving asks with the figures" tmux_wait "审核通过拨付单 P202609-[0-9]+：发放 1 人，450.00 元？"
tmux_keys y
ok_if "approved" tmux_wait "已审核通过，可以生成银行代发文件。"
ok_eq "the server has it approved" "approved" "$(roll_state | cut -d'|' -f1)"
tmux_stop

# The bank: 乙二's payment fails; the case screen and the status lookup
# show it, with the reason, the account masked and the SMS.
roll=$(su_sql "SELECT roll_no FROM onedoor.payment_rolls WHERE month = '2026-09-01'")
pay_admin demo_finance payments export "$roll" "$ONEDOOR_TEST_DIR/$DB-bank.csv" >/dev/null
{
	echo "roll_no,line_no,account_no,amount,status,reason"
	grep -v '^roll_no' "$ONEDOOR_TEST_DIR/$DB-bank.csv" | tr -d '\r' |
		awk -F, '{ print $1 "," $2 "," $3 "," $5 ",failed,账户已冻结" }'
} > "$ONEDOOR_TEST_DIR/$DB-results.csv"
ok_if "the bank's answer is recorded" pay_admin demo_finance payments results "$ONEDOOR_TEST_DIR/$DB-results.csv"
login demo_clerk1
tmux_wait "申请列表" >/dev/null
tmux_keys F4
tmux_wait "证件号码|身份证" >/dev/null
tmux_keys -l 511703196202020129; tmux_keys Enter
tmux_wait "乙二" >/dev/null
ok_match "the status lookup offers the payments" "F6 发放记录" "$(tmux_screen)"
tmux_keys F6
ok_if "the case's payments open" tmux_wait "发放记录"
tmux_wait "2026-09 +2026-09" >/dev/null
tmux_wait "发放失败  138" >/dev/null
screen=$(tmux_screen)
ok_match "the failed payment, its month and amount" "2026-09 +2026-09 +450.00 +发放失败" "$screen"
ok_match "the bank's reason, and that it is owed again" "未发放：账户已冻结——下月拨付单补发" "$screen"
ok_match "the account masked" "收款账户：6200\*+0005" "$screen"
ok_eq "never whole" "" "$(echo "$screen" | grep 6200000000000005)"
ok_match "the SMS about it" "支付失败|发放失败|payment failed|已发放失败|138\*\*\*\*0002" "$screen"
tmux_stop

# The county centre finds them from the case seen whole too (F9, then F7).
login demo_supervisor
tmux_wait "案件" >/dev/null
goto 进度查询
tmux_wait "身份证" >/dev/null
tmux_keys -l 511703196202020129; tmux_keys Enter
tmux_wait "乙二" >/dev/null
tmux_keys F9
tmux_wait "F9 " >/dev/null
tmux_keys F9
ok_if "the case seen whole offers the payments" tmux_wait "F7 发放记录"
tmux_keys F7
ok_if "and opens them" tmux_wait "未发放：账户已冻结"
tmux_stop

# In English: the same screens, every word from the catalogue.
login demo_supervisor "$EN_INI"
tmux_wait "Cases" >/dev/null
goto "Payment rolls"
ok_if "English: the rolls of the month" tmux_wait "Month: 2026-09   Rolls: 1"
ok_match "English: the columns, whole at 80" "Roll +Department +Centre +State +People Held +Total \(yuan\)" "$(tmux_screen)"
ok_match "English: the state in words" "sent to the bank|closed" "$(tmux_screen)"
tmux_keys Enter
ok_if "English: the roll" tmux_wait "This month .* back pay .* total .* yuan"
tmux_wait "2 乙二" >/dev/null
screen=$(tmux_screen)
ok_match "English: the held line and why" "1 甲一 .* held" "$screen"
ok_match "English: the line columns, whole at 80" "No\. Recipient Item +This month +Back pay +Total +Account +State" "$screen"
ok_eq "English: no Chinese word of the program's on the roll screen" "" \
	"$(echo "$screen" | grep -E '状态|合计|报送|暂缓|拨付单')"
tmux_keys F3
ok_if "English: its history" tmux_wait "What happened to the roll"
ok_match "English: the actions in words" "returned .* reason: 甲一补发月份待核实" "$(tmux_screen)"
tmux_stop
done_testing
