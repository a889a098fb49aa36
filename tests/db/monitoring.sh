#!/bin/sh
# monitoring.sh - the monitoring register: a household refused at the window
# enters category 1 with a reason and the person responsible; its quarterly
# visit is due three months later on a working day, turns yellow then red
# when missed; the register is the centre's (other centres see nothing);
# the centre moves it between categories and takes it off with a reason;
# sources are checked.  A visit updates the facts, re-runs the menu with the
# server's engine and proposes a move of category or an application.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
# The shipped catalogue only (no test items: the menu's proposals are the
# real ones) and the 2026 calendar.
DB=od_monitoring
WF_INI=$(new_database $DB) || exit 1
"$ONEDOOR_BIN/onedoor-admin" -c "$WF_INI" calendar import "$ONEDOOR_TOP/conf/calendar/2026.ini" >/dev/null || exit 1

set_today 2026-03-02
V=$(su_sql "SELECT version FROM onedoor.applications WHERE application_no = 'ADEMO-001'")
try_sql demo_clerk1 "SELECT * FROM onedoor.refuse_application(gen_random_uuid(), 'ADEMO-001', $V, '家庭人均收入高于低保标准')" >/dev/null

enter() { # LOGIN SOURCE REF CATEGORY -> entry id, or the SQLSTATE
	PGPASSWORD=onedoor psql -X -q -At -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -U "$1" -d "$DB" -c \
		"SELECT monitoring_id FROM onedoor.monitoring_enter(gen_random_uuid(), '$2', '$3', $4, '收入略高于标准，父母年老多病', '王村主任')" 2>&1 |
		sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\):.*/\1/p;/^[0-9][0-9]*$/p' | head -n 1
}
ok_eq "an application not refused is no source" P0002 "$(enter demo_clerk1 refused_application ADEMO-002 1)"
ok_eq "an unknown source is refused" 22023 "$(enter demo_clerk1 rumour ADEMO-001 1)"
ok_eq "the other centre's clerk may not enter it" 42501 "$(enter demo_clerk2 refused_application ADEMO-001 1)"
ok_eq "an approver may not" 42501 "$(enter demo_approver refused_application ADEMO-001 1)"
ok_eq "category 3 is refused" 22023 "$(enter demo_clerk1 refused_application ADEMO-001 3)"
M=$(enter demo_clerk1 refused_application ADEMO-001 1)
ok_match "the clerk enters the refused household" '^[0-9]+$' "$M"
ok_eq "once at a time" 23505 "$(enter demo_supervisor refused_application ADEMO-001 2)"

reg() { # LOGIN -> the register as that login reads it
	PGPASSWORD=onedoor psql -X -q -At -U "$1" -d "$DB" -c \
		"SELECT subject_name || '|' || category || '|' || responsible || '|' || entered_on || '|' || visit_due || '|' || light || '|' || days_left FROM onedoor.monitoring_register ORDER BY visit_due, id"
}
# Three months after Mon 03-02 is Tue 06-02, a working day; yellow from five
# working days before (Wed 05-27).
ok_eq "entered with its first visit due a quarter later" \
	"杨建国|1|王村主任|2026-03-02|2026-06-02|green|63" "$(reg demo_clerk1)"
ok_eq "the supervisor sees the county's register" 1 "$(reg demo_supervisor | wc -l)"
ok_eq "the other centre's clerk sees nothing" "" "$(reg demo_clerk2)"
ok_eq "facts are not readable by clients" 42501 \
	"$(try_sql demo_clerk1 "SELECT facts FROM onedoor.monitoring")"
ok_eq "the household's facts kept as the engine reads them" "rural|511703|3" \
	"$(su_sql "SELECT facts->>'hukou' || '|' || (facts->>'region') || '|' || jsonb_array_length(facts->'members') FROM onedoor.monitoring WHERE id = $M")"
