#!/bin/sh
# bench_workflow.sh - the case workflow's figures, on the throwaway cluster
# of tests/bench/run.sh (environment of tests/lib/cluster.sh).
#
#  1. Stage transitions per second (case_act verify_pass, audit entries and
#     notifications on, the chainer linking entries every second beside
#     them) from 50 concurrent connections of a real verifier login, beside
#     pgbench's built-in TPC-B-like transaction on the same server in the
#     same run; the ratio (target >= 0.7); what the connections wait on,
#     sampled from pg_stat_activity during the run; how many entries waited
#     for the chainer at the end and how long it took to link them.  Then
#     what the load average does not inflate: WAL bytes and server CPU per
#     transaction of each run, the rows, WAL bytes and index entries each
#     transition writes, table by table, and the size of its audit entry.
#  1b. The same two workloads from 2 connections each, one after the other:
#     with as many connections as cores nothing waits on anything, and the
#     ratio is what each transaction's CPU alone allows (the 50-connection
#     ratio is that, less what contention costs each side).
#  2. One centre's worklist (its open cases by urgency, through
#     worklist_page as the screens ask for it through case_store.h) as that
#     centre's clerk, on 1,000,000 cases across 500 centres in 25 counties:
#     median and p95 (target p95 <= 5 ms).
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
ALONE=2 # connections of the runs without contention (1b)
PER_ALONE=15000 # cases reserved for each of those
WORK=$(mktemp -d "${TMPDIR:-/tmp}/od-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DB=bench_wf
export PGOPTIONS="-c client_min_messages=warning"
su_sql() { psql -X -q -v ON_ERROR_STOP=1 -At -d "$DB" -c "$1"; }
t0=$(date +%s)

clone_template "$DB"
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
# PER_CLIENT consecutive ids per client, each of its own accepted
# application of the demo household (a verification report re-evaluates
# its application's whole package, so one application for all of them
# would make every report read 100,000 cases).
su_sql "SET session_replication_role = replica;
INSERT INTO onedoor.applications (application_no, household_id, centre_code, request_id, status)
SELECT 'AT' || g, a.household_id, a.centre_code, gen_random_uuid(), 'accepted'
FROM generate_series(0, $((CLIENTS * PER_CLIENT + ALONE * PER_ALONE - 1))) g
JOIN onedoor.applications a ON a.application_no = 'ADEMO-001'
ORDER BY g;
INSERT INTO onedoor.cases (case_no, application_id, household_id, subject_name, centre_code,
	county, item_code, department, track, stage, warn_days, stage_entered_at,
	stage_entered_on, stage_limit, stage_due, stage_warn_from, opened_on, case_limit,
	case_due, case_warn_from, accepted_by, version)
SELECT 'CT' || substr(a.application_no, 3), a.id, a.household_id, '测试', a.centre_code,
	'511703', 'wf_dibao', 'civil_affairs', 'normal', 'verify', 2, now(), onedoor.today(), 3,
	onedoor.today() + 5, onedoor.today() + 4, onedoor.today(), 20, onedoor.today() + 30,
	onedoor.today() + 28, 'demo_clerk1', 1
FROM onedoor.applications a WHERE a.application_no LIKE 'AT%'
ORDER BY substr(a.application_no, 3)::int;
INSERT INTO onedoor.application_materials (application_id, material, received_on,
	recorded_by, request_id)
SELECT a.id, onedoor.authorisation_material(), onedoor.today(), 'demo_clerk1', gen_random_uuid()
FROM onedoor.applications a WHERE a.application_no LIKE 'AT%'"
# Each waits with its verification report, the applicant's authorisation on
# file and no difference found (no department data is loaded here).  The
# reports differ only in the case's and the application's numbers: the
# first is generated by the server's own verification_generate (engine,
# text, audit entry), the others are copies of it under their own numbers,
# in one statement (generating 100,000 one by one took longer than the
# whole benchmark should).
su_sql "SELECT onedoor.verification_generate(min(id), 'verify_entered', gen_random_uuid())
FROM onedoor.cases WHERE case_no LIKE 'CT%'" >/dev/null
su_sql "INSERT INTO onedoor.verification_reports (case_id, version, cause, generated_on, at,
	generated_by, authorised, flags, batches, content, text, sha256, request_id)
