#!/bin/sh
# Urging (催办) on a yellow case and 通报 on a red one, as the real roles:
# allowed only by the light, recorded once a day, in the case's history and
# in the owner's and the discipline commission's lists, answered when the
# stage moves on.  A complaint through its limit to its outcome, seen by
# whom it may be.  Leaders' statistics that add up to the cases they count.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database wf_accountability
set_today 2026-03-02

# ROLE -> open cases red today: summed over the windows' statistics, over
# the departments', and counted on the worklist the lights come from.
red_now() {
	as_role "$1" "SELECT (SELECT sum(red_now) FROM onedoor.stats_windows('2026-03-01', '2026-03-31'))
		|| '|' || (SELECT sum(red_now) FROM onedoor.stats_departments('2026-03-01', '2026-03-31'))
		|| '|' || (SELECT count(*) FROM onedoor.case_worklist WHERE light = 'red')"
}
same_red() { # ROLE -> "ok" when the three agree, else what they were
	_r=$(red_now "$1")
	case $_r in "${_r##*|}|${_r##*|}|${_r##*|}") echo ok ;; *) echo "$_r" ;; esac
}

urge() { # ROLE CASE KIND NOTE [RESPONSIBLE]
	if [ -n "${5:-}" ]; then _who="'$5'"; else _who=NULL; fi
	try_sql "$1" "SELECT onedoor.case_urge(gen_random_uuid(), $2, '$3', '$4', $_who)"
}

C=$(accept_app demo_clerk1 ADEMO-001 '["wf_dibao"]')
ok_eq "the case waits for verification" verify "$(stage_of "$C")"

# Urging by the light ------------------------------------------------------------
ok_eq "a green case cannot be urged" 55000 "$(urge demo_supervisor "$C" urge '请尽快核对')"
set_today 2026-03-04
ok_eq "the case is yellow two working days on" yellow \
	"$(su_sql "SELECT light FROM onedoor.case_worklist WHERE id = $C")"
ok_eq "red now per window and department agrees with the worklist (yellow day)" ok \
	"$(same_red demo_supervisor)"
ok_eq "a clerk may not urge" 42501 "$(urge demo_clerk1 "$C" urge '请尽快核对')"
ok_eq "an urge needs a note" 22023 "$(urge demo_supervisor "$C" urge ' ')"
ok_eq "a yellow case is not reported" 55000 "$(urge demo_supervisor "$C" report '已超期')"
ok_eq "the supervision window urges a yellow case" ok \
	"$(urge demo_supervisor "$C" urge '请尽快核对')"
ok_eq "a second urge the same day is refused" 23505 \
	"$(urge demo_supervisor "$C" urge '再次催办')"
ok_eq "the urge stands in the case's history" "urge|催办|verify|verify|请尽快核对" \
	"$(as_role demo_verifier "SELECT action || '|' || phrase || '|' || from_stage || '|' ||
		to_stage || '|' || reason FROM onedoor.case_timeline WHERE case_id = $C AND action = 'urge'")"
ok_eq "the verification office sees it in its list, open" "verify|verifier|" \
	"$(as_role demo_verifier "SELECT stage || '|' || owner_group || '|' || coalesce(answered_at::text, '')
		FROM onedoor.case_urge_list WHERE case_id = $C")"
ok_eq "urging leaves the case's version alone" 1 \
	"$(su_sql "SELECT version FROM onedoor.cases WHERE id = $C")"
ok_eq "another centre's clerk does not see it" 0 \
	"$(as_role demo_clerk2 "SELECT count(*) FROM onedoor.case_urge_list")"

# 通报 on red --------------------------------------------------------------------
set_today 2026-03-09
ok_eq "the case is red past its due date" red \
	"$(su_sql "SELECT light FROM onedoor.case_worklist WHERE id = $C")"
ok_eq "the person held responsible must act in the stage" 22023 \
	"$(urge demo_supervisor "$C" report '核对超期' demo_clerk1)"
ok_eq "the supervision window reports a red case" ok \
	"$(urge demo_supervisor "$C" report '核对超期三个工作日' demo_verifier)"
ok_eq "red now per window and department agrees with the worklist, the supervisor's" ok \
	"$(same_red demo_supervisor)"
ok_eq "and the discipline commission's" ok "$(same_red demo_auditor)"
ok_eq "the case's window counts it red with no write since it was yellow" 1 \
	"$(as_role demo_supervisor "SELECT count(*) FROM onedoor.stats_windows('2026-03-01', '2026-03-31') w
		JOIN onedoor.cases c ON c.centre_code = w.centre_code
		WHERE c.id = $C AND w.red_now >= 1")"
