# standby_reads.sh - a supervisor's terminal whose read-only screens read
# from a streaming hot standby ([database] read_conninfo with
# target_session_attrs=prefer-standby), in clusters of its own: the
# supervisor view's reads run on the standby and none of them on the
# primary (both servers log every statement); a clerk's change on the
# primary appears on the supervisor's screen without a key (the standby's
# change feed: a standby takes no LISTEN); an action from there (督办通过)
# is written on the primary, and the re-read right after it too; the
# statistics read from the standby; with the standby stopped the screen
# still reads, now from the primary, and still follows changes live, and
# once it is back the reads find it again; the title bar says where the
# screen reads from, and "not live" exactly while the standby's change
# feed refuses.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
pgc() { sh "$ONEDOOR_TOP/src/sh/pgcluster.sh" "$@"; }
P=$(mktemp -d "${TMPDIR:-/tmp}/od-sr-p.XXXXXX")
S=$(mktemp -d "${TMPDIR:-/tmp}/od-sr-s.XXXXXX")
chmod 0755 "$P" "$S"
trap 'tmux_stop; pgc destroy "$S"; pgc destroy "$P"' EXIT
pgc init "$P" fast && pgc module "$P" "$ONEDOOR_BUILD/pgext/onedoor_engine.so" && pgc start "$P"
export PGHOST="$P/run" PGUSER=postgres PGPASSFILE="$P/pgpass" PGDATABASE=postgres
DB=onedoor_sr
createdb $DB
printf '[database]\nconninfo = dbname=%s\n' $DB > "$P/admin.ini"
"$ONEDOOR_BIN/onedoor-admin" -c "$P/admin.ini" migrate >/dev/null &&
	"$ONEDOOR_BIN/onedoor-admin" -c "$P/admin.ini" demo >/dev/null &&
	"$ONEDOOR_BIN/onedoor-admin" -c "$P/admin.ini" catalogue import \
		"$ONEDOOR_TOP/conf/catalogue" >/dev/null
ok_eq "primary set up" 0 $?
# Every statement of the supervisor's sessions in each server's log (the
# standby takes the setting with its base backup).
psql -X -q -d $DB -c "ALTER ROLE demo_supervisor SET log_statement = 'all'" \
	-c "ALTER SYSTEM SET log_line_prefix = '%m [%p] %u '" -c "SELECT pg_reload_conf()" >/dev/null
pgc standby "$S" "$P" && pgc start "$S"
ok_eq "the standby is in recovery" t "$(psql -X -At -h "$S/run" -c 'SELECT pg_is_in_recovery()')"

as_role() { PGPASSWORD=onedoor psql -X -q -v ON_ERROR_STOP=1 -At -h "$P/run" -U "$1" -d $DB -c "$2"; }
stage_of() { psql -X -At -d $DB -c "SELECT stage FROM onedoor.cases WHERE case_no = '$1'"; }
# A rural 低保 application at 三里坪, accepted: a case waiting for verification.
new_case() { # RESIDENT_ID NAME
	_app=$(as_role demo_clerk1 "SELECT application_no FROM onedoor.register_household(gen_random_uuid(), '{\"hukou\":\"rural\",\"facts\":{\"deposits\":\"0\",\"houses\":\"1\",\"vehicles\":\"0\"},\"members\":[{\"resident_id\":\"$1\",\"name\":\"$2\",\"relation\":\"self\",\"facts\":{\"status\":\"normal\",\"illness\":\"none\",\"disability\":\"none\",\"income_wage\":\"0\",\"income_business\":\"0\",\"income_property\":\"0\",\"income_transfer\":\"0\"}}]}')")
	as_role demo_clerk1 "SELECT onedoor.record_materials(gen_random_uuid(), '$_app', ARRAY[onedoor.authorisation_material()])" >/dev/null
	as_role demo_clerk1 "SELECT case_no FROM onedoor.accept_application(gen_random_uuid(), '$_app', 1, '[{\"item\":\"dibao_rural\"}]')"
}
# Statements of the supervisor's screens (not the change feed's polls) in
# a server's log from line FROM on.
screen_reads() { # LOG FROM
	tail -n +"$2" "$1" | grep " demo_supervisor LOG:  \(statement\|execute\)" |
		grep -v "changes_since" |
		grep -c "screens_matrix\|worklist_page\|onedoor.centres\|screens_performance\|discovery_list" ||
		true
}
lines() { wc -l < "$1"; }
case1=$(new_case 511703198502140025 欧阳娜娜)
ok_match "a case opened on the primary" "^A[0-9]{12}-01$" "$case1"

ini="$P/client.ini"
printf '[database]\nconninfo = host=%s dbname=%s\nread_conninfo = host=%s,%s dbname=%s target_session_attrs=prefer-standby\n[window]\ncentre = 511703001\nnumber = 1\n[ui]\nlanguage = zh_CN\n[receipt]\nprinter =\ndirectory =\n' \
	"$P/run" $DB "$S/run" "$P/run" $DB > "$ini"
