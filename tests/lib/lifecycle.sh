# lifecycle.sh - sourced by the tests of a household's later life, after
# assert.sh, db.sh and workflow.sh.
#   lc_database NAME DATE   a database from the template with the calendars
#                           2024-2026, the departments' demo extracts and the
#                           household that came back over two years
#                           (src/sql/demo_lifecycle.sql, as `make run` loads
#                           it), today pinned at DATE; sets DB and WF_INI
lc_database() {
	WF_INI=$(new_database "$1") || exit 1
	DB=$1
	for y in 2024 2025 2026; do
		"$ONEDOOR_BIN/onedoor-admin" -c "$WF_INI" calendar import \
			"$ONEDOOR_TOP/conf/calendar/$y.ini" >/dev/null || exit 1
	done
	for f in "$ONEDOOR_TOP"/conf/department-demo/*.csv; do
		PGUSER=demo_verifier PGPASSWORD=onedoor "$ONEDOOR_BIN/onedoor-admin" -c "$WF_INI" \
			data import "$(basename "$f" .csv)" "$f" --as-of 2026-02-28 >/dev/null || exit 1
	done
	su_sql "SELECT onedoor.test_set_today('$2')" >/dev/null
	PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -d "$DB" \
		-f "$ONEDOOR_TOP/src/sql/demo_lifecycle.sql" >/dev/null || exit 1
}
