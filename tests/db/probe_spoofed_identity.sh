#!/bin/sh
# Probe: spoofed identity.  The terminal a client claims (application_name
# "onedoor CENTRE-N") is recorded as claimed and checked against the
# clerk's centre, in the audit trail and in the case's history; a session
# setting cannot put a request id into an entry.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database probe_identity
set_today 2026-03-02
as_app() { # APPNAME ROLE SQL
	PGAPPNAME="$1" PGPASSWORD=onedoor psql -X -q -At -v ON_ERROR_STOP=1 -U "$2" -d "$DB" -c "$3" >/dev/null 2>&1
}
as_app 'onedoor 511703102-9' demo_clerk1 \
	"SELECT * FROM onedoor.accept_application(gen_random_uuid(), 'ADEMO-001', 1, '[\"wf_dibao\"]')"
ok_eq "another centre's terminal claimed by a clerk is recorded as claimed, and flagged" \
	"onedoor 511703102-9|false" \
	"$(su_sql "SELECT application_name || '|' || terminal_ok FROM onedoor.audit_log WHERE action = 'accept' AND object_type = 'application'")"
ok_eq "in the case's history too" "onedoor 511703102-9|false" \
	"$(su_sql "SELECT application_name || '|' || terminal_ok FROM onedoor.case_events WHERE action = 'accept'")"
as_app 'onedoor 511703001-2' demo_clerk1 \
	"SELECT * FROM onedoor.refuse_application(gen_random_uuid(), 'ADEMO-002', 1, '材料不全')"
ok_eq "the clerk's own centre's terminal is recorded as checked" "onedoor 511703001-2|true" \
	"$(su_sql "SELECT application_name || '|' || terminal_ok FROM onedoor.audit_log WHERE action = 'refuse'")"
ok_eq "the auditor sees the flag on the acceptance's entries (its verification report's too)" "application|case|verification_report" \
	"$(PGPASSWORD=onedoor psql -X -At -U demo_auditor -d "$DB" -c "SELECT string_agg(object_type, '|' ORDER BY object_type) FROM onedoor.audit_trail WHERE terminal_ok = false")"
done_testing
