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
