#!/bin/sh
# bench_workflow.sh - the case workflow's figures, on the throwaway cluster
# of tests/bench/run.sh (environment of tests/lib/cluster.sh).
#
#  1. Stage transitions per second (case_act verify_pass, audit entries and
#     notifications on, the chainer linking entries every second beside
#     them) from 50 concurrent connections of a real verifier login, beside
#     pgbench's built-in TPC-B-like transaction on the same server in the
#     same run; the ratio (target >= 0.5); how many entries waited for the
#     chainer at the end and how long it took to link them.
#  2. One centre's worklist (its open cases by urgency, the query the
#     screens run through case_store.h) as that centre's clerk, on 1,000,000
#     cases across 500 centres in 25 counties: median and p95 (target p95
#     <= 5 ms).
#  3. The county supervisor's matrix (stage x light per centre) on the same
#     data: median and p95 (target <= 100 ms).
#  4. A read of personal data with its trace (trace_read committed, then the
#     person's full record), as a clerk: median and p95.
# Figures only: nothing fails on time.  BENCH_SECONDS (default 15) sets the
# length of each throughput run; BENCH_KEEP=1 keeps the database for study.
set -eu
. "$ONEDOOR_TOP/tests/lib/db.sh"
SECONDS_RUN=${BENCH_SECONDS:-15}
CLIENTS=50
PER_CLIENT=2000 # cases reserved for each transition client
WORK=$(mktemp -d "${TMPDIR:-/tmp}/od-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DB=bench_wf
export PGOPTIONS="-c client_min_messages=warning"
su_sql() { psql -X -q -v ON_ERROR_STOP=1 -At -d "$DB" -c "$1"; }
t0=$(date +%s)

createdb -T onedoor_tpl "$DB"
printf '[database]\nconninfo = dbname=%s\n' "$DB" > "$WORK/bench.ini"
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$ONEDOOR_TOP/tests/db/fixtures/workflow_items.sql"
"$ONEDOOR_BIN/onedoor-admin" -c "$WORK/bench.ini" calendar import \
	"$ONEDOOR_TOP/conf/calendar/2026.ini" >/dev/null

# Data: 500 centres in 25 counties, one accepted application each (the
# worklist reads only the case rows); 2,000 cases per centre of which 15 %
# are open, in every stage, with due dates spread around today so that all
# three lights occur.  Loaded as the superuser with triggers off: this is
# fixture data, not workflow.
echo "loading 1,000,000 cases..."
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$ONEDOOR_TOP/tests/bench/fixtures_million_cases.sql"
# The transition pool: cases waiting for verification in the demo centre,
# PER_CLIENT consecutive ids per client.
su_sql "SET session_replication_role = replica;
INSERT INTO onedoor.cases (case_no, application_id, household_id, subject_name, centre_code,
	county, item_code, department, track, stage, warn_days, stage_entered_at,
	stage_entered_on, stage_limit, stage_due, stage_warn_from, opened_on, case_limit,
	case_due, case_warn_from, accepted_by, version)
SELECT 'CT' || g, a.id, a.household_id, '测试', a.centre_code, '511703', 'wf_dibao',
	'civil_affairs', 'normal', 'verify', 2, now(), onedoor.today(), 3,
	onedoor.today() + 5, onedoor.today() + 4, onedoor.today(), 20, onedoor.today() + 30,
	onedoor.today() + 28, 'demo_clerk1', 1
FROM generate_series(0, $((CLIENTS * PER_CLIENT - 1))) g
JOIN onedoor.applications a ON a.application_no = 'ADEMO-001'
ORDER BY g"
# Each waits with its verification report, the applicant's authorisation on
# file and no difference found (no department data is loaded here).
su_sql "INSERT INTO onedoor.application_materials (application_id, material, received_on,
	recorded_by, request_id)
SELECT id, onedoor.authorisation_material(), onedoor.today(), 'demo_clerk1', gen_random_uuid()
FROM onedoor.applications WHERE application_no = 'ADEMO-001';
SELECT count(onedoor.verification_generate(id, 'verify_entered', gen_random_uuid()))
FROM onedoor.cases WHERE case_no LIKE 'CT%'" >/dev/null
base=$(su_sql "SELECT min(id) FROM onedoor.cases WHERE case_no LIKE 'CT%'")
su_sql "VACUUM ANALYZE" 2>/dev/null || su_sql "ANALYZE"
staff_login bench_clerk clerk 测试窗口 B001
staff_login bench_supervisor supervisor 测试督办 "" 519001
echo "data loaded in $(( $(date +%s) - t0 )) s: $(su_sql "SELECT count(*) FROM onedoor.cases") cases," \
	"$(su_sql "SELECT count(*) FROM onedoor.cases WHERE active AND centre_code = 'B001'") open in centre B001," \
	"$(su_sql "SELECT count(*) FROM onedoor.cases WHERE active AND county = '519001'") open in county 519001"