SELECT c.id, 1, r.cause, r.generated_on, r.at, r.generated_by, r.authorised, r.flags, r.batches,
	r.content || jsonb_build_object('case_no', c.case_no, 'application_no', ca.application_no),
	x.text, encode(sha256(convert_to(x.text, 'UTF8')), 'hex'), gen_random_uuid()
FROM onedoor.verification_reports r
JOIN onedoor.cases f ON f.id = r.case_id
JOIN onedoor.applications fa ON fa.id = f.application_id
JOIN onedoor.cases c ON c.case_no LIKE 'CT%' AND c.id <> f.id
JOIN onedoor.applications ca ON ca.id = c.application_id
CROSS JOIN LATERAL (SELECT replace(replace(r.text, '案件：' || f.case_no, '案件：' || c.case_no),
	'申请：' || fa.application_no, '申请：' || ca.application_no) AS text) x
WHERE f.case_no LIKE 'CT%'"
base=$(su_sql "SELECT min(id) FROM onedoor.cases WHERE case_no LIKE 'CT%'")
su_sql "VACUUM ANALYZE" 2>/dev/null || su_sql "ANALYZE"
staff_login bench_clerk clerk 测试窗口 B001
staff_login bench_supervisor supervisor 测试督办 "" 519001
echo "data loaded in $(( $(date +%s) - t0 )) s: $(su_sql "SELECT count(*) FROM onedoor.cases") cases," \
	"$(su_sql "SELECT count(*) FROM onedoor.cases WHERE active AND centre_code = 'B001'") open in centre B001," \
	"$(su_sql "SELECT count(*) FROM onedoor.cases WHERE active AND county = '519001'") open in county 519001"

