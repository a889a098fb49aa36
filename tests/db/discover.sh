#!/bin/sh
# discover.sh - `onedoor-admin discover`: the households of the database go
# through the engine; new items and warnings are printed and recorded, held
# items are not; progress lines when stderr is not a terminal.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
DB=od_discover
CONF=$(new_database $DB)
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d $DB -c "$1"; }
# Facts as the forms store them (the household file's keys, jsonb): the
# demo household HDEMO-004 (赵桂兰, alone, rural) is poor and old; HDEMO-001
# already holds rural 低保 and has a medical-cost warning.
q "SET session_replication_role = replica;
UPDATE onedoor.households SET facts = '{\"deposits\": \"1000\", \"houses\": \"1\", \"vehicles\": \"0\",
  \"medical_selfpaid\": \"0\", \"education_spending\": \"0\"}' WHERE household_no = 'HDEMO-004';
UPDATE onedoor.persons SET facts = '{\"disability\": \"none\", \"illness\": \"chronic\",
  \"labour\": \"partial\", \"school\": \"none\", \"employment\": \"farming\", \"income_business\": \"3600\"}'
  WHERE resident_id = '511703195208110286';
UPDATE onedoor.households SET facts = '{\"deposits\": 0, \"houses\": 1, \"vehicles\": 0,
  \"medical_selfpaid\": \"60000\", \"education_spending\": \"0\", \"holds\": \"dibao_rural\"}'
  WHERE household_no = 'HDEMO-001';
UPDATE onedoor.persons SET facts = '{\"disability\": \"none\", \"illness\": \"serious\", \"labour\": \"none\",
  \"school\": \"none\", \"employment\": \"none\", \"income_wage\": \"0\", \"note\": \"\\u5907\\u6ce8\"}'
  WHERE resident_id IN ('511703197403120112', '511703194406050136', '511703194709210221');"

out=$("$ONEDOOR_BIN/onedoor-admin" -c "$CONF" discover --date 2026-03-02 2>"$ONEDOOR_TEST_DIR/discover.err"); rc=$?
err=$(cat "$ONEDOOR_TEST_DIR/discover.err")
ok_eq "exit 0" 0 "$rc"
ok_match "new item printed with amount" "^HDEMO-004	item	dibao_rural	290.00$" "$out"
ok_match "warning printed" "^HDEMO-001	warning	medical_cost_high	-$" "$out"
ok_if "held item not printed" sh -c "! printf '%s' \"\$1\" | grep -q '^HDEMO-001	item	dibao_rural'" sh "$out"
ok_match "categorical item through the held one" "^HDEMO-001	item	medical	20000.00$" "$out"
ok_match "plain progress line when not a terminal" '^主动发现：10/10 户$' "$err"
ok_match "summary" '^主动发现：10 户，[0-9]+ 条发现，0 户有无法读取的事实' "$err"
ok_eq "run recorded" "1|10|2026-03-02" "$(q "SELECT count(*) || '|' || max(households) || '|' || max(as_of) FROM onedoor.discover_runs WHERE finished_at IS NOT NULL")"
ok_eq "findings recorded per household" "{dibao_rural,elderly_health_check,family_doctor,insurance_premium_aid,poverty_monitoring}|{290.00,NULL,NULL,280.00,NULL}" \
	"$(q "SELECT d.items::text || '|' || d.amounts::text FROM onedoor.discoveries d JOIN onedoor.households h ON h.id = d.household_id WHERE h.household_no = 'HDEMO-004'")"
ok_eq "warnings recorded" "{medical_cost_high}" "$(q "SELECT d.warnings::text FROM onedoor.discoveries d JOIN onedoor.households h ON h.id = d.household_id WHERE h.household_no = 'HDEMO-001'")"
n=$(printf '%s\n' "$out" | grep -c '	' )
ok_eq "every printed finding recorded" "$n" "$(q "SELECT sum(cardinality(items) + cardinality(warnings)) FROM onedoor.discoveries")"
"$ONEDOOR_BIN/onedoor-admin" -c "$CONF" discover --date 2026-03-02 --quiet >/dev/null 2>&1
ok_eq "a second run is a new run" 2 "$(q "SELECT count(*) FROM onedoor.discover_runs")"
# once applied for (a case in progress), an item is no longer news
q "SET session_replication_role = replica;
INSERT INTO onedoor.cases (case_no, application_id, household_id, subject_name, centre_code,
  county, item_code, department, track, stage, warn_days, stage_due, opened_on, case_limit,
  case_due, case_warn_from)
SELECT 'CTEST-1', a.id, h.id, '赵桂兰', h.centre_code, '511703', 'dibao_rural', 'civil_affairs',
  'normal', 'verify', 1, DATE '2026-03-05', DATE '2026-03-02', 7, DATE '2026-03-11', DATE '2026-03-11'
FROM onedoor.households h JOIN onedoor.applications a ON a.household_id = h.id
WHERE h.household_no = 'HDEMO-004'"
out=$("$ONEDOOR_BIN/onedoor-admin" -c "$CONF" discover --date 2026-03-02 2>/dev/null)
ok_if "applied-for item not reported" sh -c "! printf '%s' \"\$1\" | grep -q '^HDEMO-004	item	dibao_rural'" sh "$out"
ok_match "other findings still reported" "^HDEMO-001	warning	medical_cost_high	-$" "$out"
# The older path (every household through a cursor to onedoor-admin)
# prints and records the same.
out=$("$ONEDOOR_BIN/onedoor-admin" -c "$CONF" discover --date 2026-03-02 2>/dev/null)
cur=$("$ONEDOOR_BIN/onedoor-admin" -c "$CONF" discover --date 2026-03-02 --cursor 2>/dev/null)
ok_eq "--cursor prints the same findings" "$(printf "%s\n" "$out" | sort)" "$(printf "%s\n" "$cur" | sort)"
ok_eq "--cursor records the same findings" "" "$(q "
SELECT household_id FROM (SELECT * FROM onedoor.discoveries WHERE run_id = (SELECT max(id) - 1 FROM onedoor.discover_runs)) a
FULL JOIN (SELECT * FROM onedoor.discoveries WHERE run_id = (SELECT max(id) FROM onedoor.discover_runs)) b USING (household_id)
WHERE a.items IS DISTINCT FROM b.items OR a.amounts IS DISTINCT FROM b.amounts OR a.warnings IS DISTINCT FROM b.warnings")"
# The engine runs in parallel workers when the planner finds it worth it
# (a real county; here the costs are set so that it does for ten).
plan=$(q "SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) CREATE TEMP TABLE od_chunk AS SELECT h.id, onedoor.discover_household(h.id, '2026-03-02') AS f
FROM onedoor.households h WHERE h.active")
ok_match "the set-based run can use parallel workers" 'Workers Planned: [1-9]' "$plan"
out=$("$ONEDOOR_BIN/onedoor-admin" -c "$CONF" discover --date 2026-02-30 2>&1); rc=$?
ok_eq "bad date: exit 2" 2 "$rc"
dropdb $DB
done_testing