tmux_start 80 24 env XDG_STATE_HOME="$P/state" "$ONEDOOR_BIN/onedoor" --config "$ini"
tmux_wait "登录名" >/dev/null
tmux_keys -l demo_supervisor; tmux_keys Enter
tmux_keys -l onedoor; tmux_keys Enter
ok_if "the supervisor logs in" tmux_wait "案件"
# The supervisor's sessions on the standby, once there is one (or SECONDS pass).
on_standby() { # SECONDS
	_n=0
	until [ "$(psql -X -At -h "$S/run" -c "SELECT count(*) FROM pg_stat_activity WHERE usename = 'demo_supervisor'" 2>/dev/null)" = 1 ] ||
		[ $_n -gt $(($1 * 10)) ]; do
		sleep 0.1; _n=$((_n + 1))
	done
	psql -X -At -h "$S/run" -c "SELECT count(*) FROM pg_stat_activity WHERE usename = 'demo_supervisor'"
}
ok_eq "the client opened its reads' connection on the standby" 1 "$(on_standby 10)"
ok_eq "and holds no LISTEN there (a standby refuses it)" 0 \
	"$(grep -c "demo_supervisor.*LISTEN" "$S/server.log")"

p0=$(lines "$P/server.log") s0=$(lines "$S/server.log")
goto() { # SCREEN: opens it from F12's list
	tmux_keys F12
	tmux_wait "$1" >/dev/null
	tmux_keys "$(tmux_screen | sed -n "s/.*\([1-9a-z]\)  $1.*/\1/p" | head -n 1)"
}
goto 督办视图
ok_if "the supervisor view opens" tmux_wait "\[1/7\] 各中心在办案件"
tmux_keys Tab Tab
ok_if "the open cases, with the case" tmux_wait "$case1"
ok_if "the title bar says the screen reads from the standby" tmux_wait "已连接，读备库\]"
# Every table of the view reads there, none refused as a write.
for v in 4 5 6 7 1 2 3; do
	tmux_keys Tab
	tmux_wait "\[$v/7\]" >/dev/null && ! tmux_screen | grep -q "无法读取" || echo "# view $v: $(tmux_screen | tail -n 1)"
done
ok_if "all seven tables read on the standby" tmux_wait "\[3/7\] 在办案件.*\(1\)"
ok_eq "without an error" "" "$(tmux_screen | grep -F 无法读取)"
sleep 1
ok_if "the view's reads ran on the standby ($(screen_reads "$S/server.log" "$s0"))" \
	[ "$(screen_reads "$S/server.log" "$s0")" -ge 2 ]
ok_eq "and none of them on the primary" 0 "$(screen_reads "$P/server.log" "$p0")"

# A clerk's change on the primary: on the screen without a key, through
# the standby's change feed, re-read on the standby.
p1=$(lines "$P/server.log")
t0=$(date +%s%N)
case2=$(new_case 511703199505050310 司马光明)
ok_match "the clerk opened another case on the primary" "^A[0-9]{12}-01$" "$case2"
ok_if "the clerk's new case appears by itself" tmux_wait "$case2" 15
echo "# on the screen $((($(date +%s%N) - t0) / 1000000)) ms after the clerk's statements began"
ok_if "the standby's feed told (changes_since on the standby)" \
	grep -q "demo_supervisor LOG:  .*changes_since" "$S/server.log"
ok_eq "the re-read ran on the standby, not the primary" 0 "$(screen_reads "$P/server.log" "$p1")"
ok_eq "the title bar does not say 'not live'" "" "$(tmux_screen | head -n 1 | grep -F 未实时刷新)"

# A write from there goes to the primary.
as_role demo_verifier "SELECT onedoor.case_act(gen_random_uuid(), c.id, c.version, 'verify_pass') FROM onedoor.cases c WHERE case_no = '$case1'" >/dev/null
ok_if "the verifier's pass shows as 督办 on the supervisor's list" tmux_wait "$case1 .*督办" 15
# Its row: the table's rows start on the pane's fifth line.
row=$(tmux_screen | grep -n "$case1" | head -n 1 | cut -d: -f1)
tmux_keys Home
i=5
while [ "$i" -lt "$row" ]; do tmux_keys Down; i=$((i + 1)); done
tmux_keys Enter
ok_if "the case opens" tmux_wait "^$case1"
tmux_keys F8
ok_if "督办通过 is acknowledged" tmux_wait "督办通过：已完成"
ok_eq "and written on the primary, once" 1 \
	"$(psql -X -At -d $DB -c "SELECT count(*) FROM onedoor.case_events e JOIN onedoor.cases c ON c.id = e.case_id WHERE c.case_no = '$case1' AND e.action = 'supervise_pass'")"
