-- 0060_province_matrix: the supervisor view's matrix at a province's size.
--
-- Measured on 10,000,000 cases (1,500,000 open) in 3,000 centres: a county
-- supervisor's matrix took 1.4 s and the auditor's all-county matrix 4.3 s
-- (after 0055_province_reads; before it, over 180 s).
--
-- County roles.  The cases policy (scope_read, 0007_security.sql) is
-- "centre_code = ANY (my centres) OR (department = my department ...)":
-- the OR keeps the planner from reading the county's centres through their
-- index, so a supervisor's matrix read all 1,500,000 open cases and
-- searched 15 centres for each.  By design (0007's header) verifiers and
-- supervisors see their county's centres and approvers their department's
-- cases, so the policy is now split by role: verifiers and supervisors get
-- county_read, the centre half alone, which the index serves; everyone
-- else keeps scope_read as it was.  Each login belongs to the group role of
-- its staff group (onedoor-admin user add / move), so nobody sees more or
-- less than before.
--
-- The auditor's matrix.  Counting 1,500,000 open cases by light means
-- working out each case's light; no index helps.  A case's light depends
-- only on two dates: it is red once today is past the earliest due date of
-- its open clocks (red_after), yellow from the earliest first-yellow day
-- (yellow_on), green before; so case_light_counts keeps how many open
-- cases there are per centre, department, stage and those two dates, and
-- the light is worked out from the dates when read (so it is never stale:
-- nothing changes at midnight).  A trigger on cases appends +1 / -1 rows as
-- cases open, move and close: rows are only ever added, so writers wait
-- for nobody; case_light_fold(), called on the chainer's turn
-- (`onedoor-admin audit chain --follow`), adds them up now and then.
-- screens_matrix (0012_screens.sql, the only earlier definition) reads the
-- summary for callers who see every case (active auditors and
-- administrators: the same rows as before) and the worklist as before for
-- everyone else, whose row security decides what they count.
-- Data loaded with triggers off (benchmark fixtures) is counted again by
-- case_light_rebuild().

ALTER POLICY scope_read ON onedoor.cases TO onedoor_clerk, onedoor_approver, onedoor_auditor,
	onedoor_admin;
CREATE POLICY county_read ON onedoor.cases FOR SELECT TO onedoor_verifier, onedoor_supervisor
	USING (centre_code = ANY ((SELECT onedoor.my_centres())::text[]));

-- The two dates that decide an open case's light, as case_worklist
-- (0006_lights.sql) works it out clock by clock.
CREATE FUNCTION onedoor.case_red_after(c onedoor.cases) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
	SELECT least(c.stage_due,
		     CASE WHEN c.stage_due IS NOT NULL THEN c.case_due END,
		     CASE WHEN c.check_kind IS NOT NULL AND c.check_result IS NULL THEN c.check_due END)
$$;
CREATE FUNCTION onedoor.case_yellow_on(c onedoor.cases) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
	SELECT least(CASE WHEN c.stage_due IS NOT NULL THEN c.stage_warn_from END,
		     CASE WHEN c.stage_due IS NOT NULL AND c.case_due IS NOT NULL
			  THEN c.case_warn_from END,
		     CASE WHEN c.check_kind IS NOT NULL AND c.check_result IS NULL
			       AND c.check_due IS NOT NULL THEN c.check_warn_from END)
$$;
CREATE FUNCTION onedoor.light_from(p_yellow_on date, p_red_after date, p_today date) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN p_today > p_red_after THEN 'red'
		    WHEN p_today >= p_yellow_on THEN 'yellow' ELSE 'green' END
$$;

CREATE TABLE onedoor.case_light_counts (
	centre_code text NOT NULL,
	department  text NOT NULL,
	stage       text NOT NULL,
	yellow_on   date,
	red_after   date,
	n           bigint NOT NULL
);
ALTER TABLE onedoor.case_light_counts ENABLE ROW LEVEL SECURITY;

CREATE FUNCTION onedoor.case_light_counts_track() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	was boolean := TG_OP <> 'INSERT' AND OLD.active;
	now_open boolean := TG_OP <> 'DELETE' AND NEW.active;
BEGIN
	IF was AND now_open AND OLD.centre_code = NEW.centre_code
	   AND OLD.department = NEW.department AND OLD.stage = NEW.stage
	   AND onedoor.case_yellow_on(OLD) IS NOT DISTINCT FROM onedoor.case_yellow_on(NEW)
	   AND onedoor.case_red_after(OLD) IS NOT DISTINCT FROM onedoor.case_red_after(NEW) THEN
		RETURN NULL;
	END IF;
	IF was THEN
		INSERT INTO onedoor.case_light_counts VALUES (OLD.centre_code, OLD.department,
			OLD.stage, onedoor.case_yellow_on(OLD), onedoor.case_red_after(OLD), -1);
	END IF;
	IF now_open THEN
		INSERT INTO onedoor.case_light_counts VALUES (NEW.centre_code, NEW.department,
			NEW.stage, onedoor.case_yellow_on(NEW), onedoor.case_red_after(NEW), 1);
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER case_light_counts AFTER INSERT OR UPDATE OR DELETE ON onedoor.cases
	FOR EACH ROW EXECUTE FUNCTION onedoor.case_light_counts_track();

-- Adds up the rows appended since last time (rows appended meanwhile by
-- other transactions are not seen, so not touched); returns the rows left.
CREATE FUNCTION onedoor.case_light_fold() RETURNS bigint
LANGUAGE plpgsql SET search_path = onedoor, pg_temp AS $$
DECLARE kept bigint;
BEGIN
	WITH gone AS (DELETE FROM onedoor.case_light_counts k RETURNING k.*)
	INSERT INTO onedoor.case_light_counts
	SELECT g.centre_code, g.department, g.stage, g.yellow_on, g.red_after, sum(g.n)
	FROM gone g GROUP BY 1, 2, 3, 4, 5 HAVING sum(g.n) <> 0;
	GET DIAGNOSTICS kept = ROW_COUNT;
	RETURN kept;
END $$;

-- Counts every open case again (after data was loaded with triggers off).
CREATE FUNCTION onedoor.case_light_rebuild() RETURNS bigint
LANGUAGE plpgsql SET search_path = onedoor, pg_temp AS $$
DECLARE kept bigint;
BEGIN
	LOCK TABLE onedoor.cases IN SHARE MODE;
	DELETE FROM onedoor.case_light_counts;
	INSERT INTO onedoor.case_light_counts
	SELECT c.centre_code, c.department, c.stage, onedoor.case_yellow_on(c),
	       onedoor.case_red_after(c), count(*)
	FROM onedoor.cases c WHERE c.active GROUP BY 1, 2, 3, 4, 5;
	GET DIAGNOSTICS kept = ROW_COUNT;
	RETURN kept;
END $$;
SELECT onedoor.case_light_rebuild();

-- The matrix of every open case, by centre (or department), stage and
-- light, for callers who may see every case; nothing for anyone else.
CREATE FUNCTION onedoor.case_matrix_all(p_by_department boolean)
RETURNS TABLE (grp text, stage text, light text, cases bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	-- today once (MATERIALIZED), not once per row
	WITH t AS MATERIALIZED (SELECT onedoor.today() AS today)
	SELECT CASE WHEN p_by_department THEN k.department ELSE k.centre_code END, k.stage,
	       onedoor.light_from(k.yellow_on, k.red_after, t.today), sum(k.n)::bigint
	FROM onedoor.case_light_counts k
	CROSS JOIN t
	WHERE (SELECT onedoor.my_scope_all())
	GROUP BY 1, 2, 3
	HAVING sum(k.n) <> 0
$$;

CREATE OR REPLACE FUNCTION onedoor.screens_matrix(p_by_department boolean)
RETURNS TABLE (grp text, grp_name text, stage text, light text, cases bigint)
LANGUAGE sql STABLE SET jit = off AS $$
	SELECT m.grp, c.name, m.stage, m.light, m.cases
	FROM onedoor.case_matrix_all(false) m JOIN onedoor.centres c ON c.code = m.grp
	WHERE NOT p_by_department AND (SELECT onedoor.my_scope_all())
	UNION ALL
	SELECT m.grp, m.grp, m.stage, m.light, m.cases
	FROM onedoor.case_matrix_all(true) m
	WHERE p_by_department AND (SELECT onedoor.my_scope_all())
	UNION ALL
	SELECT m.centre_code, c.name, m.stage, m.light, m.cases
	FROM onedoor.case_matrix m JOIN onedoor.centres c ON c.code = m.centre_code
	WHERE NOT p_by_department AND NOT (SELECT onedoor.my_scope_all())
	UNION ALL
	SELECT m.department, m.department, m.stage, m.light, m.cases
	FROM onedoor.case_matrix_department m
	WHERE p_by_department AND NOT (SELECT onedoor.my_scope_all())
	ORDER BY 1, 3, 4
$$;

REVOKE ALL ON FUNCTION onedoor.case_matrix_all(boolean), onedoor.case_light_fold(),
	onedoor.case_light_rebuild(), onedoor.case_light_counts_track(),
	onedoor.case_red_after(onedoor.cases), onedoor.case_yellow_on(onedoor.cases),
	onedoor.light_from(date, date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.case_matrix_all(boolean) TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
