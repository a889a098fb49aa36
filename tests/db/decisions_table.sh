#!/bin/sh
# The decisions table: readable where the case is, written by no client
# role, never changed or removed once written, and its own consistency rules.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database decisions_table
set_today 2026-03-02

c1=$(accept_app demo_clerk1 ADEMO-001 '["wf_dibao"]')
c2=$(accept_app demo_clerk2 ADEMO-006 '["wf_dibao"]')
ins() { # CASE OUTCOME AMOUNT ENGINE REASON START
	su_sql "INSERT INTO onedoor.decisions (case_id, item_code, outcome, amount_fen, period,
		start_month, engine_amount_fen, reason, phrase, decided_by, decided_on, at, request_id)
		VALUES ($1, 'wf_dibao', '$2', $3, 'monthly', $6, $4, $5, '同意救助', 'demo_approver',
			'2026-03-02', now(), gen_random_uuid())" 2>&1 >/dev/null | sed -n 's/^ERROR: *//p' | head -n 1
}
ok_eq "a granted decision at the engine's amount needs no reason" "" \
	"$(ins "$c1" granted 50000 50000 NULL "'2026-03-01'")"
ok_match "one decision per case" "duplicate key" "$(ins "$c1" granted 50000 50000 NULL "'2026-03-01'")"
ok_match "another amount than the engine's needs a reason" "check constraint" \
	"$(ins "$c2" granted 40000 50000 NULL "'2026-03-01'")"
ok_match "a start month is the first of a month" "check constraint" \
	"$(ins "$c2" granted 50000 50000 NULL "'2026-03-02'")"
ok_match "a grant has a start month" "check constraint" "$(ins "$c2" granted 50000 50000 NULL NULL)"
ok_match "a refusal says why" "check constraint" "$(ins "$c2" refused NULL NULL NULL NULL)"
ok_match "the owner cannot change a decision" "never changed or removed" \
	"$(su_sql "UPDATE onedoor.decisions SET amount_fen = 1" 2>&1)"
ok_match "nor remove it" "never changed or removed" "$(su_sql "DELETE FROM onedoor.decisions" 2>&1)"

ok_eq "the clerk of the case's centre reads it" 1 \
	"$(as_role demo_clerk1 "SELECT count(*) FROM onedoor.decisions")"
ok_eq "another centre's clerk does not" 0 \
	"$(as_role demo_clerk2 "SELECT count(*) FROM onedoor.decisions")"
ok_eq "the county's verifier reads it" 1 \
	"$(as_role demo_verifier "SELECT count(*) FROM onedoor.decisions")"
ok_eq "the item's approver reads it" 1 \
	"$(as_role demo_approver "SELECT count(*) FROM onedoor.decisions")"
for r in demo_clerk1 demo_verifier demo_approver demo_admin; do
	ok_eq "$r cannot insert a decision" 42501 \
		"$(try_sql $r "INSERT INTO onedoor.decisions (case_id, item_code, outcome, period, phrase,
			decided_by, decided_on, at, request_id) VALUES ($c2, 'x', 'refused', 'once', 'x',
			'x', '2026-03-02', now(), gen_random_uuid())")"
done
done_testing
