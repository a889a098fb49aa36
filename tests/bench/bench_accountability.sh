#!/bin/sh
# bench_accountability.sh - the discipline commission's and the leaders'
# reads at scale, as the real roles, each one extended-protocol statement as
# the client sends it (pgbench -M extended, one connection):
#  * the audit browser's page (50 rows) on a trail of BENCH_AUDIT_ROWS
#    entries (default 1,000,000; BENCH_AUDIT_ROWS=10000000 for the
#    target's ten million, about ten minutes of fixture on this machine;
#    3,000 staff over a year, tests/bench/fixtures_audit_trail.sql, chained
#    and checked): the first page, one person's day, one person's views of
#    personal data, a page deep in one person's history, one case's entries
#    (target p95 <= 20 ms);
#  * the statistics on 1,000,000 cases (tests/bench/fixtures_million_cases.sql,
#    25 counties): one county's supervisor and the auditor over all of them,
#    the statistics screen's tables by dimension among them (target <= 200 ms
#    for a county).
# Median and p95 per read, with the empty statement's round trip as the
# baseline of the same run.  Figures only; the load average beside them.
set -eu
. "$ONEDOOR_TOP/tests/lib/db.sh"
ROWS=${BENCH_AUDIT_ROWS:-1000000}
N=${BENCH_READS:-200}
DB=bench_accountability
clone_template $DB
WORK=$(mktemp -d "${TMPDIR:-/tmp}/od-accountability.XXXXXX")
chmod 0755 "$WORK"
trap 'rm -rf "$WORK"; dropdb --if-exists $DB' EXIT
PGBENCH=$(ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -t/ -k5 -n -r | head -n 1)
[ -x "$PGBENCH" ] || { echo "bench_accountability: pgbench not found (package postgresql)"; exit 1; }

