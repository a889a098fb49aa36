# register_household.sh - the demo clerk logs in, registers a household whose
# members have Chinese names, and finds it in the worklist; the form
# survives a resize; wrong input is named on the status line and kept.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
trap tmux_stop EXIT
DB=ui_register
ini=$(new_database $DB)
export XDG_STATE_HOME="$ONEDOOR_TEST_DIR/state-$DB"

tmux_start 80 24 env XDG_STATE_HOME="$XDG_STATE_HOME" "$ONEDOOR_BIN/onedoor" --config "$ini"
ok_if "login screen shown in Chinese" tmux_wait "登录名"
tmux_keys -l "demo_clerk1"
tmux_keys Enter
tmux_keys -l "wrong-password"
tmux_keys Enter
ok_if "a wrong password is refused on the status line" tmux_wait "无法登录"
# The server's message is longer than a line: it is shown whole in a box
# that Enter closes.
ok_if "the whole message is shown, not cut" tmux_wait "认证失败|authentication failed"
tmux_keys Enter
tmux_keys -l "onedoor"
tmux_keys Enter
ok_if "worklist after login" tmux_wait "申请列表"
screen=$(tmux_screen)
ok_match "title bar names screen, centre, person, role and connection" \
	"申请列表 \| 三里坪街道便民服务中心 \| 张敏 窗口受理员 .*[0-9]{4}-[0-9]{2}-[0-9]{2} \[已连接\]" "$screen"
ok_match "demo applications listed" "ADEMO-005 +孙伟" "$screen"

tmux_keys F2
ok_if "household form opens with F2, on the applicant's resident ID" tmux_wait "家庭申请登记"
ok_match "labels from forms/household.ini" "\*身份证号" "$(tmux_screen)"
tmux_keys -l "511703198502140024"
tmux_keys Tab
ok_if "a wrong check character is reported when leaving the field" tmux_wait "校验位不符"
tmux_keys BTab
ok_match "the typed value is kept" "\*身份证号 +511703198502140024" "$(tmux_screen)"
tmux_keys C-u
# Full-width digits, as a Chinese input method types them.
tmux_keys -l "５１１７０３１９８５０２１４００２５"
tmux_keys Tab
ok_if "full-width ID accepted; birth date, age and sex derived" \
	tmux_wait "成员 1 .*本人 +出生 1985-02-14 [0-9]+岁 女"
tmux_keys -l "欧阳娜娜"
tmux_keys Tab
tmux_keys C-a
tmux_keys -l "511703201403010035"
tmux_keys Tab
tmux_keys -l "欧阳小明"
tmux_keys Tab Right
ok_if "second member, relation changed from spouse to child" tmux_wait "与申请人关系 +< 子女 >"
ok_match "second member's heading" "成员 2  欧阳小明  子女" "$(tmux_screen)"
# A child of twelve: no wage is asked (nothing about work under 16); the
# next field is the property income.
ok_if "a child is not asked for a wage" sh -c '! tmux -L "$1" capture-pane -p | grep -q "工资性收入"' sh "$_od_tmux"
tmux_keys Tab
tmux_keys -l "abc"
tmux_keys Tab
ok_if "a non-number in a money field is named" tmux_wait "财产净收入（元）：请输入金额"

tmux_resize 60 20
ok_if "too-small terminal says so" tmux_wait "终端窗口太小"
tmux_resize 80 24
ok_if "form intact after resize" tmux_wait "欧阳小明"
# A resize storm: forty sizes in quick succession, some below the minimum.
i=0
while [ $i -lt 40 ]; do
	tmux_resize $((60 + (i * 7) % 60)) $((18 + (i * 5) % 20))
	i=$((i + 1))
done
tmux_resize 80 24
ok_if "form intact after a resize storm" tmux_wait "成员 2  欧阳小明  子女"
# Where the list is scrolled after the storm depends on the sizes it went
# through; the content does not.  Go to the applicant and look.
tmux_keys PPage
ok_if "the applicant's entries too" tmux_wait "\*姓名 +欧阳娜娜"

tmux_keys F8
ok_if "save refused while a field is wrong, and says which" tmux_wait "未保存：第 2 位成员：近12个月财产净收入"
tmux_keys C-u
tmux_keys -l "0"
tmux_keys F8
ok_if "saved with an application number" tmux_wait "已登记：申请编号 A[0-9]{12}"
first=$(tmux_screen | sed -n '4p')
ok_match "the new household heads the worklist" "欧阳娜娜 +511703\*{8}0025 2" "$first"
ok_eq "stored once in the database" "1" \
	"$(psql -X -At -d $DB -c "SELECT count(*) FROM onedoor.persons WHERE name = '欧阳娜娜'")"
ok_eq "the draft is gone once committed" "0" "$(ls "$XDG_STATE_HOME/onedoor/drafts" | wc -l)"

# What the household already receives is the server's: on a new household
# it says none, and it takes no typing (Up from the first field wraps to it).
tmux_keys F2
tmux_wait "家庭申请登记" >/dev/null
tmux_keys Up
ok_if "items already received: filled in by the server, none for a new household" \
	tmux_wait "已享受的救助项目 +无"
tmux_keys -l "dibao_rural"
ok_if "typing there is not taken, and says why" tmux_wait "由系统按本户正在享受的救助填写"
ok_if "nothing typed stands in it" tmux_wait "已享受的救助项目 +无 *$"
tmux_keys Escape
tmux_wait "申请列表" >/dev/null

tmux_keys C-q
ok_if "quits cleanly with Ctrl-Q" tmux_wait "\[exited 0\]"
done_testing
