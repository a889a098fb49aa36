# reviews.sh - the reviews of benefits in force at their terminals, 80x24:
# the department's approver finds this month's periodic review and the
# change of circumstances the window recorded, continues one and adjusts
# the other (amount and month checked as typed), suspends the benefit; the
# verifier may read but not decide; the county centre opens the month's
# reviews (in English), once.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
. "$ONEDOOR_TOP/tests/lib/lifecycle.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
trap tmux_stop EXIT
lc_database ui_reviews 2026-03-04
en_ini="$ONEDOOR_TEST_DIR/$DB-en.ini"
sed 's/^language = .*/language = en/' "$WF_INI" > "$en_ini"
dibao=$(su_sql "SELECT id FROM onedoor.cases WHERE case_no = 'ADEMO-Z01-1-01'")

login() { # ROLE [INI]
	tmux_start 80 24 "$ONEDOOR_BIN/onedoor" --config "${2:-$WF_INI}"
	tmux_wait "登录名|Login" >/dev/null
	tmux_keys -l "$1"; tmux_keys Enter
	tmux_keys -l onedoor; tmux_keys Enter
}
# F12, then the key the box shows beside the screen's name.
go_to() { # NAME
	tmux_keys F12
	tmux_wait "$1" >/dev/null
	_k=$(tmux_screen | sed -n "s/.*│ *\([0-9a-z]\)  $1 .*/\1/p" | head -n 1)
	tmux_keys -l "$_k"
}

login demo_approver
tmux_wait "案件 \|" >/dev/null
go_to "复核"
ok_if "the approver reaches the reviews from F12" tmux_wait "复核 - 待决定的复核"
ok_if "the change the window recorded, with its light" \
	tmux_wait "^G ADEMO-Z01-1-01 +紫秀梅 +城市最低生活保障 2026-03-[0-9]{2} 家庭情况变更"
ok_match "and this month's periodic review" "ADEMO-Z01-1-01 +紫秀梅 .*定期复核：2026-03 到期" "$(tmux_screen)"
ok_match "the selected review whole under the list: the cause and the engine's verdict" \
	"家庭情况变更：家庭情况变更（窗口）：丈夫紫建军在园区企业就业，有工资收入（按新情况：" "$(tmux_screen | tr -d '\n')"
ok_match "the benefit and its amount now, under the list" "救助自 2024-03 起在享，现每月1080.00元" \
	"$(tmux_screen)"

# Continue the periodic review.
tmux_keys Down
tmux_wait "定期复核" >/dev/null
tmux_keys F8
ok_if "continuing asks for the reason" tmux_wait "继续救助——理由："
tmux_keys -l "入户核查：家庭情况与上次复核一致"; tmux_keys Enter
ok_if "decided, and the list follows" tmux_wait "复核已决定，已记入案件办理经过。"
ok_eq "the server recorded it, with the approver and the reason" \
	"continue|demo_approver|入户核查：家庭情况与上次复核一致" \
	"$(su_sql "SELECT outcome || '|' || decided_by || '|' || reason FROM onedoor.reviews
		WHERE case_id = $dibao AND kind = 'periodic' AND period = '2026-03-01'")"

# Adjust the change, with bad input first.
tmux_wait "家庭情况变更" >/dev/null
tmux_keys F6
tmux_wait "新的每月金额（元）：" >/dev/null
tmux_keys -l "九百六"; tmux_keys Enter
ok_if "an amount that is not one is refused, and asked again" \
	tmux_wait "“九百六”不是以元为单位的金额"
tmux_keys C-u; tmux_keys -l 960; tmux_keys Enter
tmux_wait "新金额自哪个月起" >/dev/null
tmux_keys -l 2026-13; tmux_keys Enter
ok_if "a month that is not one is refused, and asked again" tmux_wait "“2026-13”不是一个月份。"
tmux_keys C-u; tmux_keys -l 2026-4; tmux_keys Enter
tmux_wait "理由：" >/dev/null
tmux_keys -l "丈夫就业后按新收入重新核定"; tmux_keys Enter
ok_if "adjusted" tmux_wait "复核已决定"
ok_eq "the amount owed changes from April, not before" "108000|96000" \
	"$(su_sql "SELECT onedoor.benefit_amount_at($dibao, '2026-03-01') || '|' || onedoor.benefit_amount_at($dibao, '2026-04-01')")"
ok_if "nothing waits any more" tmux_wait "没有待决定的复核。"

# The decided ones, and suspending the benefit from there.
tmux_keys F3
ok_if "F3: the reviews decided" tmux_wait "复核 - 已决定的复核"
# The table's title comes before its rows.
ok_if "with the outcome of the one selected" tmux_wait_joined "调整金额为960.00元，自 2026-04"
tmux_keys F7
tmux_wait "自哪个月起暂停" >/dev/null
tmux_keys -l 2026-05; tmux_keys Enter
tmux_wait "理由：" >/dev/null
tmux_keys -l "待核实就业合同"; tmux_keys Enter
ok_if "suspended" tmux_wait "救助状态已变更"
ok_eq "the benefit is suspended from May" "suspended|2026-05-01" \
	"$(su_sql "SELECT state || '|' || state_from FROM onedoor.benefits WHERE case_id = $dibao")"
ok_if "and the key now resumes it" tmux_wait "救助自 2026-05 起暂停发放"
tmux_keys F3
tmux_wait "随机抽查" >/dev/null
ok_if "F3 again: the random re-checks (none drawn)" tmux_wait "没有可显示的内容。"
tmux_stop

# The verifier reads, but does not decide.
# (resumed from June by the department meanwhile)
as_role demo_approver "SELECT state FROM onedoor.benefit_set_state(gen_random_uuid(), $dibao,
	(SELECT version FROM onedoor.benefits WHERE case_id = $dibao), 'in_force', '2026-06-01', '已核实')" >/dev/null
