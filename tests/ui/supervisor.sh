# supervisor.sh - the supervisor view under tmux at 80x24: a case turns
# yellow then red as the (pinned) clock moves, in the open cases and in the
# stage x light counts; the overdue list puts the most days overdue first;
# a case opens from it; performance per window; the table exported as CSV
# (quoting checked with an item name holding a comma and quotes).
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
trap tmux_stop EXIT
wf_database ui_supervisor
receipts="$ONEDOOR_TEST_DIR/receipts-$DB"
state="$ONEDOOR_TEST_DIR/state-$DB"

# An item whose name needs quoting in CSV.
su_sql "INSERT INTO onedoor.catalogue_items (code, name_zh, name_en, department, kind, scope,
	limit_accept, limit_verify, limit_supervise, limit_approve, limit_file, limit_total,
	warn_days, eligibility)
	VALUES ('scr_quote', '医疗救助（\"大病\",门诊）', 'Medical, \"major\"', 'medical_insurance',
	'special', 'household', 1, 1, 2, 5, 2, 20, 1, 'true')" >/dev/null

# Monday 2 March 2026: three cases at 三里坪 (centre 511703001).
set_today 2026-03-02
# wf_dibao: verify stage, 3 working days -> due Thu 5 March, yellow from the 4th.
slow=$(accept_app demo_clerk1 ADEMO-001 '["wf_dibao"]')
# wf_linshi (green channel): approve stage, 2 working days -> due Wed 4 March.
fast=$(accept_app demo_clerk1 ADEMO-002 '["wf_linshi"]')
# scr_quote: verify stage, 1 working day -> due Tue 3 March.
quoted=$(accept_app demo_clerk1 ADEMO-003 '["scr_quote"]')
ok_eq "three cases opened" 3 "$(printf '%s\n%s\n%s\n' "$slow" "$fast" "$quoted" | grep -c .)"
set_today 2026-03-03
# The households eligible for items they do not hold (政策找人).
"$ONEDOOR_BIN/onedoor-admin" -c "$WF_INI" discover >/dev/null 2>&1

login() { # ROLE
	tmux_start 80 24 env XDG_STATE_HOME="$state" "$ONEDOOR_BIN/onedoor" --config "$WF_INI"
	tmux_wait "登录名" >/dev/null
	tmux_keys -l "$1"; tmux_keys Enter
	tmux_keys -l onedoor; tmux_keys Enter
}

# The supervisor starts on the cases; F12 lists the other screens by number.
open_view() { # KEY that opens the "go to" list
	tmux_wait "刘洋" >/dev/null
	tmux_keys "$1"
	tmux_wait "督办视图" >/dev/null
	n=$(tmux_screen | sed -n 's/.*\([1-9]\)  督办视图.*/\1/p' | head -n 1)
	tmux_keys "${n:-0}"
}
login demo_supervisor
open_view F12
ok_if "supervisor view opens on the centre matrix" tmux_wait "\[1/7\] 各中心在办案件"

# Open cases, most urgent first: the wf_dibao case is green on Tuesday.
tmux_keys Tab Tab
ok_if "open cases table" tmux_wait "\[3/7\] 在办案件"
ok_match "Tuesday: the case is green with 2 working days left" \
	"^G +2 +ADEMO-001-01 +最低生活保障" "$(tmux_screen)"

set_today 2026-03-04
tmux_keys F5
ok_if "Wednesday: the same case turns yellow (1 day left)" tmux_wait "^Y +1 +ADEMO-001-01"

set_today 2026-03-06
tmux_keys F5
ok_if "Friday: it turns red (1 day overdue)" tmux_wait "^R +-1 +ADEMO-001-01"

tmux_keys BTab BTab
ok_if "back to the matrix with Shift-Tab" tmux_wait "\[1/7\]"
ok_if "matrix: the verify stage has 2 red cases of 2" \
	tmux_wait "三里坪街道便民服务.. +核对 +0 +0 +2 +2"
ok_match "matrix: the total row" "全部 +0 +0 +3 +3" "$(tmux_screen)"
tmux_keys Tab
ok_if "matrix by department" tmux_wait "医疗保障局 +核对 +0 +0 +1 +1"

tmux_keys Tab Tab
ok_if "overdue list" tmux_wait "\[4/7\] 超期清单（超期最久在前） \(3\)"
screen=$(tmux_screen)
ok_match "most days overdue first: the one due Tuesday (3 days)" \
	"^R +3 +ADEMO-003-01" "$(echo "$screen" | sed -n 5p)"
ok_match "then the one due Wednesday (2 days)" "^R +2 +ADEMO-002-01" \
	"$(echo "$screen" | sed -n 6p)"
ok_match "then the one due Thursday (1 day)" "^R +1 +ADEMO-001-01" \
	"$(echo "$screen" | sed -n 7p)"

