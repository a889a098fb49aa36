#!/bin/sh
# engine.sh - the matching engine inside the server (onedoor.engine_match,
# engine_item): the same menu as `onedoor match --format json` on every
# golden household in both languages, one item alone, the catalogue cache
# replaced when a new catalogue version arrives, parallel workers, a clerk's
# own session, and hostile household documents that must give an error and
# never a crashed backend.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/engine.sh"
DB=t_engine
new_database "$DB" >/dev/null
G="$ONEDOOR_TOP/tests/golden"
restarts=$(backend_restarts)

sql() { # SQL from stdin, psql variables from the arguments (-v NAME=VALUE)
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" "$@"
}

# Every golden household, both languages: the server's menu is the one the
# client computes with the catalogue it loads from the same database.
for f in "$G"/*.ini; do
	name=$(basename "$f" .ini)
	doc=$(household_document "$f")
	date=$(sed -n 's/^application_date *= *//p' "$f")
	for lang in zh_CN en; do
		client=$("$ONEDOOR_BIN/onedoor" match "$f" --config "$ONEDOOR_TEST_DIR/$DB.ini" \
			--format json --lang "$lang")
		same=$(sql -v doc="$doc" -v client="$client" -v date="$date" -v lang="$lang" <<'SQL'
SET onedoor.engine_language = :'lang';
SELECT onedoor.engine_match(:'doc'::jsonb, :'date'::date) = :'client'::jsonb;
SQL
)
		ok_eq "$name ($lang): server menu = client menu" t "$same"
	done
done

f="$G/seed002_yang_single_person.ini"
doc=$(household_document "$f")
item=$(sql -v doc="$doc" <<'SQL'
SELECT onedoor.engine_item(:'doc', 'dibao_rural', '2026-03-02') =
       (SELECT i FROM jsonb_array_elements(onedoor.engine_match(:'doc', '2026-03-02') -> 'items') i
        WHERE i ->> 'code' = 'dibao_rural');
SQL
)
ok_eq "engine_item is the menu's item" t "$item"
out=$(sql -v doc="$doc" 2>&1 <<'SQL'
SELECT onedoor.engine_item(:'doc', 'no_such_item', '2026-03-02');
SQL
)
ok_match "engine_item: unknown item named" 'unknown item "no_such_item"' "$out"

# The cache follows the catalogue: one session reads an amount, another adds
# a new dated standard, the first session's next statement uses it.
versions=$(sql <<'SQL'
SELECT count(*) FROM onedoor.catalogue_versions;
SQL
)
amounts=$(sql -v doc="$doc" <<'SQL'
SELECT onedoor.engine_item(:'doc', 'dibao_rural', '2026-03-02') ->> 'amount';
\! psql -X -q -d t_engine -c "INSERT INTO onedoor.parameters (code, region, valid_from, value, reference) VALUES ('dibao_rural', '511703', '2026-03-01', 600, 'test: a raised standard')"
SELECT onedoor.engine_item(:'doc', 'dibao_rural', '2026-03-02') ->> 'amount';
SELECT onedoor.engine_item(:'doc', 'dibao_rural', '2026-02-28') ->> 'amount';
SQL
)
ok_eq "a new standard reaches a running session" "575.00
600.00
575.00" "$amounts"
v=$(sql <<'SQL'
SELECT count(*) FROM onedoor.catalogue_versions;
SQL
)
ok_eq "the change recorded a catalogue version" $((versions + 1)) "$v"
"$ONEDOOR_BIN/onedoor-admin" -c "$ONEDOOR_TEST_DIR/$DB.ini" catalogue import \
	"$ONEDOOR_TOP/conf/catalogue" >/dev/null
v=$(sql <<'SQL'
SELECT count(*) FROM onedoor.catalogue_versions;
SQL
)
ok_eq "an import is one more version" $((versions + 2)) "$v"

# Parallel workers: the plan has a Gather and the menus are the same.
par=$(sql -v doc="$doc" <<'SQL'
CREATE TABLE t_docs AS SELECT g, :'doc'::jsonb AS d FROM generate_series(1, 2000) g;
ANALYZE t_docs;
SELECT count(DISTINCT onedoor.engine_match(d, '2026-03-02')) FROM t_docs;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT count(DISTINCT onedoor.engine_match(d, '2026-03-02')) FROM t_docs;
SELECT count(DISTINCT onedoor.engine_match(d, '2026-03-02')) FROM t_docs;
SQL
)
ok_match "parallel plan" 'Gather' "$par"
ok_eq "parallel: one menu for 2000 copies, as without workers" "1 1" \
	"$(printf '%s\n' "$par" | grep -E '^[0-9]+$' | tr '\n' ' ' | sed 's/ $//')"

