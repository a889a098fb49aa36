#!/bin/sh
# `onedoor-admin data import` as the verification office's real login: the
# demo extracts load with their batch records; every kind of bad extract is
# refused with FILE:LINE, exit 2, and nothing written; department data is
# readable only by verification roles, only inside their scope.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database data_import
set_today 2026-03-02
DEMO="$ONEDOOR_TOP/conf/department-demo"
T="$ONEDOOR_TEST_DIR/data_import"
mkdir -p "$T"
admin_as() { # LOGIN ARGS... (as that login, password from the environment)
	_who=$1
	shift
	PGUSER=$_who PGPASSWORD=onedoor "$ONEDOOR_BIN/onedoor-admin" -c "$WF_INI" "$@"
}
batches() { su_sql "SELECT count(*) FROM onedoor.data_batches"; }
rows() { su_sql "SELECT count(*) FROM onedoor.data_rows"; }

# The demo extracts -------------------------------------------------------------
for s in deaths vehicles housing pensions businesses deposits medical_costs; do
	out=$(admin_as demo_verifier data import $s "$DEMO/$s.csv" --as-of 2026-02-28 2>&1)
	ok_match "$s: the demo extract loads" "^$s：已导入 [0-9]+ 行，批次 [0-9]+（数据截至 2026-02-28" "$out"
done
ok_eq "seven batches recorded" 7 "$(batches)"
ok_eq "each with the file's SHA-256, the importer and the as-of date" \
	"$(sha256sum "$DEMO/deposits.csv" | cut -c1-64)|demo_verifier|2026-02-28|deposits.csv|3" \
	"$(su_sql "SELECT sha256 || '|' || imported_by || '|' || as_of || '|' || file_name || '|' || row_count
		FROM onedoor.data_batches WHERE source = 'deposits'")"
ok_eq "values are typed: amounts exact, dates as dates" '90200.50' \
	"$(su_sql "SELECT sum((v->>'balance_yuan')::numeric) FROM onedoor.data_rows r
		JOIN onedoor.data_batches b ON b.id = r.batch_id WHERE b.source = 'deposits'
		AND r.resident_id = '511703198507040242'")"
ok_eq "the load is in the audit trail" 7 \
	"$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE object_type = 'data_batch' AND action = 'import'")"
src=$(admin_as demo_verifier data sources)
ok_match "data sources lists every source with its latest batch" \
	"medical_costs.*" "$src"
ok_eq "and names who loaded each, as of when" 7 \
	"$(printf '%s\n' "$src" | grep -c '数据截至 2026-02-28，.*由 demo_verifier 于')"
printf 'resident_id,died_on\n511703194007220556,2026-01-15\n511703195511020320,2025-12-03\n511703196612250525,2026-02-20\n' > "$T/deaths2.csv"
admin_as demo_verifier data import deaths "$T/deaths2.csv" --as-of 2026-03-01 >/dev/null
ok_match "a newer extract becomes the source's latest batch" "最新批次 [0-9]+：数据截至 2026-03-01，3 行" \
	"$(admin_as demo_verifier data sources | grep -A2 '^deaths')"

# Bad extracts: exit 2, FILE:LINE, nothing written ------------------------------
n_b=$(batches)
n_r=$(rows)
refused() { # NAME PATTERN SOURCE FILE
	out=$(admin_as demo_verifier data import "$3" "$4" --as-of 2026-02-28 2>&1)
	rc=$?
	ok_eq "$1: exit 2" 2 "$rc"
	ok_match "$1: says where and what" "$2" "$out"
	ok_eq "$1: nothing written" "$n_b|$n_r" "$(batches)|$(rows)"
}
printf 'resident_id,died\n511703194007220556,2026-01-15\n' > "$T/header.csv"
refused "wrong header" "header.csv:1: 表头应为：resident_id,died_on" deaths "$T/header.csv"
refused "unknown source" '未知的数据来源“marriages”；可用的来源：businesses, deaths' \
	marriages "$DEMO/deaths.csv"
printf 'resident_id,died_on\n511703194007220556,2026-01-15\n511703194007220557,2026-01-16\n' > "$T/badid.csv"
refused "a resident ID failing its check" "badid.csv:3: resident_id: 不是有效的公民身份号码" \
	deaths "$T/badid.csv"
