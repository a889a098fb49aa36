# register_household.sh - the demo clerk logs in, registers a household whose
# applicant has a Chinese name, and finds it in the worklist; the form
# survives a resize; wrong input is named on the status line and kept.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
trap tmux_stop EXIT
DB=ui_register
ini=$(new_database $DB)

tmux_start 80 24 "$ONEDOOR_BIN/onedoor" --config "$ini"
ok_if "login screen shown in Chinese" tmux_wait "登录名"
tmux_keys -l "demo_clerk1"
tmux_keys Enter
tmux_keys -l "wrong-password"
tmux_keys Enter
ok_if "a wrong password is refused on the status line" tmux_wait "无法登录"
tmux_keys -l "onedoor"
tmux_keys Enter
ok_if "worklist after login" tmux_wait "申请列表"
screen=$(tmux_screen)
ok_match "title bar names centre, person, role and connection" \
	"申请列表 \| 三里坪街道便民服务中心 \| 张敏 窗口受理员 .*[0-9]{4}-[0-9]{2}-[0-9]{2} \[已连接\]" "$screen"
ok_match "demo applications listed" "ADEMO-005 +孙伟" "$screen"

tmux_keys F2
ok_if "household form opens with F2" tmux_wait "家庭登记"
tmux_keys -l "511703198502140024"
tmux_keys Tab
ok_if "a wrong check character is reported when leaving the field" tmux_wait "校验位不符"
ok_match "the typed value is kept" "1  511703198502140024" "$(tmux_screen)"
tmux_keys BTab C-u
# Full-width digits, as a Chinese input method types them.
tmux_keys -l "５１１７０３１９８５０２１４００２５"
tmux_keys Tab
ok_if "full-width ID accepted; birth date and sex derived" tmux_wait "1985-02-14 +女"
tmux_keys -l "欧阳娜娜"
tmux_keys C-a
tmux_keys -l "511703201403010035"
tmux_keys Tab
tmux_keys -l "欧阳小明"
tmux_keys Tab Right
ok_if "second member, relation changed to child" tmux_wait "2 +511703201403010035 +欧阳小明 +< 子女 >"

tmux_resize 60 20
ok_if "too-small terminal says so" tmux_wait "终端窗口太小"
tmux_resize 80 24
ok_if "form intact after resize" tmux_wait "欧阳小明"
ok_match "first member intact after resize" "511703198502140025 +欧阳娜娜" "$(tmux_screen)"

tmux_keys F8
ok_if "saved with an application number" tmux_wait "已登记：申请编号 A[0-9]{12}"
screen=$(tmux_screen)
first=$(printf '%s\n' "$screen" | sed -n '4p')
ok_match "the new household heads the worklist" "欧阳娜娜 +511703\*{8}0025 2" "$first"
ok_eq "stored once in the database" "1" \
	"$(psql -X -At -d $DB -c "SELECT count(*) FROM onedoor.persons WHERE name = '欧阳娜娜'")"

tmux_keys C-q
ok_if "quits cleanly with Ctrl-Q" tmux_wait "\[exited 0\]"
done_testing
