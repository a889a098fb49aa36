-- 0084_decision_before_approval: 同意救助 and 不同意救助 only with the
-- decision.
--
-- case_act moved a case through approval on 'approve' or 'reject' alone,
-- so a case could be approved with no amount, start month or reason on
-- record (and no benefit, notice or message following from it).  Now
-- case_act refuses those two actions unless the case has its decision
-- (onedoor.decisions) with the matching outcome: granted for approve,
-- refused for reject.  The approver's one call, case_decide, records the
-- decision first and then moves the case, in one transaction as before.
-- case_actions still lists approve and reject (the screens open the
-- decision form from them): what is missing is not a right but the
-- decision, which the form supplies.
--
-- case_act: the body of 0054_case_actions.sql (its newest definition; 0005
-- made it, 0007 only grants it) unchanged but for the check after the
-- reason's.  case_decide: the body of 0050_decision_notice.sql (its only
-- definition) with the decision inserted before the stage move; a case
-- decided already keeps its decision (ON CONFLICT DO NOTHING), case_act's
-- refusal, or failing one 23505, says why.

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
	decided text;
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
	-- 同意救助 / 不同意救助 only with the decision (amount and start month, or
	-- the reason): case_decide records it and then moves the case here.
	IF p_action IN ('approve', 'reject') THEN
		SELECT x.outcome INTO decided FROM onedoor.decisions x WHERE x.case_id = c.id;
		IF decided IS NULL THEN
			RAISE EXCEPTION 'case % has no decision: the approver decides it with the amount and start month, or the reason for refusing',
				c.case_no USING ERRCODE = '55000';
		END IF;
		IF decided <> (CASE p_action WHEN 'approve' THEN 'granted' ELSE 'refused' END) THEN
			RAISE EXCEPTION 'the decision on case % %: % is not possible', c.case_no,
				CASE decided WHEN 'granted' THEN 'granted assistance' ELSE 'refused assistance' END,
				p_action USING ERRCODE = '55000';
		END IF;
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

CREATE OR REPLACE FUNCTION onedoor.case_decide(p_request_id uuid, p_case_id bigint, p_version integer,
				    p_outcome text, p_amount_fen bigint, p_start_month date,
				    p_reason text)
RETURNS TABLE (decision_id bigint, notice_id bigint, stage text, version integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	c onedoor.cases;
	i onedoor.catalogue_items;
	d onedoor.decisions;
	moved record;
	n onedoor.decision_notices;
	reason text := nullif(btrim(p_reason), '');
	today date := onedoor.today();
BEGIN
	prev := onedoor.request_begin(p_request_id, 'case_decide');
	IF prev IS NOT NULL THEN
		RETURN QUERY SELECT (prev ->> 'decision_id')::bigint, (prev ->> 'notice_id')::bigint,
			prev ->> 'stage', (prev ->> 'version')::int;
		RETURN;
	END IF;
	IF p_outcome IS NULL OR p_outcome NOT IN ('granted', 'refused') THEN
		RAISE EXCEPTION 'the outcome is granted or refused' USING ERRCODE = '22023';
	END IF;
	SELECT * INTO c FROM onedoor.cases x WHERE x.id = p_case_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'case % not found', p_case_id USING ERRCODE = 'P0002';
	END IF;
	SELECT * INTO i FROM onedoor.catalogue_items x WHERE x.code = c.item_code;
	d.case_id := c.id;
	d.item_code := c.item_code;
	d.outcome := p_outcome;
	d.period := i.amount_period;
	d.reason := reason;
	d.decided_by := session_user;
	d.decided_on := today;
	d.request_id := p_request_id;
	IF p_outcome = 'granted' THEN
		d.engine_amount_fen := onedoor.engine_amount_fen(c.id);
		d.amount_fen := coalesce(p_amount_fen, d.engine_amount_fen);
		IF d.amount_fen IS NULL OR d.amount_fen < 0 THEN
			RAISE EXCEPTION 'an amount is needed (the engine gives none for %)', c.item_code
				USING ERRCODE = '22023', HINT = 'amount';
		END IF;
		IF d.engine_amount_fen IS NOT NULL AND d.amount_fen <> d.engine_amount_fen
		   AND reason IS NULL THEN
			RAISE EXCEPTION 'an amount other than the engine''s % fen needs a reason',
				d.engine_amount_fen USING ERRCODE = '22023', HINT = 'reason';
		END IF;
		d.start_month := coalesce(p_start_month, date_trunc('month', today)::date);
		IF d.start_month <> date_trunc('month', d.start_month)::date THEN
			RAISE EXCEPTION 'the start month is the first day of a month'
				USING ERRCODE = '22023', HINT = 'start_month';
		END IF;
	ELSIF reason IS NULL THEN
		RAISE EXCEPTION '不同意救助 needs a reason' USING ERRCODE = '22023', HINT = 'reason';
	END IF;

	-- The decision first: case_act moves the case only with it (and the
	-- whole call is undone when case_act refuses).  Its phrase is the one
	-- case_act records for the action on the case's track.
	SELECT CASE WHEN c.track = 'green' AND k.green_phrase_zh IS NOT NULL
		    THEN k.green_phrase_zh ELSE k.phrase_zh END INTO d.phrase
	FROM onedoor.case_action_kinds k
	WHERE k.action = CASE p_outcome WHEN 'granted' THEN 'approve' ELSE 'reject' END;
	d.at := clock_timestamp();
	-- A case decided already keeps its decision: case_act then says why
	-- the case cannot move (its stage), or the line after it does.
	INSERT INTO onedoor.decisions (case_id, item_code, outcome, amount_fen, period,
		start_month, engine_amount_fen, reason, phrase, decided_by, decided_on, at, request_id)
	VALUES (d.case_id, d.item_code, d.outcome, d.amount_fen, d.period, d.start_month,
		d.engine_amount_fen, d.reason, d.phrase, d.decided_by, d.decided_on, d.at,
		d.request_id)
	ON CONFLICT (case_id) DO NOTHING
	RETURNING * INTO d;

	-- The stage move and all its rules; its own request id, derived, so a
	-- retry of this call finds the first move.
	SELECT * INTO moved FROM onedoor.case_act(md5(p_request_id::text || ':act')::uuid, c.id,
		p_version, CASE p_outcome WHEN 'granted' THEN 'approve' ELSE 'reject' END, reason);
	IF d.id IS NULL THEN
		RAISE EXCEPTION 'case % was decided already', c.case_no USING ERRCODE = '23505';
	END IF;
	n.notice_no := c.case_no || '-JD';
	n.title := CASE d.outcome WHEN 'granted' THEN '救助决定书' ELSE '不予救助决定书' END;
	n.text := onedoor.notice_text(d, n.notice_no);
	n.sha256 := encode(sha256(convert_to(n.text, 'UTF8')), 'hex');
	INSERT INTO onedoor.decision_notices (decision_id, case_id, notice_no, title, text, sha256)
	VALUES (d.id, c.id, n.notice_no, n.title, n.text, n.sha256)
	RETURNING * INTO n;
	PERFORM onedoor.request_finish(p_request_id, 'case_decide', jsonb_build_object(
		'decision_id', d.id, 'notice_id', n.id, 'stage', moved.stage,
		'version', moved.version));
	PERFORM onedoor.audit_append('decision', d.id::text, 'decide', NULL,
		to_jsonb(d) || jsonb_build_object('notice_no', n.notice_no,
			'notice_sha256', n.sha256), p_request_id);
	RETURN QUERY SELECT d.id, n.id, moved.stage::text, moved.version::int;
END $$;
