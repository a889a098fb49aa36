#!/bin/sh
# A county's month of payments end to end, as the real roles against the
# real server: decisions -> roll -> finance returns it -> corrected ->
# approved -> bank file -> results with one failure -> the failure in next
# month's roll -> SMS sent once through a gateway command.  Also: the roll
# is the same when made twice, a case-month is paid once even when two
# exports or two result imports race, bad result files are refused with
# FILE:LINE and write nothing, and the account number is read by no client.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
. "$ONEDOOR_TOP/tests/lib/payments.sh"
wf_database payments_month
W=$ONEDOOR_TEST_DIR/payments_month.work
rm -rf "$W" && mkdir -p "$W"
set_today 2026-09-01
staff_login pay_finance finance 财政局出纳 "" 511703
su_sql "INSERT INTO onedoor.regions VALUES ('511702', '通川区', '511700', 3)" >/dev/null
staff_login pay_finance_other finance 通川区财政 "" 511702

# The window: accounts are checked (Luhn on card numbers) and kept apart.
ok_eq "a card number failing its check digit is refused at registration" 22023 \
	"$(try_sql demo_clerk1 "SELECT * FROM onedoor.register_household(gen_random_uuid(),
		'{\"hukou\": \"rural\", \"facts\": {\"bank_account\": \"6222021234567890123\"},
		  \"members\": [{\"resident_id\": \"511703196505050157\", \"name\": \"错卡\"}]}')")"
a1=$(pay_register demo_clerk1 511703196101010116 甲一 13800000001 6222021234567890128)
a2=$(pay_register demo_clerk1 511703196202020129 乙二 13800000002 6200000000000005)
a3=$(pay_register demo_clerk1 511703196303030131 丙三 13800000003 "")
ok_eq "the account is not among the household's facts" 0 \
	"$(su_sql "SELECT count(*) FROM onedoor.households WHERE facts ? 'bank_account'")"
ok_eq "the clerk sees it masked" "6222***********0128" \
	"$(as_role demo_clerk1 "SELECT b.account_masked FROM onedoor.bank_accounts b
		JOIN onedoor.households h ON h.id = b.household_id
		JOIN onedoor.applications a ON a.household_id = h.id WHERE a.application_no = '$a1'")"
for r in demo_clerk1 demo_supervisor demo_auditor pay_finance; do
	ok_eq "$r cannot read a whole account number" 42501 \
		"$(try_sql $r "SELECT account_no FROM onedoor.bank_accounts")"
	ok_eq "$r cannot read one from a roll line" 42501 \
		"$(try_sql $r "SELECT account_no FROM onedoor.roll_lines")"
done
ok_eq "the account never reaches the audit trail" 0 \
	"$(su_sql "SELECT count(*) FROM onedoor.audit_log WHERE after::text LIKE '%6222021234567890128%'")"

c1=$(pay_filed demo_clerk1 "$a1" wf_dibao)
c2=$(pay_filed demo_clerk1 "$a2" wf_dibao)
c3=$(pay_filed demo_clerk1 "$a3" wf_dibao)
ok_if "three cases filed" test -n "$c1" -a -n "$c2" -a -n "$c3"
pay_decide "$c1" 60900 2026-07-01   # filed late: July and August are back pay
pay_decide "$c2" 45000 2026-09-01
pay_decide "$c3" 30000 2026-09-01   # no account yet
ok_eq "a granted decision puts the benefit in force from its start month" \
	"in_force|2026-07-01" "$(su_sql "SELECT state, state_from FROM onedoor.benefits WHERE case_id = $c1")"

# The roll: made by the county centre, the same when made again.
out=$(pay_admin demo_supervisor payments roll 2026-09)
ok_match "the county centre makes September's roll" "P202609-[0-9]+ +civil_affairs +511703001" "$out"
roll=$(echo "$out" | awk '{print $1; exit}')
lines() { su_sql "SELECT string_agg(l.case_id || ':' || l.amount_fen || '+' || l.back_pay_fen || ':' ||
	l.state, ' ' ORDER BY l.case_id) FROM onedoor.roll_lines l JOIN onedoor.payment_rolls r
	ON r.id = l.roll_id WHERE r.roll_no = '$1'"; }
ok_eq "this month's amount, back pay since the start, held without an account" \
	"$c1:60900+121800:pending $c2:45000+0:pending $c3:30000+0:held" "$(lines "$roll")"
months_before=$(su_sql "SELECT count(*) FROM onedoor.payment_months")
out2=$(pay_admin demo_supervisor payments roll 2026-09)
ok_eq "made twice: the same roll" "$out" "$out2"
ok_eq "made twice: the same months claimed" "$months_before" \
	"$(su_sql "SELECT count(*) FROM onedoor.payment_months")"
