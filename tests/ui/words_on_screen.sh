# words_on_screen.sh - every screen, in Chinese and in English, as each role
# sees it: no internal code (stage, track, channel, status, role, field or
# item codes) and no word left untranslated may reach the screen.
#
# The screens are found where a person finds them: every role opens each
# screen its F12 list offers (so a screen added to that list is walked
# without changing this test) and its F1; then the deeper screens are
# walked by hand: the form, the menu, a case, a reason asked, the status
# lookup, every table of the supervisor view, the ended cases.
#
# Each screen is captured and checked:
#  - in both languages, no code of the server or the catalogue: a
#    snake_case word (income_wage, dibao_rural, verify_pass ...) other than
#    the demo logins, and no "Stage: verify"-style code after a label;
#  - in Chinese, no English word of three letters or more other than the
#    names of keys (F1, Ctrl, Esc, PgDn ...), the program's name and the
#    logins: an English word there is a msgid without its translation.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
trap tmux_stop EXIT
DB=ui_words
ini=$(new_database $DB)
state="$ONEDOOR_TEST_DIR/state-$DB"

# Cases to look at: one at verification (green channel), one ended.
# The facts are complete: the server accepts an item only on facts that
# make the household eligible for it.
open_case() { # RESIDENT_ID NAME ITEM
	app=$(as_role demo_clerk1 "SELECT application_no FROM onedoor.register_household(gen_random_uuid(), '{\"hukou\":\"rural\",\"facts\":{\"deposits\":\"0\",\"houses\":\"1\",\"vehicles\":\"0\"},\"members\":[{\"resident_id\":\"$1\",\"name\":\"$2\",\"relation\":\"self\",\"facts\":{\"status\":\"normal\",\"illness\":\"none\",\"disability\":\"none\",\"income_wage\":\"0\",\"income_business\":\"0\",\"income_property\":\"0\",\"income_transfer\":\"0\"}}]}')")
	as_role demo_clerk1 "SELECT case_no FROM onedoor.accept_application(gen_random_uuid(), '$app', 1, '[{\"item\":\"$3\"}]')"
}
open=$(open_case 511703198502140025 "欧阳娜娜" dibao_rural)
ended=$(open_case 511703198305050039 "司马建国" dibao_rural)
ok_if "the cases to look at are open" test -n "$open" -a -n "$ended"
as_role demo_clerk1 "SELECT 1 FROM onedoor.cases c, onedoor.case_act(gen_random_uuid(), c.id, c.version, 'withdraw', '申请人自愿撤回') WHERE c.case_no = '$ended'" >/dev/null

# Keys and names that may stand in Chinese screens (postgres: the login
# that loaded the demo data, named as the person who did it).
allowed='^(F[0-9]+|Ctrl|Alt|Esc|Tab|Enter|Shift|PgUp|PgDn|Page|Up|Down|Home|End|Space|onedoor|postgres|CSV|demo_[a-z0-9_]+|[A-Z]{1,2}[0-9A-Z-]*|y|n|d)$'
screens=0
check() { # LANG WHAT
	screen=$(tmux_screen)
	screens=$((screens + 1))
	codes=$(printf '%s\n' "$screen" | grep -Eo '[a-z][a-z0-9]*_[a-z0-9_]+' | grep -Ev '^demo_' | sort -u | tr '\n' ' ')
	labelled=$(printf '%s\n' "$screen" | grep -Eo '(Stage|Track|Light|Status|环节|通道|灯)[:：] *(accept|verify|supervise|approve|file|filed|refused|withdrawn|normal|green|commitment|red|yellow)( {2,}|$)' | head -n 3 | tr '\n' ' ')
	english=""
	if [ "$1" = zh_CN ]; then
		english=$(printf '%s\n' "$screen" | grep -Eo '[A-Za-z][A-Za-z_0-9]{2,}' | grep -Ev "$allowed" | sort -u | tr '\n' ' ')
	fi
	if [ -z "$codes$labelled$english" ]; then
		echo "ok - $1 $2: no code, nothing untranslated"
	else
		echo "not ok - $1 $2: no code, nothing untranslated"
		echo "#   codes: $codes $labelled"
		echo "#   untranslated: $english"
		printf '%s\n' "$screen" | sed 's/^/#   | /'
		_od_failed=1
	fi
}
# Waits for PATTERN, then checks the screen.
see() { # LANG PATTERN WHAT
	if tmux_wait "$2" >/dev/null; then check "$1" "$3"; else
		echo "not ok - $1 $3: screen shown"; tmux_screen | sed 's/^/#   | /'; _od_failed=1; fi
}
login() { # LANG ROLE
	sed "s/^language = .*/language = $1/" "$ini" > "$ini.$1"
	tmux_start 80 24 env XDG_STATE_HOME="$state" "$ONEDOOR_BIN/onedoor" --config "$ini.$1"
	tmux_wait "登录名|Login name" >/dev/null
	tmux_keys -l "$2"; tmux_keys Enter
	tmux_keys -l onedoor; tmux_keys Enter
}

