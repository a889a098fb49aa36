# tmux.sh - sourced: the real onedoor binary in an isolated tmux server.
#
#   tmux_start COLS ROWS COMMAND   a private tmux server (-L) with one pane
#                                  of that size, UTF-8, TERM=xterm-256color
#   tmux_keys KEY...               tmux send-keys (use -l for literal text)
#   tmux_screen                    prints the pane as text
#   tmux_wait PATTERN [SECONDS]    polls the pane until grep -E finds PATTERN;
#                                  returns 1 (and prints the pane) on timeout
#   tmux_wait_joined PATTERN [SECONDS]   the same over the pane's lines joined
#                                  (for text that wraps)
#   tmux_session NAME COLS ROWS COMMAND   another session on the same server,
#                                  for tests with two people at once
#   tmux_use NAME                  later keys/screens go to session NAME
#                                  (the first session is "main")
#   tmux_stop                      kills the server
_od_tmux="onedoor-test-$$"
_od_target=main
tmux_start() {
	cols=$1 rows=$2
	shift 2
	_od_target=main
	tmux -L "$_od_tmux" -f /dev/null new-session -d -s main -x "$cols" -y "$rows" \
		"env LC_ALL=C.UTF-8 TERM=xterm-256color TZ=Asia/Shanghai $*; echo \"[exited \$?]\"; sleep 30"
	tmux -L "$_od_tmux" set-option -g status off >/dev/null
}
tmux_session() {
	name=$1 cols=$2 rows=$3
	shift 3
	tmux -L "$_od_tmux" new-session -d -s "$name" -x "$cols" -y "$rows" \
		"env LC_ALL=C.UTF-8 TERM=xterm-256color TZ=Asia/Shanghai $*; echo \"[exited \$?]\"; sleep 30"
}
tmux_use() {
	_od_target=$1
}
tmux_keys() {
	tmux -L "$_od_tmux" send-keys -t "$_od_target" "$@"
}
tmux_screen() {
	tmux -L "$_od_tmux" capture-pane -p -t "$_od_target"
}
tmux_wait() {
	_deadline=$(( $(date +%s) + ${2:-10} ))
	while [ "$(date +%s)" -le "$_deadline" ]; do
		if tmux_screen | grep -Eq -- "$1"; then return 0; fi
		sleep 0.1
	done
	echo "# timed out waiting for: $1"
	tmux_screen | sed 's/^/#   | /'
	return 1
}
# As tmux_wait, for text the pane may wrap: PATTERN is looked for in the
# pane's lines joined without their line ends.
tmux_wait_joined() {
	_deadline=$(( $(date +%s) + ${2:-10} ))
	while [ "$(date +%s)" -le "$_deadline" ]; do
		if tmux_screen | tr -d '\n' | grep -Eq -- "$1"; then return 0; fi
		sleep 0.1
	done
	echo "# timed out waiting for: $1"
	tmux_screen | sed 's/^/#   | /'
	return 1
}
tmux_resize() {
	tmux -L "$_od_tmux" resize-window -t "$_od_target" -x "$1" -y "$2"
}
tmux_stop() {
	tmux -L "$_od_tmux" kill-server 2>/dev/null || true
	# Wait for the old server to be gone before the socket is reused.
	_n=0
	while tmux -L "$_od_tmux" has-session 2>/dev/null && [ $_n -lt 50 ]; do
		sleep 0.05
		_n=$((_n + 1))
	done
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$_od_tmux"
}
