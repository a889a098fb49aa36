#!/bin/sh
# Staff numbers (工号): set by an administrator with onedoor-admin, unique
# and well formed, printed with the name on the decision notice (the
# receipt's line is unit-tested with receipt_format).
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database staff_number
admin() { PGUSER=demo_admin PGPASSWORD=onedoor "$ONEDOOR_BIN/onedoor-admin" -c "$WF_INI" "$@"; }
number_of() { su_sql "SELECT coalesce(staff_no, '-') FROM onedoor.staff WHERE role_name = '$1'"; }

ok_eq "the demo approver has a number" D0401 "$(number_of demo_approver)"
out=$(admin user number demo_approver D-0402 2>&1)
ok_eq "the administrator sets another" 0 $?
ok_match "and is told so" "demo_approver.*D-0402" "$out"
ok_eq "it is stored" D-0402 "$(number_of demo_approver)"
out=$(admin user number demo_verifier D-0402 2>&1)
ok_if "a number given to someone else is refused" test $? -ne 0
ok_match "naming who has it (in the language of the configuration)" "已分配给 demo_approver" "$out"
ok_eq "the verifier's is unchanged" C0301 "$(number_of demo_verifier)"
out=$(admin user number demo_verifier "C 0301; DROP" 2>&1)
ok_if "a malformed number is refused" test $? -ne 0
ok_match "saying what a number is" "1 至 16 位字母、数字或连字符" "$out"
out=$(admin user number nobody_here X1 2>&1)
ok_if "an unknown login is refused" test $? -ne 0
ok_eq "only administrators set numbers" 42501 \
	"$(try_sql demo_supervisor "SELECT onedoor.staff_set_number('demo_clerk1', 'X9')")"
ok_eq "the change is in the audit trail" 1 \
	"$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE object_type = 'staff'
		AND action = 'update' AND after ->> 'staff_no' = 'D-0402'")"

# The decision notice names the approver with the number.
set_today 2026-03-02
c=$(accept_app demo_clerk1 ADEMO-001 '["wf_dibao"]')
act demo_verifier "$c" verify_pass >/dev/null
act demo_supervisor "$c" supervise_pass >/dev/null
v=$(su_sql "SELECT version FROM onedoor.cases WHERE id = $c")
ok_eq "the approver decides" ok "$(try_sql demo_approver "SELECT * FROM onedoor.case_decide(
	gen_random_uuid(), $c, $v, 'granted', 50000, '2026-03-01', NULL)")"
notice=$(su_sql "SELECT text FROM onedoor.decision_notices WHERE case_id = $c")
ok_match "the notice names the approver with the staff number" "审批人：陈静（工号 D-0402）" "$notice"
done_testing
