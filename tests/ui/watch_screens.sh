# watch_screens.sh - "policy finds the person" on screen, under tmux at
# 80x24, as the real roles on the demo county's warnings, monitoring
# register, care ratings and reports (src/sql/demo_watch.sql, the data of
# `make run`), with the server's date pinned:
#   - civil affairs' warning queue: most urgent first with explanation, age
#     and light; one acknowledged (F8) and closed as not needed with why
#     (F4); one turns yellow then red by the working-day calendar; a
#     warning found by discovery arrives on F5; the whole screen as recorded;
#   - a village coordinator reports a household (F2) and sees what became
#     of it once the centre entered it in the monitoring register (F6);
#   - the monitoring register: a missed visit is red; a visit recorded
#     (F8) turns it green, and the coordinator records one in their village;
#   - three-colour care: a red person's problem list closed item by item;
#   - the centre opens an application from a report (the household form
#     starts from it);
#   - the supervisors' figures by township;
#   - the same screens in English.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
trap tmux_stop EXIT
wf_database ui_watch
state="$ONEDOOR_TEST_DIR/state-$DB"
golden="$ONEDOOR_TOP/tests/ui/golden"
# Monday 27 April 2026; the May Day holiday runs from 1 to 5 May.
set_today 2026-04-27
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$ONEDOOR_TOP/src/sql/demo_watch.sql" >/dev/null

login() { # ROLE [INI]
	tmux_stop
	tmux_start 80 24 env XDG_STATE_HOME="$state" "$ONEDOOR_BIN/onedoor" --config "${2:-$WF_INI}"
	tmux_wait "登录名|Login name" >/dev/null
	tmux_keys -l "$1"; tmux_keys Enter
	tmux_keys -l onedoor; tmux_keys Enter
	tmux_wait "\[(已连接|connected)\]" >/dev/null
}
# go LABEL: F12, then the number the list gives the screen named LABEL.
go() {
	tmux_keys F12
	tmux_wait "$1" >/dev/null
	n=$(tmux_screen | sed -n "s/.*\([1-9a-z]\)  $1.*/\1/p" | head -n 1)
	tmux_keys "${n:-0}"
}
sql() { su_sql "$1"; }

# --- civil affairs' warning queue (民政局 demo_approver) -----------------
login demo_approver
go 预警签收
ok_if "the queue opens with its counts" tmux_wait "共 3 条预警：待签收 3 条，超期 1 条"
screen=$(tmux_screen)
ok_match "most urgent first: red, 3 working days overdue, raised 6 working days ago" \
	"^R -3 +6 +医疗费用过高预警 +杨建国 +三里坪街道便.. 未签收" "$(echo "$screen" | sed -n 5p)"
ok_match "then yellow, due today" "^Y 0 +3 +主要劳动力亡故预警 +吴大山" "$(echo "$screen" | sed -n 6p)"
ok_match "then green, raised today" "^G 3 +0 +主要劳动力亡故预警 +何玉珍" "$(echo "$screen" | sed -n 7p)"
ok_match "the selected warning's explanation under the queue" \
	"年度自付医疗费用超过预警线，请医保、民政部门主动介入" "$screen"
ok_match "where and since when, and by when to acknowledge" \
	"杨建国（户 HDEMO-001，三里坪街道便民服务中心）：2026-04-17 发出，已过 6" "$screen"
ok_match "the keys of the queue" "F8 签收  F4 处理结果  F5 刷新" "$screen"
compare() { # NAME: the whole screen against tests/ui/golden/NAME.txt
	shot=$(tmux_screen)
	if [ "${ONEDOOR_GOLDEN_UPDATE:-}" = 1 ]; then
		printf '%s\n' "$shot" > "$golden/$1.txt"
		echo "ok - $1: written"
	else
		ok_eq "$1: the whole screen as recorded" "$(cat "$golden/$1.txt")" "$shot"
	fi
}
compare warning_queue

tmux_keys F8
ok_if "F8 acknowledges the red warning: its clock stops" \
	tmux_wait "^ +6 +医疗费用过高预警 +杨建国 .* 已签收"
ok_eq "acknowledged by the department's login, in the database" "acknowledged|demo_approver" \
	"$(sql "SELECT state || '|' || acknowledged_by FROM onedoor.warnings WHERE warning_no = 'WDEMO-1'")"
ok_if "the count follows" tmux_wait "待签收 2 条，超期 0 条"
tmux_keys F4
ok_if "F4 asks for the outcome" tmux_wait "处理结果：c 已联系，a 已申请，x 无需介入"
tmux_keys x
ok_if "not needed asks why" tmux_wait "无需介入的原因："
tmux_keys -l "已纳入监测，由民政办跟进"; tmux_keys Enter
ok_if "closed: it leaves the queue" tmux_wait "共 2 条预警"
ok_eq "closed as not needed with the reason" "closed|not_needed|已纳入监测，由民政办跟进" \
	"$(sql "SELECT state || '|' || outcome || '|' || outcome_note FROM onedoor.warnings WHERE warning_no = 'WDEMO-1'")"
