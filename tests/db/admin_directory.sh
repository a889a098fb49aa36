# admin_directory.sh - a county set up with onedoor-admin alone: regions,
# centres, departments and staff logins without SQL; arguments refused
# before any connection; passwords sent as SCRAM verifiers and never in the
# server log; pg_ names refused; a centre closed only once nobody works
# there; the auditor verifies the audit chain; `demo` refused beside real
# staff.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
DB=od_admin_dir
dropdb --if-exists $DB >/dev/null 2>&1
for r in dir_admin dir_clerk dir_auditor dir_approver dir_coord dir_fin; do
	psql -X -q -c "DROP ROLE IF EXISTS $r" >/dev/null 2>&1
done
createdb $DB || exit 1
ini="$ONEDOOR_TEST_DIR/$DB.ini"
printf '[database]\nconninfo = dbname=%s\n[ui]\nlanguage = en\n' "$DB" >"$ini"
# A configuration whose server does not exist: what is refused with it was
# refused before connecting.
nowhere="$ONEDOOR_TEST_DIR/nowhere.ini"
printf '[database]\nconninfo = host=%s/none dbname=x connect_timeout=1\n[ui]\nlanguage = en\n' \
	"$ONEDOOR_TEST_DIR" >"$nowhere"
sql() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" -c "$1"; }
adm() { "$ONEDOOR_BIN/onedoor-admin" -c "$ini" "$@"; }
as_admin() { PGUSER=dir_admin PGPASSWORD=admin-secret-1 "$ONEDOOR_BIN/onedoor-admin" -c "$ini" "$@"; }

out=$(adm init </dev/null 2>&1)
ok_eq "init without an administrator succeeds" 0 $?
ok_match "init says how to add the first administrator" "region add" "$out"
ok_eq "the 13 departments of the one window come with the schema" 13 \
	"$(adm department list | wc -l)"

out=$(adm region add 510000 四川省 2>&1)
ok_eq "region add: a province" 0 $?
adm region add 511700 达州市 --parent 510000 >/dev/null
adm region add 511703 达川区 --parent 511700 >/dev/null
ok_eq "region list shows the county under its city, with its level" \
	"511703	达川区	511700	3	0" "$(adm region list | grep '^511703')"
out=$(adm region add 51170 短码 2>&1)
ok_eq "a five-digit region code is refused with status 2" 2 $?
ok_match "the message says what a region code is" "six digits" "$out"
out=$(adm region add 511703 又一个 --parent 511700 2>&1)
ok_match "a region code already there is refused" "already exists" "$out"

out=$(adm centre add 511703001 三里坪街道便民服务中心 --county 511703 --kind street 2>&1)
ok_eq "centre add" 0 $?
adm centre add 511703102 石桥镇便民服务中心 --county 511703 >/dev/null
out=$(adm centre add 999 无县中心 --county 999999 2>&1)
ok_match "a centre of an unknown county is refused, saying what to do" "region add" "$out"
out=$(adm centre add 511703003 --county 511703 2>&1)
ok_eq "centre add without a name: status 2" 2 $?

out=$(echo 'admin-secret-1' | adm init --admin dir_admin --name 县管理员 --county 511703 2>&1)
ok_eq "init --admin --county adds the county's administrator" 0 $?
ok_match "init reports the administrator added" "administrator dir_admin: added" "$out"

# Everything below as the county administrator, not the superuser.
out=$(printf 'clerk-secret-1\n' | as_admin user add dir_clerk --name 张敏 --group clerk \
	--centre 511703001 2>&1)
ok_eq "the administrator adds a clerk, password from standard input" 0 $?
ok_eq "the clerk logs in with that password" "dir_clerk" \
	"$(PGPASSWORD=clerk-secret-1 psql -X -At -U dir_clerk -d $DB -c 'SELECT current_user' 2>&1)"
ok_match "the server keeps a SCRAM verifier" "^SCRAM-SHA-256" \
	"$(sql "SELECT rolpassword FROM pg_authid WHERE rolname = 'dir_clerk'")"

# The password never reaches the server log, even with every statement
# logged and a failing add.
sql "ALTER ROLE dir_admin SET log_statement = 'all'"
log="$ONEDOOR_TEST_DIR/server.log"
printf 'visible-pw-77\n' | as_admin user add dir_auditor --name 杨帆 --group auditor \
	--county 511703 >/dev/null 2>&1
