-- 0100_trace_read_cleanup: a read of personal data costs the same at the
-- end of a working day as at its start.
--
-- Why.  trace_read (0047_traced_household_reads.sql) first removes the
-- reader's traces older than ten minutes (a trace only has to outlive the
-- read it permits).  The removal compared at with clock_timestamp() - 10
-- minutes inside the statement: a volatile function's value cannot bound
-- an index scan, so the scan was on the reader alone and read every trace
-- of theirs still kept, and every dead one the removals had left, on each
-- call.  Measured, one clerk calling it 3,000 times: 0.95 ms a call for
-- the first 300, 1.73 ms for the last 300.
--
-- Now the limit is computed first, and an index on (actor, at) finds just
-- the traces to remove (read_traces_actor, on actor, kind, subject, at,
-- serves the reads' check and cannot be searched by time).  The rest of
-- trace_read is 0047's body word for word.

CREATE INDEX read_traces_actor_at ON onedoor.read_traces (actor, at);

CREATE OR REPLACE FUNCTION onedoor.trace_read(p_kind text, p_subject text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	subject text;
	rid text;
	pid bigint;
	n integer;
	-- A variable, not clock_timestamp() in the statement: a volatile
	-- function's value cannot bound an index scan.
	expired timestamptz := clock_timestamp() - interval '10 minutes';
BEGIN
	IF (onedoor.current_staff()).role_name IS NULL THEN
		RAISE EXCEPTION 'this login is not active staff' USING ERRCODE = '42501';
	END IF;
	IF p_kind = 'person_record' THEN
		pid := CASE WHEN p_subject ~ '^[0-9]{1,18}$' THEN p_subject::bigint END;
		IF pid IS NULL OR NOT EXISTS (
			SELECT 1 FROM onedoor.household_members m
			WHERE m.person_id = pid AND onedoor.may_see_household(m.household_id)) THEN
			RAISE EXCEPTION 'person % not found', p_subject USING ERRCODE = 'P0002';
		END IF;
		subject := pid::text;
		PERFORM onedoor.audit_append('person', subject, 'read_full_record', NULL,
			jsonb_build_object('fields', ARRAY['resident_id', 'facts']));
	ELSIF p_kind = 'status_lookup' THEN
		rid := upper(btrim(p_subject));
		IF rid IS NULL OR NOT onedoor.resident_id_valid(rid) THEN
			RAISE EXCEPTION 'invalid resident ID' USING ERRCODE = '22023';
		END IF;
		subject := encode(sha256(convert_to(rid, 'UTF8')), 'hex');
		SELECT p.id INTO pid FROM onedoor.persons p WHERE p.resident_id = rid;
		SELECT count(*) INTO n FROM onedoor.status_case_ids(pid);
		PERFORM onedoor.audit_append('person', coalesce(pid::text, ''), 'status_lookup', NULL,
			jsonb_build_object('resident_id', onedoor.mask_resident_id(rid), 'cases', n));
	ELSIF p_kind IN ('household_form', 'household_history') THEN
		-- The scope each read function checks: the form is the household's
		-- centre's clerks', the history anyone's who may see the household.
		SELECT h.id, h.version INTO pid, n FROM onedoor.households h
		WHERE h.household_no = p_subject
		  AND CASE p_kind WHEN 'household_form'
			THEN h.centre_code IS NOT DISTINCT FROM (onedoor.current_staff()).centre_code
			     AND (onedoor.current_staff()).role_group = 'clerk'
			ELSE onedoor.may_see_household(h.id) END;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'household % not found', p_subject USING ERRCODE = 'P0002';
		END IF;
		subject := p_subject;
		PERFORM onedoor.audit_append('household', pid::text,
			CASE p_kind WHEN 'household_form' THEN 'read_form' ELSE 'read_history' END, NULL,
			CASE p_kind WHEN 'household_form'
			     THEN jsonb_build_object('household_no', p_subject, 'version', n)
			     ELSE jsonb_build_object('household_no', p_subject) END);
	ELSE
		RAISE EXCEPTION 'unknown read "%"', p_kind USING ERRCODE = '22023';
	END IF;
	DELETE FROM onedoor.read_traces t WHERE t.actor = session_user AND t.at < expired;
	INSERT INTO onedoor.read_traces (actor, kind, subject, txid, at)
	VALUES (session_user, p_kind, subject, txid_current(), clock_timestamp());
END $$;
