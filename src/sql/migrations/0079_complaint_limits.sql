-- 0079_complaint_limits: the working days a county gives itself to answer a
-- complaint, set by that county's administrator.
--
-- Until now every complaint got complaint_default_limit() (15 working days,
-- 0016_accountability.sql): counties whose complaint rules say 10, or 30
-- for letters to be investigated, could not say so, and the light of every
-- complaint followed the 15.  complaint_limits holds one limit per county;
-- a county without one keeps the default.  complaint_record takes the
-- complaint's county's limit when it is received (a complaint received under
-- one limit keeps the due date it was given, as a case keeps its stage's
-- limit), and the light follows that due date as before (complaint_list).
--   Who sets it: an administrator bound to the county (staff.county), the
-- county's own administrator, through complaint_limit_set; version and
-- request id as every write; each change in the audit trail.  Every screen
-- that lists complaints shows the limit in force for its reader's county
-- (complaint_limit_mine).
-- complaint_record is 0016's (its only earlier definition) with the limit
-- taken from complaint_limit(v_county).

CREATE TABLE onedoor.complaint_limits (
	county      char(6) PRIMARY KEY REFERENCES onedoor.regions,
	limit_days  smallint NOT NULL CHECK (limit_days BETWEEN 1 AND 60),
	set_by      name NOT NULL DEFAULT session_user,
	set_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
	request_id  uuid NOT NULL,
	version     integer NOT NULL DEFAULT 1
);
ALTER TABLE onedoor.complaint_limits ENABLE ROW LEVEL SECURITY;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON onedoor.complaint_limits
	FOR EACH ROW EXECUTE FUNCTION onedoor.audit_row('county');

-- The limit in force for a county.
CREATE FUNCTION onedoor.complaint_limit(p_county text) RETURNS smallint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT coalesce((SELECT l.limit_days FROM onedoor.complaint_limits l
			 WHERE l.county = p_county), onedoor.complaint_default_limit())
$$;

