#!/bin/sh
# bench_accountability.sh - the discipline commission's and the leaders'
# reads at scale, as the real roles, each one extended-protocol statement as
# the client sends it (pgbench -M extended, one connection):
#  * the audit browser's page (50 rows, audit_browse_by as the screen calls
#    it) on a trail of BENCH_AUDIT_ROWS entries (default 1,000,000;
#    BENCH_AUDIT_ROWS=10000000 for the target's ten million, about ten
#    minutes of fixture on this machine; 3,000 staff over a year,
#    tests/bench/fixtures_audit_trail.sql, chained and checked): every filter
#    the screen offers - none, a person, a case or a household by its
#    number, days, kind, and their combinations - on the first page and on a
#    page deep into what the filter finds, as the auditor and as a county's
#    supervisor (who reads only the county's staff) (target p95 <= 20 ms);
#  * the statistics on 1,000,000 cases (tests/bench/fixtures_million_cases.sql,
#    25 counties): one county's supervisor and the auditor over all of them,
#    the statistics screen's tables by dimension among them (target <= 200 ms
#    for a county).
# Median and p95 per read on the clock, the server's CPU time per read
# (tests/lib/bench_cpu.sh) and the ratio to the empty statement's round trip
# of the same run.  Figures only; the load average beside them.
set -eu
. "$ONEDOOR_TOP/tests/lib/db.sh"
ROWS=${BENCH_AUDIT_ROWS:-1000000}
N=${BENCH_READS:-200}
DB=bench_accountability
WORK=$(mktemp -d "${TMPDIR:-/tmp}/od-accountability.XXXXXX")
chmod 0755 "$WORK"
PGBENCH=$(ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -t/ -k5 -n -r | head -n 1)
[ -x "$PGBENCH" ] || { echo "bench_accountability: pgbench not found (package postgresql)"; exit 1; }
# BENCH_KEEP=1 keeps the database, and a later run on the same cluster
# (tests/lib/cluster.sh's, kept by its caller) whose trail already holds
# $ROWS bench entries reads it again, brought to the migrations of this
# tree, instead of loading ten million entries again.
if [ "${BENCH_KEEP:-}" = 1 ]; then
	trap 'rm -rf "$WORK"' EXIT
else
	trap 'rm -rf "$WORK"; dropdb --if-exists $DB' EXIT
fi
kept=$(psql -X -At -d $DB -c "SELECT count(*) FROM onedoor.audit_log WHERE actor = 'staff17'" 2>/dev/null || true)
if [ "${BENCH_KEEP:-}" = 1 ] && [ -n "$kept" ] && [ "$kept" -ge $((ROWS / 3000)) ] \
	&& [ "$kept" -le $((ROWS / 3000 + 1)) ]; then
	printf '[database]\nconninfo = dbname=%s\n' $DB > "$WORK/kept.ini"
	"$ONEDOOR_BIN/onedoor-admin" -c "$WORK/kept.ini" migrate >/dev/null
	# as after a fresh load: a migration that rewrote a table leaves its
	# visibility map empty, and reads from an index alone would not be
	psql -X -q -d $DB -c "VACUUM ANALYZE"
	echo "fixture: kept from an earlier run ($ROWS chained audit entries), migrated"
else
dropdb --if-exists $DB
clone_template $DB
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

fi
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
. "$ONEDOOR_TOP/tests/lib/bench_cpu.sh"
report() { # LABEL TARGET NAME LOGIN SQL READS CPU-READS
	_label=$1 _target=$2
	shift 2
	_cpu=$(server_cpu_per_read "$2" "$3" "$5")
	set -- $(time_read "$1" "$2" "$3" "$4")
	printf '  %-54s median %9s  p95 %9s  cpu %6s ms  x%-5s %s\n' "$_label" "$(ms "$1")" "$(ms "$2")" \
		"$_cpu" "$(awk -v a="$1" -v b="$BASE" 'BEGIN { printf "%.0f", a / b }')" "$_target"
}

