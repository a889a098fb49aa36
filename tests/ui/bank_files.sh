# bank_files.sh - finance writes the bank file of an approved roll and
# imports the bank's answer from the roll screen, at 80x24, as the real
# finance login against the real server: the path asked with a default, GBK
# chosen, a file that cannot be written written again (the same lines),
# the file written as `payments export` writes it; result files
# refused with FILE:LINE (a line the file itself gets wrong, and a line the
# server refuses), nothing recorded; then the answer recorded with its
# counts.  In Chinese, and the keys, the questions, a refusal and the
# counts in English.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
. "$ONEDOOR_TOP/tests/lib/payments.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
trap tmux_stop EXIT
wf_database ui_bank_files
state="$ONEDOOR_TEST_DIR/state-$DB"
W="$ONEDOOR_TEST_DIR/$DB.work"
rm -rf "$W" && mkdir -p "$W"
EN_INI="$ONEDOOR_TEST_DIR/$DB-en.ini"
sed 's/^language = zh_CN$/language = en/' "$WF_INI" > "$EN_INI"

set_today 2026-09-01
a1=$(pay_register demo_clerk1 511703196101010116 甲一 13800000001 6222021234567890128)
a2=$(pay_register demo_clerk1 511703196202020129 乙二 13800000002 6200000000000005)
c1=$(pay_filed demo_clerk1 "$a1" wf_dibao)
c2=$(pay_filed demo_clerk1 "$a2" wf_dibao)
pay_decide "$c1" 60900 2026-07-01
pay_decide "$c2" 45000 2026-09-01
set_today 2026-09-10
roll=$(pay_admin demo_supervisor payments roll 2026-09 | awk '{print $1; exit}')
pay_admin demo_supervisor payments submit "$roll" >/dev/null
pay_admin demo_finance payments approve "$roll" >/dev/null
ok_eq "an approved roll of two lines" "approved|2" \
	"$(su_sql "SELECT state || '|' || line_count FROM onedoor.payment_rolls WHERE roll_no = '$roll'")"
cd "$W" # the client's working folder: the default names are relative to it
roll_state() { su_sql "SELECT state FROM onedoor.payment_rolls WHERE roll_no = '$roll'"; }

login() { # INI
	tmux_start 80 24 env XDG_STATE_HOME="$state" "$ONEDOOR_BIN/onedoor" --config "$1"
	tmux_wait "登录名|Login name" >/dev/null
	tmux_keys -l demo_finance; tmux_keys Enter
	tmux_keys -l onedoor; tmux_keys Enter
}
open_roll() { # the roll from finance's list of rolls waiting for it
	tmux_wait "$roll" >/dev/null
	n=$(tmux_screen | grep -n "$roll" | head -n 1 | cut -d: -f1)
	first=$(tmux_screen | grep -n "P20" | head -n 1 | cut -d: -f1)
	i=$first
	while [ "$i" -lt "$n" ]; do tmux_keys Down; i=$((i + 1)); done
	tmux_keys Enter
}
path_answer() { # PATH: the asked path cleared (Ctrl-U) and typed
	tmux_keys C-u
	tmux_keys -l "$1"; tmux_keys Enter
}

# English first: the key and the question, then Esc writes nothing.
login "$EN_INI"
ok_if "English: finance starts where rolls wait for it" tmux_wait "Rolls waiting for you"
open_roll
ok_if "English: the approved roll offers the bank file" tmux_wait "F7 Bank file"
tmux_keys F7
ok_if "English: the path is asked with the roll's name" tmux_wait "Write the bank file to: $roll.csv"
tmux_keys Escape
sleep 1
ok_eq "English: Esc writes nothing" approved "$(roll_state)"
tmux_stop

# Chinese: the bank file in GBK, where the finance person says.
login "$WF_INI"
ok_if "finance starts where rolls wait for it" tmux_wait "待您办理的拨付单"
open_roll
ok_if "the approved roll offers the bank file" tmux_wait "F7 银行文件"
ok_eq "and not the results before it is written" "" "$(tmux_screen | grep 'F9 导入回盘')"
tmux_keys F7
ok_if "the path is asked with the roll's name" tmux_wait "银行文件写入： ?$roll.csv"
path_answer no-such-folder/bank.csv
ok_if "then the encoding" tmux_wait "编码：u UTF-8，g GBK"
tmux_keys g
ok_if "a file that cannot be written is said so" tmux_wait "银行文件未写成"
tmux_keys Enter # closes the box when the message is longer than the line
ok_eq "the roll is exported all the same (the server answered)" exported "$(roll_state)"
ok_if "and F7 writes its file again" tmux_wait "F7 银行文件"
tmux_keys F7
tmux_wait "银行文件写入" >/dev/null
path_answer bank.csv
tmux_wait "编码" >/dev/null
tmux_keys g
ok_if "the file is written, with its count and total" \
	tmux_wait "银行文件已写入：bank.csv，共2笔，2,277.00元。"
