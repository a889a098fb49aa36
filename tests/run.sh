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
# Every test's result is one line of $LOGS/results ("PASSED FAILED NAME"),
# appended by whichever lane ran it, summed at the end.
results="$LOGS/results"
: >"$results"

count_output() { # LOG NAME STATUS SECONDS
	p=$(grep -c '^ok ' "$1" || true)
	f=$(grep -c '^not ok ' "$1" || true)
	cp=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$1" | tail -n 1)
	cf=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$1" | tail -n 1)
	p=$((p + ${cp:-0}))
	f=$((f + ${cf:-0}))
	if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	echo "$p $f $2" >>"$results"
	if [ "$f" -gt 0 ]; then
		# One write, so that the other lane's lines do not cut into it.
		printf '%s\n%s\n' "FAIL $2 ($p passed, $f failed, $4 s); log:" \
			"$(sed 's/^/    /' "$1" | tail -n 40)"
	else
		echo "PASS $2 ($p, $4 s)"
	fi
}

selected() { # NAME
	[ -z "${ONLY:-}" ] || echo "$1" | grep -Eq -- "$ONLY"
}

run_one() { # NAME COMMAND...
	name=$1
	shift
	log="$LOGS/$(echo "$name" | tr '/' '_').log"
	started=$(date +%s)
	ONEDOOR_TEST_RUN=$name "$@" >"$log" 2>&1 </dev/null
	count_output "$log" "$name" $? $(($(date +%s) - started))
}

phase_unit() {
	for t in "$BUILD"/tests/test_*; do
		[ -x "$t" ] && selected "unit/$(basename "$t")" && run_one "unit/$(basename "$t")" "$t"
	done
}

start_cluster() {
	. "$TOP/tests/lib/cluster.sh"
	cluster_start || { echo "could not start the test cluster"; echo "0 1 cluster" >>"$results"; return 1; }
	trap 'cluster_stop' EXIT INT TERM
}

# A test that stops or restarts the shared test server says so on a line
# "# runs alone: WHY"; it runs after the others, with nothing beside it.
runs_alone() { # FILE
	grep -q '^# runs alone:' "$1"
}

