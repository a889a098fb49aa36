-- fixtures_province.sql - benchmark data the size of a province, with the
-- people in it: psql -v cases=N -v counties=C -v centres=T (defaults
-- 1,000,000 cases, 25 counties, 500 centres; a province is 10,000,000,
-- 200 and 3,000).  tests/db/fixtures/workflow_items.sql must be loaded
-- first.  Loaded as the superuser with triggers off: fixture data, not
-- workflow.
--
-- Shape: counties 53xxxx under city 511700, the centres spread evenly over
-- them (P0001 ...); one household per four cases, its applicant a person
-- with a valid resident ID born in that county, one accepted application
-- per household, and four cases per household (the four workflow test
-- items, the applicant as each case's person).  15 % of the cases are
-- open, in every stage, with due dates spread around today so that all
-- three lights occur; the rest are filed, refused or withdrawn, closed
-- over the past year.
--
-- The secondary indexes of the big tables are dropped before the load and
-- built again after it: building an index once is several times faster
-- than keeping ten of them up to date row by row.
\if :{?cases}
\else
\set cases 1000000
\endif
\if :{?counties}
\else
\set counties 25
\endif
\if :{?centres}
\else
\set centres 500
\endif
SET session_replication_role = replica;
SET maintenance_work_mem = '256MB';
SET work_mem = '64MB';

-- The check digit of a resident ID's first 17 digits (GB 11643).
CREATE FUNCTION pg_temp.with_check(p text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT p || substr('10X98765432', (SELECT sum((substr(p, i::int, 1))::int * w) % 11 + 1
		FROM unnest(ARRAY[7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
			WITH ORDINALITY AS x(w, i))::int, 1)
$$;

CREATE TEMP TABLE saved_indexes AS
	SELECT i.indexrelid::regclass AS name, pg_get_indexdef(i.indexrelid) AS def
	FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
	JOIN pg_namespace n ON n.oid = t.relnamespace
	WHERE n.nspname = 'onedoor' AND t.relname IN ('cases', 'households', 'applications',
		'persons', 'household_members')
	  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid);
DO $$
DECLARE r record;
BEGIN
	FOR r IN SELECT name FROM saved_indexes LOOP
		EXECUTE format('DROP INDEX %s', r.name);
	END LOOP;
END $$;

INSERT INTO onedoor.regions SELECT (530000 + k)::text, '测试县' || k, '511700', 3
	FROM generate_series(1, :counties) k;
INSERT INTO onedoor.centres SELECT 'P' || lpad(k::text, 4, '0'), '测试便民服务中心' || k, 'township',
	(530000 + 1 + (k - 1) * :counties / :centres)::text
	FROM generate_series(1, :centres) k;

-- Households h = 1 .. cases / 4, at centre 1 + h % centres.
INSERT INTO onedoor.households (household_no, centre_code, hukou)
	SELECT 'HP' || h, 'P' || lpad((1 + h % :centres)::text, 4, '0'), 'rural'
	FROM generate_series(1, :cases / 4) h;
INSERT INTO onedoor.persons (resident_id, name, birth_date, sex)
	SELECT pg_temp.with_check(ce.county || to_char(x.born, 'YYYYMMDD') || lpad((x.h % 1000)::text, 3, '0')),
	       '测试' || (x.h % 997), x.born, CASE WHEN x.h % 2 = 0 THEN 'F' ELSE 'M' END
	FROM (SELECT h, date '1940-01-01' + (h / 1000)::int AS born,
		     'P' || lpad((1 + h % :centres)::text, 4, '0') AS centre
	      FROM generate_series(1, :cases / 4) h) x
	JOIN onedoor.centres ce ON ce.code = x.centre;
-- The n-th household's applicant is the n-th person (both in h order).
CREATE TEMP TABLE household_person AS
	SELECT hh.id AS household_id, p.id AS person_id, hh.centre_code
	FROM (SELECT id, centre_code, row_number() OVER (ORDER BY id) AS n FROM onedoor.households
	      WHERE household_no LIKE 'HP%') hh
	JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM onedoor.persons
	      WHERE substr(resident_id, 1, 2) = '53') p ON p.n = hh.n;
INSERT INTO onedoor.household_members (household_id, person_id, position, relation)
	SELECT household_id, person_id, 1, 'self' FROM household_person;
INSERT INTO onedoor.applications (application_no, household_id, centre_code, request_id, status)
	SELECT 'AP' || household_id, household_id, centre_code, gen_random_uuid(), 'accepted'
	FROM household_person;
CREATE UNIQUE INDEX ON household_person (household_id);
ANALYZE household_person;

INSERT INTO onedoor.cases (case_no, application_id, household_id, person_id, subject_name,
	centre_code, county, item_code, department, track, stage, warn_days, stage_entered_at,
	stage_entered_on, stage_limit, stage_due, stage_warn_from, opened_on, case_limit,
	case_due, case_warn_from, accepted_by, version, closed_at)
SELECT 'CP' || x.g, a.id, hp.household_id, hp.person_id, '测试' || (x.g % 997), hp.centre_code,
	ce.county, i.code, i.department, 'normal', x.stage, 2,
	CASE WHEN x.open THEN now() END, CASE WHEN x.open THEN x.due - 3 END,
	CASE WHEN x.open THEN 3 END, CASE WHEN x.open THEN x.due END,
	CASE WHEN x.open THEN x.due - 1 END,
	x.due - 20, 20, x.due + 14, x.due + 12, 'demo_clerk1', 1,
	CASE WHEN NOT x.open THEN now() - (x.g % 365) * interval '1 day' END
FROM (SELECT g, g / 4 + 1 AS hn, (g / 500) % 100 < 15 AS open,
	     CASE WHEN (g / 500) % 100 < 15 THEN (ARRAY['verify', 'supervise', 'approve', 'file'])[1 + (g / 7) % 4]
		  ELSE (ARRAY['filed', 'refused', 'withdrawn'])[1 + (g / 7) % 3] END AS stage,
	     onedoor.today() - 6 + ((g / 3) % 15) AS due,
	     (ARRAY['wf_dibao', 'wf_tekun', 'wf_linshi', 'wf_jiaoyu'])[1 + g % 4] AS item
      FROM generate_series(0, :cases - 1) g) x
JOIN (SELECT household_id, person_id, centre_code, row_number() OVER (ORDER BY household_id) AS n
      FROM household_person) hp ON hp.n = x.hn
JOIN onedoor.applications a ON a.household_id = hp.household_id
JOIN onedoor.centres ce ON ce.code = hp.centre_code
JOIN onedoor.catalogue_items i ON i.code = x.item;

DO $$
DECLARE r record;
BEGIN
	FOR r IN SELECT def FROM saved_indexes LOOP
		EXECUTE r.def;
	END LOOP;
END $$;
-- The auditor's matrix counts open cases by trigger, which was off.
SELECT onedoor.case_light_rebuild() AS counted \gset
