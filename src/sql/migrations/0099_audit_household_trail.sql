-- 0099_audit_household_trail: filtered by a household, the audit browser
-- shows everything about the household, not only the entries written
-- under the object type "household".
--
-- Why.  audit_browse_by (0062_audit_screen.sql) turned a household number
-- into the one object ('household', id): the household's form read back,
-- its history read, its changes recorded by the window.  An auditor
-- following a household also needs what the row audits of its tables
-- wrote (0004_audit.sql): its record ('households', id) and its membership
-- rows ('household_members', keyed by the whole row, whose household_id
-- names it), its applications ('application' and 'applications', by
-- number), its bank account ('bank_account', by household number), and
-- its members' records and every read of them ('person' and 'persons', by
-- the person's id).  None of these showed.
--
-- Now the household branch pages each of those objects with audit_browse,
-- as the case branch does with a case's urges, and merges them on the
-- same key (time, number), so paging, scope and refusals stay 0091's and
-- 0094's.  The members are the household's members now; a person who has
-- left shows through the membership rows that removed them, not their own
-- record.  The membership rows are found by an index on the household_id
-- in their key, kept only for membership rows (a partial index: the
-- log's other writers, a stage transition among them, add nothing to it;
-- creating it reads each month's partition once).  The rest of
-- audit_browse_by is 0062's body word for word.

-- The household a membership row's entry names; NULL for every other
-- entry, whose object id need not be JSON (CASE keeps the cast from ever
-- seeing them, whatever order a plan tests its conditions in).
CREATE FUNCTION onedoor.audit_member_household(p_object_type text, p_object_id text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE WHEN p_object_type = 'household_members'
		    THEN (p_object_id::jsonb ->> 'household_id') END
$$;
REVOKE ALL ON FUNCTION onedoor.audit_member_household(text, text) FROM PUBLIC;
CREATE INDEX audit_log_member_household ON onedoor.audit_log
	(onedoor.audit_member_household(object_type, object_id))
	WHERE object_type = 'household_members';

CREATE OR REPLACE FUNCTION onedoor.audit_browse_by(p_actor name, p_case_no text, p_household_no text,
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
	v_no text;
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
		SELECT h.id::text, h.household_no INTO v_id, v_no FROM onedoor.households h
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
	IF v_type = 'household' THEN
		-- Everything about the household (see the header): each object
		-- paged by audit_browse, merged on the same key.
		RETURN QUERY
		WITH objects (object_type, object_id) AS (
			VALUES ('household', v_id), ('households', v_id), ('bank_account', v_no)
			UNION
			SELECT 'household_members', a.object_id FROM onedoor.audit_log a
			WHERE a.object_type = 'household_members'
			  AND onedoor.audit_member_household(a.object_type, a.object_id) = v_id
			UNION
			SELECT t.object_type, ap.application_no FROM onedoor.applications ap
			CROSS JOIN (VALUES ('application'), ('applications')) t (object_type)
			WHERE ap.household_id = v_id::bigint
			UNION
			SELECT t.object_type, m.person_id::text FROM onedoor.household_members m
			CROSS JOIN (VALUES ('person'), ('persons')) t (object_type)
			WHERE m.household_id = v_id::bigint)
		SELECT b.* FROM objects o
		CROSS JOIN LATERAL onedoor.audit_browse(p_actor, o.object_type, o.object_id, p_from,
							p_to, p_kind, p_after_at, p_after_seq,
							p_limit) b
		ORDER BY b.at DESC, b.seq DESC
		LIMIT least(greatest(coalesce(p_limit, 50), 1), 200);
		RETURN;
	END IF;
	RETURN QUERY SELECT * FROM onedoor.audit_browse(p_actor, v_type, v_id, p_from, p_to, p_kind,
							 p_after_at, p_after_seq, p_limit);
END $$;
