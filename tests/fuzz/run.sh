#!/bin/sh
# run.sh FUZZ_BUILD SECONDS NAME... - run each libFuzzer target for SECONDS,
# one after the other (never two at once: the machine is shared).
#
# Each target starts from a private copy of its seeds (FUZZ_BUILD/corpus/
# NAME, which keeps growing from run to run) plus tests/fuzz/corpus/NAME and
# the recorded reproducers in tests/fuzz/crashes/NAME, and writes what it
# finds to FUZZ_BUILD/crashes/NAME/.  Prints executions and exec/s per
# target; the exit status is 1 when any target found something.
set -u
FUZZ_BUILD=${1:?usage: run.sh FUZZ_BUILD SECONDS NAME...}
SECONDS_EACH=${2:?usage: run.sh FUZZ_BUILD SECONDS NAME...}
shift 2
TOP=$(cd "$(dirname "$0")/../.." && pwd)
export ONEDOOR_TOP="$TOP" LC_ALL=C.UTF-8
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
failed=""
summary=""
for name in "$@"; do
	bin="$FUZZ_BUILD/fuzz/fuzz_$name"
	work="$FUZZ_BUILD/corpus/$name"
	found="$FUZZ_BUILD/crashes/$name"
	log="$FUZZ_BUILD/fuzz_$name.log"
	mkdir -p "$work" "$found"
	seeds="$TOP/tests/fuzz/corpus/$name"
	crashes="$TOP/tests/fuzz/crashes/$name"
	[ -d "$crashes" ] || crashes=""
	set -- -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
		-max_len=16384 -print_final_stats=1 -artifact_prefix="$found/"
	echo "fuzz $name: $SECONDS_EACH s"
	"$bin" "$@" "$work" "$seeds" $crashes >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	units=$(ls "$work" | wc -l)
	line=$(printf '%-12s %10s execs %8s exec/s %6s corpus' "$name" "${execs:-?}" \
		"${rate:-?}" "$units")
	if [ "$rc" -ne 0 ]; then
		line="$line  FOUND (exit $rc; see $log and $found)"
		failed="$failed $name"
		grep -m 3 -E 'ERROR|runtime error|fuzz property' "$log" | sed 's/^/    /'
	fi
	echo "$line"
	summary="$summary$line
"
done
echo "---- fuzzing summary ($SECONDS_EACH s per target)"
printf '%s' "$summary"
[ -z "$failed" ] || { echo "found something in:$failed"; exit 1; }
