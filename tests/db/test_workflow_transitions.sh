#!/bin/sh
# Every transition of the case workflow, allowed and forbidden, through the
# real demo logins: wrong role, wrong stage, other centre / department,
# self-approval, stale version, missing reason; the three tracks.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database wf_transitions
set_today 2026-03-02

# An approver for education items (the demo one is civil affairs).
staff_login wf_edu approver 教育审批员 "" 511703 education

# Accepting an application (同意受理) -----------------------------------------
items='["wf_dibao", "wf_linshi", {"item": "wf_jiaoyu", "resident_id": "511703194406050136", "track": "commitment"}]'
ok_eq "clerk of another centre cannot accept" 42501 \
	"$(try_sql demo_clerk2 "SELECT * FROM onedoor.accept_application(gen_random_uuid(), 'ADEMO-001', 1, '$items')")"
ok_eq "a verifier cannot accept" 42501 \
	"$(try_sql demo_verifier "SELECT * FROM onedoor.accept_application(gen_random_uuid(), 'ADEMO-001', 1, '$items')")"
ok_eq "stale application version is a conflict" OD409 \
	"$(try_sql demo_clerk1 "SELECT * FROM onedoor.accept_application(gen_random_uuid(), 'ADEMO-001', 7, '$items')")"
ok_eq "unknown item refused" 22023 \
	"$(try_sql demo_clerk1 "SELECT * FROM onedoor.accept_application(gen_random_uuid(), 'ADEMO-001', 1, '[\"nope\"]')")"
ok_eq "commitment only where the item allows it" 22023 \
	"$(try_sql demo_clerk1 "SELECT * FROM onedoor.accept_application(gen_random_uuid(), 'ADEMO-001', 1, '[{\"item\": \"wf_tekun\", \"track\": \"commitment\"}]')")"
ids=$(accept_app demo_clerk1 ADEMO-001 "$items")
N=$(echo "$ids" | sed -n 1p)
G=$(echo "$ids" | sed -n 2p)
C=$(echo "$ids" | sed -n 3p)
ok_eq "accepting a package opens one case per item" 3 "$(echo "$ids" | grep -c .)"
ok_eq "tracks and first stages" "normal verify|green approve|commitment supervise" \
	"$(su_sql "SELECT string_agg(track || ' ' || stage, '|' ORDER BY id) FROM onedoor.cases WHERE id IN ($N, $G, $C)")"
ok_eq "application is accepted with the phrase" "accepted|同意受理|demo_clerk1" \
	"$(su_sql "SELECT status || '|' || decision_phrase || '|' || decided_by FROM onedoor.applications WHERE application_no = 'ADEMO-001'")"
ok_eq "the accept stage is in the timeline" "accept|同意受理|accept|verify" \
	"$(su_sql "SELECT action || '|' || phrase || '|' || from_stage || '|' || to_stage FROM onedoor.case_events WHERE case_id = $N")"
ok_eq "accepting twice is not possible" 55000 \
	"$(try_sql demo_clerk1 "SELECT * FROM onedoor.accept_application(gen_random_uuid(), 'ADEMO-001', 2, '$items')")"

# Normal track: accept -> verify -> supervise -> approve -> file -> filed ----
ok_eq "clerk cannot verify" 42501 "$(act demo_clerk1 "$N" verify_pass)"
ok_eq "supervisor cannot verify" 42501 "$(act demo_supervisor "$N" verify_pass)"
ok_eq "auditor cannot act at all" 42501 "$(act demo_auditor "$N" verify_pass)"
ok_eq "approver cannot approve in stage verify" 55000 "$(act demo_approver "$N" approve)"
ok_eq "verifier cannot file in stage verify" 42501 "$(act demo_verifier "$N" file)"
ok_eq "stale case version is a conflict" OD409 \
	"$(try_sql demo_verifier "SELECT * FROM onedoor.case_act(gen_random_uuid(), $N, 0, 'verify_pass')")"
ok_eq "核对不通过 needs a reason" 22023 "$(act demo_verifier "$N" verify_fail)"
ok_eq "unknown action" 22023 "$(act demo_verifier "$N" fly)"
ok_eq "unknown case" P0002 \
	"$(try_sql demo_verifier "SELECT * FROM onedoor.case_act(gen_random_uuid(), 999999, 1, 'verify_pass')")"
