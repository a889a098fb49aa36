#!/bin/sh
# bench_footprint.sh - is the client small and quick on an old thin client?
# On the throwaway cluster of tests/bench/run.sh (tests/lib/cluster.sh's
# environment), the client of ONEDOOR_BIN:
#  1. its size stripped (shared libraries excluded); target <= 1 MB;
#  2. the time from exec to the login screen drawn, under tmux at 80x24:
#     median and slowest of RUNS runs (default 15); target <= 50 ms.  The
#     time is taken by the pane itself just before exec, and after it by
#     polling the captured pane, so it includes a few ms of tmux;
#  3. its memory with a 1,000-row worklist open: the demo clerk logs in on a
#     database where the centre has 1,000 more applications; then with the
#     catalogue loaded too (the benefit menu of a new household form);
#     VmRSS and VmHWM from /proc; target <= 16 MB.
# Figures only: nothing fails on a number.  (tmux.sh sets cols and rows:
# names here avoid them.)
set -u
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
RUNS=${RUNS:-15}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/od-foot.XXXXXX")
chmod 0755 "$WORK"
trap 'tmux_stop; rm -rf "$WORK"' EXIT
client="$ONEDOOR_BIN/onedoor"
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e6 }'; }

# 1. Size ----------------------------------------------------------------
strip -o "$WORK/onedoor.stripped" "$client"
size=$(stat -c %s "$WORK/onedoor.stripped")
strip -o "$WORK/admin.stripped" "$ONEDOOR_BIN/onedoor-admin"
echo "client binary, stripped:        $size bytes ($(awk -v s="$size" 'BEGIN { printf "%.0f", s / 1024 }') KiB; target <= 1024 KiB)"
echo "onedoor-admin, stripped:        $(stat -c %s "$WORK/admin.stripped") bytes (migrations embedded)"
echo "shared libraries:               $(ldd "$client" | awk '/=>/ { print $1 }' | sed 's/\.so.*//' | tr '\n' ' ')"

# 2. Time to the login screen --------------------------------------------
ini=$(new_database bench_footprint)
: >"$WORK/times"
i=0
while [ $i -lt "$RUNS" ]; do
	tmux_start 80 24 sh -c "'date +%s%N >$WORK/t0; exec $client --config $ini'"
	n=0
	until tmux_screen 2>/dev/null | grep -q "登录名"; do
		n=$((n + 1))
		[ $n -lt 3000 ] || { echo "the login screen did not appear:"; tmux_screen; exit 1; }
	done
	t1=$(date +%s%N)
	until [ -s "$WORK/t0" ]; do :; done
	ms "$(cat "$WORK/t0")" "$t1" >>"$WORK/times"
	echo >>"$WORK/times"
	rm -f "$WORK/t0"
	tmux_stop
	i=$((i + 1))
done
sort -n "$WORK/times" >"$WORK/sorted"
median=$(awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }' "$WORK/sorted")
echo "exec to login screen:           median ${median} ms, fastest $(head -n 1 "$WORK/sorted") ms, slowest $(tail -n 1 "$WORK/sorted") ms over $RUNS runs (target <= 50 ms)"

# 3. Memory with a 1,000-row worklist -----------------------------------
DB=bench_footprint
PGPASSWORD=onedoor psql -X -q -v ON_ERROR_STOP=1 -U demo_clerk1 -d "$DB" >/dev/null <<'SQL'
-- 1,000 households registered by the clerk, as the form would: valid
-- resident IDs (birth dates from 1950 on, the MOD 11-2 check character).
DO $$
DECLARE
	base text;
	w int[] := ARRAY[7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
	total int;
BEGIN
	FOR i IN 1..1000 LOOP
		base := '511703' || to_char(date '1950-01-01' + i * 7, 'YYYYMMDD') || '90' || (i % 10);
		total := 0;
		FOR k IN 1..17 LOOP
			total := total + substr(base, k, 1)::int * w[k];
		END LOOP;
		PERFORM onedoor.register_household(gen_random_uuid(), jsonb_build_object(
			'hukou', 'rural', 'facts', '{}'::jsonb,
			'members', jsonb_build_array(jsonb_build_object(
				'resident_id', base || substr('10X98765432', total % 11 + 1, 1),
				'name', '测试户' || i, 'relation', 'self', 'facts', '{}'::jsonb))));
	END LOOP;
END $$;
SQL
napps=$(psql -X -At -d "$DB" -c "SELECT count(*) FROM onedoor.applications WHERE centre_code = '511703001'")
tmux_start 80 24 "$client" --config "$ini"
tmux_wait "登录名" >/dev/null
tmux_keys -l demo_clerk1
tmux_keys Enter
tmux_keys -l onedoor
tmux_keys Enter
if tmux_wait "申请列表" 15 >/dev/null && tmux_wait "测试户" 15 >/dev/null; then
	sleep 0.5
	pane=$(tmux -L "$_od_tmux" display-message -p '#{pane_pid}')
	pid=$(pgrep -P "$pane" -x onedoor || echo "$pane")
	rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
	hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
	echo "memory, worklist of $napps applications open: VmRSS $rss KiB, VmHWM $hwm KiB (target <= 16384 KiB)"
	# The screen may load only the newest of them; say how many, when we can tell.
	limit=$(sed -n 's/^#define WORKLIST_LIMIT \([0-9]*\).*/\1/p' \
		"$ONEDOOR_TOP/src/ui/worklist_screen.c" 2>/dev/null)
	[ -z "$limit" ] || echo "    (the worklist screen of this version loads at most $limit rows)"
	# The menu of an empty household form: the catalogue loaded and matched.
	tmux_keys F2
	if tmux_wait "家庭申请登记" 10 >/dev/null && tmux_keys F9 && tmux_wait "救助菜单" 10 >/dev/null
	then
		sleep 0.5
		rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
		hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
		echo "memory, then the catalogue loaded (benefit menu open): VmRSS $rss KiB, VmHWM $hwm KiB (target <= 16384 KiB)"
	else
		echo "not measured: the benefit menu (catalogue loaded) did not open with F2, F9"
	fi
else
	echo "memory: the worklist did not open; screen:"
	tmux_screen | sed 's/^/    /'
fi
