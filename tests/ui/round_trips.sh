# round_trips.sh - at most one statement per key on the clerk's path: the
# server logs every statement of the clerk's connection (log_statement),
# and after each key of the journey the lines it added are counted.  The
# journey: a three-member household typed in, the menu (its check by the
# server), the package accepted with the household registered in the same
# statement, the receipt, the list again.  (Saving a form with F8 still
# takes two: the registration, and the list's re-read when the form gives
# way to it.)
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
. "$ONEDOOR_TOP/tests/lib/form.sh"
trap tmux_stop EXIT
DB=ui_round_trips
ini=$(new_database $DB)
psql -X -q -d $DB -c "ALTER ROLE demo_clerk1 IN DATABASE $DB SET log_statement = 'all'"
log="$ONEDOOR_TEST_DIR/server.log"
counts="$ONEDOOR_TEST_DIR/round-trips-$DB"
: > "$counts"
pid=""
statements() { # the client's statements logged so far
	grep -c "\[$pid\].*LOG:  \(execute\|statement\)" "$log" || true
}
# Sends a key and waits until the log has been still for 300 ms (a key's
# statement may follow the screen's change), then notes how many came.
key() {
	for k in "$@"; do
		before=$(statements)
		tmux_keys "$k"
		last=-1 now=$(statements)
		while [ "$now" != "$last" ]; do last=$now; sleep 0.3; now=$(statements); done
		echo "$k $((now - before))" >> "$counts"
	done
}

tmux_start 80 24 env XDG_STATE_HOME="$ONEDOOR_TEST_DIR/state-$DB" "$ONEDOOR_BIN/onedoor" --config "$ini"
tmux_wait "登录名" >/dev/null
tmux_keys -l demo_clerk1; tmux_keys Enter
tmux_keys -l onedoor; tmux_keys Enter
ok_if "logged in" tmux_wait "申请列表"
pid=$(psql -X -At -d $DB -c "SELECT pid FROM pg_stat_activity WHERE usename = 'demo_clerk1' ORDER BY backend_start DESC LIMIT 1")
ok_if "the clerk's statements are in the server's log" test "$(statements)" -ge 1

key F2
tmux_wait "家庭申请登记 \|" >/dev/null
tmux_keys -l 511703197705050017; key Tab
tmux_keys -l "赵大海"; key Tab Right Tab Tab
tmux_keys -l 3600; key C-a
tmux_keys -l 511703197909090029; key Tab
tmux_keys -l "钱小红"; key Tab Tab Right Tab Tab
tmux_keys -l 2400; key C-a
tmux_keys -l 511703201505050011; key Tab
tmux_keys -l "赵小海"; key NPage Tab
tmux_keys -l 0; key Tab
tmux_keys -l 1; key Tab
tmux_keys -l 0
key F9
ok_if "the menu" tmux_wait "救助菜单 \|"
key Down Down
key F8
ok_if "registered and accepted: the receipt" tmux_wait "受理回执 \|"
key Escape
ok_if "the list again" tmux_wait "申请列表"

# A form opened and left unchanged: back to the list (its re-read).
key F2
tmux_wait "家庭申请登记 \|" >/dev/null
key Escape
tmux_wait "申请列表" >/dev/null

keys=$(wc -l < "$counts")
over=$(awk '$2 > 1 { printf "%s(%d) ", $1, $2 }' "$counts")
total=$(awk '{ t += $2 } END { print t + 0 }' "$counts")
echo "# $keys keys, $total statements"
ok_if "every key of the journey was counted" test "$keys" -ge 26
ok_if "some keys sent a statement (the count is not blind)" test "$total" -ge 3
ok_eq "no key sent more than one statement" "" "$over"
ok_eq "the household is accepted" "accepted" \
	"$(psql -X -At -d $DB -c "SELECT a.status FROM onedoor.applications a JOIN onedoor.household_members m ON m.household_id = a.household_id AND m.position = 1 JOIN onedoor.persons p ON p.id = m.person_id WHERE p.name = '赵大海'")"
done_testing
