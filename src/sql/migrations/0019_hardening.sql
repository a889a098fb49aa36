-- 0019_hardening: what a login with psql could do that the program forbids.
--
-- Each change below closes one hole found by calling the functions and
-- tables directly as each role (tests/db/probe_*.sh probe every one):
--  * reasons: a tab, a newline or any control character passed as a
--    refusal or check-failure reason; now a domain (reason_text) checked on
--    every stored reason, whichever function writes it;
--  * facts: unbounded JSON (40 MB accepted); now at most 64 KiB of facts per
--    household and per person;
--  * versions: a NULL version skipped optimistic concurrency
--    (application_to_decide compared with <>); now IS DISTINCT FROM;
--  * calendar_import(year, NULL, NULL) deleted a year's exceptions; a
--    missing year or day list is now refused;
--  * the staff table and discoveries were readable across counties by
--    supervisors, and staff_name() named anyone; now row security keyed on
--    the caller's scope (may_see_staff);
--  * replays: refuse_application answered a replayed request id with the
--    application named in the new call, and register_household looked up
--    its request id without the lock and without the caller, so another
--    centre's clerk replaying an id got its numbers and a resend racing the
--    first attempt hit UNIQUE; both now go through request_begin /
--    request_finish (lock, same caller, stored outcome) like every writer;
--  * register_household's clash message named another centre's household
--    (an oracle for any resident ID); it now names it only when the
--    household is in the caller's scope, and otherwise returns no row and
--    commits an audit entry of the attempt (a raised error would roll the
--    trace back);
--  * pg_advisory_* callable by every login: one login stalled every
--    audited writer by taking the chain's lock key; EXECUTE revoked from
--    PUBLIC in this database (granted back to the schema owner).
--
-- Replaces: application_to_decide and refuse_application (0005_cases.sql),
-- register_household (0001_base.sql), calendar_import (0008_admin.sql),
-- staff_name (0006_lights.sql), staff_list (0008_admin.sql); every change
-- of those definitions is carried here.

-- Reasons ----------------------------------------------------------------------
-- A reason is read by the applicant and the discipline commission: some text,
-- on one line, without control or invisible formatting characters.
CREATE DOMAIN onedoor.reason_text AS text
	CHECK (VALUE !~ '[[:cntrl:]\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]'
	       AND btrim(VALUE, E' \u3000') <> '' AND length(VALUE) <= 500);

-- NOT VALID: rows written before are kept as they are; every new or changed
-- row is checked.
ALTER TABLE onedoor.case_events ADD CONSTRAINT case_events_reason_text
	CHECK (reason IS NULL OR reason::onedoor.reason_text IS NOT NULL) NOT VALID;
ALTER TABLE onedoor.applications ADD CONSTRAINT applications_reason_text
	CHECK (decision_reason IS NULL OR decision_reason::onedoor.reason_text IS NOT NULL)
	NOT VALID;

-- Facts ------------------------------------------------------------------------
-- The forms collect a few dozen short facts; 64 KiB leaves room for many
-- more without letting one call fill the disk or the audit trail.
ALTER TABLE onedoor.households ADD CONSTRAINT households_facts_size
	CHECK (octet_length(facts::text) <= 65536) NOT VALID;
ALTER TABLE onedoor.persons ADD CONSTRAINT persons_facts_size
	CHECK (octet_length(facts::text) <= 65536) NOT VALID;

-- Versions -------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION onedoor.application_to_decide(p_application_no text,
							 p_version integer)
RETURNS onedoor.applications
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	me onedoor.staff := onedoor.current_staff();
	app onedoor.applications;
BEGIN
	IF me.role_name IS NULL OR me.role_group <> 'clerk' THEN
		RAISE EXCEPTION 'only a window clerk may accept or refuse an application'
			USING ERRCODE = '42501';
	END IF;
	SELECT * INTO app FROM onedoor.applications a WHERE a.application_no = p_application_no
		FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'application % not found', p_application_no USING ERRCODE = 'P0002';
	END IF;
	IF app.centre_code <> me.centre_code THEN
		RAISE EXCEPTION 'application % belongs to another centre', p_application_no
			USING ERRCODE = '42501';
	END IF;
	-- IS DISTINCT FROM: a NULL version is stale, not "any version".
	IF app.version IS DISTINCT FROM p_version THEN
		RAISE EXCEPTION 'application % was changed by someone else (version % is now %)',
			p_application_no, coalesce(p_version::text, 'NULL'), app.version
			USING ERRCODE = 'OD409';
	END IF;
	IF app.status <> 'registered' THEN
		RAISE EXCEPTION 'application % is already %', p_application_no, app.status
			USING ERRCODE = '55000';
	END IF;
	RETURN app;
END $$;

