#!/bin/sh
# bench_window.sh - the clerk's journey for a standard three-member household,
# measured as a person meets it: the real binary in tmux at 80x24.
#
# Prints the keystrokes that are not typed content (navigation and
# commands: target <= 40 for the whole journey) and the time from each such
# key to the updated screen (median and p95; target p95 <= 50 ms).  A key's
# time runs from tmux send-keys until the pane's contents or cursor differ
# from before the key, polled as fast as tmux answers (a few ms per poll),
# so the figures include the measuring's own overhead.  Figures only.
set -eu
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
trap tmux_stop EXIT
DB=bench_window
ini=$(new_database $DB)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/od-window.XXXXXX")
LAT="$WORK/latency"
: > "$LAT"
nav_keys=0
content_chars=0

snapshot() {
	tmux -L "$_od_tmux" capture-pane -p -e -t main
	tmux -L "$_od_tmux" display -p -t main '#{cursor_x},#{cursor_y}'
}
now_us() { echo $(( $(date +%s%N) / 1000 )); }

# A navigation or command key: counted, and timed until the screen changes.
key() {
	for k in "$@"; do
		before=$(snapshot)
		t0=$(now_us)
		tmux_keys "$k"
		n=0
		while [ "$(snapshot)" = "$before" ] && [ $n -lt 600 ]; do n=$((n + 1)); done
		t1=$(now_us)
		echo $((t1 - t0)) >> "$LAT"
		nav_keys=$((nav_keys + 1))
	done
}
# Typed content: counted in characters, not timed key by key.
text() {
	tmux_keys -l "$1"
	content_chars=$((content_chars + $(printf '%s' "$1" | wc -m)))
}
member() { # ID NAME WAGE
	text "$1"; key Tab
	text "$2"; key Tab Tab
	text "$3"; key Tab
	text 0; key Tab
	text 0; key Tab
	text 0
}

tmux_start 80 24 env XDG_STATE_HOME="$WORK/state" "$ONEDOOR_BIN/onedoor" --config "$ini"
tmux_wait "登录名" >/dev/null
text demo_clerk1; key Enter
text onedoor; key Enter
tmux_wait "申请列表" >/dev/null
key F2
member 511703198502140025 "欧阳娜娜" 3600
key C-a
member 511703198305050039 "司马建国" 2400
key C-a
member 511703201403010035 "欧阳小明" 0
key NPage Tab
text 0; key Tab
text 1; key Tab
text 0
key F9
tmux_wait "救助菜单 \|" >/dev/null
key F8
tmux_wait "受理回执 \|" >/dev/null
key Escape
tmux_wait "申请列表" >/dev/null

sort -n "$LAT" > "$LAT.sorted"
count=$(wc -l < "$LAT.sorted")
median=$(sed -n "$(( (count + 1) / 2 ))p" "$LAT.sorted")
p95=$(sed -n "$(( (count * 95 + 99) / 100 ))p" "$LAT.sorted")
max=$(tail -n 1 "$LAT.sorted")
accepted=$(psql -X -At -d $DB -c "SELECT count(*) FROM onedoor.applications WHERE status = 'accepted' AND created_by = 'demo_clerk1' AND application_no NOT LIKE 'ADEMO%'")
printf 'clerk journey, 3-member household, 80x24 (accepted applications: %s)\n' "$accepted"
printf '  navigation and command keys: %d (target <= 40); typed content: %d characters\n' \
	"$nav_keys" "$content_chars"
printf '  key to updated screen: median %d.%03d ms, p95 %d.%03d ms, max %d.%03d ms over %d keys (target p95 <= 50 ms)\n' \
	$((median / 1000)) $((median % 1000)) $((p95 / 1000)) $((p95 % 1000)) \
	$((max / 1000)) $((max % 1000)) "$count"
rm -rf "$WORK"