printf 'resident_id,died_on\n511703194007220556,2026-02-30\n' > "$T/baddate.csv"
refused "a date that does not exist" "baddate.csv:2: died_on: 不是存在的日期" deaths "$T/baddate.csv"
printf 'resident_id,died_on\n511703194007220556,2026-12-01\n' > "$T/future.csv"
refused "a death in the future" "future.csv:2: died_on: 日期在今天之后" deaths "$T/future.csv"
printf 'resident_id,bank,balance_yuan,as_of\n511703198507040242,达州银行,100.00,2026-02-28\n511703198507040242,四川农信,-5.00,2026-02-28\n' > "$T/negative.csv"
refused "a negative balance" "negative.csv:3: balance_yuan: 金额为负数" deposits "$T/negative.csv"
printf 'resident_id,bank,balance_yuan,as_of\n511703198507040242,达州银行,100.00,2026-02-28\n511703196003150174,四川农信,5.00,2026-02-28\n511703198507040242,达州银行,200.00,2026-02-28\n' > "$T/dup.csv"
refused "a duplicate row" "dup.csv:4: resident_id,bank: 与第 2 行重复" deposits "$T/dup.csv"
printf 'resident_id,died_on\n511703194007220556,2026-01-15\n511703195511020320,2025-12-03\377\n' > "$T/utf8.csv"
refused "invalid UTF-8" "utf8.csv:3: 不是有效的 UTF-8 文本" deaths "$T/utf8.csv"
printf 'resident_id,year,selfpaid_yuan\n511703196003150174,2025,62000.00,1\n511703196003150174,"2024,1200\n' > "$T/shape.csv"
refused "a row with a field too many" "shape.csv:2: 应为以逗号分隔的 3 个字段" medical_costs "$T/shape.csv"
ok_match "and an unclosed quote on another line, both reported" "shape.csv:3: 带引号的字段在本行内没有结束" \
	"$(admin_as demo_verifier data import medical_costs "$T/shape.csv" 2>&1)"
# 200 MB of zeros that are never read: a sparse file is refused by its size.
truncate -s 200M "$T/big.csv"
start=$(date +%s%N)
refused "a 200 MB file" "big.csv:1: 文件大小为 200 MB；每个数据文件最多 128 MB" deaths "$T/big.csv"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
ok_if "refused cheaply (${ms} ms, without reading it)" [ "$ms" -lt 3000 ]
: > "$T/empty.csv"
refused "an empty file" "empty.csv:1: 文件为空" deaths "$T/empty.csv"

# Who may load and read ---------------------------------------------------------
ok_eq "a clerk may not load department data" 1 \
	"$(admin_as demo_clerk1 data import deaths "$DEMO/deaths.csv" >/dev/null 2>&1; echo $?)"
ok_eq "nothing written by the refused load" "$n_b" "$(batches)"
for r in demo_clerk1 demo_approver demo_auditor; do
	ok_eq "$r cannot read department rows" 42501 "$(try_sql $r "SELECT count(*) FROM onedoor.data_rows")"
done
ok_eq "without a case, the verifier sees no household's department data" 0 \
	"$(as_role demo_verifier "SELECT count(*) FROM onedoor.department_findings")"
accept_app demo_clerk1 ADEMO-002 '["wf_dibao"]' >/dev/null
ok_eq "with a case in the county, the household's rows only" "2|王芳" \
	"$(as_role demo_verifier "SELECT count(*) || '|' || string_agg(DISTINCT name, ',') FROM onedoor.department_findings")"
staff_login di_far_verifier verifier 外县核对员 "" 511722 2>/dev/null ||
	{ su_sql "INSERT INTO onedoor.regions VALUES ('511722', '宣汉县', '511700', 3)" >/dev/null;
	  staff_login di_far_verifier verifier 外县核对员 "" 511722; }
ok_eq "a verifier of another county sees none" 0 \
	"$(as_role di_far_verifier "SELECT count(*) FROM onedoor.department_findings")"
ok_eq "the clerk of the case cannot read the findings" 42501 \
	"$(try_sql demo_clerk1 "SELECT count(*) FROM onedoor.department_findings")"
done_testing