set_today 2026-05-26
ok_eq "Tue 05-26: green" "green|5" "$(reg demo_clerk1 | cut -d'|' -f6-)"
set_today 2026-05-27
ok_eq "Wed 05-27: yellow, the visit is due soon" "yellow|4" "$(reg demo_clerk1 | cut -d'|' -f6-)"
set_today 2026-06-03
ok_eq "Wed 06-03: the missed visit is red" "red|-1" "$(reg demo_clerk1 | cut -d'|' -f6-)"
ok_eq "supervisor figures: one category-1 entry, one visit missed" "511703001|1|0|0|1" \
	"$(PGPASSWORD=onedoor psql -X -q -At -U demo_supervisor -d "$DB" -c "SELECT centre_code || '|' || category_1 || '|' || category_2 || '|' || visits_due_soon || '|' || visits_missed FROM onedoor.monitoring_figures")"

mact() { # LOGIN ACTION CATEGORY NOTE
	_v=$(su_sql "SELECT version FROM onedoor.monitoring WHERE id = $M")
	try_sql "$1" "SELECT * FROM onedoor.monitoring_act(gen_random_uuid(), $M, $_v, '$2', $3, $4)"
}
ok_eq "moving without a reason is refused" 22023 "$(mact demo_clerk1 move 2 NULL)"
ok_eq "moving to the same category is refused" 22023 "$(mact demo_clerk1 move 1 "'原因'")"
ok_eq "the other centre may not move it" 42501 "$(mact demo_clerk2 move 2 "'原因'")"
ok_eq "the clerk moves it to category 2" ok "$(mact demo_clerk1 move 2 "'子女就业，收入明显高于标准'")"
ok_eq "category and reason changed" "2|子女就业，收入明显高于标准" \
	"$(su_sql "SELECT category || '|' || reason FROM onedoor.monitoring WHERE id = $M")"
ok_eq "leaving needs a reason" 22023 "$(mact demo_clerk1 leave NULL NULL)"
ok_eq "the supervisor takes it off the register" ok "$(mact demo_supervisor leave NULL "'迁出本区'")"
ok_eq "off the register" "" "$(reg demo_clerk1)"
ok_eq "acting on it again is refused" 55000 "$(mact demo_clerk1 leave NULL "'再次'")"
ok_eq "the trail has enter, move and leave" "enter,move,leave" \
	"$(su_sql "SELECT string_agg(action, ',' ORDER BY pos) FROM onedoor.audit_log WHERE object_type = 'monitoring'")"
M2=$(enter demo_clerk1 refused_application ADEMO-001 2)
ok_match "once off, it may enter again" '^[0-9]+$' "$M2"

# Visits -------------------------------------------------------------------------
visit() { # LOGIN FINDINGS CHANGES [DAY] -> "proposal|items|next due" or SQLSTATE
	_v=$(su_sql "SELECT version FROM onedoor.monitoring WHERE id = $M2")
	PGPASSWORD=onedoor psql -X -q -At -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -U "$1" -d "$DB" -c \
		"SELECT coalesce(proposal, '-') || '|' || proposal_items::text || '|' || visit_due FROM onedoor.monitoring_visit(gen_random_uuid(), $M2, $_v, $2, '$3', ${4:-NULL})" 2>&1 |
		sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\):.*/\1/p;/|/p' | head -n 1
}
ok_eq "a visit needs what was found" 22023 "$(visit demo_clerk1 "' '" '{}')"
ok_eq "the other centre may not visit" 42501 "$(visit demo_clerk2 "'走访'" '{}')"
ok_eq "a coordinator of no village of the household may not" 42501 "$(visit demo_coordinator "'走访'" '{}')"
ok_eq "a visit in the future is refused" 22023 "$(visit demo_clerk1 "'走访'" '{}' "'2026-07-01'")"
ok_eq "changes of an unknown member are refused" 22023 \
	"$(visit demo_clerk1 "'走访'" '{"members": [{"position": 9, "facts": {"labour": "none"}}]}')"
# As registered, the menu grants the 82-year-old father the elderly
# allowance: the visit proposes applying for it.
ok_eq "a visit re-runs the menu: the elderly allowance is due" \
	"application|{elderly_allowance,elderly_health_check,family_doctor}|2026-09-03" "$(visit demo_clerk1 "'父亲年满八十，未领高龄津贴'" '{}')"
set_today 2026-06-10
# Once it is held, nothing is granted but nothing rules the household out
# either (income and assets unknown): category 2 should move to 1.
ok_eq "held now, facts unknown: move to category 1" "category_1|{}|2026-09-10" \
	"$(visit demo_clerk1 "'已领高龄津贴，已签约家庭医生、已体检；收入情况不明'" '{"facts": {"holds": "elderly_allowance,elderly_health_check,family_doctor"}}')"