ok_eq "the roll is exported" exported "$(roll_state)"
ok_match "the file is GBK, with the holder's name" "^$roll,1,6222021234567890128,甲一,1827.00,CNY," \
	"$(iconv -f GBK -t UTF-8 "$W/bank.csv" | sed -n 2p)"
ok_eq "the header, as the command line writes it" \
	"roll_no,line_no,account_no,account_name,amount,currency,bank_name,reference,memo" \
	"$(head -n 1 "$W/bank.csv" | tr -d '\r')"
ok_eq "a header and two lines" 3 "$(wc -l < "$W/bank.csv")"
ok_if "the screen now offers the bank's results" tmux_wait "F9 导入回盘"
ok_eq "and no second bank file" "" "$(tmux_screen | grep 'F7 银行文件')"
ok_eq "the account never whole on screen" "" "$(tmux_screen | grep 6222021234567890128)"

# The bank's answers: refused with FILE:LINE, nothing recorded.
acct2=$(iconv -f GBK -t UTF-8 "$W/bank.csv" | sed -n 3p | cut -d, -f3)
hdr='roll_no,line_no,account_no,amount,status,reason'
good() {
	printf '%s\r\n%s,1,6222021234567890128,1827.00,paid,\r\n%s,2,%s,450.00,failed,账户已冻结\r\n' \
		"$hdr" "$roll" "$roll" "$acct2"
}
good | sed 's/,paid,/,也许,/' > "$W/status.csv"
good | sed 's/,450.00,/,450.01,/' > "$W/amount.csv"
tmux_keys F9
ok_if "the result file is asked" tmux_wait "银行回盘文件： ?$roll-results.csv"
path_answer status.csv
tmux_wait "编码" >/dev/null
tmux_keys u
ok_if "a line the file gets wrong: FILE:LINE" tmux_wait "回盘文件不予导入：status.csv:2: "
tmux_keys Enter # closes the box when the message is longer than the line
tmux_keys F9
tmux_wait "银行回盘文件" >/dev/null
path_answer amount.csv
tmux_wait "编码" >/dev/null
tmux_keys u
ok_if "a line the server refuses: FILE:LINE" tmux_wait "回盘文件不予导入：amount.csv:3: "
ok_match "and says why" "450.01" "$(tmux_screen)"
tmux_keys Enter
ok_eq "nothing recorded" "exported|0" \
	"$(su_sql "SELECT r.state || '|' || count(*) FILTER (WHERE l.state IN ('paid', 'failed'))
		FROM onedoor.payment_rolls r JOIN onedoor.roll_lines l ON l.roll_id = r.id
		WHERE r.roll_no = '$roll' GROUP BY r.state")"
tmux_stop

# English: a refusal, then the answer recorded, with its counts.
good | sed "s/^$roll,2,/$roll,7,/" > "$W/line.csv"
good | iconv -f UTF-8 -t GBK > "$W/results-gbk.csv"
login "$EN_INI"
open_roll
ok_if "English: the exported roll offers the bank's results" tmux_wait "F9 Bank results"
tmux_keys F9
ok_if "English: the result file is asked" tmux_wait "The bank's result file: $roll-results.csv"
path_answer line.csv
ok_if "English: the encoding is asked" tmux_wait "Encoding: u UTF-8, g GBK"
tmux_keys u
ok_if "English: a line not in the roll, FILE:LINE" tmux_wait "The result file is refused: line.csv:3: "
tmux_keys Enter
tmux_keys F9
tmux_wait "result file" >/dev/null
path_answer results-gbk.csv
tmux_wait "Encoding" >/dev/null
tmux_keys g
ok_if "English: recorded, with the counts" \
	tmux_wait "The bank's results are recorded: 1 paid, 1 failed."
ok_eq "the server has the answer: paid, failed, the roll closed" "paid failed|closed" \
	"$(su_sql "SELECT string_agg(l.state, ' ' ORDER BY l.line_no) || '|' || max(r.state)
		FROM onedoor.roll_lines l JOIN onedoor.payment_rolls r ON r.id = l.roll_id
		WHERE r.roll_no = '$roll'")"
ok_eq "English: no Chinese word of the program's on the roll screen" "" \
	"$(tmux_screen | grep -E '银行|回盘|状态|合计|拨付单')"
tmux_stop
done_testing
