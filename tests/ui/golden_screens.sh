# golden_screens.sh - whole screens at 80x24 in Chinese, compared character
# for character with tests/ui/golden/*.txt: the household form, the benefit
# menu, the case list and a case, with the date pinned (the server's
# onedoor.today(), which the client also takes for its own) and the data
# pinned (the demo applications and the workflow test items).  Only the
# times of the case history, which are the server's clock, are masked.
#
# ONEDOOR_GOLDEN_UPDATE=1 writes the files instead (then read the diff).
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
. "$ONEDOOR_TOP/tests/lib/golden.sh"
. "$ONEDOOR_TOP/tests/lib/form.sh"
trap tmux_stop EXIT
wf_database ui_golden
state="$ONEDOOR_TEST_DIR/state-$DB"

set_today 2026-03-02
accept_app demo_clerk1 ADEMO-001 '["wf_dibao"]' >/dev/null
accept_app demo_clerk1 ADEMO-002 '["wf_linshi"]' >/dev/null
set_today 2026-03-04

# Only the times of the case history, the server's clock, are masked.
compare() { # NAME
	golden_compare "$1" 's/^20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} /YYYY-MM-DD hh:mm /'
}
login() { # ROLE
	tmux_start 80 24 env XDG_STATE_HOME="$state" "$ONEDOOR_BIN/onedoor" --config "$WF_INI"
	tmux_wait "登录名" >/dev/null
	tmux_keys -l "$1"; tmux_keys Enter
	tmux_keys -l onedoor; tmux_keys Enter
}

login demo_clerk1
tmux_wait "申请列表" >/dev/null
tmux_keys F2
tmux_wait "家庭申请登记 \|" >/dev/null
form_adult 511703198502140025 "欧阳娜娜" 3600 applicant
tmux_keys Tab
tmux_keys C-a
form_child 511703201403010035 "欧阳小明"
tmux_keys Right Tab
tmux_keys PPage
tmux_wait "成员 2  欧阳小明" >/dev/null
tmux_wait "出生 1985-02-14 41岁" >/dev/null
compare household_form
tmux_keys F9
tmux_wait "救助菜单 \|" >/dev/null
tmux_wait "救助套餐" >/dev/null
compare menu
tmux_stop

login demo_supervisor
tmux_wait "ADEMO-001-01" >/dev/null
tmux_keys F8
tmux_wait "显示 2 件" >/dev/null
compare case_list
tmux_keys Enter
tmux_wait "办理经过" >/dev/null
tmux_wait "F11" >/dev/null
compare case
done_testing
