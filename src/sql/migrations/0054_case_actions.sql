-- 0054_case_actions: the case action matrix in one place.
--
-- Which action a person may take on a case in which stage, its standard
-- phrase (in Chinese, as the history records it, and in English for the
-- screen), whether it needs a reason and which of the client's commands does
-- it: the table case_action_kinds, and one function that says why an
-- action is not possible now (case_action_refusal).  case_act refuses with
-- it, and case_actions lists, for a case and the caller, the actions it
-- would accept - which is all the case screen draws.  The client keeps no
-- copy of the matrix.
--
-- Replaces case_act of 0005_cases.sql (the only earlier definition; 0007
-- only grants it): the same checks in the same order with the same
-- SQLSTATEs and messages, now read from the table (and a NULL version is
-- now stale, as 0019_hardening made it for applications); the rest of the body is
-- unchanged.

CREATE TABLE onedoor.case_action_kinds (
	action          text PRIMARY KEY,
	position        smallint NOT NULL UNIQUE, -- order on the screen
	command         text NOT NULL,  -- the client's command (conf/keys.ini) that does it
	need_group      text,           -- NULL: the group that holds the case's stage
	need_stage      text,           -- NULL: whatever stage the case is in
	clock           text NOT NULL CHECK (clock IN ('stage', 'check')),
	phrase_zh       text NOT NULL,
	phrase_en       text NOT NULL,
	green_phrase_zh text,           -- on the green track, when it differs
	green_phrase_en text,
	reason_required boolean NOT NULL
);
INSERT INTO onedoor.case_action_kinds VALUES
	('accept', 1, 'act_pass', 'clerk', 'accept', 'stage', '同意受理',
	 'Accept the application', NULL, NULL, false),
	('refuse', 2, 'act_fail', 'clerk', 'accept', 'stage', '不同意受理',
	 'Do not accept', NULL, NULL, true),
	('verify_pass', 3, 'act_pass', 'verifier', 'verify', 'stage', '核对通过',
	 'Verification passed', NULL, NULL, false),
	('verify_fail', 4, 'act_fail', 'verifier', 'verify', 'stage', '核对不通过',
	 'Verification failed', NULL, NULL, true),
	('supervise_pass', 5, 'act_pass', 'supervisor', 'supervise', 'stage', '督办通过',
	 'Supervision passed', NULL, NULL, false),
	('approve', 6, 'act_pass', 'approver', 'approve', 'stage', '同意救助',
	 'Grant assistance', '同意救助（先行救助）', 'Grant assistance (help first)', false),
	('reject', 7, 'act_fail', 'approver', 'approve', 'stage', '不同意救助',
	 'Refuse assistance', NULL, NULL, true),
	('file', 8, 'act_pass', 'supervisor', 'file', 'stage', '备案',
	 'File the case', NULL, NULL, false),
	('return', 9, 'act_return', NULL, NULL, 'stage', '退回',
	 'Return to the previous stage', NULL, NULL, true),
	('withdraw', 10, 'act_withdraw', 'clerk', NULL, 'stage', '撤回申请',
	 'Withdraw the application', NULL, NULL, true),
	('check_pass', 11, 'check_pass', 'verifier', NULL, 'check', '核对通过',
	 'Check passed', NULL, NULL, false),
	('check_fail', 12, 'check_fail', 'verifier', NULL, 'check', '核对不通过',
	 'Check failed', NULL, NULL, true);
REVOKE ALL ON onedoor.case_action_kinds FROM PUBLIC;
GRANT SELECT ON onedoor.case_action_kinds TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
CREATE TRIGGER case_action_kinds_audit AFTER INSERT OR UPDATE OR DELETE
	ON onedoor.case_action_kinds FOR EACH ROW EXECUTE FUNCTION onedoor.audit_row('action');

-- Why action k on case c is not possible for `me` now: NULL sqlstate when
-- it is.  `stage_checks` false: only who may act on the case at all (role,
-- scope), which case_act checks before the version; true: everything but
-- the version and the reason, which are case_act's own.
CREATE FUNCTION onedoor.case_action_refusal(me onedoor.staff, c onedoor.cases,
					    k onedoor.case_action_kinds, stage_checks boolean,
					    OUT sqlstate text, OUT message text)
LANGUAGE plpgsql STABLE SET search_path = onedoor, pg_temp AS $$
DECLARE
	need_group text := coalesce(k.need_group, onedoor.stage_group(c.stage));
	need_stage text := coalesce(k.need_stage, c.stage);
