#!/bin/sh
# The audit trail: every write leaves an entry in the same transaction; the
# chainer links them into one chain whatever the writers do concurrently;
# `onedoor-admin audit verify` passes on an intact chain and exits 1 at the
# first broken link after a superuser edits or removes a row, and against
# an anchor when the tail is cut or the chain rebuilt; case changes are
# notified on the session's own channel.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database wf_audit
set_today 2026-03-02
ADMIN="$ONEDOOR_BIN/onedoor-admin"

out=$("$ADMIN" -c "$WF_INI" audit verify)
ok_eq "a fresh database's chain verifies" 0 "$?"
ok_match "and says how long it is" "intact|完整" "$out"

# What one transition leaves -------------------------------------------------------
C=$(accept_app demo_clerk1 ADEMO-001 '["wf_dibao"]')
ok_eq "acceptance audits the application and the case" "application|case" \
	"$(su_sql "SELECT string_agg(DISTINCT object_type, '|') FROM onedoor.audit_log WHERE action = 'accept'")"
rid=$(su_sql "SELECT gen_random_uuid()")
PGPASSWORD=onedoor PGAPPNAME=window-7 psql -X -q -At -U demo_verifier -d "$DB" -c \
	"SELECT * FROM onedoor.case_act('$rid', $C, 1, 'verify_pass')" >/dev/null
ok_eq "a transition's entry: who, role, terminal, request id, before -> after" \
	"demo_verifier|verifier|window-7|verify|supervise" \
	"$(su_sql "SELECT actor || '|' || actor_group || '|' || application_name || '|' ||
		(before->>'stage') || '|' || (after->>'stage') FROM onedoor.audit_log WHERE request_id = '$rid'")"
ok_eq "the entry keeps the case's identity, stage and version, and what changed, not the whole row" \
	"id,case_no,stage,version,verified_by|$C|$C|2|demo_verifier|t|t" \
	"$(su_sql "SELECT concat_ws('|',
		(SELECT string_agg(k, ',' ORDER BY array_position('{id,case_no,stage,version,verified_by}', k))
		 FROM jsonb_object_keys(a.after) k
		 WHERE k IN ('id', 'case_no', 'stage', 'version', 'verified_by')),
		a.before ->> 'id', a.object_id, a.after ->> 'version', a.after ->> 'verified_by',
		NOT (a.after ? 'household_id') AND NOT (a.before ? 'item_code'),
		(SELECT bool_and(a.before -> k IS DISTINCT FROM a.after -> k)
		 FROM jsonb_object_keys(a.after) k WHERE k NOT IN ('id', 'case_no')))
		FROM onedoor.audit_log a WHERE request_id = '$rid'")"
ok_eq "an entry's time is the clock, not the transaction start" t \
	"$(su_sql "SELECT bool_and(at >= (SELECT max(at) FROM onedoor.case_events WHERE request_id = '$rid')) FROM onedoor.audit_log WHERE request_id = '$rid'")"
PGPASSWORD=onedoor psql -X -q -At -U demo_verifier -d "$DB" -c \
	"SELECT * FROM onedoor.case_act('$rid', $C, 1, 'verify_pass')" >/dev/null
ok_eq "a retried request adds no entry" 1 \
	"$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE request_id = '$rid'")"
ok_eq "a failed write leaves no entry" "42501|0" \
	"$(act demo_clerk1 "$C" approve)|$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE actor = 'demo_clerk1' AND action = 'approve'")"

pid=$(su_sql "SELECT min(id) FROM onedoor.persons")
PGPASSWORD=onedoor psql -X -q -At -U demo_clerk1 -d "$DB" \
	-c "SET onedoor.request_id = '00000000-0000-0000-0000-000000000001'" \
	-c "SELECT onedoor.trace_read('person_record', '$pid')" \
	-c "SELECT count(*) FROM onedoor.person_record($pid)" >/dev/null
ok_eq "a client's session settings do not reach its audit entries" 0 \
	"$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE request_id = '00000000-0000-0000-0000-000000000001'")"

