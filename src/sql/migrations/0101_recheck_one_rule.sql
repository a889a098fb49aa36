-- 0101_recheck_one_rule: who may record a re-check now is decided in one
-- place.
--
-- Why.  recheck_record (0021_rechecks.sql) refused with its own checks (a
-- verifier, of the case's county, the re-check not yet recorded), and
-- recheck_may_record (0082_recheck_on_screen.sql), which the screen asks
-- to draw the action, asked the same three things again in a query of its
-- own: two homes for one rule, which a change to either would have split.
--
-- Now recheck_refusal says why a re-check cannot be recorded (the
-- SQLSTATE and the refusal, in the words 0021 raised them; NULLs when it
-- can), recheck_may_record is "no refusal", and recheck_record raises the
-- refusal.  One order changes: a stale version of a re-check already
-- recorded is refused as recorded (55000) rather than as changed (OD409),
-- which says more.  Otherwise recheck_record is 0021's body word for word;
-- recheck_may_record keeps its signature and grants.

CREATE FUNCTION onedoor.recheck_refusal(p_case_id bigint, OUT sqlstate text, OUT message text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	me onedoor.staff := onedoor.current_staff();
	r onedoor.rechecks;
	c onedoor.cases;
BEGIN
	IF me.role_name IS NULL OR me.role_group <> 'verifier' THEN
		sqlstate := '42501';
		message := format('only the verification office records a re-check');
		RETURN;
	END IF;
	SELECT * INTO r FROM onedoor.rechecks x WHERE x.case_id = p_case_id;
	SELECT * INTO c FROM onedoor.cases x WHERE x.id = p_case_id;
	IF r.case_id IS NULL OR c.county IS DISTINCT FROM me.county THEN
		sqlstate := 'P0002';
		message := format('no re-check for case %s', p_case_id);
		RETURN;
	END IF;
	IF r.result IS NOT NULL THEN
		sqlstate := '55000';
		message := format('the re-check of case %s is already recorded', c.case_no);
	END IF;
END $$;
REVOKE ALL ON FUNCTION onedoor.recheck_refusal(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.recheck_refusal(bigint) TO onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;

CREATE OR REPLACE FUNCTION onedoor.recheck_may_record(p_case_id bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT r.sqlstate IS NULL FROM onedoor.recheck_refusal(p_case_id) r
$$;

CREATE OR REPLACE FUNCTION onedoor.recheck_record(p_request_id uuid, p_case_id bigint, p_version integer,
				       p_result text, p_note text)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	prev jsonb;
	me onedoor.staff := onedoor.current_staff();
	c onedoor.cases;
	r onedoor.rechecks;
	v_note text;
	refusal record;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'recheck_record');
	IF prev IS NOT NULL THEN
		RETURN (prev ->> 'version')::int;
	END IF;
	-- The row locked first, then the rule asked: another verifier who
	-- recorded it meanwhile has committed by then, and the rule sees it.
	SELECT * INTO r FROM onedoor.rechecks x WHERE x.case_id = p_case_id FOR UPDATE;
	refusal := onedoor.recheck_refusal(p_case_id);
	IF refusal.sqlstate IS NOT NULL THEN
		RAISE EXCEPTION '%', refusal.message USING ERRCODE = refusal.sqlstate;
	END IF;
	SELECT * INTO c FROM onedoor.cases x WHERE x.id = p_case_id;
	IF r.version IS DISTINCT FROM p_version THEN
		RAISE EXCEPTION 're-check of case % was changed by someone else', c.case_no
			USING ERRCODE = 'OD409';
	END IF;
	IF p_result IS NULL OR p_result NOT IN ('confirmed', 'discrepancy') THEN
		RAISE EXCEPTION 'unknown result "%"', p_result USING ERRCODE = '22023';
	END IF;
	IF p_result = 'discrepancy' THEN
		v_note := onedoor.required_note(p_note, 'say what the re-check found');
	ELSE
		v_note := nullif(btrim(p_note), '');
	END IF;
	UPDATE onedoor.rechecks x SET result = p_result, note = v_note,
		done_by = session_user, done_on = onedoor.today(), version = x.version + 1
	WHERE x.case_id = r.case_id RETURNING * INTO r;
	INSERT INTO onedoor.case_events (case_id, request_id, action, phrase, clock, from_stage,
		to_stage, from_entered_on, from_due, on_day, actor_group, actor_centre,
		actor_department, application_name, reason)
	VALUES (c.id, p_request_id, 'recheck',
		CASE p_result WHEN 'confirmed' THEN '抽查属实' ELSE '抽查发现问题' END, 'check',
		c.stage, c.stage, r.opened_on, r.due_on, onedoor.today(), me.role_group,
		me.centre_code, me.department, current_setting('application_name', true), v_note);
	PERFORM onedoor.case_notify(c);
	PERFORM onedoor.request_finish(p_request_id, 'recheck_record',
		jsonb_build_object('version', r.version));
	RETURN r.version;
END $$;
