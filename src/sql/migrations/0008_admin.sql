-- 0008_admin: what onedoor-admin does to the workflow's data: import a
-- year's working-day calendar (and recompute the open clocks), and manage
-- the staff logins.  Granted to onedoor_admin; the owner may call them too.

-- Due dates of every running clock, recomputed from the calendar as it is
-- now.  Versions are not bumped: a clock is not something a person edited,
-- and a screen holding the case must still be able to act on it.  Each
-- changed case is audited.  Returns the number of cases changed.
CREATE FUNCTION onedoor.calendar_recompute() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	c onedoor.cases;
	n onedoor.cases;
	changed integer := 0;
BEGIN
	FOR c IN SELECT * FROM onedoor.cases x WHERE x.active ORDER BY x.id FOR UPDATE LOOP
		n := c;
		IF c.stage_due IS NOT NULL THEN
			n.stage_due := onedoor.add_working_days(c.stage_entered_on, c.stage_limit);
			n.stage_warn_from := onedoor.warn_from(n.stage_due, c.warn_days);
			n.case_due := onedoor.add_working_days(c.opened_on, c.case_limit);
			n.case_warn_from := onedoor.warn_from(n.case_due, c.warn_days);
		END IF;
		IF c.check_kind IS NOT NULL AND c.check_result IS NULL THEN
			n.check_due := CASE c.check_kind
				WHEN 'materials' THEN onedoor.add_working_days(c.check_opened_on,
									       c.check_limit)
				ELSE onedoor.postcheck_due(c.check_opened_on) END;
			n.check_warn_from := onedoor.warn_from(n.check_due, c.warn_days);
		END IF;
		IF (n.stage_due, n.stage_warn_from, n.case_due, n.case_warn_from, n.check_due,
		    n.check_warn_from) IS DISTINCT FROM (c.stage_due, c.stage_warn_from,
		    c.case_due, c.case_warn_from, c.check_due, c.check_warn_from) THEN
			UPDATE onedoor.cases x SET stage_due = n.stage_due,
				stage_warn_from = n.stage_warn_from, case_due = n.case_due,
				case_warn_from = n.case_warn_from, check_due = n.check_due,
				check_warn_from = n.check_warn_from, updated_at = now()
			WHERE x.id = c.id RETURNING * INTO n;
			PERFORM onedoor.audit_append('case', c.id::text, 'calendar_recompute',
				to_jsonb(c), to_jsonb(n));
			PERFORM onedoor.case_notify(n);
			changed := changed + 1;
		END IF;
	END LOOP;
	RETURN changed;
END $$;

