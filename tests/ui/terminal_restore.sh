# terminal_restore.sh - the terminal is given back sane (echo on, cooked
# mode) after Ctrl-C, SIGTERM, a closed terminal and a crash.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
trap tmux_stop EXIT
DB=ui_restore
ini=$(new_database $DB)
# After the program, print its status and the terminal's echo and icanon flags.
script="$ONEDOOR_TEST_DIR/restore-run.sh"
cat > "$script" <<SH
"$ONEDOOR_BIN/onedoor" --config "$ini"
echo "[rc \$?]"
stty -a | grep -Eo '(^| )-?(echo|icanon)( |\$)' | tr -d ' ' | tr '\n' ' '
echo
SH

check() { # NAME HOW_TO_END EXPECTED_RC
	tmux_start 80 24 sh "$script"
	tmux_wait "登录名" >/dev/null
	eval "$2"
	ok_if "$1: program ended" tmux_wait "\[rc $3\]"
	ok_if "$1: echo and canonical mode restored" tmux_wait "(^| )echo icanon|icanon echo"
	tmux_stop
}
check "Ctrl-C" "tmux_keys C-c" 0
# The client's own process only (anchored: other processes mention the path).
client="^$ONEDOOR_BIN/onedoor --config $ini\$"
check "SIGTERM" 'pkill -TERM -f "$client"' 0
check "SIGHUP (terminal closed)" 'pkill -HUP -f "$client"' 0
check "SIGSEGV (crash)" 'pkill -SEGV -f "$client"' 139
done_testing
