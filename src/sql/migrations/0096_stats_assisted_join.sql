-- 0096_stats_assisted_join: stats_assisted's two counts of a group joined on
-- plain equality.
--
-- Why.  0095_stats_whole_province.sql joined a group's cases and households
-- to its persons with IS NOT DISTINCT FROM on month, department and item,
-- which the planner can neither hash nor merge on: it merged on the centre
-- alone and compared each of the 24,000 groups of the auditor's year with
-- every group of the same centre (1,128,000 rows thrown away, a third of
-- the time).  None of those can be NULL - a case's department and item
-- are NOT NULL, its centre too, and the month comes from closed_at, which
-- the period's bounds require - so equality keeps the same rows and lets
-- the groups be joined by hash or merge on all four.  Measured as the
-- auditor on 1,000,000 cases (bench_accountability's database, vacuumed,
-- load average 2.8): 582 -> 466 ms of server CPU.  What is left is reading
-- the year's 283,000 filed cases from the table (the item and person are
-- not in cases_ended) and folding them.
--
-- 0095's body, its newest definition (which carries 0093's ended_stage),
-- otherwise word for word.
CREATE OR REPLACE FUNCTION onedoor.stats_assisted(p_from date, p_to date)
RETURNS TABLE (month date, department text, centre_code text, item_code text,
	       cases bigint, households bigint, persons bigint)
LANGUAGE sql STABLE AS $$
	WITH filed AS (
		SELECT c.household_id, c.person_id, c.department, c.centre_code, c.item_code,
		       date_trunc('month', (c.closed_at AT TIME ZONE 'Asia/Shanghai'))::date AS month
		FROM onedoor.cases c
		WHERE c.ended_stage = 'filed'
		  -- Row security would keep the same rows; named here, the
		  -- centres let the index on (centre_code, closed_at) find them.
		  AND c.centre_code = ANY (onedoor.my_centres())
		  AND c.closed_at >= (p_from::timestamp AT TIME ZONE 'Asia/Shanghai')
		  AND c.closed_at < ((p_to + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')),
	-- A group's cases by household and person: how many each.
	per AS (
		SELECT f.month, f.department, f.centre_code, f.item_code, f.household_id,
		       f.person_id, count(*) AS n
		FROM filed f
		GROUP BY 1, 2, 3, 4, 5, 6),
	grp AS (
		SELECT p.month, p.department, p.centre_code, p.item_code, sum(p.n)::bigint AS cases,
		       count(DISTINCT p.household_id) AS households
		FROM per p
		GROUP BY 1, 2, 3, 4),
	ppl AS (
		SELECT p.month, p.department, p.centre_code, p.item_code,
		       count(DISTINCT coalesce(m.person_id, p.person_id)) AS persons
		FROM per p
		LEFT JOIN onedoor.household_members m
			ON p.person_id IS NULL AND m.household_id = p.household_id
		GROUP BY 1, 2, 3, 4)
	SELECT g.month, g.department, g.centre_code, g.item_code, g.cases, g.households, x.persons
	FROM grp g
	JOIN ppl x ON x.month = g.month AND x.department = g.department
		  AND x.centre_code = g.centre_code AND x.item_code = g.item_code
	ORDER BY 1, 2, 3, 4
$$;
