# payments.sh - sourced by the payment tests and benchmark, after assert.sh,
# db.sh and workflow.sh (and with tests/lib/cluster.sh's environment).
#   pay_admin LOGIN ARGS...     onedoor-admin as that demo login ($WF_INI)
#   pay_register LOGIN RID NAME MOBILE ACCOUNT
#                               registers a one-person household at the
#                               login's window; prints its application number
#   pay_filed LOGIN APP ITEM    accepts APP with ITEM and moves the case to
#                               审批 as the demo staff; prints the case id
#   pay_decide CASE AMOUNT_FEN START_MONTH [PERIOD]
#                               a granted decision for the case, then 同意救助
#                               and 备案 (a case is approved only with it)
pay_admin() {
	_login=$1
	shift
	PGUSER=$_login PGPASSWORD=onedoor "$ONEDOOR_BIN/onedoor-admin" -c "$WF_INI" "$@"
}
pay_register() {
	as_role "$1" "SELECT application_no FROM onedoor.register_household(gen_random_uuid(),
		'{\"hukou\": \"rural\", \"facts\": {\"mobile\": \"$4\", \"bank_account\": \"$5\",
		  \"bank_name\": \"达州农商银行\"},
		  \"members\": [{\"resident_id\": \"$2\", \"name\": \"$3\", \"relation\": \"self\"}]}')"
}
pay_filed() {
	_case=$(accept_app "$1" "$2" "[\"$3\"]")
	for _step in "demo_verifier verify_pass" "demo_supervisor supervise_pass"; do
		set -- $_step
		[ "$(act "$1" "$_case" "$2")" = ok ] || { echo "could not $2 case $_case" >&2; return 1; }
	done
	echo "$_case"
}
pay_decide() {
	_c=$1
	su_sql "INSERT INTO onedoor.decisions (case_id, item_code, outcome, amount_fen, period,
		start_month, engine_amount_fen, phrase, decided_by, decided_on, at, request_id)
		SELECT id, item_code, 'granted', $2, '${4:-monthly}', '$3', $2, '同意救助',
			'demo_approver', onedoor.today(), now(), gen_random_uuid()
		FROM onedoor.cases WHERE id = $_c" >/dev/null
	# With its decision the case is approved (同意救助) and filed (备案).
	for _step in "demo_approver approve" "demo_supervisor file"; do
		set -- $_step
		_v=$(su_sql "SELECT version FROM onedoor.cases WHERE id = $_c")
		[ "$(try_sql "$1" "SELECT * FROM onedoor.case_act(gen_random_uuid(), $_c, $_v, '$2')")" = ok ] ||
			{ echo "could not $2 case $_c" >&2; return 1; }
	done
}