ok_match "a case-month is claimed once: the database refuses a second claim" "duplicate key" \
	"$(su_sql "INSERT INTO onedoor.payment_months (line_id, case_id, month, amount_fen, state)
		SELECT l.id, l.case_id, '2026-09-01', 1, 'claimed' FROM onedoor.roll_lines l
		WHERE l.case_id = $c2 LIMIT 0;
		INSERT INTO onedoor.roll_lines (roll_id, line_no, case_id, case_no, item_code,
			household_id, recipient_name, holder_name, account_no, months, amount_fen,
			back_pay_fen, state)
		SELECT roll_id, 99, case_id, case_no, item_code, household_id, recipient_name,
			holder_name, account_no, months, 0, 0, 'pending' FROM onedoor.roll_lines
		WHERE case_id = $c2 LIMIT 0;
		INSERT INTO onedoor.payment_months (line_id, case_id, month, amount_fen, state)
		SELECT line_id, case_id, month, amount_fen, 'paid' FROM onedoor.payment_months
		WHERE case_id = $c2" 2>&1)"
pay_admin demo_supervisor payments show "$roll" > "$W/roll.txt"
ok_match "the printed roll names the centre and its totals" "三里坪街道便民服务中心" "$(cat "$W/roll.txt")"
ok_match "the printed roll shows the account masked only" "6222\*+0128" "$(cat "$W/roll.txt")"
ok_eq "and never whole" "" "$(grep 6222021234567890128 "$W/roll.txt")"
ok_match "the printed roll says which line has no account" "账户|account" "$(sed -n '/丙三/,+1p' "$W/roll.txt")"
ok_eq "a clerk cannot make a roll" 42501 \
	"$(try_sql demo_clerk1 "SELECT * FROM onedoor.payments_generate(gen_random_uuid(), '2026-09-01')")"
ok_eq "nor can finance" 42501 \
	"$(try_sql pay_finance "SELECT * FROM onedoor.payments_generate(gen_random_uuid(), '2026-09-01')")"
ok_eq "nor a roll for a month to come" 22023 \
	"$(try_sql demo_supervisor "SELECT * FROM onedoor.payments_generate(gen_random_uuid(), '2026-10-01')")"

# Finance returns it; the department corrects (the account is recorded, the
# roll made again) and resubmits; finance approves.
ver() { su_sql "SELECT version FROM onedoor.payment_rolls WHERE roll_no = '$roll'"; }
ok_if "the county centre submits it" pay_admin demo_supervisor payments submit "$roll"
ok_eq "finance of another county cannot check it" 42501 \
	"$(try_sql pay_finance_other "SELECT * FROM onedoor.payments_check(gen_random_uuid(), '$roll', $(ver), 'approve')")"
ok_eq "a return needs a reason" 22023 \
	"$(try_sql pay_finance "SELECT * FROM onedoor.payments_check(gen_random_uuid(), '$roll', $(ver), 'return', ' ')")"
ok_eq "a check names the version it saw" 22023 \
	"$(try_sql pay_finance "SELECT * FROM onedoor.payments_check(gen_random_uuid(), '$roll', NULL, 'approve')")"
ok_eq "a stale version is refused" OD409 \
	"$(try_sql pay_finance "SELECT * FROM onedoor.payments_check(gen_random_uuid(), '$roll', $(ver) - 1, 'approve')")"
ok_eq "an unapproved roll cannot go to the bank" 55000 \
	"$(try_sql pay_finance "SELECT * FROM onedoor.payments_export(gen_random_uuid(), '$roll')")"
ok_if "finance returns it with a reason" pay_admin pay_finance payments return "$roll" --reason "丙三无收款账户"
ok_eq "returned, with the reason" "returned|丙三无收款账户" \
	"$(su_sql "SELECT state, return_reason FROM onedoor.payment_rolls WHERE roll_no = '$roll'")"
ok_if "the window records the missing account" \
	pay_admin demo_clerk1 payments account "$(su_sql "SELECT h.household_no FROM onedoor.households h
		JOIN onedoor.applications a ON a.household_id = h.id WHERE a.application_no = '$a3'")" \
	"6217 0000 1001 2345 677" --bank 建设银行
ok_if "the department makes its roll again" pay_admin demo_approver payments roll 2026-09
ok_eq "the corrected roll pays all three" \
	"$c1:60900+121800:pending $c2:45000+0:pending $c3:30000+0:pending" "$(lines "$roll")"
ok_if "the department resubmits" pay_admin demo_approver payments submit "$roll"
ok_if "finance approves" pay_admin pay_finance payments approve "$roll"

# The bank file: written once, even by two exports at once.
ok_eq "a clerk cannot export" 42501 \
	"$(try_sql demo_clerk1 "SELECT * FROM onedoor.payments_export(gen_random_uuid(), '$roll')")"