# A warning found by the discovery run reaches the queue.
sql "SET session_replication_role = replica;
	UPDATE onedoor.households SET facts = facts || '{\"medical_selfpaid\": \"80000\"}'
	WHERE household_no = 'HDEMO-003'" >/dev/null
"$ONEDOOR_BIN/onedoor-admin" -c "$WF_INI" discover --date 2026-04-27 >/dev/null 2>&1
tmux_keys F5
ok_if "a warning found by discovery arrives on F5, green" \
	tmux_wait "^G 3 +0 +医疗费用过高预警 +$(sql "SELECT p.name FROM onedoor.households h JOIN onedoor.household_members m ON m.household_id = h.id AND m.position = 1 JOIN onedoor.persons p ON p.id = m.person_id WHERE h.household_no = 'HDEMO-003'")"
# 何玉珍's warning was raised today: due in 3 working days (Thu 30 April).
set_today 2026-04-30
tmux_keys F5
ok_if "Thursday, the day it is due: yellow" tmux_wait "^Y 0 +3 +主要劳动力亡故预警 +何玉珍"
set_today 2026-05-06
tmux_keys F5
ok_if "Wednesday after the May Day holiday: red, 1 working day overdue" \
	tmux_wait "^R -1 +4 +主要劳动力亡故预警 +何玉珍"
ok_match "the discovered one too" "^R -1 +4 +医疗费用过高预警" "$(tmux_screen)"
tmux_keys F1
ok_if "F1 lists the queue's keys and what the light means" tmux_wait "灯号表示签收时限"
set_today 2026-04-27

# --- a village coordinator reports a household --------------------------
login demo_coordinator
ok_if "the coordinator starts on their village's reports" \
	tmux_wait "困难户上报 \| 胜利社区 \| 周红梅"
ok_if "with what became of each" tmux_wait "RDEMO-2 .*已纳入监测（MDEMO-4，一类）"
ok_match "only reporting is offered to them" "F2 上报困难户  F5 刷新" "$(tmux_screen)"
tmux_keys F2
tmux_wait "困难群众姓名：" >/dev/null
tmux_keys -l "王秀英"; tmux_keys Enter
tmux_wait "身份证号" >/dev/null
tmux_keys -l "511703195001010000"; tmux_keys Enter
ok_if "a wrong resident ID is refused with why, and asked again" \
	tmux_wait "校验位不符，请重新输入身份证号。身份证号： *511703195001010000"
tmux_keys C-u Enter
ok_if "the hukou is asked" tmux_wait "户籍：u 城镇，r 农村"
tmux_keys r
tmux_wait "困难情况：" >/dev/null
tmux_keys -l "独居老人，房屋漏雨"; tmux_keys Enter
ok_if "reported: its number, and the centre decides" tmux_wait "已上报，编号 R[0-9]+"
ok_if "in the list, waiting for the centre" tmux_wait "王秀英 +胜利社区 +待中心处理"
R=$(sql "SELECT report_no FROM onedoor.reports WHERE subject_name = '王秀英'")
ok_eq "saved as a report of the village, not an application" "new|511703001001|rural" \
	"$(sql "SELECT state || '|' || village || '|' || (household->>'hukou') FROM onedoor.reports WHERE report_no = '$R'")"

# The centre enters it in the monitoring register.
login demo_clerk1
go 困难户上报
tmux_wait "$R" >/dev/null
ok_match "the centre is offered the decisions" "F6 纳入监测  F4 办结" "$(tmux_screen)"
tmux_keys F6
ok_if "the category is asked" tmux_wait "监测类别：1 一类"
tmux_keys 1
tmux_wait "纳入监测的原因：" >/dev/null
tmux_keys -l "独居高龄，收入不明"; tmux_keys Enter
tmux_wait "责任人：" >/dev/null
tmux_keys -l "胜利社区 周红梅"; tmux_keys Enter
ok_if "the report is in the monitoring register" tmux_wait "$R .*已纳入监测（M[0-9A-Z-]+，一类）"
login demo_coordinator
ok_if "the coordinator sees what became of the report" \
	tmux_wait "王秀英 +胜利社区 +已纳入监测"

# --- the monitoring register -------------------------------------------
go 监测预警库
ok_if "the coordinator sees their village's entries" tmux_wait "共 2 户：一类 2 户"
ok_match "and may record visits only" "F8 记录走访  F5 刷新" "$(tmux_screen)"
tmux_keys F8
tmux_wait "走访发现的情况：" >/dev/null
tmux_keys -l "已入户，暂无变化"; tmux_keys Enter
ok_if "the coordinator's visit is recorded" tmux_wait "走访已记录；下次应访 2026-07-2[0-9]"
login demo_clerk1
go 监测预警库
ok_if "the register opens, the reported household in it" \
	tmux_wait "共 4 户：一类 3 户，二类 1 户；逾期未访 1 户"
ok_match "the missed quarterly visit is red, first" "^R 2026-04-22 MDEMO-2 +杨建国 +二类" \
	"$(tmux_screen | sed -n 5p)"