-- Calendar -------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION onedoor.calendar_import(p_year integer, p_source text, p_days jsonb)
RETURNS TABLE (holidays integer, workdays integer, recomputed integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	bad text;
	n_recomputed integer;
BEGIN
	-- A missing year or list would delete the year's exceptions and put
	-- nothing back: every weekend a working day again.
	IF p_year IS NULL OR p_year NOT BETWEEN 2020 AND 2045 THEN
		RAISE EXCEPTION 'year % is outside 2020-2045', coalesce(p_year::text, 'NULL')
			USING ERRCODE = '22023';
	END IF;
	IF jsonb_typeof(p_days) IS DISTINCT FROM 'array' THEN
		RAISE EXCEPTION 'the days of % must be a list', p_year USING ERRCODE = '22023';
	END IF;
	SELECT d ->> 'day' INTO bad FROM jsonb_array_elements(p_days) d
	WHERE (d ->> 'day') IS NULL OR extract(year FROM (d ->> 'day')::date) <> p_year LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'day % is not in %', coalesce(bad, 'NULL'), p_year
			USING ERRCODE = '22023';
	END IF;
	DELETE FROM onedoor.calendar_days WHERE day >= make_date(p_year, 1, 1)
		AND day < make_date(p_year + 1, 1, 1);
	INSERT INTO onedoor.calendar_days (day, kind, name, source)
	SELECT (d ->> 'day')::date, d ->> 'kind', coalesce(d ->> 'name', ''), coalesce(p_source, '')
	FROM jsonb_array_elements(p_days) d;
	PERFORM onedoor.calendar_rebuild();
	n_recomputed := onedoor.calendar_recompute();
	RETURN QUERY SELECT
		(SELECT count(*)::int FROM onedoor.calendar_days x WHERE x.kind = 'holiday'
		 AND extract(year FROM x.day) = p_year),
		(SELECT count(*)::int FROM onedoor.calendar_days x WHERE x.kind = 'workday'
		 AND extract(year FROM x.day) = p_year),
		n_recomputed;
END $$;

-- Staff and discoveries in scope -----------------------------------------------------
-- The county the caller works in: a clerk's centre's, everyone else's own.
CREATE FUNCTION onedoor.my_county() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT coalesce(s.county, c.county) FROM onedoor.staff s
	LEFT JOIN onedoor.centres c ON c.code = s.centre_code
	WHERE s.role_name = session_user AND s.active
$$;

-- May the caller see this staff member (their name, their row)?  Auditors
-- and admins everyone; others themselves, the staff of their centres, of
-- their county, and the approvers not bound to a county (whose names appear
-- on every county's timelines); an approver not bound to a county works on
-- every county's cases and sees everyone.
CREATE FUNCTION onedoor.may_see_staff(p_role name, p_centre text, p_county text,
				      p_group text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT EXISTS (
		SELECT 1 FROM onedoor.staff me
		WHERE me.role_name = session_user AND me.active AND (
			me.role_group IN ('auditor', 'admin')
			OR (me.role_group = 'approver' AND me.county IS NULL)
			OR p_role = session_user
			OR p_centre = ANY (onedoor.my_centres())
			OR coalesce(p_county, (SELECT c.county FROM onedoor.centres c
						WHERE c.code = p_centre)) = onedoor.my_county()
			OR (p_group = 'approver' AND p_county IS NULL)))
$$;

ALTER TABLE onedoor.staff ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_read ON onedoor.staff FOR SELECT
	USING (onedoor.may_see_staff(role_name, centre_code, county, role_group));

-- Replaces 0006_lights.sql's: only names the caller may see.
CREATE OR REPLACE FUNCTION onedoor.staff_name(p_role name) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT s.full_name FROM onedoor.staff s
	WHERE s.role_name = p_role
	  AND onedoor.may_see_staff(s.role_name, s.centre_code, s.county, s.role_group)
$$;

-- Replaces 0008_admin.sql's: run as the reader, so the staff table's row
-- security applies (it was the owner's view, which row security skips).
CREATE OR REPLACE VIEW onedoor.staff_list WITH (security_invoker = true) AS
SELECT s.role_name, s.full_name, s.role_group, s.centre_code, s.county, s.department,
       s.active, coalesce(r.rolcanlogin, false) AS can_login, s.created_at
FROM onedoor.staff s LEFT JOIN pg_roles r ON r.rolname = s.role_name;

-- A finding is as personal as the household it names: read in the
-- household's scope (row security on households applies in the subquery).
ALTER TABLE onedoor.discoveries ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_read ON onedoor.discoveries FOR SELECT USING (
	EXISTS (SELECT 1 FROM onedoor.households h WHERE h.id = onedoor.discoveries.household_id));

-- Replays ------------------------------------------------------------------------------
-- 不同意受理; replaces 0005_cases.sql's.  A replay answers with the stored
-- outcome (the application refused then), never with p_application_no.
CREATE OR REPLACE FUNCTION onedoor.refuse_application(p_request_id uuid, p_application_no text,
						      p_version integer, p_reason text)
RETURNS TABLE (application_no text, status text, version integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	app onedoor.applications;
	app_before jsonb;
	done_no text;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'refuse_application');
	IF prev IS NULL THEN
		app := onedoor.application_to_decide(p_application_no, p_version);
		IF nullif(btrim(p_reason), '') IS NULL THEN
			RAISE EXCEPTION 'a refusal needs a reason' USING ERRCODE = '22023';
		END IF;
		app_before := to_jsonb(app);
		UPDATE onedoor.applications a SET status = 'refused', version = a.version + 1,
			decided_by = session_user, decided_at = clock_timestamp(),
			decision_phrase = '不同意受理', decision_reason = btrim(p_reason)
		WHERE a.id = app.id RETURNING * INTO app;
		PERFORM onedoor.request_finish(p_request_id, 'refuse_application',
			jsonb_build_object('application_no', app.application_no));
		PERFORM onedoor.audit_append('application', app.application_no, 'refuse',
			app_before, to_jsonb(app), p_request_id);
		done_no := app.application_no;
	ELSE
		done_no := prev ->> 'application_no';
	END IF;
	RETURN QUERY SELECT a.application_no, a.status, a.version FROM onedoor.applications a
		WHERE a.application_no = done_no;
END $$;

-- Registers a household and opens its application; replaces 0001_base.sql's.
-- Same contract, except:
--  * the request id goes through request_begin/request_finish: a resend
--    waits for its first attempt and returns its outcome, to the same login
--    only (22023 for anyone else);
--  * a resident ID already in an active household: 23505 naming the
--    household and its centre (DETAIL "household_no|centre name") when the
--    caller may see that household; otherwise no row is returned and the
--    attempt is audited (action register_clash, the ID masked), committed.
--  * the household's JSON is at most 256 KiB and 50 members.
CREATE OR REPLACE FUNCTION onedoor.register_household(p_request_id uuid, p_household jsonb)
RETURNS TABLE (application_no text, household_no text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	prev jsonb;
	me onedoor.staff;
	hh_id bigint;
	hh_no text;
	app_no text;
	member jsonb;
	pos int := 0;
	person_id bigint;
	rid text;
	clash record;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'register_household');
	IF prev IS NOT NULL THEN
		RETURN QUERY SELECT prev ->> 'application_no', prev ->> 'household_no';
		RETURN;
	END IF;
	me := onedoor.current_staff();
	IF me.role_name IS NULL OR me.role_group <> 'clerk' THEN
		RAISE EXCEPTION 'only a window clerk may register a household'
			USING ERRCODE = '42501';
	END IF;
	-- Registrations made before request_finish kept their outcome: the
	-- application's own request id, the same clerk's only.
	SELECT a.application_no, h.household_no INTO app_no, hh_no
	FROM onedoor.applications a JOIN onedoor.households h ON h.id = a.household_id
	WHERE a.request_id = p_request_id;
	IF FOUND THEN
		IF NOT EXISTS (SELECT 1 FROM onedoor.applications a WHERE a.request_id = p_request_id
			       AND a.created_by = session_user) THEN
			RAISE EXCEPTION 'request id % was already used for another request',
				p_request_id USING ERRCODE = '22023';
		END IF;
		RETURN QUERY SELECT app_no, hh_no;
		RETURN;
	END IF;
	IF octet_length(p_household::text) > 262144 THEN
		RAISE EXCEPTION 'the household''s data is too large' USING ERRCODE = '22023';
	END IF;
	IF coalesce(p_household->>'hukou', '') NOT IN ('urban', 'rural') THEN
		RAISE EXCEPTION 'hukou must be urban or rural' USING ERRCODE = '22023';
	END IF;
	IF jsonb_typeof(p_household->'members') IS DISTINCT FROM 'array'
	   OR jsonb_array_length(p_household->'members') = 0 THEN
		RAISE EXCEPTION 'a household needs at least its applicant' USING ERRCODE = '22023';
	END IF;
	IF jsonb_array_length(p_household->'members') > 50 THEN
		RAISE EXCEPTION 'a household has at most 50 members' USING ERRCODE = '22023';
	END IF;

	-- Every member's ID first, before anything is written: an attempt on
	-- someone else's household commits only its trace.
	FOR member IN SELECT value FROM jsonb_array_elements(p_household->'members') LOOP
		pos := pos + 1;
		rid := upper(member->>'resident_id');
		IF rid IS NULL OR NOT onedoor.resident_id_valid(rid) THEN
			RAISE EXCEPTION 'member %: invalid resident ID', pos USING ERRCODE = '22023';
		END IF;
		SELECT h.household_no, c.name, h.centre_code INTO clash
		FROM onedoor.persons p
		JOIN onedoor.household_members m ON m.person_id = p.id
		JOIN onedoor.households h ON h.id = m.household_id AND h.active
		JOIN onedoor.centres c ON c.code = h.centre_code
		WHERE p.resident_id = rid;
		IF FOUND THEN
			IF onedoor.may_see_centre(clash.centre_code) THEN
				RAISE EXCEPTION 'resident ID % already belongs to household %', rid,
					clash.household_no
					USING ERRCODE = '23505',
					      DETAIL = clash.household_no || '|' || clash.name;
			END IF;
			PERFORM onedoor.audit_append('person', onedoor.mask_resident_id(rid),
				'register_clash', NULL,
				jsonb_build_object('resident_id', onedoor.mask_resident_id(rid),
						   'member', pos), p_request_id);
			RETURN;
		END IF;
	END LOOP;

	-- Short enough to read out at the window and to fit a worklist column:
	-- A + YYMMDD + a six-digit serial (H... for the household).
	hh_no := 'H' || to_char(now(), 'YYMMDD') ||
		lpad(nextval('onedoor.application_seq')::text, 6, '0');
	app_no := 'A' || substr(hh_no, 2);
	INSERT INTO onedoor.households (household_no, centre_code, hukou, facts)
	VALUES (hh_no, me.centre_code, p_household->>'hukou',
		coalesce(p_household->'facts', '{}'))
	RETURNING id INTO hh_id;

	pos := 0;
	FOR member IN SELECT value FROM jsonb_array_elements(p_household->'members') LOOP
		pos := pos + 1;
		rid := upper(member->>'resident_id');
		INSERT INTO onedoor.persons (resident_id, name, birth_date, sex, facts)
		VALUES (rid, btrim(member->>'name'), onedoor.resident_id_birth(rid),
			CASE WHEN substr(rid, 17, 1)::int % 2 = 1 THEN 'M' ELSE 'F' END,
			coalesce(member->'facts', '{}'))
		ON CONFLICT (resident_id) DO UPDATE
			SET name = EXCLUDED.name, facts = EXCLUDED.facts,
			    version = onedoor.persons.version + 1
		RETURNING id INTO person_id;
		INSERT INTO onedoor.household_members (household_id, person_id, position, relation)
		VALUES (hh_id, person_id, pos, coalesce(member->>'relation', 'other'));
	END LOOP;

	INSERT INTO onedoor.applications (application_no, household_id, centre_code, request_id)
	VALUES (app_no, hh_id, me.centre_code, p_request_id);
	PERFORM onedoor.request_finish(p_request_id, 'register_household',
		jsonb_build_object('application_no', app_no, 'household_no', hh_no));
	RETURN QUERY SELECT app_no, hh_no;
END $$;

-- Advisory locks ---------------------------------------------------------------------------
-- Only the schema owner's functions take advisory locks (request ids,
-- migrations).  pg_catalog's ACLs are per database and only a superuser
-- may change them: this function does it when run by one (the migration
-- below, or onedoor-admin init after the migrations it runs as the owner)
-- and otherwise says so and changes nothing.  Returns the functions
-- restricted.
CREATE FUNCTION onedoor.restrict_advisory_locks() RETURNS integer
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
	f regprocedure;
	n integer := 0;
	owner regrole := (SELECT s.nspowner::regrole FROM pg_namespace s
			  WHERE s.nspname = 'onedoor');
BEGIN
	IF NOT (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user) THEN
		RAISE NOTICE 'pg_advisory_* stay callable by every login: run onedoor-admin init as a superuser';
		RETURN 0;
	END IF;
	FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
		 WHERE p.pronamespace = 'pg_catalog'::regnamespace
		   AND (p.proname LIKE 'pg\_advisory\_%' OR p.proname LIKE 'pg\_try\_advisory\_%')
	LOOP
		EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
		EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', f, owner);
		n := n + 1;
	END LOOP;
	RETURN n;
END $$;
REVOKE ALL ON FUNCTION onedoor.restrict_advisory_locks() FROM PUBLIC;
SELECT onedoor.restrict_advisory_locks();

REVOKE ALL ON FUNCTION onedoor.my_county(), onedoor.may_see_staff(name, text, text, text)
	FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.my_county(), onedoor.may_see_staff(name, text, text, text)
	TO onedoor_clerk, onedoor_verifier, onedoor_supervisor, onedoor_approver,
	onedoor_auditor, onedoor_admin;