ok_eq "verifier passes verification" ok "$(act demo_verifier "$N" verify_pass)"
ok_eq "now in supervise" supervise "$(stage_of "$N")"
ok_eq "verifier cannot return from supervise" 42501 "$(act demo_verifier "$N" return 'x')"
ok_eq "退回 needs a reason" 22023 "$(act demo_supervisor "$N" return)"
ok_eq "supervisor returns one stage back" ok "$(act demo_supervisor "$N" return '缺少银行流水')"
ok_eq "back in verify" verify "$(stage_of "$N")"
ok_eq "the return is recorded with its reason" "退回|supervise|verify|缺少银行流水|demo_supervisor" \
	"$(su_sql "SELECT phrase || '|' || from_stage || '|' || to_stage || '|' || reason || '|' || actor FROM onedoor.case_events WHERE case_id = $N ORDER BY id DESC LIMIT 1")"
ok_eq "verifier passes again" ok "$(act demo_verifier "$N" verify_pass)"
ok_eq "supervisor passes" ok "$(act demo_supervisor "$N" supervise_pass)"
ok_eq "now in approve" approve "$(stage_of "$N")"
ok_eq "approver of another department cannot approve" 42501 "$(act wf_edu "$N" approve)"
ok_eq "clerk cannot approve" 42501 "$(act demo_clerk1 "$N" approve)"
ok_eq "approver approves (同意救助)" ok "$(act demo_approver "$N" approve)"
ok_eq "now in file" file "$(stage_of "$N")"
ok_eq "approver cannot file" 42501 "$(act demo_approver "$N" file)"
ok_eq "supervisor files (备案)" ok "$(act demo_supervisor "$N" file)"
ok_eq "filed" filed "$(stage_of "$N")"
ok_eq "nothing more on a filed case" 55000 "$(act demo_supervisor "$N" file)"
ok_eq "no return from filed" 55000 "$(act demo_clerk1 "$N" withdraw 'x')"
ok_eq "timeline phrases in order" "同意受理,核对通过,退回,核对通过,督办通过,同意救助,备案" \
	"$(su_sql "SELECT string_agg(phrase, ',' ORDER BY id) FROM onedoor.case_events WHERE case_id = $N")"
ok_eq "each event records person, group, terminal" "demo_verifier|verifier|psql" \
	"$(su_sql "SELECT actor || '|' || actor_group || '|' || application_name FROM onedoor.case_events WHERE case_id = $N AND action = 'verify_pass' ORDER BY id LIMIT 1")"

# Green channel: provisional approval first, materials on their own clock --
ok_eq "green case is provisional with a materials clock" "true|materials|2026-03-05" \
	"$(su_sql "SELECT provisional || '|' || check_kind || '|' || check_due FROM onedoor.case_worklist WHERE id = $G")"
ok_eq "green: approval before verification" ok "$(act demo_approver "$G" approve)"
ok_eq "green: phrase marks the provisional approval" "同意救助（先行救助）" \
	"$(su_sql "SELECT phrase FROM onedoor.case_events WHERE case_id = $G ORDER BY id DESC LIMIT 1")"
ok_eq "green: supervisor passes" ok "$(act demo_supervisor "$G" supervise_pass)"
ok_eq "green: cannot file before the materials check" 55000 "$(act demo_supervisor "$G" file)"
ok_eq "green: clerk cannot pass the check" 42501 "$(act demo_clerk1 "$G" check_pass)"
ok_eq "green: verifier passes the check" ok "$(act demo_verifier "$G" check_pass)"
ok_eq "green: no longer provisional" f \
	"$(su_sql "SELECT provisional FROM onedoor.case_worklist WHERE id = $G")"
ok_eq "green: check cannot be passed twice" 55000 "$(act demo_verifier "$G" check_pass)"
ok_eq "green: filed" ok "$(act demo_supervisor "$G" file)"

# Commitment: verification becomes a post-check one month after approval --
ok_eq "commitment: supervisor passes" ok "$(act demo_supervisor "$C" supervise_pass)"
ok_eq "commitment: civil affairs cannot approve an education item" 42501 \
	"$(act demo_approver "$C" approve)"
