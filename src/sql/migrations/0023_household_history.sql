-- 0023_household_history: a household comes back (re-application and
-- change of circumstances, 家庭情况变更) instead of being registered once,
-- ever.
--
-- A household's facts and members change over the years; decisions made
-- on the old facts must stay explainable.  So every state of a household is
-- kept as a numbered version (household_versions: hukou, facts and the
-- members with their facts, as one JSON document), version 1 being the
-- registration, and households/persons hold the current one.  A change
-- names who made it, when, and why; the audit trail has the row changes
-- (audit_row triggers) and the version's diff (household_change entry).
--
-- household_reapply is the window's way back: a clerk of the household's
-- centre sends the form as it now stands (the same document as
-- register_household takes) with the version they read and a reason; the
-- facts are stored as a new version and a new application is opened on the
-- household, which then goes through the menu and acceptance as any other.
-- Changes that would make the household inconsistent are refused with a
-- message naming the member: the applicant removed or moved from first
-- place, a member twice, a death before birth, a member who is in another
-- active household.  household_form reads the current version back into
-- the form (a logged read, like application_form).

CREATE TABLE onedoor.household_versions (
	household_id bigint NOT NULL REFERENCES onedoor.households,
	version      integer NOT NULL CHECK (version >= 1),
	document     jsonb NOT NULL,
	reason       onedoor.reason_text,
	changed_by   name NOT NULL DEFAULT session_user,
	at           timestamptz NOT NULL DEFAULT clock_timestamp(),
	request_id   uuid,
	PRIMARY KEY (household_id, version)
);
CREATE TRIGGER household_versions_immutable BEFORE UPDATE OR DELETE
	ON onedoor.household_versions
	FOR EACH ROW EXECUTE FUNCTION onedoor.record_immutable();

-- Versions hold resident IDs and facts: no client reads the table; the
-- history is read through household_history, which masks and logs.
ALTER TABLE onedoor.household_versions ENABLE ROW LEVEL SECURITY;

