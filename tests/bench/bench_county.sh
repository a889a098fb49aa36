#!/bin/sh
# bench_county.sh - the county's verification desk on a county's worth of
# departments' data (1,000,000 persons by default; BENCH_PERSONS to change):
#  1. import rate of a 1,000,000-row extract (deposits) through
#     `onedoor-admin data import` (file read, SHA-256, COPY, set-based checks,
#     typed rows), against a bare COPY of the same file into a text table in
#     the same run;
#  2. verification report generation for one case whose members appear in
#     all seven sources (the other six loaded as fixtures: deaths 1 %,
#     vehicles 20 %, housing 60 %, pensions 20 %, businesses 5 %, medical
#     costs 30 % of the persons), median and p95 over BENCH_REPORTS runs
#     (target <= 50 ms), against the two engine_match calls it contains.
# Runs on the throwaway cluster of tests/bench/run.sh; asserts nothing.
set -u
. "$ONEDOOR_TOP/tests/lib/db.sh"
N=${BENCH_PERSONS:-1000000}
REPORTS=${BENCH_REPORTS:-50}
DB=od_bench_county
CONF=$(new_database $DB) || exit 1
WORK="$ONEDOOR_TEST_DIR/bench_county"
mkdir -p "$WORK"
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d $DB "$@"; }
staff_login bench_county_verifier verifier 基准核对员 "" 511703
load() { uptime | sed 's/.*load average: /load average /'; }

# Persons: valid resident IDs of region 511702 (not the demo's) made from n.
q <<'SQL' || exit 1
CREATE FUNCTION public.bench_rid(n bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT d || substr('10X98765432', (
		SELECT sum(substr(d, i, 1)::int * (ARRAY[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2])[i])
		FROM generate_series(1, 17) i)::int % 11 + 1, 1)
	FROM (SELECT '511702' || to_char(DATE '1936-01-01' + (n % 30000)::int, 'YYYYMMDD')
		|| lpad(((n / 30000) % 1000)::text, 3, '0') AS d) s
$$;
SQL
t0=$(date +%s.%N)
q -c "COPY (SELECT public.bench_rid(g) AS resident_id,
	(ARRAY['中国农业银行达川支行', '达州银行', '四川农信'])[1 + g % 3] AS bank,
	((g::bigint * 7919) % 20000000 / 100.0)::numeric(12, 2) AS balance_yuan, '2026-02-28' AS as_of
	FROM generate_series(1, $N) g) TO STDOUT WITH (FORMAT csv, HEADER)" > "$WORK/deposits.csv" || exit 1
t1=$(date +%s.%N)
bytes=$(wc -c < "$WORK/deposits.csv")
echo "extract: $N rows, $((bytes / 1048576)) MB, written in $(echo "$t1 - $t0" | bc) s"

# 1. Import --------------------------------------------------------------------
q -c "CREATE UNLOGGED TABLE public.bench_copy (resident_id text, bank text, balance text, as_of text)"
t0=$(date +%s.%N)
q -c "\\copy public.bench_copy FROM '$WORK/deposits.csv' WITH (FORMAT csv, HEADER)" || exit 1
t1=$(date +%s.%N)
PGUSER=bench_county_verifier PGPASSWORD=onedoor "$ONEDOOR_BIN/onedoor-admin" -c "$CONF" \
	data import deposits "$WORK/deposits.csv" --as-of 2026-02-28 > "$WORK/import.out" || {
	cat "$WORK/import.out"; exit 1; }
t2=$(date +%s.%N)
copy_s=$(echo "$t1 - $t0" | bc)
import_s=$(echo "$t2 - $t1" | bc)
printf 'import of %s deposit rows: %.1f s, %.0f rows/s; bare COPY of the same file %.1f s, %.0f rows/s (import takes %.1fx; %s)\n' \
	"$N" "$import_s" "$(echo "$N / $import_s" | bc -l)" "$copy_s" "$(echo "$N / $copy_s" | bc -l)" \
	"$(echo "$import_s / $copy_s" | bc -l)" "$(load)"

# 2. The other six sources, as fixtures (not timed) ----------------------------
t0=$(date +%s.%N)
q <<SQL || exit 1
SET synchronous_commit = off;
CREATE TEMP TABLE src (source text, share int, v text);
INSERT INTO src VALUES
	('deaths', 100, 'jsonb_build_object(''resident_id'', r, ''died_on'', ''2025-12-01'')'),
	('vehicles', 5, 'jsonb_build_object(''resident_id'', r, ''plate'', ''川S·'' || g, ''registered_on'', ''2020-05-01'')'),
	('housing', 2, 'jsonb_build_object(''resident_id'', r, ''certificate'', ''达川不动产权第'' || g || ''号'', ''area_m2'', 60 + g % 80)'),
	('pensions', 5, 'jsonb_build_object(''resident_id'', r, ''monthly_yuan'', 1200 + g % 2000, ''since'', ''2010-01-01'')'),
	('businesses', 20, 'jsonb_build_object(''resident_id'', r, ''licence'', ''91511703'' || g, ''registered_on'', ''2018-01-01'')'),
	('medical_costs', 3, 'jsonb_build_object(''resident_id'', r, ''year'', 2025, ''selfpaid_yuan'', g % 90000)');
