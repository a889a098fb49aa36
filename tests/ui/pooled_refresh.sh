# pooled_refresh.sh - a supervisor's terminal reaching the server through
# the real PgBouncer in transaction mode, as thousands of thin clients do:
# their case list still follows live when someone else moves a case (with
# no NOTIFY at all: the change feed), a write through the pool is recorded
# once, the pool uses at most its few server connections, and when live
# refresh stops working the title bar says so (and stops saying it once it
# works again).
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
. "$ONEDOOR_TOP/tests/lib/pgbouncer.sh"
trap 'tmux_stop; pgbouncer_stop' EXIT
DB=ui_pooled
ini=$(new_database $DB)
pgbouncer_start "$ONEDOOR_TEST_DIR/pgbouncer-$DB" 2 demo_supervisor demo_verifier || exit 1
pooled="$ONEDOOR_TEST_DIR/$DB-pooled.ini"
sed "s|^conninfo = .*|conninfo = $(pgbouncer_conninfo $DB)|" "$ini" > "$pooled"

# One accepted rural 低保 case, waiting for verification.
app=$(as_role demo_clerk1 "SELECT application_no FROM onedoor.register_household(gen_random_uuid(), '{\"hukou\":\"rural\",\"facts\":{\"deposits\":\"0\",\"houses\":\"1\",\"vehicles\":\"0\"},\"members\":[{\"resident_id\":\"511703198502140025\",\"name\":\"欧阳娜娜\",\"relation\":\"self\",\"facts\":{\"status\":\"normal\",\"illness\":\"none\",\"disability\":\"none\",\"income_wage\":\"0\",\"income_business\":\"0\",\"income_property\":\"0\",\"income_transfer\":\"0\"}}]}')")
as_role demo_clerk1 "SELECT onedoor.record_materials(gen_random_uuid(), '$app', ARRAY[onedoor.authorisation_material()])" >/dev/null
case1=$(as_role demo_clerk1 "SELECT case_no FROM onedoor.accept_application(gen_random_uuid(), '$app', 1, '[{\"item\":\"dibao_rural\"}]')")
ok_match "a case opened" "^A[0-9]{12}-01$" "$case1"
stage_of() { psql -X -At -d $DB -c "SELECT stage FROM onedoor.cases WHERE case_no = '$1'"; }

tmux_start 80 24 "$ONEDOOR_BIN/onedoor" --config "$pooled"
tmux_wait "登录名" >/dev/null
tmux_keys -l demo_supervisor; tmux_keys Enter
tmux_keys -l onedoor; tmux_keys Enter
ok_if "the supervisor logs in through PgBouncer" tmux_wait "案件"
ok_match "PgBouncer has the supervisor's connection" "demo_supervisor" "$(pgbouncer_show CLIENTS)"
ok_if "nothing waits for supervision yet" tmux_wait "0 of 1|0 / 1|显示 0"

# Nobody is told by NOTIFY any more (whatever LISTEN the pool kept): only
# the change feed can refresh the list now.
psql -X -q -d $DB -c "DELETE FROM onedoor.listeners" >/dev/null
PGPASSWORD=onedoor psql -X -q -U demo_verifier -d $DB -c "SELECT onedoor.case_act(gen_random_uuid(), c.id, c.version, 'verify_pass') FROM onedoor.cases c WHERE case_no = '$case1'" >/dev/null
ok_eq "the verifier passed it (another session)" "supervise" "$(stage_of "$case1")"
ok_if "the supervisor's list refreshed by itself through the pool" \
	tmux_wait "^G +$case1 +欧阳娜娜 .*督办" 10
ok_match "and the title bar says online" "已连接\]" "$(tmux_screen | head -n 1)"

# The case opened through the pool: its row, clocks, history and actions
# go in one round trip (one pipeline, one transaction), each answered.
tmux_keys Enter
ok_if "the case opens through the pool with its clocks" tmux_wait "全案：自 "
ok_if "its history" tmux_wait "同意受理"
ok_if "and what may be done to it" tmux_wait "F8"
# A write through the pool: acknowledged and recorded once.
tmux_keys F8
ok_if "督办通过 through the pool is acknowledged" tmux_wait "督办通过：已完成"
ok_eq "and recorded once" "1" \
	"$(psql -X -At -d $DB -c "SELECT count(*) FROM onedoor.case_events e JOIN onedoor.cases c ON c.id = e.case_id WHERE c.case_no = '$case1' AND e.action = 'supervise_pass'")"
ok_eq "the case moved on" "approve" "$(stage_of "$case1")"
servers=$(pgbouncer_show SERVERS | grep -c "|demo_supervisor|" || true)
ok_if "the pool held at most 2 server connections for the login ($servers)" [ "$servers" -le 2 ]

# Live refresh that stops working is said on the title bar.
psql -X -q -d $DB -c "REVOKE EXECUTE ON FUNCTION onedoor.changes_since(text) FROM onedoor_supervisor" >/dev/null
ok_if "no live refresh: the title bar says so" tmux_wait "未实时刷新" 10
psql -X -q -d $DB -c "GRANT EXECUTE ON FUNCTION onedoor.changes_since(text) TO onedoor_supervisor" >/dev/null
ok_if "and stops saying it once it works again" tmux_wait "已连接\]" 10
ok_eq "the client is still running" "" "$(tmux_screen | grep -F '[exited')"
done_testing