-- The household as one document, in register_household's shape: hukou,
-- facts and the members in order with their resident ID, name, relation
-- and facts.  Unguarded (the owner's helper for the functions below, which
-- check scope themselves); onedoor.household_document is the engine's,
-- scoped to the caller.
CREATE FUNCTION onedoor.household_state(p_household_id bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('hukou', h.hukou, 'facts', h.facts, 'members',
		coalesce((SELECT jsonb_agg(jsonb_build_object('resident_id', p.resident_id::text,
				'name', p.name::text, 'relation', m.relation, 'facts', p.facts)
				ORDER BY m.position)
			  FROM onedoor.household_members m JOIN onedoor.persons p ON p.id = m.person_id
			  WHERE m.household_id = h.id), '[]'))
	FROM onedoor.households h WHERE h.id = p_household_id
$$;

-- Version 1 of every household registered so far, and of every new one.
INSERT INTO onedoor.household_versions (household_id, version, document, changed_by, at)
SELECT h.id, h.version, onedoor.household_state(h.id), h.created_by, h.created_at
FROM onedoor.households h;

CREATE FUNCTION onedoor.household_version_first() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
BEGIN
	INSERT INTO onedoor.household_versions (household_id, version, document, changed_by,
						request_id)
	SELECT a.household_id, 1, onedoor.household_state(a.household_id), a.created_by,
	       a.request_id
	FROM (SELECT NEW.household_id, NEW.created_by, NEW.request_id) a
	WHERE NOT EXISTS (SELECT 1 FROM onedoor.household_versions v
			  WHERE v.household_id = NEW.household_id);
	RETURN NULL;
END $$;
-- The first application is inserted after the members, so the document is
-- whole by then.
CREATE TRIGGER household_version_first AFTER INSERT ON onedoor.applications
	FOR EACH ROW EXECUTE FUNCTION onedoor.household_version_first();

-- The current version of a household as form rows (member, key, value):
-- member 0 the household (hukou and its facts), 1.. the members in order
-- (id, name, relation and their facts), with the version as row
-- (0, '_version', n).  Clerks of the household's centre; each read is
-- written to the audit log.
CREATE FUNCTION onedoor.household_form(p_household_no text)
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
	PERFORM onedoor.audit_append('household', h.id::text, 'read_form', NULL,
		jsonb_build_object('household_no', p_household_no, 'version', h.version));
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

-- Stores the household as it now stands (p_household in register_household's
-- shape) as version p_version + 1 with p_reason, and opens a new application
-- on it.  Returns the application's and household's numbers and the new
-- version.  Errors: 42501 not a clerk of the household's centre; OD409 the
-- household changed since p_version was read; 55000 an application of the
-- household is still open at the window (open it instead); 22023 an
-- inconsistent household (message names the member); 23505 a new member
-- already in another active household.  A retry with the same request id
-- returns the first outcome.
CREATE FUNCTION onedoor.household_reapply(p_request_id uuid, p_household_no text,
					  p_version integer, p_household jsonb, p_reason text)
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
	IF coalesce(p_household ->> 'hukou', '') NOT IN ('urban', 'rural') THEN
		RAISE EXCEPTION 'hukou must be urban or rural' USING ERRCODE = '22023';
	END IF;
	IF jsonb_typeof(p_household -> 'members') IS DISTINCT FROM 'array'
	   OR jsonb_array_length(p_household -> 'members') NOT BETWEEN 1 AND 50 THEN
		RAISE EXCEPTION 'a household has its applicant and at most 50 members'
			USING ERRCODE = '22023';
	END IF;
	SELECT p.resident_id INTO applicant
	FROM onedoor.household_members m JOIN onedoor.persons p ON p.id = m.person_id
	WHERE m.household_id = h.id AND m.position = 1;

	-- Everything checked before anything is written.
	FOR member IN SELECT value FROM jsonb_array_elements(p_household -> 'members') LOOP
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
	IF upper(p_household -> 'members' -> 0 ->> 'resident_id') IS DISTINCT FROM applicant THEN
		RAISE EXCEPTION 'the applicant % cannot be removed or replaced: register a new household for another applicant',
			onedoor.mask_resident_id(applicant) USING ERRCODE = '22023';
	END IF;

	before := onedoor.household_state(h.id);
	UPDATE onedoor.households x SET hukou = p_household ->> 'hukou',
		facts = coalesce(p_household -> 'facts', '{}'), version = x.version + 1,
		updated_at = now()
	WHERE x.id = h.id RETURNING * INTO h;
	-- Members are written again in their new order; persons keep their
	-- rows (and their other households' history).
	DELETE FROM onedoor.household_members m WHERE m.household_id = h.id;
	pos := 0;
	FOR member IN SELECT value FROM jsonb_array_elements(p_household -> 'members') LOOP
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

-- What changed between two household documents, for the audit trail and
-- the history screen: {"household": {key: [old, new]}, "members":
-- {masked id: {key: [old, new]} | "added" | "removed"}}.  Resident IDs are
-- masked: the trail is not a second register of identities.
CREATE FUNCTION onedoor.household_diff(p_before jsonb, p_after jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
	WITH hh AS (
		SELECT coalesce(jsonb_object_agg(k, jsonb_build_array(b, a)), '{}') AS d
		FROM (SELECT k, (p_before -> 'facts') -> k AS b, (p_after -> 'facts') -> k AS a
		      FROM (SELECT jsonb_object_keys(p_before -> 'facts') AS k
			    UNION SELECT jsonb_object_keys(p_after -> 'facts')
			    UNION SELECT 'hukou') keys) x
		WHERE (CASE WHEN k = 'hukou' THEN p_before -> 'hukou' ELSE b END)
			IS DISTINCT FROM (CASE WHEN k = 'hukou' THEN p_after -> 'hukou' ELSE a END)),
	mb AS (SELECT m ->> 'resident_id' AS rid, m AS v
	       FROM jsonb_array_elements(p_before -> 'members') m),
	ma AS (SELECT m ->> 'resident_id' AS rid, m AS v
	       FROM jsonb_array_elements(p_after -> 'members') m),
	mem AS (
		SELECT coalesce(jsonb_object_agg(onedoor.mask_resident_id(coalesce(mb.rid, ma.rid)),
			CASE WHEN mb.rid IS NULL THEN '"added"'::jsonb
			     WHEN ma.rid IS NULL THEN '"removed"'::jsonb
			     ELSE (SELECT coalesce(jsonb_object_agg(k, jsonb_build_array(
					mb.v -> 'facts' -> k, ma.v -> 'facts' -> k)), '{}')
				   FROM (SELECT jsonb_object_keys(mb.v -> 'facts') AS k
					 UNION SELECT jsonb_object_keys(ma.v -> 'facts')) ks
				   WHERE mb.v -> 'facts' -> k IS DISTINCT FROM ma.v -> 'facts' -> k)
				  || CASE WHEN mb.v -> 'name' IS DISTINCT FROM ma.v -> 'name'
					  THEN jsonb_build_object('name', jsonb_build_array(
						mb.v -> 'name', ma.v -> 'name')) ELSE '{}' END
				  || CASE WHEN mb.v -> 'relation' IS DISTINCT FROM ma.v -> 'relation'
					  THEN jsonb_build_object('relation', jsonb_build_array(
						mb.v -> 'relation', ma.v -> 'relation')) ELSE '{}' END
			END), '{}') AS d
		FROM mb FULL JOIN ma ON ma.rid = mb.rid
		WHERE mb.rid IS NULL OR ma.rid IS NULL OR mb.v IS DISTINCT FROM ma.v)
	SELECT jsonb_build_object('household', hh.d, 'members', mem.d) FROM hh, mem
$$;

-- A household's history for the case screen and the status lookup: one
-- row per version, oldest first, with who, when, why and what changed
-- (household_diff, IDs masked).  Anyone who may see the household; the
-- read is written to the audit log.
CREATE FUNCTION onedoor.household_history(p_household_no text)
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
	PERFORM onedoor.audit_append('household', h.id::text, 'read_history', NULL,
		jsonb_build_object('household_no', p_household_no));
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

REVOKE ALL ON onedoor.household_versions FROM PUBLIC;
REVOKE ALL ON FUNCTION onedoor.household_state(bigint), onedoor.household_version_first(),
	onedoor.household_form(text), onedoor.household_reapply(uuid, text, integer, jsonb, text),
	onedoor.household_diff(jsonb, jsonb), onedoor.household_history(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.household_history(text) TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
GRANT EXECUTE ON FUNCTION onedoor.household_form(text),
	onedoor.household_reapply(uuid, text, integer, jsonb, text) TO onedoor_clerk;