ok_eq "the register shows the proposal" "2|category_1|2026-06-10|2" \
	"$(PGPASSWORD=onedoor psql -X -q -At -U demo_clerk1 -d "$DB" -c "SELECT category || '|' || proposal || '|' || last_visit_on || '|' || visits FROM onedoor.monitoring_register WHERE id = $M2")"
ok_eq "the centre moves it" ok "$(mact2() { _v=$(su_sql "SELECT version FROM onedoor.monitoring WHERE id = $M2"); try_sql demo_clerk1 "SELECT * FROM onedoor.monitoring_act(gen_random_uuid(), $M2, $_v, 'move', 1, '走访核实：收入不明，待核对')"; }; mact2)"
NEW='{"facts": {"deposits": "1000", "houses": "1", "vehicles": "0", "medical_selfpaid": "0", "education_spending": "0"}, "members": [{"position": 1, "facts": {"disability": "none", "illness": "chronic", "labour": "partial", "school": "none", "employment": "farming", "income_business": "3600"}}, {"position": 2, "facts": {"disability": "none", "illness": "chronic", "labour": "none", "school": "none", "employment": "none", "income_transfer": "1200"}}, {"position": 3, "facts": {"disability": "none", "illness": "serious", "labour": "none", "school": "none", "employment": "none", "income_transfer": "1200"}}]}'
set_today 2026-09-14
ok_eq "a late visit with new facts proposes an application for rural dibao" \
	"application|{dibao_rural,elderly_care_subsidy,insurance_premium_aid,pension_premium_aid,poverty_monitoring,redcross_illness_aid,social_insurance_subsidy}|2026-12-14" "$(visit demo_clerk1 "'儿子务农收入低，母亲重病'" "$NEW")"
ok_eq "the visit is recorded late, with the facts before and after" "2026-09-10|2026-09-14|3600" \
	"$(su_sql "SELECT due_on || '|' || visited_on || '|' || (facts_after #>> '{members,0,facts,income_business}') FROM onedoor.monitoring_visits WHERE monitoring_id = $M2 ORDER BY id DESC LIMIT 1")"
ok_eq "the menu is kept with the visit" eligible \
	"$(su_sql "SELECT i->>'verdict' FROM onedoor.monitoring_visits v, jsonb_array_elements(v.menu->'items') i WHERE v.monitoring_id = $M2 AND i->>'code' = 'dibao_rural' ORDER BY v.id DESC LIMIT 1")"
ok_eq "the entry's facts are updated" "1000" \
	"$(su_sql "SELECT facts #>> '{facts,deposits}' FROM onedoor.monitoring WHERE id = $M2")"

# A review that stopped a benefit (its state stopped) is a source too.
su_sql "SET session_replication_role = replica;
INSERT INTO onedoor.cases (case_no, application_id, household_id, subject_name, centre_code,
  county, item_code, department, track, stage, warn_days, opened_on, case_limit, case_due,
  case_warn_from)
SELECT 'ADEMO-003-01', a.id, a.household_id, '陈志强', a.centre_code, '511703', 'dibao_urban',
  'civil_affairs', 'normal', 'filed', 2, DATE '2026-01-05', 20, DATE '2026-02-02', DATE '2026-01-30'
FROM onedoor.applications a WHERE a.application_no = 'ADEMO-003'" >/dev/null
ok_eq "a benefit still in force is no source" P0002 "$(enter demo_clerk1 benefit_stopped ADEMO-003-01 1)"
su_sql "SET session_replication_role = replica;
INSERT INTO onedoor.benefits (case_id, state, state_from, start_month, reason)
SELECT id, 'stopped', DATE '2026-09-01', DATE '2026-02-01', '复核：收入已超过标准'
FROM onedoor.cases WHERE case_no = 'ADEMO-003-01'" >/dev/null
ok_match "a review that stopped it enters the household" '^[0-9]+$' \
	"$(enter demo_clerk1 benefit_stopped ADEMO-003-01 1)"
dropdb "$DB"
done_testing