BEGIN
	IF me.role_group IS NULL OR me.role_group NOT IN ('clerk', 'verifier', 'supervisor', 'approver') THEN
		sqlstate := '42501';
		message := format('%s may read cases but not change them', me.role_group);
	ELSIF NOT onedoor.staff_scope_ok(me, c) THEN
		sqlstate := '42501';
		message := format('case %s belongs to another %s', c.case_no,
			CASE me.role_group WHEN 'clerk' THEN 'centre' WHEN 'approver'
				THEN 'department' ELSE 'county' END);
	ELSIF NOT stage_checks THEN
		RETURN;
	ELSIF need_group IS NULL OR me.role_group <> need_group THEN
		sqlstate := '42501';
		message := format('%s may not %s a case in stage %s', me.role_group, k.action, c.stage);
	ELSIF k.action IN ('approve', 'reject') AND me.role_name IN (c.accepted_by, c.verified_by) THEN
		sqlstate := '42501';
		message := format('you accepted or verified case %s yourself; another person must decide',
			c.case_no);
	ELSIF c.stage <> need_stage
	   OR c.stage IN ('filed', 'refused', 'withdrawn') AND k.clock = 'stage'
	   OR (k.clock = 'check' AND (c.check_kind IS NULL OR c.check_result IS NOT NULL
				      OR c.stage IN ('refused', 'withdrawn')))
	   OR (k.action = 'return' AND onedoor.previous_stage(c.track, c.stage) IS NULL) THEN
		sqlstate := '55000';
		message := format('case %s is in stage %s: %s is not possible now', c.case_no, c.stage,
			k.action);
	ELSIF k.action = 'file' AND c.check_kind = 'materials'
	      AND c.check_result IS DISTINCT FROM 'passed' THEN
		sqlstate := '55000';
		message := format('case %s cannot be filed before its verification and materials are complete',
			c.case_no);
	END IF;
END $$;
REVOKE ALL ON FUNCTION onedoor.case_action_refusal(onedoor.staff, onedoor.cases,
	onedoor.case_action_kinds, boolean) FROM PUBLIC;

CREATE OR REPLACE FUNCTION onedoor.case_act(p_request_id uuid, p_case_id bigint, p_version integer,
				 p_action text, p_reason text DEFAULT NULL)
