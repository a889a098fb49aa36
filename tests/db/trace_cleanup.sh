#!/bin/sh
# A reader's traces of personal data (read_traces) are removed ten minutes
# after they were written, when the reader traces another read: theirs
# only, older ones only, found by the (actor, at) index rather than by
# reading all of the reader's traces (0100_trace_read_cleanup.sql).
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database trace_cleanup
pid=$(su_sql "SELECT m.person_id FROM onedoor.household_members m JOIN onedoor.households h
	ON h.id = m.household_id WHERE h.household_no = 'HDEMO-001' AND m.position = 1")
su_sql "INSERT INTO onedoor.read_traces (actor, kind, subject, txid, at) VALUES
	('demo_clerk1', 'person_record', 'old', 1, clock_timestamp() - interval '11 minutes'),
	('demo_clerk1', 'person_record', 'recent', 1, clock_timestamp() - interval '9 minutes'),
	('demo_clerk2', 'person_record', 'old', 1, clock_timestamp() - interval '11 minutes')"
as_role demo_clerk1 "SELECT onedoor.trace_read('person_record', '$pid')" >/dev/null
ok_eq "the reader's trace older than ten minutes is removed, the newer ones kept" \
	"demo_clerk1 $pid|demo_clerk1 recent|demo_clerk2 old" \
	"$(su_sql "SELECT string_agg(actor || ' ' || subject, '|' ORDER BY actor, subject)
		FROM onedoor.read_traces")"
ok_match "the removal is bounded by time in the index" \
	"Index Cond: .*actor = .*at < " \
	"$(su_sql "PREPARE d(timestamptz) AS DELETE FROM onedoor.read_traces t
		WHERE t.actor = 'demo_clerk1' AND t.at < \$1;
		SET enable_seqscan = off;
		EXPLAIN (COSTS OFF) EXECUTE d(now())" | tr '\n' ' ')"
ok_eq "and the read it traced is answered" 1 \
	"$(traced demo_clerk1 person_record "$pid" "SELECT count(*) FROM onedoor.person_record($pid)")"
done_testing