# 1. Transitions against TPC-B ------------------------------------------------------
tps_of() { sed -n 's/^tps = \([0-9.]*\) (without initial connection time)$/\1/p' "$1"; }
createdb bench_tpcb
pgbench -i -q -s 10 bench_tpcb >/dev/null 2>&1
pgbench -n -c "$CLIENTS" -j 2 -T "$SECONDS_RUN" bench_tpcb > "$WORK/tpcb.out" 2>&1
tpcb=$(tps_of "$WORK/tpcb.out")
cat > "$WORK/transition.sql" <<'EOF'
\set cid :base + :client_id * :per_client + :n
\set n :n + 1
SELECT stage FROM onedoor.case_act(gen_random_uuid(), :cid, 1, 'verify_pass');
EOF
audit_before=$(su_sql "SELECT max(seq) FROM onedoor.audit_log")
"$ONEDOOR_BIN/onedoor-admin" -c "$WORK/bench.ini" audit chain --follow 1 >/dev/null 2>&1 &
chainer=$!
PGPASSWORD=onedoor pgbench -n -U demo_verifier -d "$DB" -c "$CLIENTS" -j 2 -T "$SECONDS_RUN" \
	-f "$WORK/transition.sql" -D base="$base" -D per_client="$PER_CLIENT" -D n=0 \
	> "$WORK/transition.out" 2>&1 || { cat "$WORK/transition.out"; exit 1; }
wf=$(tps_of "$WORK/transition.out")
kill "$chainer" 2>/dev/null; wait "$chainer" 2>/dev/null || true
moved=$(su_sql "SELECT count(*) FROM onedoor.cases WHERE case_no LIKE 'CT%' AND stage = 'supervise'")
audited=$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE seq > $audit_before")
waiting=$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE pos IS NULL")
c0=$(date +%s%N)
su_sql "SELECT onedoor.audit_chain()" >/dev/null
c1=$(date +%s%N)
chain=$("$ONEDOOR_BIN/onedoor-admin" -c "$WORK/bench.ini" audit verify >/dev/null && echo intact || echo BROKEN)
printf 'transitions: %s/s from %d connections (%s cases moved, %s audit entries, chain %s)\n' \
	"$wf" "$CLIENTS" "$moved" "$audited" "$chain"
printf 'chainer: %s entries waiting when the run ended, linked in %d ms\n' "$waiting" \
	$(( (c1 - c0) / 1000000 ))
printf 'pgbench TPC-B-like (scale 10): %s/s from %d connections\n' "$tpcb" "$CLIENTS"
awk -v a="$wf" -v b="$tpcb" 'BEGIN { printf "ratio transitions / TPC-B: %.2f (target >= 0.5)\n", a / b }'

# 2 and 3. Latency of the screens' queries --------------------------------------
latency() { # LOGIN SQLFILE COUNT -> "median p95" in ms
	rm -f "$WORK"/lat*
	PGPASSWORD=onedoor pgbench -n -U "$1" -d "$DB" -c 1 -t "$3" -f "$2" -l \
		--log-prefix="$WORK/lat" >/dev/null 2>&1
	cat "$WORK"/lat* | awk '{ print $3 / 1000 }' | sort -n |
		awk '{ v[NR] = $1 } END { printf "%.2f %.2f", v[int((NR + 1) / 2)], v[int(NR * 0.95 + 0.5)] }'
}
cat > "$WORK/worklist.sql" <<'EOF'
SELECT id, case_no, centre_code, department, item_code, item_name_zh, subject_name, track, stage, version, provisional, light, coalesce(stage_light, '') AS stage_light, coalesce(case_light, '') AS case_light, coalesce(check_light, '') AS check_light, coalesce(check_kind, '') AS check_kind, coalesce(stage_due::text, '') AS stage_due, coalesce(case_due::text, '') AS case_due, coalesce(check_due::text, '') AS check_due, coalesce(next_due::text, '') AS next_due, coalesce(days_left, 0) AS days_left, coalesce(stage_elapsed, 0) AS stage_elapsed, coalesce(case_elapsed, 0) AS case_elapsed FROM onedoor.case_worklist WHERE centre_code = 'B001' ORDER BY light_rank DESC, next_due, id LIMIT 500;
EOF
cat > "$WORK/matrix.sql" <<'EOF'
SELECT centre_code, stage, light, cases FROM onedoor.case_matrix ORDER BY centre_code, stage, light;
EOF
rows=$(PGPASSWORD=onedoor psql -X -At -U bench_clerk -d "$DB" -f "$WORK/worklist.sql" | wc -l)
set -- $(latency bench_clerk "$WORK/worklist.sql" 400)
printf 'worklist of one centre (%s open cases of 1,000,000): median %s ms, p95 %s ms (target p95 <= 5 ms)\n' \
	"$rows" "$1" "$2"
cells=$(PGPASSWORD=onedoor psql -X -At -U bench_supervisor -d "$DB" -f "$WORK/matrix.sql" | wc -l)
set -- $(latency bench_supervisor "$WORK/matrix.sql" 60)
printf 'county matrix (20 centres, %s cells): median %s ms, p95 %s ms (target <= 100 ms)\n' \
	"$cells" "$1" "$2"
# 4. A traced read of personal data -----------------------------------------------
pid=$(su_sql "SELECT id FROM onedoor.persons WHERE resident_id = '511703196003150174'")
cat > "$WORK/record.sql" <<EOF
SELECT onedoor.trace_read('person_record', '$pid');
SELECT resident_id, facts FROM onedoor.person_record($pid);
EOF
set -- $(latency demo_clerk2 "$WORK/record.sql" 200)
printf 'person record with its trace (trace committed, then the read): median %s ms, p95 %s ms\n' \
	"$1" "$2"
echo "bench_workflow took $(( $(date +%s) - t0 )) s"
dropdb bench_tpcb
[ -n "${BENCH_KEEP:-}" ] || dropdb "$DB"
