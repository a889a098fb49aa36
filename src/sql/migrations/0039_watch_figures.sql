-- 0039_watch_figures: the supervisor's figures of warnings, monitoring and
-- care per centre (township), in one pass over each table: the views
-- warning_figures and monitoring_figures (0025_warnings.sql,
-- 0026_monitoring.sql) compute every row's light and working days through
-- the queue and register views, 0.2 s on a county of 100,000 monitored
-- households; this reads the tables once, lights by onedoor.light() as
-- everywhere.  Run as the caller: row security decides what is counted.
-- Centres with nothing to count are left out; the worst first (red
-- warnings, missed visits and overdue care items together).
CREATE FUNCTION onedoor.watch_figures()
RETURNS TABLE (code text, name text, n bigint, unack bigint, wred bigint, wyellow bigint,
	       a02 bigint, a35 bigint, a610 bigint, a10 bigint, c1 bigint, c2 bigint,
	       soon bigint, missed bigint, proposals bigint, cred bigint, coverdue bigint)
LANGUAGE sql STABLE AS $$
	WITH t AS MATERIALIZED (
		SELECT onedoor.today() AS today, onedoor.working_seq(onedoor.today()) AS seq),
	w AS (SELECT x.centre_code, count(*) AS n,
		     count(*) FILTER (WHERE x.state = 'open') AS unack,
		     count(*) FILTER (WHERE x.state = 'open'
			AND onedoor.light(x.ack_due, x.ack_warn_from, t.today) = 'red') AS red,
		     count(*) FILTER (WHERE x.state = 'open'
			AND onedoor.light(x.ack_due, x.ack_warn_from, t.today) = 'yellow') AS yellow,
		     count(*) FILTER (WHERE t.seq - k.seq <= 2) AS a02,
		     count(*) FILTER (WHERE t.seq - k.seq BETWEEN 3 AND 5) AS a35,
		     count(*) FILTER (WHERE t.seq - k.seq BETWEEN 6 AND 10) AS a610,
		     count(*) FILTER (WHERE t.seq - k.seq > 10) AS a10
	      FROM onedoor.warnings x CROSS JOIN t
	      JOIN onedoor.working_days k ON k.day = x.raised_on
	      WHERE x.state <> 'closed' GROUP BY x.centre_code),
	m AS (SELECT x.centre_code, count(*) FILTER (WHERE x.category = 1) AS c1,
		     count(*) FILTER (WHERE x.category = 2) AS c2,
		     count(*) FILTER (WHERE onedoor.light(x.visit_due, x.visit_warn_from, t.today)
				      = 'yellow') AS soon,
		     count(*) FILTER (WHERE onedoor.light(x.visit_due, x.visit_warn_from, t.today)
				      = 'red') AS missed,
		     count(*) FILTER (WHERE x.proposal IS NOT NULL) AS proposals
	      FROM onedoor.monitoring x CROSS JOIN t
	      WHERE x.state = 'active' GROUP BY x.centre_code),
	c AS (SELECT x.centre_code, count(*) FILTER (WHERE x.colour = 'red') AS red,
		     (SELECT count(*) FROM onedoor.care_overdue o
		      WHERE o.centre_code = x.centre_code) AS overdue
	      FROM onedoor.care_ratings x WHERE x.current GROUP BY x.centre_code)
	SELECT ce.code, ce.name, coalesce(w.n, 0), coalesce(w.unack, 0), coalesce(w.red, 0),
	       coalesce(w.yellow, 0), coalesce(w.a02, 0), coalesce(w.a35, 0), coalesce(w.a610, 0),
	       coalesce(w.a10, 0), coalesce(m.c1, 0), coalesce(m.c2, 0), coalesce(m.soon, 0),
	       coalesce(m.missed, 0), coalesce(m.proposals, 0), coalesce(c.red, 0),
	       coalesce(c.overdue, 0)
	FROM onedoor.centres ce
	LEFT JOIN w ON w.centre_code = ce.code
	LEFT JOIN m ON m.centre_code = ce.code
	LEFT JOIN c ON c.centre_code = ce.code
	WHERE w.n IS NOT NULL OR m.c1 IS NOT NULL OR c.red IS NOT NULL
	ORDER BY coalesce(w.red, 0) + coalesce(m.missed, 0) + coalesce(c.overdue, 0) DESC, ce.code
$$;
REVOKE ALL ON FUNCTION onedoor.watch_figures() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.watch_figures() TO onedoor_supervisor, onedoor_auditor,
	onedoor_admin;