ok_eq "the discipline commission's list has it, with the person responsible" \
	"report|demo_verifier|核对超期三个工作日" \
	"$(as_role demo_auditor "SELECT kind || '|' || responsible || '|' || note
		FROM onedoor.case_urge_list WHERE kind = 'report'")"
ok_eq "a replayed request returns the same entry" 1 \
	"$(rid=$(su_sql "SELECT gen_random_uuid()")
	   as_role demo_supervisor "SELECT onedoor.case_urge('$rid', $C, 'urge', '再催')" >/dev/null
	   as_role demo_supervisor "SELECT onedoor.case_urge('$rid', $C, 'urge', '再催')" >/dev/null
	   su_sql "SELECT count(*) FROM onedoor.case_urges WHERE request_id = '$rid'")"
ok_eq "nobody writes the table directly" error \
	"$(try_sql demo_supervisor "DELETE FROM onedoor.case_urges" | sed 's/42501/error/')"
ok_eq "urges and reports are in the audit trail" 3 \
	"$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE object_type = 'case_urges' AND action = 'insert'")"
act demo_verifier "$C" verify_pass >/dev/null
ok_eq "leaving the stage answers its urges and report" 0 \
	"$(su_sql "SELECT count(*) FROM onedoor.case_urges WHERE case_id = $C AND answered_at IS NULL")"

# Complaints ---------------------------------------------------------------------
complain() { # ROLE JSON -> complaint_no|due_on or SQLSTATE
	PGPASSWORD=onedoor psql -X -q -At -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -U "$1" -d "$DB" \
		-c "SELECT complaint_no || '|' || due_on FROM onedoor.complaint_record(gen_random_uuid(), '$2')" 2>&1 |
		sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\):.*/\1/p; /|/p'
}
case_no=$(su_sql "SELECT case_no FROM onedoor.cases WHERE id = $C")
K=$(complain demo_clerk1 "{\"complainant\":\"王芳\",\"phone\":\"13800000001\",\"case_no\":\"$case_no\",\"body\":\"材料交了三次\"}")
ok_match "a clerk records a complaint at the window, due in 15 working days" \
	"^TS20260309-0001\|2026-03-30$" "$K"
K=${K%%|*}
ok_eq "a complaint names what it is about" 22023 \
	"$(complain demo_supervisor '{"complainant":"张三","body":"态度不好"}' | head -n 1)"
ok_eq "control characters are refused" 22023 \
	"$(complain demo_clerk1 "{\"complainant\":\"张三\",\"about_centre\":\"511703001\",\"body\":\"a\\u0007b\"}")"
K2=$(complain demo_auditor '{"channel":"hotline","complainant":"李四","about_staff":"demo_clerk1","body":"窗口人员索要好处"}')
K2=${K2%%|*}
ok_eq "a complaint about a clerk is hidden from that clerk" "1" \
	"$(as_role demo_clerk1 "SELECT count(*) FROM onedoor.complaint_list")"
ok_eq "the discipline commission sees both" 2 \
	"$(as_role demo_auditor "SELECT count(*) FROM onedoor.complaint_list")"
ok_eq "the supervisor sees the county's" 2 \
	"$(as_role demo_supervisor "SELECT count(*) FROM onedoor.complaint_list")"
ok_eq "a complaint starts green" green \
	"$(as_role demo_auditor "SELECT light FROM onedoor.complaint_list WHERE complaint_no = '$K'")"
set_today 2026-03-26
ok_eq "it turns yellow three working days before its due date" yellow \
	"$(as_role demo_auditor "SELECT light FROM onedoor.complaint_list WHERE complaint_no = '$K'")"
set_today 2026-03-31
ok_eq "and red after it" red \
	"$(as_role demo_auditor "SELECT light FROM onedoor.complaint_list WHERE complaint_no = '$K'")"
close() { # ROLE NO VERSION OUTCOME NOTE
	try_sql "$1" "SELECT onedoor.complaint_close(gen_random_uuid(), '$2', $3, '$4', '$5')"
}
ok_eq "a clerk may not close a complaint" 42501 "$(close demo_clerk1 "$K" 1 upheld '已处理')"
ok_eq "an outcome needs a note" 22023 "$(close demo_supervisor "$K" 1 upheld '')"
ok_eq "a stale version is refused" OD409 "$(close demo_supervisor "$K" 7 upheld '已处理')"
ok_eq "the supervisor closes it with its outcome" ok \
	"$(close demo_supervisor "$K" 1 upheld '已向申请人致歉，材料一次收齐')"
ok_eq "a closed complaint is not closed again" 55000 \
	"$(close demo_supervisor "$K" 2 not_upheld '重复')"
ok_eq "its light is gone, and it was answered late" "|true" \
	"$(as_role demo_auditor "SELECT coalesce(light, '') || '|' || closed_late FROM onedoor.complaint_list WHERE complaint_no = '$K'")"