t0=$(date +%s)
psql -X -q -v ON_ERROR_STOP=1 -d $DB -f "$ONEDOOR_TOP/tests/db/fixtures/workflow_items.sql"
psql -X -q -v ON_ERROR_STOP=1 -d $DB -f "$ONEDOOR_TOP/tests/bench/fixtures_million_cases.sql"
# Filed cases closed over the past year.
psql -X -q -v ON_ERROR_STOP=1 -d $DB <<EOF
SET session_replication_role = replica;
-- The months' partitions of the audit log, as the chainer made them over
-- the year (0073_audit_partitions.sql).
SELECT onedoor.audit_partition_make(((now() - g * interval '1 month') AT TIME ZONE 'Asia/Shanghai')::date)
FROM generate_series(1, 13) g \g /dev/null
UPDATE onedoor.cases SET closed_at = now() - (id % 365) * interval '1 day'
WHERE stage = 'filed';
EOF
t1=$(date +%s)
head0=$(psql -X -At -d $DB -c "SELECT pos + (SELECT count(*) FROM onedoor.audit_log WHERE pos IS NULL)
	FROM onedoor.audit_head")
psql -X -q -v ON_ERROR_STOP=1 -v rows="$ROWS" -d $DB -f "$ONEDOOR_TOP/tests/bench/fixtures_audit_trail.sql"
t2=$(date +%s)
# The chain as `audit verify` checks it, at a thousand places spread over
# the new entries, the head at the last one, and every index built again:
# a fixture that does not chain is a failed benchmark, not a figure.
bad=$(psql -X -At -d $DB -c "SELECT count(*) FROM generate_series(1, 1000) k
	JOIN onedoor.audit_log a ON a.pos = $head0 + greatest(1, k::bigint * $ROWS / 1000)
	LEFT JOIN onedoor.audit_log p ON p.pos = a.pos - 1
	WHERE onedoor.audit_entry_hash(a) IS DISTINCT FROM a.hash
	   OR p.hash IS DISTINCT FROM a.prev_hash" \
	-c "SELECT count(*) FROM onedoor.audit_head h WHERE h.pos <> $head0 + $ROWS" \
	-c "SELECT count(*) FROM pg_index i WHERE i.indrelid = 'onedoor.audit_log'::regclass
		AND NOT i.indisvalid")
[ "$bad" = "$(printf '0\n0\n0')" ] || { echo "bench_accountability: the fixture's chain does not verify ($bad)"; exit 1; }
psql -X -q -d $DB -c "VACUUM ANALYZE"
echo "fixture: 1,000,000 cases and $ROWS chained audit entries in $(( $(date +%s) - t0 )) s (the entries $(( t2 - t1 )) s)"

time_read() { # NAME LOGIN SQL -> "median p95" in microseconds, after 10 warm-up reads
	printf '%s\n' "$3" > "$WORK/$1.sql"
	PGPASSWORD=onedoor "$PGBENCH" -n -M extended -U "$2" -d $DB -c 1 -t 10 \
		-f "$WORK/$1.sql" >/dev/null 2>&1
	rm -f "$WORK"/pgbench_log.*
	(cd "$WORK" && PGPASSWORD=onedoor "$PGBENCH" -n -M extended -U "$2" -d $DB -c 1 -t "$4" \
		-f "$WORK/$1.sql" -l --log-prefix=pgbench_log >/dev/null 2>&1)
	awk '{print $3}' "$WORK"/pgbench_log.* | sort -n > "$WORK/$1.lat"
	c=$(wc -l < "$WORK/$1.lat")
	echo "$(sed -n "$(( (c + 1) / 2 ))p" "$WORK/$1.lat") $(sed -n "$(( (c * 95 + 99) / 100 ))p" "$WORK/$1.lat")"
}
ms() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }
report() { # LABEL NAME LOGIN SQL READS
	set -- "$1" $(time_read "$2" "$3" "$4" "$5")
	printf '  %-50s median %9s ms  p95 %9s ms  (x%s of an empty round trip)\n' "$1" \
		"$(ms "$2")" "$(ms "$3")" "$(awk -v a="$2" -v b="$BASE" 'BEGIN { printf "%.0f", a / b }')"
}

staff_login bench_sup supervisor 统计测试 '' 519001
day=$(psql -X -At -d $DB -c "SELECT ((now() - interval '100 days') AT TIME ZONE 'Asia/Shanghai')::date")
deep=$(psql -X -At -d $DB -c "SELECT at || '|' || seq FROM onedoor.audit_log WHERE actor = 'staff17'
	ORDER BY at DESC, seq DESC OFFSET $((ROWS / 6000)) LIMIT 1")
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $N reads each (statistics: 20), one connection"
set -- $(time_read empty demo_auditor "SELECT 1" "$N")
BASE=$1
printf '  %-50s median %9s ms  p95 %9s ms\n' "empty statement (baseline)" "$(ms "$1")" "$(ms "$2")"
echo "audit browser, one page of 50, $ROWS entries (target p95 <= 20 ms)"
report "first page, no filter" first demo_auditor "SELECT * FROM onedoor.audit_browse(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 50)" "$N"
report "one person's day" day demo_auditor "SELECT * FROM onedoor.audit_browse('staff17', NULL, NULL, '$day', '$day', NULL, NULL, NULL, 50)" "$N"
report "one person's views of personal data" views demo_auditor "SELECT * FROM onedoor.audit_browse('staff17', NULL, NULL, NULL, NULL, 'view', NULL, NULL, 50)" "$N"
report "a page half-way into one person's history" deep demo_auditor "SELECT * FROM onedoor.audit_browse('staff17', NULL, NULL, NULL, NULL, NULL, '${deep%|*}', ${deep#*|}, 50)" "$N"
report "one case's entries" case demo_auditor "SELECT * FROM onedoor.audit_browse(NULL, 'case', '4242', NULL, NULL, NULL, NULL, NULL, 50)" "$N"
case_no=$(psql -X -At -d $DB -c "SELECT case_no FROM onedoor.cases WHERE id = 4242")
report "one case by its number, with its urges (screen)" case_no demo_auditor "SELECT * FROM onedoor.audit_browse_by(NULL, '$case_no', NULL, NULL, NULL, NULL, NULL, NULL, 50)" "$N"
echo "statistics on 1,000,000 cases, a year (target <= 200 ms for a county)"
for f in assisted stage_times windows departments; do
	report "$f, one county's supervisor" "s_$f" bench_sup "SELECT * FROM onedoor.stats_$f(current_date - 365, current_date)" 20
done
report "monthly series (12), one county's supervisor" s_monthly bench_sup "SELECT * FROM onedoor.stats_monthly(current_date, 12)" 20
for by in month department centre item; do
	report "assisted by $by (screen's table), one county" "s_by_$by" bench_sup "SELECT * FROM onedoor.stats_assisted_by(current_date - 365, current_date, '$by')" 20
done
report "funds by township (screen's table), one county" s_funds bench_sup "SELECT * FROM onedoor.stats_funds_by(current_date - 365, current_date, 'centre')" 20
report "assisted, the auditor over 25 counties" a_assisted demo_auditor "SELECT * FROM onedoor.stats_assisted(current_date - 365, current_date)" 20
report "windows, the auditor over 500 centres" a_windows demo_auditor "SELECT * FROM onedoor.stats_windows(current_date - 365, current_date)" 20
report "departments, the auditor over 25 counties" a_departments demo_auditor "SELECT * FROM onedoor.stats_departments(current_date - 365, current_date)" 20
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
