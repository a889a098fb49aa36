-- 0080_audit_entry_household: an audit entry opens the household it
-- concerns, as it opens its case.
--
-- 0062_audit_screen.sql's audit_entry_opens named a household only for an
-- entry written on the household itself; an entry about one of its cases,
-- or a view of one of its members, named none, and the auditor had no way
-- to the household's history from the trail.  audit_entry_opens now names
-- the household of whatever the entry concerns (audit_entry_subject, 0062:
-- the case's household, the household, or the person's household), with
-- the same columns.  household_history_open_no finds a household by its
-- number within the reader's scope and records the history read, as
-- household_history_open (0064_lifecycle_screens.sql) does from a case or
-- a resident ID, so that the history screen opens from the entry through the
-- same trace; the history itself is read as before (household_history).
-- audit_entry_opens was defined only in 0062.

CREATE OR REPLACE FUNCTION onedoor.audit_entry_opens(p_seq bigint)
RETURNS TABLE (seq bigint, pos bigint, at timestamptz, actor name, actor_group text,
	       terminal text, terminal_ok boolean, request_id uuid, object_type text,
	       object_id text, action text, before jsonb, after jsonb, case_no text,
	       household_no text, case_id bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT e.seq, e.pos, e.at, e.actor, e.actor_group, e.terminal, e.terminal_ok, e.request_id,
	       e.object_type, e.object_id, e.action, e.before, e.after, e.case_no,
	       coalesce(e.household_no,
			(SELECT h.household_no FROM onedoor.households h
			 WHERE h.id = (onedoor.audit_entry_subject(p_seq)).household_id)),
	       (SELECT c.id FROM onedoor.cases c WHERE c.case_no = e.case_no)
	FROM onedoor.audit_entry(p_seq) e
$$;

-- The household numbered p_household_no, for its history: within the
-- reader's scope (may_see_household), else P0002; the read's trace written
-- here, committed before household_history answers.
CREATE FUNCTION onedoor.household_history_open_no(p_household_no text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	v_no text;
	v_id bigint;
BEGIN
	SELECT h.household_no, h.id INTO v_no, v_id FROM onedoor.households h
	WHERE h.household_no = upper(btrim(p_household_no));
	IF v_no IS NULL OR NOT onedoor.may_see_household(v_id) THEN
		RAISE EXCEPTION 'no household to show' USING ERRCODE = 'P0002';
	END IF;
	PERFORM onedoor.trace_read('household_history', v_no);
	RETURN v_no;
END $$;
REVOKE ALL ON FUNCTION onedoor.household_history_open_no(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.household_history_open_no(text) TO onedoor_supervisor,
	onedoor_auditor, onedoor_admin;
