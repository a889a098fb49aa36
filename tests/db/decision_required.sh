#!/bin/sh
# 同意救助 / 不同意救助 only with the decision: case_act refuses approve and
# reject on a case without one (or with the other outcome), while the
# approver's case_decide records the decision and moves the case in one
# call; the decision form is still offered (case_actions lists both).
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database wf_decision_required
set_today 2026-03-02

ids=$(accept_app demo_clerk1 ADEMO-001 '["wf_dibao", "wf_linshi"]')
N=$(echo "$ids" | sed -n 1p)
G=$(echo "$ids" | sed -n 2p)
ok_eq "a normal case and a green one, waiting for approval" "verify|approve" \
	"$(su_sql "SELECT string_agg(stage, '|' ORDER BY id) FROM onedoor.cases WHERE id IN ($N, $G)")"
direct() { # ROLE CASE ACTION [REASON]: case_act itself, not through case_decide
	_v=$(su_sql "SELECT version FROM onedoor.cases WHERE id = $2")
	if [ -n "${4:-}" ]; then _r="'$4'"; else _r=NULL; fi
	try_sql "$1" "SELECT * FROM onedoor.case_act(gen_random_uuid(), $2, $_v, '$3', $_r)"
}
events() { su_sql "SELECT count(*) FROM onedoor.case_events WHERE case_id = $1 AND action IN ('approve', 'reject')"; }

ok_eq "the approver is offered both actions (the decision form)" "approve reject" \
	"$(PGPASSWORD=onedoor psql -X -At -U demo_approver -d "$DB" -c "SELECT string_agg(action, ' ' ORDER BY action) FROM onedoor.case_actions($G) WHERE action IN ('approve', 'reject')")"
ok_eq "approve without a decision is refused" 55000 "$(direct demo_approver "$G" approve)"
ok_eq "reject without a decision is refused, reason or not" 55000 \
	"$(direct demo_approver "$G" reject '家庭存款超标')"
ok_eq "the case stays where it was, with no approval event" "approve|0" \
	"$(stage_of "$G")|$(events "$G")"
ok_match "the server says what is missing" "case .* has no decision" \
	"$(PGPASSWORD=onedoor psql -X -At -U demo_approver -d "$DB" -c "SELECT * FROM onedoor.case_act(gen_random_uuid(), $G, $(su_sql "SELECT version FROM onedoor.cases WHERE id = $G"), 'approve')" 2>&1)"
ok_eq "the role and stage rules still come first" 42501 "$(direct demo_clerk1 "$G" approve)"

# A decision that refused: approving against it is refused, rejecting follows it.
su_sql "INSERT INTO onedoor.decisions (case_id, item_code, outcome, period, reason, phrase,
	decided_by, decided_on, at, request_id)
	SELECT id, item_code, 'refused', 'once', '家庭存款超标', '不同意救助', 'demo_approver',
		onedoor.today(), now(), gen_random_uuid() FROM onedoor.cases WHERE id = $G" >/dev/null
ok_eq "approve against a refusing decision is refused" 55000 "$(direct demo_approver "$G" approve)"
ok_eq "reject with the refusing decision moves the case" ok \
	"$(direct demo_approver "$G" reject '家庭存款超标')"
ok_eq "the case is refused, once" "refused|1" "$(stage_of "$G")|$(events "$G")"

# The approver's own call: the decision and the move together.
act demo_verifier "$N" verify_pass >/dev/null
act demo_supervisor "$N" supervise_pass >/dev/null
_v=$(su_sql "SELECT version FROM onedoor.cases WHERE id = $N")
ok_eq "case_decide grants" ok \
	"$(try_sql demo_approver "SELECT * FROM onedoor.case_decide(gen_random_uuid(), $N, $_v, 'granted', 60000, NULL, '按家庭实际困难核定')")"
ok_eq "moved to filing with one decision, its benefit and its notice" "file|1|granted|同意救助|1|1" \
	"$(stage_of "$N")|$(events "$N")|$(su_sql "SELECT d.outcome || '|' || d.phrase || '|' || (SELECT count(*) FROM onedoor.benefits b WHERE b.case_id = d.case_id) || '|' || (SELECT count(*) FROM onedoor.decision_notices n WHERE n.case_id = d.case_id) FROM onedoor.decisions d WHERE d.case_id = $N")"
_v=$(su_sql "SELECT version FROM onedoor.cases WHERE id = $N")
ok_eq "deciding it again is refused by its stage" 55000 \
	"$(try_sql demo_approver "SELECT * FROM onedoor.case_decide(gen_random_uuid(), $N, $_v, 'granted', 60000, NULL, '再次')")"
ok_eq "and the first decision stays the only one" 1 \
	"$(su_sql "SELECT count(*) FROM onedoor.decisions WHERE case_id = $N")"
done_testing