login demo_verifier
tmux_wait "案件 \|" >/dev/null
go_to "复核"
tmux_wait "复核 - 待决定的复核" >/dev/null
tmux_keys F3
tmux_wait "ADEMO-Z01-1-01" >/dev/null
tmux_keys F8
ok_if "the verifier is told it is not theirs to decide" tmux_wait "这件复核现在不由您决定。"
# A re-check drawn for the 低保 (the draw as recheck_draw writes it: all of a
# one-case population), recorded by the verifier from the re-checks.
su_sql "WITH d AS (INSERT INTO onedoor.recheck_draws (county, month, percent, seed, population,
		drawn, drawn_by, request_id)
	VALUES ('511703', '2026-02-01', 100, 'demo', ARRAY['ADEMO-Z01-1-01'], ARRAY['ADEMO-Z01-1-01'],
		'demo_supervisor', gen_random_uuid()) RETURNING id)
	INSERT INTO onedoor.rechecks (case_id, draw_id, approved_on, opened_on, due_on, warn_from)
	SELECT $dibao, d.id, '2026-02-10', '2026-02-10', '2026-03-10', '2026-03-05' FROM d" >/dev/null
tmux_keys F3
ok_if "F3: the random re-checks, with a key to record the result" \
	tmux_wait "F8 记录结果"
ok_match "the drawn case waits to be re-checked" "ADEMO-Z01-1-01 .*待抽查" "$(tmux_screen)"
tmux_keys F8
ok_if "F8 asks for the result" tmux_wait "抽查结果：c 属实，d 发现问题"
tmux_keys d
ok_if "a discrepancy asks what was found" tmux_wait "抽查发现的问题："
tmux_keys -l "家中有一辆面包车未申报"; tmux_keys Enter
ok_if "recorded" tmux_wait "抽查结果已记录"
ok_eq "the server has the result, the note and who recorded it" \
	"discrepancy|家中有一辆面包车未申报|demo_verifier" \
	"$(su_sql "SELECT result || '|' || note || '|' || done_by FROM onedoor.rechecks WHERE case_id = $dibao")"
ok_eq "and the case's history" 1 \
	"$(su_sql "SELECT count(*) FROM onedoor.case_events WHERE case_id = $dibao AND action = 'recheck'")"
ok_if "the re-check shows it whole under the list" tmux_wait "审批：抽查发现问题"
ok_match "with the note" "面包车未申报" "$(tmux_screen)"
tmux_keys F8
ok_if "once recorded, the key says so" tmux_wait "这件抽查的结果已经记录。"
tmux_stop

# The re-checks in English: another drawn in January, confirmed.
su_sql "WITH d AS (INSERT INTO onedoor.recheck_draws (county, month, percent, seed, population,
		drawn, drawn_by, request_id)
	VALUES ('511703', '2026-01-01', 100, 'demo', ARRAY['ADEMO-Z01-2-01'], ARRAY['ADEMO-Z01-2-01'],
		'demo_supervisor', gen_random_uuid()) RETURNING id)
	INSERT INTO onedoor.rechecks (case_id, draw_id, approved_on, opened_on, due_on, warn_from)
	SELECT c.id, d.id, '2026-02-10', '2026-02-10', '2026-03-10', '2026-03-05'
	FROM d, onedoor.cases c WHERE c.case_no = 'ADEMO-Z01-2-01'" >/dev/null
login demo_verifier "$en_ini"
tmux_wait "Cases" >/dev/null
go_to "Reviews"
tmux_wait "Reviews - Reviews to decide" >/dev/null
tmux_keys F3; tmux_wait "Reviews - Reviews decided" >/dev/null
tmux_keys F3
ok_if "the re-checks in English, with the key" tmux_wait "F8 Record result"
ok_match "the one still to do first, then the one recorded" \
	"ADEMO-Z01-2-01 .*ADEMO-Z01-1-01 .*drawn 2026-02" "$(tmux_screen | tr '\n' ' ')"
tmux_keys Down
ok_if "the recorded one whole under the list, in words" \
	tmux_wait "drawn 2026-02, approved 2026-02-10: discrepancy found"
tmux_keys Up
tmux_keys F8
ok_if "the choice in English" tmux_wait "c confirmed, d discrepancy found"
tmux_keys c
ok_if "a confirmation's note may be empty" tmux_wait "Note \(may be empty\):"
tmux_keys Enter
ok_if "recorded (English)" tmux_wait "Re-check recorded"
ok_eq "confirmed, without a note" "confirmed|" \
	"$(su_sql "SELECT result || '|' || coalesce(note, '') FROM onedoor.rechecks r JOIN onedoor.cases c
		ON c.id = r.case_id WHERE c.case_no = 'ADEMO-Z01-2-01'")"
tmux_stop

# The county centre opens the month's reviews, in English.
login demo_supervisor "$en_ini"
tmux_wait "Cases" >/dev/null
go_to "Reviews"
ok_if "the supervisor's reviews (English)" tmux_wait "Reviews - Reviews to decide"
ok_if "nothing left to decide" tmux_wait "No review waits for a decision."
tmux_keys F2
ok_if "F2 asks to open the reviews due this month" tmux_wait "Open the periodic reviews due in 2026-03\? \(y/n\)"
tmux_keys y
tmux_wait "Reviews opened now" >/dev/null
ok_match "opened once: none now, one due this month" \
	"Reviews opened now: 0; due this month in all: 1\." "$(tmux_screen)"
ok_eq "still one periodic review for March" 1 \
	"$(su_sql "SELECT count(*) FROM onedoor.reviews WHERE kind = 'periodic' AND period = '2026-03-01'")"
done_testing
