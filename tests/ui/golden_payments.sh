# golden_payments.sh - the payment roll screen at 80x24 in Chinese, compared
# character for character with tests/ui/golden/payment_roll.txt: the county
# centre's roll of September with this month's amounts, back pay, a line
# held for want of an account, the totals and the accounts masked.  Date
# and data pinned (the server's onedoor.today(), the demo applications, the
# workflow test items, a fresh roll number).
#
# ONEDOOR_GOLDEN_UPDATE=1 writes the file instead (then read the diff).
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
. "$ONEDOOR_TOP/tests/lib/payments.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
trap tmux_stop EXIT
wf_database ui_golden_payments
state="$ONEDOOR_TEST_DIR/state-$DB"
golden="$ONEDOOR_TOP/tests/ui/golden/payment_roll.txt"

set_today 2026-08-03
c1=$(pay_filed demo_clerk1 ADEMO-001 wf_dibao)
c2=$(pay_filed demo_clerk1 ADEMO-002 wf_dibao)
ok_if "two demo cases filed" test -n "$c1" -a -n "$c2"
household() { su_sql "SELECT h.household_no FROM onedoor.households h
	JOIN onedoor.applications a ON a.household_id = h.id WHERE a.application_no = '$1'"; }
ok_if "the first household's account is recorded" \
	pay_admin demo_clerk1 payments account "$(household ADEMO-001)" 6222021234567890128 --bank 建设银行
pay_decide "$c1" 60900 2026-07-01
pay_decide "$c2" 45000 2026-09-01
set_today 2026-09-10
ok_match "September's roll is made" "P202609-00001" "$(pay_admin demo_supervisor payments roll 2026-09)"

tmux_start 80 24 env XDG_STATE_HOME="$state" "$ONEDOOR_BIN/onedoor" --config "$WF_INI"
tmux_wait "登录名" >/dev/null
tmux_keys -l demo_supervisor; tmux_keys Enter
tmux_keys -l onedoor; tmux_keys Enter
tmux_wait "案件" >/dev/null
tmux_keys F12
tmux_wait "资金拨付单" >/dev/null
tmux_keys "$(tmux_screen | sed -n 's/.*\([1-9a-z]\)  资金拨付单.*/\1/p' | head -n 1)"
tmux_wait "P202609-00001" >/dev/null
tmux_keys Enter
tmux_wait "F8 报送财政" >/dev/null
tmux_wait "2 .*暂缓" >/dev/null
shot=$(tmux_screen)
if [ "${ONEDOOR_GOLDEN_UPDATE:-}" = 1 ]; then
	printf '%s\n' "$shot" > "$golden"
	echo "ok - payment_roll: written"
else
	ok_eq "the roll screen as recorded" "$(cat "$golden")" "$shot"
fi
done_testing