# 1. Transitions against TPC-B ------------------------------------------------------
tps_of() { sed -n 's/^tps = \([0-9.]*\) (without initial connection time)$/\1/p' "$1"; }
done_of() { sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$1"; }
# What a transaction costs, which the load average does not inflate,
# measured in the middle of each run (from a second after all its
# connections are up, for the run's length less six seconds): the WAL
# written (the whole cluster's: one run at a time) and the CPU time (user +
# system) of the run's server processes, i.e. the client backends of its
# database that lived through the window: its 50 connections, and the
# chainer's for the transitions.  Autovacuum and the server's own processes
# are left out.  cost_window DB COUNT-SQL FILE ROLE, started beside a run of
# ROLE's connections, writes "WAL-bytes CPU-ms transactions connections"
# into FILE, per transaction as COUNT-SQL counts them at both ends.
tck=$(getconf CLK_TCK)
cost_mark() { # DB COUNT-SQL -> lines "pid ticks", then "wal LSN-bytes", "count N"
	# one awk for all of them: on two saturated cores every process started
	# here waits its turn, and the mark must stay inside the run
	awk '{ print FILENAME, $14 + $15 }' $(psql -X -At -d postgres -c "SELECT '/proc/' || pid
		|| '/stat' FROM pg_stat_activity WHERE datname = '$1'
		AND backend_type = 'client backend'") 2>/dev/null || true
	echo "wal $(psql -X -At -d postgres -c "SELECT pg_current_wal_lsn() - '0/0'")"
	echo "count $(psql -X -At -d "$1" -c "$2")"
}
cost_window() { # DB COUNT-SQL FILE ROLE-OF-THE-RUN
	i=0 # until the run's connections are all up (pgbench connects them first)
	while [ $i -lt 120 ] && [ "$(psql -X -At -d postgres -c "SELECT count(*)
		FROM pg_stat_activity WHERE datname = '$1' AND backend_type = 'client backend'
		AND usename = '$4'")" -lt "$CLIENTS" ]; do
		sleep 0.25
		i=$((i + 1))
	done
	sleep 1
	cost_mark "$1" "$2" > "$3.0"
	sleep $((SECONDS_RUN - 6))
	cost_mark "$1" "$2" > "$3.1"
	awk -v t="$tck" 'FNR == 1 { f++ } f == 1 { a[$1] = $2; next }
		$1 in a { d[$1] = $2 - a[$1] }
		END { n = d["count"]; c = 0; m = 0
		      for (k in d) if (k != "wal" && k != "count") { c += d[k]; m++ }
		      if (n > 0) printf "%.0f %.2f %d %d", d["wal"] / n, 1000 * c / t / n, n, m
		      else printf "- - 0 0" }' "$3.0" "$3.1" > "$3"
}
# Rows and index entries written per transition, table by table, from the
# statistics: an insert writes one entry in every index of its table, an
# update that is not HOT too (pg_stat_user_tables; the audit log's
# partitions each count their own).
tables_mark() {
	psql -X -At -F ' ' -d "$DB" -c "SELECT relid, n_tup_ins, n_tup_upd, n_tup_hot_upd
		FROM pg_stat_user_tables" > "$1"
}
createdb bench_tpcb
pgbench -i -q -s 10 bench_tpcb >/dev/null 2>&1
cost_window bench_tpcb "SELECT count(*) FROM pgbench_history" "$WORK/tpcb.cost" postgres &
coster=$!
pgbench -n -c "$CLIENTS" -j 2 -T "$SECONDS_RUN" bench_tpcb > "$WORK/tpcb.out" 2>&1
tpcb=$(tps_of "$WORK/tpcb.out")
wait "$coster"
cat > "$WORK/transition.sql" <<'EOF'
\set cid :base + :client_id * :per_client + :n
\set n :n + 1
SELECT stage FROM onedoor.case_act(gen_random_uuid(), :cid, 1, 'verify_pass');
EOF
audit_before=$(su_sql "SELECT max(seq) FROM onedoor.audit_log")
"$ONEDOOR_BIN/onedoor-admin" -c "$WORK/bench.ini" audit chain --follow 1 >/dev/null 2>&1 &
chainer=$!
# What the transition connections wait on: pg_stat_activity sampled twice a
# second while they run ("CPU" = active and waiting on nothing).
wait_sampler() { # BACKENDS-OF-ROLE FILE
	i=0
	while [ $i -lt $((SECONDS_RUN * 2)) ]; do
		psql -X -At -d "$DB" -c "SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU')
			FROM pg_stat_activity WHERE usename = '$1' AND state = 'active'" >>"$2" 2>/dev/null
		sleep 0.5
		i=$((i + 1))
	done
}
wait_summary() { # FILE LABEL
	n=$(wc -l <"$1")
	printf '%s, what the connections wait on (%s samples):' "$2" "$n"
	sort "$1" | uniq -c | sort -rn | head -n 6 |
		awk -v n="$n" '{ printf " %s %.0f%%;", $2, 100 * $1 / n }'
	echo
}
tables_mark "$WORK/tables0"
psql -X -q -d "$DB" -c "CREATE EXTENSION IF NOT EXISTS pg_walinspect" >/dev/null
lsn0=$(su_sql "SELECT pg_current_wal_lsn()")
cost_window "$DB" "SELECT coalesce(max(id), 0) FROM onedoor.case_events" "$WORK/wf.cost" \
	demo_verifier &
coster=$!
# (The database by name: pgbench's -d is --debug, which printed every
# command the clients ran and cost the client side CPU in this run only.)
PGPASSWORD=onedoor pgbench -n -U demo_verifier -c "$CLIENTS" -j 2 -T "$SECONDS_RUN" \
	-f "$WORK/transition.sql" -D base="$base" -D per_client="$PER_CLIENT" -D n=0 "$DB" \
	> "$WORK/transition.out" 2>&1 &
bench=$!
sleep 2
wait_sampler demo_verifier "$WORK/waits" &
sampler=$!
wait "$bench" || { cat "$WORK/transition.out"; exit 1; }
wait "$sampler" 2>/dev/null || true
wf=$(tps_of "$WORK/transition.out")
kill "$chainer" 2>/dev/null; wait "$chainer" 2>/dev/null || true
wf_done=$(done_of "$WORK/transition.out")
wait "$coster"
tables_mark "$WORK/tables1"
moved=$(su_sql "SELECT count(*) FROM onedoor.cases WHERE case_no LIKE 'CT%' AND stage = 'supervise'")
audited=$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE seq > $audit_before")
waiting=$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE pos IS NULL")
c0=$(date +%s%N)
su_sql "SELECT onedoor.audit_chain()" >/dev/null
c1=$(date +%s%N)
lsn1=$(su_sql "SELECT pg_current_wal_lsn()")
chain=$("$ONEDOOR_BIN/onedoor-admin" -c "$WORK/bench.ini" audit verify >/dev/null && echo intact || echo BROKEN)
printf 'transitions: %s/s from %d connections (%s cases moved, %s audit entries, chain %s)\n' \
	"$wf" "$CLIENTS" "$moved" "$audited" "$chain"
printf 'chainer: %s entries waiting when the run ended, linked in %d ms\n' "$waiting" \
	$(( (c1 - c0) / 1000000 ))
printf 'pgbench TPC-B-like (scale 10): %s/s from %d connections\n' "$tpcb" "$CLIENTS"
awk -v a="$wf" -v b="$tpcb" 'BEGIN { printf "ratio transitions / TPC-B: %.2f (target >= 0.7)\n", a / b }'
wait_summary "$WORK/waits" "transitions"
set -- $(cat "$WORK/tpcb.cost") $(cat "$WORK/wf.cost")
printf 'per transaction, mid-run: TPC-B %s WAL bytes, %s ms server CPU (%s transactions, %s connections);' "$1" "$2" "$3" "$4"
printf ' transition %s WAL bytes, %s ms server CPU, chainer included (%s transitions, %s connections)\n' "$5" "$6" "$7" "$8"
awk -v a="$2" -v b="$6" 'BEGIN { if (b > 0) printf "CPU ratio TPC-B / transition: %.2f (what the ratio would be if both were bound by CPU alone)\n", a / b }'
# WAL and B-tree insertions by table (its heap and its indexes together),
# read back from the WAL of the run (pg_walinspect), the chainer's links
# included; records naming no table of this database (commits, other
# databases' pages) as "(commits,other)".
su_sql "SELECT coalesce(t.relname, '(commits,other)'), sum(w.record_length),
		count(*) FILTER (WHERE w.resource_manager = 'Btree' AND w.record_type LIKE 'INSERT%')
	FROM pg_get_wal_records_info('$lsn0', '$lsn1') w
	LEFT JOIN pg_index i ON i.indexrelid = pg_filenode_relation(0,
		(regexp_match(w.block_ref, 'rel [0-9]+/[0-9]+/([0-9]+)'))[1]::oid)
	LEFT JOIN pg_class t ON t.oid = coalesce(i.indrelid, pg_filenode_relation(0,
		(regexp_match(w.block_ref, 'rel [0-9]+/[0-9]+/([0-9]+)'))[1]::oid))
	GROUP BY 1" | tr '|' ' ' > "$WORK/tables_wal"
psql -X -At -F ' ' -d "$DB" -c "SELECT relid, relname FROM pg_stat_user_tables" > "$WORK/tables_name"
echo "what each transition writes, table by table (rows inserted, updated, of them HOT in place;"
echo "  WAL bytes of the table and its indexes; index entries added), the chainer's links included:"
awk -v n="$wf_done" 'FILENAME ~ /tables0$/ { i0[$1] = $2; u0[$1] = $3; h0[$1] = $4; next }
	FILENAME ~ /tables1$/ { i1[$1] = $2; u1[$1] = $3; h1[$1] = $4; next }
	FILENAME ~ /tables_name$/ { name[$1] = $2; next }
	{ wal[$1] = $2; ent[$1] = $3 }
	END { for (r in name) {
		t = name[r]; ins = (i1[r] - i0[r]) / n; upd = (u1[r] - u0[r]) / n
		hot = (h1[r] - h0[r]) / n
		if (ins + upd < 0.01 && wal[t] / n < 50) continue
		printf "  %-22s %5.2f ins %5.2f upd %5.2f hot; %6.0f WAL bytes, %5.2f index entries\n",
			t, ins, upd, hot, wal[t] / n, ent[t] / n
		rows += ins + upd; w += wal[t]; e += ent[t]; delete wal[t] }
	      for (t in wal) if (wal[t] / n >= 50) {
		printf "  %-22s %36s %6.0f WAL bytes\n", t, "", wal[t] / n; w += wal[t] }
	      printf "  total %.2f rows, %.0f WAL bytes, %.2f index entries\n", rows, w / n, e / n }' \
	"$WORK/tables0" "$WORK/tables1" "$WORK/tables_name" "$WORK/tables_wal"
echo "audit entry of a transition: $(su_sql "SELECT round(avg(pg_column_size(a.*))) || ' bytes stored, before+after jsonb '
	|| round(avg(coalesce(pg_column_size(a.before), 0) + coalesce(pg_column_size(a.after), 0)))
	FROM onedoor.audit_log a WHERE a.seq > $audit_before AND a.object_type = 'case'")"
# 1b. Without contention: cases after the 50 clients' ones, ALONE clients.
short=$(( SECONDS_RUN / 3 > 4 ? SECONDS_RUN / 3 : 4 ))
pgbench -n -c "$ALONE" -j "$ALONE" -T "$short" bench_tpcb > "$WORK/tpcb2.out" 2>&1
PGPASSWORD=onedoor pgbench -n -U demo_verifier -c "$ALONE" -j "$ALONE" -T "$short" \
	-f "$WORK/transition.sql" -D base="$((base + CLIENTS * PER_CLIENT))" \
	-D per_client="$PER_ALONE" -D n=0 "$DB" > "$WORK/transition2.out" 2>&1 ||
	{ cat "$WORK/transition2.out"; exit 1; }
printf 'from %d connections, nothing contended: transitions %s/s, TPC-B %s/s, ' "$ALONE" \
	"$(tps_of "$WORK/transition2.out")" "$(tps_of "$WORK/tpcb2.out")"
awk -v a="$(tps_of "$WORK/transition2.out")" -v b="$(tps_of "$WORK/tpcb2.out")" \
	'BEGIN { printf "ratio %.2f (the most CPU alone allows)\n", a / b }'
echo "load average after the throughput runs: $(cut -d' ' -f1-3 /proc/loadavg)"

# 2 and 3. Latency of the screens' queries --------------------------------------
latency() { # LOGIN SQLFILE COUNT -> "median p95" in ms
	rm -f "$WORK"/lat*
	PGPASSWORD=onedoor pgbench -n -U "$1" -c 1 -t "$3" -f "$2" -l \
		--log-prefix="$WORK/lat" "$DB" >/dev/null 2>&1
	cat "$WORK"/lat* | awk '{ print $3 / 1000 }' | sort -n |
		awk '{ v[NR] = $1 } END { printf "%.2f %.2f", v[int((NR + 1) / 2)], v[int(NR * 0.95 + 0.5)] }'
}
cat > "$WORK/worklist.sql" <<'EOF'
SELECT id, case_no, centre_code, department, item_code, item_name_zh, subject_name, track, stage, version, provisional, light, coalesce(stage_light, '') AS stage_light, coalesce(case_light, '') AS case_light, coalesce(check_light, '') AS check_light, coalesce(check_kind, '') AS check_kind, coalesce(stage_due::text, '') AS stage_due, coalesce(case_due::text, '') AS case_due, coalesce(check_due::text, '') AS check_due, coalesce(next_due::text, '') AS next_due, coalesce(days_left, 0) AS days_left, coalesce(stage_elapsed, 0) AS stage_elapsed, coalesce(case_elapsed, 0) AS case_elapsed FROM onedoor.worklist_page('B001', 500) ORDER BY light_rank DESC, next_due, id;
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
