#!/bin/sh
# bench_lifecycle.sh - the county's periodic reviews, on the throwaway
# cluster of tests/bench/run.sh (environment of tests/lib/cluster.sh).
#
# `onedoor-admin reviews generate 2026-10` for a county of 100,000 monthly
# benefits in force in 10 centres: half started in October 2025 (their
# annual review falls due), half in the months since (not due).  Median of
# 3 runs that open the 50,000 reviews (the reviews are removed between
# runs), target <= 5 s; and of 3 runs again on a month already opened (the
# schedule runs it twice: it opens nothing).  Baseline in the same run:
# the same 50,000 rows written into a plain table (INSERT ... SELECT), the
# least any opening could cost; the ratio.  Figures only: nothing fails on
# time.  BENCH_KEEP=1 keeps the database.
set -eu
. "$ONEDOOR_TOP/tests/lib/db.sh"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/od-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DB=bench_life
export PGOPTIONS="-c client_min_messages=warning"
su_sql() { psql -X -q -v ON_ERROR_STOP=1 -At -d "$DB" -c "$1"; }
now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }
median() { echo $* | tr ' ' '\n' | sort -n | sed -n 2p; }
clone_template "$DB"
WF_INI=$WORK/bench.ini
printf '[database]\nconninfo = host=%s dbname=%s\n' "$ONEDOOR_TEST_HOST" "$DB" > "$WF_INI"
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$ONEDOOR_TOP/tests/db/fixtures/workflow_items.sql"
for y in 2025 2026; do
	"$ONEDOOR_BIN/onedoor-admin" -c "$WF_INI" calendar import "$ONEDOOR_TOP/conf/calendar/$y.ini" >/dev/null
done
su_sql "SELECT onedoor.test_set_today('2026-10-09')" >/dev/null
t0=$(now)
echo "loading 100,000 benefits in force..."
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" <<'SQL'
SET session_replication_role = replica; -- fixture data: no triggers
INSERT INTO onedoor.centres (code, name, kind, county)
SELECT '5117039' || lpad(g::text, 2, '0'), '基准镇' || g, 'township', '511703'
FROM generate_series(1, 8) g;
CREATE TEMP TABLE r AS
SELECT g, (ARRAY['511703001', '511703102', '511703901', '511703902', '511703903',
		 '511703904', '511703905', '511703906', '511703907', '511703908'])[g % 10 + 1] AS centre,
       CASE WHEN g % 2 = 0 THEN DATE '2025-10-01'
	    ELSE (DATE '2025-11-01' + (g % 11) * interval '1 month')::date END AS start
FROM generate_series(1, 100000) g;
INSERT INTO onedoor.households (household_no, centre_code, hukou, facts)
SELECT 'HB' || g, centre, 'rural', '{}' FROM r;
INSERT INTO onedoor.applications (application_no, household_id, centre_code, status, request_id)
SELECT 'AB' || r.g, h.id, r.centre, 'accepted', gen_random_uuid() FROM r
JOIN onedoor.households h ON h.household_no = 'HB' || r.g;
INSERT INTO onedoor.cases (case_no, application_id, household_id, subject_name, centre_code,
	county, item_code, department, track, stage, warn_days, opened_on, case_limit, case_due,
	case_warn_from, accepted_by, version, closed_at)
SELECT 'AB' || r.g || '-01', a.id, a.household_id, '对象' || r.g, r.centre, '511703',
	'wf_dibao', 'civil_affairs', 'normal', 'filed', 2, r.start - 20, 20, r.start, r.start,
	'demo_clerk1', 5, now()
FROM r JOIN onedoor.applications a ON a.application_no = 'AB' || r.g;
INSERT INTO onedoor.decisions (case_id, item_code, outcome, amount_fen, period, start_month,
	engine_amount_fen, phrase, decided_by, decided_on, at, request_id)
SELECT c.id, 'wf_dibao', 'granted', 40000 + (c.id % 50) * 1000, 'monthly', r.start,
	40000 + (c.id % 50) * 1000, '同意救助', 'demo_approver', r.start, now(), gen_random_uuid()
FROM r JOIN onedoor.cases c ON c.case_no = 'AB' || r.g || '-01';
INSERT INTO onedoor.benefits (case_id, state, state_from, start_month, reason, updated_by)
SELECT d.case_id, 'in_force', d.start_month, d.start_month, '同意救助', 'demo_approver'
FROM onedoor.decisions d;
RESET session_replication_role;
VACUUM ANALYZE;
SQL
echo "loaded in $(printf '%.0f' "$(calc "$(now) - $t0")") s: $(su_sql "SELECT count(*) FROM onedoor.benefits WHERE state = 'in_force'") benefits in force"
load=$(cut -d' ' -f1-3 /proc/loadavg)
generate() {
	PGUSER=demo_supervisor PGPASSWORD=onedoor "$ONEDOOR_BIN/onedoor-admin" -c "$WF_INI" \
		reviews generate 2026-10 > "$WORK/generate.out"
}
forget() { # the reviews just opened gone for the next run, and vacuumed: a county's
	# table never holds a month of deleted reviews, whose index entries the
	# next run and the screen's page would walk through
	su_sql "SET session_replication_role = replica; DELETE FROM onedoor.reviews" >/dev/null
	su_sql "VACUUM onedoor.reviews" >/dev/null
}

