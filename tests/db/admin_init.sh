# admin_init.sh - `onedoor-admin init` on an empty database brings up the
# whole schema owned by a NOLOGIN owner, the shipped calendar and catalogue,
# the first administrator with session timeouts; a second run changes
# nothing; an existing schema keeps its owner; a non-superuser is refused.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
DB=od_admin_init
dropdb --if-exists $DB >/dev/null 2>&1
psql -X -q -c "DROP ROLE IF EXISTS county_admin" >/dev/null 2>&1
createdb $DB || exit 1
ini="$ONEDOOR_TEST_DIR/$DB.ini"
printf '[database]\nconninfo = dbname=%s\n[ui]\nlanguage = en\n' "$DB" > "$ini"
sql() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" -c "$1"; }
init() { "$ONEDOOR_BIN/onedoor-admin" -c "$ini" init "$@"; }

out=$(echo 'county-admin-pw' | init --admin county_admin --name 县民政局管理员 2>&1)
ok_eq "init on an empty database succeeds" 0 $?
ok_match "init says the database is ready" "the database is ready" "$out"
ok_eq "every table belongs to the schema owner" "onedoor_owner" \
	"$(sql "SELECT DISTINCT relowner::regrole FROM pg_class WHERE relnamespace = 'onedoor'::regnamespace")"
ok_eq "the schema owner cannot log in" "f" \
	"$(sql "SELECT rolcanlogin FROM pg_roles WHERE rolname = 'onedoor_owner'")"
ok_eq "every migration is recorded" "$(sql "SELECT count(*) FROM onedoor.schema_migrations")" \
	"$(psql -X -At -d onedoor_tpl -c "SELECT count(*) FROM onedoor.schema_migrations")"
ok_match "the 2026 calendar is imported" "^[1-9][0-9]*$" \
	"$(sql "SELECT count(*) FROM onedoor.calendar_days WHERE day >= '2026-01-01'")"
ok_match "the catalogue is imported" "^[1-9][0-9]*$" "$(sql "SELECT count(*) FROM onedoor.catalogue_items")"
ok_eq "the administrator is in the admin group" "admin" \
	"$(sql "SELECT role_group FROM onedoor.staff WHERE role_name = 'county_admin'")"
as_admin=$(PGPASSWORD=county-admin-pw psql -X -At -U county_admin -d "$DB" \
	-c "SHOW statement_timeout" -c "SHOW idle_in_transaction_session_timeout" 2>&1 | tr '\n' ' ')
ok_eq "the administrator logs in and has session timeouts" "5min 1min " "$as_admin"
ok_eq "advisory locks are the owner's alone in this database" "false|true" \
	"$(sql "SELECT has_function_privilege('public', 'pg_advisory_lock(bigint)', 'EXECUTE') || '|' ||
		has_function_privilege('onedoor_owner', 'pg_advisory_xact_lock(bigint)', 'EXECUTE')")"

before=$(sql "SELECT count(*) FROM onedoor.audit_log")
out=$(init --admin county_admin --name 县民政局管理员 </dev/null 2>&1)
ok_eq "a second run succeeds" 0 $?
ok_match "a second run applies no migration" "up to date|数据库结构已是最新" "$out"
ok_match "a second run keeps the calendar and catalogue" "calendar 2026: present.*catalogue: [0-9]+ item\(s\) present" \
	"$(printf '%s' "$out" | tr '\n' ' ')"
ok_eq "a second run writes nothing to the audit trail" "$before" "$(sql "SELECT count(*) FROM onedoor.audit_log")"

sql "ALTER ROLE county_admin IN DATABASE $DB SET statement_timeout = '7min'"
init </dev/null >/dev/null 2>&1
ok_eq "a timeout the administrator chose survives a re-run" "7min" \
	"$(PGPASSWORD=county-admin-pw psql -X -At -U county_admin -d "$DB" -c "SHOW statement_timeout")"

out=$(init --owner someone_else </dev/null 2>&1)
ok_match "an --owner that is not the schema's is refused" "belongs to onedoor_owner" "$out"

createdb -T onedoor_tpl ${DB}_old || exit 1
printf '[database]\nconninfo = dbname=%s_old\n[ui]\nlanguage = en\n' "$DB" > "$ini"
ok_eq "jit is off for the database" "off" "$(psql -X -At -d $DB -c "SHOW jit")"

# A schema migrated by the superuser (as the test template is): init gives
# everything to the owner, so no SECURITY DEFINER function runs as postgres.
out=$(init </dev/null 2>&1)
ok_match "a schema migrated as postgres is given to the owner" \
	"belongs to the superuser postgres: given to onedoor_owner" "$out"
ok_eq "afterwards no table, view or function belongs to another role" "onedoor_owner" \
	"$(psql -X -At -d ${DB}_old -c "SELECT DISTINCT o FROM (
		SELECT relowner::regrole::text o FROM pg_class WHERE relnamespace = 'onedoor'::regnamespace
		UNION SELECT proowner::regrole::text FROM pg_proc WHERE pronamespace = 'onedoor'::regnamespace
		UNION SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'onedoor') x")"

out=$(PGUSER=county_admin PGPASSWORD=county-admin-pw "$ONEDOOR_BIN/onedoor-admin" -c "$ini" init 2>&1)
ok_match "a login that is not a superuser is refused" "superuser" "$out"
dropdb ${DB}_old
done_testing