-- Replaces the exceptions of one year with p_days, a JSON array of
-- {"day": "YYYY-MM-DD", "kind": "holiday"|"workday", "name": text}, then
-- rebuilds working_days and recomputes the open clocks, in one transaction.
-- 22023 for a day outside the year or a make-up working day that is not a
-- Saturday or Sunday (the table's CHECK says so too).
CREATE FUNCTION onedoor.calendar_import(p_year integer, p_source text, p_days jsonb)
RETURNS TABLE (holidays integer, workdays integer, recomputed integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	bad text;
	n_recomputed integer;
BEGIN
	IF p_year NOT BETWEEN 2020 AND 2045 THEN
		RAISE EXCEPTION 'year % is outside 2020-2045', p_year USING ERRCODE = '22023';
	END IF;
	SELECT d ->> 'day' INTO bad FROM jsonb_array_elements(p_days) d
	WHERE extract(year FROM (d ->> 'day')::date) <> p_year LIMIT 1;
	IF bad IS NOT NULL THEN
		RAISE EXCEPTION 'day % is not in %', bad, p_year USING ERRCODE = '22023';
	END IF;
	DELETE FROM onedoor.calendar_days WHERE day >= make_date(p_year, 1, 1)
		AND day < make_date(p_year + 1, 1, 1);
	INSERT INTO onedoor.calendar_days (day, kind, name, source)
	SELECT (d ->> 'day')::date, d ->> 'kind', coalesce(d ->> 'name', ''), coalesce(p_source, '')
	FROM jsonb_array_elements(p_days) d;
	PERFORM onedoor.calendar_rebuild();
	n_recomputed := onedoor.calendar_recompute();
	RETURN QUERY SELECT
		(SELECT count(*)::int FROM onedoor.calendar_days x WHERE x.kind = 'holiday'
		 AND extract(year FROM x.day) = p_year),
		(SELECT count(*)::int FROM onedoor.calendar_days x WHERE x.kind = 'workday'
		 AND extract(year FROM x.day) = p_year),
		n_recomputed;
END $$;

-- Staff logins.  Role names: lower-case letters, digits, underscore.
-- 23505 when the login exists; P0002 when it does not (disable, passwd).
-- The password travels as a parameter and is hashed by the server
-- (password_encryption); it is never stored or logged by onedoor.
CREATE FUNCTION onedoor.staff_add(p_role text, p_full_name text, p_group text,
				  p_centre text, p_county text, p_department text,
				  p_password text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
BEGIN
	IF p_role !~ '^[a-z][a-z0-9_]{1,62}$' THEN
		RAISE EXCEPTION 'login name "%" must be lower-case letters, digits and _', p_role
			USING ERRCODE = '22023';
	END IF;
	IF p_group NOT IN ('clerk', 'verifier', 'supervisor', 'approver', 'auditor', 'admin') THEN
		RAISE EXCEPTION 'unknown group "%"', p_group USING ERRCODE = '22023';
	END IF;
	IF length(coalesce(p_password, '')) < 8 THEN
		RAISE EXCEPTION 'the password needs at least 8 characters' USING ERRCODE = '22023';
	END IF;
	IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_role) THEN
		RAISE EXCEPTION 'login % already exists', p_role USING ERRCODE = '23505';
	END IF;
	EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', p_role, p_password,
		       'onedoor_' || p_group);
	INSERT INTO onedoor.staff (role_name, full_name, role_group, centre_code, county,
				   department)
	VALUES (p_role, p_full_name, p_group, nullif(p_centre, ''), nullif(p_county, ''),
		nullif(p_department, ''));
END $$;

-- Disables a login: no new sessions, and the staff row inactive so that
-- current_staff() no longer finds it (open sessions lose every right).
CREATE FUNCTION onedoor.staff_disable(p_role text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
BEGIN
	UPDATE onedoor.staff SET active = false WHERE role_name = p_role;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no staff login %', p_role USING ERRCODE = 'P0002';
	END IF;
	EXECUTE format('ALTER ROLE %I NOLOGIN', p_role);
END $$;

CREATE FUNCTION onedoor.staff_set_password(p_role text, p_password text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM onedoor.staff WHERE role_name = p_role) THEN
		RAISE EXCEPTION 'no staff login %', p_role USING ERRCODE = 'P0002';
	END IF;
	IF length(coalesce(p_password, '')) < 8 THEN
		RAISE EXCEPTION 'the password needs at least 8 characters' USING ERRCODE = '22023';
	END IF;
	EXECUTE format('ALTER ROLE %I PASSWORD %L', p_role, p_password);
	PERFORM onedoor.audit_append('staff', p_role, 'user_passwd', NULL, NULL);
END $$;

CREATE VIEW onedoor.staff_list AS
SELECT s.role_name, s.full_name, s.role_group, s.centre_code, s.county, s.department,
       s.active, coalesce(r.rolcanlogin, false) AS can_login, s.created_at
FROM onedoor.staff s LEFT JOIN pg_roles r ON r.rolname = s.role_name;

REVOKE ALL ON onedoor.staff_list FROM PUBLIC;
GRANT SELECT ON onedoor.staff_list TO onedoor_admin, onedoor_auditor, onedoor_supervisor;
REVOKE ALL ON FUNCTION onedoor.calendar_recompute(),
	onedoor.calendar_import(integer, text, jsonb),
	onedoor.staff_add(text, text, text, text, text, text, text),
	onedoor.staff_disable(text), onedoor.staff_set_password(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.calendar_import(integer, text, jsonb),
	onedoor.staff_add(text, text, text, text, text, text, text),
	onedoor.staff_disable(text), onedoor.staff_set_password(text, text) TO onedoor_admin;
