#!/bin/sh
# A household comes back: the clerk reads it back into the form, changes
# what changed, and a new version is stored with who, when and why while
# the old one is kept; a new application opens on it and is accepted as any
# other.  Inconsistent changes are refused naming the member; the history
# is read masked and logged.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database wf_household_history
set_today 2026-03-02

H=HDEMO-001
hid=$(su_sql "SELECT id FROM onedoor.households WHERE household_no = '$H'")
doc=$(su_sql "SELECT onedoor.household_state($hid)")
reapply() { # ROLE VERSION DOCUMENT REASON -> "ok app|household|version" or SQLSTATE
	_out=$(PGPASSWORD=onedoor psql -X -q -At -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -U "$1" \
		-d "$DB" -c "SELECT application_no || '|' || household_no || '|' || version
		FROM onedoor.household_reapply(gen_random_uuid(), '$H', $2, '$3', '$4')" 2>&1)
	if [ $? -eq 0 ]; then echo "ok $_out"; else
		printf '%s\n' "$_out" | sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\):.*/\1/p' | head -n 1; fi
}
edit() { # JQ-like jsonb expression applied to $doc
	su_sql "SELECT ($1)::text FROM (SELECT '$doc'::jsonb AS d) x"
}

ok_eq "registration left version 1 of every household" 0 \
	"$(su_sql "SELECT count(*) FROM onedoor.households h WHERE NOT EXISTS
		(SELECT 1 FROM onedoor.household_versions v WHERE v.household_id = h.id AND v.version = 1)")"
ok_eq "the form reads back the current version" 1 \
	"$(traced demo_clerk1 household_form "$H" "SELECT value FROM onedoor.household_form('$H') WHERE key = '_version'")"
ok_eq "with the applicant first" \
	"$(su_sql "SELECT '$doc'::jsonb -> 'members' -> 0 ->> 'resident_id'")" \
	"$(traced demo_clerk1 household_form "$H" "SELECT value FROM onedoor.household_form('$H') WHERE member = 1 AND key = 'id'")"
ok_eq "each reading of the form leaves a trace" 2 \
	"$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE action = 'read_form' AND object_type = 'household'")"
ok_eq "another centre's clerk cannot read it" P0002 \
	"$(try_sql demo_clerk2 "SELECT * FROM onedoor.household_form('$H')")"

# An application still open at the window is opened, not duplicated.
open_apps=$(su_sql "SELECT count(*) FROM onedoor.applications WHERE household_id = $hid AND status = 'registered'")
if [ "$open_apps" -gt 0 ]; then
	ok_eq "an open application blocks a new one" 55000 \
		"$(reapply demo_clerk1 1 "$doc" '收入变化')"
	for a in $(su_sql "SELECT application_no FROM onedoor.applications WHERE household_id = $hid AND status = 'registered'"); do
		as_role demo_clerk1 "SELECT * FROM onedoor.refuse_application(gen_random_uuid(), '$a',
			(SELECT version FROM onedoor.applications WHERE application_no = '$a'), '材料不全')" >/dev/null
	done
fi
ok_eq "no application of the household is open now" 0 \
	"$(su_sql "SELECT count(*) FROM onedoor.applications WHERE household_id = $hid AND status = 'registered'")"

# Refusals, each naming what is wrong -----------------------------------------
second=$(su_sql "SELECT '$doc'::jsonb -> 'members' -> 1 ->> 'resident_id'")
ok_eq "a reason is required" 22023 "$(reapply demo_clerk1 1 "$doc" ' ')"
ok_eq "a stale version is refused" OD409 "$(reapply demo_clerk1 7 "$doc" '收入变化')"
ok_eq "another centre's clerk cannot change it" P0002 "$(reapply demo_clerk2 1 "$doc" '收入变化')"
ok_eq "the applicant cannot be removed" 22023 \
	"$(reapply demo_clerk1 1 "$(edit "jsonb_set(d, '{members}', (d->'members') - 0)")" '迁出')"