# A clerk may call it on their own session (the catalogue is read with the
# schema owner's rights, whoever calls).
out=$(PGPASSWORD=onedoor psql -X -q -At -U demo_clerk1 -d "$DB" -v doc="$doc" <<'SQL'
SELECT onedoor.engine_match(:'doc', '2026-03-02') -> 'items' -> 0 ->> 'verdict';
SQL
)
ok_eq "a clerk's session runs the engine" eligible "$out"

# Hostile documents: each an error with SQLSTATE 22023 (or a limit), never a
# crash.  ON_ERROR_STOP off so that every statement runs in the one session.
out=$(psql -X -At -d "$DB" -v VERBOSITY=verbose 2>&1 <<'SQL'
\set VERBOSITY verbose
SELECT onedoor.engine_match((repeat('{"a":', 5000) || '1' || repeat('}', 5000))::jsonb, '2026-03-02');
SELECT onedoor.engine_match(jsonb_build_object('members',
	(SELECT jsonb_agg(jsonb_build_object('relation', 'self')) FROM generate_series(1, 200000))), '2026-03-02');
SELECT onedoor.engine_match('{"facts": [1, 2, 3]}', '2026-03-02');
SELECT onedoor.engine_match('{"members": {"a": 1}}', '2026-03-02');
SELECT onedoor.engine_match('{"region": {"x": 1}}', '2026-03-02');
SELECT onedoor.engine_match('{"members": [{"resident_id": "51170319731015011X", "relation": "self", "facts": {"income_wage": "NaN"}}]}', '2026-03-02');
SELECT onedoor.engine_match('{"members": [{"resident_id": "51170319731015011X", "relation": "self", "facts": {"income_wage": 1e400}}]}', '2026-03-02');
SELECT onedoor.engine_match('{"facts": {"deposits": "-Infinity"}}', '2026-03-02');
SELECT onedoor.engine_match('{"facts": {"houses": {"nested": [1]}}}', '2026-03-02');
SELECT onedoor.engine_match(jsonb_build_object('members', jsonb_build_array(jsonb_build_object('name', repeat('x', 10000000)))), '2026-03-02');
SELECT onedoor.engine_match(jsonb_build_object('facts', jsonb_build_object('deposits', repeat('9', 10000000))), '2026-03-02');
SELECT onedoor.engine_match('[]', '2026-03-02');
SELECT onedoor.engine_match('"text"', '2026-03-02');
SELECT onedoor.engine_match('{}', 'infinity');
SELECT 'still here';
SQL
)
n_errors=$(printf '%s\n' "$out" | grep -c '^ERROR:  22023\|^ERROR:  22008\|^ERROR:  54000')
ok_eq "14 hostile documents: 14 errors with SQLSTATEs" 14 "$n_errors"
ok_match "deep nesting refused" 'nested too deeply|嵌套' "$out"
ok_match "too many members refused" 'at most 16 members|最多 16' "$out"
ok_match "NaN named with its member and fact" 'member 1: income_wage|成员 1：income_wage' "$out"
ok_match "10 MB value refused" 'too long|过长' "$out"
ok_match "the session survived" '^still here$' "$out"
ok_eq "no backend crashed (postmaster did not restart)" "$restarts" "$(backend_restarts)"

# A long run is cancelled by statement_timeout (the engine checks for
# interrupts), and the server goes on.
out=$(sql -v doc="$doc" 2>&1 <<'SQL'
SET statement_timeout = '300ms';
SELECT count(onedoor.engine_match(:'doc', '2026-03-02')) FROM generate_series(1, 10000000);
SQL
)
ok_match "statement_timeout cancels a long run" 'statement timeout' "$out"
ok_eq "still no restart" "$restarts" "$(backend_restarts)"

# A server without the module (its library path leads nowhere): migrate and
# init say which package to install, and fail.
psql -X -q -d "$DB" -c "ALTER DATABASE $DB SET dynamic_library_path = '/nonexistent'"
out=$("$ONEDOOR_BIN/onedoor-admin" -c "$ONEDOOR_TEST_DIR/$DB.ini" migrate 2>&1)
ok_eq "without the module, migrate fails" 1 $?
ok_match "and names the package to install" 'postgresql-15-onedoor' "$out"
psql -X -q -d "$DB" -c "ALTER DATABASE $DB RESET dynamic_library_path"
out=$("$ONEDOOR_BIN/onedoor-admin" -c "$ONEDOOR_TEST_DIR/$DB.ini" migrate 2>&1)
ok_match "with it, the functions are created again" 'onedoor_engine' "$out"
done_testing
