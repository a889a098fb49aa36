#!/bin/sh
# bench_payments.sh - the month's payment figures, on the throwaway cluster
# of tests/bench/run.sh (environment of tests/lib/cluster.sh).
#
#  1. `onedoor-admin payments roll` for a county of 100,000 recipients in
#     10 centres (one department): half started a year ago and paid every
#     month since (their history is in the database, as it would be), half
#     started in the last three months and owed back pay.  Median of 3 runs
#     (the first makes the rolls, the others make the drafts again); target
#     <= 5 s.  Baseline in the same run: writing the same 100,000 lines
#     with their months into plain tables (INSERT ... SELECT), the least any
#     roll could cost; the ratio.
#  2. Result import: the bank's answer for the whole month (100,000 lines,
#     one in a hundred failed), checked and recorded all or nothing by
#     `payments results` (the lines and months marked, the rolls closed, an
#     SMS for each applicant): seconds and lines per second, once (a roll's
#     answer is recorded once).  Baseline in the same run: the same answers
#     written into plain copies of the lines and months (two UPDATEs from
#     the file loaded with COPY), the least an import could cost; the ratio.
# Figures only: nothing fails on time.  BENCH_KEEP=1 keeps the database.
set -eu
. "$ONEDOOR_TOP/tests/lib/db.sh"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/od-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DB=bench_pay
export PGOPTIONS="-c client_min_messages=warning"
su_sql() { psql -X -q -v ON_ERROR_STOP=1 -At -d "$DB" -c "$1"; }
now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }
clone_template "$DB"
WF_INI=$WORK/bench.ini
printf '[database]\nconninfo = host=%s dbname=%s\n' "$ONEDOOR_TEST_HOST" "$DB" > "$WF_INI"
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$ONEDOOR_TOP/tests/db/fixtures/workflow_items.sql"
"$ONEDOOR_BIN/onedoor-admin" -c "$WF_INI" calendar import "$ONEDOOR_TOP/conf/calendar/2026.ini" >/dev/null
su_sql "SELECT onedoor.test_set_today('2026-10-09')" >/dev/null
staff_login bench_finance finance 基准财政 "" 511703
t0=$(now)
echo "loading 100,000 recipients..."
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" <<'SQL'
SET session_replication_role = replica; -- fixture data: no triggers
INSERT INTO onedoor.centres (code, name, kind, county)
SELECT '5117039' || lpad(g::text, 2, '0'), '基准镇' || g, 'township', '511703'
FROM generate_series(1, 8) g;
CREATE TEMP TABLE r AS
SELECT g, (ARRAY['511703001', '511703102', '511703901', '511703902', '511703903',
		 '511703904', '511703905', '511703906', '511703907', '511703908'])[g % 10 + 1] AS centre,
       CASE WHEN g % 2 = 0 THEN DATE '2025-10-01'
	    ELSE (DATE '2026-08-01' + (g % 3) * interval '1 month')::date END AS start
FROM generate_series(1, 100000) g;
INSERT INTO onedoor.households (household_no, centre_code, hukou, facts)
SELECT 'HB' || g, centre, 'rural', jsonb_build_object('mobile', '139' || lpad(g::text, 8, '0'))
FROM r;
INSERT INTO onedoor.bank_accounts (household_id, account_no, bank_name)
SELECT h.id, '95588' || lpad(r.g::text, 11, '0'), '农商行' FROM r
JOIN onedoor.households h ON h.household_no = 'HB' || r.g;
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
INSERT INTO onedoor.benefit_states (case_id, state, state_from, reason, actor)
SELECT d.case_id, 'in_force', d.start_month, '同意救助', 'demo_approver' FROM onedoor.decisions d;
-- A year of history: one closed roll per month and centre since 2025-10,
-- every line paid, for the recipients who started then.
INSERT INTO onedoor.payment_rolls (roll_no, month, county, department, centre_code, state,
	generated_by, generated_at)
SELECT 'PH' || to_char(m, 'YYYYMM') || '-' || c.code, m, '511703', 'civil_affairs', c.code,
	'closed', 'demo_supervisor', now()
FROM generate_series(DATE '2025-10-01', DATE '2026-09-01', interval '1 month') m,
     onedoor.centres c WHERE c.county = '511703';
INSERT INTO onedoor.roll_lines (roll_id, line_no, case_id, case_no, item_code, household_id,
	recipient_name, holder_name, account_no, months, amount_fen, back_pay_fen, state, result_at)
SELECT p.id, row_number() OVER (PARTITION BY p.id ORDER BY c.id), c.id, c.case_no, c.item_code,
	c.household_id, c.subject_name, c.subject_name, '9558800000000000', ARRAY[p.month],
	d.amount_fen, 0, 'paid', now()
FROM onedoor.payment_rolls p
JOIN onedoor.cases c ON c.centre_code = p.centre_code
JOIN onedoor.decisions d ON d.case_id = c.id AND d.start_month = DATE '2025-10-01'
WHERE p.roll_no LIKE 'PH%';
INSERT INTO onedoor.payment_months (line_id, case_id, month, amount_fen, state)
SELECT l.id, l.case_id, l.months[1], l.amount_fen, 'paid' FROM onedoor.roll_lines l;
-- Paid through September, as the bank's answers each month left them.
SELECT onedoor.paid_through_advance(ARRAY(SELECT DISTINCT case_id FROM onedoor.payment_months));
RESET session_replication_role;
VACUUM ANALYZE;
SQL
echo "loaded in $(printf '%.0f' "$(calc "$(now) - $t0")") s: $(su_sql "SELECT count(*) FROM onedoor.decisions") recipients, $(su_sql "SELECT count(*) FROM onedoor.payment_months") months paid before"
load=$(cut -d' ' -f1-3 /proc/loadavg)
# The server's CPU seconds (user + system) for a statement, beside the
# clock: on a shared machine the clock also counts the time waiting for a
# core.  From log_statement_stats, for the statements calling $1 written to
# the server's log since byte $2.
LOG=$ONEDOOR_TEST_DIR/server.log
su_sql "ALTER DATABASE $DB SET log_statement_stats = on"
log_at() { stat -c %s "$LOG"; }
cpu_of() {
	tail -c +"$(($2 + 1))" "$LOG" | awk -v f="$1" '
		/ s user, .* s system, / { for (i = 1; i <= NF; i++) { if ($(i + 1) == "s" && $(i + 2) == "user,") u = $i;
			if ($(i + 1) == "s" && $(i + 2) == "system,") y = $i } }
		/STATEMENT:/ && index($0, f) { t += u + y }
		END { printf "%.2f", t }'
}

