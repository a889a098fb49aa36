#!/bin/sh
# Random re-checks of commitment-track cases (随机抽查): the month's draw as
# the county administrator runs it with onedoor-admin, once per month,
# reproducible from its audit entry alone; bad draws refused; the drawn
# cases' re-checks with their clock, recorded by the verification office.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database wf_rechecks
set_today 2026-03-02
ADMIN="$ONEDOOR_BIN/onedoor-admin"
as_admin() { PGUSER=demo_admin PGPASSWORD=onedoor "$ADMIN" -c "$WF_INI" "$@"; }

# Twelve commitment-track cases approved in March, two normal ones.
su_sql "INSERT INTO onedoor.applications (application_no, household_id, centre_code, request_id)
	SELECT 'ARC-' || g, h.id, h.centre_code, gen_random_uuid()
	FROM generate_series(1, 14) g
	JOIN onedoor.households h ON h.household_no = 'HDEMO-00' || (1 + g % 5)
	WHERE h.centre_code = '511703001'" >/dev/null
n=0
for g in $(seq 1 14); do
	app="ARC-$g"
	exists=$(su_sql "SELECT count(*) FROM onedoor.applications WHERE application_no = '$app'")
	[ "$exists" = 1 ] || continue
	if [ $n -lt 12 ]; then track=commitment; else track=normal; fi
	id=$(accept_app demo_clerk1 "$app" "[{\"item\":\"wf_dibao\",\"track\":\"$track\"}]")
	if [ "$track" = commitment ]; then
		act demo_supervisor "$id" supervise_pass >/dev/null
		act demo_approver "$id" approve >/dev/null
	fi
	n=$((n + 1))