printf 'visible-pw-88\n' | as_admin user add dir_auditor --name 杨帆 --group auditor \
	--county 511703 >/dev/null 2>&1
sql "ALTER ROLE dir_admin RESET log_statement"
ok_if "the statement log saw the user add" grep -q "staff_add" "$log"
ok_if "no password is in the server log" sh -c "! grep -q 'visible-pw-' '$log'"

out=$(echo 'whatever-1' | "$ONEDOOR_BIN/onedoor-admin" -c "$nowhere" user add pg_yy --name X \
	--group clerk --centre 511703001 2>&1)
ok_eq "a login name starting pg_ is refused before connecting (status 2)" 2 $?
ok_match "the message says pg_ is reserved" "pg_ are reserved" "$out"
out=$(echo 'whatever-1' | "$ONEDOOR_BIN/onedoor-admin" -c "$nowhere" user add new_clerk \
	--name X --group clerk 2>&1)
ok_match "a clerk without --centre is refused before connecting" "needs --centre" "$out"
out=$("$ONEDOOR_BIN/onedoor-admin" -c "$nowhere" centre add 1 2>&1)
ok_eq "a missing operand is refused before connecting (status 2)" 2 $?
ok_match "and the command's help follows" "Usage: onedoor-admin .*centre add CODE NAME --county CODE" "$out"
out=$("$ONEDOOR_BIN/onedoor-admin" -c "$nowhere" init --bogus 2>&1)
ok_match "an unknown option of init is refused before connecting" 'unknown option "--bogus"' "$out"
out=$("$ONEDOOR_BIN/onedoor-admin" -c "$nowhere" init --help 2>&1)
ok_eq "init --help needs no server" 0 $?
ok_match "init --help lists --county" "--county CODE" "$out"
out=$(echo short | "$ONEDOOR_BIN/onedoor-admin" -c "$nowhere" user add dir_x --name X \
	--group auditor --county 511703 2>&1)
ok_match "a password under 8 characters is refused" "at least 8 characters" "$out"

# Villages and their coordinators.
out=$(as_admin village add 511703102201 石桥村 --centre 511703102 2>&1)
ok_eq "village add" 0 $?
as_admin village add 511703102202 五曲湾社区 --centre 511703102 --kind community >/dev/null
out=$(as_admin village add 5117031022 短码村 --centre 511703102 2>&1)
ok_match "a village code that is not 12 digits is refused" "twelve digits" "$out"
out=$(echo 'whatever-1' | "$ONEDOOR_BIN/onedoor-admin" -c "$nowhere" user add dir_coord \
	--name 周协理 --group coordinator 2>&1)
ok_match "a coordinator without --village is refused before connecting" "needs --village" "$out"
out=$(printf 'coord-secret-1\n' | as_admin user add dir_coord --name 周协理 --group coordinator \
	--village 511703102201 2>&1)
ok_eq "user add a village coordinator" 0 $?
ok_eq "bound to the village" "coordinator|511703102201" \
	"$(sql "SELECT role_group || '|' || village FROM onedoor.staff WHERE role_name = 'dir_coord'")"
ok_eq "village list counts the coordinator" \
	"511703102201	石桥村	village	511703102	1
511703102202	五曲湾社区	community	511703102	0" "$(as_admin village list --centre 511703102)"
out=$(echo 'whatever-1' | "$ONEDOOR_BIN/onedoor-admin" -c "$nowhere" user add dir_fin \
	--name 财政 --group finance 2>&1)
ok_match "a finance login without --county is refused before connecting" "needs --county" "$out"
printf 'finance-secret-1\n' | as_admin user add dir_fin --name 财政 --group finance \
	--county 511703 >/dev/null 2>&1
ok_eq "a finance login of the county" "finance|511703" \
	"$(sql "SELECT role_group || '|' || county FROM onedoor.staff WHERE role_name = 'dir_fin'")"
out=$(printf 'clerk-secret-9\n' | as_admin user add dir_x --name X --group clerk \
	--centre 511703102 --village 511703102201 2>&1)
ok_match "only a coordinator has a village" "only a coordinator" "$out"

out=$(as_admin centre close 511703001 2>&1)
ok_match "a centre with an active clerk is not closed; the message names her" "dir_clerk" "$out"
out=$(as_admin user move dir_clerk 511703102 2>&1)
ok_eq "user move gives the clerk another centre" 0 $?
ok_eq "the staff row says so" "511703102" \
	"$(sql "SELECT centre_code FROM onedoor.staff WHERE role_name = 'dir_clerk'")"
