# cluster.sh - sourced: a throwaway PostgreSQL cluster for the tests.
#
# cluster_start creates it under a fresh temporary folder (fsync off), makes
# the template database onedoor_tpl (migrated, demo data loaded) and exports:
#   ONEDOOR_TEST_DIR   the cluster folder; ONEDOOR_TEST_HOST its socket folder
#   PGHOST PGUSER PGPASSFILE   for psql and the programs as superuser
# new_database NAME (from tests/lib/db.sh) clones the template for one test.
cluster_start() {
	ONEDOOR_TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/od-pg.XXXXXX") || return 1
	chmod 0755 "$ONEDOOR_TEST_DIR"
	sh "$ONEDOOR_TOP/src/sh/pgcluster.sh" init "$ONEDOOR_TEST_DIR" fast || return 1
	sh "$ONEDOOR_TOP/src/sh/pgcluster.sh" start "$ONEDOOR_TEST_DIR" || return 1
	ONEDOOR_TEST_HOST="$ONEDOOR_TEST_DIR/run"
	export ONEDOOR_TEST_DIR ONEDOOR_TEST_HOST
	export PGHOST="$ONEDOOR_TEST_HOST" PGUSER=postgres PGPASSFILE="$ONEDOOR_TEST_DIR/pgpass"
	export PGDATABASE=postgres
	createdb onedoor_tpl || return 1
	printf '[database]\nconninfo = dbname=onedoor_tpl\n' > "$ONEDOOR_TEST_DIR/tpl.ini"
	"$ONEDOOR_BIN/onedoor-admin" -c "$ONEDOOR_TEST_DIR/tpl.ini" migrate >/dev/null || return 1
	"$ONEDOOR_BIN/onedoor-admin" -c "$ONEDOOR_TEST_DIR/tpl.ini" demo >/dev/null || return 1
	"$ONEDOOR_BIN/onedoor-admin" -c "$ONEDOOR_TEST_DIR/tpl.ini" catalogue import "$ONEDOOR_TOP/conf/catalogue" >/dev/null || return 1
}

cluster_stop() {
	[ -n "${ONEDOOR_TEST_DIR:-}" ] || return 0
	sh "$ONEDOOR_TOP/src/sh/pgcluster.sh" destroy "$ONEDOOR_TEST_DIR"
	ONEDOOR_TEST_DIR=""
}
