#!/bin/sh
# The audit browser's pages are the trail read plainly: for every
# combination of the filters it takes (person, case, household, object
# type or id alone, day ranges, kind, a page after a row, page sizes), as
# the auditor and as a supervisor, audit_browse returns exactly the rows,
# in the order, that a straightforward query of the log returns - across
# months' partitions, the default partition, and entries written in the
# same instant (told apart by their number).
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database audit_pages

# A year of entries by three people (one no longer on the staff) about
# cases, households, persons and urges, views and writes, three at a time
# in the same instant; the months have their partitions but one, whose
# entries are in the default partition.
su_sql "SELECT onedoor.audit_partition_make((date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai')
		- m * interval '1 month')::date)
	FROM generate_series(0, 13) m WHERE m <> 6" >/dev/null
su_sql "INSERT INTO onedoor.audit_log (at, actor, actor_group, txid, object_type, object_id, action)
	SELECT date_trunc('hour', now()) - ((g / 3) * 6 % 9000) * interval '1 hour',
	       (ARRAY['demo_clerk1', 'demo_clerk2', 'gone_clerk'])[1 + g % 3]::name, 'clerk', g,
	       (ARRAY['case', 'household', 'person', 'case_urges'])[1 + (g / 4) % 4],
	       ((g / 16) % 5)::text,
	       (ARRAY['read_full_record', 'status_lookup', 'act', 'register_clash',
		      'household_change', 'read_form'])[1 + (g / 5) % 6]
	FROM generate_series(1, 4500) g"
ok_if "some entries are in the default partition" \
	[ "$(su_sql "SELECT count(*) FROM onedoor.audit_log_default")" -gt 100 ]
ok_if "and some in a dozen months' partitions" \
	[ "$(su_sql "SELECT count(DISTINCT tableoid) FROM onedoor.audit_log")" -ge 13 ]

# Every combination of the filters, and the rows each role got for it.
# (A table both roles may use: the pages are read under each role's own
# login, SET SESSION AUTHORIZATION, as the browser's rules look at it.)
day() { su_sql "SELECT ((now() AT TIME ZONE 'Asia/Shanghai')::date + $1)"; }
su_sql "CREATE SCHEMA pages;
	CREATE TABLE pages.combos AS
	SELECT row_number() OVER () AS id, ac.actor, ob.type, ob.oid, d.lo, d.hi, k.kind,
	       af.at AS after_at, af.seq AS after_seq, l.n
	FROM (VALUES (NULL::name), ('demo_clerk1'), ('gone_clerk')) ac (actor)
	CROSS JOIN (VALUES (NULL::text, NULL::text), ('case', '1'), ('household', '2'),
			   ('case', NULL), (NULL, '3')) ob (type, oid)
	CROSS JOIN (VALUES (NULL::date, NULL::date), ('$(day 0)', '$(day 0)'),
			   ('$(day -200)', '$(day -30)'), ('$(day -30)', NULL),
			   (NULL, '$(day -100)')) d (lo, hi)
	CROSS JOIN (VALUES (NULL::text), ('view'), ('write')) k (kind)
	CROSS JOIN (SELECT NULL::timestamptz, NULL::bigint
		    UNION ALL
		    (SELECT a.at, a.seq FROM onedoor.audit_log a ORDER BY a.at DESC, a.seq DESC OFFSET 40 LIMIT 1)
		    UNION ALL
		    (SELECT a.at, a.seq FROM onedoor.audit_log a WHERE a.at < now() - interval '150 days'
		     ORDER BY a.at DESC, a.seq DESC OFFSET 1 LIMIT 1)
		    UNION ALL
		    (SELECT a.at, a.seq FROM onedoor.audit_log_default a ORDER BY a.at DESC, a.seq DESC
		     OFFSET 100 LIMIT 1)) af (at, seq)
	CROSS JOIN (VALUES (1), (7), (200)) l (n);
	CREATE TABLE pages.got (id bigint, role text, rows text[]);
	GRANT USAGE ON SCHEMA pages TO PUBLIC;
	GRANT SELECT ON pages.combos TO PUBLIC;
	GRANT INSERT ON pages.got TO PUBLIC"
combos=$(su_sql "SELECT count(*) FROM pages.combos")
for role in demo_auditor demo_supervisor; do
	su_sql "SET SESSION AUTHORIZATION $role;
		INSERT INTO pages.got SELECT c.id, '$role', ARRAY(
			SELECT b.seq || '|' || b.actor_name || '|' || b.kind || '|' || b.action
			FROM onedoor.audit_browse(c.actor, c.type, c.oid, c.lo, c.hi, c.kind,
						  c.after_at, c.after_seq, c.n) b)
		FROM pages.combos c"