ok_eq "commitment: education approver approves" ok "$(act wf_edu "$C" approve)"
# Approved on Monday 2026-03-02: a month later is Thursday 2026-04-02.
ok_eq "commitment: post-check due one calendar month later" "postcheck|2026-04-02" \
	"$(su_sql "SELECT check_kind || '|' || check_due FROM onedoor.cases WHERE id = $C")"
ok_eq "commitment: supervisor files" ok "$(act demo_supervisor "$C" file)"
ok_eq "commitment: filed case stays on the worklist while the post-check runs" "filed|postcheck" \
	"$(su_sql "SELECT stage || '|' || check_kind FROM onedoor.case_worklist WHERE id = $C")"
ok_eq "commitment: failed post-check needs a reason" 22023 "$(act demo_verifier "$C" check_fail)"
ok_eq "commitment: failed post-check ends the case" ok \
	"$(act demo_verifier "$C" check_fail '大数据核查发现有登记车辆')"
ok_eq "commitment: refused" refused "$(stage_of "$C")"
# A post-check falling on a holiday moves to the next working day:
# approved 2026-04-01, a month later is Friday 2026-05-01 (劳动节) -> 05-06.
ok_eq "post-check due moves past the May Day holiday" 2026-05-06 \
	"$(su_sql "SELECT onedoor.postcheck_due('2026-04-01')")"

# Self-approval ----------------------------------------------------------------
S=$(accept_app demo_clerk1 ADEMO-002 '["wf_dibao"]')
act demo_verifier "$S" verify_pass >/dev/null
act demo_supervisor "$S" supervise_pass >/dev/null
regroup demo_verifier approver civil_affairs
ok_eq "who verified a case cannot approve it" 42501 "$(act demo_verifier "$S" approve)"
ok_eq "who verified a case cannot refuse it either" 42501 "$(act demo_verifier "$S" reject 'x')"
regroup demo_clerk1 approver civil_affairs
ok_eq "who accepted a case cannot approve it" 42501 "$(act demo_clerk1 "$S" approve)"
regroup demo_clerk1 clerk ''
regroup demo_verifier verifier ''
ok_eq "another approver can" ok "$(act demo_approver "$S" approve)"

# Refusing an application (不同意受理) ------------------------------------------
ok_eq "不同意受理 needs a reason" 22023 \
	"$(try_sql demo_clerk1 "SELECT * FROM onedoor.refuse_application(gen_random_uuid(), 'ADEMO-003', 1, ' ')")"
ok_eq "clerk refuses an application" ok \
	"$(try_sql demo_clerk1 "SELECT * FROM onedoor.refuse_application(gen_random_uuid(), 'ADEMO-003', 1, '户籍不在本辖区')")"
ok_eq "refused with phrase and reason" "refused|不同意受理|户籍不在本辖区" \
	"$(su_sql "SELECT status || '|' || decision_phrase || '|' || decision_reason FROM onedoor.applications WHERE application_no = 'ADEMO-003'")"
ok_eq "a refused application cannot be accepted" 55000 \
	"$(try_sql demo_clerk1 "SELECT * FROM onedoor.accept_application(gen_random_uuid(), 'ADEMO-003', 2, '[\"wf_dibao\"]')")"

# Withdraw, reject --------------------------------------------------------------
W=$(accept_app demo_clerk1 ADEMO-004 '["wf_dibao"]')
ok_eq "clerk of another centre cannot withdraw" 42501 "$(act demo_clerk2 "$W" withdraw 'x')"
ok_eq "撤回 needs a reason" 22023 "$(act demo_clerk1 "$W" withdraw)"
ok_eq "clerk withdraws" ok "$(act demo_clerk1 "$W" withdraw '申请人主动撤回')"
ok_eq "withdrawn" withdrawn "$(stage_of "$W")"
R=$(accept_app demo_clerk1 ADEMO-005 '["wf_tekun"]')
act demo_verifier "$R" verify_pass >/dev/null
act demo_supervisor "$R" supervise_pass >/dev/null
ok_eq "不同意救助 needs a reason" 22023 "$(act demo_approver "$R" reject)"
ok_eq "approver refuses (不同意救助)" ok "$(act demo_approver "$R" reject '家庭财产超标')"
ok_eq "refused" refused "$(stage_of "$R")"

