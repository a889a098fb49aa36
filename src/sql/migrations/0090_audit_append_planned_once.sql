-- 0090_audit_append_planned_once: an audit entry's masking and terminal
-- check planned once per session, not again in every transaction.
--
-- Why.  audit_append (0037_audit_chainer.sql, its newest definition) calls
-- audit_mask twice and terminal_ok once inside its INSERT, and the case
-- events' trigger calls terminal_ok again.  Both are SQL functions that
-- cannot be inlined (a sub-select; SECURITY DEFINER and a FROM), and such a
-- function is parsed and planned again in every transaction that calls it:
-- measured with pg_stat_statements (track = all, track_planning) over 300
-- stage transitions, 600 plans of audit_mask and 600 of terminal_ok, and
-- the entry's INSERT at 1.3 ms of the transition's 4.4 ms.  Every audited
-- write pays it; the transitions, whose 50 connections in bench_workflow
-- are bound by the machine's two cores, the most.
--
-- Now.  audit_mask and terminal_ok are PL/pgSQL functions with the same
-- body, result, volatility and rights (0037's, word for word): PL/pgSQL
-- keeps a statement's plan for the session.  audit_append assigns the masked
-- content and the terminal check to variables before its INSERT (a
-- function called in an INSERT's VALUES gets a fresh call context each
-- time the INSERT runs), and is otherwise 0037's word for word: no lock,
-- no head, masked content, the terminal check.  The audit trail's view and
-- the browser read the same values (audit_trail masks older entries through
-- the same audit_mask).

CREATE OR REPLACE FUNCTION onedoor.audit_mask(j jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
	RETURN CASE
		WHEN j IS NULL OR pg_catalog.jsonb_typeof(j) <> 'object'
		     OR NOT (j ?| ARRAY['resident_id', 'facts']) THEN j
		ELSE j || pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
			'resident_id', CASE WHEN pg_catalog.jsonb_typeof(j -> 'resident_id') = 'string'
				THEN pg_catalog.to_jsonb(onedoor.mask_resident_id(j ->> 'resident_id')) END,
			'facts', CASE WHEN pg_catalog.jsonb_typeof(j -> 'facts') = 'object'
				  AND NOT (j -> 'facts' ? 'keys' AND (j -> 'facts') - 'keys' = '{}'
					   AND pg_catalog.jsonb_typeof(j -> 'facts' -> 'keys') = 'array')
				THEN pg_catalog.jsonb_build_object('keys', (SELECT coalesce(
					pg_catalog.jsonb_agg(k ORDER BY k), '[]')
					FROM pg_catalog.jsonb_object_keys(j -> 'facts') k)) END))
	END;
END $$;

CREATE OR REPLACE FUNCTION onedoor.terminal_ok() RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
BEGIN
	RETURN (SELECT CASE WHEN m IS NULL THEN NULL ELSE m[1] = s.centre_code END
		FROM onedoor.staff s,
		     pg_catalog.regexp_match(pg_catalog.current_setting('application_name', true),
					     '^onedoor ([A-Za-z0-9_-]{1,32})-[0-9]+$') m
		WHERE s.role_name = session_user AND s.active AND s.role_group = 'clerk');
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
	v_before := onedoor.audit_mask(p_before);
	v_after := onedoor.audit_mask(p_after);
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
