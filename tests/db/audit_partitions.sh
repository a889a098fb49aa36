#!/bin/sh
# The audit log by month (0073_audit_partitions.sql): entries land in their
# month's partition, the chainer keeps the months ahead, the chain verifies
# across partitions under the auditor's own login, a month is retired with
# its links kept so the chain still verifies from the genesis link, and the
# partitions are no way around the append-only rules.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database audit_parts
ADMIN="$ONEDOOR_BIN/onedoor-admin"
ini_as() { printf '[database]\nconninfo = host=%s dbname=%s user=%s\n' "$ONEDOOR_TEST_HOST" "$DB" "$1" > "$ONEDOOR_TEST_DIR/$1.$DB.ini"; echo "$ONEDOOR_TEST_DIR/$1.$DB.ini"; }
AUD=$(ini_as demo_auditor)
ADM=$(ini_as demo_admin)
admin_as() { # INI ARGS...
	_ini=$1; shift
	PGPASSWORD=onedoor "$ADMIN" -c "$_ini" "$@"
}
month() { # MONTHS-FROM-NOW -> first day of that month, China time
	su_sql "SELECT (date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') + interval '$1 month')::date"
}
part() { # MONTHS-FROM-NOW -> partition name
	su_sql "SELECT onedoor.audit_partition_name('$(month "$1")')"
}

# Work at the window: entries of this month.
for k in 1 2; do accept_app demo_clerk1 "ADEMO-00$k" '["wf_dibao"]' >/dev/null; done
ok_eq "the clerk's entries are in this month's partition" "onedoor.$(part 0)" \
	"$(su_sql "SELECT DISTINCT tableoid::regclass FROM onedoor.audit_log WHERE actor = 'demo_clerk1'")"
ok_eq "nothing in the default partition" 0 "$(su_sql "SELECT count(*) FROM onedoor.audit_log_default")"

# Entries of earlier months, as an installation running since then has:
# months -4 and -3 get their partitions (as the chainer made them then);
# their entries are chained after this month's (positions straddle months).
for m in -4 -3; do
	su_sql "SELECT onedoor.audit_partition_make('$(month $m)')" >/dev/null
	su_sql "INSERT INTO onedoor.audit_log (at, actor, txid, object_type, object_id, action)
		SELECT '$(month $m)'::timestamp AT TIME ZONE 'Asia/Shanghai' + g * interval '1 hour',
			'demo_clerk1', txid_current(), 'case', g::text, 'act'
		FROM generate_series(1, 5) g"
done
admin_as "$ADM" audit chain >/dev/null 2>&1
ok_eq "the admin's chainer links them" 0 "$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE pos IS NULL")"
ok_eq "each month's entries are in its partition" "onedoor.$(part -4)|5 onedoor.$(part -3)|5" \
	"$(su_sql "SELECT tableoid::regclass || '|' || count(*) FROM onedoor.audit_log WHERE object_type = 'case' AND action = 'act' GROUP BY tableoid ORDER BY 1" | tr '\n' ' ' | sed 's/ $//')"
total=$(su_sql "SELECT count(*) FROM onedoor.audit_log")
out=$(admin_as "$AUD" audit verify 2>&1)
ok_eq "the auditor verifies the chain across partitions" 0 "$?"
ok_match "every entry of every month is in it" "intact: $total entries|完整.*$total" "$out"

# The months ahead.
ok_eq "this month and the next two have partitions" "t t t" \
	"$(for m in 0 1 2; do su_sql "SELECT to_regclass('onedoor.$(part $m)') IS NOT NULL"; done | tr '\n' ' ' | sed 's/ $//')"
su_sql "ALTER TABLE onedoor.audit_log DETACH PARTITION onedoor.$(part 2); DROP TABLE onedoor.$(part 2)"
admin_as "$AUD" audit chain >/dev/null 2>&1
ok_eq "a missing month ahead is made again by the chainer run by the auditor" "onedoor.audit_log" \
	"$(su_sql "SELECT inhparent::regclass FROM pg_inherits WHERE inhrelid = 'onedoor.$(part 2)'::regclass")"
ok_eq "owned by the log's owner, not by the login that ran the chainer" \
	"$(su_sql "SELECT relowner::regrole FROM pg_class WHERE oid = 'onedoor.audit_log'::regclass")" \
	"$(su_sql "SELECT relowner::regrole FROM pg_class WHERE oid = 'onedoor.$(part 2)'::regclass")"
ok_eq "and it keeps its own TRUNCATE guard" 1 \
	"$(su_sql "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'onedoor.$(part 2)'::regclass AND tgname = 'audit_log_no_truncate'")"

# An entry of a month without a partition is still written (default).
su_sql "INSERT INTO onedoor.audit_log (at, actor, txid, object_type, object_id, action)
	VALUES ('2099-01-01 12:00+08', 'demo_clerk1', txid_current(), 'case', '1', 'act')"
ok_eq "an entry of a month without a partition is written to the default partition" 1 \
	"$(su_sql "SELECT count(*) FROM onedoor.audit_log_default")"

# The partitions are no way around the rules.
ok_eq "a clerk cannot read a partition" 42501 "$(try_sql demo_clerk1 "SELECT count(*) FROM onedoor.$(part 0)")"
ok_eq "the auditor cannot read entries' content from a partition" 42501 \
	"$(try_sql demo_auditor "SELECT after FROM onedoor.$(part 0)")"
