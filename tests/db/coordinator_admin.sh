# coordinator_admin.sh - villages and village coordinators without SQL:
# `village add|list`, `user add --group coordinator --village`; what is
# refused (no village, a code that is not 12 digits, an unknown centre);
# the new coordinator logs in and reports a household of their village.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
DB=od_coord_admin
ini=$(new_database $DB)
psql -X -q -c "DROP ROLE IF EXISTS coord_li" >/dev/null 2>&1
adm() { "$ONEDOOR_BIN/onedoor-admin" -c "$ini" "$@"; }

out=$(adm village add 5117030010 错码 --centre 511703001 2>&1)
ok_if "a code of 10 digits is refused" test $? -ne 0
ok_match "saying why (in the language of its configuration)" "十二位数字" "$out"
out=$(adm village add 511703001009 幸福社区 --centre 999999999 --kind community 2>&1)
ok_if "an unknown centre is refused" test $? -ne 0
ok_eq "a community of the centre is added" 0 \
	"$(adm village add 511703001009 幸福社区 --centre 511703001 --kind community >/dev/null 2>&1; echo $?)"
ok_match "and listed with its centre" "^511703001009	幸福社区	community	511703001	0$" \
	"$(adm village list --centre 511703001)"
out=$(printf 'coord-secret-1\n' | adm user add coord_li --name 李协理 --group coordinator 2>&1)
ok_if "a coordinator without a village is refused" test $? -ne 0
ok_match "naming the option" -- "--village" "$out"
out=$(printf 'coord-secret-1\n' | adm user add coord_li --name 李协理 --group coordinator \
	--village 511703009999 2>&1)
ok_if "an unknown village is refused" test $? -ne 0
ok_eq "the coordinator is added to the village" 0 \
	"$(printf 'coord-secret-1\n' | adm user add coord_li --name 李协理 --group coordinator \
	--village 511703001009 >/dev/null 2>&1; echo $?)"
ok_eq "bound to it, in the coordinators' group" "coordinator|511703001009|true" \
	"$(psql -X -At -d $DB -c "SELECT s.role_group || '|' || s.village || '|' || pg_has_role('coord_li', 'onedoor_coordinator', 'member') FROM onedoor.staff s WHERE role_name = 'coord_li'")"
ok_eq "the village lists one coordinator" 1 \
	"$(adm village list --centre 511703001 | awk -F'\t' '$1 == "511703001009" {print $5}')"
ok_match "who logs in and reports a household of the village" '^R[0-9]+$' \
	"$(PGPASSWORD=coord-secret-1 psql -X -At -U coord_li -d $DB -c "SELECT report_no FROM onedoor.report_household(gen_random_uuid(), '{\"members\": [{\"name\": \"赵大爷\"}]}', '独居')")"
ok_eq "the report is the village's centre's" "511703001009|511703001" \
	"$(psql -X -At -d $DB -c "SELECT village || '|' || centre_code FROM onedoor.reports")"
dropdb $DB
psql -X -q -c "DROP ROLE IF EXISTS coord_li" >/dev/null 2>&1
done_testing
