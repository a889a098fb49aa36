#!/bin/sh
# Probe: tampering and the audit trail's own reads.  The auditor and the
# admin verify the chain under their own logins; against an anchor kept
# outside the database they catch a cut tail with the head moved back and a
# middle entry rewritten with the chain rebuilt after it; entries hold no
# resident ID or facts; nobody changes a chained entry.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database probe_tamper
set_today 2026-03-02
ADMIN="$ONEDOOR_BIN/onedoor-admin"
ini_as() { printf '[database]\nconninfo = host=%s dbname=%s user=%s\n' "$ONEDOOR_TEST_HOST" "$DB" "$1" > "$ONEDOOR_TEST_DIR/$1.$DB.ini"; echo "$ONEDOOR_TEST_DIR/$1.$DB.ini"; }
AUD=$(ini_as demo_auditor)
ADM=$(ini_as demo_admin)
admin_as() { # INI ARGS...: onedoor-admin under a demo login
	_ini=$1; shift
	PGPASSWORD=onedoor "$ADMIN" -c "$_ini" "$@"
}
for k in 1 2 3; do accept_app demo_clerk1 "ADEMO-00$k" '["wf_dibao"]' >/dev/null; done
hh='{"hukou": "urban", "facts": {"income": 1200}, "members": [{"resident_id": "11010519491231002X", "name": "测试", "relation": "self", "facts": {"disability": "severe"}}]}'
PGPASSWORD=onedoor psql -X -q -U demo_clerk1 -d "$DB" -c "SELECT * FROM onedoor.register_household(gen_random_uuid(), '$hh')" >/dev/null

out=$(admin_as "$AUD" audit verify 2>&1)
ok_eq "the auditor verifies the chain under their own login" 0 "$?"
ok_match "and it is intact" "intact|完整" "$out"
admin_as "$ADM" audit verify >/dev/null 2>&1
ok_eq "so does the admin" 0 "$?"
out=$(admin_as "$AUD" audit anchor 2>&1)
ok_match "the auditor prints an anchor to keep" '^onedoor-audit-anchor [0-9]+ [0-9a-f]{64} ' "$(printf '%s\n' "$out" | tail -n 1)"
A="$ONEDOOR_TEST_DIR/probe.anchor"
printf 'Anchor mailed to the commission:\n%s\n' "$(printf '%s\n' "$out" | tail -n 1)" > "$A"
admin_as "$AUD" audit verify --anchor "$A" >/dev/null 2>&1
ok_eq "the chain passes through it" 0 "$?"

tamper() {
	su_sql "BEGIN; ALTER TABLE onedoor.audit_log DISABLE TRIGGER USER;
		$1; ALTER TABLE onedoor.audit_log ENABLE TRIGGER USER; COMMIT" >/dev/null
}
last=$(su_sql "SELECT pos FROM onedoor.audit_head")
tamper "DELETE FROM onedoor.audit_log WHERE pos > $((last - 2));
	UPDATE onedoor.audit_head SET pos = $((last - 2)), hash = (SELECT hash FROM onedoor.audit_log WHERE pos = $((last - 2)))"
admin_as "$AUD" audit verify --anchor "$A" >/dev/null 2>&1
ok_eq "a cut tail with the head moved back is caught against the anchor" 1 "$?"

B="$ONEDOOR_TEST_DIR/probe2.anchor"
rm -f "$B"
admin_as "$AUD" audit verify --anchor "$B" >/dev/null 2>&1
mid=$((last - 6))
tamper "UPDATE onedoor.audit_log SET actor = 'demo_clerk2' WHERE pos = $mid;
	UPDATE onedoor.audit_log SET pos = NULL, prev_hash = NULL, hash = NULL WHERE pos >= $mid;
	UPDATE onedoor.audit_head SET pos = $((mid - 1)), hash = (SELECT hash FROM onedoor.audit_log WHERE pos = $((mid - 1)))"
admin_as "$AUD" audit verify --anchor "$B" >/dev/null 2>&1
ok_eq "a middle entry rewritten and the chain rebuilt is caught against the anchor" 1 "$?"

# Personal data in the trail.
ok_eq "the auditor cannot select entries' content directly" 42501 \
	"$(try_sql demo_auditor "SELECT after->>'resident_id' FROM onedoor.audit_log")"
# An ID is 18 characters standing alone: eighteen digits inside a SHA-256
# (a report's or a notice's hash, about one hash in a hundred) are not one.
idre="(^|[^0-9a-fA-F])[0-9]{17}[0-9X]([^0-9a-fA-F]|\$)"
ok_eq "the trail they read masks every resident ID" 0 \
	"$(echo "SELECT count(*) FROM onedoor.audit_trail WHERE after::text ~ :'re' OR before::text ~ :'re'" |
	   PGPASSWORD=onedoor psql -X -At -U demo_auditor -d "$DB" -v re="$idre")"
ok_eq "(that pattern finds an ID, not a hash's digits)" "t|f" \
	"$(echo "SELECT '{\"id\": \"51170319731015011X\"}' ~ :'re', '{\"h\": \"ab511703197310150110c\"}' ~ :'re'" |
	   psql -X -At -d "$DB" -v re="$idre")"
ok_eq "and keeps only the names of facts" '{"keys": ["income"]}' \
	"$(PGPASSWORD=onedoor psql -X -At -U demo_auditor -d "$DB" -c "SELECT after->'facts' FROM onedoor.audit_trail WHERE object_type = 'households' AND action = 'insert' ORDER BY seq DESC LIMIT 1")"
ok_eq "new entries are written masked" '110105********002X|{"keys": ["disability"]}' \
	"$(su_sql "SELECT (after->>'resident_id') || '|' || (after->'facts')::text FROM onedoor.audit_log WHERE object_type = 'persons' AND action = 'insert' ORDER BY seq DESC LIMIT 1")"

# Nobody changes a chained entry, nobody else chains.
su_sql "SELECT onedoor.audit_chain()" >/dev/null
ok_eq "a clerk cannot run the chainer" 42501 "$(try_sql demo_clerk1 "SELECT onedoor.audit_chain()")"
ok_eq "the superuser cannot re-link a chained entry" 1 \
	"$(su_sql "UPDATE onedoor.audit_log SET pos = pos WHERE pos = 1" >/dev/null 2>&1; echo $?)"
ok_eq "nor unlink one" 1 \
	"$(su_sql "UPDATE onedoor.audit_log SET pos = NULL, prev_hash = NULL, hash = NULL WHERE pos = 1" >/dev/null 2>&1; echo $?)"
ok_eq "nor delete one" 1 "$(su_sql "DELETE FROM onedoor.audit_log WHERE pos = 1" >/dev/null 2>&1; echo $?)"
done_testing
