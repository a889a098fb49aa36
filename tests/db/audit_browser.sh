#!/bin/sh
# The discipline commission's audit browser, as the real roles: every action
# of one clerk on one day, the views of personal data among them, found by
# filters and paged newest first without gaps or repeats; an entry's content
# masked; supervisors limited to their county's staff; clerks refused.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database wf_audit_browser
set_today 2026-03-02
day=$(su_sql "SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date")

# What demo_clerk1 does today: an acceptance (writes), a household read back
# into the form and a status lookup (views of personal data).
C=$(accept_app demo_clerk1 ADEMO-001 '["wf_dibao"]')
traced demo_clerk1 household_form HDEMO-001 "SELECT count(*) FROM onedoor.household_form('HDEMO-001')" >/dev/null
rid=$(su_sql "SELECT p.resident_id FROM onedoor.persons p JOIN onedoor.household_members m
	ON m.person_id = p.id JOIN onedoor.households h ON h.id = m.household_id
	WHERE h.household_no = 'HDEMO-001' AND m.position = 1")
as_role demo_clerk1 "SELECT onedoor.trace_read('status_lookup', '$rid')" >/dev/null
as_role demo_clerk1 "SELECT count(*) FROM onedoor.status_lookup('$rid')" >/dev/null
# And someone else.
accept_app demo_clerk2 ADEMO-006 '["wf_jiaoyu"]' >/dev/null 2>&1 || true

browse() { # ROLE ARGS (SQL list of the nine arguments)
	as_role "$1" "SELECT seq || '|' || action || '|' || kind FROM onedoor.audit_browse($2)"
}
all=$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE actor = 'demo_clerk1'
	AND (at AT TIME ZONE 'Asia/Shanghai')::date = '$day'")
ok_if "the clerk left entries today ($all)" [ "$all" -ge 4 ]
found=$(browse demo_auditor "'demo_clerk1', NULL, NULL, '$day', '$day', NULL, NULL, NULL, 200")
ok_eq "the auditor finds every one of them" "$all" "$(printf '%s\n' "$found" | grep -c .)"
ok_match "the views of personal data among them" "read_form\|view" "$found"
ok_match "the status lookup too" "status_lookup\|view" "$found"
views=$(browse demo_auditor "'demo_clerk1', NULL, NULL, '$day', '$day', 'view', NULL, NULL, 200")
ok_eq "the view filter keeps only the views" 0 "$(printf '%s\n' "$views" | grep -vc '|view$')"
ok_if "and finds them" [ "$(printf '%s\n' "$views" | grep -c .)" -ge 2 ]
ok_eq "another day has none of it" "" \
	"$(browse demo_auditor "'demo_clerk1', NULL, NULL, '2020-01-01', '2020-01-01', NULL, NULL, NULL, 200")"

# Paging two at a time gives the same rows, newest first, once each.
pages=""
after="NULL, NULL"
n=0
while [ $n -lt 50 ]; do
	page=$(as_role demo_auditor "SELECT seq || '|' || at FROM onedoor.audit_browse('demo_clerk1',
		NULL, NULL, '$day', '$day', NULL, $after, 2)")
	[ -n "$page" ] || break
	pages="$pages$(printf '%s\n' "$page" | cut -d'|' -f1)
"
	last=$(printf '%s\n' "$page" | tail -n 1)
	after="'${last#*|}', ${last%%|*}"
	n=$((n + 1))
done
ok_eq "paging two at a time visits every entry once" \
	"$(printf '%s\n' "$found" | cut -d'|' -f1)" "$(printf '%s' "$pages")"
ok_eq "newest first" "$(printf '%s' "$pages" | sort -rn)" "$(printf '%s' "$pages")"

# An entry's content, masked; the case it opens.
acc=$(as_role demo_auditor "SELECT seq FROM onedoor.audit_browse('demo_clerk1', NULL, NULL, '$day',
	'$day', 'write', NULL, NULL, 200) WHERE object_type = 'case' LIMIT 1")
ok_eq "an entry about a case names the case it opens" \
	"$(su_sql "SELECT case_no FROM onedoor.cases WHERE id = $C")" \
	"$(as_role demo_auditor "SELECT case_no FROM onedoor.audit_entry(${acc:-0})")"
hh=$(su_sql "SELECT h.household_no FROM onedoor.cases c JOIN onedoor.households h
	ON h.id = c.household_id WHERE c.id = $C")
ok_eq "and the household of the case, which it opens too" "$hh" \
	"$(as_role demo_auditor "SELECT household_no FROM onedoor.audit_entry_opens(${acc:-0})")"
ok_eq "the household's history opens by its number, the read traced" "$hh|1" \
	"$(as_role demo_auditor "SELECT onedoor.household_history_open_no('$hh')")|$(su_sql "SELECT count(*)
		FROM onedoor.audit_log WHERE actor = 'demo_auditor' AND object_type = 'household'
		AND action = 'read_history' AND after ->> 'household_no' = '$hh'")"
ok_eq "a household number that does not exist is not found" P0002 \
	"$(try_sql demo_auditor "SELECT onedoor.household_history_open_no('H-NONE')")"
ok_eq "a clerk does not open households from the trail" 42501 \
	"$(try_sql demo_clerk1 "SELECT onedoor.household_history_open_no('$hh')")"
# (An ID stands alone, between quotes: eighteen digits inside a longer run
# of letters and digits are part of a hash, such as a report's sha256.)
ok_eq "no entry shows a whole resident ID" 0 \
	"$(as_role demo_auditor "SELECT count(*) FROM onedoor.audit_browse(NULL, NULL, NULL, NULL, NULL,
		NULL, NULL, NULL, 200) b, onedoor.audit_entry(b.seq) e
		WHERE coalesce(e.before::text, '') || coalesce(e.after::text, '')
			~ '(^|[^0-9A-Za-z])[0-9]{17}[0-9X]($|[^0-9A-Za-z])'")"
ok_eq "the pattern finds a resident ID as an entry would show it" 1 \
	"$(su_sql "SELECT count(*) WHERE '{\"resident_id\": \"51170319600315017X\"}'
		~ '(^|[^0-9A-Za-z])[0-9]{17}[0-9X]($|[^0-9A-Za-z])'
		AND '{\"sha256\": \"ab511703196003150174cd\"}'
		!~ '(^|[^0-9A-Za-z])[0-9]{17}[0-9X]($|[^0-9A-Za-z])'")"

# Filtered by a household: everything about it, whatever object type it
# was written under, and nothing about another household.
su_sql "UPDATE onedoor.household_members m SET relation = relation
	FROM onedoor.households h WHERE h.id = m.household_id AND h.household_no = '$hh'
	AND m.position = 1" >/dev/null
by_household() { # ROLE HOUSEHOLD-NO AFTER LIMIT
	as_role "$1" "SELECT seq || '|' || at || '|' || object_type || '|' || action
		FROM onedoor.audit_browse_by(NULL, NULL, '$2', NULL, NULL, NULL, $3, $4)"
}
trail=$(by_household demo_auditor "$hh" "NULL, NULL" 200)
for what in "household|read_form" "households|insert" "household_members|insert" \
	"household_members|update" "persons|insert" "person|status_lookup" "applications|insert" \
	"application|accept"; do
	ok_match "the household's trail has its ${what%|*} entries (${what#*|})" "\\|$what\$" "$trail"
done
ok_eq "and every entry about it, once" \
	"$(su_sql "SELECT count(*) FROM onedoor.audit_log a, onedoor.households h
		WHERE h.household_no = '$hh' AND (
		   (a.object_type IN ('household', 'households') AND a.object_id = h.id::text)
		OR (a.object_type = 'bank_account' AND a.object_id = h.household_no)
		OR (a.object_type = 'household_members' AND (a.object_id::jsonb ->> 'household_id') = h.id::text)
		OR (a.object_type IN ('application', 'applications') AND a.object_id IN
			(SELECT ap.application_no FROM onedoor.applications ap WHERE ap.household_id = h.id))
		OR (a.object_type IN ('person', 'persons') AND a.object_id IN
			(SELECT m.person_id::text FROM onedoor.household_members m WHERE m.household_id = h.id)))")" \
	"$(printf '%s\n' "$trail" | cut -d'|' -f1 | sort -u | grep -c .)"
ok_eq "nothing of another household's application" "" \
	"$(su_sql "SELECT seq FROM onedoor.audit_log WHERE object_id = 'ADEMO-006'" |
		while read -r s; do printf '%s\n' "$trail" | grep "^$s|"; done)"
pages=""
after="NULL, NULL"
n=0
while [ $n -lt 60 ]; do
	page=$(by_household demo_auditor "$hh" "$after" 3)
	[ -n "$page" ] || break
	pages="$pages$(printf '%s\n' "$page" | cut -d'|' -f1)
"
	last=$(printf '%s\n' "$page" | tail -n 1 | cut -d'|' -f1,2)
	after="'${last#*|}', ${last%%|*}"
	n=$((n + 1))
done
ok_eq "paging the household's trail three at a time visits it once, in order" \
	"$(printf '%s\n' "$trail" | cut -d'|' -f1)" "$(printf '%s' "$pages")"

# Scope.
ok_eq "the county's supervisor sees its clerk" "$all" \
	"$(browse demo_supervisor "'demo_clerk1', NULL, NULL, '$day', '$day', NULL, NULL, NULL, 200" | grep -c .)"
su_sql "INSERT INTO onedoor.regions (code, name, parent, level) VALUES ('110101', '东城区', NULL, 3)
	ON CONFLICT DO NOTHING" >/dev/null
staff_login ab_sup2 supervisor '周明' '' 110101
ok_eq "another county's supervisor sees none of it" 0 \
	"$(browse ab_sup2 "'demo_clerk1', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 200" | grep -c .)"
ok_eq "nor opens one of its households" P0002 \
	"$(try_sql ab_sup2 "SELECT onedoor.household_history_open_no('$hh')")"
ok_eq "a clerk may not browse" 42501 \
	"$(try_sql demo_clerk1 "SELECT * FROM onedoor.audit_browse(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 10)")"
ok_eq "a page never exceeds 200 rows" 200 \
	"$(su_sql "INSERT INTO onedoor.audit_log (at, actor, actor_group, txid, object_type, object_id,
		action) SELECT now(), 'demo_clerk2', 'clerk', 1, 'x', g::text, 'test'
		FROM generate_series(1, 250) g" >/dev/null
	   as_role demo_auditor "SELECT count(*) FROM onedoor.audit_browse('demo_clerk2', 'x', NULL,
		NULL, NULL, NULL, NULL, NULL, 1000)")"
done_testing