# 1. The roll.
times=""
cpus=""
for i in 1 2 3; do
	t=$(now)
	at=$(log_at)
	PGUSER=demo_supervisor PGPASSWORD=onedoor "$ONEDOOR_BIN/onedoor-admin" -c "$WF_INI" \
		payments roll 2026-10 > "$WORK/roll.out"
	times="$times $(calc "$(now) - $t")"
	cpus="$cpus $(cpu_of payments_generate "$at")"
done
median=$(echo $times | tr ' ' '\n' | sort -n | sed -n 2p)
lines=$(su_sql "SELECT sum(line_count) FROM onedoor.payment_rolls WHERE month = '2026-10-01'")
months=$(su_sql "SELECT count(*) FROM onedoor.payment_months WHERE state = 'claimed'")
t=$(now)
su_sql "CREATE TABLE bench_lines AS SELECT * FROM onedoor.roll_lines WITH NO DATA;
	CREATE TABLE bench_months AS SELECT * FROM onedoor.payment_months WITH NO DATA;
	INSERT INTO bench_lines SELECT * FROM onedoor.roll_lines l WHERE l.roll_id IN
		(SELECT id FROM onedoor.payment_rolls WHERE month = '2026-10-01');
	INSERT INTO bench_months SELECT * FROM onedoor.payment_months WHERE state = 'claimed'" >/dev/null
base=$(calc "$(now) - $t")
printf 'payments roll, 100,000 recipients (%s lines, %s months claimed): median %.2f s of 3 (runs:%s) target <= 5 s\n' \
	"$lines" "$months" "$median" "$(echo $times | xargs printf ' %.2f')"
printf '  baseline: the same rows into plain tables %.2f s; ratio %.1f\n' "$base" \
	"$(calc "$median / $base")"
echo "  server CPU seconds of each run (user + system):$cpus"

# 2. The bank's answer.
for roll in $(su_sql "SELECT roll_no FROM onedoor.payment_rolls WHERE month = '2026-10-01' ORDER BY 1"); do
	PGUSER=demo_supervisor PGPASSWORD=onedoor "$ONEDOOR_BIN/onedoor-admin" -c "$WF_INI" \
		payments submit "$roll" >/dev/null
	PGUSER=bench_finance PGPASSWORD=onedoor "$ONEDOOR_BIN/onedoor-admin" -c "$WF_INI" \
		payments approve "$roll" >/dev/null
	PGUSER=bench_finance PGPASSWORD=onedoor "$ONEDOOR_BIN/onedoor-admin" -c "$WF_INI" \
		payments export "$roll" "$WORK/$roll.csv" >/dev/null
done
{
	echo "roll_no,line_no,account_no,amount,status,reason"
	cat "$WORK"/P*.csv | grep -v '^roll_no' | tr -d '\r' |
		awk -F, '{ if (NR % 100 == 0) s = "failed,账户已销户"; else s = "paid,";
			   print $1 "," $2 "," $3 "," $5 "," s }'
} > "$WORK/results.csv"
n=$(($(wc -l < "$WORK/results.csv") - 1))
t=$(now)
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" <<SQL
CREATE TEMP TABLE answer (roll_no text, line_no integer, account text, amount text,
	status text, reason text);
\copy answer FROM '$WORK/results.csv' CSV HEADER
UPDATE bench_lines l SET state = a.status, bank_reason = nullif(a.reason, ''),
	result_at = now()
FROM answer a JOIN onedoor.payment_rolls x ON x.roll_no = a.roll_no
WHERE l.roll_id = x.id AND l.line_no = a.line_no;
UPDATE bench_months m SET state = l.state FROM bench_lines l WHERE m.line_id = l.id;
SQL
base_results=$(calc "$(now) - $t")
t=$(now)
at=$(log_at)
PGUSER=bench_finance PGPASSWORD=onedoor "$ONEDOOR_BIN/onedoor-admin" -c "$WF_INI" \
	payments results "$WORK/results.csv" > "$WORK/results.out"
spent=$(calc "$(now) - $t")
results_cpu=$(cpu_of payments_record_results "$at")
printf 'payments results, %s lines in one file (all or nothing): %.2f s, %.0f lines/s\n' \
	"$n" "$spent" "$(calc "$n / $spent")"
printf '  baseline: the same answers into plain tables %.2f s; ratio %.1f\n' "$base_results" \
	"$(calc "$spent / $base_results")"
echo "  server CPU seconds (user + system): $results_cpu"
echo "  paid $(su_sql "SELECT count(*) FROM onedoor.roll_lines WHERE state = 'paid' AND result_at > now() - interval '1 hour'") lines incl. history; load average before: $load"
[ "${BENCH_KEEP:-}" = 1 ] || dropdb "$DB"