# Waits until the screen has come and stands still: no go-to box, nothing
# being worked on (the title bar says so while a statement runs), the same
# for two looks in a row.
settle() {
	_last="" _same=0 _n=0
	while [ $_same -lt 2 ] && [ $_n -lt 100 ]; do
		sleep 0.1
		_now=$(tmux_screen)
		if [ "$_now" = "$_last" ] && ! printf '%s' "$_now" | grep -Eq "$T_GOTO|处理中|working"; then
			_same=$((_same + 1))
		else
			_same=0
		fi
		_last=$_now _n=$((_n + 1))
	done
}
# Waits until PATTERN has left the screen (a box closed).
gone() { # PATTERN
	_n=0
	while tmux_screen | grep -Eq -- "$1" && [ $_n -lt 100 ]; do
		sleep 0.05
		_n=$((_n + 1))
	done
}
# The entries of the F12 box on the screen, one "KEY  LABEL" a line.
goto_entries() {
	tmux_screen | grep -E '│  [0-9a-z]  ' | sed -E 's/^.*│  ([0-9a-z]  )/\1/; s/ *│.*$//' |
		grep -Eo '[0-9a-z]  [^ ]+( [^ ]+)*'
}
# Every screen F12 offers this role, and its F1: the labels are read from
# the box on the role's first screen; each is opened through F12 by the key
# the box gives it then (the list leaves out the screen one is on).
walk_goto() { # LANG ROLE
	tmux_keys F12
	if ! tmux_wait "$T_GOTO" >/dev/null; then
		echo "not ok - $1 $2: F12 lists the screens"; _od_failed=1; return
	fi
	labels=$(goto_entries | grep -v '^0 ' | cut -c4-)
	tmux_keys Escape
	settle
	while IFS= read -r label; do
		[ -n "$label" ] || continue
		tmux_keys F12
		tmux_wait "$T_GOTO" >/dev/null
		k=$(goto_entries | awk -v l="$label" 'substr($0, 4) == l { print substr($0, 1, 1) }')
		if [ -z "$k" ]; then
			echo "not ok - $1 $2: F12 offers $label again"; _od_failed=1
			tmux_keys Escape; continue
		fi
		tmux_keys "$k"
		settle
		check "$1" "$2: $label (F12 $k)"
		tmux_keys F1
		see "$1" "$T_HELP" "$2: $label: F1"
		tmux_keys Escape
		gone "$T_HELP"
	done <<EOF
$labels
EOF
}