if [ -n "$second" ]; then
	ok_eq "a member twice is refused" 22023 \
		"$(reapply demo_clerk1 1 "$(edit "jsonb_set(d, '{members}', (d->'members') || (d->'members'->1))")" '重复')"
	ok_eq "a death before birth is refused" 22023 \
		"$(reapply demo_clerk1 1 "$(edit "jsonb_set(d, '{members,1,facts,died_on}', '\"1900-01-01\"')")" '死亡')"
fi
other=$(su_sql "SELECT p.resident_id FROM onedoor.persons p JOIN onedoor.household_members m ON m.person_id = p.id
	JOIN onedoor.households h ON h.id = m.household_id WHERE h.id <> $hid AND h.active LIMIT 1")
ok_eq "a member of another household is refused" 23505 \
	"$(reapply demo_clerk1 1 "$(edit "jsonb_set(d, '{members}', (d->'members') || jsonb_build_array(jsonb_build_object('resident_id', '$other', 'name', '某人', 'relation', 'other', 'facts', '{}'::jsonb)))")" '加人')"
ok_eq "nothing was written by the refusals" 1 \
	"$(su_sql "SELECT version FROM onedoor.households WHERE id = $hid")"

# The change ---------------------------------------------------------------------
new=$(edit "jsonb_set(d, '{facts,deposits}', '\"8000\"')")
out=$(reapply demo_clerk1 1 "$new" '存款变化，重新申请')
ok_match "the changed household is stored as version 2 with a new application" \
	"^ok A[0-9]+\|$H\|2$" "$out"
app=$(echo "$out" | sed 's/^ok \([^|]*\)|.*/\1/')
ok_eq "version 1 is kept as it was" \
	"$(su_sql "SELECT '$doc'::jsonb -> 'facts'")" \
	"$(su_sql "SELECT document -> 'facts' FROM onedoor.household_versions WHERE household_id = $hid AND version = 1")"
ok_eq "the household now holds the new facts" '"8000"' \
	"$(su_sql "SELECT facts -> 'deposits' FROM onedoor.households WHERE id = $hid")"
ok_eq "the history has both versions" "1|2" \
	"$(traced demo_verifier household_history "$H" "SELECT string_agg(version::text, '|' ORDER BY version)
		FROM onedoor.household_history('$H')")"
ok_eq "the second says who, why and what changed" "demo_clerk1|存款变化，重新申请|8000" \
	"$(traced demo_verifier household_history "$H" "SELECT changed_by || '|' || reason || '|' ||
		(changes -> 'household' -> 'deposits' ->> 1)
		FROM onedoor.household_history('$H') WHERE version = 2")"
ok_eq "the change's audit entry masks resident IDs" 0 \
	"$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE action = 'household_change'
		AND before::text ~ '[0-9]{17}[0-9X]'")"
ok_eq "the change is audited once" 1 \
	"$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE action = 'household_change'")"
ok_eq "nobody reads the versions table directly" 42501 \
	"$(try_sql demo_auditor "SELECT count(*) FROM onedoor.household_versions")"
C=$(accept_app demo_clerk1 "$app" '["wf_jiaoyu"]')
ok_eq "the new application is accepted as any other" verify "$(stage_of "${C:-0}")"
# Facts the window's form does not show are kept ------------------------------
close_open() { # the application the last change opened, refused at the window
	as_role demo_clerk1 "SELECT r.status FROM onedoor.applications a, LATERAL
		onedoor.refuse_application(gen_random_uuid(), a.application_no, a.version, '重复申请') r
		WHERE a.household_id = $hid AND a.status = 'registered'" >/dev/null
}
# A script's call (no form as read) is the change itself: the member's date
# of death it names is written, every other stored fact kept.
ver=$(su_sql "SELECT version FROM onedoor.households WHERE id = $hid")
close_open
doc=$(su_sql "SELECT onedoor.household_state($hid)")
facts_before=$(su_sql "SELECT facts FROM onedoor.households WHERE id = $hid")
death=$(edit "jsonb_build_object('hukou', d -> 'hukou', 'facts', '{}'::jsonb, 'members',
	(SELECT jsonb_agg(CASE WHEN o = 2 THEN jsonb_build_object('resident_id', m ->> 'resident_id',
		'name', m -> 'name', 'relation', m -> 'relation', 'facts', '{\"died_on\": \"2026-02-20\"}'::jsonb)
		ELSE m - 'facts' END ORDER BY o) FROM jsonb_array_elements(d -> 'members') WITH ORDINALITY t(m, o)))")
