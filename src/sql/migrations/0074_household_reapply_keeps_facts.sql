-- 0074_household_reapply_keeps_facts: a household reopened at the window
-- keeps every stored fact the clerk did not change.
--
-- household_reapply (0023_household_history.sql, its only earlier
-- definition, whose body this carries whole) stored the form as sent in
-- place of the household: a fact the window's form does not show (a
-- member's date of death, what the departments' data recorded) was
-- dropped, and a field the form fills with its default where nothing was
-- stored was written, and shown in the history, as a change the clerk made.
--
-- Now the window sends the form twice: as it was right after the household
-- was read into it (p_as_read, defaults included) and as it is now.  Only
-- what differs between the two is the clerk's change, and it is applied to
-- the household as stored (household_merge): a fact changed is written, a
-- fact cleared is removed, everything else stays as it was.  Without
-- p_as_read (an administrator's or a script's call) the sent document is
-- the change itself: the facts it names are written (a JSON null removes
-- one), the facts it leaves out are kept, and its members are the
-- household's members.  Every check is made on the household as it will be
-- stored.

-- One set of facts: the stored ones, with what differs between the form as
-- read and as sent applied (a key sent with JSON null, or read and no
-- longer sent, is removed).
CREATE FUNCTION onedoor.facts_merge(p_stored jsonb, p_read jsonb, p_sent jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
	SELECT ((coalesce(p_stored, '{}')
		 - coalesce((SELECT array_agg(k) FROM jsonb_object_keys(coalesce(p_read, '{}')) k
			     WHERE NOT coalesce(p_sent, '{}') ? k), '{}'::text[]))
		 - coalesce((SELECT array_agg(e.key) FROM jsonb_each(coalesce(p_sent, '{}')) e
			     WHERE e.value = 'null'), '{}'::text[]))
		|| coalesce((SELECT jsonb_object_agg(e.key, e.value)
			     FROM jsonb_each(coalesce(p_sent, '{}')) e
			     WHERE e.value <> 'null' AND e.value IS DISTINCT FROM p_read -> e.key), '{}')
$$;

-- The household to store, in household_state's shape: the members in the
-- order sent, each matched by resident ID with its stored and as-read self
-- (a name or relation the clerk did not change stays as stored); a stored
-- member the form never showed (p_as_read without them) stays, last.
CREATE FUNCTION onedoor.household_merge(p_stored jsonb, p_read jsonb, p_sent jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
	SELECT jsonb_build_object(
		'hukou', CASE WHEN p_read IS NOT NULL
				AND p_sent -> 'hukou' IS NOT DISTINCT FROM p_read -> 'hukou'
			      THEN p_stored -> 'hukou' ELSE p_sent -> 'hukou' END,
		'facts', onedoor.facts_merge(p_stored -> 'facts', p_read -> 'facts',
					     p_sent -> 'facts'),
		'members', coalesce((SELECT jsonb_agg(x.m ORDER BY x.o) FROM (
			SELECT n.o, jsonb_build_object('resident_id', n.v -> 'resident_id',
				'name', CASE WHEN s.v IS NOT NULL AND r.v IS NOT NULL
						AND n.v -> 'name' IS NOT DISTINCT FROM r.v -> 'name'
					     THEN s.v -> 'name' ELSE n.v -> 'name' END,
				'relation', CASE WHEN s.v IS NOT NULL AND r.v IS NOT NULL
						AND n.v -> 'relation' IS NOT DISTINCT FROM r.v -> 'relation'
					     THEN s.v -> 'relation' ELSE n.v -> 'relation' END,
				'facts', onedoor.facts_merge(s.v -> 'facts', r.v -> 'facts',
							     n.v -> 'facts')) AS m
			FROM jsonb_array_elements(p_sent -> 'members') WITH ORDINALITY n(v, o)
			LEFT JOIN LATERAL (SELECT e FROM jsonb_array_elements(p_stored -> 'members') e
					   WHERE upper(e ->> 'resident_id') = upper(n.v ->> 'resident_id')
					   LIMIT 1) s(v) ON true
			LEFT JOIN LATERAL (SELECT e FROM jsonb_array_elements(
						coalesce(p_read -> 'members', '[]')) e
					   WHERE upper(e ->> 'resident_id') = upper(n.v ->> 'resident_id')
					   LIMIT 1) r(v) ON true
			UNION ALL
			SELECT 1000000 + s.o, s.v
			FROM jsonb_array_elements(p_stored -> 'members') WITH ORDINALITY s(v, o)
			WHERE p_read IS NOT NULL
			  AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(p_read -> 'members') e
					  WHERE upper(e ->> 'resident_id') = upper(s.v ->> 'resident_id'))
			  AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(p_sent -> 'members') e
					  WHERE upper(e ->> 'resident_id') = upper(s.v ->> 'resident_id'))
		) x), '[]'))
