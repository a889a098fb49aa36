# connection_loss.sh - the server goes away under a clerk who is filling a
# form: the title bar says offline, nothing typed is lost, the client
# reconnects by itself when the server is back, and the pending
# registration happens exactly once.
# runs alone: it stops the shared test server, which the other tests use.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
server() { sh "$ONEDOOR_TOP/src/sh/pgcluster.sh" "$1" "$ONEDOOR_TEST_DIR"; }
# Whatever happens here, the shared test server must be running afterwards.
trap 'tmux_stop; server start' EXIT
DB=ui_offline
ini=$(new_database $DB)

tmux_start 80 24 env XDG_STATE_HOME="$ONEDOOR_TEST_DIR/state-$DB" "$ONEDOOR_BIN/onedoor" --config "$ini"
tmux_wait "登录名" >/dev/null
tmux_keys -l demo_clerk1; tmux_keys Enter
tmux_keys -l onedoor; tmux_keys Enter
tmux_wait "申请列表" >/dev/null
tmux_keys F2
tmux_wait "家庭申请登记" >/dev/null
tmux_keys -l 511703198502140025; tmux_keys Tab
tmux_keys -l "欧阳娜娜"

server stop
tmux_keys F8
ok_if "the title bar says offline" tmux_wait "\[离线\]|\[未连接\]"
ok_if "the status line says it is reconnecting and nothing is lost" \
	tmux_wait "连接.*中断.*重连"
sleep 2
server start
ok_if "reconnected by itself; the registration completes" tmux_wait "已登记：申请编号 A[0-9]{12}" 30
ok_match "online again" "\[已连接\]" "$(tmux_screen)"
ok_eq "registered exactly once" "1" \
	"$(psql -X -At -d $DB -c "SELECT count(*) FROM onedoor.persons WHERE name = '欧阳娜娜'")"
ok_eq "one application for it" "1" \
	"$(psql -X -At -d $DB -c "SELECT count(*) FROM onedoor.applications a JOIN onedoor.household_members m ON m.household_id = a.household_id JOIN onedoor.persons p ON p.id = m.person_id WHERE p.name = '欧阳娜娜'")"
done_testing
