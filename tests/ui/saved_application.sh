# saved_application.sh - a household saved with F8 (已登记) is not a dead
# end: Enter on the application list opens it again with everything typed,
# F9 gives its menu and F8 accepts it, with no typing; the receipt follows.
# Esc on a changed form asks before leaving and keeps the draft; F10 asks.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
trap tmux_stop EXIT
DB=ui_saved
ini=$(new_database $DB)
state="$ONEDOOR_TEST_DIR/state-$DB"

tmux_start 80 24 env XDG_STATE_HOME="$state" "$ONEDOOR_BIN/onedoor" --config "$ini"
tmux_wait "登录名" >/dev/null
tmux_keys -l demo_clerk1; tmux_keys Enter
tmux_keys -l onedoor; tmux_keys Enter
ok_if "logged in" tmux_wait "申请列表"

# Register a one-member household and leave it at 已登记.
tmux_keys F2
tmux_wait "家庭申请登记" >/dev/null
tmux_keys -l 511703198502140025; tmux_keys Tab
tmux_keys -l "欧阳娜娜"; tmux_keys Tab
# Employed (the wage is asked only then), labour capacity, the wage; the
# other incomes blank, which the form says means none.
tmux_keys Right Tab Tab
tmux_keys -l 1200; tmux_keys Tab
# The household: deposits, dwellings, and the next field.
tmux_keys NPage Tab
tmux_keys -l 0; tmux_keys Tab
tmux_keys -l 1; tmux_keys Tab
tmux_keys -l 0; tmux_keys Tab
tmux_keys F8
ok_if "saved: the application is registered" tmux_wait "已登记：申请编号 A[0-9]{12}"
app=$(tmux_screen | grep -Eo "A[0-9]{12}" | head -n 1)
ok_match "it heads the list as registered" "^$app +欧阳娜娜 .* 已登记" "$(tmux_screen | sed -n 4p)"

# Back to it: Enter on the list.
tmux_keys Enter
ok_if "Enter opens the registered application again" tmux_wait "申请 $app（已登记）"
ok_match "with the name typed before" "\*姓名 +欧阳娜娜" "$(tmux_screen)"
ok_match "and the wage" "工资性收入（元） +1200\.00" "$(tmux_screen)"
tmux_keys F9
ok_if "its menu" tmux_wait "救助菜单 \|"
tmux_keys F8
ok_if "accepted with no typing: the receipt" tmux_wait "受理回执 \|"
ok_eq "the application is accepted" "accepted" \
	"$(psql -X -At -d $DB -c "SELECT status FROM onedoor.applications WHERE application_no = '$app'")"
tmux_keys Escape
ok_if "back on the list" tmux_wait "申请列表"
ok_match "now accepted there" "^$app +欧阳娜娜 .* 已受理" "$(tmux_screen | sed -n 4p)"

# Esc on a form with changes asks; n stays, y leaves and keeps the draft.
tmux_keys F2
tmux_wait "家庭申请登记" >/dev/null
tmux_keys -l 511703198305050039; tmux_keys Tab
tmux_keys -l "司马建国"
tmux_keys Escape
ok_if "Esc asks before leaving a changed form" tmux_wait "离开登记表？"
tmux_keys n
ok_if "n stays on the form, nothing lost" tmux_wait "\*姓名 +司马建国"
tmux_keys Escape
tmux_wait "离开登记表？" >/dev/null
tmux_keys y
ok_if "y leaves" tmux_wait "登记表草稿已保留"
ok_eq "and the draft is kept" "1" "$(ls "$state/onedoor/drafts" | wc -l)"
tmux_keys F7
ok_if "F7 resumes it" tmux_wait "\*姓名 +司马建国"
tmux_keys F10
ok_if "F10 on a changed form asks first" tmux_wait "有内容尚未保存.*退出吗"
tmux_keys n
ok_if "n: still on the form" tmux_wait "\*姓名 +司马建国"
tmux_keys Escape
tmux_wait "离开登记表？" >/dev/null
tmux_keys d
ok_if "d discards the form and its draft" tmux_wait "登记表及其草稿已放弃"
ok_eq "no draft left" "0" "$(ls "$state/onedoor/drafts" | wc -l)"
# Registering people who are registered already offers their household.
tmux_keys F2
tmux_wait "家庭申请登记" >/dev/null
tmux_keys -l 511703199001010198; tmux_keys Tab
tmux_keys -l "孙伟"; tmux_keys Tab
tmux_keys F8
ok_if "a member registered already: the clerk is offered the household" \
	tmux_wait "改为打开户"
ok_match "named" "HDEMO-005" "$(tmux_screen)"
tmux_keys y
ok_if "y opens that household's registered application, with its data" \
	tmux_wait "申请 ADEMO-005（已登记）"
ok_match "its second member is there" "孙小雨" "$(tmux_screen)"
ok_eq "and the form typed instead left no draft" "0" "$(ls "$state/onedoor/drafts" | wc -l)"
tmux_keys Escape
tmux_wait "申请列表" >/dev/null
tmux_keys F10
ok_if "F10 on the list quits at once" tmux_wait "\[exited 0\]"
done_testing