pay_admin pay_finance payments export "$roll" "$W/bank-a.csv" > "$W/ea.out" 2>&1 &
pa=$!
pay_admin pay_finance payments export "$roll" "$W/bank-b.csv" > "$W/eb.out" 2>&1 &
pb=$!
wait $pa; ra=$?
wait $pb; rb=$?
ok_eq "two exports at once: one succeeds" 1 "$(( (ra == 0) + (rb == 0) ))"
files=$(ls "$W"/bank-*.csv 2>/dev/null | wc -l)
ok_eq "two exports at once: one file" 1 "$files"
ok_match "the other is told the file was written already" "already|已" "$(cat "$W/ea.out" "$W/eb.out")"
bank=$(ls "$W"/bank-*.csv | head -n 1)
ok_eq "the bank file: header and three lines" 4 "$(wc -l < "$bank")"
ok_match "a line: roll, line, whole account, holder, amount" \
	"^$roll,1,6222021234567890128,甲一,1827.00,CNY," "$(sed -n 2p "$bank")"
ok_eq "the roll is exported" exported \
	"$(su_sql "SELECT state FROM onedoor.payment_rolls WHERE roll_no = '$roll'")"

# The bank's answer: bad files are refused with FILE:LINE, nothing written.
acct2=6200000000000005
acct3=$(sed -n 4p "$bank" | cut -d, -f3)
hdr='roll_no,line_no,account_no,amount,status,reason'
good() {
	printf '%s\r\n%s,1,6222021234567890128,1827.00,paid,\r\n%s,2,%s,450.00,failed,账户已销户\r\n%s,3,%s,300.00,成功,\r\n' \
		"$hdr" "$roll" "$roll" "$acct2" "$roll" "$acct3"
}
good > "$W/results.csv"
refuse() { # NAME FILE PATTERN [ENCODING]
	out=$(pay_admin pay_finance payments results "$2" ${4:+--encoding $4} 2>&1)
	rc=$?
	ok_eq "$1: exit 2" 2 "$rc"
	ok_match "$1: FILE:LINE" "$3" "$out"
}
good | sed "s/^$roll,2,/P209901-99999,2,/" > "$W/unknown.csv"
refuse "an unknown roll" "$W/unknown.csv" "unknown.csv:3: .*P209901-99999"
good | sed "s/^$roll,2,$acct2/$roll,2,6222021234567890128/" > "$W/account.csv"
refuse "a recipient not in the roll (another account)" "$W/account.csv" "account.csv:3: "
good | sed "s/^$roll,7/x/; s/^$roll,3,/$roll,7,/" > "$W/line.csv"
refuse "a line not in the roll" "$W/line.csv" "line.csv:4: "
good | sed "s/,450.00,/,450.01,/" > "$W/amount.csv"
refuse "an amount that differs" "$W/amount.csv" "amount.csv:3: .*450.01"
{ good; printf '%s,1,6222021234567890128,1827.00,paid,\r\n' "$roll"; } > "$W/dup.csv"
refuse "a duplicate line" "$W/dup.csv" "dup.csv:5: .*line 1 .*line 2|dup.csv:5: "
{ good; printf '%s,4,\377\376,1.00,paid,\r\n' "$roll"; } > "$W/utf8.csv"
refuse "invalid UTF-8" "$W/utf8.csv" "utf8.csv:5: "
{ good | iconv -f UTF-8 -t GBK; printf '%s,4,1,1.00,paid,\201\r\n' "$roll"; } > "$W/gbk.csv"
refuse "invalid GBK" "$W/gbk.csv" "gbk.csv:5: " gbk
good | sed 's/,failed,账户已销户/,failed,/' > "$W/reason.csv"
refuse "a failure without the bank's reason" "$W/reason.csv" "reason.csv:3: "
ok_eq "nothing was written by the refused files" "0|3" \
	"$(su_sql "SELECT count(*) FILTER (WHERE l.state <> 'pending'), count(*) FROM onedoor.roll_lines l
		JOIN onedoor.payment_rolls r ON r.id = l.roll_id WHERE r.roll_no = '$roll'")"

# Two imports of the same answer at once: recorded once.
good | iconv -f UTF-8 -t GBK > "$W/results-gbk.csv"
pay_admin pay_finance payments results "$W/results.csv" > "$W/ra.out" 2>&1 &
pa=$!
pay_admin pay_finance payments results "$W/results-gbk.csv" --encoding gbk > "$W/rb.out" 2>&1 &
pb=$!
wait $pa; ra=$?
wait $pb; rb=$?
ok_eq "two imports at once: one records" "0 2" "$(echo $ra $rb | tr ' ' '\n' | sort -n | tr '\n' ' ' | sed 's/ $//')"
ok_match "the other names the line already recorded" "results-?g?b?k?.csv:2: .*(result|closed|结果|办结)" \
	"$(cat "$W/ra.out" "$W/rb.out")"
