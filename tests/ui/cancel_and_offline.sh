# cancel_and_offline.sh - a statement made slow on purpose (a lock held by
# the test) does not freeze the screen: the title bar says the server is
# working, Esc cancels the statement at once (PQcancel) and the screen says
# so; and an idle client notices within 2 seconds that the server stopped,
# then reconnects by itself when it is back.
# runs alone: it stops the shared test server, which the other tests use.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
server() { sh "$ONEDOOR_TOP/src/sh/pgcluster.sh" "$1" "$ONEDOOR_TEST_DIR"; }
locker=""
# Whatever happens here, the shared test server must be running afterwards
# and the lock released.
trap 'tmux_stop; [ -z "$locker" ] || kill "$locker" 2>/dev/null; server start' EXIT
DB=ui_cancel
ini=$(new_database $DB)
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

tmux_start 80 24 env XDG_STATE_HOME="$ONEDOOR_TEST_DIR/state-$DB" "$ONEDOOR_BIN/onedoor" --config "$ini"
tmux_wait "登录名" >/dev/null
tmux_keys -l demo_clerk1; tmux_keys Enter
tmux_keys -l onedoor; tmux_keys Enter
tmux_wait "申请列表" >/dev/null
tmux_keys F3
ok_if "the case list" tmux_wait "显示 [0-9]+ / [0-9]+"

# Hold every case: the list's next read waits for the lock.
psql -X -q -d $DB -c "BEGIN" -c "LOCK TABLE onedoor.cases IN ACCESS EXCLUSIVE MODE" \
	-c "SELECT pg_sleep(60)" >/dev/null 2>&1 &
locker=$!
sleep 0.5
tmux_keys F5
ok_if "the screen keeps drawing: the title bar says the server is working" \
	tmux_wait "\[处理中，Esc 取消\]" 5
t0=$(date +%s%N)
tmux_keys Escape
ok_if "Esc cancels the waiting statement, and the screen says so" tmux_wait "已取消" 5
took=$(ms_since "$t0")
echo "# Esc to \"cancelled\" on the screen: $took ms (tmux polling included)"
ok_if "within a second of Esc, polling included (the cancel itself is immediate)" \
	test "$took" -lt 1000
ok_eq "no statement of the client is left waiting on the server" "0" \
	"$(psql -X -At -d $DB -c "SELECT count(*) FROM pg_stat_activity WHERE usename = 'demo_clerk1' AND state = 'active' AND wait_event_type = 'Lock'")"
kill "$locker" 2>/dev/null
locker=""
ok_if "back where Esc leads: the applications" tmux_wait "申请列表 \|"
ok_match "online all along" "\[已连接\]" "$(tmux_screen)"

# The server stops while the client is idle.
sleep 1
t0=$(date +%s%N)
server stop &
stopping=$!
ok_if "the title bar says offline" tmux_wait "\[未连接\]" 5
took=$(ms_since "$t0")
echo "# server told to stop -> \"offline\" on the title bar: $took ms (tmux polling included)"
wait "$stopping"
ok_if "within 2 seconds" test "$took" -lt 2000
ok_match "and the status line that it reconnects, nothing lost" "连接中断.*重连" "$(tmux_screen)"
server start
ok_if "reconnected by itself" tmux_wait "\[已连接\]" 30
tmux_keys F5
ok_if "and works again" tmux_wait "申请列表 \|"
done_testing