psql -X -q -d $DB -c "DELETE FROM onedoor.staff WHERE role_name = 'bench_sup'" >/dev/null
staff_login bench_sup supervisor 统计测试 '' 519001
q() { psql -X -At -d $DB -c "$1"; }
# What the auditor asks for: staff17 (one of 3,000 people, 3,333 entries
# a year), a day of theirs, case 4242 (ten entries) and its number, household
# HB008 (2,000 changes a year); "deep" pages start after a row half-way
# into what the filter finds, as paging down there leaves it.
day=$(q "SELECT ((now() - interval '100 days') AT TIME ZONE 'Asia/Shanghai')::date")
month0=$(q "SELECT ((now() - interval '150 days') AT TIME ZONE 'Asia/Shanghai')::date")
month1=$(q "SELECT ((now() - interval '120 days') AT TIME ZONE 'Asia/Shanghai')::date")
case_no=$(q "SELECT case_no FROM onedoor.cases WHERE id = 4242")
hh_no=HB008
hh=$(q "SELECT id FROM onedoor.households WHERE household_no = '$hh_no'")
case_actor=$(q "SELECT actor FROM onedoor.audit_log WHERE object_type = 'case' AND object_id = '4242'
	ORDER BY at DESC LIMIT 1")
after() { # WHERE-CONDITION ROWS-TO-SKIP -> "'at', seq" of the row after which the deep page starts
	q "SELECT quote_literal(at) || ', ' || seq FROM onedoor.audit_log a WHERE $1
		ORDER BY at DESC, seq DESC OFFSET $2 LIMIT 1"
}
deep_all=$(after "true" $((ROWS / 2)))
deep_person=$(after "actor = 'staff17'" $((ROWS / 6000)))
deep_views=$(after "actor = 'staff17' AND onedoor.audit_kind(action) = 'view'" $((ROWS / 60000)))
deep_day=$(after "at >= '$day'::timestamp AT TIME ZONE 'Asia/Shanghai'
	AND at < ('$day'::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'" $((ROWS / 730)))
deep_hh=$(after "object_type = 'household' AND object_id = '$hh'" $((ROWS / 1000)))
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $N reads each (statistics: 20), one connection;"
echo "median and p95 in ms on the clock; cpu = the server's CPU time per read, which the machine's load does not inflate; x = times an empty round trip"
set -- $(time_read empty demo_auditor "SELECT 1" "$N")
# The ratio's baseline is the empty round trip's mean: its median is a few
# microseconds, and pgbench logs some of them as 0.
BASE=$(awk '{ s += $1 } END { m = NR ? int(s / NR) : 0; print (m > 0 ? m : 1) }' "$WORK/empty.lat")
printf '  %-54s median %9s  p95 %9s  mean %s\n' "empty statement (baseline)" "$(ms "$1")" "$(ms "$2")" \
	"$(ms "$BASE")"
echo "audit browser, one page of 50 as the screen reads it (audit_browse_by), $ROWS entries, as the auditor"
browse() { # LOGIN LABEL NAME PERSON CASE-NO HOUSEHOLD-NO FROM TO KIND [AFTER]
	report "$2" "(target p95 <= 20 ms)" "${1}_$3" "$1" \
		"SELECT * FROM onedoor.audit_browse_by($4, $5, $6, $7, $8, $9, ${10:-NULL, NULL}, 50)" \
		"$N" "$N"
}
browse demo_auditor "first page, no filter" first NULL NULL NULL NULL NULL NULL
browse demo_auditor "a page half-way into the whole trail" deep NULL NULL NULL NULL NULL NULL "$deep_all"
browse demo_auditor "one day, first page" day_all NULL NULL NULL "'$day'" "'$day'" NULL
browse demo_auditor "one day, a page half-way into it" day_deep NULL NULL NULL "'$day'" "'$day'" NULL "$deep_day"
browse demo_auditor "views of personal data, everyone" views_all NULL NULL NULL NULL NULL "'view'"
browse demo_auditor "one person, first page" person "'staff17'" NULL NULL NULL NULL NULL
browse demo_auditor "one person, a page half-way into their year" person_deep "'staff17'" NULL NULL NULL NULL NULL "$deep_person"
browse demo_auditor "one person's day" person_day "'staff17'" NULL NULL "'$day'" "'$day'" NULL
browse demo_auditor "one person's month" person_month "'staff17'" NULL NULL "'$month0'" "'$month1'" NULL
browse demo_auditor "one person's views of personal data" views "'staff17'" NULL NULL NULL NULL "'view'"
browse demo_auditor "one person's views, a page half-way into them" views_deep "'staff17'" NULL NULL NULL NULL "'view'" "$deep_views"
browse demo_auditor "one person's views in a month" views_month "'staff17'" NULL NULL "'$month0'" "'$month1'" "'view'"
browse demo_auditor "one person's writes" writes "'staff17'" NULL NULL NULL NULL "'write'"
browse demo_auditor "one case by its number, with its urges" case NULL "'$case_no'" NULL NULL NULL NULL
browse demo_auditor "one case, one person" case_person "'$case_actor'" "'$case_no'" NULL NULL NULL NULL
browse demo_auditor "one household by its number" household NULL NULL "'$hh_no'" NULL NULL NULL
browse demo_auditor "one household, a page half-way into its year" household_deep NULL NULL "'$hh_no'" NULL NULL NULL "$deep_hh"
browse demo_auditor "one household's month" household_month NULL NULL "'$hh_no'" "'$month0'" "'$month1'" NULL
browse demo_auditor "one household's views of personal data (none)" household_views NULL NULL "'$hh_no'" NULL NULL "'view'"
sup_case_no=$(q "SELECT case_no FROM onedoor.cases WHERE county = '519001' AND id > 4000 ORDER BY id LIMIT 1")
echo "the same, as the supervisor of county 519001 (the 120 of the 3,000 people at its centres)"
browse bench_sup "first page, no filter" first NULL NULL NULL NULL NULL NULL
browse bench_sup "one day, first page" day_all NULL NULL NULL "'$day'" "'$day'" NULL
browse bench_sup "views of personal data, the county's" views_all NULL NULL NULL NULL NULL "'view'"
browse bench_sup "one person of the county, first page" person "'staff17'" NULL NULL NULL NULL NULL
browse bench_sup "one person, a page half-way into their year" person_deep "'staff17'" NULL NULL NULL NULL NULL "$deep_person"
browse bench_sup "one person's views of personal data" views "'staff17'" NULL NULL NULL NULL "'view'"
browse bench_sup "a person of another county (nothing)" other "'staff21'" NULL NULL NULL NULL NULL
browse bench_sup "one case of the county by its number" case NULL "'$sup_case_no'" NULL NULL NULL NULL
browse bench_sup "one household of the county by its number" household NULL NULL "'$hh_no'" NULL NULL NULL
echo "statistics on 1,000,000 cases, a year"
T="(target <= 200 ms for a county)"
for f in assisted stage_times windows departments; do
	report "$f, one county's supervisor" "$T" "s_$f" bench_sup "SELECT * FROM onedoor.stats_$f(current_date - 365, current_date)" 20 5
done
report "monthly series (12), one county's supervisor" "$T" s_monthly bench_sup "SELECT * FROM onedoor.stats_monthly(current_date, 12)" 20 5
for by in month department centre item; do
	report "assisted by $by (screen's table), one county" "$T" "s_by_$by" bench_sup "SELECT * FROM onedoor.stats_assisted_by(current_date - 365, current_date, '$by')" 20 5
done
report "funds by township (screen's table), one county" "$T" s_funds bench_sup "SELECT * FROM onedoor.stats_funds_by(current_date - 365, current_date, 'centre')" 20 5
report "assisted, the auditor over 25 counties" "" a_assisted demo_auditor "SELECT * FROM onedoor.stats_assisted(current_date - 365, current_date)" 20 5
report "windows, the auditor over 500 centres" "" a_windows demo_auditor "SELECT * FROM onedoor.stats_windows(current_date - 365, current_date)" 20 5
report "departments, the auditor over 25 counties" "" a_departments demo_auditor "SELECT * FROM onedoor.stats_departments(current_date - 365, current_date)" 20 5
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
