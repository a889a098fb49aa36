-- 0017_statistics: the figures leaders follow, computed by the server.
--
-- Every function runs as its caller (SECURITY INVOKER), so row security
-- scopes the figures exactly as it scopes the lists: a supervisor's are
-- their county's, the discipline commission's the whole province's.  Each
-- takes a period [p_from, p_to] of civil days and returns plain rows that
-- the screen draws as tables and charts and the CSV export writes as they
-- are; no figure is computed in the client.
--
-- "Assisted" means a case that reached 备案 (filed) in the period; its
-- persons are the household's members for a household item and the one
-- member for an individual item.

-- Filed cases by month, department, centre and item, with households and
-- persons assisted.
CREATE FUNCTION onedoor.stats_assisted(p_from date, p_to date)
RETURNS TABLE (month date, department text, centre_code text, item_code text,
	       cases bigint, households bigint, persons bigint)
LANGUAGE sql STABLE AS $$
	WITH filed AS (
		SELECT c.id, c.household_id, c.person_id, c.department, c.centre_code,
		       c.item_code,
		       date_trunc('month', (c.closed_at AT TIME ZONE 'Asia/Shanghai'))::date AS month
		FROM onedoor.cases c
		WHERE c.stage = 'filed'
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

-- Working days each stage took, for the stages left in the period: how many
-- were left, the median and 90th percentile, the stage's limit (the most
-- common one) and how many were left late.
CREATE FUNCTION onedoor.stats_stage_times(p_from date, p_to date)
RETURNS TABLE (stage text, left_count bigint, median_days numeric, p90_days numeric,
	       limit_days integer, late bigint)
LANGUAGE sql STABLE AS $$
	SELECT t.from_stage, count(*),
	       percentile_cont(0.5) WITHIN GROUP (ORDER BY t.elapsed)::numeric,
	       percentile_cont(0.9) WITHIN GROUP (ORDER BY t.elapsed)::numeric,
	       mode() WITHIN GROUP (ORDER BY t.from_due - t.from_entered_on)::integer,
	       count(*) FILTER (WHERE t.late)
	FROM onedoor.case_timeline t
	WHERE t.on_day BETWEEN p_from AND p_to
	  AND t.clock = 'stage' AND t.from_stage <> t.to_stage
	GROUP BY t.from_stage
	ORDER BY array_position('{accept,verify,supervise,approve,file}'::text[], t.from_stage)
$$;

-- Per window (centre): cases accepted in the period, open cases red now,
-- urges and 通报 in the period, complaints received and those answered late
-- or still open past their due date.  Each figure is one grouped pass over
-- the caller's centres (a subquery per centre walked the worklist once per
-- centre: 8.7 s for a county of 40,000 cases).
CREATE FUNCTION onedoor.stats_windows(p_from date, p_to date)
RETURNS TABLE (centre_code text, centre_name text, accepted bigint, red_now bigint,
	       urges bigint, reports bigint, complaints bigint, complaints_late bigint)
