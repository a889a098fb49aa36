# workflow.sh - sourced by the case workflow's database tests, after
# assert.sh and db.sh (and with tests/lib/cluster.sh's environment).
#   wf_database NAME        a database from the template with the test items
#                           (tests/db/fixtures/workflow_items.sql) and the 2026
#                           calendar imported; sets DB and WF_INI
#   su_sql SQL              runs SQL as the superuser, prints rows (unaligned)
#   set_today DATE          pins onedoor.today() (test seam, superuser only)
#   try_sql ROLE SQL        runs SQL as a demo login; prints "ok" or the SQLSTATE
#   accept_app ROLE APP ITEMS   同意受理 with a JSON package, the applicant's
#                           authorisation to verify recorded first (as the
#                           window does); prints case ids
#   act ROLE CASE ACTION [REASON]   case_act with the case's current version;
#                           approve and reject through case_decide, with the
#                           decision, as the approver's screen does them;
#                           prints "ok" or the SQLSTATE
#   stage_of CASE           the case's stage
#   traced ROLE KIND SUBJECT SQL   trace_read(KIND, SUBJECT), committed, then
#                           SQL (a read of personal data) as ROLE; prints rows
#                           or the error
wf_database() {
	WF_INI=$(new_database "$1") || exit 1
	DB=$1
	psql -X -q -v ON_ERROR_STOP=1 -d "$DB" \
		-f "$ONEDOOR_TOP/tests/db/fixtures/workflow_items.sql" >/dev/null || exit 1
	"$ONEDOOR_BIN/onedoor-admin" -c "$WF_INI" calendar import \
		"$ONEDOOR_TOP/conf/calendar/2026.ini" >/dev/null || exit 1
}
su_sql() {
	PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -At -d "$DB" -c "$1"
}
set_today() {
	su_sql "SELECT onedoor.test_set_today('$1')" >/dev/null
}
try_sql() {
	_out=$(PGPASSWORD=onedoor psql -X -q -At -v ON_ERROR_STOP=1 -v VERBOSITY=verbose \
		-U "$1" -d "$DB" -c "$2" 2>&1)
	if [ $? -eq 0 ]; then
		echo ok
	else
		_state=$(printf '%s\n' "$_out" | sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\):.*/\1/p' | head -n 1)
		echo "${_state:-error}"
		[ -n "${WF_DEBUG:-}" ] && printf '%s\n' "$_out" >&2
	fi
}
accept_app() {
	PGPASSWORD=onedoor psql -X -q -At -U "$1" -d "$DB" -c "SELECT onedoor.record_materials(
		gen_random_uuid(), '$2', ARRAY[onedoor.authorisation_material()])" >/dev/null 2>&1
	_v=$(su_sql "SELECT version FROM onedoor.applications WHERE application_no = '$2'")
	PGPASSWORD=onedoor psql -X -q -At -v ON_ERROR_STOP=1 -U "$1" -d "$DB" -c \
		"SELECT case_id FROM onedoor.accept_application(gen_random_uuid(), '$2', $_v, '$3')"
}
act() {
	_v=$(su_sql "SELECT version FROM onedoor.cases WHERE id = $2")
	if [ -n "${4:-}" ]; then _r="'$4'"; else _r=NULL; fi
	case $3 in
	approve | reject) decide "$1" "$2" "$3" "$_v" "$_r" ;;
	*) try_sql "$1" "SELECT * FROM onedoor.case_act(gen_random_uuid(), $2, $_v, '$3', $_r)" ;;
	esac
}
# 同意救助 / 不同意救助 as the approver's screen does them: with the decision
# (case_decide), the rules' amount or, when they give none, 300.00 a month.
decide() { # ROLE CASE approve|reject VERSION REASON-SQL
	if [ "$3" = approve ]; then _o=granted; else _o=refused; fi
	try_sql "$1" "SELECT * FROM onedoor.case_decide(gen_random_uuid(), $2, $4, '$_o',
		CASE WHEN '$_o' = 'granted' AND onedoor.engine_amount_fen($2) IS NULL THEN 30000 END,
		NULL, $5)"
}
stage_of() {
	su_sql "SELECT stage FROM onedoor.cases WHERE id = $1"
}
# Makes an existing demo login a member of another group (and department):
# how the tests create the self-approval situation.
regroup() { # LOGIN GROUP DEPARTMENT
	su_sql "GRANT onedoor_$2 TO $1; UPDATE onedoor.staff SET role_group = '$2',
		department = nullif('$3', ''), county = '511703' WHERE role_name = '$1'" >/dev/null
}
traced() {
	PGPASSWORD=onedoor psql -X -q -At -U "$1" -d "$DB" \
		-c "SELECT onedoor.trace_read('$2', '$3')" -c "$4" 2>&1 | sed '1{/^$/d}'
}
