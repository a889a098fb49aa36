#!/bin/sh
# bench_province.sh - reads at a province's size, as the real roles, each
# one extended-protocol statement as the client sends it (pgbench -M
# extended, one connection), and the live-refresh poll of 2,000 thin
# clients through the real PgBouncer in transaction mode.
#
# Size: BENCH_PROVINCE_CASES cases (default 1,000,000) over
# BENCH_PROVINCE_COUNTIES counties (25) and BENCH_PROVINCE_CENTRES centres
# (500), from tests/bench/fixtures_province.sql; BENCH_PROVINCE=1 makes it a
# province: 10,000,000 cases, 200 counties, 3,000 centres (about half an
# hour to load on two busy cores; not part of make check).
# BENCH_PROVINCE_REUSE=DB measures a database already loaded with that
# fixture (and migrated) instead of loading one, and leaves it as it was.
#
# Reads (median and p95; targets at 10M cases from the scale plan):
#   one centre's worklist, 50 rows, as its clerk      p95 <= 5 ms
#   the county matrix, as a county supervisor          <= 100 ms
#   status lookup by resident ID, as the clerk         p95 <= 5 ms
#   the all-county matrix, as the auditor              <= 1 s
#   the change-feed poll, as the clerk
# The empty statement is the same run's baseline; the status lookup and the
# auditor's matrix are also measured as they were before (the previous
# status_lookup, no index on the cast resident ID, row security without
# the auditor's whole-province policy and the role split, the matrix from
# the worklist) and the ratio printed.
# Then 2,000 clients (pgbench, loopback Unix socket) each poll the change
# feed every 2 s through PgBouncer (20 server connections) for
# BENCH_POOL_SECONDS (20): throughput, p95, and server connections used.
# Figures only; the load average beside them.
set -eu
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/pgbouncer.sh"
if [ "${BENCH_PROVINCE:-0}" = 1 ]; then
	CASES=10000000 COUNTIES=200 CENTRES=3000
else
	CASES=${BENCH_PROVINCE_CASES:-1000000}
	COUNTIES=${BENCH_PROVINCE_COUNTIES:-25}
	CENTRES=${BENCH_PROVINCE_CENTRES:-500}
fi
N=${BENCH_READS:-200}
CLIENTS=${BENCH_POOL_CLIENTS:-2000}
SECONDS_POOL=${BENCH_POOL_SECONDS:-20}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/od-province.XXXXXX")
chmod 0755 "$WORK"
PGBENCH=$(ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -t/ -k5 -n -r | head -n 1)
[ -x "$PGBENCH" ] || { echo "bench_province: pgbench not found (package postgresql)"; exit 1; }

if [ -n "${BENCH_PROVINCE_REUSE:-}" ]; then
	DB=$BENCH_PROVINCE_REUSE
	trap 'pgbouncer_stop; rm -rf "$WORK"' EXIT
	CASES=$(psql -X -At -d "$DB" -c "SELECT count(*) FROM onedoor.cases WHERE case_no LIKE 'CP%'")
	CENTRES=$(psql -X -At -d "$DB" -c "SELECT count(*) FROM onedoor.centres WHERE code LIKE 'P%'")
	echo "reusing $DB: $CASES cases, $CENTRES centres"
else
	DB=bench_province
	clone_template $DB
	trap 'pgbouncer_stop; rm -rf "$WORK"; dropdb --if-exists $DB' EXIT
	psql -X -q -v ON_ERROR_STOP=1 -d $DB -f "$ONEDOOR_TOP/tests/db/fixtures/workflow_items.sql"
	t0=$(date +%s)
	psql -X -q -v ON_ERROR_STOP=1 -v cases="$CASES" -v counties="$COUNTIES" -v centres="$CENTRES" \
		-d $DB -f "$ONEDOOR_TOP/tests/bench/fixtures_province.sql"
	psql -X -q -d $DB -c "VACUUM ANALYZE"
	echo "fixture: $CASES cases, $COUNTIES counties, $CENTRES centres, $((CASES / 4)) people and households, loaded in $(( $(date +%s) - t0 )) s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
fi

