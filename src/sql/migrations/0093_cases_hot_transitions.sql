-- 0093_cases_hot_transitions: a stage transition updates its case in place
-- (a HOT update), writing no index entry, instead of a new entry in each of
-- the table's ten indexes.
--
-- Why.  An UPDATE that changes a column any index of the table names (as a
-- key, an INCLUDE column or in its WHERE) must add an entry for the new row
-- version to every index of the table; otherwise, when the page has room,
-- PostgreSQL keeps the new version on the same page and adds none (HOT).
-- Every transition changes stage and stage_due, and two indexes named
-- them: cases_active_centre (centre_code, stage_due) WHERE active and
-- cases_ended (centre_code, closed_at) INCLUDE (stage, ...) WHERE stage IN
-- ('filed', 'refused').  Measured by bench_workflow on 1,100,000 cases: 0
-- of 1.00 updates per transition HOT, 10 index entries per transition, five
-- of them on pages every writer of a centre shares (the centre's open
-- cases, its department's, its household's), and the table extended for
-- the new versions (Lock:extend among the waits).
--
-- Now.
--   * cases_active_centre is (centre_code) WHERE active: the worklist reads
--     all of a centre's open cases by it and orders them by light, which no
--     index holds (0078_read_plans.sql); stage_due in the key served no
--     read.
--   * ended_stage, a stored generated column, is the stage of a case filed
--     or refused and NULL otherwise: it changes only when a case closes.
--     cases_ended carries it instead of stage, WHERE ended_stage IS NOT
--     NULL, so the statistics still read filed and refused cases by
--     centre and closing time from the index alone.  Adding it rewrites the
--     table once (minutes at ten million cases; run the upgrade out of
--     hours).
--   * The statistics that filtered stage IN ('filed', 'refused') or stage =
--     'filed' filter ended_stage the same way (the same rows: ended_stage is
--     stage exactly for those two), so the planner matches cases_ended:
--     stats_assisted (0017_statistics.sql), stats_assisted_by
--     (0061_stats_by.sql), stats_departments and stats_monthly
--     (0072_stats_speed.sql), each the newest definition, otherwise word for
--     word.
--   * fillfactor 85: a page keeps room for new versions of its cases, which
--     HOT needs (pruning frees the old ones); ~15% more table, no more
--     index.  A transition that closes a case (active, closed_at and
--     ended_stage change) still writes its index entries.
-- Measured in a laboratory run (4 connections, 1,000 transitions): 852 of
-- 1,000 updates HOT, WAL per transition 3,493 -> 2,946 bytes.

ALTER TABLE onedoor.cases SET (fillfactor = 85),
	ADD COLUMN ended_stage text GENERATED ALWAYS AS (
		CASE WHEN stage IN ('filed', 'refused') THEN stage END) STORED;
DROP INDEX onedoor.cases_active_centre;
CREATE INDEX cases_active_centre ON onedoor.cases (centre_code) WHERE active;
DROP INDEX onedoor.cases_ended;
CREATE INDEX cases_ended ON onedoor.cases (centre_code, closed_at)
	INCLUDE (ended_stage, department, household_id, county) WHERE ended_stage IS NOT NULL;

CREATE OR REPLACE FUNCTION onedoor.stats_assisted(p_from date, p_to date)
RETURNS TABLE (month date, department text, centre_code text, item_code text,
	       cases bigint, households bigint, persons bigint)
