#!/bin/sh
# The server module's audit_changes (src/pgext/pg_audit.c, created by
# src/sql/engine.sql) gives what the PL/pgSQL body of
# 0088_transition_audit_changes.sql gives, taken from that migration as it
# is: on 3,000 pairs of generated objects (members the same, changed,
# missing on either side, numbers equal by value but not by text, nested
# objects and arrays, JSON nulls), on real cases before and after a
# transition, with keep lists naming present, absent and no members, and
# with NULL arguments; and a non-object is refused as jsonb_each refuses it.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database audit_changes
MIG="$ONEDOOR_TOP/src/sql/migrations"

ok_eq "the function is the module's" "c" \
	"$(su_sql "SELECT l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
		WHERE p.oid = 'onedoor.audit_changes(jsonb, jsonb, text[])'::regprocedure")"

body=$(awk 'index($0, "FUNCTION onedoor.audit_changes(") { p = 1 } p { print } p && /^END \$\$;/ { exit }' \
	"$MIG/0088_transition_audit_changes.sql" | sed 's/FUNCTION onedoor\.audit_changes(/FUNCTION ref.audit_changes(/')
ok_match "the earlier body was found" "jsonb_each" "$body"
su_sql "CREATE SCHEMA ref; $body"

# Pairs of objects over the members a..h: each side picks, per member,
# nothing or one of ten values, so that members agree, differ or are
# missing in every combination; the values include 1 and 1.0, JSON null,
# strings, booleans and nested containers that differ only deep inside.
su_sql "CREATE TABLE pairs AS
	WITH v(i, j) AS (VALUES (0, NULL::jsonb), (1, '1'), (2, '1.0'), (3, '\"1\"'), (4, 'null'),
		(5, 'true'), (6, '{\"x\": [1, 2]}'), (7, '{\"x\": [1, 3]}'), (8, '[1, {\"y\": null}]'),
		(9, '\"音\"'))
	SELECT g, (SELECT coalesce(jsonb_object_agg(k, v.j) FILTER (WHERE v.j IS NOT NULL), '{}')
		   FROM unnest('{a,b,c,d,e,f,g,h}'::text[]) WITH ORDINALITY u(k, n)
		   JOIN v ON v.i = (hashint4(g * 16 + n::int) & 2147483647) % 10) AS a,
	       (SELECT coalesce(jsonb_object_agg(k, v.j) FILTER (WHERE v.j IS NOT NULL), '{}')
		   FROM unnest('{a,b,c,d,e,f,g,h}'::text[]) WITH ORDINALITY u(k, n)
		   JOIN v ON v.i = CASE WHEN (hashint4(g * 32 + n::int) & 3) = 0
				     THEN (hashint4(g * 64 + n::int) & 2147483647) % 10
				     ELSE (hashint4(g * 16 + n::int) & 2147483647) % 10 END) AS b,
	       (ARRAY['{}', '{a}', '{a,zz,h}', NULL])[1 + g % 4]::text[] AS keep
	FROM generate_series(1, 3000) g"
ok_eq "generated pairs differ in some members and agree in others" "t" \
	"$(su_sql "SELECT count(*) FILTER (WHERE a = b) > 0 AND count(*) FILTER (WHERE a <> b) > 2000
		AND count(*) FILTER (WHERE a ? 'a' AND NOT b ? 'a') > 0 FROM pairs")"
ok_eq "every pair, both ways: the module's answer is the earlier body's" "0" \
	"$(su_sql "SELECT count(*) FROM pairs
		WHERE onedoor.audit_changes(a, b, keep) IS DISTINCT FROM ref.audit_changes(a, b, keep)
		   OR onedoor.audit_changes(b, a, keep) IS DISTINCT FROM ref.audit_changes(b, a, keep)")"
ok_eq "and some answers keep members, some none" "t" \
	"$(su_sql "SELECT count(*) FILTER (WHERE onedoor.audit_changes(a, b, keep) = '{}') > 0
		AND count(*) FILTER (WHERE onedoor.audit_changes(a, b, keep) <> '{}') > 2000 FROM pairs")"
ok_eq "1 and 1.0 are the same value, \"1\" is not" '{"k": "1"}' \
	"$(su_sql "SELECT onedoor.audit_changes('{\"k\": \"1\", \"n\": 1.0}', '{\"k\": 1, \"n\": 1}', NULL)")"
ok_eq "NULL arguments as the earlier body" "t" \
	"$(su_sql "SELECT onedoor.audit_changes(NULL, '{\"a\": 1}', '{a}') = ref.audit_changes(NULL, '{\"a\": 1}', '{a}')
		AND onedoor.audit_changes('{\"a\": 1, \"b\": null}', NULL, NULL)
			= ref.audit_changes('{\"a\": 1, \"b\": null}', NULL, NULL)
		AND onedoor.audit_changes('{\"a\": 1}', '[1]', '{}') = ref.audit_changes('{\"a\": 1}', '[1]', '{}')")"
ok_match "a non-object is refused" "non-object" \
	"$(su_sql "SELECT onedoor.audit_changes('[1, 2]', '{}', NULL)" 2>&1 || true)"

# Real rows: the cases of three accepted applications, each against
# itself after a made-up transition.
for k in 1 2 3; do accept_app demo_clerk1 "ADEMO-00$k" '["wf_dibao", "wf_linshi"]' >/dev/null; done
ok_eq "real cases before and after a transition" "0" \
	"$(su_sql "WITH r AS (SELECT to_jsonb(c) AS o, to_jsonb(c) || jsonb_build_object('stage', 'supervise',
			'version', c.version + 1, 'stage_due', current_date + 9, 'verified_by', 'x') AS n
		FROM onedoor.cases c)
		SELECT count(*) FROM r WHERE onedoor.audit_changes(o, n, '{id,case_no,stage,version}')
			IS DISTINCT FROM ref.audit_changes(o, n, '{id,case_no,stage,version}')
		   OR onedoor.audit_changes(n, o, '{id,case_no,stage,version}')
			IS DISTINCT FROM ref.audit_changes(n, o, '{id,case_no,stage,version}')")"
ok_eq "there were cases to compare" "t" "$(su_sql "SELECT count(*) >= 3 FROM onedoor.cases")"
done_testing