-- The limit in force for the caller's county (their own, or their centre's),
-- whether the county set it, and its version (0: never set); for callers
-- bound to no county, the default.
CREATE FUNCTION onedoor.complaint_limit_mine(OUT county text, OUT limit_days smallint,
					     OUT set_here boolean, OUT version integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT x.county::text, onedoor.complaint_limit(x.county), l.county IS NOT NULL,
	       coalesce(l.version, 0)
	FROM (SELECT coalesce(s.county, (SELECT ce.county FROM onedoor.centres ce
					 WHERE ce.code = s.centre_code)) AS county
	      FROM (SELECT (onedoor.current_staff()).*) s) x
	LEFT JOIN onedoor.complaint_limits l ON l.county = x.county
$$;

-- Sets the caller's county's limit (the county's administrator).  p_version:
-- the version read (0 when the county had none).  Returns the new version.
CREATE FUNCTION onedoor.complaint_limit_set(p_request_id uuid, p_days integer, p_version integer)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	prev jsonb;
	me onedoor.staff := onedoor.current_staff();
	l onedoor.complaint_limits;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'complaint_limit_set');
	IF prev IS NOT NULL THEN
		RETURN (prev ->> 'version')::int;
	END IF;
	IF me.role_name IS NULL OR me.role_group <> 'admin' OR me.county IS NULL THEN
		RAISE EXCEPTION 'only a county''s administrator sets its complaint limit'
			USING ERRCODE = '42501';
	END IF;
	IF p_days IS NULL OR p_days NOT BETWEEN 1 AND 60 THEN
		RAISE EXCEPTION 'a complaint limit is 1 to 60 working days' USING ERRCODE = '22023';
	END IF;
	SELECT * INTO l FROM onedoor.complaint_limits x WHERE x.county = me.county FOR UPDATE;
	IF coalesce(l.version, 0) IS DISTINCT FROM p_version THEN
		RAISE EXCEPTION 'the complaint limit was changed by someone else'
			USING ERRCODE = 'OD409';
	END IF;
	INSERT INTO onedoor.complaint_limits AS x (county, limit_days, request_id)
	VALUES (me.county, p_days, p_request_id)
	ON CONFLICT (county) DO UPDATE SET limit_days = excluded.limit_days,
		set_by = session_user, set_at = clock_timestamp(),
		request_id = excluded.request_id, version = x.version + 1
	RETURNING * INTO l;
	PERFORM onedoor.request_finish(p_request_id, 'complaint_limit_set',
		jsonb_build_object('version', l.version));
	RETURN l.version;
END $$;

CREATE OR REPLACE FUNCTION onedoor.complaint_record(p_request_id uuid, p_complaint jsonb)
RETURNS TABLE (complaint_no text, due_on date)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	me onedoor.staff := onedoor.current_staff();
	k onedoor.complaints;
	c onedoor.cases;
	v_county char(6);
	today date := onedoor.today();
	v_limit smallint;
	v_case_no text := nullif(btrim(p_complaint ->> 'case_no'), '');
	ctl text := '[\x01-\x08\x0b-\x1f\x7f]';
BEGIN
	prev := onedoor.request_begin(p_request_id, 'complaint_record');
	IF prev IS NOT NULL THEN
		RETURN QUERY SELECT prev ->> 'complaint_no', (prev ->> 'due_on')::date;
		RETURN;
	END IF;
	IF me.role_name IS NULL OR me.role_group NOT IN ('clerk', 'supervisor', 'auditor') THEN
		RAISE EXCEPTION 'only window clerks, supervisors and the discipline commission record complaints'
			USING ERRCODE = '42501';
	END IF;
	IF jsonb_typeof(p_complaint) IS DISTINCT FROM 'object' THEN
		RAISE EXCEPTION 'a complaint is a JSON object' USING ERRCODE = '22023';
	END IF;
	IF coalesce(p_complaint ->> 'body', '') ~ ctl
	   OR coalesce(p_complaint ->> 'complainant', '') ~ ctl THEN
		RAISE EXCEPTION 'control characters are not allowed in a complaint' USING ERRCODE = '22023';
	END IF;
	IF v_case_no IS NOT NULL THEN
		SELECT * INTO c FROM onedoor.cases x WHERE x.case_no = v_case_no;
		IF NOT FOUND OR NOT (me.role_group = 'auditor'
				     OR (me.role_group = 'clerk' AND c.centre_code = me.centre_code)
				     OR (me.role_group = 'supervisor' AND c.county = me.county)) THEN
			RAISE EXCEPTION 'case % not found', v_case_no USING ERRCODE = 'P0002';
		END IF;
	END IF;
	IF c.id IS NULL AND num_nonnulls(nullif(p_complaint ->> 'about_staff', ''),
			nullif(p_complaint ->> 'about_centre', ''),
			nullif(p_complaint ->> 'about_department', '')) = 0 THEN
		RAISE EXCEPTION 'say what the complaint is about: a case, a staff member, a centre or a department'
			USING ERRCODE = '22023';
	END IF;
	v_county := coalesce(c.county, me.county,
		(SELECT ce.county FROM onedoor.centres ce WHERE ce.code = me.centre_code),
		(SELECT ce.county FROM onedoor.centres ce
		 WHERE ce.code = p_complaint ->> 'about_centre'));
	IF v_county IS NULL THEN
		RAISE EXCEPTION 'the complaint names no case or centre of a county' USING ERRCODE = '22023';
	END IF;
	v_limit := coalesce((p_complaint ->> 'limit_days')::smallint,
			    onedoor.complaint_limit(v_county));
	k.complaint_no := 'TS' || to_char(today, 'YYYYMMDD') || '-' ||
		lpad((SELECT count(*) + 1 FROM onedoor.complaints x
		      WHERE x.received_on = today)::text, 4, '0');
	INSERT INTO onedoor.complaints AS x (complaint_no, county, channel, complainant, phone,
		case_id, about_staff, about_centre, about_department, body, received_on,
		limit_days, due_on, warn_from, request_id)
	VALUES (k.complaint_no, v_county,
		coalesce(p_complaint ->> 'channel',
			 CASE me.role_group WHEN 'clerk' THEN 'window' ELSE 'hotline' END),
		btrim(p_complaint ->> 'complainant'), nullif(btrim(p_complaint ->> 'phone'), ''),
		c.id, nullif(p_complaint ->> 'about_staff', ''),
		coalesce(nullif(p_complaint ->> 'about_centre', ''), c.centre_code),
		nullif(p_complaint ->> 'about_department', ''),
		btrim(p_complaint ->> 'body'), today, v_limit,
		onedoor.add_working_days(today, v_limit),
		onedoor.warn_from(onedoor.add_working_days(today, v_limit), 3),
		p_request_id)
	RETURNING * INTO k;
	PERFORM onedoor.request_finish(p_request_id, 'complaint_record',
		jsonb_build_object('complaint_no', k.complaint_no, 'due_on', k.due_on));
	RETURN QUERY SELECT k.complaint_no, k.due_on;
END $$;

REVOKE ALL ON onedoor.complaint_limits FROM PUBLIC;
REVOKE ALL ON FUNCTION onedoor.complaint_limit(text), onedoor.complaint_limit_mine(),
	onedoor.complaint_limit_set(uuid, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.complaint_limit_mine() TO onedoor_clerk, onedoor_supervisor,
	onedoor_auditor, onedoor_admin;
GRANT EXECUTE ON FUNCTION onedoor.complaint_limit_set(uuid, integer, integer) TO onedoor_admin;