LANGUAGE sql STABLE AS $$
	WITH filed AS (
		SELECT c.id, c.household_id, c.person_id, c.department, c.centre_code,
		       c.item_code,
		       date_trunc('month', (c.closed_at AT TIME ZONE 'Asia/Shanghai'))::date AS month
		FROM onedoor.cases c
		WHERE c.ended_stage = 'filed'
		  -- Row security would keep the same rows; named here, the
		  -- centres let the index on (centre_code, closed_at) find them.
		  AND c.centre_code = ANY (onedoor.my_centres())
		  AND c.closed_at >= (p_from::timestamp AT TIME ZONE 'Asia/Shanghai')
		  AND c.closed_at < ((p_to + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'))
	SELECT f.month, f.department, f.centre_code, f.item_code, count(DISTINCT f.id),
	       count(DISTINCT f.household_id),
	       count(DISTINCT coalesce(m.person_id, f.person_id))
	FROM filed f
	LEFT JOIN onedoor.household_members m
		ON f.person_id IS NULL AND m.household_id = f.household_id
	GROUP BY 1, 2, 3, 4
	ORDER BY 1, 2, 3, 4
$$;

CREATE OR REPLACE FUNCTION onedoor.stats_assisted_by(p_from date, p_to date, p_by text)
RETURNS TABLE (key text, name_zh text, name_en text, cases bigint, households bigint,
	       persons bigint)
LANGUAGE sql STABLE AS $$
	WITH filed AS (
		SELECT c.id, c.household_id, c.person_id,
		       CASE onedoor.stats_dimension_ok(p_by)
			    WHEN 'month' THEN to_char(c.closed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')
			    WHEN 'department' THEN c.department
			    WHEN 'centre' THEN c.centre_code
			    ELSE c.item_code END AS key
		FROM onedoor.cases c
		WHERE c.ended_stage = 'filed'
		  AND c.centre_code = ANY (onedoor.my_centres())
		  AND c.closed_at >= (p_from::timestamp AT TIME ZONE 'Asia/Shanghai')
		  AND c.closed_at < ((p_to + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')),
	counted AS (
		SELECT f.key, count(DISTINCT f.id) AS cases, count(DISTINCT f.household_id) AS households,
		       count(DISTINCT coalesce(m.person_id, f.person_id)) AS persons
		FROM filed f
		LEFT JOIN onedoor.household_members m
			ON f.person_id IS NULL AND m.household_id = f.household_id
		GROUP BY ROLLUP (f.key))
	SELECT k.key, n.name_zh, n.name_en, k.cases, k.households, k.persons
	FROM counted k LEFT JOIN LATERAL onedoor.stats_key_names(p_by, k.key) n ON k.key IS NOT NULL
	ORDER BY k.key IS NULL, k.key
$$;

CREATE OR REPLACE FUNCTION onedoor.stats_departments(p_from date, p_to date)
RETURNS TABLE (department text, name_zh text, name_en text, filed bigint, refused bigint,
	       red_now bigint, urges bigint, reports bigint)
LANGUAGE sql STABLE AS $$
	WITH mine AS MATERIALIZED (SELECT unnest(onedoor.my_centres()) AS code),
	ended AS (SELECT c.department, count(*) FILTER (WHERE c.ended_stage = 'filed') AS filed,
			 count(*) FILTER (WHERE c.ended_stage = 'refused') AS refused
		  FROM onedoor.cases c
		  WHERE c.centre_code IN (SELECT code FROM mine) AND c.ended_stage IN ('filed', 'refused')
		    AND c.closed_at >= (p_from::timestamp AT TIME ZONE 'Asia/Shanghai')
		    AND c.closed_at < ((p_to + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
		  GROUP BY 1),
	red AS (SELECT r.grp AS department, r.red AS n FROM onedoor.case_red_now(true) r),
	urg AS (SELECT c.department, count(*) FILTER (WHERE u.kind = 'urge') AS urges,
		       count(*) FILTER (WHERE u.kind = 'report') AS reports
		FROM onedoor.case_urges u JOIN onedoor.cases c ON c.id = u.case_id
		WHERE u.stage = 'approve' AND u.on_day BETWEEN p_from AND p_to GROUP BY 1)
	SELECT d.code, d.name_zh, d.name_en, coalesce(ended.filed, 0), coalesce(ended.refused, 0),
	       coalesce(red.n, 0), coalesce(urg.urges, 0), coalesce(urg.reports, 0)
	FROM onedoor.departments d
	LEFT JOIN ended ON ended.department = d.code
	LEFT JOIN red ON red.department = d.code
	LEFT JOIN urg ON urg.department = d.code
	ORDER BY d.code
$$;

CREATE OR REPLACE FUNCTION onedoor.stats_monthly(p_to date, p_months integer)
RETURNS TABLE (month date, cases bigint, households bigint)
LANGUAGE sql STABLE AS $$
	WITH months AS (
		SELECT (date_trunc('month', p_to) - make_interval(months => g))::date AS month
		FROM generate_series(0, least(greatest(p_months, 1), 120) - 1) g),
	filed AS (
		SELECT date_trunc('month', (c.closed_at AT TIME ZONE 'Asia/Shanghai'))::date AS month,
		       count(*) AS cases, count(DISTINCT c.household_id) AS households
		FROM onedoor.cases c
		WHERE c.ended_stage = 'filed'
		  AND c.centre_code = ANY (onedoor.my_centres())
		  AND c.closed_at >= ((date_trunc('month', p_to)::date
				       - make_interval(months => least(greatest(p_months, 1), 120) - 1))
				      AT TIME ZONE 'Asia/Shanghai')
		  AND c.closed_at < ((date_trunc('month', p_to)::date + interval '1 month')
				     AT TIME ZONE 'Asia/Shanghai')
		GROUP BY 1)
	SELECT m.month, coalesce(f.cases, 0), coalesce(f.households, 0)
	FROM months m
	LEFT JOIN filed f ON f.month = m.month
	ORDER BY m.month
$$;