ok_match "its proposal, with the items by name" "最近一次走访建议：发起申请" "$(tmux_screen)"
tmux_keys F8
tmux_wait "走访发现的情况：" >/dev/null
tmux_keys -l "医疗费用已报销部分，仍有困难"; tmux_keys Enter
ok_if "a visit recorded" tmux_wait "走访已记录；下次应访"
ok_if "the entry is green again, due next quarter" tmux_wait "^G 2026-07-2[0-9] MDEMO-2"
ok_eq "the visit is in the database, by the clerk" "2|demo_clerk1" \
	"$(sql "SELECT m.visits || '|' || v.visitor FROM onedoor.monitoring m JOIN onedoor.monitoring_visits v ON v.monitoring_id = m.id WHERE m.entry_no = 'MDEMO-2' ORDER BY v.id DESC LIMIT 1")"

# --- three-colour care ----------------------------------------------------
go 三色预警
ok_if "the care list: red with its aspects and items" \
	tmux_wait "^R 赵桂兰 +危险 +关注 +关注 +2026-04-15 3 +1 +2026-04-23"
tmux_keys Enter
ok_if "Enter opens the problem list" tmux_wait "赵桂兰：共 4 项，未结 3 项，超期 1 项"
ok_match "the overdue item first, red" "^R 2026-04-23 清理院内杂物" "$(tmux_screen | sed -n 5p)"
for left in 2 1 0; do
	tmux_keys F8
	tmux_wait "整改情况（销号说明）：" >/dev/null
	tmux_keys -l "已整改完毕"; tmux_keys Enter
	ok_if "an item closed: $left still open" tmux_wait "已销号；尚有 $left 项未结。"
done
ok_if "closed items go to the end of the list, with their notes" \
	tmux_wait "2026-0[0-9]-[0-9]+ 搭建院落围挡 .* 2026-04-27 已整改完毕"
ok_eq "the list is closed item by item, with notes" "0|4" \
	"$(sql "SELECT count(*) FILTER (WHERE closed_on IS NULL) || '|' || count(*) FILTER (WHERE close_note IS NOT NULL) FROM onedoor.care_problems p JOIN onedoor.persons x ON x.id = p.person_id WHERE x.name = '赵桂兰'")"

# --- the centre turns a coordinator's report into an application -------------
go 困难户上报
ok_if "the report waiting for the centre is first" tmux_wait "^RDEMO-1 .*刘桂芳 +胜利社区 +待中心处理"
ok_match "the centre may open an application from it" "F9 转为申请" "$(tmux_screen)"
tmux_keys F9
ok_if "the household form starts from the report" tmux_wait "来自协理员上报：请补全家庭信息"
ok_match "with the name the coordinator gave" "刘桂芳" "$(tmux_screen)"
tmux_keys -l "511703195203110041"; tmux_keys Tab
tmux_keys F8
ok_if "F8 registers it" tmux_wait "已登记：申请编号 A[0-9A-Z-]+"
ok_eq "the report names the application" "application|511703195203110041" \
	"$(sql "SELECT r.state || '|' || p.resident_id FROM onedoor.reports r JOIN onedoor.applications a ON a.id = r.application_id JOIN onedoor.household_members m ON m.household_id = a.household_id AND m.position = 1 JOIN onedoor.persons p ON p.id = m.person_id WHERE r.report_no = 'RDEMO-1'")"
ok_if "back on the reports: what became of it" tmux_wait "RDEMO-1 .*申请 A[0-9A-Z-]+：已批准"
ok_match "in full under the list" "（胜利社区）；申请 A[0-9A-Z-]+：已批准 0 项，办理中" \
	"$(tmux_screen)"

# --- the supervisors' figures ---------------------------------------------
login demo_supervisor
go 预警监测统计
ok_if "open warnings by township and age" tmux_wait "\[1/2\] 各乡镇未办结预警及时长"
ok_if "the total row" tmux_wait "^全部 +[0-9]+ +[0-9]+" 20
tmux_keys Tab
ok_if "monitoring and care by township" tmux_wait "\[2/2\] 各乡镇监测预警库与三色预警"

# --- in English ---------------------------------------------------------
sed 's/^language = .*/language = en/' "$WF_INI" > "$ONEDOOR_TEST_DIR/$DB-en.ini"
login demo_approver "$ONEDOOR_TEST_DIR/$DB-en.ini"
go "Warning queue"
ok_if "English: the queue with its counts" tmux_wait "[0-9]+ warnings: [0-9]+ to acknowledge"
ok_match "English: names and states in English" "death of a main labourer .* not acknowledged" \
	"$(tmux_screen)"
ok_match "English: the keys" "F8 Acknowledge receipt  F4 Record outcome  F5 Refresh" "$(tmux_screen)"
login demo_coordinator "$ONEDOOR_TEST_DIR/$DB-en.ini"
ok_if "English: the coordinator's reports" tmux_wait "in the monitoring register \(M"
login demo_clerk1 "$ONEDOOR_TEST_DIR/$DB-en.ini"
go "Monitoring register"
ok_if "English: the register" tmux_wait "households: [0-9]+ in category 1"
ok_match "English: the columns" "Visit due +Entry no. +Name +Category +Responsible" "$(tmux_screen)"
done_testing