# Concurrent writers do not fork the chain -----------------------------------
su_sql "INSERT INTO onedoor.applications (application_no, household_id, centre_code, request_id)
	SELECT 'AWF-' || g, h.id, h.centre_code, gen_random_uuid()
	FROM generate_series(1, 24) g
	JOIN onedoor.households h ON h.household_no = 'HDEMO-00' || (1 + g % 5)" >/dev/null
before=$(su_sql "SELECT max(seq) FROM onedoor.audit_log")
for w in 1 2 3 4 5 6; do
	(
		for k in 1 2 3 4; do
			n=$(( (w - 1) * 4 + k ))
			id=$(accept_app demo_clerk1 "AWF-$n" '["wf_jiaoyu"]')
			act demo_verifier "$id" verify_pass >/dev/null
		done
	) &
done
# Readers of full records write to the chain too.
(
	for k in 1 2 3 4 5 6 7 8; do
		traced demo_clerk1 person_record "$pid" \
			"SELECT count(*) FROM onedoor.person_record($pid)" >/dev/null
	done
) &
wait
ok_eq "all concurrent writes landed" 24 \
	"$(su_sql "SELECT count(*) FROM onedoor.cases WHERE stage = 'supervise' AND item_code = 'wf_jiaoyu'")"
su_sql "SELECT onedoor.audit_chain()" >/dev/null
ok_eq "the chainer linked every entry" 0 \
	"$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE pos IS NULL")"
ok_eq "positions run without gaps" "t" \
	"$(su_sql "SELECT max(pos) = count(*) FROM onedoor.audit_log")"
ok_eq "no two entries chain onto the same predecessor" 0 \
	"$(su_sql "SELECT count(*) FROM (SELECT prev_hash FROM onedoor.audit_log GROUP BY prev_hash HAVING count(*) > 1) x")"
ok_eq "the concurrent phase appended (materials: 1 entry, accept: 2, its verification report: 1, verify: 1, read: 1)" 128 \
	"$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE seq > $before")"
out=$("$ADMIN" -c "$WF_INI" audit verify)
ok_eq "the chain verifies after concurrent writers" 0 "$?"

# A superuser edits one row -------------------------------------------------------
pos=$(su_sql "SELECT pos FROM onedoor.audit_log WHERE request_id = '$rid'")
orig=$(su_sql "SELECT after::text FROM onedoor.audit_log WHERE pos = $pos")
tamper() {
	su_sql "BEGIN; ALTER TABLE onedoor.audit_log DISABLE TRIGGER USER;
		$1; ALTER TABLE onedoor.audit_log ENABLE TRIGGER USER; COMMIT" >/dev/null
}
ANCHOR="$ONEDOOR_TEST_DIR/wf_audit.anchor"
rm -f "$ANCHOR"
out=$("$ADMIN" -c "$WF_INI" audit verify --anchor "$ANCHOR")
ok_eq "verify with a new anchor file passes" 0 "$?"
ok_match "and writes the head into it" "^onedoor-audit-anchor $(su_sql "SELECT pos FROM onedoor.audit_head") [0-9a-f]{64} " "$(cat "$ANCHOR")"
tamper "UPDATE onedoor.audit_log SET after = jsonb_set(after, '{stage}', '\"filed\"') WHERE pos = $pos"
out=$("$ADMIN" -c "$WF_INI" audit verify)
ok_eq "audit verify exits 1 after an edit" 1 "$?"
ok_match "and names the entry" "entry $pos:|第 $pos 条" "$out"
tamper "UPDATE onedoor.audit_log SET after = '$orig'::jsonb WHERE pos = $pos"
"$ADMIN" -c "$WF_INI" audit verify >/dev/null
ok_eq "restoring the exact row heals it" 0 "$?"
# Editing a row and recomputing its own hash breaks the next link.
tamper "UPDATE onedoor.audit_log a SET actor = 'demo_clerk2' WHERE pos = $pos;
	UPDATE onedoor.audit_log a SET hash = onedoor.audit_entry_hash(a) WHERE pos = $pos"