done

# The trail read plainly; a supervisor's scope is the staff of their county
# and its centres.
su_sql "CREATE TABLE pages.want AS
	SELECT c.id, r.role, ARRAY(
		SELECT a.seq || '|' || coalesce(s.full_name::text, a.actor::text) || '|'
			|| onedoor.audit_kind(a.action) || '|' || a.action
		FROM onedoor.audit_log a LEFT JOIN onedoor.staff s ON s.role_name = a.actor
		WHERE (c.actor IS NULL OR a.actor = c.actor)
		  AND (c.type IS NULL OR a.object_type = c.type)
		  AND (c.oid IS NULL OR a.object_id = c.oid)
		  AND (c.lo IS NULL OR a.at >= c.lo::timestamp AT TIME ZONE 'Asia/Shanghai')
		  AND (c.hi IS NULL OR a.at < (c.hi + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
		  AND (c.kind IS NULL OR onedoor.audit_kind(a.action) = c.kind)
		  AND (c.after_at IS NULL OR (a.at, a.seq) < (c.after_at, c.after_seq))
		  AND (r.role = 'demo_auditor' OR a.actor IN (
			SELECT v.role_name FROM onedoor.staff v, onedoor.staff me
			WHERE me.role_name = 'demo_supervisor'
			  AND (v.county = me.county OR v.centre_code IN (
				SELECT ce.code FROM onedoor.centres ce WHERE ce.county = me.county))))
		ORDER BY a.at DESC, a.seq DESC LIMIT c.n) AS rows
	FROM pages.combos c
	CROSS JOIN (VALUES ('demo_auditor'), ('demo_supervisor')) r (role)"
ok_if "over a thousand combinations of filters ($combos)" [ "$combos" -gt 1000 ]
ok_eq "each was read by both roles" $((combos * 2)) "$(su_sql "SELECT count(*) FROM pages.got")"
ok_eq "every page is the trail read plainly, row for row and in order" 0 \
	"$(su_sql "SELECT count(*) FROM pages.want w JOIN pages.got g USING (id, role)
		WHERE g.rows IS DISTINCT FROM w.rows")"
su_sql "SELECT concat_ws(' ', w.role, row(c.*)::text, g.rows[1:3]::text, w.rows[1:3]::text)
	FROM pages.want w JOIN pages.got g USING (id, role) JOIN pages.combos c USING (id)
	WHERE g.rows IS DISTINCT FROM w.rows LIMIT 5" | sed 's/^/#   differs: /'
# What makes the comparison worth something: full pages, partial ones,
# empty ones, views and writes, pages after a row, the supervisor's scope.
ok_if "many pages are full" [ "$(su_sql "SELECT count(*) FROM pages.got g JOIN pages.combos c
	USING (id) WHERE cardinality(g.rows) = c.n AND c.n > 1")" -gt 200 ]
ok_if "many end before the page does" [ "$(su_sql "SELECT count(*) FROM pages.got g JOIN pages.combos c
	USING (id) WHERE cardinality(g.rows) BETWEEN 1 AND c.n - 1")" -gt 100 ]
ok_if "some are empty" [ "$(su_sql "SELECT count(*) FROM pages.got WHERE cardinality(rows) = 0")" -gt 10 ]
ok_if "pages after a row of the default partition have rows" [ "$(su_sql "SELECT count(*)
	FROM pages.got g JOIN pages.combos c USING (id) WHERE cardinality(g.rows) > 0
	AND c.after_at IN (SELECT d.at FROM onedoor.audit_log_default d)")" -gt 20 ]
ok_if "the supervisor sees fewer rows than the auditor (a former clerk is not of the county)" \
	[ "$(su_sql "SELECT sum(cardinality(rows)) FILTER (WHERE role = 'demo_supervisor')
		< sum(cardinality(rows)) FILTER (WHERE role = 'demo_auditor') FROM pages.got")" = t ]
ok_if "but not none" [ "$(su_sql "SELECT sum(cardinality(rows)) FROM pages.got WHERE role = 'demo_supervisor'")" -gt 1000 ]
ok_eq "a person no longer on the staff shows by their login" t \
	"$(su_sql "SELECT bool_or(r LIKE '%|gone_clerk|%') FROM pages.got, unnest(rows) r")"
done_testing
