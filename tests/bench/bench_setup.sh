#!/bin/sh
# bench_setup.sh - how long from a fresh server to a clerk logged in, doing
# what README.md's "Server set-up" says (tests/lib/readme_server.sh), with
# the programs of ONEDOOR_BIN.  RUNS times (default 3), each phase timed:
#   postgres   a fresh cluster with the README's TLS and pg_hba, started
#              (the baseline: what PostgreSQL itself costs);
#   init       createdb, onedoor-admin init (schema, departments, calendars
#              2020-2026, catalogue, engine functions), the province, city
#              and county, init --admin county_admin;
#   people     as county_admin over TLS: two centres, a clerk, an auditor,
#              init again for their timeouts;
#   login      the client, from exec to the clerk's applications on screen,
#              over TLS with a client certificate.
# Medians and slowest per phase, and the whole against the baseline.
# Figures only: nothing fails on a number.
set -u
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
. "$ONEDOOR_TOP/tests/lib/readme_server.sh"
RUNS=${RUNS:-3}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/od-setup.XXXXXX")
chmod 0755 "$WORK"
admin="$ONEDOOR_BIN/onedoor-admin"
trap 'tmux_stop; rm -rf "$WORK"' EXIT
now() { date +%s%N; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f\n", (b - a) / 1e6 }'; }
readme_certificates "$WORK/ca" || { cat "$WORK/ca/openssl.log"; exit 1; }
cp "$WORK/ca/client.key" "$WORK/ca/client.crt" "$WORK/ca/county-ca.crt" "$WORK/" &&
	chmod 0600 "$WORK/client.key"
tls="sslmode=verify-full sslrootcert=$WORK/county-ca.crt sslcert=$WORK/client.crt sslkey=$WORK/client.key"

run=1
while [ $run -le "$RUNS" ]; do
	# Each run in a subshell: the fresh cluster's environment (PGHOST ...)
	# must not leak into the next run or into run.sh's test cluster.
	(
		C="$WORK/c$run"
		trap 'tmux_stop; sh "$ONEDOOR_TOP/src/sh/pgcluster.sh" destroy "$C"' EXIT
		port=$((40000 + ($$ + run) % 20000))
		t0=$(now)
		readme_tls_cluster "$C" "$port" "$WORK/ca" "$ONEDOOR_BUILD/pgext/onedoor_engine.so" >/dev/null ||
			exit 1
		t1=$(now)
		printf '[database]\nconninfo = dbname=onedoor\n' >"$WORK/admin.ini"
		{
			createdb -E UTF8 onedoor &&
				"$admin" -c "$WORK/admin.ini" init &&
				"$admin" -c "$WORK/admin.ini" region add 510000 四川省 &&
				"$admin" -c "$WORK/admin.ini" region add 511700 达州市 --parent 510000 &&
				"$admin" -c "$WORK/admin.ini" region add 511703 达川区 --parent 511700 &&
				echo 'County-admin-pw1' | "$admin" -c "$WORK/admin.ini" init --admin county_admin \
					--name 县民政局管理员 --county 511703
		} >"$WORK/init.log" 2>&1 || { cat "$WORK/init.log"; exit 1; }
		t2=$(now)
		printf '[database]\nconninfo = host=db.county.example hostaddr=127.0.0.1 port=%s dbname=onedoor user=county_admin %s\n' \
			"$port" "$tls" >"$WORK/county.ini"
		printf '*:*:*:county_admin:County-admin-pw1\n' >"$WORK/county.pgpass"
		chmod 0600 "$WORK/county.pgpass"
		ca() { env -u PGHOST -u PGPORT -u PGUSER PGPASSFILE="$WORK/county.pgpass" \
			"$admin" -c "$WORK/county.ini" "$@"; }
		{
			ca centre add 511703001 三里坪街道便民服务中心 --county 511703 --kind street &&
				ca centre add 511703102 石桥镇便民服务中心 --county 511703 &&
				echo 'Clerk-pw-2026' | ca user add zhang_min --name 张敏 --group clerk \
					--centre 511703001 &&
				echo 'Auditor-pw-2026' | ca user add yang_fan --name 杨帆 --group auditor \
					--county 511703 &&
				"$admin" -c "$WORK/admin.ini" init
		} >"$WORK/people.log" 2>&1 || { cat "$WORK/people.log"; exit 1; }
		t3=$(now)
		mkdir -p "$WORK/etc" "$WORK/home"
		printf '[database]\nservice = onedoor\n[window]\ncentre = 511703001\nnumber = 1\n[receipt]\nprinter =\n' \
			>"$WORK/etc/onedoor.ini"
		printf '[onedoor]\nhost=db.county.example\nhostaddr=127.0.0.1\nport=%s\ndbname=onedoor\n%s\n' \
			"$port" "$(echo "$tls" | tr ' ' '\n')" >"$WORK/pg_service.conf"
		tmux_start 80 24 env -u PGHOST -u PGPORT -u PGUSER -u PGPASSFILE -u ONEDOOR_CONFIG \
			ONEDOOR_SYSCONFDIR="$WORK/etc" HOME="$WORK/home" PGSERVICEFILE="$WORK/pg_service.conf" \
			"$ONEDOOR_BIN/onedoor"
		tmux_wait "Login name|登录名" 30 >/dev/null || exit 1
		tmux_keys -l zhang_min
		tmux_keys Enter
		tmux_keys -l Clerk-pw-2026
		tmux_keys Enter
		tmux_wait "Applications|申请列表" 30 >/dev/null || exit 1
		t4=$(now)
		tmux_keys F10
		tmux_stop
		echo "$(ms "$t0" "$t1") $(ms "$t1" "$t2") $(ms "$t2" "$t3") $(ms "$t3" "$t4") $(ms "$t0" "$t4")" \
			>>"$WORK/times"
	) || exit 1
	run=$((run + 1))
done

median() { # COLUMN
	cut -d' ' -f"$1" "$WORK/times" | sort -n |
		awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
slowest() { cut -d' ' -f"$1" "$WORK/times" | sort -n | tail -n 1; }
i=1
for phase in "postgres (baseline)" "init and the county" "centres and people" "clerk login" "whole"; do
	printf '%-22s median %6s ms, slowest %6s ms\n' "$phase:" "$(median $i)" "$(slowest $i)"
	i=$((i + 1))
done
echo "whole / baseline:      $(awk -v a="$(median 5)" -v b="$(median 1)" 'BEGIN { printf "%.1f", a / b }') (over $RUNS runs; load average $(cut -d' ' -f1-3 /proc/loadavg))"
