# engine.sh - sourced: helpers for tests of the engine inside the server.
#   household_document FILE   prints a household file (forms/README.md) as
#                             the household document the engine reads
#                             (include/onedoor/hh_json.h), keys as stored
#   backend_restarts          how many times the test cluster's postmaster
#                             has restarted its backends (a crash does that)
household_document() {
	awk '
	function esc(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }
	function close_member() { if (m != "") { members = members (nm++ ? "," : "") "{" m ",\"facts\":{" mf "}}"; m = ""; mf = "" } }
	/^[ \t]*[;#]/ || /^[ \t]*$/ { next }
	/^\[household\]/ { close_member(); sect = "h"; next }
	/^\[member\./ { close_member(); sect = "m"; m = " "; next }
	{
		line = $0
		k = line; sub(/[ \t]*=.*/, "", k); sub(/^[ \t]*/, "", k)
		v = line; sub(/^[^=]*=[ \t]*/, "", v); sub(/[ \t]*$/, "", v)
		if (v ~ /^".*"$/) v = substr(v, 2, length(v) - 2)
		if (sect == "h") {
			if (k == "region" || k == "hukou") top = top "," esc(k) ":" esc(v)
			else hf = hf (hf == "" ? "" : ",") esc(k) ":" esc(v)
		} else if (sect == "m") {
			if (k == "id") m = m (m == " " ? "" : ",") "\"resident_id\":" esc(v)
			else if (k == "name" || k == "relation") m = m (m == " " ? "" : ",") esc(k) ":" esc(v)
			else mf = mf (mf == "" ? "" : ",") esc(k) ":" esc(v)
		}
	}
	END { close_member(); printf "{\"facts\":{%s}%s,\"members\":[%s]}\n", hf, top, members }
	' "$1"
}

backend_restarts() {
	grep -c "all server processes terminated; reinitializing" "$ONEDOOR_TEST_DIR/server.log"
}

# fresh_ids DOCUMENT N: the document with new resident IDs, their sequence
# numbers starting with N, N+1, ... (same region, birth date and sex, check
# character recomputed, GB 11643): one family registered many times.
fresh_ids() {
	printf '%s' "$1" | awk -v n="$2" -v digits="$(printf '[0-9]%.0s' $(seq 17))" '
	function check(s,   i, sum, w) {
		split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
		sum = 0
		for (i = 1; i <= 17; i++) sum += substr(s, i, 1) * w[i]
		return substr("10X98765432", sum % 11 + 1, 1)
	}
	{
		out = ""
		line = $0
		while (match(line, "\"resident_id\":\"" digits "[0-9X]\"")) {
			# the last digit of the sequence (the sex) is kept
			id = substr(line, RSTART + 15, 14) sprintf("%02d", n++ % 100) substr(line, RSTART + 31, 1)
			out = out substr(line, 1, RSTART - 1) "\"resident_id\":\"" id check(id) "\""
			line = substr(line, RSTART + RLENGTH)
		}
		print out line
	}'
}
