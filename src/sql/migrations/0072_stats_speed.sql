-- 0072_stats_speed: the per-window, per-department and monthly statistics at
-- county scale.
--
-- Measured on 1,000,000 cases (a county of 40,000, 6,000 of them open): a
-- county supervisor's windows took 860 ms, departments 655 ms, the monthly
-- series 569 ms; the auditor's over 25 counties several seconds.  Where the
-- time went:
--   * "red now" worked out the light of every open case through
--     case_worklist;
--   * "accepted" found the county's cases by centre alone and read every
--     one of them from the table to look at its day of registration;
--   * "filed" and "refused" likewise read every case of the centre to keep
--     those closed in the period;
--   * the monthly series joined each month to every filed case of the year
--     (12 x 11,000 comparisons of converted times).
--
-- Now:
--   * "red now" is counted from case_light_counts (0060_province_matrix.sql),
--     which the server keeps by trigger: open cases per centre, department,
--     stage and the two dates that decide a light.  The light is worked out
--     from those dates when read (light_from, the rule case_worklist
--     applies clock by clock), so it is never stale and has one home.  The
--     summary is the server's own (row security, no policy), so
--     case_red_now reads it as the owner and keeps the caller's centres
--     (my_centres: a supervisor's county, everything for the discipline
--     commission and administrators - exactly the cases their row
--     security shows them; the statistics are granted to no one else).
--   * cases_centre (centre_code) becomes (centre_code, opened_on), which
--     answers "accepted in the period" from the index alone; it still
--     serves every lookup by centre.
--   * cases_closed (filed cases by centre and closing time) becomes
--     cases_ended: filed and refused cases by centre and closing time, with
--     the stage, department, household and county (which the auditor's row
--     security looks at) carried in the index, so the
--     departments' filed/refused and the monthly series are read from the
--     index alone; stats_assisted (0017) uses it as it used cases_closed.
--   * the monthly series groups the filed cases by month once, then puts
--     them beside the months.
-- stats_windows, stats_departments and stats_monthly were defined only in
-- 0017_statistics.sql; these bodies keep their columns, scope and order.

DROP INDEX onedoor.cases_centre;
CREATE INDEX cases_centre ON onedoor.cases (centre_code, opened_on);
DROP INDEX onedoor.cases_closed;
CREATE INDEX cases_ended ON onedoor.cases (centre_code, closed_at)
	INCLUDE (stage, department, household_id, county) WHERE stage IN ('filed', 'refused');

-- Open cases red today among the caller's centres, by centre or by
-- department.
CREATE FUNCTION onedoor.case_red_now(p_by_department boolean)
RETURNS TABLE (grp text, red bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	WITH t AS MATERIALIZED (SELECT onedoor.today() AS today),
	mine AS MATERIALIZED (SELECT unnest(onedoor.my_centres()) AS code)
	SELECT CASE WHEN p_by_department THEN k.department ELSE k.centre_code END, sum(k.n)::bigint
	FROM onedoor.case_light_counts k
	JOIN mine ON mine.code = k.centre_code
	CROSS JOIN t
	WHERE onedoor.light_from(k.yellow_on, k.red_after, t.today) = 'red'
	GROUP BY 1
	HAVING sum(k.n) <> 0
$$;

CREATE OR REPLACE FUNCTION onedoor.stats_windows(p_from date, p_to date)
RETURNS TABLE (centre_code text, centre_name text, accepted bigint, red_now bigint,
	       urges bigint, reports bigint, complaints bigint, complaints_late bigint)
LANGUAGE sql STABLE AS $$
	WITH mine AS MATERIALIZED (SELECT unnest(onedoor.my_centres()) AS code),
	today AS MATERIALIZED (SELECT onedoor.today() AS d),
	acc AS (SELECT c.centre_code, count(*) AS n FROM onedoor.cases c
		WHERE c.centre_code IN (SELECT code FROM mine)
		  AND c.opened_on BETWEEN p_from AND p_to GROUP BY 1),
	red AS (SELECT r.grp AS centre_code, r.red AS n FROM onedoor.case_red_now(false) r),
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

CREATE OR REPLACE FUNCTION onedoor.stats_departments(p_from date, p_to date)
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
		WHERE c.stage = 'filed'
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

REVOKE ALL ON FUNCTION onedoor.case_red_now(boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.case_red_now(boolean) TO onedoor_supervisor, onedoor_auditor,
	onedoor_admin;