# The queue: one line per test, "NAME KIND PATH" (KIND: bin, sh or ui).
queue_db() {
	for t in "$BUILD"/tests/db_test_*; do
		[ -x "$t" ] && echo "db/$(basename "$t") bin $t"
	done
	for t in "$TOP"/tests/db/*.sh; do
		[ -f "$t" ] && ! runs_alone "$t" && echo "db/$(basename "$t" .sh) sh $t"
	done
}
queue_ui() {
	for t in "$TOP"/tests/ui/*.sh; do
		[ -f "$t" ] && ! runs_alone "$t" && echo "ui/$(basename "$t" .sh) ui $t"
	done
}
queue_alone() {
	for t in "$TOP"/tests/db/*.sh; do
		[ -f "$t" ] && runs_alone "$t" && echo "db/$(basename "$t" .sh) sh $t"
	done
	for t in "$TOP"/tests/ui/*.sh; do
		[ -f "$t" ] && runs_alone "$t" && echo "ui/$(basename "$t" .sh) ui $t"
	done
}

# The clients a screen test started, found by the test's name in their
# environment (another lane's clients of the same build are left alone).
kill_clients_of() { # NAME
	for pid in $(pgrep -f "^$BUILD/bin/onedoor " 2>/dev/null); do
		if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx "ONEDOOR_TEST_RUN=$1"; then
			kill -KILL "$pid" 2>/dev/null
		fi
	done
}

# The clients under test are killed with their terminal; a sanitizer
# build's leak check at that moment can hang in LeakSanitizer's
# stop-the-world, so leaks are checked in the unit and database phases
# (whose binaries run the same libraries) and not in the screens'.
run_queued() { # NAME KIND PATH
	case "$2" in
	bin) run_one "$1" "$3" ;;
	sh) run_one "$1" sh "$3" ;;
	ui) ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0" run_screen_test "$1" "$3" ;;
	esac
}

# A screen test reads a real terminal while the real program and server
# work beside other tests, so a wait too short for a loaded machine can fail
# it where nothing is wrong.  A failed screen test runs once more; the first
# run's failures are printed (RETRY) and the summary names the test, so a
# flaky wait is seen and fixed rather than hidden.  A test that fails twice
# fails.
run_screen_test() { # NAME PATH
	log="$LOGS/$(echo "$1" | tr '/' '_').log"
	started=$(date +%s)
	ONEDOOR_TEST_RUN=$1 sh "$2" >"$log" 2>&1 </dev/null
	rc=$?
	# Nothing a screen test started may outlive it.
	kill_clients_of "$1"
	if [ $rc -eq 0 ] && ! grep -q '^not ok ' "$log"; then
		count_output "$log" "$1" 0 $(($(date +%s) - started))
		return
	fi
	mv "$log" "$log.first"
	printf '%s\n%s\n' "RETRY $1: failed on its first run, run once more; the first run's failures:" \
		"$(grep -A 12 '^not ok ' "$log.first" | head -n 40 | sed 's/^/    /')"
	echo "$1" >>"$LOGS/retried"
	run_one "$1" sh "$2"
	kill_clients_of "$1"
}

# Takes the queue's first line (a directory as the lock: mkdir is atomic).
next_queued() { # QUEUE
	until mkdir "$1.lock" 2>/dev/null; do sleep 0.05; done
	line=$(head -n 1 "$1")
	sed -i 1d "$1"
	rmdir "$1.lock"
	[ -n "$line" ] && echo "$line"
}

lane() { # QUEUE
	while line=$(next_queued "$1"); do
		# shellcheck disable=SC2086 # NAME KIND PATH: no spaces in them
		run_queued $line
	done
}

# Runs the queue in TEST_JOBS lanes (default 2, one per core): the database
# tests keep a core busy while the screen tests mostly wait for a terminal
# to change.  Each test has its own database and its own tmux server, so
# they do not see each other.
run_lanes() { # QUEUE
	n=${TEST_JOBS:-2}
	pids=""
	while [ "$n" -gt 1 ]; do
		lane "$1" &
		pids="$pids $!"
		n=$((n - 1))
	done
	lane "$1"
	for p in $pids; do wait "$p"; done
}

# The longest, by the seconds printed beside each result.
LONGEST="db/db_test_engine_diff ui/words_on_screen"

phase_server() { # db|ui|all
	queue="$LOGS/queue"
	# The longest tests go first, so that the other lane runs everything
	# else meanwhile rather than waiting for them at the end.
	{
		[ "$1" = ui ] || queue_db
		[ "$1" = db ] || queue_ui
	} | while read -r name kind path; do
		selected "$name" && echo "$name $kind $path"
	done | awk -v first="$LONGEST" '
		BEGIN { n = split(first, f, " "); for (i = 1; i <= n; i++) rank[f[i]] = i }
		{ print ($1 in rank ? rank[$1] : n + 1), NR, $0 }' |
		sort -n -k1,1 -k2,2 | cut -d' ' -f3- >"$queue"
	run_lanes "$queue"
	queue_alone | while read -r name kind path; do
		case "$1/$name" in all/* | db/db/* | ui/ui/*) selected "$name" && echo "$name $kind $path" ;; esac
	done >"$queue"
	TEST_JOBS=1 run_lanes "$queue"
}

case "$PHASE" in
unit) phase_unit ;;
db | ui) start_cluster && phase_server "$PHASE" ;;
all) phase_unit; start_cluster && phase_server all ;;
*) echo "usage: run.sh BUILD unit|db|ui|all" >&2; exit 2 ;;
esac

passed=$(awk '{s += $1} END {print s + 0}' "$results")
failed=$(awk '{s += $2} END {print s + 0}' "$results")
failures=$(awk '$2 > 0 {printf " %s", $3}' "$results")
for report in "$LOGS"/asan* "$LOGS"/ubsan*; do
	[ -f "$report" ] || continue
	echo "FAIL sanitizer report $(basename "$report"):"
	sed 's/^/    /' "$report" | head -n 40
	failed=$((failed + 1))
	failures="$failures sanitizer"
done
[ -n "$failures" ] && echo "failed:$failures"
[ -f "$LOGS/retried" ] && echo "screen tests run a second time after a failure (a wait to fix):" $(cat "$LOGS/retried")
[ "$failed" -eq 0 ] && rm -rf "$LOGS" || echo "logs kept in $LOGS"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
