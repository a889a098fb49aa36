#!/bin/sh
# onedoor-admin user add | disable | passwd | list: staff logins are real
# PostgreSQL roles in their group, with a staff row; a disabled login can
# neither connect nor, in a session still open, act or see.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database wf_admin
ADMIN="$ONEDOOR_BIN/onedoor-admin"
login() { # LOGIN PASSWORD SQL
	PGPASSWORD=$2 psql -X -q -At -U "$1" -d "$DB" -c "$3" 2>&1
}

out=$(echo 'window-pw-1' | "$ADMIN" -c "$WF_INI" user add wf_clerk3 --name 王小明 --group clerk \
	--centre 511703102 2>&1)
ok_eq "user add exits 0" 0 "$?"
ok_eq "the new login is the clerk of its centre" "wf_clerk3|clerk|511703102" \
	"$(login wf_clerk3 window-pw-1 "SELECT role_name || '|' || role_group || '|' || centre_code FROM onedoor.current_staff()")"
ok_eq "and is a member of the clerk group only" "onedoor_clerk" \
	"$(su_sql "SELECT string_agg(g.rolname, ',') FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = 'wf_clerk3'")"
ok_match "user list shows it" "^wf_clerk3	clerk	511703102	-	-	active	王小明$" \
	"$("$ADMIN" -c "$WF_INI" user list)"
ok_eq "the addition is audited" 1 \
	"$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE object_type = 'staff' AND object_id = 'wf_clerk3' AND action = 'insert'")"
echo 'window-pw-1' | "$ADMIN" -c "$WF_INI" user add wf_clerk3 --name x --group clerk \
	--centre 511703102 >/dev/null 2>&1
ok_eq "adding an existing login fails" 1 "$?"
echo 'window-pw-1' | "$ADMIN" -c "$WF_INI" user add wf_boss --name x --group boss >/dev/null 2>&1
ok_eq "an unknown group is a usage error" 2 "$?"
echo 'short' | "$ADMIN" -c "$WF_INI" user add wf_short --name x --group auditor >/dev/null 2>&1
ok_eq "a short password is refused" 2 "$?"
echo 'window-pw-1' | "$ADMIN" -c "$WF_INI" user add wf_noctr --name x --group clerk >/dev/null 2>&1
ok_eq "a clerk without a centre is refused" 2 "$?"
ok_eq "and leaves no role behind" 0 "$(su_sql "SELECT count(*) FROM pg_roles WHERE rolname = 'wf_noctr'")"
"$ADMIN" -c "$WF_INI" user add >/dev/null 2>&1
ok_eq "user add without arguments is a usage error" 2 "$?"

echo 'window-pw-2' | "$ADMIN" -c "$WF_INI" user passwd wf_clerk3 >/dev/null
ok_eq "passwd exits 0" 0 "$?"
ok_match "the old password no longer works" "password authentication failed" \
	"$(login wf_clerk3 window-pw-1 "SELECT 1")"
ok_eq "the new one does" 1 "$(login wf_clerk3 window-pw-2 "SELECT 1")"
ok_eq "the password never reaches the audit log" 0 \
	"$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE coalesce(after::text, '') LIKE '%window-pw%'")"
echo 'window-pw-2' | "$ADMIN" -c "$WF_INI" user passwd nobody_here >/dev/null 2>&1
ok_eq "passwd of an unknown login fails" 1 "$?"

# A session opened before the login is disabled loses its rights at once.
C=$(accept_app demo_clerk2 ADEMO-006 '["wf_dibao"]')
fifo="$ONEDOOR_TEST_DIR/wf_admin.fifo"
rm -f "$fifo"
mkfifo "$fifo"
( PGPASSWORD=window-pw-2 psql -X -q -At -v VERBOSITY=verbose -U wf_clerk3 -d "$DB" < "$fifo" \
	> "$ONEDOOR_TEST_DIR/wf_admin.out" 2>&1 ) &
exec 3> "$fifo"
echo "SELECT 'before', count(*) FROM onedoor.cases;" >&3
sleep 1
"$ADMIN" -c "$WF_INI" user disable wf_clerk3 >/dev/null
ok_eq "disable exits 0" 0 "$?"
echo "SELECT 'after', count(*) FROM onedoor.cases;" >&3
echo "SELECT * FROM onedoor.case_act(gen_random_uuid(), $C, 1, 'withdraw', 'x');" >&3
exec 3>&-
wait
rm -f "$fifo"
session=$(cat "$ONEDOOR_TEST_DIR/wf_admin.out")
ok_match "the open session saw its centre's case" "^before\|1$" "$session"
ok_match "after disabling it sees nothing" "^after\|0$" "$session"
ok_match "and cannot act" "ERROR:  42501" "$session"
ok_match "a new session is refused" "not permitted to log in" \
	"$(login wf_clerk3 window-pw-2 "SELECT 1")"
ok_match "user list shows it disabled" "^wf_clerk3	clerk	511703102	-	-	disabled	" \
	"$("$ADMIN" -c "$WF_INI" user list)"
done_testing
