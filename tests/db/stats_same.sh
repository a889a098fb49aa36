#!/bin/sh
# The statistics' faster bodies give the figures the earlier ones gave, row
# for row and in order: cases, households and persons assisted by month,
# department, centre and item, and the windows' figures, for the discipline
# commission, an administrator, a county's supervisor and the supervisor of
# a county without cases, over three periods of a year of filed, refused
# and open cases of households with members and of individual items.  The
# earlier bodies (0093_cases_hot_transitions.sql's stats_assisted,
# 0072_stats_speed.sql's stats_windows) are taken from their migrations as
# they are.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database stats_same
MIG="$ONEDOOR_TOP/src/sql/migrations"

# A year of cases of the demo households (two centres of one county): the
# member items name a member, household items none.
su_sql "SET session_replication_role = replica;
	INSERT INTO onedoor.cases (case_no, application_id, household_id, person_id, subject_name,
		centre_code, county, item_code, department, track, stage, warn_days, stage_entered_at,
		stage_entered_on, stage_limit, stage_due, stage_warn_from, opened_on, case_limit,
		case_due, case_warn_from, accepted_by, version, closed_at)
	SELECT 'CS' || g, a.id, a.household_id,
	       CASE WHEN i.scope = 'member' THEN (SELECT m.person_id FROM onedoor.household_members m
			WHERE m.household_id = a.household_id ORDER BY m.position OFFSET 0 LIMIT 1) END,
	       '测试', a.centre_code, ce.county, i.code, i.department, 'normal', x.stage, 2,
	       CASE WHEN x.open THEN now() END, CASE WHEN x.open THEN x.opened END,
	       CASE WHEN x.open THEN 3 END, CASE WHEN x.open THEN x.opened + 3 END,
	       CASE WHEN x.open THEN x.opened + 2 END, x.opened, 20, x.opened + 20, x.opened + 18,
	       'demo_clerk1', 1,
	       CASE WHEN NOT x.open THEN now() - (g % 390) * interval '1 day' END
	FROM generate_series(1, 900) g
	CROSS JOIN LATERAL (SELECT (ARRAY['filed', 'filed', 'refused', 'verify'])[1 + g % 4] AS stage,
				   g % 4 = 3 AS open, current_date - (g * 7 % 380) AS opened) x
	JOIN onedoor.applications a ON a.application_no = 'ADEMO-' || lpad((1 + g % 10)::text, 3, '0')
	JOIN onedoor.centres ce ON ce.code = a.centre_code
	JOIN onedoor.catalogue_items i
		ON i.code = (ARRAY['wf_dibao', 'wf_tekun', 'wf_linshi', 'wf_jiaoyu'])[1 + (g / 10) % 4]"

# The earlier bodies, in a schema of their own, run as their callers.
ref() { # MIGRATION FUNCTION
	awk -v f="FUNCTION onedoor.$2(" 'index($0, f) { p = 1 } p { print } p && /^\$\$;/ { exit }' "$MIG/$1" |
		sed "s/FUNCTION onedoor\.$2(/FUNCTION ref.$2(/"
}
su_sql "CREATE SCHEMA ref; GRANT USAGE ON SCHEMA ref TO PUBLIC;
	$(ref 0093_cases_hot_transitions.sql stats_assisted)
	$(ref 0072_stats_speed.sql stats_windows)"
su_sql "INSERT INTO onedoor.regions (code, name, parent, level) VALUES ('110101', '东城区', NULL, 3)
	ON CONFLICT DO NOTHING" >/dev/null
staff_login ss_sup2 supervisor '周明' '' 110101

same() { # ROLE FUNCTION FROM TO -> "t" when the two bodies agree
	su_sql "SET SESSION AUTHORIZATION $1;
		SELECT (SELECT array_agg(t::text) FROM onedoor.$2('$3', '$4') t)
			IS NOT DISTINCT FROM (SELECT array_agg(t::text) FROM ref.$2('$3', '$4') t)"
}
d() { su_sql "SELECT current_date + $1"; }
for role in demo_auditor demo_admin demo_supervisor ss_sup2; do
	for period in "$(d -365) $(d 0)" "$(d -30) $(d 0)" "$(d -200) $(d -100)"; do
		set -- $period
		ok_eq "assisted, $role, $1 to $2: the same rows" t "$(same $role stats_assisted "$1" "$2")"
		ok_eq "windows, $role, $1 to $2: the same rows" t "$(same $role stats_windows "$1" "$2")"
	done
done
# What makes the comparison worth something.
ok_if "the auditor's year has many groups" [ "$(su_sql "SET SESSION AUTHORIZATION demo_auditor;
	SELECT count(*) FROM onedoor.stats_assisted('$(d -365)', '$(d 0)')")" -gt 30 ]
ok_eq "with more persons than households where members were assisted as a household" t \
	"$(su_sql "SET SESSION AUTHORIZATION demo_auditor; SELECT bool_or(persons > households)
		FROM onedoor.stats_assisted('$(d -365)', '$(d 0)')")"
ok_eq "and the cases of a group more than its households somewhere" t \
	"$(su_sql "SET SESSION AUTHORIZATION demo_auditor; SELECT bool_or(cases > households)
		FROM onedoor.stats_assisted('$(d -365)', '$(d 0)')")"
ok_if "the windows count cases accepted" [ "$(su_sql "SET SESSION AUTHORIZATION demo_supervisor;
	SELECT sum(accepted) FROM onedoor.stats_windows('$(d -365)', '$(d 0)')")" -gt 500 ]
ok_eq "another county's supervisor sees none of them" 0 \
	"$(su_sql "SET SESSION AUTHORIZATION ss_sup2; SELECT coalesce(sum(accepted), 0)
		FROM onedoor.stats_windows('$(d -365)', '$(d 0)')")"
ok_eq "a clerk may not call the count of accepted cases" 42501 \
	"$(try_sql demo_clerk1 "SELECT * FROM onedoor.case_accepted_by_centre('$(d -365)', '$(d 0)')")"
done_testing
