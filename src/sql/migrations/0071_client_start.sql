-- 0071_client_start.sql: everything the screens need at log-in, in one
-- statement.
--
-- Logging in used to read, one round trip each and before the first screen
-- could draw: who the caller is, the schema's version, the calendar's
-- coverage, the live-refresh channel, the catalogue's parameters, items and
-- warnings, and the departments.  client_start() answers all of it in one
-- statement that the client sends through its loop (so the log-in screen
-- keeps drawing and Esc cancels it).  Each row is one JSON object with its
-- `part`; the client expands the rows with jsonb_to_record into the columns
-- its readers already take.
--
-- SECURITY DEFINER: a login reads what every screen needs whatever its
-- group's table grants (the village coordinator's and finance office's
-- groups were refused the schema's version); all of it is reference data
-- except the caller's own staff row, and nothing at all is answered to a
-- login that is not active staff.  It also subscribes the session to its
-- live-refresh channel (listen_worklist), as the client did apart before.
CREATE FUNCTION onedoor.client_start() RETURNS SETOF jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	me onedoor.staff := onedoor.current_staff();
BEGIN
	IF me.role_name IS NULL THEN
		RAISE EXCEPTION 'this login is not registered as active staff of onedoor'
			USING ERRCODE = '42501';
	END IF;
	RETURN QUERY
	SELECT jsonb_build_object('part', 'staff', 'role_name', s.role_name,
		'full_name', s.full_name, 'role_group', s.role_group,
		'centre_code', coalesce(s.centre_code, ''),
		'centre_name', coalesce(v.name, c.name, r.name, ''),
		'county', coalesce(c.county, s.county, ''), 'today', onedoor.today()::text,
		'snapshot', pg_current_snapshot()::text, 'staff_no', coalesce(s.staff_no, ''),
		'department', coalesce(s.department, ''), 'village', coalesce(s.village, ''))
	FROM (SELECT me.*) s
	-- a village coordinator works in their village
	LEFT JOIN onedoor.villages v ON v.code = s.village
	LEFT JOIN onedoor.centres c ON c.code = coalesce(s.centre_code, v.centre_code)
	LEFT JOIN onedoor.regions r ON r.code = coalesce(c.county, s.county);
	RETURN QUERY
	SELECT jsonb_build_object('part', 'migration', 'name', m.name)
	FROM onedoor.schema_migrations m;
	RETURN QUERY
	SELECT jsonb_build_object('part', 'calendar',
		'covered_until', coalesce(k.covered_until::text, ''), 'short', k.short::text)
	FROM onedoor.calendar_coverage() k;
	-- Optional: on a server whose objects belong to an owner that is not
	-- a superuser (the packaged set-up), listen_worklist cannot see the
	-- caller's session start in pg_stat_activity and refuses; the login
	-- goes on and the client follows the change feed (0059) instead.
	BEGIN
		RETURN QUERY
		SELECT jsonb_build_object('part', 'listen', 'channel', l)
		FROM onedoor.listen_worklist() l;
	EXCEPTION WHEN not_null_violation OR insufficient_privilege THEN
		NULL;
	END;
	RETURN QUERY
	SELECT jsonb_build_object('part', 'param_def') || to_jsonb(d)
	FROM (SELECT code, label_zh, label_en, unit FROM onedoor.parameter_defs ORDER BY code) d;
	RETURN QUERY
	SELECT jsonb_build_object('part', 'param') || to_jsonb(p)
	FROM (SELECT code, region, valid_from::text AS valid_from,
		     coalesce(valid_to::text, '') AS valid_to, round(value, 4)::text AS value,
		     reference
	      FROM onedoor.parameters ORDER BY code, region, valid_from) p;
	RETURN QUERY
	SELECT jsonb_build_object('part', 'item') || to_jsonb(i)
	FROM (SELECT code, name_zh, name_en, department, kind, scope, legal_basis, target_group,
		     array_to_string(materials, chr(31)) AS materials, process, standard_text,
		     limit_accept::text AS limit_accept, limit_verify::text AS limit_verify,
		     limit_supervise::text AS limit_supervise,
		     limit_approve::text AS limit_approve, limit_file::text AS limit_file,
		     limit_total::text AS limit_total, warn_days::text AS warn_days,
		     CASE WHEN green_channel THEN 't' ELSE 'f' END AS green_channel,
		     CASE WHEN commitment THEN 't' ELSE 'f' END AS commitment,
		     array_to_string(excludes, chr(31)) AS excludes, eligibility,
		     amount::text AS amount, amount_period, review_months::text AS review_months,
		     source_file
	      FROM onedoor.catalogue_items WHERE active ORDER BY code) i;
	RETURN QUERY
	SELECT jsonb_build_object('part', 'warning') || to_jsonb(w)
	FROM (SELECT code, name_zh, name_en, rule, message_zh, message_en, source_file
	      FROM onedoor.catalogue_warnings ORDER BY code) w;
	RETURN QUERY
	SELECT jsonb_build_object('part', 'department') || to_jsonb(d)
	FROM (SELECT code, name_zh, name_en FROM onedoor.departments ORDER BY code) d;
END $$;
REVOKE ALL ON FUNCTION onedoor.client_start() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.client_start() TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin,
	onedoor_coordinator, onedoor_finance;
