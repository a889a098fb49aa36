# policy_list.sh - the policy list under tmux at 80x24, searched in
# Chinese as one types: by name, by code, by department, two words at
# once (full-width space between them), nothing found; the selected item's
# legal basis, target group, materials, process, standard and time limit;
# F8 prints it for the applicant (file checked).
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
trap tmux_stop EXIT
DB=ui_policy
ini=$(new_database $DB)
receipts="$ONEDOOR_TEST_DIR/receipts-$DB"
state="$ONEDOOR_TEST_DIR/state-$DB"
items=$(psql -X -At -d $DB -c "SELECT count(*) FROM onedoor.catalogue_items WHERE active")

tmux_start 80 24 env XDG_STATE_HOME="$state" "$ONEDOOR_BIN/onedoor" --config "$ini"
tmux_wait "登录名" >/dev/null
tmux_keys -l demo_clerk1; tmux_keys Enter
tmux_keys -l onedoor; tmux_keys Enter
tmux_wait "申请列表" >/dev/null

tmux_keys F6
ok_if "F6 opens the policy list with every item" tmux_wait "政策清单 \|"
ok_match "every item is listed" "$items / $items 项" "$(tmux_screen)"

tmux_keys -l "残疾"
disab=$(psql -X -At -d $DB -c "SELECT count(*) FROM onedoor.catalogue_items i JOIN onedoor.departments d ON d.code = i.department WHERE i.active AND (i.name_zh LIKE '%残疾%' OR d.name_zh LIKE '%残疾%')")
ok_if "searching 残疾 narrows the list to the disability items" tmux_wait "^搜索： 残疾 +$disab / $items 项"
screen=$(tmux_screen)
ok_match "the care subsidy is listed with its department" "重度残疾人护理补贴 +残疾人联合会" "$screen"
ok_match "the living subsidy is listed" "困难残疾人生活补贴" "$screen"
ok_if "no other item is listed" test -z "$(echo "$screen" | grep -E '最低生活保障|教育救助')"

tmux_keys C-u
tmux_keys -l "dibao_rural"
ok_if "search by code" tmux_wait "^搜索： dibao_rural +1 / $items 项"
screen=$(tmux_screen)
ok_match "the detail names the item, code and department" \
	"农村最低生活保障  民政局" "$screen"
ok_match "legal basis" "^政策依据：《社会救助暂行办法》" "$screen"
ok_match "who it is for" "^救助对象：农村户籍" "$screen"
ok_match "materials, numbered" "^  1\. 身份证或户口簿" "$screen"
ok_match "process" "^办理流程：窗口受理" "$screen"
ok_match "standard" "^救助标准：" "$screen"
ok_match "time limit in working days" "^办理时限：共[0-9]+个工作日（受理" "$screen"

tmux_keys C-u
tmux_keys -l "教育局"
ok_if "search by department name" tmux_wait "^教育救助 +教育局"

tmux_keys C-u
tmux_keys -l "民政　城市"
ok_if "two words (full-width space): both must match" tmux_wait "^搜索： 民政　城市 +1 / $items 项"
ok_match "only the urban allowance" "^城市最低生活保障 +民政局" "$(tmux_screen)"

tmux_keys F8
ok_if "F8 prints the item" tmux_wait "已写入 .*policy-dibao_urban\.txt"
content=$(cat "$receipts/policy-dibao_urban.txt" 2>/dev/null)
ok_match "printed: title" "社会救助政策告知单" "$content"
ok_match "printed: the centre" "三里坪街道便民服务中心" "$content"
ok_match "printed: item and department (no internal code)" "城市最低生活保障  民政局" "$content"
ok_match "printed: materials" "申请材料：" "$content"
ok_match "printed: time limit" "办理时限：共" "$content"

tmux_keys C-u
tmux_keys -l "低保"
ok_if "an abbreviation finds the items it stands for (低保: 最低生活保障)" \
	tmux_wait "^搜索： 低保 +2 / $items 项"
ok_match "both allowances" "农村最低生活保障.*
城市最低生活保障" "$(tmux_screen)"
tmux_keys C-u
tmux_keys -l "临救"
ok_if "临救 stands for both kinds of 临时救助" tmux_wait "^搜索： 临救 +2 / $items 项"

tmux_keys C-u
tmux_keys -l "火星补贴"
ok_if "nothing found is said" tmux_wait "没有匹配的事项"

tmux_keys C-u
tmux_keys -l "最低生活保障"
tmux_wait "2 / $items 项" >/dev/null
tmux_keys Down
ok_if "Down selects the next match and shows its detail" \
	tmux_wait "^城市最低生活保障  民政局"

tmux_keys F1
ok_if "F1 lists the keys" tmux_wait "F8 +Ctrl-P +打印"
tmux_keys Escape; sleep 0.5; tmux_keys Escape
ok_if "Esc goes back" tmux_wait "申请列表"
done_testing