ok_match "a death named alone is recorded" "^ok A[0-9]+\|$H\|$((ver + 1))$" \
	"$(reapply demo_clerk1 "$ver" "$death" '民政部门死亡登记：成员死亡')"
ok_eq "the household's other facts are kept" "$facts_before" \
	"$(su_sql "SELECT facts FROM onedoor.households WHERE id = $hid")"
ok_eq "the member's other facts are kept, with the date of death" \
	"$(su_sql "SELECT ('$doc'::jsonb -> 'members' -> 1 -> 'facts') || '{\"died_on\": \"2026-02-20\"}'")" \
	"$(su_sql "SELECT facts FROM onedoor.persons WHERE resident_id = '$second'")"
ok_eq "the version's changes are the death alone" t \
	"$(su_sql "SELECT onedoor.household_diff(a.document, b.document) = jsonb_build_object('household',
		'{}'::jsonb, 'members', jsonb_build_object(onedoor.mask_resident_id('$second'),
		'{\"died_on\": [null, \"2026-02-20\"]}'::jsonb)) FROM onedoor.household_versions a
		JOIN onedoor.household_versions b USING (household_id) WHERE a.household_id = $hid
		AND a.version = $ver AND b.version = $((ver + 1))")"

# The window sends the form as read and as changed: the date of death, which
# the form does not show, survives; a default the form filled where nothing
# was stored, and left as it was, is no change.
ver=$((ver + 1))
close_open
doc=$(su_sql "SELECT onedoor.household_state($hid)")
form=$(edit "jsonb_set(jsonb_set(d #- '{members,1,facts,died_on}', '{facts,form_default}', '\"none\"'),
	'{members,0,facts,form_default}', '\"none\"')")
changed=$(su_sql "SELECT jsonb_set('$form'::jsonb, '{facts,deposits}', '\"9500\"')")
ok_match "the form's re-application is stored" "^ok A[0-9]+\|$H\|$((ver + 1))$" \
	"$(PGPASSWORD=onedoor psql -X -q -At -v ON_ERROR_STOP=1 -U demo_clerk1 -d "$DB" -c "SELECT 'ok ' ||
		application_no || '|' || household_no || '|' || version FROM onedoor.household_reapply(
		gen_random_uuid(), '$H', $ver, '$changed', '存款变化', '$form')" 2>&1)"
ok_eq "the death recorded earlier survives it" 2026-02-20 \
	"$(su_sql "SELECT facts ->> 'died_on' FROM onedoor.persons WHERE resident_id = '$second'")"
ok_eq "the untouched defaults are not stored" 0 \
	"$(su_sql "SELECT (SELECT count(*) FROM onedoor.persons p JOIN onedoor.household_members m
		ON m.person_id = p.id WHERE m.household_id = $hid AND p.facts ? 'form_default')
		+ (SELECT count(*) FROM onedoor.households WHERE id = $hid AND facts ? 'form_default')")"
ok_eq "the version's changes are what the clerk changed, and only that" t \
	"$(traced demo_verifier household_history "$H" "SELECT changes = '{\"household\": {\"deposits\":
		[\"8000\", \"9500\"]}, \"members\": {}}' FROM onedoor.household_history('$H')
		WHERE version = $((ver + 1))")"
# A fact the clerk cleared on the form is removed.
ver=$((ver + 1))
close_open
cleared=$(su_sql "SELECT '$changed'::jsonb #- '{facts,deposits}'")
as_role demo_clerk1 "SELECT * FROM onedoor.household_reapply(gen_random_uuid(), '$H', $ver, '$cleared',
	'存款已取出', '$changed')" >/dev/null
ok_eq "a fact cleared on the form is removed, the death still kept" "|2026-02-20" \
	"$(su_sql "SELECT (SELECT coalesce(facts ->> 'deposits', '') FROM onedoor.households WHERE id = $hid)
		|| '|' || (SELECT facts ->> 'died_on' FROM onedoor.persons WHERE resident_id = '$second')")"
done_testing
