-- 0098_transition_under_load: what a stage transition costs when fifty
-- connections make them at once, cut where it was spent for nothing.
--
-- Why.  bench_workflow's transitions (case_act verify_pass, 50 connections
-- on two cores, audit entries and change feed on) were measured two ways:
-- the server time of each statement inside a transition with
-- pg_stat_statements (track = all) at 2 connections, and where 50
-- connections waited, from the waiting backends' stacks (perf, sched_switch
-- with DWARF call graphs).  Two findings are fixed here.
--
--   * Only 38% of the case updates were HOT at 50 connections, against
--     85% at 4 (0093_cases_hot_transitions.sql).  A page has room for a few
--     new versions; the old ones are pruned only once no transaction that
--     could still see them runs, and with fifty transactions interleaved on
--     two cores that horizon trails by several of one client's
--     transitions.  The page looked at after a run showed it: four updates
--     HOT, four moved to another page (each then writing ten index
--     entries), fourteen HOT, four moved.  fillfactor 70 leaves room for
--     about eight new versions of 320 bytes instead of four: 81% HOT at 50
--     connections in the same laboratory run, about 18% more table, no
--     more index.  ALTER TABLE sets it for the pages written from now on;
--     an existing province's table takes it when rewritten (pg_repack, or
--     VACUUM FULL out of hours).
--
--   * The verification gate (verification_blocker, run by the trigger
--     verification_gate on every verify -> supervise) read the whole latest
--     report, its text and its content, and counted its differences
--     against report_acknowledgements, even when the report has none:
--     48 microseconds of the transition, and two more relations locked in
--     the shared lock table (a transaction takes its first 16 relation
--     locks in its own fast-path slots; the transition takes 22, and the
--     waits on LWLock:LockManager at 50 connections are those others).  The
--     report's flags column is the number of its differences (set when it
--     is generated, 0049_verification.sql, and never changed: reports are
--     immutable), so a report without flags needs no more reading.  The
--     answer is the same for every report; otherwise the body of
--     0049_verification.sql word for word.
--
--   * audit_append called audit_mask for the entry's before and for its
--     after, 14 microseconds each: a PL/pgSQL call, although a
--     transition's entry has nothing to mask.  It now asks first whether
--     there is a member to mask (audit_mask's own first test) and calls it
--     only then; the entry is the same.  Otherwise the body of
--     0090_audit_append_planned_once.sql word for word.
--
-- Also measured and done outside this file: the entry's before and after
-- (audit_changes, 0088_transition_audit_changes.sql) are computed by the
-- server module in C since src/sql/engine.sql defines it there, about 60 of
-- the transition's microseconds.

ALTER TABLE onedoor.cases SET (fillfactor = 70);

CREATE OR REPLACE FUNCTION onedoor.verification_blocker(p_case_id bigint) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
	r record;
	open_flags int;
BEGIN
	SELECT x.id, x.version, x.authorised, x.flags INTO r
	FROM onedoor.verification_reports x WHERE x.case_id = p_case_id
	ORDER BY x.version DESC LIMIT 1;
	IF NOT FOUND THEN
		RETURN 'no verification report';
	END IF;
	IF NOT r.authorised THEN
		RETURN 'the applicant''s authorisation to verify (家庭经济状况核对授权书) is not on file';
	END IF;
	IF r.flags = 0 THEN
		RETURN NULL;
	END IF;
	SELECT count(*) INTO open_flags
	FROM jsonb_array_elements((SELECT x.content -> 'differences'
				   FROM onedoor.verification_reports x WHERE x.id = r.id)) d
	WHERE NOT EXISTS (SELECT 1 FROM onedoor.report_acknowledgements a
			  WHERE a.report_id = r.id AND a.flag = d ->> 'flag');
	IF open_flags > 0 THEN
		RETURN open_flags || ' flagged difference(s) of report version ' || r.version ||
			' not acknowledged';
	END IF;
	RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION onedoor.audit_append(p_object_type text, p_object_id text,
						p_action text, p_before jsonb, p_after jsonb,
						p_request_id uuid DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	v_seq bigint;
	v_before jsonb;
	v_after jsonb;
	v_terminal_ok boolean;
BEGIN
	-- audit_mask returns what it is given unless it has a member to mask;
	-- asked here first, most entries (every transition's) skip the call.
	v_before := CASE WHEN p_before ?| ARRAY['resident_id', 'facts']
		    THEN onedoor.audit_mask(p_before) ELSE p_before END;
	v_after := CASE WHEN p_after ?| ARRAY['resident_id', 'facts']
		   THEN onedoor.audit_mask(p_after) ELSE p_after END;
	v_terminal_ok := onedoor.terminal_ok();
	INSERT INTO onedoor.audit_log (at, actor, actor_group, application_name, client_addr, txid,
		request_id, object_type, object_id, action, before, after, terminal_ok)
	VALUES (clock_timestamp(), session_user,
		(SELECT s.role_group FROM onedoor.staff s WHERE s.role_name = session_user),
		current_setting('application_name', true), inet_client_addr(), txid_current(),
		p_request_id, p_object_type, p_object_id, p_action, v_before, v_after,
		v_terminal_ok)
	RETURNING audit_log.seq INTO v_seq;
	RETURN v_seq;
END $$;
