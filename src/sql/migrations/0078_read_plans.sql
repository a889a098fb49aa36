-- 0078_read_plans: one centre's worklist in a third of the server's
-- time: its plan kept for the session, the costly columns worked out for
-- the rows shown only, and the catalogue joined by hash; the status
-- lookup's cases found by a plan kept for the session too.
--
-- Why.  Measured at 10,000,000 cases (bench_province; server CPU time per
-- read, which the machine's load does not inflate): the worklist as the
-- client sent it, 5-6 ms of CPU per read for a centre with 532 open cases.
-- Planning was the smaller part (under 1 ms once the session's caches are
-- warm).  The rest:
--   - days_left (a working-day lookup per row) was worked out for every
--     open case of the centre before sorting, though 50 are shown (~2 ms);
--   - row security's filter makes the planner expect a handful of cases
--     where a centre has hundreds, so it joined the catalogue by nested
--     loop, comparing every case with every item (~1 ms).
-- worklist_page asks the view twice: first the ids of the most urgent
-- p_limit cases (only the light and next due date are worked out, which is
-- what the order needs), then those rows whole.  Both statements are
-- PL/pgSQL's, so their plans are prepared once per session and, with
-- plan_cache_mode = force_generic_plan, kept: the client still sends one
-- unnamed parameterised statement (PgBouncer forbids named prepared
-- statements), and the view's planning is paid once per server connection.
-- enable_nestloop = off makes the planner join the catalogue by hash (an
-- index lookup by id is still a nested loop where nothing else can do).
--
-- The same answer as the view, row for row: SECURITY INVOKER, so the
-- caller's row security applies as it does to the view (a plan made under
-- row security is made again when the session's user changes); a STABLE
-- function's statements see one snapshot, so the second finds the rows
-- the first chose; today and the working days are read when the plan runs
-- (the view's MATERIALIZED CTE), never frozen into it.  A generic plan suits
-- every centre: centres hold about the same number of cases, and the plan
-- reads one centre's open cases by the index cases_active_centre whatever
-- its code.
--
-- p_centre NULL is every case the caller may see (the county's roles);
-- p_limit the rows wanted, most urgent first (light_rank DESC, next_due, id).
CREATE FUNCTION onedoor.worklist_page(p_centre text, p_limit integer)
RETURNS SETOF onedoor.case_worklist
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan SET enable_nestloop = off AS $$
DECLARE
	ids bigint[];
BEGIN
	IF p_centre IS NULL THEN
		ids := ARRAY(SELECT w.id FROM onedoor.case_worklist w
			     ORDER BY w.light_rank DESC, w.next_due, w.id LIMIT p_limit);
	ELSE
		ids := ARRAY(SELECT w.id FROM onedoor.case_worklist w WHERE w.centre_code = p_centre
			     ORDER BY w.light_rank DESC, w.next_due, w.id LIMIT p_limit);
	END IF;
	RETURN QUERY SELECT * FROM onedoor.case_worklist w WHERE w.id = ANY (ids)
		ORDER BY w.light_rank DESC, w.next_due, w.id;
END $$;
REVOKE ALL ON FUNCTION onedoor.worklist_page(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.worklist_page(text, integer) TO onedoor_clerk,
	onedoor_verifier, onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;

-- The status lookup's cases (status_lookup, and trace_read's count): the
-- body of 0055_province_reads.sql's, the newest, word for word, now in
-- PL/pgSQL.  A LANGUAGE sql function that cannot be inlined (this one
-- returns a set to a subquery) plans its statement at every call; PL/pgSQL
-- keeps the plan for the session.  Measured at 10,000,000 cases: 0.52 ms
-- of server CPU per call as SQL, 0.30 ms as PL/pgSQL; the lookup is two
-- calls (trace, then read).
CREATE OR REPLACE FUNCTION onedoor.status_case_ids(p_person_id bigint) RETURNS SETOF bigint
LANGUAGE plpgsql STABLE ROWS 10 AS $$
BEGIN
	-- OFFSET 0: find the person's cases by their indexes first, then
	-- check the scope on those few (the planner would otherwise push the
	-- scope into each half and read a whole centre's cases)
	RETURN QUERY
	SELECT c.id FROM (
		SELECT c.id, c.centre_code, c.department, c.county FROM onedoor.cases c
		WHERE c.person_id = p_person_id
		UNION
		SELECT c.id, c.centre_code, c.department, c.county
		FROM onedoor.household_members m
		JOIN onedoor.cases c ON c.household_id = m.household_id AND c.person_id IS NULL
		WHERE m.person_id = p_person_id
		OFFSET 0) c
	WHERE p_person_id IS NOT NULL
	  AND (c.centre_code = ANY ((SELECT onedoor.my_centres())::text[])
	       OR (c.department = (SELECT onedoor.my_department())
		   AND ((SELECT onedoor.my_approver_county()) IS NULL
			OR c.county = (SELECT onedoor.my_approver_county()))));
END $$;
