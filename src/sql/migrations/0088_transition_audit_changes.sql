-- 0088_transition_audit_changes: a stage transition's audit entry keeps
-- what the transition changed, not the whole case twice.
--
-- Why.  case_act (0084_decision_before_approval.sql, its newest
-- definition) wrote the whole case row before and after (to_jsonb of 45
-- columns, twice) into every transition's entry: 1,548 bytes of jsonb in an
-- entry of 1,815 bytes, measured by bench_workflow on 1,100,000 cases.  The
-- entry is written twice (inserted by the transition, then its link filled
-- in by the chainer, which writes the row again), so it was over half of
-- the WAL a transition writes, and all of the audit log's growth (~2 KB a
-- transition: some 100 GB a year for a province of ten million cases).
-- What the two rows share says nothing the earlier entries of the same case
-- do not already say.
--
-- Now.  before and after hold the case's identity (id, case_no), its stage
-- and version - so an entry still reads "which case, from which stage to
-- which" on its own, and readers that look for those keys
-- (tests/db/test_workflow_audit.sh, the audit browser's entry) find them -
-- and every other column whose value the transition changed: its old value
-- in before, its new one in after (audit_changes).  Nothing else changes:
-- the entry is masked and chained as before (audit_append), so the chain
-- covers every byte stored; the browser shows before and after as it did
-- (audit_entry, 0042_audit_browser.sql; audit_entry_opens, 0080), only
-- shorter; the case an entry concerns is still found by its object_id.
-- Entries written before keep their whole rows.
--
-- case_act: the body of 0084_decision_before_approval.sql unchanged but for
-- its last audit_append.

-- The members of p_from whose key is in p_keep or whose value differs in
-- p_to (absent there included): with p_from the row before and p_to after,
-- what the change overwrote; the other way round, what it wrote.
-- In PL/pgSQL, whose statements keep their plans for the session (0090's
-- header: a SQL function with a FROM is planned again in every transaction).
CREATE FUNCTION onedoor.audit_changes(p_from jsonb, p_to jsonb, p_keep text[]) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
	RETURN (SELECT coalesce(pg_catalog.jsonb_object_agg(e.key, e.value), '{}')
		FROM pg_catalog.jsonb_each(p_from) e
		WHERE e.key = ANY (p_keep) OR (p_to -> e.key) IS DISTINCT FROM e.value);
END $$;
REVOKE ALL ON FUNCTION onedoor.audit_changes(jsonb, jsonb, text[]) FROM PUBLIC;

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
	after jsonb;
	whole jsonb;
	-- What every transition's entry keeps, changed or not (see the header).
	keep constant text[] := '{id,case_no,stage,version}';
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
	whole := to_jsonb(c);
	after := onedoor.audit_changes(whole, before, keep);
	before := onedoor.audit_changes(before, whole, keep);
	PERFORM onedoor.audit_append('case', c.id::text, p_action, before, after, p_request_id);
	RETURN QUERY SELECT c.id, c.stage, c.version;
END $$;