LANGUAGE sql STABLE AS $$
	WITH mine AS MATERIALIZED (SELECT unnest(onedoor.my_centres()) AS code),
	today AS MATERIALIZED (SELECT onedoor.today() AS d),
	acc AS (SELECT c.centre_code, count(*) AS n FROM onedoor.cases c
		WHERE c.centre_code IN (SELECT code FROM mine)
		  AND c.opened_on BETWEEN p_from AND p_to GROUP BY 1),
	red AS (SELECT w.centre_code, count(*) AS n FROM onedoor.case_worklist w
		WHERE w.centre_code IN (SELECT code FROM mine) AND w.light = 'red' GROUP BY 1),
	urg AS (SELECT c.centre_code, count(*) FILTER (WHERE u.kind = 'urge') AS urges,
		       count(*) FILTER (WHERE u.kind = 'report') AS reports
		FROM onedoor.case_urges u JOIN onedoor.cases c ON c.id = u.case_id
		WHERE u.on_day BETWEEN p_from AND p_to GROUP BY 1),
	com AS (SELECT k.about_centre AS centre_code, count(*) AS n,
		       count(*) FILTER (WHERE k.closed_on > k.due_on
					 OR (k.closed_on IS NULL AND (SELECT d FROM today) > k.due_on))
			AS late
		FROM onedoor.complaints k
		WHERE k.received_on BETWEEN p_from AND p_to GROUP BY 1)
	SELECT ce.code, ce.name, coalesce(acc.n, 0), coalesce(red.n, 0), coalesce(urg.urges, 0),
	       coalesce(urg.reports, 0), coalesce(com.n, 0), coalesce(com.late, 0)
	FROM onedoor.centres ce
	JOIN mine ON mine.code = ce.code
	LEFT JOIN acc ON acc.centre_code = ce.code
	LEFT JOIN red ON red.centre_code = ce.code
	LEFT JOIN urg ON urg.centre_code = ce.code
	LEFT JOIN com ON com.centre_code = ce.code
	ORDER BY ce.code
$$;

-- The same figures per department (the approvers' side): cases decided in
-- the period, open cases red now, urges and 通报 on the department's
-- stages; one grouped pass each.
CREATE FUNCTION onedoor.stats_departments(p_from date, p_to date)
RETURNS TABLE (department text, name_zh text, name_en text, filed bigint, refused bigint,
	       red_now bigint, urges bigint, reports bigint)
LANGUAGE sql STABLE AS $$
	WITH mine AS MATERIALIZED (SELECT unnest(onedoor.my_centres()) AS code),
	ended AS (SELECT c.department, count(*) FILTER (WHERE c.stage = 'filed') AS filed,
			 count(*) FILTER (WHERE c.stage = 'refused') AS refused
		  FROM onedoor.cases c
		  WHERE c.centre_code IN (SELECT code FROM mine) AND c.stage IN ('filed', 'refused')
		    AND c.closed_at >= (p_from::timestamp AT TIME ZONE 'Asia/Shanghai')
		    AND c.closed_at < ((p_to + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
		  GROUP BY 1),
	red AS (SELECT w.department, count(*) AS n FROM onedoor.case_worklist w
		WHERE w.centre_code IN (SELECT code FROM mine) AND w.light = 'red' GROUP BY 1),
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

-- Cases filed and households assisted per month over the last p_months
-- months up to p_to's month (for sparklines); months with none give 0.
CREATE FUNCTION onedoor.stats_monthly(p_to date, p_months integer)
RETURNS TABLE (month date, cases bigint, households bigint)
LANGUAGE sql STABLE AS $$
	WITH months AS (
		SELECT (date_trunc('month', p_to) - make_interval(months => g))::date AS month
		FROM generate_series(0, least(greatest(p_months, 1), 120) - 1) g)
	SELECT m.month, count(c.id), count(DISTINCT c.household_id)
	FROM months m
	LEFT JOIN onedoor.cases c ON c.stage = 'filed'
		AND c.centre_code = ANY (onedoor.my_centres())
		AND c.closed_at >= (m.month::timestamp AT TIME ZONE 'Asia/Shanghai')
		AND c.closed_at < ((m.month + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai')
	GROUP BY m.month
	ORDER BY m.month
$$;

-- Filed cases are found by centre and when they were closed.
CREATE INDEX cases_closed ON onedoor.cases (centre_code, closed_at) WHERE stage = 'filed';

REVOKE ALL ON FUNCTION onedoor.stats_assisted(date, date), onedoor.stats_stage_times(date, date),
	onedoor.stats_windows(date, date), onedoor.stats_departments(date, date),
	onedoor.stats_monthly(date, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.stats_assisted(date, date), onedoor.stats_stage_times(date, date),
	onedoor.stats_windows(date, date), onedoor.stats_departments(date, date),
	onedoor.stats_monthly(date, integer) TO onedoor_supervisor, onedoor_auditor, onedoor_admin;
