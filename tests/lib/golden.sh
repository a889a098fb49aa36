# golden.sh - sourced by screen tests after tmux.sh and assert.sh: the pane
# compared character for character with tests/ui/golden/NAME.txt.
#   golden_compare NAME [SED]   SED (a sed -E script) masks what changes from
#                               run to run (the server's clock) before comparing
# ONEDOOR_GOLDEN_UPDATE=1 writes the files instead (then read the diff).
golden_compare() {
	_dir="$ONEDOOR_TOP/tests/ui/golden"
	_shot=$(tmux_screen | sed -E "${2:-}")
	if [ "${ONEDOOR_GOLDEN_UPDATE:-}" = 1 ]; then
		printf '%s\n' "$_shot" > "$_dir/$1.txt"
		echo "ok - $1: written"
		return
	fi
	if [ "$_shot" = "$(cat "$_dir/$1.txt")" ]; then
		echo "ok - $1: the whole screen as recorded"
	else
		echo "not ok - $1: the whole screen as recorded"
		printf '%s\n' "$_shot" > "$ONEDOOR_TEST_DIR/$1.txt"
		diff "$_dir/$1.txt" "$ONEDOOR_TEST_DIR/$1.txt" | sed 's/^/#   /'
		_od_failed=1
	fi
}
