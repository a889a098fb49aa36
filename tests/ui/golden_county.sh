# golden_county.sh - the statistics screen (persons assisted by month, with
# its bars and sparkline) and the audit browser (filtered by a case) as
# whole screens at 80x24 in Chinese, compared character for character with
# tests/ui/golden/*.txt.  The date is pinned (onedoor.today()) and the
# filed case's closing time with it; the trail's times are the server's
# clock and are masked.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
. "$ONEDOOR_TOP/tests/lib/screens.sh"
. "$ONEDOOR_TOP/tests/lib/golden.sh"
trap tmux_stop EXIT
wf_database ui_golden_county

# Two cases accepted on 2 March; one filed the same day, one left to turn red.
set_today 2026-03-02
slow=$(accept_app demo_clerk1 ADEMO-001 '["wf_dibao"]')
fast=$(accept_app demo_clerk2 ADEMO-006 '["wf_dibao"]')
for step in "demo_verifier verify_pass" "demo_supervisor supervise_pass" "demo_approver approve" \
	"demo_supervisor file"; do
	act ${step% *} "$fast" ${step#* } >/dev/null
done
su_sql "UPDATE onedoor.cases SET closed_at = '2026-03-02 16:00+08' WHERE id = $fast" >/dev/null
set_today 2026-03-06
as_role demo_supervisor "SELECT onedoor.case_urge(gen_random_uuid(), $slow, 'report',
	'核对超期', 'demo_verifier')" >/dev/null

screen_login demo_auditor
tmux_wait "杨帆" >/dev/null
screen_go "统计"
tmux_wait "2026-03 +1 +1" >/dev/null
tmux_wait "救助户数 2025-04" >/dev/null
golden_compare statistics

screen_go "审计日志"
tmux_wait "第 1 页" >/dev/null
tmux_keys F3
tmux_wait "案件编号（留空" >/dev/null
tmux_keys -l ADEMO-001-01; tmux_keys Enter
tmux_wait "筛选： 案件 ADEMO-001-01" >/dev/null
tmux_wait "第 1 页，第 1-" >/dev/null
golden_compare audit_browser \
	's/^20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} /YYYY-MM-DD hh:mm:ss /'
done_testing