out=$("$ADMIN" -c "$WF_INI" audit verify)
ok_eq "a rehashed edit is caught too" 1 "$?"
ok_match "at the next entry" "entry $((pos + 1)):|第 $((pos + 1)) 条" "$out"
# A superuser cuts the tail and moves the head back: only the anchor knows.
tamper "UPDATE onedoor.audit_log a SET actor = 'demo_verifier' WHERE pos = $pos;
	UPDATE onedoor.audit_log a SET hash = onedoor.audit_entry_hash(a) WHERE pos = $pos"
"$ADMIN" -c "$WF_INI" audit verify >/dev/null
ok_eq "restored, the chain verifies again" 0 "$?"
last=$(su_sql "SELECT pos FROM onedoor.audit_head")
cut=$((last - 3))
tamper "DELETE FROM onedoor.audit_log WHERE pos > $cut;
	UPDATE onedoor.audit_head SET pos = $cut, hash = (SELECT hash FROM onedoor.audit_log WHERE pos = $cut)"
"$ADMIN" -c "$WF_INI" audit verify >/dev/null
ok_eq "a cut tail with the head moved back passes without an anchor" 0 "$?"
out=$("$ADMIN" -c "$WF_INI" audit verify --anchor "$ANCHOR")
ok_eq "but not against the anchor" 1 "$?"
ok_match "which says the chain was cut before the anchored entry" "cut.*entry $last|截断.*$last" "$out"

# A superuser rewrites a middle entry and re-chains everything after it.
ANCHOR2="$ONEDOOR_TEST_DIR/wf_audit2.anchor"
rm -f "$ANCHOR2"
"$ADMIN" -c "$WF_INI" audit verify --anchor "$ANCHOR2" >/dev/null
ok_eq "a second anchor, taken after the cut" 0 "$?"
mid=$((cut - 5))
tamper "UPDATE onedoor.audit_log a SET actor = 'demo_clerk2' WHERE pos = $mid;
	UPDATE onedoor.audit_log a SET hash = NULL, prev_hash = NULL, pos = NULL WHERE pos >= $mid;
	UPDATE onedoor.audit_head SET pos = $((mid - 1)),
		hash = (SELECT hash FROM onedoor.audit_log WHERE pos = $((mid - 1)))"
su_sql "SELECT onedoor.audit_chain()" >/dev/null
"$ADMIN" -c "$WF_INI" audit verify >/dev/null
ok_eq "a re-chained rewrite passes without an anchor" 0 "$?"
out=$("$ADMIN" -c "$WF_INI" audit verify --anchor "$ANCHOR2")
ok_eq "but not against an anchor taken before it" 1 "$?"
ok_match "which names the anchored entry" "rewritten: entry $cut|第 $cut 条" "$out"
printf 'onedoor-audit-anchor 12 nothex\n' > "$ONEDOOR_TEST_DIR/bad.anchor"
out=$("$ADMIN" -c "$WF_INI" audit verify --anchor "$ONEDOOR_TEST_DIR/bad.anchor" 2>&1)
ok_eq "a damaged anchor file is a usage error" 2 "$?"
ok_match "named FILE:LINE" "bad.anchor:1:" "$out"

# Notifications -----------------------------------------------------------------
# A session subscribes through listen_worklist() and hears its scope's
# changes on a channel of its own.
N=$(accept_app demo_clerk2 ADEMO-006 '["wf_dibao"]')
( sleep 1.5; act demo_verifier "$N" verify_pass >/dev/null ) &
heard=$(printf 'SELECT onedoor.listen_worklist();\nSELECT pg_sleep(3);\n' |
	PGPASSWORD=onedoor psql -X -q -At -U demo_clerk2 -d "$DB" 2>&1)
wait
channel=$(printf '%s\n' "$heard" | sed -n 1p)
ok_match "the session gets a channel of its own" '^onedoor_[0-9a-f]{32}$' "$channel"
ok_match "and hears the case id on it" \
	"notification \"$channel\" with payload \"$N\"" "$heard"
done_testing
