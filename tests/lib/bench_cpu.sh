# bench_cpu.sh - sourced by benchmarks (needs $DB and $WORK).
#   server_cpu_per_read LOGIN SQL READS   the server's CPU time per read in
#                       ms (user + system of the session's server process,
#                       from /proc before and after READS reads on one psql
#                       session, after one warm-up read): a figure the
#                       machine's load does not inflate the way it does the
#                       latency; "?" when /proc could not be read
server_cpu_per_read() {
	{
		echo "SELECT pg_backend_pid() AS pid \\gset"
		echo "\\setenv BPID :pid"
		printf '%s;\n' "$2"
		echo "\\o /dev/null"
		echo "\\! awk '{ print \$14 + \$15 }' /proc/\$BPID/stat > $WORK/cpu0"
		_i=0
		while [ $_i -lt "$3" ]; do printf '%s;\n' "$2"; _i=$((_i + 1)); done
		echo "\\! awk '{ print \$14 + \$15 }' /proc/\$BPID/stat > $WORK/cpu1"
	} > "$WORK/cpu.sql"
	rm -f "$WORK/cpu0" "$WORK/cpu1"
	PGPASSWORD=onedoor psql -X -q -U "$1" -d "$DB" -f "$WORK/cpu.sql" >/dev/null 2>&1
	awk -v n="$3" -v a="$(cat "$WORK/cpu0" 2>/dev/null)" -v b="$(cat "$WORK/cpu1" 2>/dev/null)" \
		-v hz="$(getconf CLK_TCK)" 'BEGIN { if (a == "" || b == "") print "?"; else printf "%.2f", (b - a) * 1000 / hz / n }'
}
