#!/bin/sh
# run.sh BUILD PHASE - run the test suites; PHASE is unit, db, ui or all.
#
# unit: every BUILD/tests/test_* (cmocka).
# db, ui: one throwaway PostgreSQL cluster (tests/lib/cluster.sh) with a
#   migrated template database holding the demo data; each test makes its own
#   database from the template.  db runs BUILD/tests/db_test_* and
#   tests/db/*.sh; ui runs tests/ui/*.sh (the real binary under tmux).
# Shell tests print "ok - NAME" / "not ok - NAME" lines (tests/lib/assert.sh).
# The last line is "N passed, N failed"; the exit status is 1 on any failure.
# ONLY=REGEX (grep -E on "unit/NAME", "db/NAME", "ui/NAME") runs just the
# matching tests, for working on one part; `make check` runs them all.
set -u
BUILD=${1:?usage: run.sh BUILD unit|db|ui|all}
PHASE=${2:-all}
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "$BUILD" && pwd)
export ONEDOOR_TOP="$TOP" ONEDOOR_BUILD="$BUILD" ONEDOOR_BIN="$BUILD/bin"
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai
unset LANGUAGE ONEDOOR_CONFIG XDG_CONFIG_HOME

LOGS=$(mktemp -d "${TMPDIR:-/tmp}/onedoor-tests.XXXXXX")
chmod 0755 "$LOGS"
# An installed onedoor's /etc/onedoor (keys.ini, forms/) must not reach the
# programs under test; tests that check the overrides make their own.
export ONEDOOR_SYSCONFDIR="$LOGS/etc-onedoor"
# Sanitizer reports go to files we inspect, not into a tmux pane.
export ASAN_OPTIONS="log_path=$LOGS/asan:detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="log_path=$LOGS/ubsan:print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$TOP/tests/lsan.supp:print_suppressions=0"
# The client-server engine comparison checks 100,000 households; under the
# sanitizers, which look for memory errors rather than disagreements, a
# fifth of them keeps the suite within its time.
case "$BUILD" in
*-san) export ENGINE_DIFF_HOUSEHOLDS="${ENGINE_DIFF_HOUSEHOLDS:-20000}" ;;
esac
passed=0
failed=0
failures=""

count_output() { # LOG NAME STATUS
	p=$(grep -c '^ok ' "$1" || true)
	f=$(grep -c '^not ok ' "$1" || true)
	cp=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$1" | tail -n 1)
	cf=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$1" | tail -n 1)
	p=$((p + ${cp:-0}))
	f=$((f + ${cf:-0}))
	if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -gt 0 ]; then
		failures="$failures $2"
		echo "FAIL $2 ($p passed, $f failed); log:"
		sed 's/^/    /' "$1" | tail -n 40
	else
		echo "PASS $2 ($p)"
	fi
}

run_one() { # NAME COMMAND...
	name=$1
	shift
	if [ -n "${ONLY:-}" ] && ! echo "$name" | grep -Eq -- "$ONLY"; then
		return 0
	fi
	log="$LOGS/$(echo "$name" | tr '/' '_').log"
	"$@" >"$log" 2>&1 </dev/null
	count_output "$log" "$name" $?
}

phase_unit() {
	for t in "$BUILD"/tests/test_*; do
		[ -x "$t" ] && run_one "unit/$(basename "$t")" "$t"
	done
}

start_cluster() {
	. "$TOP/tests/lib/cluster.sh"
	cluster_start || { echo "could not start the test cluster"; failed=$((failed + 1)); return 1; }
	trap 'cluster_stop' EXIT INT TERM
}

phase_db() {
	for t in "$BUILD"/tests/db_test_*; do
		[ -x "$t" ] && run_one "db/$(basename "$t")" "$t"
	done
	for t in "$TOP"/tests/db/*.sh; do
		[ -f "$t" ] && run_one "db/$(basename "$t" .sh)" sh "$t"
	done
}

phase_ui() {
	# The clients under test are killed with their terminal; a sanitizer
	# build's leak check at that moment can hang in LeakSanitizer's
	# stop-the-world, so leaks are checked in the unit and database phases
	# (whose binaries run the same libraries) and not here.
	saved_asan=$ASAN_OPTIONS
	ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0"
	for t in "$TOP"/tests/ui/*.sh; do
		[ -f "$t" ] || continue
		run_one "ui/$(basename "$t" .sh)" sh "$t"
		# Nothing a screen test started may outlive it.
		pkill -KILL -f "^$BUILD/bin/onedoor " 2>/dev/null
	done
	ASAN_OPTIONS=$saved_asan
}

case "$PHASE" in
unit) phase_unit ;;
db) start_cluster && phase_db ;;
ui) start_cluster && phase_ui ;;
all) phase_unit; start_cluster && { phase_db; phase_ui; } ;;
*) echo "usage: run.sh BUILD unit|db|ui|all" >&2; exit 2 ;;
esac

for report in "$LOGS"/asan* "$LOGS"/ubsan*; do
	[ -f "$report" ] || continue
	echo "FAIL sanitizer report $(basename "$report"):"
	sed 's/^/    /' "$report" | head -n 40
	failed=$((failed + 1))
	failures="$failures sanitizer"
done
[ -n "$failures" ] && echo "failed:$failures"
[ "$failed" -eq 0 ] && rm -rf "$LOGS" || echo "logs kept in $LOGS"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
