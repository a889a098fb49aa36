#!/bin/sh
# bench_discover.sh - `onedoor-admin discover` over generated households
# (1,000,000 by default; BENCH_HOUSEHOLDS to change), made in SQL with
# generate_series in a copy of the test template (default catalogue
# imported).  Prints generation time, then for each run the wall time, the
# rate and the peak resident memory of onedoor-admin, and the medians: the
# engine inside the server (the default) and the older path through a
# cursor (--cursor) in the same run, and their ratio.  Then the engine
# alone in one server process: matches per second per core on stored
# household documents.  The load average is printed beside the figures.
# Runs on the throwaway cluster of tests/bench/run.sh; asserts nothing.
set -u
. "$ONEDOOR_TOP/tests/lib/db.sh"
N=${BENCH_HOUSEHOLDS:-1000000}
RUNS=${BENCH_RUNS:-3}
DB=od_bench_discover
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d $DB "$@"; }
# BENCH_KEEP=1 keeps the generated database for the next run, which then
# skips the generation (10 minutes for a million on a busy machine).
if [ "${BENCH_KEEP:-}" = 1 ] && [ "$(q -c "SELECT count(*) FROM onedoor.households
	WHERE household_no LIKE 'HB%'" 2>/dev/null)" = "$N" ]; then
	CONF="$ONEDOOR_TEST_DIR/$DB.ini"
	printf '[database]\nconninfo = host=%s dbname=%s\n' "$ONEDOOR_TEST_HOST" $DB > "$CONF"
	generate=no
else
	CONF=$(new_database $DB) || exit 1
	generate=yes
fi

start=$(date +%s.%N)
[ $generate = no ] || q <<SQL || exit 1
-- A valid resident ID (GB 11643 check character) for person number n:
-- region 511702 (not the demo's), a birth date from n, a sequence from n.
CREATE FUNCTION pg_temp.rid(n bigint) RETURNS text LANGUAGE sql IMMUTABLE AS \$\$
	SELECT d || substr('10X98765432', (
		SELECT sum(substr(d, i, 1)::int * (ARRAY[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2])[i])
		FROM generate_series(1, 17) i)::int % 11 + 1, 1)
	FROM (SELECT '511702' || to_char(DATE '1936-01-01' + (n % 30000)::int, 'YYYYMMDD')
		|| lpad(((n / 30000) % 1000)::text, 3, '0') AS d) s
\$\$;
SET synchronous_commit = off;
-- A bulk load for the benchmark only: the audit triggers (a hash chain per
-- row) are not what is measured, so they are bypassed as replication does.
SET session_replication_role = replica;
INSERT INTO onedoor.households (household_no, centre_code, hukou, facts)
SELECT 'HB' || g, CASE WHEN g % 2 = 0 THEN '511703001' ELSE '511703102' END,
	CASE WHEN g % 3 = 0 THEN 'urban' ELSE 'rural' END,
	jsonb_build_object('deposits', (g % 40000)::text, 'houses', (g % 5 <> 0)::int::text,
		'vehicles', (g % 9 = 0)::int::text,
		'medical_selfpaid', CASE WHEN g % 7 = 0 THEN (g % 120000)::text ELSE '0' END,
		'education_spending', CASE WHEN g % 4 = 0 THEN '3000' ELSE '0' END,
		'emergency', CASE WHEN g % 23 = 0 THEN 'fire' ELSE 'none' END,
		'holds', CASE WHEN g % 11 = 0 THEN 'dibao_rural' ELSE '' END)
FROM generate_series(1, $N) g;
CREATE TEMP TABLE plan AS
SELECT h.id AS hid, k, pg_temp.rid(h.id * 4 + k) AS rid
FROM onedoor.households h, generate_series(0, 3) k
WHERE h.household_no LIKE 'HB%' AND k <= h.id % 4;
INSERT INTO onedoor.persons (resident_id, name, birth_date, sex, facts)
SELECT rid, '测试' || k, onedoor.resident_id_birth(rid),
	CASE WHEN substr(rid, 17, 1)::int % 2 = 1 THEN 'M' ELSE 'F' END,
	jsonb_build_object('disability', (ARRAY['none','none','none','physical','intellectual'])[hid % 5 + 1],
		'disability_grade', (hid % 4 + 1)::text,
		'illness', (ARRAY['none','chronic','serious'])[(hid + k) % 3 + 1],
		'labour', CASE WHEN (hid + k) % 3 = 0 THEN 'none' ELSE 'full' END,
		'school', CASE WHEN k >= 2 THEN 'primary' ELSE 'none' END,
		'employment', CASE WHEN (hid + k) % 4 = 0 THEN 'unemployed' ELSE 'farming' END,
		'income_wage', ((hid * 7 + k * 13) % 16000)::text)
FROM plan;
INSERT INTO onedoor.household_members (household_id, person_id, position, relation)
SELECT plan.hid, p.id, plan.k + 1,
	CASE plan.k WHEN 0 THEN 'self' WHEN 1 THEN 'spouse' ELSE 'child' END
FROM plan JOIN onedoor.persons p ON p.resident_id = plan.rid;
SET session_replication_role = origin;
ANALYZE;
SQL
gen=$(awk "BEGIN { print $(date +%s.%N) - $start }")
printf 'generated %s households, %s persons in %.1f s\n' "$N" \
	"$(q -c "SELECT count(*) FROM onedoor.persons")" "$gen"
# What discover itself costs is measured: the statement trigger that turns
# every discovered warning into a department's warning, one audit-chained
# row at a time (raise_warnings), is switched off for the timed runs (it
# runs the same for both paths, and dominates: minutes per 100,000).
q -c "DO \$\$ BEGIN IF EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'raise_warnings'
	AND tgrelid = 'onedoor.discoveries'::regclass) THEN
	ALTER TABLE onedoor.discoveries DISABLE TRIGGER raise_warnings;
	RAISE NOTICE 'raise_warnings disabled for the timed runs'; END IF; END \$\$" 2>&1 |
	sed 's/^NOTICE: */note: /'

