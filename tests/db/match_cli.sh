#!/bin/sh
# match_cli.sh - `onedoor match FILE` as a clerk or a script uses it: text
# and JSON menus of the seed households, --date, exit codes and messages.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
M=${ONEDOOR_MATCH_PROGRAM:-"$ONEDOOR_BIN/onedoor"}
G="$ONEDOOR_TOP/tests/golden"
CAT="$ONEDOOR_TOP/conf/catalogue"
# A missing command is a failure, not a skip: every check below needs it.
ok_if "onedoor match exists (match --help exits 0)" "$M" match --help

out=$("$M" match "$G/seed002_yang_single_person.ini" --catalogue "$CAT" --lang en 2>&1); rc=$?
ok_eq "text: exit 0" 0 "$rc"
ok_match "text: dibao_rural eligible with amount" '^\[eligible\] rural minimum living allowance \(dibao_rural\)  575.00 yuan/month' "$out"
ok_match "text: the reason with values and reference" 'per-capita monthly income 0.00 < rural minimum living standard 575.00 \[rural minimum living standard: 达川区民政局 2026' "$out"
ok_match "text: disability subsidies" '\[eligible\] care subsidy for severely disabled people \(disabled_care\)  90.00' "$out"
ok_match "text: mutual exclusion said" 'cannot be held together with rural minimum living allowance' "$out"

out=$("$M" match "$G/seed000_leukaemia_child.ini" --catalogue "$CAT" --format json --lang en 2>&1); rc=$?
ok_eq "json: exit 0" 0 "$rc"
if command -v python3 >/dev/null 2>&1; then
	ok_if "json: parses" sh -c 'printf "%s" "$1" | python3 -m json.tool' sh "$out"
fi
for code in medical major_disease temp_expense; do
	ok_match "json: $code eligible" "\"code\": \"$code\", [^}]*\"verdict\": \"eligible\", \"amount\": \"[0-9]+\\.[0-9]{2}\"" "$out"
done
ok_match "json: warning with message" '"warnings": \[.*"code": "medical_cost_high"' "$(printf '%s' "$out" | tr -d '\n')"
ok_match "json: not eligible has null amount" '"code": "tekun", [^}]*"verdict": "not_eligible", "amount": null' "$out"

out=$("$M" match "$G/seed003_medical_98000.ini" --catalogue "$CAT" --lang en 2>&1)
ok_match "seed 003: medical_cost_high" '^\[warning\] high medical costs \(medical_cost_high\)' "$out"
ok_match "seed 003: the reason" 'self-paid medical costs \(12 months\) 98000.00 > yearly self-paid medical costs that raise a warning 50000.00' "$out"

out=$("$M" match "$G/seed000_unsupported_child.ini" --catalogue "$CAT" --lang en 2>&1)
ok_match "seed 000: unsupported child, topped up over the child's 低保 share" '^\[eligible\] basic living allowance for a de-facto-unsupported child \(unsupported_child\)  1071.25' "$out"

# the whole menu with every reason, word for word, in both languages; after a
# deliberate change of the catalogue or the wording, regenerate with
#   onedoor match tests/golden/seed002_yang_single_person.ini --catalogue \
#     conf/catalogue --lang LANG > tests/golden/seed002_yang_single_person.LANG.txt
# and read the diff
for lang in zh_CN en; do
	want="$G/seed002_yang_single_person.$lang.txt"
	got=$("$M" match "$G/seed002_yang_single_person.ini" --catalogue "$CAT" --lang $lang 2>&1)
	ok_eq "seed 002: full $lang menu as $want" "$(cat "$want")" "$got"
done

# --date: the day before the 2026 standard
out=$("$M" match "$G/seed002_yang_single_person.ini" --catalogue "$CAT" --lang en --date 2025-12-31 2>&1)
ok_match "--date: 2025 standard" 'rural minimum living standard 540.00' "$out"

# Chinese by default
out=$("$M" match "$G/seed002_yang_single_person.ini" --catalogue "$CAT" 2>&1)
ok_match "zh: item name" '农村最低生活保障 \(dibao_rural\)' "$out"

# errors: FILE:LINE and exit 2
BAD=$(mktemp "${TMPDIR:-/tmp}/od-bad.XXXXXX")
printf '[household]\nhukou = rural\nregion = 5117\n[member.1]\nid = 511703197403120112\n' > "$BAD"
out=$("$M" match "$BAD" --catalogue "$CAT" 2>&1); rc=$?
ok_eq "malformed file: exit 2" 2 "$rc"
ok_match "malformed file: FILE:LINE: message" "^$BAD:3: \\[household\\] region" "$out"
printf '[household]\nhukou = rural\n[member.1]\nid = 511703197403120112\nincome_wage = 0\nillness = none\ndisability = none\nlabour = full\nschool = none\nemployment = farming\n' > "$BAD"
out=$("$M" match "$BAD" --catalogue "$CAT" --lang en --format json 2>&1); rc=$?
ok_eq "blank facts: still exit 0" 0 "$rc"
ok_match "blank facts: missing_data named" '"code": "dibao_rural", [^}]*"verdict": "missing_data"' "$out"
ok_match "blank facts: which key" 'missing data: \[household\] deposits \(deposits\) not entered' "$out"
out=$("$M" match "$BAD" --catalogue /nonexistent 2>&1); rc=$?
ok_eq "missing catalogue: exit 2" 2 "$rc"
out=$("$M" match "$BAD" --catalogue "$CAT" --date 2026-02-30 2>&1); rc=$?
ok_eq "bad --date: exit 2" 2 "$rc"
out=$("$M" match 2>&1); rc=$?
ok_eq "no file: exit 2" 2 "$rc"
rm -f "$BAD"
done_testing
