#!/bin/sh
# bench_monitoring.sh - the reads behind the warning queue and the monitoring
# register screens on a county with 100,000 monitored households and
# 30,000 warnings (tests/bench/fixtures_monitored_county.sql), as the real
# roles, one connection, each read one extended-protocol statement as the
# client sends it (pgbench -M extended).  Per read: median and p95 of the
# round trip, and the ratio to an empty statement's round trip measured in
# the same run (target: p95 <= 5 ms per screen read).  Each screen's read is
# timed as the screen sends it (src/db/store_watch.c: the 50 most urgent,
# four pages at 80x24): a department's queue, a centre's queue and
# register, a village coordinator's register, the county's; the
# supervisors' figures (aggregates over the whole county) are timed too,
# for the record.
# Figures only; the load average is printed beside them.
set -eu
. "$ONEDOOR_TOP/tests/lib/db.sh"
DB=bench_monitoring
clone_template $DB
psql -X -q -v ON_ERROR_STOP=1 -d $DB -f "$ONEDOOR_TOP/tests/bench/fixtures_monitored_county.sql"
staff_login bench_mclerk clerk 监测测试窗口 M001
psql -X -q -v ON_ERROR_STOP=1 -d $DB -c "DO \$\$ BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bench_mcoord') THEN
		CREATE ROLE bench_mcoord LOGIN PASSWORD 'onedoor' IN ROLE onedoor_coordinator;
	END IF; END \$\$" -c "INSERT INTO onedoor.staff (role_name, full_name, role_group, village)
	VALUES ('bench_mcoord', '监测测试协理员', 'coordinator', '511703900001')" >/dev/null
WORK=$(mktemp -d "${TMPDIR:-/tmp}/od-monitoring.XXXXXX")
chmod 0755 "$WORK"
PGBENCH=$(ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -t/ -k5 -n -r | head -n 1)
[ -x "$PGBENCH" ] || { echo "bench_monitoring: pgbench not found (package postgresql)"; exit 1; }
N=${BENCH_READS:-400}

# time_read NAME LOGIN SQL -> "median p95" in microseconds, after 20 warm-up reads
time_read() {
	printf '%s\n' "$3" > "$WORK/$1.sql"
	PGPASSWORD=onedoor "$PGBENCH" -n -M extended -U "$2" -d $DB -c 1 -t 20 \
		-f "$WORK/$1.sql" >/dev/null 2>&1
	rm -f "$WORK"/pgbench_log.*
	(cd "$WORK" && PGPASSWORD=onedoor "$PGBENCH" -n -M extended -U "$2" -d $DB -c 1 -t "$N" \
		-f "$WORK/$1.sql" -l --log-prefix=pgbench_log >/dev/null 2>&1)
	awk '{print $3}' "$WORK"/pgbench_log.* | sort -n > "$WORK/$1.lat"
	c=$(wc -l < "$WORK/$1.lat")
	echo "$(sed -n "$(( (c + 1) / 2 ))p" "$WORK/$1.lat") $(sed -n "$(( (c * 95 + 99) / 100 ))p" "$WORK/$1.lat")"
}
ms() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }
report() { # LABEL NAME LOGIN SQL
	set -- "$1" $(time_read "$2" "$3" "$4")
	printf '  %-52s median %s ms  p95 %s ms  (x%s of an empty round trip)\n' "$1" \
		"$(ms "$2")" "$(ms "$3")" "$(awk -v a="$2" -v b="$BASE" 'BEGIN { printf "%.1f", a / b }')"
}

monitored=$(psql -X -At -d $DB -c "SELECT count(*) FROM onedoor.monitoring WHERE state = 'active'")
open=$(psql -X -At -d $DB -c "SELECT count(*) FROM onedoor.warnings WHERE state <> 'closed' AND department = 'civil_affairs'")
echo "county 511703: $monitored households on the monitoring register, $open warnings not closed in civil affairs' queue"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $N reads each, one connection"
set -- $(time_read empty demo_approver "SELECT 1")
BASE=$1
printf '  %-52s median %s ms  p95 %s ms\n' "empty statement (baseline)" "$(ms "$1")" "$(ms "$2")"
# The columns the screens read (store_watch.c), from the page functions.
WQ="SELECT id, warning_no, household_no, subject_name, centre_name, department, name_zh, name_en, message_zh, message_en, raised_on::text AS raised_on, ack_due::text AS ack_due, state, version, coalesce(light, '') AS light, coalesce(days_left, 0) AS days_left, coalesce(age_days, 0) AS age_days FROM onedoor.warning_queue_page"
MR="SELECT id, entry_no, subject_name, centre_code, category, reason, source, source_ref, responsible, entered_on::text AS entered_on, coalesce(last_visit_on::text, '') AS last_visit_on, visits, visit_due::text AS visit_due, coalesce(proposal, '') AS proposal, array_to_string(proposal_items, ',') AS items, version, coalesce(light, '') AS light, coalesce(days_left, 0) AS days_left FROM onedoor.monitoring_page"
report "warning queue, civil affairs' approver (50 rows)" queue demo_approver \
	"$WQ('civil_affairs', NULL, 50)"
report "warning queue, a centre's clerk (50 rows)" queue_centre bench_mclerk \
	"$WQ(NULL, 'M001', 50)"
report "warning queue, the county's supervisor (50 rows)" queue_county demo_supervisor \
	"$WQ(NULL, NULL, 50)"
report "monitoring register, a centre's clerk (50 rows)" register bench_mclerk \
	"$MR('M001', NULL, 50)"
report "monitoring register, a village coordinator (50 rows)" register_village bench_mcoord \
	"$MR(NULL, '511703900001', 50)"
report "monitoring register, the county's supervisor (50 rows)" register_county demo_supervisor \
	"$MR(NULL, NULL, 50)"
report "supervisor figures: warnings, monitoring, care by township" figures demo_supervisor \
	"SELECT * FROM onedoor.watch_figures()"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
dropdb $DB
rm -rf "$WORK"