# Statistics ---------------------------------------------------------------------
act demo_supervisor "$C" supervise_pass >/dev/null
act demo_approver "$C" approve >/dev/null
act demo_supervisor "$C" file >/dev/null
ok_eq "the case is filed" filed "$(stage_of "$C")"
members=$(su_sql "SELECT count(*) FROM onedoor.household_members m JOIN onedoor.cases c
	ON c.household_id = m.household_id WHERE c.id = $C")
ok_eq "assisted: one case, one household, every member of it" "1|1|$members" \
	"$(as_role demo_supervisor "SELECT sum(cases) || '|' || sum(households) || '|' || sum(persons)
		FROM onedoor.stats_assisted('2026-01-01', '2026-12-31')")"
ok_eq "the window's figures: accepted, urged (yellow and red), reported, complaints, late" "1|2|1|1|1" \
	"$(as_role demo_supervisor "SELECT accepted || '|' || urges || '|' || reports || '|' ||
		complaints || '|' || complaints_late
		FROM onedoor.stats_windows('2026-03-01', '2026-03-31') WHERE centre_code = '511703001'")"
ok_eq "verification took 5 working days against 3, late" "verify|1|5|3|1" \
	"$(as_role demo_supervisor "SELECT stage || '|' || left_count || '|' || median_days || '|' ||
		limit_days || '|' || late FROM onedoor.stats_stage_times('2026-03-01', '2026-03-31')
		WHERE stage = 'verify'")"
ok_eq "monthly series has one row per month, the empty ones zero" "12|1" \
	"$(as_role demo_supervisor "SELECT count(*) || '|' || sum(cases) FROM onedoor.stats_monthly('2026-12-31', 12)")"
ok_eq "another county's supervisor counts none of it" 0 \
	"$(su_sql "INSERT INTO onedoor.regions (code, name, parent, level) VALUES ('110101', '东城区', NULL, 3)" >/dev/null
	   staff_login acc_sup2 supervisor '周明' '' 110101
	   su_sql "SELECT count(*) FROM onedoor.staff WHERE role_name = 'acc_sup2'" | grep -qx 1 || echo missing
	   as_role acc_sup2 "SELECT coalesce(sum(cases), 0) FROM onedoor.stats_assisted('2026-01-01', '2026-12-31')")"
ok_eq "clerks have no statistics" 42501 \
	"$(try_sql demo_clerk1 "SELECT * FROM onedoor.stats_windows('2026-03-01', '2026-03-31')")"

# The county's limit for answering complaints -----------------------------------
limit_mine() { # ROLE -> days|set by the county|version
	as_role "$1" "SELECT limit_days || '|' || set_here || '|' || version FROM onedoor.complaint_limit_mine()"
}
set_limit() { # ROLE DAYS VERSION
	try_sql "$1" "SELECT onedoor.complaint_limit_set(gen_random_uuid(), $2, $3)"
}
ok_eq "a county that set no limit answers within the default" "15|false|0" "$(limit_mine demo_clerk1)"
ok_eq "a supervisor does not set the county's limit" 42501 "$(set_limit demo_supervisor 10 0)"
ok_eq "a limit is 1 to 60 working days" 22023 "$(set_limit demo_admin 61 0)"
ok_eq "the county's administrator sets it" ok "$(set_limit demo_admin 10 0)"
ok_eq "a stale version is refused" OD409 "$(set_limit demo_admin 12 0)"
ok_eq "the window and the county centre read the county's limit" "10|true|1 10|true|1" \
	"$(limit_mine demo_clerk1) $(limit_mine demo_supervisor)"
ok_eq "another county keeps the default" "15|false|0" "$(limit_mine acc_sup2)"
ok_eq "the change is in the audit trail" 1 \
	"$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE object_type = 'complaint_limits'")"
set_today 2026-04-01
K3=$(complain demo_clerk1 "{\"complainant\":\"刘洋\",\"about_centre\":\"511703001\",\"body\":\"窗口无人\"}")
ok_match "a complaint received now is due in the county's 10 working days" \
	"^TS20260401-0001\|2026-04-16$" "$K3"
K3=${K3%%|*}
ok_eq "one received before keeps the 15 days it was given" 15 \
	"$(su_sql "SELECT limit_days FROM onedoor.complaints WHERE complaint_no = '$K'")"
light_of_complaint() { as_role demo_supervisor "SELECT light FROM onedoor.complaint_list WHERE complaint_no = '$1'"; }
set_today 2026-04-14
ok_eq "its light turns yellow three working days before the new due date" yellow \
	"$(light_of_complaint "$K3")"
set_today 2026-04-17
ok_eq "and red the day after it" red "$(light_of_complaint "$K3")"
done_testing