time_read() { # NAME LOGIN SQL READS -> "median p95" in microseconds, after warm-up reads
	printf '%s\n' "$3" > "$WORK/$1.sql"
	PGPASSWORD=onedoor "$PGBENCH" -n -M extended -U "$2" -d $DB -c 1 -t 3 \
		-f "$WORK/$1.sql" >/dev/null 2>&1
	rm -f "$WORK"/pgbench_log.*
	(cd "$WORK" && PGPASSWORD=onedoor "$PGBENCH" -n -M extended -U "$2" -d $DB -c 1 -t "$4" \
		-f "$WORK/$1.sql" -l --log-prefix=pgbench_log >"$WORK/$1.out" 2>&1)
	cat "$WORK"/pgbench_log.* 2>/dev/null | awk '{print $3}' | sort -n > "$WORK/$1.lat"
	c=$(wc -l < "$WORK/$1.lat")
	if [ "$c" -eq 0 ]; then
		sed 's/^/# /' "$WORK/$1.out" | tail -n 3 >&2
		echo "0 0"
		return
	fi
	echo "$(sed -n "$(( (c + 1) / 2 ))p" "$WORK/$1.lat") $(sed -n "$(( (c * 95 + 99) / 100 ))p" "$WORK/$1.lat")"
}
# One read with a time limit: "MICROSECONDS" or "over".
time_once() { # NAME LOGIN SQL SECONDS
	printf '%s\n' "$3" > "$WORK/$1.sql"
	rm -f "$WORK"/pgbench_log.*
	(cd "$WORK" && PGOPTIONS="-c statement_timeout=${4}s" PGPASSWORD=onedoor "$PGBENCH" -n \
		-M extended -U "$2" -d $DB -c 1 -t 1 -f "$WORK/$1.sql" -l --log-prefix=pgbench_log \
		>/dev/null 2>&1) || true
	t=$(cat "$WORK"/pgbench_log.* 2>/dev/null | awk '$3 > 0 { print $3 }' | head -n 1)
	echo "${t:-over}"
}
ms() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }
# The server's CPU time per read (tests/lib/bench_cpu.sh).
. "$ONEDOOR_TOP/tests/lib/bench_cpu.sh"
cpu_read() { # LOGIN SQL READS ("-" for 5 reads or fewer: the slow ones)
	[ "$3" -gt 5 ] || { echo -; return; }
	server_cpu_per_read "$@"
}
report() { # LABEL TARGET NAME LOGIN SQL READS; sets LAST to the median
	_label=$1 _target=$2
	shift 2
	_cpu=$(cpu_read "$2" "$3" "$4")
	set -- $(time_read "$@")
	LAST=$1
	printf '  %-44s median %10s ms  p95 %10s ms  cpu %6s ms  x%-7s %s\n' "$_label" "$(ms "$1")" "$(ms "$2")" \
		"$_cpu" "$(awk -v a="$1" -v b="$BASE" 'BEGIN { printf "%.0f", a / b }')" "$_target"
}

# The people who read: a clerk of centre P0008, a supervisor of its county,
# the demo auditor; a person of that centre with four cases.
centre=P0008
county=$(psql -X -At -d $DB -c "SELECT county FROM onedoor.centres WHERE code = '$centre'")
for l in bench_pclerk bench_psup; do
	psql -X -q -d $DB -c "DELETE FROM onedoor.staff WHERE role_name = '$l'" >/dev/null
