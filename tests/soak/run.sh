#!/bin/sh
# run.sh BUILD SECONDS WORKERS - the soak on a throwaway cluster, then the
# audit chain walked end to end.
set -u
BUILD=$(cd "${1:?usage: run.sh BUILD SECONDS WORKERS}" && pwd)
SECONDS_RUN=${2:-120}
WORKERS=${3:-200}
TOP=$(cd "$(dirname "$0")/../.." && pwd)
export ONEDOOR_TOP="$TOP" ONEDOOR_BUILD="$BUILD" ONEDOOR_BIN="$BUILD/bin" LC_ALL=C.UTF-8
. "$TOP/tests/lib/cluster.sh"
cluster_start || exit 1
trap 'cluster_stop' EXIT INT TERM
. "$TOP/tests/lib/db.sh"
sh "$TOP/tests/soak/soak_once.sh" "$SECONDS_RUN" "$WORKERS"