open_times=""
for i in 1 2 3; do
	forget
	t=$(now); generate; open_times="$open_times $(calc "$(now) - $t")"
done
opened=$(su_sql "SELECT count(*) FROM onedoor.reviews WHERE period = '2026-10-01'")
again_times=""
for i in 1 2 3; do
	t=$(now); generate; again_times="$again_times $(calc "$(now) - $t")"
done
t=$(now)
su_sql "CREATE TABLE bench_reviews AS SELECT * FROM onedoor.reviews WITH NO DATA;
	INSERT INTO bench_reviews SELECT * FROM onedoor.reviews" >/dev/null
base=$(calc "$(now) - $t")
m=$(median $open_times)
printf 'reviews generate, 100,000 benefits in force (%s reviews opened): median %.2f s of 3 (runs:%s) target <= 5 s\n' \
	"$opened" "$m" "$(echo $open_times | xargs printf ' %.2f')"
printf '  the same month again (nothing to open): median %.2f s of 3 (runs:%s)\n' \
	"$(median $again_times)" "$(echo $again_times | xargs printf ' %.2f')"
printf '  baseline: the same rows into a plain table %.2f s; ratio %.1f; load average before: %s\n' \
	"$base" "$(calc "$m / $base")" "$load"
verify=$(PGUSER=demo_auditor PGPASSWORD=onedoor "$ONEDOOR_BIN/onedoor-admin" -c "$WF_INI" \
	audit verify 2>&1 | tail -n 1)
printf '  audit verify after the runs: %s\n' "$verify"

# The reviews screen's open page at 50,000 open reviews.
PGBENCH=$(ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -t/ -k5 -n -r | head -n 1)
[ -x "$PGBENCH" ] || { echo "bench_lifecycle: pgbench not found (package postgresql)"; exit 1; }
N=${BENCH_READS:-60}
chmod 0755 "$WORK"
time_read() { # NAME LOGIN SQL -> "median p95" in microseconds, after 5 warm-up reads
	printf '%s\n' "$3" > "$WORK/$1.sql"
	PGPASSWORD=onedoor "$PGBENCH" -h "$ONEDOOR_TEST_HOST" -n -M extended -U "$2" -d "$DB" \
		-c 1 -t 5 -f "$WORK/$1.sql" >/dev/null 2>&1
	rm -f "$WORK"/pgbench_log.*
	(cd "$WORK" && PGPASSWORD=onedoor "$PGBENCH" -h "$ONEDOOR_TEST_HOST" -n -M extended \
		-U "$2" -d "$DB" -c 1 -t "$N" -f "$WORK/$1.sql" -l --log-prefix=pgbench_log \
		>/dev/null 2>&1)
	awk '{print $3}' "$WORK"/pgbench_log.* | sort -n > "$WORK/$1.lat"
	c=$(wc -l < "$WORK/$1.lat")
	echo "$(sed -n "$(( (c + 1) / 2 ))p" "$WORK/$1.lat") $(sed -n "$(( (c * 95 + 99) / 100 ))p" "$WORK/$1.lat")"
}
ms() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }
# The open page exactly as lifecycle_reviews_query sends it.
PAGE="SELECT id, case_id, case_no, subject_name, centre_code, department, item_code, kind, period::text AS period, cause, coalesce(engine_verdict, '') AS engine_verdict, coalesce(engine_amount, '') AS engine_amount, opened_on::text AS opened_on, due_on::text AS due_on, coalesce(light, '') AS light, amount_fen_now, coalesce(outcome, '') AS outcome, amount_fen, coalesce(to_char(effective_month, 'YYYY-MM'), '') AS effective_month, coalesce(reason, '') AS reason, coalesce(decided_by::text, '') AS decided_by, coalesce(decided_on::text, '') AS decided_on, version, benefit_state, to_char(benefit_state_from, 'YYYY-MM') AS benefit_state_from, benefit_version, may_decide, may_suspend, may_resume FROM onedoor.review_screen WHERE id = ANY (ARRAY(SELECT r.id FROM onedoor.reviews r WHERE r.outcome IS NULL ORDER BY r.due_on, r.id LIMIT 500)) ORDER BY due_on, id"
echo "  reviews screen, open page of 500 at $opened open reviews ($N reads each, one connection; load average $(cut -d' ' -f1-3 /proc/loadavg)):"
set -- $(time_read empty demo_supervisor "SELECT 1")
BASE=$1
printf '    %-34s median %s ms  p95 %s ms\n' "empty statement (baseline)" "$(ms "$1")" "$(ms "$2")"
for who in demo_supervisor demo_approver; do
	set -- $(time_read "page_$who" "$who" "$PAGE")
	printf '    %-34s median %s ms  p95 %s ms  (x%s of an empty round trip)\n' "as $who" \
		"$(ms "$1")" "$(ms "$2")" "$(awk -v a="$1" -v b="$BASE" 'BEGIN { printf "%.0f", a / b }')"
done
[ "${BENCH_KEEP:-}" = 1 ] || dropdb "$DB"
