# clerk_journey.sh - the window clerk's whole job for one household: a
# three-member household with Chinese names, the menu with its reasons, the
# package, 同意受理, and the receipt (file checked for its content).
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
. "$ONEDOOR_TOP/tests/lib/form.sh"
trap tmux_stop EXIT
DB=ui_journey
ini=$(new_database $DB)
state="$ONEDOOR_TEST_DIR/state-$DB"
receipts="$ONEDOOR_TEST_DIR/receipts-$DB"

type_text() { tmux_keys -l "$1"; }
tabs() { i=0; while [ $i -lt "$1" ]; do tmux_keys Tab; i=$((i + 1)); done; }
tmux_start 80 24 env XDG_STATE_HOME="$state" "$ONEDOOR_BIN/onedoor" --config "$ini"
tmux_wait "登录名" >/dev/null
type_text demo_clerk1; tmux_keys Enter
type_text onedoor; tmux_keys Enter
ok_if "logged in" tmux_wait "申请列表"

tmux_keys F2
tmux_wait "家庭申请登记" >/dev/null
form_adult 511703198502140025 "欧阳娜娜" 3600 applicant
tmux_keys C-a
form_adult 511703198305050039 "司马建国" 2400
tmux_keys C-a
form_child 511703201403010035 "欧阳小明"
ok_if "three members entered" tmux_wait "成员 3  欧阳小明  子女"
tmux_keys NPage
tabs 1
type_text 0; tabs 1
type_text 1; tabs 1
type_text 0; tabs 1

tmux_keys F9
ok_if "the menu opens with F9" tmux_wait "救助菜单 \|"
screen=$(tmux_screen)
ok_match "rural minimum living allowance eligible, ticked, with its amount" \
	"\[x\] 农村最低生活保障 +民政局 +[0-9]+\.[0-9]{2}元/月" "$screen"
ok_match "grouped under its kind" "基本生活救助" "$screen"
ok_match "the reason names the household's value and the standard with its reference" \
	"166\.67 < 农村低保标准 590\.00" "$screen"
ok_match "the package total is shown" "救助套餐：[0-9]+ 项，每月 [0-9]+\.[0-9]{2} 元" "$screen"
ok_if "urban allowance is not offered to a rural household" \
	sh -c '! printf "%s" "$1" | grep -q "\[x\] 城市最低生活保障"' sh "$screen"
ok_match "items of other departments are offered with it" "\[x\] 城乡居民医保参保资助 +医疗保障局" "$screen"
ok_match "the selected item's materials are listed" "所需材料：身份证或户口簿" "$screen"

tmux_keys F8
ok_if "accepted, receipt shown" tmux_wait "受理回执 \|"
screen=$(tmux_screen)
ok_match "receipt names the case" "案件编号：A[0-9]{12}-01" "$screen"
ok_match "receipt gives the expected completion date" "预计办结日期：20[0-9]{2}-[0-9]{2}-[0-9]{2}" "$screen"
file=$(ls "$receipts"/*.txt 2>/dev/null | head -n 1)
ok_if "receipt written to the receipt folder" test -s "$file"
content=$(cat "$file" 2>/dev/null)
ok_match "receipt file: title" "社会救助申请受理回执" "$content"
ok_match "receipt file: applicant with masked ID" "申请人：欧阳娜娜 +身份证号：511703\*{8}0025" "$content"
ok_match "receipt file: item and department" "[0-9]\. 农村最低生活保障（民政局）|[0-9]\. 农村最低生活保障 \(民政局\)" "$content"
ok_match "receipt file: materials" "需提交材料：" "$content"
ok_match "receipt file: how to ask for the status" "查询办理进度" "$content"

tmux_keys Escape
ok_if "back on the worklist" tmux_wait "申请列表"
ok_eq "application accepted in the database" "accepted" \
	"$(psql -X -At -d $DB -c "SELECT a.status FROM onedoor.applications a JOIN onedoor.households h ON h.id = a.household_id JOIN onedoor.household_members m ON m.household_id = h.id AND m.position = 1 JOIN onedoor.persons p ON p.id = m.person_id WHERE p.name = '欧阳娜娜'")"
tmux_keys F3
ok_if "the clerk's cases list has the new case" tmux_wait "A[0-9]{12}-01 +欧阳娜娜"
original=$(ls "$receipts"/A*.txt | head -n 1)
sum_before=$(md5sum < "$original")
tmux_keys Enter
tmux_wait "办理经过" >/dev/null
# Not F9, which opens the case on the list: a double press never prints.
tmux_keys F9
sleep 0.5
ok_eq "F9 on the case screen prints nothing" "1" "$(ls "$receipts" | wc -l)"
# It opens the case seen whole; back to the case.
tmux_wait "案件全貌 \|" >/dev/null
tmux_keys Escape
tmux_wait "办理经过" >/dev/null
tmux_keys F11
ok_if "the receipt is reprinted from the case screen" tmux_wait "受理回执 \|"
ok_match "reprint names the clerk who accepted and the case" "受理人：张敏.*|案件编号：A[0-9]{12}-01" "$(tmux_screen)"
reprint=$(ls "$receipts"/*-reprint-*.txt 2>/dev/null | head -n 1)
ok_if "the reprint goes to a file of its own" test -s "$reprint"
ok_eq "the original receipt is byte-identical" "$sum_before" "$(md5sum < "$original")"
ok_eq "the reprint repeats the original word for word" "$(md5sum < "$original")" \
	"$(head -c "$(wc -c < "$original")" "$reprint" | md5sum)"
ok_match "and says it is a reprint, when and by whom" \
	"补打：以上回执于 20[0-9-]+ [0-9:]+ 由 张敏 补打" "$(cat "$reprint")"
tmux_keys Escape Escape Escape
ok_eq "one case opened for the package" "1" \
	"$(psql -X -At -d $DB -c "SELECT count(*) FROM onedoor.cases c JOIN onedoor.catalogue_items i ON i.code = c.item_code WHERE i.code = 'dibao_rural'")"
done_testing