for lang in zh_CN en; do
	if [ $lang = zh_CN ]; then
		T_APPS="申请列表 \|"; T_FORM="家庭申请登记 \|"; T_MENU="救助菜单 \|"; T_CASES="案件 \|"
		T_CASE="办理经过"; T_STATUS="进度查询 \|"; T_POLICY="政策清单 \|"; T_SUP="督办视图 \|"
		T_HELP="本界面按键"; T_GOTO="前往"; T_ASK="离开登记表"; T_LOGIN="登录名"
	else
		T_APPS="Applications \|"; T_FORM="Household application \|"; T_MENU="Benefit menu \|"
		T_CASES="Cases \|"; T_CASE="History"; T_STATUS="Status lookup \|"; T_POLICY="Policy list \|"
		T_SUP="Supervisor view \|"; T_HELP="Keys on this screen"; T_GOTO="Go to"
		T_ASK="Leave this form"; T_LOGIN="Login name"
	fi

	# Every role: its first screen, then every screen of its F12 list.
	for role in demo_clerk1 demo_verifier demo_supervisor demo_approver demo_auditor \
		demo_coordinator demo_finance demo_admin; do
		login $lang $role
		settle
		check $lang "$role: first screen"
		walk_goto $lang $role
		tmux_stop
	done

	# The clerk.
	login $lang demo_clerk1
	see $lang "$T_APPS" "applications"
	tmux_keys F1
	see $lang "$T_HELP" "applications: F1"
	tmux_keys Escape
	tmux_keys F2
	see $lang "$T_FORM" "household form"
	tmux_keys -l 511703198202020011; tmux_keys Tab
	tmux_keys -l "王五"; tmux_keys Tab
	tmux_keys F1
	see $lang "$T_HELP" "household form: F1"
	tmux_keys Escape
	tmux_keys NPage
	see $lang "$T_FORM" "household form: the household's fields"
	tmux_keys F9
	see $lang "$T_MENU" "benefit menu"
	tmux_keys Down Down
	see $lang "$T_MENU" "benefit menu: another item's reasons"
	tmux_keys Escape
	tmux_keys Escape
	see $lang "$T_ASK" "household form: leaving asks"
	tmux_keys d
	# The newest two are accepted; the demo's are registered.
	tmux_keys Down Down Enter
	see $lang "$T_FORM" "a registered application opened again"
	tmux_keys Escape
	tmux_keys F3
	see $lang "$T_CASES" "clerk's cases"
	tmux_keys Enter
	see $lang "$T_CASE" "case, as the clerk sees it"
	tmux_keys Escape
	tmux_wait "$T_CASES" >/dev/null
	tmux_keys Escape
	tmux_wait "$T_APPS" >/dev/null
	tmux_keys F4
	tmux_wait "$T_STATUS" >/dev/null
	tmux_keys -l 511703198305050039; tmux_keys Enter
	see $lang "$ended" "status lookup: an ended case"
	tmux_keys C-u
	tmux_keys -l 511703198502140025; tmux_keys Enter
	see $lang "$open" "status lookup: an open case"
	tmux_keys Escape
	tmux_wait "$T_APPS" >/dev/null
	tmux_keys F6
	see $lang "$T_POLICY" "policy list"
	tmux_keys Escape
	tmux_keys F12
	see $lang "$T_GOTO" "go to"
	tmux_keys 0
	see $lang "$T_LOGIN" "logged out"
	tmux_stop

	# The verifier: a case with actions to take.
	login $lang demo_verifier
	see $lang "$T_CASES" "verifier's cases"
	tmux_keys Enter
	see $lang "F8" "case, as the verifier sees it"
	tmux_keys F4
	see $lang "$( [ $lang = zh_CN ] && echo 理由 || echo reason)" "a reason asked"
	tmux_keys Escape Escape
	tmux_stop

	# The supervisor: every table, and an ended case.
	login $lang demo_supervisor
	tmux_wait "$T_CASES" >/dev/null
	tmux_keys F12
	tmux_wait "$T_GOTO" >/dev/null
	tmux_keys 3
	i=1
	while [ $i -le 7 ]; do
		see $lang "\[$i/7\] .*\([0-9]+\+?\)" "supervisor view, table $i"
		tmux_keys Tab
		i=$((i + 1))
	done
	tmux_stop

	# The auditor reaches the ended cases from the case list (F11).
	login $lang demo_auditor
	see $lang "$T_CASES" "auditor's cases"
	tmux_keys F11
	see $lang "$ended" "ended cases"
	tmux_keys Enter
	see $lang "$T_CASE" "an ended case opened from the list"
	tmux_keys Escape
	tmux_wait "$ended" >/dev/null
	tmux_keys F12
	tmux_wait "$T_GOTO" >/dev/null
	tmux_keys 1
	tmux_wait "$T_STATUS" >/dev/null
	tmux_keys -l 511703198305050039; tmux_keys Enter
	tmux_wait "$ended" >/dev/null
	tmux_keys F9
	see $lang "$T_CASE" "an ended case, as the auditor sees it"
	tmux_stop
done
echo "# $screens screens looked at"
ok_if "every screen was looked at" test "$screens" -ge 50
done_testing
