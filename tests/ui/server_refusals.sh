# server_refusals.sh - a refusal of the server reaches the window in the
# clerk's language: another window refuses an application while this clerk
# has it open; 同意受理 (F8) is then refused by the server ("application %
# is %", the status a code), and the status line says so in Chinese at
# 80x24 (in English with language = en), the status in words.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
trap tmux_stop EXIT
DB=ui_refusals
ini=$(new_database $DB)
en_ini="$ONEDOOR_TEST_DIR/$DB-en.ini"
sed 's/^language = zh_CN$/language = en/' "$ini" > "$en_ini"

register() { # RESIDENT_ID NAME: a registered application, authorised to verify
	app=$(as_role demo_clerk1 "SELECT application_no FROM onedoor.register_household(gen_random_uuid(), '{\"hukou\":\"rural\",\"facts\":{\"deposits\":\"0\",\"houses\":\"1\",\"vehicles\":\"0\"},\"members\":[{\"resident_id\":\"$1\",\"name\":\"$2\",\"relation\":\"self\",\"facts\":{\"status\":\"normal\",\"illness\":\"none\",\"disability\":\"none\",\"income_wage\":\"0\",\"income_business\":\"0\",\"income_property\":\"0\",\"income_transfer\":\"0\"}}]}')")
	as_role demo_clerk1 "SELECT onedoor.record_materials(gen_random_uuid(), '$app', ARRAY[onedoor.authorisation_material()])" >/dev/null
	echo "$app"
}
# The other window refuses it (不同意受理) while this one has it open.
refuse_elsewhere() { # APP
	as_role demo_clerk1 "SELECT status FROM onedoor.refuse_application(gen_random_uuid(), '$1', 1, '申请人到另一窗口办理')"
}
# Logs in, opens APP from the list and asks for its menu; the other window
# refuses it; F8 accepts: the server says no.
accept_after_refusal() { # APP OPENED-PATTERN MENU-PATTERN
	tmux_wait "登录名|Login" >/dev/null
	tmux_keys -l demo_clerk1; tmux_keys Enter
	tmux_keys -l onedoor; tmux_keys Enter
	tmux_wait "$1" >/dev/null
	tmux_keys Enter
	tmux_wait "$2" >/dev/null
	tmux_keys F9
	tmux_wait "$3" >/dev/null
	ok_eq "the other window refused $1" refused "$(refuse_elsewhere "$1")"
	tmux_keys F8
}

app=$(register 511703198502140025 "欧阳娜娜")
tmux_start 80 24 "$ONEDOOR_BIN/onedoor" --config "$ini"
accept_after_refusal "$app" "申请 $app（已登记）" "救助菜单 \|"
ok_if "the refusal is said in Chinese" \
	tmux_wait "未受理：申请 $app 的状态为“不予受理”"
screen=$(tmux_screen)
ok_if "no English sentence of the server's on the screen" \
	sh -c '! printf "%s\n" "$1" | grep -Eq "application|refused"' _ "$screen"
ok_eq "nothing was accepted" refused \
	"$(psql -X -At -d $DB -c "SELECT status FROM onedoor.applications WHERE application_no = '$app'")"
tmux_stop

app=$(register 511703198305050039 "司马建国")
tmux_start 80 24 "$ONEDOOR_BIN/onedoor" --config "$en_ini"
accept_after_refusal "$app" "$app" "Menu|menu"
ok_if "and in English with language = en" \
	tmux_wait "Not accepted: application $app is refused"
done_testing
