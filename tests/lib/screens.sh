# screens.sh - sourced by screen tests after tmux.sh (and workflow.sh for
# WF_INI): a person logging in and moving between screens.
#   screen_login ROLE [INI]  a fresh client at 80x24 (state under
#                            $ONEDOOR_TEST_DIR/state-$DB), logged in as ROLE
#   screen_go NAME           F12, then the key (1-9, a-z) the "go to" box gives NAME
screen_login() {
	tmux_stop
	tmux_start 80 24 env XDG_STATE_HOME="$ONEDOOR_TEST_DIR/state-$DB" "$ONEDOOR_BIN/onedoor" \
		--config "${2:-$WF_INI}"
	tmux_wait "登录名|Login name" >/dev/null
	tmux_keys -l "$1"; tmux_keys Enter
	tmux_keys -l onedoor; tmux_keys Enter
}
screen_go() {
	tmux_keys F12
	tmux_wait "$1" >/dev/null
	_n=$(tmux_screen | grep -o "[1-9a-z]  $1" | head -n 1 | cut -c 1)
	tmux_keys "${_n:-0}"
}
