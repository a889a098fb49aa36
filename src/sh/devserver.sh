#!/bin/sh
# devserver.sh run|stop BUILD - the embedded default behind `make run`.
#
# run: a private PostgreSQL cluster in ./var/pg (created on first use, socket
# in ./var/pg/run, no TCP), started if it is not running, migrated, the demo
# data loaded once, a client configuration in ./var/onedoor.ini, the demo
# logins printed, then the client on it.  stop: stops that server.
set -eu
cmd=${1:?usage: devserver.sh run|stop BUILD}
build=${2:-build}
top=$(pwd)
pg="$top/var/pg"

case "$cmd" in
stop)
	sh "$top/src/sh/pgcluster.sh" stop "$pg"
	exit 0
	;;
run) ;;
*) echo "usage: devserver.sh run|stop BUILD" >&2; exit 2 ;;
esac

mkdir -p "$top/var"
if [ ! -f "$pg/data/PG_VERSION" ]; then
	echo "onedoor: creating a private PostgreSQL cluster in var/pg (first run only)"
	sh "$top/src/sh/pgcluster.sh" init "$pg"
fi
# The engine module of this build, loaded by the server from var/pg/lib.
sh "$top/src/sh/pgcluster.sh" module "$pg" "$build/pgext/onedoor_engine.so"
sh "$top/src/sh/pgcluster.sh" start "$pg"

export PGHOST="$pg/run" PGUSER=postgres PGPASSFILE="$pg/pgpass"
if ! psql -X -Atq -d postgres -c "SELECT 1 FROM pg_database WHERE datname = 'onedoor'" | grep -q 1; then
	createdb onedoor
fi
admin_ini="$top/var/admin.ini"
client_ini="$top/var/onedoor.ini"
printf '[database]\nconninfo = host=%s dbname=onedoor\n' "$pg/run" > "$admin_ini"
"$build/bin/onedoor-admin" -c "$admin_ini" migrate >/dev/null
"$build/bin/onedoor-admin" -c "$admin_ini" demo >/dev/null
# The shipped catalogue and calendar, on first use only (later runs stay fast;
# `onedoor-admin catalogue import` after editing conf/catalogue).
count() { psql -X -Atq -d onedoor -c "SELECT count(*) FROM onedoor.$1"; }
if [ "$(count catalogue_items)" = 0 ]; then
	"$build/bin/onedoor-admin" -c "$admin_ini" catalogue import "$top/conf/catalogue" >/dev/null
fi
if [ "$(count calendar_days)" = 0 ]; then
	for f in "$top"/conf/calendar/*.ini; do
		"$build/bin/onedoor-admin" -c "$admin_ini" calendar import "$f" >/dev/null
	done
fi
# Filed cases with decisions, so that this month's payment roll has lines.
if [ "$(count decisions)" = 0 ]; then
	psql -X -q -v ON_ERROR_STOP=1 -d onedoor -f "$top/src/sql/demo_payments.sql" >/dev/null
fi
# Departments' demo extracts, so that verification reports find something.
if [ "$(count data_batches)" = 0 ]; then
	for f in "$top"/conf/department-demo/*.csv; do
		"$build/bin/onedoor-admin" -c "$admin_ini" data import "$(basename "$f" .csv)" "$f" \
			--as-of 2026-02-28 >/dev/null
	done
fi
# The county's desks: a case in verification with flagged differences and
# one waiting for its decision (after the extracts, which the reports read).
if [ "$(psql -X -Atq -d onedoor -c "SELECT count(*) FROM onedoor.cases WHERE case_no = 'ADEMO-003-01'")" = 0 ]; then
	psql -X -q -v ON_ERROR_STOP=1 -d onedoor -f "$top/src/sql/demo_county.sql" >/dev/null
fi
# Warnings, the monitoring register, care ratings and coordinators' reports.
if [ "$(count monitoring)" = 0 ]; then
	psql -X -q -v ON_ERROR_STOP=1 -d onedoor -f "$top/src/sql/demo_watch.sql" >/dev/null
fi
# The discipline commission's and the leaders' screens: last month paid,
# an approval overdue, urged and reported, complaints (after the county's
# desks, whose case is the one overdue).
if [ "$(count complaints)" = 0 ]; then
	psql -X -q -v ON_ERROR_STOP=1 -d onedoor -f "$top/src/sql/demo_accountability.sql" >/dev/null
fi
# A household that came back over two years: its history, benefits, reviews.
if [ "$(psql -X -Atq -d onedoor -c "SELECT count(*) FROM onedoor.households WHERE household_no = 'HDEMO-Z01'")" = 0 ]; then
	psql -X -q -v ON_ERROR_STOP=1 -d onedoor -f "$top/src/sql/demo_lifecycle.sql" >/dev/null
fi
if [ ! -f "$client_ini" ]; then
	cat > "$client_ini" <<INI
; Written by make run for the private demo server; edit freely.
[database]
conninfo = host=$pg/run dbname=onedoor
[window]
centre = 511703001
number = 1
[ui]
language = zh_CN
colour = auto
[receipt]
printer =
directory = $top/var/receipts
INI
fi
unset PGUSER PGPASSFILE PGHOST

cat <<'MSG'
onedoor demo logins (password "onedoor" for all):
  demo_clerk1      window clerk, 三里坪街道便民服务中心
  demo_clerk2      window clerk, 石桥镇便民服务中心
  demo_verifier    verifier            demo_supervisor  supervisor
  demo_approver    approver (民政局)   demo_auditor     auditor
  demo_admin       administrator       demo_coordinator village coordinator (胜利社区)
  demo_finance     finance (财政)
`make stop` stops the private server.
MSG
case "${LANG:-}${LC_ALL:-}" in
*UTF-8*|*utf8*|*UTF8*|*utf-8*) ;;
*) export LC_ALL=C.UTF-8 ;;
esac
exec "$build/bin/onedoor" --config "$client_ini"