tmux_keys F7
ok_if "export says where the file went" tmux_wait "已导出 3 行到 .*supervisor-overdue-"
csv=$(ls "$receipts"/supervisor-overdue-*.csv 2>/dev/null | head -n 1)
ok_if "CSV written to the receipt folder" test -s "$csv"
content=$(sed '1s/^\xEF\xBB\xBF//' "$csv" | tr -d '\r')
ok_eq "CSV header" ",超期天数,案件编号,事项,环节,中心,到期日" "$(echo "$content" | sed -n 1p)"
ok_eq "CSV: a name with a comma and quotes is quoted, quotes doubled" \
	'R,3,ADEMO-003-01,"医疗救助（""大病"",门诊） 陈志强",核对,三里坪街道便民服务中心,2026-03-03' \
	"$(echo "$content" | sed -n 2p)"
ok_eq "CSV: rows in the table's order" "ADEMO-002-01 ADEMO-001-01" \
	"$(echo "$content" | sed -n '3,4p' | cut -d, -f3 | tr '\n' ' ' | sed 's/ $//')"
ok_eq "CSV: one line per row" 4 "$(echo "$content" | grep -c .)"

tmux_keys Down Enter
ok_if "Enter opens the selected case" tmux_wait "^ADEMO-002-01  临时救助（急难型）"
tmux_keys Escape
ok_if "back in the overdue list" tmux_wait "\[4/7\] 超期清单"

tmux_keys Tab
ok_if "performance per window" tmux_wait "\[5/7\] 各窗口办理绩效"
# The heading is drawn before the table's answer comes: wait for the row.
ok_if "the clerk who accepted: 3 handled, none filed, 3 overdue, 100%" \
	tmux_wait "三里坪街道便民服.. +张敏 +3 +0 +3 +100\.0%"
tmux_keys Tab
ok_if "performance per department" tmux_wait "\[6/7\] 各部门办理绩效"
ok_if "civil affairs: 2 handled, 2 overdue" tmux_wait "民政局 +2 +0 +2 +100\.0%"
tmux_keys Tab
ok_if "discovery list" tmux_wait "\[7/7\] 符合条件未享受救助的家庭 \([0-9]+\)"
screen=$(tmux_screen)
ok_match "a household with what it could receive, ID masked" \
	"HDEMO-002 +王芳 +511703\*{8}0242 +医疗救助" "$screen"
ok_match "the county's other centre too" "HDEMO-006 +吴大山 .* 石桥镇便民" "$screen"
ok_match "which run found them" "20[0-9]{2}-[0-9]{2}-[0-9]{2}主动发现结果" "$screen"
tmux_keys Tab Tab Tab
tmux_wait "\[3/7\]" >/dev/null
# The verifier passes the red 低保 case in another session: the view follows
# without a key (the session's LISTEN at the single wait).
ok_eq "the verifier passes the verification" ok "$(act demo_verifier "$slow" verify_pass)"
ok_if "the open cases follow live: the case is now at supervision, green" \
	tmux_wait "^G +[0-9]+ +ADEMO-001-01 +最低生活保障 .* 督办 "
tmux_keys F1
ok_if "F1 lists the screen's keys" tmux_wait "F7 +Ctrl-X +导出CSV"
tmux_keys Escape; sleep 0.5; tmux_keys Escape
ok_if "Esc goes back to the cases" tmux_wait "案件 \|"
tmux_stop

# Without a receipt folder the export asks where to write.
sed 's/^directory = .*/directory =/' "$WF_INI" > "$ONEDOOR_TEST_DIR/$DB-nofolder.ini"
tmux_start 80 24 env XDG_STATE_HOME="$state" "$ONEDOOR_BIN/onedoor" \
	--config "$ONEDOOR_TEST_DIR/$DB-nofolder.ini"
tmux_wait "登录名" >/dev/null
tmux_keys -l demo_supervisor; tmux_keys Enter
tmux_keys -l onedoor; tmux_keys Enter
open_view M-g
tmux_wait "\[1/7\]" >/dev/null
tmux_keys C-t
tmux_wait "\[2/7\]" >/dev/null
tmux_keys C-x
ok_if "Alt-G, Ctrl-T, Ctrl-X: without a receipt folder the export asks for a file" \
	tmux_wait "导出到文件："
tmux_keys -l "$ONEDOOR_TEST_DIR/$DB-departments.csv"; tmux_keys Enter
ok_if "the department matrix is exported there" tmux_wait "已导出 4 行到 .*$DB-departments\.csv"
ok_eq "its content, stages in workflow order, the total last" "部门,环节,G 绿,Y 黄,R 红,合计
民政局,督办,1,0,0,1
民政局,审批,0,0,1,1
医疗保障局,核对,0,0,1,1
全部,,1,0,2,3" \
	"$(sed '1s/^\xEF\xBB\xBF//' "$ONEDOOR_TEST_DIR/$DB-departments.csv" | tr -d '\r')"
done_testing