done
approved=$(su_sql "SELECT count(*) FROM onedoor.cases c JOIN onedoor.case_events e ON e.case_id = c.id
	WHERE c.track = 'commitment' AND e.action = 'approve'")
ok_if "commitment cases were approved in March for the draw ($approved)" [ "$approved" -ge 6 ]

# Bad draws ------------------------------------------------------------------
out=$(as_admin recheck draw 2026-03 --percent 101 2>&1)
ok_eq "a share over 100 percent is refused before anything is drawn" "2" "$?"
ok_match "and the message says the range" "0 to 100|0 到 100|0～100|0-100" "$out"
as_admin recheck draw 2026-13 --percent 10 >/dev/null 2>&1
ok_eq "a month that does not exist is refused" 2 "$?"
out=$(as_admin recheck draw 2026-04 --percent 10 2>&1)
ok_eq "a month not yet begun is refused" 2 "$?"
ok_match "saying so" "not begun|尚未开始" "$out"
ok_eq "a clerk may not draw" 42501 \
	"$(try_sql demo_clerk1 "SELECT onedoor.recheck_draw(gen_random_uuid(), '2026-03-01', 10)")"
ok_eq "nobody writes the draws directly" 42501 \
	"$(try_sql demo_admin "INSERT INTO onedoor.recheck_draws (county, month, percent, seed, population, drawn, request_id) VALUES ('511703', '2026-03-01', 100, 'x', '{}', '{}', gen_random_uuid())")"

# The draw -------------------------------------------------------------------
out=$(as_admin recheck draw 2026-03 --percent 25 --seed 2026march 2>&1)
ok_eq "the administrator draws 25% of March's commitment cases" 0 "$?"
want=$(( (approved * 25 + 99) / 100 ))
drawn=$(su_sql "SELECT cardinality(drawn) FROM onedoor.recheck_draws")
ok_eq "ceil(25% of the population) are drawn" "$want" "$drawn"
ok_eq "the population is every commitment case approved in March" "$approved" \
	"$(su_sql "SELECT cardinality(population) FROM onedoor.recheck_draws")"
ok_match "the command prints the drawn cases and that a redo gives the same list" \
	"the same list|同一名单" "$out"
ok_eq "a second draw for the month is refused" 2 \
	"$(as_admin recheck draw 2026-03 --percent 25 --seed other >/dev/null 2>&1; echo $?)"

# Anyone redoes it from the audit entry alone.
entry=$(su_sql "SELECT after::text FROM onedoor.audit_log WHERE object_type = 'recheck_draws'")
ok_eq "the draw's audit entry holds population, share, seed and list" \
	"$(su_sql "SELECT array_to_string(drawn, ' ') FROM onedoor.recheck_draws")" \
	"$(su_sql "SELECT array_to_string(ARRAY(SELECT jsonb_array_elements_text(('$entry'::jsonb)->'drawn')), ' ')")"
ok_eq "redone by the discipline commission from that entry: the same list" \
	"$(su_sql "SELECT array_to_string(drawn, ' ') FROM onedoor.recheck_draws")" \
	"$(as_role demo_auditor "SELECT array_to_string(onedoor.recheck_pick(
		ARRAY(SELECT jsonb_array_elements_text(('$entry'::jsonb)->'population')),
		(('$entry'::jsonb)->>'percent')::numeric, ('$entry'::jsonb)->>'seed'), ' ')")"
ok_eq "another seed draws another list" f \
	"$(su_sql "SELECT onedoor.recheck_pick(population, percent, 'another') = drawn FROM onedoor.recheck_draws")"
ok_eq "the pick does not depend on the population's order" t \
	"$(su_sql "SELECT onedoor.recheck_pick(ARRAY(SELECT x FROM unnest(population) x ORDER BY x DESC),
		percent, seed) = drawn FROM onedoor.recheck_draws")"
ok_eq "0% draws nobody, 100% everybody" "0|$approved" \
	"$(su_sql "SELECT cardinality(onedoor.recheck_pick(population, 0, seed)) || '|' ||
		cardinality(onedoor.recheck_pick(population, 100, seed)) FROM onedoor.recheck_draws")"
out=$(as_admin recheck show 2026-03 2>&1)
ok_match "recheck show prints the stored draw" "2026march" "$out"

# The re-checks --------------------------------------------------------------
ok_eq "every drawn case has a re-check due a month after its approval" "$drawn|$drawn" \
	"$(su_sql "SELECT count(*) || '|' || count(*) FILTER (WHERE due_on = onedoor.postcheck_due(approved_on))
		FROM onedoor.rechecks")"
R=$(su_sql "SELECT case_id FROM onedoor.rechecks ORDER BY case_id LIMIT 1")
ok_eq "a fresh re-check is green" green \
	"$(as_role demo_verifier "SELECT light FROM onedoor.recheck_list WHERE case_id = $R")"
set_today 2026-04-06
ok_eq "red a month on, when nobody recorded it" red \
	"$(as_role demo_verifier "SELECT light FROM onedoor.recheck_list WHERE case_id = $R")"
rec() { try_sql "$1" "SELECT onedoor.recheck_record(gen_random_uuid(), $R, $2, '$3', '$4')"; }
may() { as_role "$1" "SELECT onedoor.recheck_may_record($R)"; }
su_sql "INSERT INTO onedoor.regions (code, name, parent, level) VALUES ('110101', '东城区', NULL, 3)
	ON CONFLICT DO NOTHING" >/dev/null
staff_login rc_ver2 verifier '周明' '' 110101
ok_eq "the screen offers it to the county's verifier" t "$(may demo_verifier)"
ok_eq "not to a supervisor, who is refused as not the verification office" "f|42501" \
	"$(may demo_supervisor)|$(su_sql "SET SESSION AUTHORIZATION demo_supervisor;
		SELECT sqlstate FROM onedoor.recheck_refusal($R)")"
ok_eq "not to another county's verifier, who does not find it" "f|P0002" \
	"$(may rc_ver2)|$(rec rc_ver2 1 confirmed '')"
ok_eq "a discrepancy needs a note" 22023 "$(rec demo_verifier 1 discrepancy '')"
ok_eq "only the verification office records it" 42501 "$(rec demo_supervisor 1 confirmed '')"
ok_eq "the verifier records a discrepancy" ok "$(rec demo_verifier 1 discrepancy '名下新增车辆一辆')"
ok_eq "recorded once" 55000 "$(rec demo_verifier 2 confirmed '')"
ok_eq "and no longer offered" f "$(may demo_verifier)"
ok_eq "it stands in the case's history" "recheck|抽查发现问题|名下新增车辆一辆" \
	"$(as_role demo_verifier "SELECT action || '|' || phrase || '|' || reason FROM onedoor.case_timeline
		WHERE case_id = $R AND action = 'recheck'")"
done_testing
