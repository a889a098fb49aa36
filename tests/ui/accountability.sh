# accountability.sh - the discipline commission's and the leaders' screens
# under tmux at 80x24, as the real roles, in Chinese and then in English:
# the supervision window urges (催办) a yellow case from the case screen and
# the stage's owner finds it in their list; a 通报 on the red case naming
# the person held responsible reaches the discipline commission's list; a
# complaint taken at the window (the phone left empty) is closed by the
# supervisor with its outcome; the county's administrator sets the limit
# for answering; the auditor filters the audit trail by a clerk and by a
# case, opens an entry, the case and the household it concerns, unmasks the
# entry's IDs (the server records that) and checks the chain; statistics
# with bars and a
# sparkline, the figures per window counting the urge, the 通报 and the
# complaint, exported as CSV.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
. "$ONEDOOR_TOP/tests/lib/screens.sh"
trap tmux_stop EXIT
wf_database ui_accountability
receipts="$ONEDOOR_TEST_DIR/receipts-$DB"
en_ini="$ONEDOOR_TEST_DIR/$DB-en.ini"
rm -rf "$receipts"
sed 's/^language = zh_CN$/language = en/' "$WF_INI" >"$en_ini"

# Monday 2 March 2026 at 三里坪: a 低保 case to verify in 3 working days
# (due Thursday 5th, yellow from the 4th), and another taken through its
# five stages at once (assisted in March).
set_today 2026-03-02
slow=$(accept_app demo_clerk1 ADEMO-001 '["wf_dibao"]')
fast=$(accept_app demo_clerk1 ADEMO-002 '["wf_dibao"]')
for step in "demo_verifier verify_pass" "demo_supervisor supervise_pass" "demo_approver approve" \
	"demo_supervisor file"; do
	act ${step% *} "$fast" ${step#* } >/dev/null
done
ok_eq "one case filed" filed "$(stage_of "$fast")"
# Filed on the pinned day, as the statistics count it (the server stamps
# closed_at with its real clock).
su_sql "UPDATE onedoor.cases SET closed_at = '2026-03-02 16:00+08' WHERE id = $fast" >/dev/null

# The case list's find (F7), then the case opened.
answer() { # TEXT: typed into the question on the status line
	tmux_keys -l "$1"; tmux_keys Enter
}

# Wednesday: the case is yellow; the supervision window urges it from the
# supervisor view's open cases (F8: the case's urges and 通报).
set_today 2026-03-04
screen_login demo_supervisor
tmux_wait "刘洋" >/dev/null
screen_go "督办视图"
tmux_wait "\[1/7\]" >/dev/null
tmux_keys Tab Tab
tmux_wait "^Y +1 +ADEMO-001-01" >/dev/null
ok_if "the supervisor view offers the urges" tmux_wait "F8 催办和通报"
tmux_keys F8
ok_if "the case's urges screen" tmux_wait "本案的催办和通报"
tmux_keys F2
tmux_wait "催办：哪里滞后" >/dev/null
answer "核对已近期限，请于明日前完成"
ok_if "the urge is recorded" tmux_wait "已记入案件历史"
ok_if "and listed on the case" tmux_wait "2026-03-04 催办 +核对 +2026-03-05"
ok_eq "one urge in the register, to the verification office" "urge|verify|verifier" \
	"$(su_sql "SELECT kind || '|' || stage || '|' || owner_group FROM onedoor.case_urges")"
tmux_keys Escape
tmux_wait "督办视图 \|" >/dev/null
tmux_keys F9
ok_if "the case's history shows it" tmux_wait "催办 刘洋"

# The stage's owner sees what they are urged about.
screen_login demo_verifier
tmux_wait "王强" >/dev/null
screen_go "催办和通报"
ok_if "the verifier's list holds the urge" \
	tmux_wait "2026-03-04 催办 +ADEMO-001-01 .* 核对 .*核对已"
ok_match "still waiting for an answer" "待响应" "$(tmux_screen)"

# Friday: red.  A 通报 naming the verifier held responsible, from the
# overdue list.
set_today 2026-03-06
screen_login demo_supervisor
tmux_wait "刘洋" >/dev/null
screen_go "督办视图"
tmux_wait "\[1/7\]" >/dev/null
tmux_keys Tab Tab Tab
tmux_wait "^R +1 +ADEMO-001-01" >/dev/null
tmux_keys F8
tmux_wait "本案的催办和通报" >/dev/null
tmux_keys F3
tmux_wait "通报：责任人登录名" >/dev/null
answer demo_verifier
tmux_wait "通报：超期情况" >/dev/null
answer "核对超期一个工作日，未说明理由"
ok_if "the 通报 is recorded" tmux_wait "已记入案件历史"
ok_if "naming the person held responsible" tmux_wait "2026-03-06 通报 +核对 +2026-03-05 +王强"
# Urged again today; a second urge the same day is refused by the server.
tmux_keys F2
tmux_wait "催办：哪里滞后" >/dev/null
answer "已超期，请今日办结"
ok_if "an urge on the red case" tmux_wait "2026-03-06 催办 +核对"
tmux_keys F2
tmux_wait "催办：哪里滞后" >/dev/null
answer "再次催办"
ok_if "a second urge the same day is refused, in words" tmux_wait "未记录：案件 ADEMO-001-01 今天已经催办过"
tmux_keys Escape Escape

# The discipline commission's list of 通报.
screen_login demo_auditor
tmux_wait "杨帆" >/dev/null
screen_go "催办和通报"
ok_if "the auditor's list: reports to the discipline commission" tmux_wait "报纪委的通报 \(1\)"
ok_match "the 通报 with the person held responsible" \
	"2026-03-06 通报 +ADEMO-001-01 .* 核对 +王强" "$(tmux_screen)"
tmux_keys Enter
ok_if "Enter opens the case" tmux_wait "ADEMO-001-01 .*最低生活保障"
ok_if "its history shows the 通报" tmux_wait "通报 刘洋"

# A complaint at the window about the case, closed by the supervisor.
screen_login demo_clerk1
tmux_wait "申请列表" >/dev/null
screen_go "投诉举报"
ok_if "the complaints register" tmux_wait "在办投诉"
ok_if "with the limit in force, the default" tmux_wait "答复时限：15 个工作日（默认）"
tmux_keys F2
tmux_wait "渠道：w 窗口" >/dev/null
tmux_keys w
tmux_wait "投诉人姓名" >/dev/null
answer "欧阳娜娜"
tmux_wait "电话" >/dev/null
answer 13980001001
tmux_wait "投诉对象：c 案件" >/dev/null
tmux_keys c
tmux_wait "案件编号：" >/dev/null
answer "ADEMO-009-01"
tmux_wait "投诉内容" >/dev/null
answer "办理太慢，无人答复"
ok_if "a case that does not exist is refused, nothing typed lost" tmux_wait "未登记（按 F2 修改）"
tmux_keys F2
tmux_wait "渠道：w 窗口" >/dev/null
tmux_keys w
ok_if "the name typed before comes back" tmux_wait "投诉人姓名：.*欧阳娜娜"
tmux_keys Enter
tmux_wait "电话.*13980001001" >/dev/null
tmux_keys C-u Enter
ok_if "the phone may be left empty" tmux_wait "投诉对象"
tmux_keys c
tmux_wait "案件编号：" >/dev/null
tmux_keys C-u
answer "ADEMO-001-01"
ok_if "the complaint typed before comes back" tmux_wait "投诉内容：.*办理太慢"
tmux_keys Enter
ok_if "recorded with its number and due date" \
	tmux_wait "投诉 TS20260306-0001 已登记；应于 2026-03-27 前答复"
ok_if "listed with its light" tmux_wait "^G TS20260306-0001 +窗口 +案件 ADEMO-001-01 +欧阳娜娜 +2026-03-27"

screen_login demo_supervisor
tmux_wait "刘洋" >/dev/null
screen_go "投诉举报"
tmux_wait "TS20260306-0001" >/dev/null
tmux_keys F8
tmux_wait "结果：u 属实" >/dev/null
tmux_keys p
tmux_wait "查实情况和处理" >/dev/null
answer "已督促核对，向投诉人说明"
ok_if "closed with its outcome" tmux_wait "投诉 TS20260306-0001 已办结"
ok_eq "the register holds the outcome and who closed it, and no phone" \
	"partly_upheld|demo_supervisor|none" \
	"$(su_sql "SELECT outcome || '|' || closed_by || '|' || coalesce(phone, 'none')
		FROM onedoor.complaints")"
tmux_keys F11
ok_if "all complaints: the closed one with its outcome" \
	tmux_wait "TS20260306-0001 .*部分属实"

# The county's administrator gives the county 10 working days to answer.
screen_login demo_admin
tmux_wait "赵磊" >/dev/null
screen_go "投诉举报"
ok_if "the administrator is offered the county's limit" tmux_wait "F4 时限"
tmux_keys F4
tmux_wait "本县投诉答复时限（1-60 个工作日）： *15" >/dev/null
tmux_keys C-u
answer 0
ok_if "a limit out of range is refused in words, what was typed kept" \
	tmux_wait "请填 1 到 60 之间的整数个工作日： *0"
tmux_keys C-u
answer 10
ok_if "the limit is set" tmux_wait "今后受理的投诉须在 10 个工作日内答复"
ok_if "and shown on the register" tmux_wait "答复时限：10 个工作日（本县设定）"
ok_eq "the county's limit on the server" 10 \
	"$(su_sql "SELECT limit_days FROM onedoor.complaint_limits WHERE county = '511703'")"

# Statistics for the supervisor: bars, the sparkline, the figures per window.
screen_login demo_supervisor
tmux_wait "刘洋" >/dev/null
screen_go "统计"
ok_if "statistics open on persons assisted by month" tmux_wait "\[1/11\] 救助人数和户数（按月）"
ok_match "the sparkline of twelve months" "救助户数 2025-04..2026-03 +▁" "$(tmux_screen)"
ok_match "March: the filed case with its bar" "^2026-03 +1 +1 +[0-9]+ +█" "$(tmux_screen)"
for i in 1 2 3 4 5 6 7 8; do tmux_keys Tab; done
ok_if "stage times against the limit" tmux_wait "\[9/11\] 各环节用时"
tmux_keys Tab
ok_if "per window" tmux_wait "\[10/11\] 各窗口超期案件和投诉"
ok_match "三里坪: 2 accepted, 1 red, 2 urges, 1 通报, 1 complaint" \
	"三里坪街道便民服务.. +2 +1 +2 +1 +1 +0" "$(tmux_screen)"
tmux_keys F7
ok_if "exported" tmux_wait "已导出 2 行到 "
csv=$(ls "$receipts"/statistics-windows-*.csv 2>/dev/null | head -n 1)
ok_if "a CSV file for the table" test -s "$csv"
ok_match "its heading row, after the byte order mark" "^$(printf '\357\273\277')中心,受理,当前红灯" \
	"$(head -n 1 "$csv")"
ok_match "its row for 三里坪" "三里坪街道便民服务中心,2,1,2,1,1,0" "$(cat "$csv")"
tmux_keys F4
tmux_wait "期间（起 止" >/dev/null
answer "2026-03-31 2026-03-01"
ok_if "a period backwards is refused in words" tmux_wait "不是有效的期间"

# The monthly line and the table are read together, in one round trip:
# with the monthly line refused, the table is still read (sent again
# alone) and shown, and the refusal is said.
su_sql "REVOKE EXECUTE ON FUNCTION onedoor.stats_monthly(date, integer) FROM onedoor_supervisor" >/dev/null
screen_login demo_supervisor
tmux_wait "刘洋" >/dev/null
screen_go "统计"
ok_if "the refused monthly line is said" tmux_wait "此表不对您的角色开放。"
ok_if "and the table read with it still comes, its March row" \
	tmux_wait "^2026-03 +1 +1 +[0-9]+ +█"
ok_eq "no sparkline without the monthly line" "" "$(tmux_screen | grep '救助户数 2025-04')"
su_sql "GRANT EXECUTE ON FUNCTION onedoor.stats_monthly(date, integer) TO onedoor_supervisor" >/dev/null

# The auditor: everything demo_clerk1 did today (the trail's times are the
# server's clock, not the pinned date), views of personal data included.
day=$(TZ=Asia/Shanghai date +%F)
# The clerk looks a person up at the window: a view of personal data.
traced demo_clerk1 status_lookup 511703197403120112 "SELECT 1" >/dev/null
screen_login demo_auditor
tmux_wait "杨帆" >/dev/null
screen_go "审计日志"
ok_if "the audit trail, newest first" tmux_wait "第 1 页，第 1-[0-9]+ 条，最新在前"
tmux_keys F2
tmux_wait "人员（登录名" >/dev/null
answer demo_clerk1
tmux_keys F6
tmux_wait "日期（起 止" >/dev/null
answer "$day $day"
ok_if "filtered by person and day" tmux_wait "筛选： 人员 demo_clerk1、日期 $day - $day"
ok_if "the complaint recorded at the window" tmux_wait "张敏 +投诉 新建"
ok_match "and the status lookup, a view" "张敏 +人员 进度查询 .* 查看" "$(tmux_screen)"
tmux_keys F7
ok_if "kind: views of personal data" tmux_wait "类别 查看个人信息"
ok_if "only the view is left" tmux_wait "第 1 页，第 1-1 条"
tmux_keys F11
tmux_wait "筛选： 无" >/dev/null
tmux_keys F3
tmux_wait "案件编号（留空" >/dev/null
answer ADEMO-001-01
ok_if "the case's entries: its acceptance at the window" tmux_wait "张敏 +案件 已受理"
tmux_keys End
tmux_keys Enter
ok_if "an entry opens whole" tmux_wait "审计条目 \|"
ok_if "what it concerns: the case and its household" tmux_wait "涉及： ADEMO-001-01  HDEMO-001"
ok_if "the entry offers the household's history" tmux_wait "F3 家庭历史"
tmux_keys F3
ok_if "the entry opens its household's history" tmux_wait "家庭历史 HDEMO-001"
ok_eq "the auditor's read of the history is in the trail" 1 \
	"$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE actor = 'demo_auditor'
		AND object_type = 'household' AND action = 'read_history'")"
tmux_keys Escape
tmux_wait "审计条目 \|" >/dev/null
tmux_keys F8
ok_if "unmasked IDs, and the view recorded" tmux_wait "身份证号（本次查看已记入日志）"
ok_match "the applicant's resident ID in full" "杨建国  511703197403120112" "$(tmux_screen)"
ok_eq "the server recorded the unmasking" 1 \
	"$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE actor = 'demo_auditor'
		AND object_type = 'audit_log' AND action = 'read_unmasked'")"
tmux_keys F9
ok_if "the entry opens its case" tmux_wait "ADEMO-001-01 .*最低生活保障"
tmux_keys Escape Escape
tmux_wait "审计日志 \|" >/dev/null
tmux_keys F8
ok_if "the chain checked from the screen" tmux_wait "审计链完整：共 [0-9]+ 条"
tmux_keys Enter
# Filtered by a household: what was written about its members too, such as
# the clerk's status lookup of 杨建国, one of them.
tmux_keys F11
tmux_wait "筛选： 无" >/dev/null
tmux_keys F4
tmux_wait "家庭编号（留空" >/dev/null
answer HDEMO-001
ok_if "filtered by the household" tmux_wait "筛选： 家庭 HDEMO-001"
ok_if "its member's status lookup is in its trail" tmux_wait "张敏 +人员 进度查询 .* 查看"

# The same in English: no Chinese word of the screens, no code.
screen_login demo_auditor "$en_ini"
tmux_wait "Cases" >/dev/null
screen_go "Audit trail"
ok_if "English: the audit trail" tmux_wait "Page 1, entries 1-[0-9]+, newest first"
ok_match "English: the entries in words" "audit entry viewed unmas" "$(tmux_screen)"
tmux_keys F3
tmux_wait "Case number \(empty" >/dev/null
answer ADEMO-001-01
tmux_wait "Page 1" >/dev/null
tmux_keys End Enter
ok_if "English: the entry names its household and offers its history" \
	tmux_wait "F3 Household history"
tmux_keys F3
ok_if "English: the household's history from the entry" tmux_wait "Household history HDEMO-001"
screen_go "Statistics"
ok_if "English: statistics" tmux_wait "\[1/11\] Persons and households assisted, by month"
ok_if "English: headings" tmux_wait "Month +Cases +Households +Persons"
screen_go "Urges and reports"
ok_if "English: the reports list" tmux_wait "Reports to the discipline commission \(1\)"
ok_match "English: the report in words" "2026-03-06 report ADEMO-001-01" "$(tmux_screen)"
screen_go "Complaints"
ok_if "English: the complaints register with the county's limit" \
	tmux_wait "Answer within 10 working days \(set by the county\)"
done_testing
