# assert.sh - sourced by shell tests: TAP-like "ok"/"not ok" lines.
#   ok_if NAME COMMAND...        passes when COMMAND succeeds
#   ok_eq NAME EXPECTED ACTUAL   passes when the strings are equal
#   ok_match NAME PATTERN TEXT   passes when TEXT contains PATTERN (grep -E)
#   done_testing                 exits 1 when anything failed
_od_failed=0
ok_if() {
	name=$1
	shift
	if "$@" >/dev/null 2>&1; then echo "ok - $name"; else echo "not ok - $name"; _od_failed=1; fi
}
ok_eq() {
	if [ "$2" = "$3" ]; then
		echo "ok - $1"
	else
		echo "not ok - $1"
		echo "#   expected: $2"
		echo "#   actual:   $3"
		_od_failed=1
	fi
}
ok_match() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then
		echo "ok - $1"
	else
		echo "not ok - $1"
		echo "#   pattern: $2"
		printf '%s\n' "$3" | sed 's/^/#   | /' | head -n 40
		_od_failed=1
	fi
}
done_testing() {
	exit $_od_failed
}