ok_eq "paid, failed, paid; the roll closed" "paid failed paid|closed" \
	"$(su_sql "SELECT string_agg(l.state, ' ' ORDER BY l.line_no), max(r.state) FROM onedoor.roll_lines l
		JOIN onedoor.payment_rolls r ON r.id = l.roll_id WHERE r.roll_no = '$roll'")"
ok_eq "every month of the paid lines paid once" "4|0" \
	"$(su_sql "SELECT count(*) FILTER (WHERE state = 'paid'), count(*) FILTER (WHERE state = 'claimed')
		FROM onedoor.payment_months")"
ok_eq "paid through September where every month is paid; not past the failed one" \
	"$c1:2026-09-01 $c3:2026-09-01" \
	"$(su_sql "SELECT string_agg(case_id || ':' || through, ' ' ORDER BY case_id)
		FROM onedoor.benefit_paid_through")"
ok_match "a paid month never changes" "never changed" \
	"$(su_sql "UPDATE onedoor.payment_months SET state = 'failed' WHERE state = 'paid'" 2>&1)"

# October: the failed September payment is owed again as back pay.
set_today 2026-10-09
out=$(pay_admin demo_supervisor payments roll 2026-10)
roll10=$(echo "$out" | awk '{print $1; exit}')
ok_eq "October's roll carries September's failure" \
	"$c1:60900+0:pending $c2:45000+45000:pending $c3:30000+0:pending" "$(lines "$roll10")"
ok_eq "its months" "{2026-09-01,2026-10-01}" \
	"$(su_sql "SELECT months FROM onedoor.roll_lines WHERE case_id = $c2 AND roll_id =
		(SELECT id FROM onedoor.payment_rolls WHERE roll_no = '$roll10')")"
ok_match "the case's payments, as the window sees them" "$roll\|paid\|182700" \
	"$(as_role demo_clerk1 "SELECT roll_no || '|' || state || '|' || total_fen FROM onedoor.case_payments
		WHERE case_id = $c1")"
ok_eq "another centre's clerk does not see them" 0 \
	"$(as_role demo_clerk2 "SELECT count(*) FROM onedoor.case_payments")"

# SMS: every event once, through a gateway that records what it is given.
cat > "$W/gateway.sh" <<GW
#!/bin/sh
{ read number; read text; echo "\$number|\$text"; } >> "$W/gateway.log"
echo "queued-\$\$"
GW
chmod +x "$W/gateway.sh"
ok_eq "a clerk cannot send the messages" 2 \
	"$(pay_admin demo_clerk1 sms send --via "$W/gateway.sh" >/dev/null 2>&1; echo $?)"
out=$(pay_admin demo_admin sms send --via "$W/gateway.sh")
ok_match "accepted x3, decided x3, paid x2, failed x1" "^9 |已发送9条" "$out"
ok_eq "the gateway got nine messages" 9 "$(wc -l < "$W/gateway.log")"
ok_match "number and text on its input" "^13800000002\|.*乙二.*450.00元未能发放.*账户已销户" \
	"$(grep 13800000002 "$W/gateway.log" | tail -n 1)"
ok_match "the paid message names the months" "13800000001\|.*1827.00元（2026-07, 2026-08, 2026-09）已发放至您尾号0128" \
	"$(grep 已发放 "$W/gateway.log" | head -n 1)"
out=$(pay_admin demo_admin sms send --via "$W/gateway.sh")
ok_match "sent again: nothing" "^0 |已发送0条" "$out"
ok_eq "never twice" 9 "$(wc -l < "$W/gateway.log")"
ok_eq "the gateway's answers recorded" 9 \
	"$(su_sql "SELECT count(*) FROM onedoor.sms_outbox WHERE state = 'sent' AND result LIKE 'queued-%'")"
# A gateway that fails: the message is failed, not resent.
a4=$(pay_register demo_clerk1 511703196404040144 丁四 13800000004 "")
accept_app demo_clerk1 "$a4" '["wf_linshi"]' >/dev/null
out=$(pay_admin demo_admin sms send --via "echo 网关拒绝; exit 3" 2>&1)
ok_match "a failed hand-over is reported" "网关拒绝.*3" "$out"
ok_eq "and recorded as failed" failed \
	"$(su_sql "SELECT state FROM onedoor.sms_outbox WHERE phone = '13800000004'")"
pay_admin demo_admin sms send --via "$W/gateway.sh" >/dev/null
ok_eq "and not handed out again" 0 "$(grep -c 13800000004 "$W/gateway.log")"
done_testing