DO \$\$
DECLARE s record; b bigint;
BEGIN
	FOR s IN SELECT * FROM src LOOP
		INSERT INTO onedoor.data_batches (source, as_of, file_name, sha256, row_count, request_id)
		VALUES (s.source, '2026-02-28', 'bench-' || s.source || '.csv', repeat('0', 64), 0,
			gen_random_uuid()) RETURNING id INTO b;
		-- Persons 1..3 (the benchmark household) are in every source but
		-- the deaths, where only the parent (3) is.
		EXECUTE format('INSERT INTO onedoor.data_rows (batch_id, line, resident_id, v)
			SELECT %s, g + 1, r, %s FROM (SELECT g, public.bench_rid(g) AS r
			FROM generate_series(1, $N) g WHERE g = 3 OR g <= %s OR g %% %s = 0) x', b, s.v,
			CASE s.source WHEN 'deaths' THEN 0 ELSE 3 END, s.share);
	END LOOP;
END \$\$;
ANALYZE onedoor.data_rows;
SQL
t1=$(date +%s.%N)
echo "six more sources loaded as fixtures: $(q -c "SELECT count(*) FROM onedoor.data_rows") department rows in all, in $(echo "$t1 - $t0" | bc) s"

# 3. One case of a household of persons 1..3 -----------------------------------
# Declared eligible (the server re-derives eligibility at acceptance); the
# departments' rows are what make the differences.
member='{"status": "normal", "disability": "none", "illness": "none", "labour": "full", "school": "none", "employment": "farming", "income_wage": "0", "income_business": "0", "income_property": "0", "income_transfer": "0", "support_paid": "0"}'
app=$(PGPASSWORD=onedoor psql -X -q -At -U demo_clerk1 -d $DB -c "SELECT application_no FROM
	onedoor.register_household(gen_random_uuid(), jsonb_build_object('hukou', 'rural',
	'facts', '{\"deposits\": \"20000\", \"houses\": \"1\", \"vehicles\": \"0\", \"medical_selfpaid\": \"5000\", \"education_spending\": \"0\", \"emergency\": \"none\"}'::jsonb,
	'members', jsonb_build_array(
		jsonb_build_object('resident_id', '$(q -c "SELECT public.bench_rid(1)")', 'name', '基准甲', 'relation', 'self',
			'facts', '$member'::jsonb || '{\"income_business\": \"300\"}'::jsonb),
		jsonb_build_object('resident_id', '$(q -c "SELECT public.bench_rid(2)")', 'name', '基准乙', 'relation', 'spouse',
			'facts', '$member'::jsonb || '{\"income_wage\": \"200\"}'::jsonb),
		jsonb_build_object('resident_id', '$(q -c "SELECT public.bench_rid(3)")', 'name', '基准丙', 'relation', 'parent',
			'facts', '$member'::jsonb))))") || exit 1
PGPASSWORD=onedoor psql -X -q -At -U demo_clerk1 -d $DB -c "SELECT onedoor.record_materials(
	gen_random_uuid(), '$app', ARRAY[onedoor.authorisation_material()])" >/dev/null
case_id=$(PGPASSWORD=onedoor psql -X -q -At -U demo_clerk1 -d $DB -c "SELECT case_id FROM
	onedoor.accept_application(gen_random_uuid(), '$app', 1, '[\"dibao_rural\", \"temp_expense\"]')" | head -n 1)
flags=$(q -c "SELECT flags || ' differences, ' || jsonb_array_length(content -> 'items') || ' items re-evaluated, ' ||
	(SELECT sum(jsonb_array_length(m -> 'found')) FROM jsonb_array_elements(content -> 'members') m) || ' department rows'
	FROM onedoor.verification_reports WHERE case_id = $case_id")
q <<SQL > "$WORK/report.out" || exit 1
CREATE TEMP TABLE lat (what text, ms numeric);
DO \$\$
DECLARE t timestamptz; doc jsonb;
BEGIN
	FOR i IN 1..$REPORTS LOOP
		t := clock_timestamp();
		PERFORM onedoor.verification_generate($case_id, 'on_demand', gen_random_uuid());
		INSERT INTO lat VALUES ('report', extract(epoch FROM clock_timestamp() - t) * 1000);
	END LOOP;
	SELECT r.content -> 'verified' INTO doc FROM onedoor.verification_reports r
	WHERE r.case_id = $case_id ORDER BY r.version DESC LIMIT 1;
	FOR i IN 1..$REPORTS LOOP
		t := clock_timestamp();
		PERFORM onedoor.engine_match(doc, DATE '2026-03-02');
		PERFORM onedoor.engine_match(doc, DATE '2026-03-02');
		INSERT INTO lat VALUES ('engine', extract(epoch FROM clock_timestamp() - t) * 1000);
	END LOOP;
END \$\$;
SELECT what, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 2),
	round(percentile_cont(0.95) WITHIN GROUP (ORDER BY ms)::numeric, 2) FROM lat GROUP BY what ORDER BY what;
SQL
set -- $(tr '|' ' ' < "$WORK/report.out")
printf 'verification report, one case, all seven sources for %s persons (%s): median %s ms, p95 %s ms over %s (target <= 50 ms); its two engine_match calls alone: median %s ms, p95 %s ms; %s\n' \
	"$N" "$flags" "$5" "$6" "$REPORTS" "$2" "$3" "$(load)"
dropdb "$DB"
