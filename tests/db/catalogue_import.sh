#!/bin/sh
# catalogue_import.sh - `onedoor-admin catalogue import`: the template has the
# default catalogue; a bad file changes nothing; a re-import is idempotent;
# a changed parameter value is refused (values are never rewritten); a new
# dated value is added; `onedoor match` reads the catalogue from the database.
# Messages are checked in Chinese: the test configuration says zh_CN.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
DB=od_cat_import
CONF=$(new_database $DB)
ADMIN="$ONEDOOR_BIN/onedoor-admin"
q() { psql -X -q -At -d $DB -c "$1"; }
snapshot() {
	q "SELECT count(*), string_agg(code || ':' || name_zh || ':' || eligibility, '|' ORDER BY code) FROM onedoor.catalogue_items" | md5sum
	q "SELECT count(*), string_agg(code || region || valid_from || value, '|' ORDER BY 1) FROM onedoor.parameters" | md5sum
}

ok_eq "50 items in the template" 50 "$(q 'SELECT count(*) FROM onedoor.catalogue_items')"
ok_eq "every one of the 13 departments has an item" 13 "$(q 'SELECT count(DISTINCT department) FROM onedoor.catalogue_items')"
ok_eq "dibao excludes tekun" t "$(q "SELECT 'tekun' = ANY (excludes) FROM onedoor.catalogue_items WHERE code = 'dibao_rural'")"
ok_eq "the review interval formula kept" "param.review_months_standard" "$(q "SELECT review_months FROM onedoor.catalogue_items WHERE code = 'tekun'")"
ok_eq "items granted once have no review" "" "$(q "SELECT review_months FROM onedoor.catalogue_items WHERE code = 'temp_emergency'")"
ok_eq "materials kept as an array" 3 "$(q "SELECT cardinality(materials) FROM onedoor.catalogue_items WHERE code = 'dibao_urban'")"
ok_eq "time limits for the workflow" "1|3|1|1|1|7|1" "$(q "SELECT concat_ws('|', limit_accept, limit_verify, limit_supervise, limit_approve, limit_file, limit_total, warn_days) FROM onedoor.catalogue_items WHERE code = 'dibao_rural'")"
ok_eq "dated parameter rows" 755.00 "$(q "SELECT value FROM onedoor.parameters WHERE code = 'dibao_urban' AND region = '511703' AND valid_from = '2026-01-01'")"

before=$(snapshot)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/od-cat.XXXXXX")
cp "$ONEDOOR_TOP"/conf/catalogue/*.ini "$TMP/"
# a syntax error in one rule: nothing at all is imported
sed 's/per_capita_income < param.dibao_urban and/per_capita_income < param.dibao_urbn and/' \
	"$ONEDOOR_TOP/conf/catalogue/items-civil-affairs.ini" > "$TMP/items-civil-affairs.ini"
sed -i 's/^name_zh = 医疗救助$/name_zh = 医疗救助（改）/' "$TMP/items-departments.ini"
out=$("$ADMIN" -c "$CONF" catalogue import "$TMP" 2>&1); rc=$?
ok_eq "bad rule: exit 2" 2 "$rc"
ok_match "bad rule: FILE:LINE:COL and item" 'items-civil-affairs.ini:[0-9]+:[0-9]+: item dibao_urban: 未知参数“dibao_urbn”' "$out"
ok_match "bad rule: says nothing was imported" '未导入任何内容' "$out"
ok_eq "bad rule: database unchanged" "$before" "$(snapshot)"

# an unknown department passes the file check but not the database: rolled back
cp "$ONEDOOR_TOP/conf/catalogue/items-civil-affairs.ini" "$TMP/"
sed -i 's/^department = trade_union$/department = no_such_department/' "$TMP/items-departments.ini"
out=$("$ADMIN" -c "$CONF" catalogue import "$TMP" 2>&1); rc=$?
ok_if "unknown department: refused" test "$rc" -ne 0
ok_match "unknown department: names the item" '事项 union_aid' "$out"
ok_eq "unknown department: database unchanged" "$before" "$(snapshot)"

# re-importing the same files changes nothing and says so
out=$("$ADMIN" -c "$CONF" catalogue import "$ONEDOOR_TOP/conf/catalogue" 2>&1); rc=$?
ok_eq "re-import: exit 0" 0 "$rc"
ok_match "re-import: values already there" '新增 0 个取值' "$out"
ok_eq "re-import: same catalogue" "$before" "$(snapshot)"

# a different value for an existing (code, region, day) is refused
cp "$ONEDOOR_TOP"/conf/catalogue/*.ini "$TMP/"
sed -i 's/^value.511703.2026-01-01 = 755.00/value.511703.2026-01-01 = 760.00/' "$TMP/parameters.ini"
out=$("$ADMIN" -c "$CONF" catalogue import "$TMP" 2>&1); rc=$?
ok_eq "rewritten value: exit 2" 2 "$rc"
ok_match "rewritten value: explained" 'parameters.ini:[0-9]+: 参数 dibao_urban 在 511703 自 2026-01-01 起的取值在数据库中已是 755.00' "$out"
ok_eq "rewritten value: database unchanged" "$before" "$(snapshot)"

# a new dated value is added beside the old one
cp "$ONEDOOR_TOP"/conf/catalogue/*.ini "$TMP/"
sed -i 's/^\(value.511703.2026-01-01 = 755.00 .*\)$/\1\nvalue.511703.2027-01-01 = 790.00 | 达川区民政局 2027 年城乡低保标准（演示值）/' "$TMP/parameters.ini"
out=$("$ADMIN" -c "$CONF" catalogue import "$TMP" 2>&1); rc=$?
ok_eq "new year's value: exit 0" 0 "$rc"
ok_match "new year's value: one added" '新增 1 个取值' "$out"
ok_eq "new year's value: both rows" "755.00|790.00" "$(q "SELECT string_agg(value::text, '|' ORDER BY valid_from) FROM onedoor.parameters WHERE code = 'dibao_urban' AND region = '511703' AND valid_from >= '2026-01-01'")"

# onedoor match without --catalogue reads the database (a missing command
# fails here, it is not skipped)
out=$("$ONEDOOR_BIN/onedoor" match --config "$CONF" --lang en --format json --date 2027-03-01 \
	"$ONEDOOR_TOP/tests/golden/seed002_yang_single_person.ini" 2>&1); rc=$?
ok_eq "match from the database: exit 0" 0 "$rc"
ok_match "match from the database: dibao_rural eligible" '"code": "dibao_rural", "name": "rural minimum living allowance", "department": "civil_affairs", "verdict": "eligible"' "$out"
rm -rf "$TMP"
dropdb $DB
done_testing