$$;

-- household_reapply as in 0023, with p_as_read: only what the clerk changed
-- is applied to the household as stored.  Errors as before.
DROP FUNCTION onedoor.household_reapply(uuid, text, integer, jsonb, text);
CREATE FUNCTION onedoor.household_reapply(p_request_id uuid, p_household_no text,
					  p_version integer, p_household jsonb, p_reason text,
					  p_as_read jsonb DEFAULT NULL)
RETURNS TABLE (application_no text, household_no text, version integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	me onedoor.staff := onedoor.current_staff();
	h onedoor.households;
	before jsonb;
	after jsonb;
	member jsonb;
	pos int := 0;
	rid text;
	rids text[] := '{}';
	applicant text;
	died date;
	person_id bigint;
	clash text;
	app_no text;
	v_reason onedoor.reason_text;
	doc jsonb;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'household_reapply');
	IF prev IS NOT NULL THEN
		RETURN QUERY SELECT prev ->> 'application_no', prev ->> 'household_no',
			(prev ->> 'version')::int;
		RETURN;
	END IF;
	IF me.role_name IS NULL OR me.role_group <> 'clerk' THEN
		RAISE EXCEPTION 'only a window clerk may change a household' USING ERRCODE = '42501';
	END IF;
	SELECT * INTO h FROM onedoor.households x WHERE x.household_no = p_household_no FOR UPDATE;
	IF NOT FOUND OR h.centre_code IS DISTINCT FROM me.centre_code THEN
		RAISE EXCEPTION 'household % not found', p_household_no USING ERRCODE = 'P0002';
	END IF;
	IF h.version IS DISTINCT FROM p_version THEN
		RAISE EXCEPTION 'household % was changed by someone else (version % is now %)',
			p_household_no, p_version, h.version USING ERRCODE = 'OD409';
	END IF;
	IF EXISTS (SELECT 1 FROM onedoor.applications a
		   WHERE a.household_id = h.id AND a.status = 'registered') THEN
		RAISE EXCEPTION 'household % has an application still open at the window: open it instead',
			p_household_no USING ERRCODE = '55000';
	END IF;
	BEGIN
		v_reason := btrim(p_reason);
	EXCEPTION WHEN check_violation OR not_null_violation THEN
		RAISE EXCEPTION 'say why the household is changed (one line of text)'
			USING ERRCODE = '22023';
	END;
	IF v_reason IS NULL THEN
		RAISE EXCEPTION 'say why the household is changed (one line of text)'
			USING ERRCODE = '22023';
	END IF;
	IF octet_length(p_household::text) > 262144 THEN
		RAISE EXCEPTION 'the household''s data is too large' USING ERRCODE = '22023';
	END IF;
	IF jsonb_typeof(p_household -> 'members') IS DISTINCT FROM 'array'
	   OR (p_as_read IS NOT NULL AND (octet_length(p_as_read::text) > 262144
		OR jsonb_typeof(p_as_read -> 'members') IS DISTINCT FROM 'array')) THEN
		RAISE EXCEPTION 'a household has its applicant and at most 50 members'
			USING ERRCODE = '22023';
	END IF;
	-- What the clerk changed, over everything stored (household_merge);
	-- the checks below are made on the household as it will be stored.
	doc := onedoor.household_merge(onedoor.household_state(h.id), p_as_read, p_household);
	IF coalesce(doc ->> 'hukou', '') NOT IN ('urban', 'rural') THEN
		RAISE EXCEPTION 'hukou must be urban or rural' USING ERRCODE = '22023';
	END IF;
	IF jsonb_typeof(doc -> 'members') IS DISTINCT FROM 'array'
	   OR jsonb_array_length(doc -> 'members') NOT BETWEEN 1 AND 50 THEN
		RAISE EXCEPTION 'a household has its applicant and at most 50 members'
			USING ERRCODE = '22023';
	END IF;
	SELECT p.resident_id INTO applicant
	FROM onedoor.household_members m JOIN onedoor.persons p ON p.id = m.person_id
	WHERE m.household_id = h.id AND m.position = 1;

	-- Everything checked before anything is written.
	FOR member IN SELECT value FROM jsonb_array_elements(doc -> 'members') LOOP
		pos := pos + 1;
		rid := upper(member ->> 'resident_id');
		IF rid IS NULL OR NOT onedoor.resident_id_valid(rid) THEN
			RAISE EXCEPTION 'member %: invalid resident ID', pos USING ERRCODE = '22023';
		END IF;
		IF rid = ANY (rids) THEN
			RAISE EXCEPTION 'member %: % is in the household twice', pos,
				onedoor.mask_resident_id(rid) USING ERRCODE = '22023';
		END IF;
		rids := rids || rid;
		IF (pos = 1) <> (coalesce(member ->> 'relation', 'other') = 'self') THEN
			RAISE EXCEPTION 'member %: the applicant (relation self) comes first, and only once',
				pos USING ERRCODE = '22023';
		END IF;
		BEGIN
			died := nullif(member -> 'facts' ->> 'died_on', '')::date;
		EXCEPTION WHEN OTHERS THEN
			RAISE EXCEPTION 'member %: the date of death is not a date', pos
				USING ERRCODE = '22023';
		END;
		IF died IS NOT NULL AND died < onedoor.resident_id_birth(rid) THEN
			RAISE EXCEPTION 'member %: the date of death % is before the birth date %', pos,
				died, onedoor.resident_id_birth(rid) USING ERRCODE = '22023';
		END IF;
		SELECT h2.household_no INTO clash
		FROM onedoor.persons p
		JOIN onedoor.household_members m ON m.person_id = p.id
		JOIN onedoor.households h2 ON h2.id = m.household_id AND h2.active
		WHERE p.resident_id = rid AND h2.id <> h.id;
		IF FOUND THEN
			RAISE EXCEPTION 'member %: % already belongs to another household', pos,
				onedoor.mask_resident_id(rid) USING ERRCODE = '23505';
		END IF;
	END LOOP;
	IF upper(doc -> 'members' -> 0 ->> 'resident_id') IS DISTINCT FROM applicant THEN
		RAISE EXCEPTION 'the applicant % cannot be removed or replaced: register a new household for another applicant',
			onedoor.mask_resident_id(applicant) USING ERRCODE = '22023';
	END IF;

	before := onedoor.household_state(h.id);
	UPDATE onedoor.households x SET hukou = doc ->> 'hukou',
		facts = coalesce(doc -> 'facts', '{}'), version = x.version + 1,
		updated_at = now()
	WHERE x.id = h.id RETURNING * INTO h;
	-- Members are written again in their new order; persons keep their
	-- rows (and their other households' history).
	DELETE FROM onedoor.household_members m WHERE m.household_id = h.id;
	pos := 0;
	FOR member IN SELECT value FROM jsonb_array_elements(doc -> 'members') LOOP
		pos := pos + 1;
		rid := upper(member ->> 'resident_id');
		INSERT INTO onedoor.persons AS p (resident_id, name, birth_date, sex, facts)
		VALUES (rid, btrim(member ->> 'name'), onedoor.resident_id_birth(rid),
			CASE WHEN substr(rid, 17, 1)::int % 2 = 1 THEN 'M' ELSE 'F' END,
			coalesce(member -> 'facts', '{}'))
		ON CONFLICT (resident_id) DO UPDATE
			SET name = EXCLUDED.name, facts = EXCLUDED.facts, version = p.version + 1
			WHERE (p.name, p.facts) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.facts)
		RETURNING p.id INTO person_id;
		IF person_id IS NULL THEN
			SELECT p.id INTO person_id FROM onedoor.persons p WHERE p.resident_id = rid;
		END IF;
		INSERT INTO onedoor.household_members (household_id, person_id, position, relation)
		VALUES (h.id, person_id, pos, coalesce(member ->> 'relation', 'other'));
	END LOOP;
	after := onedoor.household_state(h.id);
	INSERT INTO onedoor.household_versions (household_id, version, document, reason, request_id)
	VALUES (h.id, h.version, after, v_reason, p_request_id);
	PERFORM onedoor.audit_append('household', h.id::text, 'household_change',
		onedoor.household_diff(before, after),
		jsonb_build_object('version', h.version, 'reason', v_reason), p_request_id);

	app_no := 'A' || to_char(now(), 'YYMMDD') ||
		lpad(nextval('onedoor.application_seq')::text, 6, '0');
	INSERT INTO onedoor.applications (application_no, household_id, centre_code, request_id)
	VALUES (app_no, h.id, me.centre_code, p_request_id);
	PERFORM onedoor.request_finish(p_request_id, 'household_reapply',
		jsonb_build_object('application_no', app_no, 'household_no', h.household_no,
				   'version', h.version));
	RETURN QUERY SELECT app_no, h.household_no, h.version;
END $$;

REVOKE ALL ON FUNCTION onedoor.facts_merge(jsonb, jsonb, jsonb),
	onedoor.household_merge(jsonb, jsonb, jsonb),
	onedoor.household_reapply(uuid, text, integer, jsonb, text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.household_reapply(uuid, text, integer, jsonb, text, jsonb)
	TO onedoor_clerk;
