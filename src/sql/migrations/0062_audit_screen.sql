-- 0056_audit_screen: what the audit browser screen needs beyond
-- 0042_audit_browser.sql (which it keeps unchanged):
--
-- * audit_browse_by: the trail filtered by a case or household *number*, as
--   the auditor types it, turned into the entries' object (('case', id) and
--   the case's urges and 通报, or ('household', id)) and paged by
--   audit_browse itself, so the rules and indexes of 0042 hold.  A supervisor names only their county's cases and
--   households; anything else is "not found", as elsewhere.
-- * audit_entry_opens: audit_entry with the case's id, so that the entry
--   opens the case screen.
-- * Unmasking one entry: the trail keeps resident IDs masked (audit_mask,
--   0037_audit_chainer.sql), so "unmasking" shows the resident IDs of the
--   people the entry concerns (the person, or the members of the household
--   of the case or household) from their records.  As every read of
--   personal data (0037, 0047, 0051): trace_audit_reveal writes the traces
--   first - a person_record trace per person and an entry saying which
--   audit entry was unmasked - the client commits it, then
--   audit_entry_reveal answers only for traced people.  Auditors only.

-- The case or household an entry concerns, as 0042's audit_entry finds it.
CREATE FUNCTION onedoor.audit_entry_subject(p_seq bigint, OUT case_id bigint,
					    OUT household_id bigint, OUT person_id bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT c.id, coalesce(c.household_id, h.id, m.household_id), p.id
	FROM onedoor.audit_trail t
	LEFT JOIN onedoor.cases c
		ON t.object_type IN ('case', 'cases', 'case_urges', 'decisions')
		AND c.id::text = coalesce(t.after ->> 'case_id', t.before ->> 'case_id',
					  CASE WHEN t.object_type IN ('case', 'cases') THEN t.object_id END)
	LEFT JOIN onedoor.households h
		ON t.object_type IN ('household', 'households') AND h.id::text = t.object_id
	LEFT JOIN onedoor.persons p
		ON t.object_type IN ('person', 'persons') AND p.id::text = t.object_id
	LEFT JOIN onedoor.household_members m ON m.person_id = p.id
	WHERE t.seq = p_seq
	LIMIT 1
$$;

CREATE FUNCTION onedoor.audit_browse_by(p_actor name, p_case_no text, p_household_no text,
					p_from date, p_to date, p_kind text,
					p_after_at timestamptz, p_after_seq bigint, p_limit integer)
RETURNS TABLE (seq bigint, pos bigint, at timestamptz, actor name, actor_name text,
	       actor_group text, terminal text, terminal_ok boolean, object_type text,
	       object_id text, action text, kind text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	me onedoor.staff := onedoor.current_staff();
	v_type text;
	v_id text;
BEGIN
	IF p_case_no IS NOT NULL AND p_household_no IS NOT NULL THEN
		RAISE EXCEPTION 'filter by a case or by a household, not both' USING ERRCODE = '22023';
	END IF;
	IF p_case_no IS NOT NULL THEN
		v_type := 'case';
		SELECT c.id::text INTO v_id FROM onedoor.cases c
		WHERE c.case_no = upper(btrim(p_case_no))
		  AND (me.role_group <> 'supervisor' OR c.county = me.county);
		IF v_id IS NULL THEN
			RAISE EXCEPTION 'case % not found', btrim(p_case_no) USING ERRCODE = 'P0002';
		END IF;
	ELSIF p_household_no IS NOT NULL THEN
		v_type := 'household';
		SELECT h.id::text INTO v_id FROM onedoor.households h
		WHERE h.household_no = upper(btrim(p_household_no))
		  AND (me.role_group <> 'supervisor' OR h.centre_code IN (
			SELECT ce.code FROM onedoor.centres ce WHERE ce.county = me.county));
		IF v_id IS NULL THEN
			RAISE EXCEPTION 'household % not found', btrim(p_household_no)
				USING ERRCODE = 'P0002';
		END IF;
	END IF;
	IF v_type = 'case' THEN
		-- The case's own entries and those of its urges and 通报 (kept in
		-- case_urges, audited under their own ids), merged on the same key.
		RETURN QUERY
		SELECT b.* FROM (
			SELECT * FROM onedoor.audit_browse(p_actor, 'case', v_id, p_from, p_to, p_kind,
							   p_after_at, p_after_seq, p_limit)
			UNION ALL
			SELECT x.* FROM onedoor.case_urges u
			CROSS JOIN LATERAL onedoor.audit_browse(p_actor, 'case_urges', u.id::text, p_from,
								 p_to, p_kind, p_after_at, p_after_seq,
								 p_limit) x
			WHERE u.case_id = v_id::bigint) b
		ORDER BY b.at DESC, b.seq DESC
		LIMIT least(greatest(coalesce(p_limit, 50), 1), 200);
		RETURN;
	END IF;
	RETURN QUERY SELECT * FROM onedoor.audit_browse(p_actor, v_type, v_id, p_from, p_to, p_kind,
							 p_after_at, p_after_seq, p_limit);
END $$;

CREATE FUNCTION onedoor.audit_entry_opens(p_seq bigint)
RETURNS TABLE (seq bigint, pos bigint, at timestamptz, actor name, actor_group text,
	       terminal text, terminal_ok boolean, request_id uuid, object_type text,
	       object_id text, action text, before jsonb, after jsonb, case_no text,
	       household_no text, case_id bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT e.*, (SELECT c.id FROM onedoor.cases c WHERE c.case_no = e.case_no)
	FROM onedoor.audit_entry(p_seq) e
$$;

-- The people an entry concerns: the person; the case's person for an
-- individual item; else every member of the household.
CREATE FUNCTION onedoor.audit_entry_people(p_seq bigint) RETURNS SETOF bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT DISTINCT x.pid
	FROM onedoor.audit_entry_subject(p_seq) s
	LEFT JOIN onedoor.cases c ON c.id = s.case_id
	CROSS JOIN LATERAL (
		SELECT coalesce(s.person_id, c.person_id) AS pid
		WHERE coalesce(s.person_id, c.person_id) IS NOT NULL
		UNION ALL
		SELECT m.person_id FROM onedoor.household_members m
		WHERE s.person_id IS NULL AND c.person_id IS NULL
		  AND m.household_id = s.household_id) x
$$;

CREATE FUNCTION onedoor.audit_only_auditor() RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
BEGIN
	IF (onedoor.current_staff()).role_group IS DISTINCT FROM 'auditor' THEN
		RAISE EXCEPTION 'only the discipline commission unmasks an audit entry'
			USING ERRCODE = '42501';
	END IF;
END $$;

-- The traces of unmasking entry p_seq; commit, then audit_entry_reveal.
CREATE FUNCTION onedoor.trace_audit_reveal(p_seq bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	pid bigint;
	n integer := 0;
BEGIN
	PERFORM onedoor.audit_only_auditor();
	IF NOT EXISTS (SELECT 1 FROM onedoor.audit_log a WHERE a.seq = p_seq) THEN
		RAISE EXCEPTION 'audit entry % not found', p_seq USING ERRCODE = 'P0002';
	END IF;
	FOR pid IN SELECT * FROM onedoor.audit_entry_people(p_seq) LOOP
		PERFORM onedoor.trace_read('person_record', pid::text);
		n := n + 1;
	END LOOP;
	PERFORM onedoor.audit_append('audit_log', p_seq::text, 'read_unmasked', NULL,
		jsonb_build_object('entry', p_seq, 'persons', n));
	RETURN n;
END $$;

-- Names and resident IDs of the people entry p_seq concerns; each must
-- have its committed trace (trace_audit_reveal).
CREATE FUNCTION onedoor.audit_entry_reveal(p_seq bigint)
RETURNS TABLE (full_name text, resident_id text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	pid bigint;
BEGIN
	PERFORM onedoor.audit_only_auditor();
	FOR pid IN SELECT * FROM onedoor.audit_entry_people(p_seq) LOOP
		PERFORM onedoor.read_traced('person_record', pid::text);
	END LOOP;
	RETURN QUERY SELECT p.name::text, p.resident_id::text
	FROM onedoor.audit_entry_people(p_seq) x JOIN onedoor.persons p ON p.id = x
	ORDER BY p.id;
END $$;

REVOKE ALL ON FUNCTION onedoor.audit_entry_subject(bigint),
	onedoor.audit_browse_by(name, text, text, date, date, text, timestamptz, bigint, integer),
	onedoor.audit_entry_opens(bigint), onedoor.audit_entry_people(bigint),
	onedoor.audit_only_auditor(), onedoor.trace_audit_reveal(bigint),
	onedoor.audit_entry_reveal(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
	onedoor.audit_browse_by(name, text, text, date, date, text, timestamptz, bigint, integer),
	onedoor.audit_entry_opens(bigint) TO onedoor_auditor, onedoor_admin, onedoor_supervisor;
GRANT EXECUTE ON FUNCTION onedoor.trace_audit_reveal(bigint), onedoor.audit_entry_reveal(bigint)
	TO onedoor_auditor;