RETURNS TABLE (case_id bigint, stage text, version integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	me onedoor.staff;
	c onedoor.cases;
	before jsonb;
	today date := onedoor.today();
	k onedoor.case_action_kinds;
	refusal record;
	to_stage text;
	phrase text;
	clock text := 'stage';
	reason text := nullif(btrim(p_reason), '');
	changed int;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'case_act');
	IF prev IS NOT NULL THEN
		RETURN QUERY SELECT (prev ->> 'case_id')::bigint, prev ->> 'stage',
			(prev ->> 'version')::int;
		RETURN;
	END IF;
	me := onedoor.current_staff();
	IF me.role_name IS NULL THEN
		RAISE EXCEPTION 'this login is not active staff' USING ERRCODE = '42501';
	END IF;
	SELECT * INTO c FROM onedoor.cases x WHERE x.id = p_case_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'case % not found', p_case_id USING ERRCODE = 'P0002';
	END IF;
	before := to_jsonb(c);

	SELECT * INTO k FROM onedoor.case_action_kinds x WHERE x.action = p_action;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'unknown action "%"', p_action USING ERRCODE = '22023';
	END IF;
	clock := k.clock;
	phrase := CASE WHEN c.track = 'green' AND k.green_phrase_zh IS NOT NULL
		       THEN k.green_phrase_zh ELSE k.phrase_zh END;

	-- Role and scope first, then the version: a stale client learns that
	-- before anything whose answer depends on the stage it has not seen.
	refusal := onedoor.case_action_refusal(me, c, k, false);
	IF refusal.sqlstate IS NOT NULL THEN
		RAISE EXCEPTION '%', refusal.message USING ERRCODE = refusal.sqlstate;
	END IF;
	IF c.version IS DISTINCT FROM p_version THEN
		RAISE EXCEPTION 'case % was changed by someone else (version % is now %)',
			c.case_no, p_version, c.version USING ERRCODE = 'OD409';
	END IF;
	refusal := onedoor.case_action_refusal(me, c, k, true);
	IF refusal.sqlstate IS NOT NULL THEN
		RAISE EXCEPTION '%', refusal.message USING ERRCODE = refusal.sqlstate;
	END IF;
	IF k.reason_required AND reason IS NULL THEN
		RAISE EXCEPTION '% needs a reason', phrase USING ERRCODE = '22023';
	END IF;

	to_stage := CASE p_action
		WHEN 'return' THEN onedoor.previous_stage(c.track, c.stage)
		WHEN 'withdraw' THEN 'withdrawn'
		WHEN 'check_pass' THEN c.stage
		WHEN 'check_fail' THEN 'refused'
		WHEN 'refuse' THEN 'refused'
		WHEN 'verify_fail' THEN 'refused'
		WHEN 'reject' THEN 'refused'
		ELSE onedoor.next_stage(c.track, c.stage) END;
	INSERT INTO onedoor.case_events (case_id, request_id, action, phrase, clock, from_stage,
		to_stage, from_entered_on, from_due, on_day, actor_group, actor_centre,
		actor_department, application_name, reason)
	VALUES (c.id, p_request_id, p_action, phrase, clock, c.stage, to_stage,
		CASE clock WHEN 'stage' THEN c.stage_entered_on ELSE c.check_opened_on END,
		CASE clock WHEN 'stage' THEN c.stage_due ELSE c.check_due END,
		today, me.role_group, me.centre_code, me.department,
		current_setting('application_name', true), reason);

	IF clock = 'check' THEN
		c.check_result := CASE p_action WHEN 'check_pass' THEN 'passed' ELSE 'failed' END;
		c.check_done_at := clock_timestamp();
		c.verified_by := session_user;
	END IF;
	CASE p_action
	WHEN 'accept' THEN c.accepted_by := session_user;
	WHEN 'verify_pass' THEN c.verified_by := session_user;
	WHEN 'approve' THEN c.approved_by := session_user;
		IF c.track = 'commitment' THEN
			c.check_kind := 'postcheck';
			c.check_opened_on := today;
			c.check_limit := NULL;
			c.check_due := onedoor.postcheck_due(today);
			c.check_warn_from := onedoor.warn_from(c.check_due, c.warn_days);
		END IF;
	ELSE NULL;
	END CASE;
	IF to_stage IS DISTINCT FROM c.stage THEN
		c := onedoor.case_enter(c, to_stage, today);
	END IF;

	UPDATE onedoor.cases x SET stage = c.stage, stage_entered_at = c.stage_entered_at,
		stage_entered_on = c.stage_entered_on, stage_limit = c.stage_limit,
		stage_due = c.stage_due, stage_warn_from = c.stage_warn_from,
		check_kind = c.check_kind, check_opened_on = c.check_opened_on,
		check_limit = c.check_limit, check_due = c.check_due,
		check_warn_from = c.check_warn_from, check_result = c.check_result,
		check_done_at = c.check_done_at, accepted_by = c.accepted_by,
		verified_by = c.verified_by, approved_by = c.approved_by,
		closed_at = c.closed_at, version = x.version + 1, updated_at = now()
	WHERE x.id = c.id AND x.version = p_version
	RETURNING * INTO c;
	-- Exactly one row, or the owner's view of the table is not what we think
	-- (see the row-security decision in 0007_security.sql).
	GET DIAGNOSTICS changed = ROW_COUNT;
	IF changed <> 1 THEN
		RAISE EXCEPTION 'case % was not updated', p_case_id USING ERRCODE = 'XX000';
	END IF;
	PERFORM onedoor.request_finish(p_request_id, 'case_act',
		jsonb_build_object('case_id', c.id, 'stage', c.stage, 'version', c.version));
	PERFORM onedoor.case_notify(c);
	PERFORM onedoor.audit_append('case', c.id::text, p_action, before, to_jsonb(c),
		p_request_id);
	RETURN QUERY SELECT c.id, c.stage, c.version;
END $$;

-- The actions the caller may take on case p_case_id now, in screen order,
-- with their standard phrases (the green track's where it has its own) and
-- whether each needs a reason.  Empty when the caller may only read the
-- case; P0002 when they may not even see it.
CREATE FUNCTION onedoor.case_actions(p_case_id bigint)
RETURNS TABLE (action text, command text, phrase_zh text, phrase_en text,
	       reason_required boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	me onedoor.staff := onedoor.current_staff();
	c onedoor.cases;
BEGIN
	SELECT * INTO c FROM onedoor.cases x WHERE x.id = p_case_id;
	IF NOT FOUND OR me.role_name IS NULL OR NOT (
		c.centre_code = ANY (onedoor.my_centres())
		OR (c.department = onedoor.my_department()
		    AND (onedoor.my_approver_county() IS NULL
			 OR c.county = onedoor.my_approver_county()))) THEN
		RAISE EXCEPTION 'case % not found', p_case_id USING ERRCODE = 'P0002';
	END IF;
	RETURN QUERY
		SELECT k.action, k.command,
		       CASE WHEN c.track = 'green' AND k.green_phrase_zh IS NOT NULL
			    THEN k.green_phrase_zh ELSE k.phrase_zh END,
		       CASE WHEN c.track = 'green' AND k.green_phrase_en IS NOT NULL
			    THEN k.green_phrase_en ELSE k.phrase_en END,
		       k.reason_required
		FROM onedoor.case_action_kinds k
		WHERE (onedoor.case_action_refusal(me, c, k, true)).sqlstate IS NULL
		ORDER BY k.position;
END $$;
REVOKE ALL ON FUNCTION onedoor.case_actions(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.case_actions(bigint) TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
