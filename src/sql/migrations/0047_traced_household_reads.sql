-- 0047_traced_household_reads: the household form and history answer only
-- after their trace is committed, like the person record and the status
-- lookup (0037_audit_chainer.sql).
--
-- household_form (the current version with every resident ID and fact) and
-- household_history (what changed, facts included) wrote their audit entry
-- in the reader's own transaction: BEGIN; SELECT ... FROM
-- onedoor.household_form(no) ...; ROLLBACK read a centre's households and
-- left no trace.  Now the trace is written by trace_read('household_form' |
-- 'household_history', household_no), committed first (the client sends
-- both in one round trip, db_exec_after), and the read checks it.
--
-- Replaces trace_read (0037_audit_chainer.sql) and household_form and
-- household_history (0023_household_history.sql); each carries every change
-- of its earlier definition, the audit entry moving into trace_read with the
-- same object, action and content.

ALTER TABLE onedoor.read_traces DROP CONSTRAINT read_traces_kind_check;
ALTER TABLE onedoor.read_traces ADD CONSTRAINT read_traces_kind_check CHECK (kind IN
	('person_record', 'status_lookup', 'household_form', 'household_history'));

-- Writes the audit entry of a read before it is made; commit it, then call
-- the read.  Kinds and subjects as 0037_audit_chainer.sql says, and
--   trace_read('household_form' | 'household_history', household_no)
--                                            P0002 when not in scope
CREATE OR REPLACE FUNCTION onedoor.trace_read(p_kind text, p_subject text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	subject text;
	rid text;
	pid bigint;
	n integer;
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
	DELETE FROM onedoor.read_traces t WHERE t.actor = session_user
		AND t.at < clock_timestamp() - interval '10 minutes';
	INSERT INTO onedoor.read_traces (actor, kind, subject, txid, at)
	VALUES (session_user, p_kind, subject, txid_current(), clock_timestamp());
END $$;

-- The current version of a household as form rows; needs a committed
-- trace_read('household_form', no).
CREATE OR REPLACE FUNCTION onedoor.household_form(p_household_no text)
RETURNS TABLE (member integer, key text, value text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	me onedoor.staff := onedoor.current_staff();
	h onedoor.households;
	doc jsonb;
BEGIN
	SELECT * INTO h FROM onedoor.households x WHERE x.household_no = p_household_no;
	IF NOT FOUND OR me.role_name IS NULL OR me.role_group <> 'clerk'
	   OR h.centre_code IS DISTINCT FROM me.centre_code THEN
		RAISE EXCEPTION 'household % not found', p_household_no USING ERRCODE = 'P0002';
	END IF;
	PERFORM onedoor.read_traced('household_form', p_household_no);
	doc := onedoor.household_state(h.id);
	RETURN QUERY
		SELECT 0, '_version'::text, h.version::text
		UNION ALL SELECT 0, 'hukou', doc ->> 'hukou'
		UNION ALL SELECT 0, f.key, f.value FROM jsonb_each_text(doc -> 'facts') f
		UNION ALL
		SELECT m.ord::int, x.key, x.value
		FROM jsonb_array_elements(doc -> 'members') WITH ORDINALITY m(v, ord)
		CROSS JOIN LATERAL (SELECT 'id' AS key, m.v ->> 'resident_id' AS value
				    UNION ALL SELECT 'name', m.v ->> 'name'
				    UNION ALL SELECT 'relation', m.v ->> 'relation'
				    UNION ALL SELECT f.key, f.value
				    FROM jsonb_each_text(m.v -> 'facts') f) x;
END $$;

-- A household's history; needs a committed trace_read('household_history', no).
CREATE OR REPLACE FUNCTION onedoor.household_history(p_household_no text)
RETURNS TABLE (version integer, at timestamptz, changed_by name, changed_by_name text,
	       reason text, changes jsonb)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	h onedoor.households;
BEGIN
	SELECT * INTO h FROM onedoor.households x WHERE x.household_no = p_household_no;
	IF NOT FOUND OR NOT onedoor.may_see_household(h.id) THEN
		RAISE EXCEPTION 'household % not found', p_household_no USING ERRCODE = 'P0002';
	END IF;
	PERFORM onedoor.read_traced('household_history', p_household_no);
	RETURN QUERY
		SELECT v.version, v.at, v.changed_by,
		       coalesce(onedoor.staff_name(v.changed_by), v.changed_by::text),
		       v.reason::text,
		       CASE WHEN v.version = 1 THEN NULL
			    ELSE onedoor.household_diff(lag(v.document) OVER (ORDER BY v.version),
							v.document) END
		FROM onedoor.household_versions v
		WHERE v.household_id = h.id
		ORDER BY v.version;
END $$;

-- The status lookup's cases, by index: a person's own cases (cases_person)
-- and their households' (cases_household), instead of an OR that read every
-- case (a second on a million cases).  Replaces 0037_audit_chainer.sql's,
-- same rows; ROWS 10 so that the lookup joins the few it returns by key.
CREATE INDEX cases_person ON onedoor.cases (person_id) WHERE person_id IS NOT NULL;
CREATE OR REPLACE FUNCTION onedoor.status_case_ids(p_person_id bigint) RETURNS SETOF bigint
ROWS 10
LANGUAGE sql STABLE AS $$
	SELECT c.id FROM onedoor.cases c
	WHERE c.person_id = p_person_id
	  AND (c.centre_code = ANY (onedoor.my_centres())
	       OR (c.department = onedoor.my_department()
		   AND (onedoor.my_approver_county() IS NULL
			OR c.county = onedoor.my_approver_county())))
	UNION
	SELECT c.id FROM onedoor.household_members m
	JOIN onedoor.cases c ON c.household_id = m.household_id AND c.person_id IS NULL
	WHERE m.person_id = p_person_id
	  AND (c.centre_code = ANY (onedoor.my_centres())
	       OR (c.department = onedoor.my_department()
		   AND (onedoor.my_approver_county() IS NULL
			OR c.county = onedoor.my_approver_county())))
$$;
