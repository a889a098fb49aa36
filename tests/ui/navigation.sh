# navigation.sh - every role reaches its screens from the keyboard: F12 or
# Alt-G lists the other screens this role may open (no F-key needed), and a
# clerk is not offered the supervisor's view.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
trap tmux_stop EXIT
DB=ui_navigation
ini=$(new_database $DB)
login() {
	tmux_start 80 24 "$ONEDOOR_BIN/onedoor" --config "$ini"
	tmux_wait "登录名" >/dev/null
	tmux_keys -l "$1"; tmux_keys Enter
	tmux_keys -l onedoor; tmux_keys Enter
}

login demo_supervisor
ok_if "supervisor starts on the cases" tmux_wait "案件 \|"
tmux_keys F12
ok_if "F12 lists the other screens" tmux_wait "前往"
screen=$(tmux_screen)
ok_match "status lookup offered" "1  进度查询" "$screen"
ok_match "supervisor view offered to a supervisor" "3  督办视图" "$screen"
tmux_keys 3
ok_if "the supervisor view opens" tmux_wait "督办视图 \|"
tmux_keys Escape
ok_if "Esc comes back to the cases" tmux_wait "案件 \|"
tmux_keys M-g
ok_if "Alt-G does the same as F12" tmux_wait "前往"
tmux_keys 2
ok_if "the policy list opens" tmux_wait "政策清单 \|"
tmux_stop

login demo_clerk1
tmux_wait "申请列表" >/dev/null
tmux_keys F12
ok_if "the clerk's list" tmux_wait "前往"
screen=$(tmux_screen)
ok_match "cases offered to the clerk" "1  案件" "$screen"
if printf '%s\n' "$screen" | grep -q "督办视图"; then
	echo "not ok - the supervisor view is not offered to a clerk"; _od_failed=1
else
	echo "ok - the supervisor view is not offered to a clerk"
fi
tmux_keys Escape
done_testing
