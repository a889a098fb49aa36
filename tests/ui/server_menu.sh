# server_menu.sh - the server decides eligibility, whatever the window thinks:
# a standard lowered on the server after the clerk logged in (the window
# still has the old catalogue) makes the household ineligible for rural
# 低保.  Accepting the package the window offered is refused with the item
# and the failing condition; opened again, the menu says it differs from
# the server's and shows the server's verdict.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
. "$ONEDOOR_TOP/tests/lib/form.sh"
trap tmux_stop EXIT
DB=ui_server_menu
ini=$(new_database $DB)
state="$ONEDOOR_TEST_DIR/state-$DB"

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
tmux_wait "成员 3  欧阳小明  子女" >/dev/null
tmux_keys NPage
tabs 1
type_text 0; tabs 1
type_text 1; tabs 1
type_text 0; tabs 1
tmux_keys F9
ok_if "the window offers rural 低保, ticked" tmux_wait "\[x\] 农村最低生活保障"

# The county lowers its rural standard from today, on the server only.
psql -X -q -d $DB -c "INSERT INTO onedoor.parameters (code, region, valid_from, value, reference)
	VALUES ('dibao_rural', '511703', current_date, 100, 'test: a lowered standard')"
tmux_keys F8
# The refusal is said on screen: the first item of the package the server
# finds not eligible, by its name (never its code), with the failing
# condition (rural 低保 itself, or an item that goes with it).
ok_if "accepting is refused, naming the failing condition" tmux_wait "未受理：.*(条件|166\.67)"
ok_if "the item is named, not coded" sh -c '! tmux -L "$1" capture-pane -p | grep -Eq "[a-z]+_[a-z_]+"' sh "$_od_tmux"
# The form was never saved: its registration went with the refused
# acceptance (one statement), and the form stays as typed.
ok_eq "nothing was registered or accepted" "" \
	"$(psql -X -At -d $DB -c "SELECT a.status FROM onedoor.applications a JOIN onedoor.household_members m ON m.household_id = a.household_id AND m.position = 1 JOIN onedoor.persons p ON p.id = m.person_id WHERE p.name = '欧阳娜娜'")"
ok_eq "no case opened" 0 "$(psql -X -At -d $DB -c "SELECT count(*) FROM onedoor.cases")"

# A long message comes in a box: closed first.
if tmux_screen | grep -q "回车或 Esc：关闭"; then tmux_keys Escape; fi
tmux_wait "家庭申请登记" >/dev/null
tmux_keys F9
ok_if "the menu says it differs from the server's" tmux_wait "服务器判定不同，以服务器为准"
ok_match "and shows the server's verdict: not eligible" "以服务器为准：.*: 不符合" "$(tmux_screen)"
ok_if "rural 低保 is no longer ticked" sh -c '! printf "%s" "$1" | grep -q "\[x\] 农村最低生活保障"' sh \
	"$(tmux_screen)"
tmux_keys Escape
tmux_keys F10
done_testing
