-- 0055_province_reads: reads that stay fast at a province's size (10,000,000
-- cases, 3,000 centres, 200 counties), with the same answers and the same
-- row security as before.
--
-- Status lookup by resident ID.  status_lookup (0037_audit_chainer.sql,
-- the only earlier definition) left-joined case_worklist, whose
-- MATERIALIZED CTE keeps the join from reaching the view: one lookup
-- computed the lights of every open case of the province (1.2 s at 1M
-- cases, 5.6 s at 10M).  It now asks case_worklist for each of the
-- person's cases alone (a LATERAL subquery with OFFSET 0, which the
-- planner keeps as a per-row lookup by primary key), so the light and the
-- days left still come from the view, their one home.  status_case_ids
-- (0037, the only earlier definition) had "person_id = $1 OR (person_id IS
-- NULL AND EXISTS household ...)", which no index serves; it is now the
-- union of its two halves, each by an index.  The body of status_lookup is
-- otherwise 0037's, word for word (0047 changed trace_read, not this).
-- status_lookup and trace_read looked the person up with a scan of every
-- person (see the index below).
--
-- Row security by role.  The policies of cases, households and
-- applications test centre_code = ANY (my_centres()): for an auditor or an
-- administrator that is the province's 3,000 centres searched one by one
-- for every row, and the all-county matrix never finished.  A second
-- permissive policy, whole_province, for the auditor and administrator
-- roles only, lets an active auditor or administrator (whose my_centres() is
-- every centre, and these tables' centre_code is NOT NULL and references
-- centres, so the old policy passed every row anyway) through with one
-- boolean computed once per statement.  Nobody sees more or less than
-- before: the policies are ORed, and whole_province is true exactly when the
-- old policy was true for every row.  The tables that check through
-- EXISTS on cases or households get the benefit with no change.  (The
-- server ORs the permissive policies in descending order of their names,
-- so whole_province is tested before scope_read's array search.)
CREATE FUNCTION onedoor.my_scope_all() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT EXISTS (SELECT 1 FROM onedoor.staff s WHERE s.role_name = session_user
		       AND s.active AND s.role_group IN ('auditor', 'admin'))
$$;
REVOKE ALL ON FUNCTION onedoor.my_scope_all() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.my_scope_all() TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;

CREATE POLICY whole_province ON onedoor.cases FOR SELECT TO onedoor_auditor, onedoor_admin
	USING ((SELECT onedoor.my_scope_all()));
CREATE POLICY whole_province ON onedoor.households FOR SELECT TO onedoor_auditor, onedoor_admin
	USING ((SELECT onedoor.my_scope_all()));
CREATE POLICY whole_province ON onedoor.applications FOR SELECT TO onedoor_auditor, onedoor_admin
	USING ((SELECT onedoor.my_scope_all()));

-- ROWS 10: a person has a few cases; the default guess of 1,000 made the
-- planner read the whole of a small cases table.
CREATE OR REPLACE FUNCTION onedoor.status_case_ids(p_person_id bigint) RETURNS SETOF bigint
LANGUAGE sql STABLE ROWS 10 AS $$
	-- OFFSET 0: find the person's cases by their indexes first, then
	-- check the scope on those few (the planner would otherwise push the
	-- scope into each half and read a whole centre's cases)
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
			OR c.county = (SELECT onedoor.my_approver_county()))))
$$;

-- A person by resident ID as the functions ask for it: resident_id is
-- char(18) and they compare it with text, which casts the column, so the
-- unique index was never used and each lookup (status_lookup, and its
-- trace in trace_read) scanned the persons table - millions of rows in a
-- province.  An index on the cast serves them as they are written.
CREATE INDEX persons_resident_id_text ON onedoor.persons ((resident_id::text));

CREATE OR REPLACE FUNCTION onedoor.status_lookup(p_resident_id text)
RETURNS TABLE (person_name text, case_id bigint, case_no text, application_no text,
	       subject_name text,
	       item_code text, item_name_zh text, item_name_en text, department text,
	       centre_code text, centre_name text, track text, stage text, light text,
	       stage_due date, case_due date, closed_on date, days_left integer,
	       last_phrase text, last_reason text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	me onedoor.staff := onedoor.current_staff();
	rid text := upper(btrim(p_resident_id));
	pid bigint;
	pname text;
BEGIN
	IF me.role_name IS NULL THEN
		RAISE EXCEPTION 'this login is not active staff' USING ERRCODE = '42501';
	END IF;
	IF rid IS NULL OR NOT onedoor.resident_id_valid(rid) THEN
		RAISE EXCEPTION 'invalid resident ID' USING ERRCODE = '22023';
	END IF;
	PERFORM onedoor.read_traced('status_lookup', encode(sha256(convert_to(rid, 'UTF8')), 'hex'));
	SELECT p.id, p.name INTO pid, pname FROM onedoor.persons p WHERE p.resident_id = rid;
	RETURN QUERY
	SELECT pname, c.id, c.case_no, a.application_no, c.subject_name, c.item_code, i.name_zh,
	       i.name_en, c.department, c.centre_code, ce.name, c.track, c.stage,
	       w.light, c.stage_due, c.case_due,
	       CASE WHEN c.stage IN ('filed', 'refused', 'withdrawn') THEN e.on_day END,
	       w.days_left, e.phrase, e.reason
	FROM onedoor.cases c
	JOIN onedoor.applications a ON a.id = c.application_id
	JOIN onedoor.catalogue_items i ON i.code = c.item_code
	JOIN onedoor.centres ce ON ce.code = c.centre_code
	-- OFFSET 0: one case's light at a time, not the whole worklist's
	LEFT JOIN LATERAL (SELECT x.light, x.days_left FROM onedoor.case_worklist x
			   WHERE x.id = c.id OFFSET 0) w ON true
	LEFT JOIN LATERAL (SELECT x.phrase, x.reason, x.on_day FROM onedoor.case_events x
			   WHERE x.case_id = c.id ORDER BY x.id DESC LIMIT 1) e ON true
	WHERE c.id IN (SELECT onedoor.status_case_ids(pid))
	ORDER BY c.opened_on DESC, c.case_no;
END $$;