ok_eq "the case moved on" approve "$(stage_of "$case1")"
p3=$(lines "$P/server.log")
tmux_keys Escape
ok_if "back on the supervisor view, the case now at 审批" tmux_wait "$case1 .*审批" 15
ok_if "read right after the write: on the primary, which has it" \
	[ "$(screen_reads "$P/server.log" "$p3")" -ge 1 ]

# Live refresh that stops working on the standby is said on the title bar.
psql -X -q -d $DB -c "REVOKE EXECUTE ON FUNCTION onedoor.changes_since(text) FROM onedoor_supervisor" >/dev/null
ok_if "the standby's feed refused: the title bar says not live" tmux_wait "未实时刷新" 15
psql -X -q -d $DB -c "GRANT EXECUTE ON FUNCTION onedoor.changes_since(text) TO onedoor_supervisor" >/dev/null
ok_if "and stops saying it once it answers again" tmux_wait "已连接，读备库\]" 15

# The statistics read from the standby too.
p4=$(lines "$P/server.log") s4=$(lines "$S/server.log")
goto 统计
ok_if "the statistics open" tmux_wait "救助人数和户数（按月）"
for v in 2 3 4 5 6 7 8 9 10 11; do
	tmux_keys Tab
	tmux_wait "\[$v/11\]" >/dev/null && ! tmux_screen | grep -q "无法读取" || echo "# table $v: $(tmux_screen | tail -n 1)"
done
ok_if "every table of the statistics read" tmux_wait "\[11/11\]"
ok_eq "without an error" "" "$(tmux_screen | grep -F 无法读取)"
stats_reads() { tail -n +"$2" "$1" | grep " demo_supervisor LOG:  \(statement\|execute\)" | grep -c "onedoor.stats_" || true; }
sleep 1
ok_if "their reads ran on the standby ($(stats_reads "$S/server.log" "$s4"))" \
	[ "$(stats_reads "$S/server.log" "$s4")" -ge 11 ]
ok_eq "and none on the primary" 0 "$(stats_reads "$P/server.log" "$p4")"
goto 预警监测统计
ok_if "the warnings and monitoring figures open" tmux_wait "\[1/2\] 各乡镇未办结预警"
sleep 1
ok_if "their read ran on the standby" grep -q "demo_supervisor LOG:  .*watch_figures" "$S/server.log"
ok_eq "and not on the primary" 0 "$(grep -c "demo_supervisor LOG:  .*watch_figures" "$P/server.log")"
goto 督办视图
ok_if "back to the supervisor view, on its open cases" tmux_wait "\[3/7\] 在办案件"
ok_if "with the clerk's case" tmux_wait "$case2"

# The standby stops: the screen reads from the primary, still live.
pgc stop "$S"
p2=$(lines "$P/server.log")
tmux_keys F5
ok_if "F5 still reads the table" tmux_wait "已刷新"
case3=$(new_case 511703199707070539 诸葛亮亮)
ok_match "and a third" "^A[0-9]{12}-01$" "$case3"
ok_if "a new case still appears by itself" tmux_wait "$case3" 15
ok_if "those reads ran on the primary ($(screen_reads "$P/server.log" "$p2"))" \
	[ "$(screen_reads "$P/server.log" "$p2")" -ge 1 ]
ok_if "the title bar says online, no longer the standby" tmux_wait "已连接\]"

# The standby back: within half a minute the reads find it again.
pgc start "$S"
ok_eq "the reads' connection is on the standby again" 1 "$(on_standby 45)"
s5=$(lines "$S/server.log")
tmux_keys F5
ok_if "the title bar says the standby again" tmux_wait "已连接，读备库\]"
ok_if "and the table was read there" [ "$(screen_reads "$S/server.log" "$s5")" -ge 1 ]
ok_eq "the client is still running" "" "$(tmux_screen | grep -F '[exited')"

# The feed's answer to a snapshot from before a prune, on the standby: a
# transaction that was running then and has ended since is looked up in
# the standby's own commit log (pg_xact_status works during recovery).
x1=$(psql -X -At -d $DB -c "SELECT min(xid) FROM onedoor.change_feed")
x2=$(psql -X -At -d $DB -c "SELECT max(xid) FROM onedoor.change_feed")
ok_if "the feed holds more than one transaction" [ "$x1" -lt "$x2" ]
psql -X -q -d $DB -c "UPDATE onedoor.change_feed_horizon SET xid = '$x2'" >/dev/null
n=0
until [ "$(psql -X -At -h "$S/run" -d $DB -c "SELECT xid FROM onedoor.change_feed_horizon")" = "$x2" ] ||
	[ $n -gt 100 ]; do sleep 0.1; n=$((n + 1)); done
ok_eq "the standby's feed says changed for a pruned transaction it had seen running" t \
	"$(PGPASSWORD=onedoor psql -X -At -h "$S/run" -U demo_supervisor -d $DB \
		-c "SELECT changed FROM onedoor.changes_since('$x1:$((x2 + 1)):$x1')")"
done_testing