# Return to the window, accept again, refuse at the window -----------------
B=$(accept_app demo_clerk2 ADEMO-006 '["wf_dibao"]')
ok_eq "verifier returns to the window" ok "$(act demo_verifier "$B" return '身份证复印件不清晰')"
ok_eq "back in accept" accept "$(stage_of "$B")"
ok_eq "clerk of another centre cannot accept it" 42501 "$(act demo_clerk1 "$B" accept)"
ok_eq "clerk accepts again" ok "$(act demo_clerk2 "$B" accept)"
ok_eq "in verify again" verify "$(stage_of "$B")"
ok_eq "no return from accept" 55000 "$(act demo_verifier "$B" return 'x' >/dev/null; act demo_clerk2 "$B" return 'x')"
ok_eq "clerk refuses at the window (不同意受理)" ok "$(act demo_clerk2 "$B" refuse '材料不全')"

# Exclusions at intake -------------------------------------------------------
ok_eq "items that exclude each other in one package" 23P01 \
	"$(try_sql demo_clerk2 "SELECT * FROM onedoor.accept_application(gen_random_uuid(), 'ADEMO-007', 1, '[\"wf_dibao\", \"wf_tekun\"]')")"
# A second application of household HDEMO-001, which holds 低保 (case N).
su_sql "INSERT INTO onedoor.applications (application_no, household_id, centre_code, request_id)
	SELECT 'AWF-LATER', household_id, centre_code, gen_random_uuid()
	FROM onedoor.applications WHERE application_no = 'ADEMO-001'" >/dev/null
msg=$(PGPASSWORD=onedoor psql -X -q -At -U demo_clerk1 -d "$DB" -c \
	"SELECT * FROM onedoor.accept_application(gen_random_uuid(), 'AWF-LATER', 1, '[\"wf_tekun\"]')" 2>&1)
ok_match "an item excluded by one held is refused saying where" \
	"杨建国 already holds 最低生活保障 \\(case ADEMO-001-01, 三里坪街道便民服务中心\\)" "$msg"

# Idempotent retry -------------------------------------------------------------
I=$(accept_app demo_clerk2 ADEMO-008 '["wf_dibao"]')
rid=$(su_sql "SELECT gen_random_uuid()")
first=$(PGPASSWORD=onedoor psql -X -q -At -U demo_verifier -d "$DB" -c \
	"SELECT stage || ' ' || version FROM onedoor.case_act('$rid', $I, 1, 'verify_pass')")
again=$(PGPASSWORD=onedoor psql -X -q -At -U demo_verifier -d "$DB" -c \
	"SELECT stage || ' ' || version FROM onedoor.case_act('$rid', $I, 1, 'verify_pass')")
ok_eq "first outcome" "supervise 2" "$first"
ok_eq "a retry returns the first outcome" "$first" "$again"
ok_eq "and acts only once" 1 "$(su_sql "SELECT count(*) FROM onedoor.case_events WHERE request_id = '$rid'")"
ok_eq "another person cannot replay a request id" 22023 \
	"$(try_sql demo_supervisor "SELECT * FROM onedoor.case_act('$rid', $I, 1, 'verify_pass')")"
arid=$(su_sql "SELECT gen_random_uuid()")
a1=$(PGPASSWORD=onedoor psql -X -q -At -U demo_clerk2 -d "$DB" -c \
	"SELECT string_agg(case_no, ',') FROM onedoor.accept_application('$arid', 'ADEMO-009', 1, '[\"wf_dibao\", \"wf_linshi\"]')")
a2=$(PGPASSWORD=onedoor psql -X -q -At -U demo_clerk2 -d "$DB" -c \
	"SELECT string_agg(case_no, ',') FROM onedoor.accept_application('$arid', 'ADEMO-009', 1, '[\"wf_dibao\", \"wf_linshi\"]')")
ok_eq "accepting retried returns the same cases" "ADEMO-009-01,ADEMO-009-02" "$a2"
ok_eq "first accept gave them" "$a1" "$a2"
done_testing
