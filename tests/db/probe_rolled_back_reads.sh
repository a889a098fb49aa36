#!/bin/sh
# Probe: rolled-back reads.  A read of personal data answers only once its
# trace is committed: inside a transaction that is then rolled back (or
# rolled back to a savepoint), inside the tracing transaction itself, or
# without a trace, it returns nothing; every read that returned data has
# its audit entry.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database probe_reads
set_today 2026-03-02
accept_app demo_clerk1 ADEMO-001 '["wf_dibao"]' >/dev/null
rows_as() { PGPASSWORD=onedoor psql -X -q -At -U "$1" -d "$DB" -c "$2" 2>&1; }
ids() { printf '%s\n' "$1" | grep -cE '^[0-9]{17}[0-9X]$' || true; }
entries() { su_sql "SELECT count(*) FROM onedoor.audit_log WHERE actor = '$1' AND action IN ('read_full_record', 'status_lookup')"; }

# The verifier reads every person of the county in a transaction rolled back.
out=$(rows_as demo_verifier "BEGIN; SELECT r.resident_id FROM onedoor.persons p, onedoor.person_record(p.id) r; ROLLBACK;")
ok_eq "a rolled-back bulk read returns no resident ID" 0 "$(ids "$out")"
out=$(rows_as demo_verifier "BEGIN; SAVEPOINT s; SELECT r.resident_id FROM onedoor.person_record((SELECT min(id) FROM onedoor.persons)) r; ROLLBACK TO s; COMMIT;")
ok_eq "nor one rolled back to a savepoint" 0 "$(ids "$out")"
pid=$(su_sql "SELECT min(id) FROM onedoor.persons")
out=$(rows_as demo_verifier "BEGIN; SELECT onedoor.trace_read('person_record', '$pid'); SELECT resident_id FROM onedoor.person_record($pid); ROLLBACK;")
ok_eq "nor a read in the transaction that traces it (the trace could be rolled back)" 0 "$(ids "$out")"
ok_match "and the refusal says why" "not traced" "$out"
out=$(rows_as demo_verifier "SELECT resident_id FROM onedoor.person_record($pid)")
ok_eq "an untraced read in its own transaction gets nothing either" 0 "$(ids "$out")"
ok_eq "none of that left an entry, and none was needed" 0 "$(entries demo_verifier)"

# The status lookup, the same ways.
rid=511703197403120112
out=$(rows_as demo_clerk1 "BEGIN; SELECT person_name FROM onedoor.status_lookup('$rid'); ROLLBACK;")
ok_eq "a rolled-back status lookup names nobody" 0 "$(printf '%s\n' "$out" | grep -c 杨建国 || true)"
out=$(rows_as demo_clerk1 "BEGIN; SELECT onedoor.trace_read('status_lookup', '$rid'); SELECT person_name FROM onedoor.status_lookup('$rid'); ROLLBACK;")
ok_eq "nor one traced in the same transaction" 0 "$(printf '%s\n' "$out" | grep -c 杨建国 || true)"

# The way that works: trace, commit, read; each read has its entry.
out=$(traced demo_verifier person_record "$pid" "SELECT resident_id FROM onedoor.person_record($pid)")
ok_eq "a read after a committed trace answers" 1 "$(ids "$out")"
ok_eq "and its entry is committed" 1 "$(entries demo_verifier)"
out=$(traced demo_clerk1 status_lookup "$rid" "SELECT person_name FROM onedoor.status_lookup('$rid')")
ok_eq "a traced status lookup answers" 杨建国 "$out"
ok_eq "with its entry" 1 "$(entries demo_clerk1)"
ok_eq "another login cannot use someone else's trace" 0 \
	"$(ids "$(rows_as demo_clerk1 "SELECT resident_id FROM onedoor.person_record($pid)")")"
ok_eq "nor trace for a person out of scope" P0002 \
	"$(try_sql demo_clerk2 "SELECT onedoor.trace_read('person_record', '$pid')")"
# The class: no function a client may call writes a read's audit entry in
# the reader's own transaction (it could be rolled back); the trace_*
# functions do, in a transaction of their own that commits before the read.
ok_eq "every logged read of personal data goes through trace_read" "" \
	"$(su_sql "SELECT string_agg(p.proname, ', ' ORDER BY p.proname) FROM pg_proc p
		WHERE p.pronamespace = 'onedoor'::regnamespace AND p.proname NOT LIKE 'trace\\_%'
		  AND p.prosrc ~ \$re\$audit_append\([^;]*'(read_[a-z_]+|status_lookup)'\$re\$
		  AND EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname LIKE 'onedoor\_%'
			      AND has_function_privilege(r.oid, p.oid, 'EXECUTE')
			      AND NOT pg_has_role(r.oid, p.proowner, 'USAGE'))")"
H=$(su_sql "SELECT household_no FROM onedoor.households WHERE centre_code = '511703001' ORDER BY id LIMIT 1")
out=$(rows_as demo_clerk1 "BEGIN; SELECT value FROM onedoor.household_form('$H') WHERE key = 'id'; ROLLBACK;")
ok_eq "a rolled-back read of a household's form returns no resident ID" 0 "$(ids "$out")"
out=$(traced demo_clerk1 household_form "$H" "SELECT value FROM onedoor.household_form('$H') WHERE key = 'id'")
ok_if "a traced one does" test "$(ids "$out")" -gt 0
ok_eq "an untraced history read answers nothing" 55000 \
	"$(try_sql demo_verifier "SELECT * FROM onedoor.household_history('$H')")"
# The class, from the other side: a function a client may call that reads
# resident IDs either checks its trace (read_traced) or is one of these,
# which need none: the IDs the clerk typed are matched, never returned
# (register_household, household_reapply, accept_application; and
# household_history_open, which returns the household's number and writes
# the history's trace itself); a
# department's extract or the data matched to it (data_import_finish,
# reviews_from_data); IDs shown masked (discovery_list); members read
# through person_record, which checks (case_file); the tracer (trace_read).
ok_eq "every client function reading resident IDs checks its trace" "" \
	"$(su_sql "SELECT string_agg(p.proname, ', ' ORDER BY p.proname) FROM pg_proc p
		WHERE p.pronamespace = 'onedoor'::regnamespace AND p.prosecdef
		  AND p.prosrc ~ 'resident_id' AND p.prosrc !~ 'read_traced'
		  AND p.proname NOT IN ('register_household', 'household_reapply', 'household_history_open',
			'accept_application', 'data_import_finish', 'reviews_from_data',
			'discovery_list', 'case_file', 'trace_read')
		  AND EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname LIKE 'onedoor\\_%'
			      AND has_function_privilege(r.oid, p.oid, 'EXECUTE')
			      AND NOT pg_has_role(r.oid, p.proowner, 'USAGE'))")"
ok_eq "the engine's household document is the server's own" 42501 \
	"$(try_sql demo_verifier "SELECT onedoor.household_document(1)")"
done_testing