median() { printf '%s\n' $1 | sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
# discover_runs LABEL [OPTION]: RUNS runs; sets $med to the median wall time.
discover_runs() {
	label=$1
	shift
	times=""
	rss=""
	for r in $(seq 1 "$RUNS"); do
		/usr/bin/time -f '%e %M %U %S' -o "$ONEDOOR_TEST_DIR/time.$r" \
			"$ONEDOOR_BIN/onedoor-admin" -c "$CONF" discover --date 2026-03-02 "$@" \
			>/dev/null 2>"$ONEDOOR_TEST_DIR/discover.$r" ||
			{ cat "$ONEDOOR_TEST_DIR/discover.$r"; exit 1; }
		read -r t m u s < "$ONEDOOR_TEST_DIR/time.$r"
		printf '%s run %d: %s s wall (client CPU %.1f s), %.0f households/s, peak RSS %d KiB; load %s; %s\n' \
			"$label" "$r" "$t" "$(awk "BEGIN { print $u + $s }")" \
			"$(awk "BEGIN { print $N / $t }")" "$m" "$(cut -d' ' -f1 /proc/loadavg)" \
			"$(tail -n 1 "$ONEDOOR_TEST_DIR/discover.$r")"
		times="$times $t"
		rss="$rss $m"
	done
	med=$(median "$times")
	printf '%s: discover over %s households, median of %d: %s s; peak RSS median %s KiB\n' \
		"$label" "$N" "$RUNS" "$med" "$(median "$rss")"
}
discover_runs "in the server"
in_db=$med
printf 'findings recorded by the last run: %s\n' \
	"$(q -c "SELECT findings FROM onedoor.discover_runs ORDER BY id DESC LIMIT 1")"
discover_runs "through a cursor" --cursor
printf 'discover in the server vs through a cursor: %s s vs %s s, %.1f times faster\n' \
	"$in_db" "$med" "$(awk "BEGIN { print $med / $in_db }")"

# The engine alone, one server process, no parallel workers: on documents
# built beforehand (BENCH_MATCHES of them), so that only matching counts.
M=${BENCH_MATCHES:-100000}
q -c "CREATE TABLE bench_docs AS SELECT onedoor.household_doc(id) AS d FROM onedoor.households
	WHERE active ORDER BY id LIMIT $M" >/dev/null
rates=""
for r in $(seq 1 "$RUNS"); do
	ms=$(q <<SQL | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p'
SET max_parallel_workers_per_gather = 0;
SET jit = off;
\\timing on
SELECT count(*) FROM bench_docs, LATERAL onedoor.engine_findings(d, '2026-03-02', NULL) f;
SQL
)
	rate=$(awk "BEGIN { printf \"%.0f\", $M / ($ms / 1000) }")
	printf 'engine in one server process, run %d: %s matches in %s ms, %s matches/s; load %s\n' \
		"$r" "$M" "$ms" "$rate" "$(cut -d' ' -f1 /proc/loadavg)"
	rates="$rates $rate"
done
printf 'server-side matching, median of %d: %s matches/s per core\n' "$RUNS" "$(median "$rates")"
q -c "DO \$\$ BEGIN IF EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'raise_warnings'
	AND tgrelid = 'onedoor.discoveries'::regclass) THEN
	ALTER TABLE onedoor.discoveries ENABLE TRIGGER raise_warnings; END IF; END \$\$"
q -c "DROP TABLE bench_docs"
[ "${BENCH_KEEP:-}" = 1 ] || dropdb $DB
