#!/bin/sh
# run.sh BUILD - every benchmark: BUILD/tests/bench_* binaries, then
# tests/bench/*.sh scripts (those get a throwaway cluster, as the tests do).
# Benchmarks print figures (medians, ratios against a baseline measured in
# the same run); they assert nothing about time, so a busy machine cannot
# make them fail.
set -u
BUILD=${1:?usage: run.sh BUILD}
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "$BUILD" && pwd)
export ONEDOOR_TOP="$TOP" ONEDOOR_BUILD="$BUILD" ONEDOOR_BIN="$BUILD/bin"
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai
status=0
for b in "$BUILD"/tests/bench_*; do
	[ -x "$b" ] || continue
	echo "== $(basename "$b")"
	"$b" || status=1
done
scripts=$(ls "$TOP"/tests/bench/*.sh 2>/dev/null | grep -v '/run.sh$' || true)
if [ -n "$scripts" ]; then
	. "$TOP/tests/lib/cluster.sh"
	cluster_start || exit 1
	trap 'cluster_stop' EXIT INT TERM
	for s in $scripts; do
		echo "== $(basename "$s" .sh)"
		sh "$s" || status=1
	done
fi
exit $status