done
staff_login bench_pclerk clerk 省测试窗口 $centre
staff_login bench_psup supervisor 省测试督办 '' "$county"
rid=$(psql -X -At -d $DB -c "SELECT p.resident_id FROM onedoor.households h
	JOIN onedoor.household_members m ON m.household_id = h.id
	JOIN onedoor.persons p ON p.id = m.person_id WHERE h.household_no = 'HP$(( CENTRES + 7 ))'")
for l in bench_pclerk demo_auditor; do
	PGPASSWORD=onedoor psql -X -q -At -U $l -d $DB \
		-c "SELECT onedoor.trace_read('status_lookup', '$rid')" >/dev/null
done
snap=$(PGPASSWORD=onedoor psql -X -At -U bench_pclerk -d $DB -c "SELECT pg_current_snapshot()")

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $N reads each (matrices: 5), one connection; cpu = the server's CPU time per read; x = times an empty round trip"
set -- $(time_read empty bench_pclerk "SELECT 1" "$N")
BASE=$(( $1 > 0 ? $1 : 1 ))
printf '  %-44s median %10s ms  p95 %10s ms\n' "empty statement (baseline)" "$(ms "$1")" "$(ms "$2")"
echo "reads at $CASES cases, $CENTRES centres"
report "one centre's worklist (50 rows), clerk" "target p95 <= 5 ms" worklist bench_pclerk \
	"SELECT id, case_no, light, days_left FROM onedoor.worklist_page('$centre', 50) ORDER BY light_rank DESC, next_due, id" "$N"
report "  the same from the view, as the client did" "" worklist_view bench_pclerk \
	"SELECT id, case_no, light, days_left FROM onedoor.case_worklist WHERE centre_code = '$centre' ORDER BY light_rank DESC, next_due, id LIMIT 50" "$N"
report "county matrix, the county's supervisor" "target <= 100 ms" cmatrix bench_psup \
	"SELECT * FROM onedoor.screens_matrix(false)" 5
cmatrix_now=$LAST
report "status lookup by resident ID, clerk" "target p95 <= 5 ms" lookup bench_pclerk \
	"SELECT * FROM onedoor.status_lookup('$rid')" "$N"
lookup_now=$LAST
report "all-county matrix, the auditor" "target <= 1 s" amatrix demo_auditor \
	"SELECT * FROM onedoor.screens_matrix(false)" 5
amatrix_now=$LAST
report "change-feed poll, clerk" "" poll bench_pclerk \
	"SELECT * FROM onedoor.changes_since('$snap')" "$N"

# As before: the previous status_lookup (0037_audit_chainer.sql, the
# worklist joined whole), no index on the cast resident ID, row security
# without the auditor's whole-province policy and with one policy for the
# county roles and approvers, and the matrix from the worklist for everyone.
psql -X -q -v ON_ERROR_STOP=1 -d $DB <<'EOF'
DROP INDEX onedoor.persons_resident_id_text;
ALTER POLICY whole_province ON onedoor.cases USING (false);
ALTER POLICY whole_province ON onedoor.households USING (false);
ALTER POLICY whole_province ON onedoor.applications USING (false);
ALTER POLICY scope_read ON onedoor.cases TO public;
CREATE FUNCTION onedoor.bench_case_ids_before(p_person_id bigint) RETURNS SETOF bigint
LANGUAGE sql STABLE AS $$
	SELECT c.id FROM onedoor.cases c
	WHERE p_person_id IS NOT NULL
	  AND (c.person_id = p_person_id
	       OR (c.person_id IS NULL AND EXISTS (
			SELECT 1 FROM onedoor.household_members m
			WHERE m.household_id = c.household_id AND m.person_id = p_person_id)))
	  AND (c.centre_code = ANY (onedoor.my_centres())
	       OR (c.department = onedoor.my_department()
		   AND (onedoor.my_approver_county() IS NULL
			OR c.county = onedoor.my_approver_county())))
$$;
CREATE FUNCTION onedoor.bench_status_lookup_before(p_resident_id text)
RETURNS TABLE (person_name text, case_id bigint, case_no text, light text, days_left integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	rid text := upper(btrim(p_resident_id));
	pid bigint;
	pname text;
BEGIN
	PERFORM onedoor.read_traced('status_lookup', encode(sha256(convert_to(rid, 'UTF8')), 'hex'));
	SELECT p.id, p.name INTO pid, pname FROM onedoor.persons p WHERE p.resident_id = rid;
	RETURN QUERY
	SELECT pname, c.id, c.case_no, w.light, w.days_left
	FROM onedoor.cases c
	JOIN onedoor.applications a ON a.id = c.application_id
	JOIN onedoor.catalogue_items i ON i.code = c.item_code
	JOIN onedoor.centres ce ON ce.code = c.centre_code
	LEFT JOIN onedoor.case_worklist w ON w.id = c.id
	LEFT JOIN LATERAL (SELECT x.phrase, x.reason, x.on_day FROM onedoor.case_events x
			   WHERE x.case_id = c.id ORDER BY x.id DESC LIMIT 1) e ON true
	WHERE c.id IN (SELECT onedoor.bench_case_ids_before(pid))
	ORDER BY c.opened_on DESC, c.case_no;
END $$;
GRANT EXECUTE ON FUNCTION onedoor.bench_status_lookup_before(text),
	onedoor.bench_case_ids_before(bigint) TO onedoor_clerk;
EOF
echo "as before this change"
report "status lookup by resident ID, clerk" "" lookup_before bench_pclerk \
	"SELECT * FROM onedoor.bench_status_lookup_before('$rid')" 5
printf '    the lookup is now %s times as fast\n' \
	"$(awk -v a="$lookup_now" -v b="$LAST" 'BEGIN { printf "%.0f", b / a }')"
old_matrix="SELECT m.centre_code, c.name, m.stage, m.light, m.cases FROM onedoor.case_matrix m
	JOIN onedoor.centres c ON c.code = m.centre_code ORDER BY 1, 3, 4"
report "county matrix, the county's supervisor" "" cmatrix_before bench_psup "$old_matrix" 5
printf '    the county matrix is now %s times as fast\n' \
	"$(awk -v a="$cmatrix_now" -v b="$LAST" 'BEGIN { printf "%.0f", b / a }')"
LIMIT_S=${BENCH_BEFORE_LIMIT:-300}
t=$(time_once amatrix_before demo_auditor "$old_matrix" "$LIMIT_S")
if [ "$t" = over ]; then
	printf '  %-44s over %s s: cancelled\n' "all-county matrix, the auditor (one read)" "$LIMIT_S"
else
	printf '  %-44s %10s ms (one read)\n' "all-county matrix, the auditor" "$(ms "$t")"
	printf '    the matrix is now %s times as fast\n' \
		"$(awk -v a="$amatrix_now" -v b="$t" 'BEGIN { printf "%.0f", b / a }')"
fi
psql -X -q -v ON_ERROR_STOP=1 -d $DB <<'EOF'
DROP FUNCTION onedoor.bench_status_lookup_before(text), onedoor.bench_case_ids_before(bigint);
ALTER POLICY whole_province ON onedoor.cases USING ((SELECT onedoor.my_scope_all()));
ALTER POLICY whole_province ON onedoor.households USING ((SELECT onedoor.my_scope_all()));
ALTER POLICY whole_province ON onedoor.applications USING ((SELECT onedoor.my_scope_all()));
ALTER POLICY scope_read ON onedoor.cases TO onedoor_clerk, onedoor_approver, onedoor_auditor,
	onedoor_admin;
CREATE INDEX persons_resident_id_text ON onedoor.persons ((resident_id::text));
EOF

# 2,000 thin clients through PgBouncer, each polling the change feed every
# 2 s (pgbench -R: the whole crowd's rate), while nothing else runs.
PGB_AUTH=trust pgbouncer_start "$WORK/pgbouncer" 20 bench_pclerk >/dev/null || { echo "bench_province: PgBouncer did not start"; exit 1; }
printf 'SELECT * FROM onedoor.changes_since(:snap)\n' > "$WORK/poll.sql"
rate=$((CLIENTS / 2))
rm -f "$WORK"/pgbench_log.*
echo "change-feed poll through PgBouncer (transaction mode, 20 server connections): $CLIENTS clients, one poll each every 2 s, ${SECONDS_POOL} s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
# The clients log in without a password (PGB_AUTH=trust: thousands of
# SCRAM logins would take longer than the test); pgbench's clock starts
# before they have, so it runs longer, and the rate is taken from the
# answers' own times.
(cd "$WORK" && PGPASSWORD=onedoor "$PGBENCH" -n -M extended -h "$WORK/pgbouncer" -p 6432 \
	-U bench_pclerk -d $DB -c "$CLIENTS" -j 2 -R "$rate" -T "$((SECONDS_POOL + CLIENTS / 100))" \
	-D snap="$snap" -f "$WORK/poll.sql" -l --log-prefix=pgbench_log > "$WORK/pool.out" 2>&1) || true
servers=$(pgbouncer_show SERVERS | grep -c "|$DB|" || true)
cat "$WORK"/pgbench_log.* 2>/dev/null | awk '{print $3}' | sort -n > "$WORK/pool.lat"
c=$(wc -l < "$WORK/pool.lat")
if [ "$c" -gt 0 ]; then
	span=$(cat "$WORK"/pgbench_log.* | awk 'NR == 1 { lo = $5; hi = $5 } { if ($5 < lo) lo = $5; if ($5 > hi) hi = $5 } END { print hi - lo + 1 }')
	printf '  %d polls answered in %d s: %s/s; latency median %s ms, p95 %s ms (from the scheduled start); server connections open at the end: %s\n' \
		"$c" "$span" "$(awk -v n="$c" -v t="$span" 'BEGIN { printf "%.0f", n / t }')" \
		"$(ms "$(sed -n "$(( (c + 1) / 2 ))p" "$WORK/pool.lat")")" \
		"$(ms "$(sed -n "$(( (c * 95 + 99) / 100 ))p" "$WORK/pool.lat")")" "${servers:-?}"
else
	echo "  no poll answered:"
	sed 's/^/  | /' "$WORK/pool.out" | tail -n 5
fi
grep -E "^number of failed|^tps|initial connection" "$WORK/pool.out" | sed 's/^/  pgbench: /'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