out=$(as_admin centre close 511703001 2>&1)
ok_eq "the empty centre closes" 0 $?
ok_match "centre list shows the day it closed" "^511703001	.*	[0-9]{4}-[0-9]{2}-[0-9]{2}$" \
	"$(as_admin centre list --county 511703 | grep '^511703001')"
out=$(as_admin user move dir_clerk 511703001 2>&1)
ok_match "nobody moves to a closed centre" "is closed" "$out"
as_admin centre rename 511703102 石桥镇便民服务中心（新址） >/dev/null
ok_eq "centre rename" "石桥镇便民服务中心（新址）" \
	"$(sql "SELECT name FROM onedoor.centres WHERE code = '511703102'")"

ok_eq "department add" 0 "$(as_admin department add veterans 退役军人事务局 \
	--english 'Veterans Affairs' >/dev/null 2>&1; echo $?)"
ok_match "department list shows it" "^veterans	退役军人事务局	Veterans Affairs	0$" \
	"$(as_admin department list)"
printf 'approver-pw-1\n' | as_admin user add dir_approver --name 陈静 --group approver \
	--county 511703 --department veterans >/dev/null 2>&1
ok_eq "an approver of the new department" "veterans" \
	"$(sql "SELECT department FROM onedoor.staff WHERE role_name = 'dir_approver'")"

out=$(as_admin user disable dir_approver 2>&1)
ok_eq "user disable" 0 $?
ok_match "user list shows the login disabled" "^dir_approver	approver	.*	disabled	陈静$" \
	"$(as_admin user list)"

out=$(PGUSER=dir_auditor PGPASSWORD=visible-pw-77 "$ONEDOOR_BIN/onedoor-admin" -c "$ini" \
	audit verify 2>&1)
ok_eq "audit verify passes as the auditor" 0 $?
ok_match "it reports the chain intact" "audit chain intact" "$out"
ok_eq "the directory changes are in the audit trail" \
	"centres:insert centres:update departments:insert regions:insert staff:insert staff:update villages:insert" \
	"$(sql "SELECT string_agg(DISTINCT object_type || ':' || action, ' ') FROM onedoor.audit_log WHERE object_type IN ('centres', 'regions', 'departments', 'staff', 'villages')")"

# The shipped calendars 2020-2026, and the 60-day warning (today pinned).
out=$(as_admin calendar list 2>/dev/null)
ok_eq "init imported the shipped calendars 2020 to 2026" "2020 2021 2022 2023 2024 2025 2026" \
	"$(printf '%s\n' "$out" | cut -f1 | tr '\n' ' ' | sed 's/ $//')"
ok_match "each year says where it comes from" "^2020	[0-9]+	[0-9]+	《国务院办公厅关于2020年部分节假日安排的通知》" "$out"
sql "SELECT onedoor.test_set_today('2026-06-01')"
ok_eq "in June 2026 the calendar covers the next 60 days: no warning" "" \
	"$(as_admin calendar list 2>&1 >/dev/null)"
sql "SELECT onedoor.test_set_today('2026-11-15')"
ok_match "in mid-November 2026 calendar list warns that it ends on 2026-12-31" \
	"warning: the working-day calendar ends on 2026-12-31" "$(as_admin calendar list 2>&1 >/dev/null)"
ok_eq "a due date in 2027 is provisional" "t" "$(sql "SELECT onedoor.due_provisional('2027-01-20')")"
ok_eq "a due date in 2026 is not" "f" "$(sql "SELECT onedoor.due_provisional('2026-12-20')")"
sql "SELECT onedoor.test_set_today('2028-03-01')"
ok_match "with this year not imported at all, the warning says so" \
	"this year's working-day calendar is not imported" "$(as_admin calendar list 2>&1 >/dev/null)"
out=$(adm init </dev/null 2>&1)
ok_match "init warns too" "warning: this year's working-day calendar" "$out"
sql "SELECT onedoor.test_set_today(NULL)"

out=$(adm demo 2>&1)
ok_eq "demo is refused on a database with real staff" 1 $?
ok_match "the refusal says why and how to insist" "real people.*--force" "$out"
ok_eq "nothing of the demo was loaded" 0 "$(sql "SELECT count(*) FROM onedoor.staff WHERE role_name LIKE 'demo%'")"

dropdb $DB
done_testing
