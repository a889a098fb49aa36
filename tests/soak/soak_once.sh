#!/bin/sh
# soak_once.sh SECONDS WORKERS - one soak run on the cluster of
# tests/lib/cluster.sh: a fresh database, the server restarted half-way,
# then `onedoor-admin audit verify`.  Prints ok / not ok lines.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
DB=soak
ini=$(new_database $DB)
export PGDATABASE=$DB
restart="sh '$ONEDOOR_TOP/src/sh/pgcluster.sh' stop '$ONEDOOR_TEST_DIR' && sh '$ONEDOOR_TOP/src/sh/pgcluster.sh' start '$ONEDOOR_TEST_DIR'"
out=$("$ONEDOOR_BUILD/tests/soak" --seconds "$1" --workers "$2" --restart "$restart" 2>&1)
status=$?
printf '%s\n' "$out" | sed 's/^/# /'
ok_eq "soak: every acknowledged action present once, every stage explained" 0 $status
ok_match "soak: the server was restarted during the run" "restarting the server" "$out"
ok_match "soak: work was done" "acknowledged [1-9]" "$out"
"$ONEDOOR_BIN/onedoor-admin" -c "$ini" audit verify >/dev/null 2>&1
ok_eq "soak: the audit chain is intact after the restart" 0 $?
done_testing