ok_eq "the auditor still reads the log's columns it was granted" ok \
	"$(try_sql demo_auditor "SELECT count(pos) FROM onedoor.audit_log")"
ok_eq "nobody deletes from a partition, the superuser included" 1 \
	"$(su_sql "DELETE FROM onedoor.$(part -3)" >/dev/null 2>&1; echo $?)"
ok_eq "nor truncates one" 1 "$(su_sql "TRUNCATE onedoor.$(part -3)" >/dev/null 2>&1; echo $?)"
ok_eq "nor the default partition" 1 "$(su_sql "TRUNCATE onedoor.audit_log_default" >/dev/null 2>&1; echo $?)"
ok_eq "nor changes a chained entry in it" 1 \
	"$(su_sql "UPDATE onedoor.$(part -3) SET actor = 'x' WHERE pos IS NOT NULL" >/dev/null 2>&1; echo $?)"

# The browser across partitions.
ok_eq "the browser's first page up to a day starts at the newest entry before it" "$(su_sql "SELECT seq FROM onedoor.audit_log WHERE at < '2099-01-01 00:00+08' ORDER BY at DESC, seq DESC LIMIT 1")" \
	"$(PGPASSWORD=onedoor psql -X -At -U demo_auditor -d "$DB" -c "SELECT seq FROM onedoor.audit_browse(NULL, NULL, NULL, NULL, '2098-12-31', NULL, NULL, NULL, 1)")"
ok_eq "and with no range it is the default partition's (the newest)" "$(su_sql "SELECT seq FROM onedoor.audit_log_default")" \
	"$(PGPASSWORD=onedoor psql -X -At -U demo_auditor -d "$DB" -c "SELECT seq FROM onedoor.audit_browse(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1)")"
ok_eq "a day range in an earlier month reads that month's entries" 5 \
	"$(PGPASSWORD=onedoor psql -X -At -U demo_auditor -d "$DB" -c "SELECT count(*) FROM onedoor.audit_browse(NULL, 'case', NULL, '$(month -3)', '$(month -3)'::date + 5, NULL, NULL, NULL, 50)")"

# Retention.
ok_eq "a clerk cannot retire a month" 42501 "$(try_sql demo_clerk1 "SELECT onedoor.audit_retire('$(month -4)')")"
ok_eq "nor can the auditor" 42501 "$(try_sql demo_auditor "SELECT onedoor.audit_retire('$(month -4)')")"
ok_eq "this month is not retired" 1 "$(su_sql "SELECT onedoor.audit_retire('$(month 0)')" >/dev/null 2>&1; echo $?)"
ok_eq "nor last month" 1 "$(su_sql "SELECT onedoor.audit_retire('$(month -1)')" >/dev/null 2>&1; echo $?)"
su_sql "INSERT INTO onedoor.audit_log (at, actor, txid, object_type, object_id, action)
	VALUES ('$(month -4)'::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '2 days', 'demo_clerk1',
		txid_current(), 'case', '9', 'act')"
ok_match "nor a month with entries waiting for the chainer" "wait for the chainer" \
	"$(su_sql "SELECT onedoor.audit_retire('$(month -4)')" 2>&1)"
admin_as "$ADM" audit chain >/dev/null 2>&1
total=$(su_sql "SELECT count(*) FROM onedoor.audit_log")
links=$(su_sql "SELECT count(*) FROM onedoor.$(part -4)")
ok_eq "the owner retires month -4: its partition is detached" "onedoor.$(part -4)" \
	"$(su_sql "SELECT onedoor.audit_retire('$(month -4)')")"
ok_eq "its entries are off the log" $((total - links)) "$(su_sql "SELECT count(*) FROM onedoor.audit_log")"
ok_eq "its links are kept" "$links" "$(su_sql "SELECT count(*) FROM onedoor.audit_links_retired")"
ok_eq "it cannot be retired twice" 1 "$(su_sql "SELECT onedoor.audit_retire('$(month -4)')" >/dev/null 2>&1; echo $?)"
su_sql "DROP TABLE onedoor.$(part -4)"
out=$(admin_as "$AUD" audit verify 2>&1)
ok_eq "after the archived month is dropped, the chain still verifies" 0 "$?"
ok_match "from the genesis link, through the retired links" "intact: $total entries|完整.*$total" "$out"
ok_eq "the retired links cannot be changed, by the superuser either" 1 \
	"$(su_sql "UPDATE onedoor.audit_links_retired SET hash = hash" >/dev/null 2>&1; echo $?)"
ok_eq "nor deleted" 1 "$(su_sql "DELETE FROM onedoor.audit_links_retired" >/dev/null 2>&1; echo $?)"
su_sql "BEGIN; ALTER TABLE onedoor.audit_links_retired DISABLE TRIGGER USER;
	UPDATE onedoor.audit_links_retired SET content = sha256('forged') WHERE pos = (SELECT min(pos) FROM onedoor.audit_links_retired);
	ALTER TABLE onedoor.audit_links_retired ENABLE TRIGGER USER; COMMIT" >/dev/null
out=$(admin_as "$AUD" audit verify 2>&1)
ok_eq "a retired link forged with the triggers off breaks verification" 1 "$?"
ok_match "at that entry" "broken at entry $(su_sql "SELECT min(pos) FROM onedoor.audit_links_retired")" "$out"
done_testing
