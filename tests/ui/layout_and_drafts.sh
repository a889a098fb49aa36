# layout_and_drafts.sh - columns measured in display width at 80x24 (a long
# Chinese name is cut on a character boundary with "..", a short one padded,
# both followed by the ID in the same column); a form survives kill -9 and a
# closed terminal, and is offered for resuming at the next start.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
trap tmux_stop EXIT
DB=ui_layout
ini=$(new_database $DB)
state="$ONEDOOR_TEST_DIR/state-$DB"
as_role demo_clerk1 "SELECT application_no FROM onedoor.register_household(gen_random_uuid(), '{\"hukou\":\"urban\",\"members\":[{\"resident_id\":\"511703198502140025\",\"name\":\"欧阳诸葛司马上官慕容长孙\",\"relation\":\"self\"}]}')" >/dev/null

start() {
	tmux_start 80 24 env XDG_STATE_HOME="$state" "$ONEDOOR_BIN/onedoor" --config "$ini"
	tmux_wait "登录名" >/dev/null
	tmux_keys -l demo_clerk1; tmux_keys Enter
	tmux_keys -l onedoor; tmux_keys Enter
	tmux_wait "申请列表" >/dev/null
}
client="^$ONEDOOR_BIN/onedoor --config $ini\$"

start
screen=$(tmux_screen)
# Application (14) + 1, name (10, plus half the spare width: 12 at 80
# columns) + 1, then the ID: display columns, not bytes or characters.
ok_match "a long name is cut to its column with .." "^A[0-9]{12}  欧阳诸葛司\.\. 511703\*{8}0025 1 " "$screen"
ok_match "a short name is padded to the same column" "^ADEMO-005      孙伟         511703\*{8}0198 2 " "$screen"

tmux_keys F2
tmux_wait "家庭申请登记" >/dev/null
tmux_keys -l 511703198305050039; tmux_keys Tab
tmux_keys -l "司马建国"
sleep 1.5 # the draft is written within a second of the last key
pkill -KILL -f "$client"
ok_if "client killed" tmux_wait "\[exited 137\]"
tmux_stop
start
ok_if "the next start offers the unsubmitted form" tmux_wait "尚未提交.*F7"
tmux_keys F7
ok_if "resumed with everything typed" tmux_wait "\*姓名 +司马建国"
ok_match "resident ID kept" "\*身份证号 +511703198305050039" "$(tmux_screen)"

# A closed terminal (SIGHUP) right after typing: saved on the way out.
# From the resident ID: the name, employed (a wage is asked only then),
# labour capacity, the wage.
tmux_keys Tab Tab Right Tab Tab
tmux_keys -l 1234.5
pkill -HUP -f "$client"
ok_if "client ended by the closed terminal" tmux_wait "\[exited 0\]"
tmux_stop
start
tmux_keys F7
ok_if "what was typed last survived the hangup" tmux_wait "工资性收入（元） +1234\.5"
tmux_keys F8
ok_if "the resumed form registers" tmux_wait "已登记：申请编号"
ok_eq "no draft left once committed" "0" "$(ls "$state/onedoor/drafts" | wc -l)"
done_testing
