#!/bin/sh
# bench_wan.sh - the window and the county desks over a wide-area network:
# the real client under tmux reaches the test server through wan_proxy,
# which holds every byte for half the round-trip time (RTT 0, 20 and 50 ms,
# the e-government WAN between a township and the county's server).
#
# For each RTT: log-in time (Enter on the password to the first list drawn),
# then the verifier's everyday keys (open a case, back, refresh, move, open
# the next) and the clerk's (application list, case list, a case opened from
# it, status lookup).
# A key's time runs from send-keys to the LAST change of the screen it
# causes (the screen is watched until it has been still for a quiet spell
# longer than two round trips), so a "loading" frame drawn first does not
# count as the answer.  Round trips per key are counted by the proxy (a
# client turn after server bytes).  Figures only; targets printed beside.
set -eu
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/od-wan.XXXXXX")
chmod 0755 "$WORK"
PROXY_PID=""
cleanup() {
	tmux_stop
	[ -z "$PROXY_PID" ] || kill "$PROXY_PID" 2>/dev/null || true
	[ -n "${KEEP_WAN:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
DB=bench_wan
new_database $DB >/dev/null
# Cases to open: an application accepted at demo_clerk1's window (two
# items), waiting in the clerk's case list and the verifier's.
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
psql -X -q -v ON_ERROR_STOP=1 -d $DB -f "$ONEDOOR_TOP/tests/db/fixtures/workflow_items.sql" >/dev/null
accept_app demo_clerk1 ADEMO-001 '["wf_dibao", "wf_linshi"]' >/dev/null
TARGET=$(ls -d "$ONEDOOR_TEST_HOST"/.s.PGSQL.* | grep -v '\.lock$' | head -n 1)

now_us() { echo $(( $(date +%s%N) / 1000 )); }
snapshot() {
	tmux -L "$_od_tmux" capture-pane -p -e -t main
	tmux -L "$_od_tmux" display -p -t main '#{cursor_x},#{cursor_y}'
}
trips() { cat "$WORK/trips"; }

# timed LABEL KEY: sends KEY, waits for the screen to settle, appends
# "LABEL MICROSECONDS ROUND_TRIPS" to $OUT.
timed() {
	before=$(snapshot)
	r0=$(trips)
	t0=$(now_us)
	tmux_keys "$2"
	last=""
	prev=$before
	while :; do
		cur=$(snapshot)
		t=$(now_us)
		if [ "$cur" != "$prev" ]; then
			last=$t
			prev=$cur
		elif [ -n "$last" ] && [ $((t - last)) -gt "$QUIET_US" ]; then
			break
		fi
		# A key that changes nothing (a refresh with nothing new) is
		# given 2 s; its round trips still count, its time does not.
		[ -n "$last" ] || [ $((t - t0)) -lt 2000000 ] || break
	done
	if [ -n "$last" ]; then
		echo "$1 $((last - t0)) $(( $(trips) - r0 ))" >> "$OUT"
	else
		echo "$1 - $(( $(trips) - r0 ))" >> "$OUT"
	fi
}

# pct FILE P: the P-th percentile (nearest rank) of the numbers in FILE.
pct() {
	n=$(wc -l < "$1")
	sort -n "$1" | sed -n "$(( (n * $2 + 99) / 100 ))p"
}
ms() { printf '%d.%d' $(($1 / 1000)) $(( ($1 % 1000) / 100 )); }

run_rtt() { # RTT_MS
	rtt=$1
	sock="$WORK/rtt$rtt"
	mkdir -p "$sock"
	"$ONEDOOR_BUILD/tests/wan_proxy" "$sock/.s.PGSQL.6543" "$TARGET" $((rtt / 2)) \
		"$WORK/trips" &
	PROXY_PID=$!
	n=0
	while [ ! -S "$sock/.s.PGSQL.6543" ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
	ini="$WORK/rtt$rtt.ini"
	sed "s|^conninfo = .*|conninfo = host=$sock port=6543 dbname=$DB|" \
		"$ONEDOOR_TEST_DIR/$DB.ini" > "$ini"
	QUIET_US=$(( 250000 + rtt * 4000 ))
	OUT="$WORK/keys$rtt"
	: > "$OUT"
	for who in demo_verifier demo_clerk1; do
		tmux_start 80 24 env XDG_STATE_HOME="$WORK/state-$who" "$ONEDOOR_BIN/onedoor" \
			--config "$ini"
		tmux_wait "demo_|登录" >/dev/null || true
		tmux_keys -l "$who"
		tmux_keys Enter
		tmux_keys -l onedoor
		timed login Enter
		if [ "$who" = demo_verifier ]; then
			timed open Enter
			timed back Escape
			timed refresh F5
			timed move Down
			timed open Enter
			timed back Escape
		else
			timed cases F3
			timed open Enter
			timed back Escape
			timed back Escape
			timed lookup F4
			timed back Escape
			timed refresh F5
		fi
		tmux_stop
	done
	kill "$PROXY_PID" 2>/dev/null || true
	wait "$PROXY_PID" 2>/dev/null || true
	PROXY_PID=""
	grep '^login ' "$OUT" | awk '{print $2}' > "$OUT.login"
	grep -v '^login ' "$OUT" | awk '$2 != "-" {print $2}' > "$OUT.keys"
	grep -v '^login ' "$OUT" | awk '{print $3}' > "$OUT.trips"
	printf '  %4d ms | %8s | %8s | %9s | %7s | %s\n' "$rtt" \
		"$(ms "$(pct "$OUT.keys" 50)")" "$(ms "$(pct "$OUT.keys" 95)")" \
		"$(ms "$(pct "$OUT.login" 100)")" "$(pct "$OUT.trips" 100)" \
		"$(grep '^login ' "$OUT" | awk '{print $3}' | sort -n | tail -n 1)"
}

echo "window and county keys over a WAN (real client, 80x24; times in ms)"
echo "   RTT    | key p50  | key p95  | login max | RT/key max | RT login"
for rtt in 0 20 50; do
	run_rtt "$rtt"
done
echo "  targets: <= 1 round trip per key; key p95 <= 150 ms at 50 ms RTT; login <= 400 ms"
