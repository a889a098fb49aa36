# case_roles.sh - the other roles' jobs on a case, as people at their
# terminals do them: the verifier verifies, the supervisor's list follows
# live, the approver approves one case and refuses another with a reason,
# and two people acting on the same case: exactly one wins.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
trap tmux_stop EXIT
DB=ui_roles
ini=$(new_database $DB)

# Two accepted households, one rural 低保 case each, made by the demo clerk
# through the same server functions the client uses; with the facts that
# make them eligible (the server re-derives eligibility at acceptance).
open_case() { # RESIDENT_ID NAME
	app=$(as_role demo_clerk1 "SELECT application_no FROM onedoor.register_household(gen_random_uuid(), '{\"hukou\":\"rural\",\"facts\":{\"deposits\":\"0\",\"houses\":\"1\",\"vehicles\":\"0\"},\"members\":[{\"resident_id\":\"$1\",\"name\":\"$2\",\"relation\":\"self\",\"facts\":{\"status\":\"normal\",\"illness\":\"none\",\"disability\":\"none\",\"income_wage\":\"0\",\"income_business\":\"0\",\"income_property\":\"0\",\"income_transfer\":\"0\"}}]}')")
	as_role demo_clerk1 "SELECT onedoor.record_materials(gen_random_uuid(), '$app', ARRAY[onedoor.authorisation_material()])" >/dev/null
	as_role demo_clerk1 "SELECT case_no FROM onedoor.accept_application(gen_random_uuid(), '$app', 1, '[{\"item\":\"dibao_rural\"}]')"
}
case1=$(open_case 511703198502140025 "欧阳娜娜")
case2=$(open_case 511703198305050039 "司马建国")
ok_match "two cases opened" "^A[0-9]{12}-01$" "$case1"

login() { # ROLE
	tmux_wait "登录名" >/dev/null
	tmux_keys -l "$1"; tmux_keys Enter
	tmux_keys -l onedoor; tmux_keys Enter
}
stage_of() { psql -X -At -d $DB -c "SELECT stage FROM onedoor.cases WHERE case_no = '$1'"; }

# The supervisor watches first: nothing waits for supervision yet.
tmux_start 80 24 "$ONEDOOR_BIN/onedoor" --config "$ini"
tmux_use main
login demo_supervisor
ok_if "supervisor starts on the case worklist" tmux_wait "Cases|案件"
ok_if "nothing to supervise yet" tmux_wait "0 of 2|0 / 2|显示 0"

tmux_session verifier 80 24 "$ONEDOOR_BIN/onedoor" --config "$ini"
tmux_use verifier
login demo_verifier
ok_if "verifier sees both cases with a light letter" tmux_wait "^G +$case1 +欧阳娜娜 +农村最低生活保障 +核对"
tmux_keys Enter
ok_if "the case screen shows the running clocks" tmux_wait "核对：自 .*到期"
# The history is read after the clocks (the case screen reads in parts).
ok_if "and the history" tmux_wait "同意受理 张敏"
tmux_keys F8
ok_if "verified (核对通过)" tmux_wait "核对通过：已完成"
ok_eq "the case moved to supervision" "supervise" "$(stage_of "$case1")"

tmux_use main
ok_if "the supervisor's list refreshed by itself" tmux_wait "^G +$case1 +欧阳娜娜 .*督办" 10

# Two supervisors' sessions on one case: exactly one wins.
tmux_session second 80 24 "$ONEDOOR_BIN/onedoor" --config "$ini"
tmux_use second
login demo_supervisor
tmux_wait "$case1" >/dev/null
tmux_keys Enter
tmux_wait "督办通过|F8" >/dev/null
tmux_use main
tmux_keys Enter
tmux_wait "F8" >/dev/null
tmux_keys F8
ok_if "first supervisor passes the case" tmux_wait "督办通过：已完成"
tmux_use second
tmux_keys F8
# The second screen may have refreshed live before F8 (then the case is no
# longer in their stage) or not (then the server reports the conflict):
# either message, said as such, and the case as it is now.
ok_if "second supervisor is told" tmux_wait "此案件已被.*修改|不是您在此环节的工作"
ok_match "and sees the case as it is now" "环节：审批" "$(tmux_screen)"
ok_eq "the supervision was recorded once" "1" \
	"$(psql -X -At -d $DB -c "SELECT count(*) FROM onedoor.case_events e JOIN onedoor.cases c ON c.id = e.case_id WHERE c.case_no = '$case1' AND e.action = 'supervise_pass'")"

# The approver approves the first case and refuses the second with a reason.
psql -X -q -d $DB -c "SELECT onedoor.case_act(gen_random_uuid(), c.id, c.version, 'verify_pass') FROM onedoor.cases c WHERE case_no = '$case2'" >/dev/null
PGPASSWORD=onedoor psql -X -q -U demo_verifier -d $DB -c "SELECT onedoor.case_act(gen_random_uuid(), c.id, c.version, 'verify_pass') FROM onedoor.cases c WHERE case_no = '$case2'" >/dev/null 2>&1
PGPASSWORD=onedoor psql -X -q -U demo_supervisor -d $DB -c "SELECT onedoor.case_act(gen_random_uuid(), c.id, c.version, 'supervise_pass') FROM onedoor.cases c WHERE case_no = '$case2'" >/dev/null 2>&1
ok_eq "second case waits for approval" "approve" "$(stage_of "$case2")"

tmux_session approver 80 24 "$ONEDOOR_BIN/onedoor" --config "$ini"
tmux_use approver
login demo_approver
ok_if "approver sees both cases" tmux_wait "$case2"
tmux_wait "$case1" >/dev/null
tmux_keys Enter
tmux_wait "F8" >/dev/null
screen=$(tmux_screen)
case_on_screen=$(printf '%s\n' "$screen" | grep -Eo "A[0-9]{12}-01" | head -n 1)
tmux_keys F8
ok_if "approving asks for the amount and the month" tmux_wait "金额（元）"
tmux_keys F8
ok_if "approved (同意救助)" tmux_wait "同意救助：已完成"
ok_eq "approved case moves to filing" "file" "$(stage_of "$case_on_screen")"
tmux_keys Escape
tmux_wait "环节：备案" >/dev/null
tmux_keys Escape
other=$case2
[ "$case_on_screen" = "$case2" ] && other=$case1
tmux_wait "$other" >/dev/null
tmux_keys Enter
tmux_wait "F4" >/dev/null
tmux_keys F4
ok_if "refusing asks for the reason" tmux_wait "^  理由"
tmux_keys -l "家庭存款超过标准"
tmux_keys F4
ok_if "refused (不同意救助)" tmux_wait "不同意救助：已完成"
ok_eq "refused case ends refused" "refused" "$(stage_of "$other")"
ok_eq "the reason is recorded" "家庭存款超过标准" \
	"$(psql -X -At -d $DB -c "SELECT e.reason FROM onedoor.case_events e JOIN onedoor.cases c ON c.id = e.case_id WHERE c.case_no = '$other' AND e.action = 'reject'")"
done_testing
