-- 0012_screens: what the status lookup and the supervisor view read.
--
-- status_lookup(resident ID): every case of that person, as the applicant
-- is told it at the window.  The resident ID itself is not readable by any
-- client (0007), so the lookup is a definer function; it applies the same
-- scope as the row-security policies (a clerk's centre, a county, an
-- approver's department, everything for auditors) and leaves a trace in
-- the audit log, as every use of an unmasked ID does.
--
-- The views are security_invoker: row security of the reader decides what
-- is counted, so a supervisor's figures are their county's.
--   case_matrix_department   open cases by department, stage and light
--   window_performance       per centre and accepting clerk (the window)
--   department_performance   per department
-- A case "handled" is one accepted (any stage, any end); "days to file" are
-- the working days from registration to 备案 of filed cases; a case is
-- overdue when one of its clocks is red now, or it left a stage after its
-- due day, or it ended after the whole case's due day.
--
-- screens_matrix(by department) and screens_performance(by department)
-- are what the client reads: the views above, run as the caller (row
-- security applies) with JIT off.  On a county of a million-case database
-- JIT compilation took longer than the query itself (2.8 s against 0.35 s
-- for the performance, 130 ms against 20 ms for a matrix).
--
-- discovery_list(): the households of the latest finished discover run
-- that qualify for items they do not receive, in the caller's centres.

CREATE FUNCTION onedoor.status_lookup(p_resident_id text)
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
	centres text[] := onedoor.my_centres();
	dept text := onedoor.my_department();
	dept_county text := onedoor.my_approver_county();
	n integer;
BEGIN
	IF me.role_name IS NULL THEN
		RAISE EXCEPTION 'this login is not active staff' USING ERRCODE = '42501';
	END IF;
	IF rid IS NULL OR NOT onedoor.resident_id_valid(rid) THEN
		RAISE EXCEPTION 'invalid resident ID' USING ERRCODE = '22023';
	END IF;
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
	LEFT JOIN onedoor.case_worklist w ON w.id = c.id
	LEFT JOIN LATERAL (SELECT x.phrase, x.reason, x.on_day FROM onedoor.case_events x
			   WHERE x.case_id = c.id ORDER BY x.id DESC LIMIT 1) e ON true
	WHERE pid IS NOT NULL
	  AND (c.person_id = pid
	       OR (c.person_id IS NULL AND EXISTS (
			SELECT 1 FROM onedoor.household_members m
			WHERE m.household_id = c.household_id AND m.person_id = pid)))
	  AND (c.centre_code = ANY (centres)
	       OR (c.department = dept AND (dept_county IS NULL OR c.county = dept_county)))
	ORDER BY c.opened_on DESC, c.case_no;
	GET DIAGNOSTICS n = ROW_COUNT;
	PERFORM onedoor.audit_append('person', coalesce(pid::text, ''), 'status_lookup', NULL,
		jsonb_build_object('resident_id', onedoor.mask_resident_id(rid), 'cases', n));
END $$;

CREATE VIEW onedoor.case_matrix_department WITH (security_invoker = true) AS
SELECT w.department, w.stage, w.light, count(*) AS cases
FROM onedoor.case_worklist w
GROUP BY w.department, w.stage, w.light;

-- One row per accepted case with what the performance views count.  The
-- day a case ended is its last event's (onedoor.today() then), not the
-- clock time, so that figures follow the calendar the clocks use.
CREATE VIEW onedoor.case_performance WITH (security_invoker = true) AS
WITH t AS MATERIALIZED (SELECT onedoor.today() AS today)
SELECT c.id, c.centre_code, c.department, c.accepted_by, c.stage,
       CASE WHEN c.stage = 'filed' THEN
	       onedoor.working_days_between(c.opened_on, ended.on_day) END AS days_to_file,
       (c.stage_due IS NOT NULL AND t.today > c.stage_due)
	OR (c.stage_due IS NOT NULL AND t.today > c.case_due)
	OR ended.on_day > c.case_due
	OR EXISTS (SELECT 1 FROM onedoor.case_events e
		   WHERE e.case_id = c.id AND e.on_day > e.from_due) AS overdue
FROM onedoor.cases c
CROSS JOIN t
LEFT JOIN LATERAL (SELECT e.on_day FROM onedoor.case_events e
		   WHERE e.case_id = c.id AND c.stage_due IS NULL
		     AND e.to_stage IN ('filed', 'refused', 'withdrawn')
		   ORDER BY e.id DESC LIMIT 1) ended ON true
WHERE c.accepted_by IS NOT NULL;

CREATE VIEW onedoor.window_performance WITH (security_invoker = true) AS
SELECT p.centre_code, ce.name AS centre_name, p.accepted_by,
       coalesce(onedoor.staff_name(p.accepted_by), p.accepted_by::text) AS clerk_name,
       count(*) AS handled, count(p.days_to_file) AS filed,
       round(avg(p.days_to_file), 1) AS avg_days_to_file,
       count(*) FILTER (WHERE p.overdue) AS overdue,
       round(100.0 * count(*) FILTER (WHERE p.overdue) / count(*), 1) AS overdue_pct
FROM onedoor.case_performance p
JOIN onedoor.centres ce ON ce.code = p.centre_code
GROUP BY p.centre_code, ce.name, p.accepted_by;

CREATE VIEW onedoor.department_performance WITH (security_invoker = true) AS
SELECT p.department, d.name_zh, d.name_en,
       count(*) AS handled, count(p.days_to_file) AS filed,
       round(avg(p.days_to_file), 1) AS avg_days_to_file,
       count(*) FILTER (WHERE p.overdue) AS overdue,
       round(100.0 * count(*) FILTER (WHERE p.overdue) / count(*), 1) AS overdue_pct
FROM onedoor.case_performance p
JOIN onedoor.departments d ON d.code = p.department
GROUP BY p.department, d.name_zh, d.name_en;

-- Row security on cases is "centre in my centres, or my department": with
-- these two indexes (the existing ones cover only open cases) a county's
-- reading of all its cases is a bitmap scan instead of a scan of every
-- county's.  Neither column ever changes, so updates stay HOT.
CREATE INDEX cases_centre ON onedoor.cases (centre_code);
CREATE INDEX cases_department ON onedoor.cases (department, county);

CREATE FUNCTION onedoor.screens_matrix(p_by_department boolean)
RETURNS TABLE (grp text, grp_name text, stage text, light text, cases bigint)
LANGUAGE sql STABLE SET jit = off AS $$
	SELECT m.centre_code, c.name, m.stage, m.light, m.cases
	FROM onedoor.case_matrix m JOIN onedoor.centres c ON c.code = m.centre_code
	WHERE NOT p_by_department
	UNION ALL
	SELECT m.department, m.department, m.stage, m.light, m.cases
	FROM onedoor.case_matrix_department m
	WHERE p_by_department
	ORDER BY 1, 3, 4
$$;

CREATE FUNCTION onedoor.screens_performance(p_by_department boolean)
RETURNS TABLE (grp text, grp_name text, person text, person_name text, handled bigint,
	       filed bigint, overdue bigint, avg_days_to_file numeric, overdue_pct numeric)
LANGUAGE sql STABLE SET jit = off AS $$
	SELECT w.centre_code, w.centre_name, w.accepted_by::text, w.clerk_name, w.handled,
	       w.filed, w.overdue, w.avg_days_to_file, w.overdue_pct
	FROM onedoor.window_performance w
	WHERE NOT p_by_department
	UNION ALL
	SELECT d.department, d.name_zh, '', '', d.handled, d.filed, d.overdue,
	       d.avg_days_to_file, d.overdue_pct
	FROM onedoor.department_performance d
	WHERE p_by_department
	ORDER BY 1, 3
$$;

CREATE FUNCTION onedoor.discovery_list(p_limit integer)
RETURNS TABLE (household_no text, centre_code text, centre_name text, applicant_name text,
	       applicant_id text, items text[], item_names text[], amounts numeric[],
	       warnings text[], as_of date)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	WITH run AS (SELECT r.id, r.as_of FROM onedoor.discover_runs r
		     WHERE r.finished_at IS NOT NULL ORDER BY r.id DESC LIMIT 1)
	SELECT h.household_no, h.centre_code, ce.name, p.name,
	       onedoor.mask_resident_id(p.resident_id), d.items,
	       ARRAY(SELECT coalesce(i.name_zh, u.code)
		     FROM unnest(d.items) WITH ORDINALITY u(code, n)
		     LEFT JOIN onedoor.catalogue_items i ON i.code = u.code ORDER BY u.n),
	       d.amounts, d.warnings, run.as_of
	FROM run
	JOIN onedoor.discoveries d ON d.run_id = run.id
	JOIN onedoor.households h ON h.id = d.household_id AND h.active
	JOIN onedoor.centres ce ON ce.code = h.centre_code
	JOIN onedoor.household_members m ON m.household_id = h.id AND m.position = 1
	JOIN onedoor.persons p ON p.id = m.person_id
	WHERE cardinality(d.items) > 0
	  AND h.centre_code = ANY (onedoor.my_centres())
	ORDER BY cardinality(d.items) DESC, h.household_no
	LIMIT p_limit
$$;

GRANT SELECT ON onedoor.case_matrix_department, onedoor.case_performance,
	onedoor.window_performance, onedoor.department_performance TO onedoor_clerk,
	onedoor_verifier, onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
REVOKE ALL ON FUNCTION onedoor.status_lookup(text), onedoor.discovery_list(integer),
	onedoor.screens_matrix(boolean), onedoor.screens_performance(boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.screens_matrix(boolean),
	onedoor.screens_performance(boolean) TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
GRANT EXECUTE ON FUNCTION onedoor.status_lookup(text) TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
GRANT EXECUTE ON FUNCTION onedoor.discovery_list(integer) TO onedoor_supervisor,
	onedoor_auditor, onedoor_admin;
