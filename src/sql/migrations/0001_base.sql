-- 0001_base: regions, centres, departments, staff, households, persons,
-- membership and applications; the group roles; registration of a household.
--
-- Conventions for every later migration:
--  * Client roles (the onedoor_* groups) get SELECT on what they may read and
--    no INSERT/UPDATE/DELETE anywhere: every write is a SECURITY DEFINER
--    function owned by the schema owner, with search_path pinned, EXECUTE
--    revoked from PUBLIC and granted per group.
--  * Every write function takes a client-generated request id (uuid) so that
--    a retry returns the first outcome instead of acting twice.
--  * Rows that people edit carry a `version` for optimistic concurrency.

-- Group roles are cluster-wide; create the missing ones only.
DO $$
DECLARE g text;
BEGIN
	FOREACH g IN ARRAY ARRAY['onedoor_clerk', 'onedoor_verifier', 'onedoor_supervisor',
				 'onedoor_approver', 'onedoor_auditor', 'onedoor_admin'] LOOP
		IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = g) THEN
			EXECUTE format('CREATE ROLE %I NOLOGIN', g);
		END IF;
	END LOOP;
END $$;

REVOKE ALL ON SCHEMA onedoor FROM PUBLIC;
GRANT USAGE ON SCHEMA onedoor TO onedoor_clerk, onedoor_verifier, onedoor_supervisor,
	onedoor_approver, onedoor_auditor, onedoor_admin;

-- GB 11643-1999: 17 digits and a MOD 11-2 check character, a possible birth date.
CREATE FUNCTION onedoor.resident_id_valid(id text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
	weights int[] := ARRAY[7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
	checks text := '10X98765432';
	total int := 0;
BEGIN
	IF id !~ '^[0-9]{17}[0-9X]$' THEN
		RETURN false;
	END IF;
	FOR i IN 1..17 LOOP
		total := total + substr(id, i, 1)::int * weights[i];
	END LOOP;
	IF substr(checks, total % 11 + 1, 1) <> substr(id, 18, 1) THEN
		RETURN false;
	END IF;
	RETURN onedoor.resident_id_birth(id) IS NOT NULL;
END $$;

-- The birth date encoded in a resident ID, NULL when impossible.
CREATE FUNCTION onedoor.resident_id_birth(id text) RETURNS date
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
	RETURN make_date(substr(id, 7, 4)::int, substr(id, 11, 2)::int, substr(id, 13, 2)::int);
EXCEPTION WHEN others THEN
	RETURN NULL;
END $$;

-- Text a person typed: no control characters, not blank.
CREATE DOMAIN onedoor.person_text AS text
	CHECK (VALUE !~ '[[:cntrl:]]' AND btrim(VALUE) <> '' AND length(VALUE) <= 200);

CREATE TABLE onedoor.regions (
	code    char(6) PRIMARY KEY CHECK (code ~ '^[1-9][0-9]{5}$'),
	name    text NOT NULL,
	parent  char(6) REFERENCES onedoor.regions,
	level   smallint NOT NULL CHECK (level BETWEEN 1 AND 3) -- province, city, county
);

CREATE TABLE onedoor.centres (
	code    text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_-]{1,32}$'),
	name    text NOT NULL,
	kind    text NOT NULL CHECK (kind IN ('township', 'street')),
	county  char(6) NOT NULL REFERENCES onedoor.regions
);

CREATE TABLE onedoor.departments (
	code    text PRIMARY KEY CHECK (code ~ '^[a-z_]{2,32}$'),
	name_zh text NOT NULL,
	name_en text NOT NULL
);

-- One row per person who logs in; role_name is their PostgreSQL LOGIN role.
CREATE TABLE onedoor.staff (
	role_name   name PRIMARY KEY,
	full_name   onedoor.person_text NOT NULL,
	role_group  text NOT NULL CHECK (role_group IN
			('clerk', 'verifier', 'supervisor', 'approver', 'auditor', 'admin')),
	centre_code text REFERENCES onedoor.centres,
	county      char(6) REFERENCES onedoor.regions,
	department  text REFERENCES onedoor.departments,
	active      boolean NOT NULL DEFAULT true,
	created_at  timestamptz NOT NULL DEFAULT now(),
	CHECK (role_group <> 'clerk' OR centre_code IS NOT NULL),
	CHECK (role_group NOT IN ('verifier', 'supervisor') OR county IS NOT NULL),
	CHECK (role_group <> 'approver' OR department IS NOT NULL)
);

CREATE TABLE onedoor.households (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	household_no text NOT NULL UNIQUE,
	centre_code  text NOT NULL REFERENCES onedoor.centres,
	hukou        text NOT NULL CHECK (hukou IN ('urban', 'rural')),
	-- Every further fact the form collects (forms/*.ini), stored as given.
	facts        jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(facts) = 'object'),
	active       boolean NOT NULL DEFAULT true,
	version      integer NOT NULL DEFAULT 1,
	created_by   name NOT NULL DEFAULT session_user,
	created_at   timestamptz NOT NULL DEFAULT now(),
	updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX households_centre ON onedoor.households (centre_code, created_at DESC);

CREATE TABLE onedoor.persons (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	resident_id char(18) NOT NULL UNIQUE CHECK (onedoor.resident_id_valid(resident_id)),
	name        onedoor.person_text NOT NULL,
	birth_date  date NOT NULL,
	sex         char(1) NOT NULL CHECK (sex IN ('M', 'F')),
	facts       jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(facts) = 'object'),
	version     integer NOT NULL DEFAULT 1,
	CHECK (birth_date = onedoor.resident_id_birth(resident_id))
);

CREATE TABLE onedoor.household_members (
	household_id bigint NOT NULL REFERENCES onedoor.households ON DELETE CASCADE,
	person_id    bigint NOT NULL REFERENCES onedoor.persons,
	position     smallint NOT NULL CHECK (position >= 1),
	relation     text NOT NULL CHECK (relation IN ('self', 'spouse', 'child', 'parent',
			'grandparent', 'grandchild', 'sibling', 'other')),
	PRIMARY KEY (household_id, person_id),
	UNIQUE (household_id, position),
	CHECK ((position = 1) = (relation = 'self'))
);
CREATE INDEX household_members_person ON onedoor.household_members (person_id);

CREATE SEQUENCE onedoor.application_seq;

CREATE TABLE onedoor.applications (
	id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	application_no text NOT NULL UNIQUE,
	household_id   bigint NOT NULL REFERENCES onedoor.households,
	centre_code    text NOT NULL REFERENCES onedoor.centres,
	-- registered: the household is on file, its menu not yet decided;
	-- accepted / refused at the window (同意受理 / 不同意受理); withdrawn.
	status         text NOT NULL DEFAULT 'registered'
			CHECK (status IN ('registered', 'accepted', 'refused', 'withdrawn')),
	request_id     uuid NOT NULL UNIQUE,
	created_by     name NOT NULL DEFAULT session_user,
	created_at     timestamptz NOT NULL DEFAULT now(),
	version        integer NOT NULL DEFAULT 1
);
CREATE INDEX applications_centre ON onedoor.applications (centre_code, created_at DESC);

-- Who is calling: the staff row of the session's login role.
CREATE FUNCTION onedoor.current_staff() RETURNS onedoor.staff
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT * FROM onedoor.staff WHERE role_name = session_user AND active
$$;

-- Row security: a clerk sees their centre, verifiers and supervisors their
-- county, auditors and admins everything.  The owner (who runs the
-- SECURITY DEFINER functions) is not subject to it; see later migrations.
CREATE FUNCTION onedoor.may_see_centre(centre text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT EXISTS (
		SELECT 1 FROM onedoor.staff s
		WHERE s.role_name = session_user AND s.active AND (
			s.role_group IN ('auditor', 'admin', 'approver')
			OR (s.role_group = 'clerk' AND s.centre_code = centre)
			OR (s.role_group IN ('verifier', 'supervisor') AND s.county =
				(SELECT c.county FROM onedoor.centres c WHERE c.code = centre))))
$$;

ALTER TABLE onedoor.households ENABLE ROW LEVEL SECURITY;
ALTER TABLE onedoor.applications ENABLE ROW LEVEL SECURITY;
ALTER TABLE onedoor.household_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE onedoor.persons ENABLE ROW LEVEL SECURITY;
CREATE POLICY centre_read ON onedoor.households FOR SELECT
	USING (onedoor.may_see_centre(centre_code));
CREATE POLICY centre_read ON onedoor.applications FOR SELECT
	USING (onedoor.may_see_centre(centre_code));
CREATE POLICY centre_read ON onedoor.household_members FOR SELECT
	USING (EXISTS (SELECT 1 FROM onedoor.households h WHERE h.id = household_id));
CREATE POLICY centre_read ON onedoor.persons FOR SELECT
	USING (EXISTS (SELECT 1 FROM onedoor.household_members m WHERE m.person_id = id));

GRANT SELECT ON onedoor.regions, onedoor.centres, onedoor.departments TO
	onedoor_clerk, onedoor_verifier, onedoor_supervisor, onedoor_approver,
	onedoor_auditor, onedoor_admin;
GRANT SELECT ON onedoor.staff TO onedoor_supervisor, onedoor_auditor, onedoor_admin;
GRANT SELECT ON onedoor.households, onedoor.persons, onedoor.household_members,
	onedoor.applications TO onedoor_clerk, onedoor_verifier, onedoor_supervisor,
	onedoor_approver, onedoor_auditor, onedoor_admin;
REVOKE ALL ON FUNCTION onedoor.current_staff(), onedoor.may_see_centre(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.current_staff(), onedoor.may_see_centre(text) TO
	onedoor_clerk, onedoor_verifier, onedoor_supervisor, onedoor_approver,
	onedoor_auditor, onedoor_admin;

-- Registers a household and opens its application, in one transaction.
-- p_household: {"hukou": "urban"|"rural", "facts": {...},
--               "members": [{"resident_id", "name", "relation", "facts"}, ...]}
-- with the applicant first (relation "self").  Errors (SQLSTATE):
--   42501 not a clerk of a centre; 22023 invalid data (message names the field);
--   23505 a resident ID already belongs to an active household
--         (DETAIL: "household_no|centre name").
-- A retry with the same request id returns the first result.
CREATE FUNCTION onedoor.register_household(p_request_id uuid, p_household jsonb)
RETURNS TABLE (application_no text, household_no text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
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
	SELECT a.application_no, h.household_no INTO app_no, hh_no
	FROM onedoor.applications a JOIN onedoor.households h ON h.id = a.household_id
	WHERE a.request_id = p_request_id;
	IF FOUND THEN
		RETURN QUERY SELECT app_no, hh_no;
		RETURN;
	END IF;

	me := onedoor.current_staff();
	IF me.role_name IS NULL OR me.role_group <> 'clerk' THEN
		RAISE EXCEPTION 'only a window clerk may register a household'
			USING ERRCODE = '42501';
	END IF;
	IF coalesce(p_household->>'hukou', '') NOT IN ('urban', 'rural') THEN
		RAISE EXCEPTION 'hukou must be urban or rural' USING ERRCODE = '22023';
	END IF;
	IF jsonb_typeof(p_household->'members') <> 'array'
	   OR jsonb_array_length(p_household->'members') = 0 THEN
		RAISE EXCEPTION 'a household needs at least its applicant' USING ERRCODE = '22023';
	END IF;

	-- Short enough to read out at the window and to fit a worklist column:
	-- A + YYMMDD + a six-digit serial (H... for the household).
	hh_no := 'H' || to_char(now(), 'YYMMDD') ||
		lpad(nextval('onedoor.application_seq')::text, 6, '0');
	app_no := 'A' || substr(hh_no, 2);
	INSERT INTO onedoor.households (household_no, centre_code, hukou, facts)
	VALUES (hh_no, me.centre_code, p_household->>'hukou',
		coalesce(p_household->'facts', '{}'))
	RETURNING id INTO hh_id;

	FOR member IN SELECT value FROM jsonb_array_elements(p_household->'members') LOOP
		pos := pos + 1;
		rid := upper(member->>'resident_id');
		IF rid IS NULL OR NOT onedoor.resident_id_valid(rid) THEN
			RAISE EXCEPTION 'member %: invalid resident ID', pos USING ERRCODE = '22023';
		END IF;
		SELECT h.household_no, c.name INTO clash
		FROM onedoor.persons p
		JOIN onedoor.household_members m ON m.person_id = p.id
		JOIN onedoor.households h ON h.id = m.household_id AND h.active
		JOIN onedoor.centres c ON c.code = h.centre_code
		WHERE p.resident_id = rid;
		IF FOUND THEN
			RAISE EXCEPTION 'resident ID % already belongs to household %', rid,
				clash.household_no
				USING ERRCODE = '23505',
				      DETAIL = clash.household_no || '|' || clash.name;
		END IF;
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
	RETURN QUERY SELECT app_no, hh_no;
END $$;
REVOKE ALL ON FUNCTION onedoor.register_household(uuid, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.register_household(uuid, jsonb) TO onedoor_clerk;

-- The centre's applications, newest first, as the worklist shows them.
CREATE VIEW onedoor.application_list WITH (security_barrier) AS
SELECT a.id, a.application_no, a.status, a.created_at, a.centre_code, h.household_no,
       p.name AS applicant_name, p.resident_id AS applicant_id,
       (SELECT count(*) FROM onedoor.household_members m2
	WHERE m2.household_id = h.id) AS member_count
FROM onedoor.applications a
JOIN onedoor.households h ON h.id = a.household_id
JOIN onedoor.household_members m ON m.household_id = h.id AND m.position = 1
JOIN onedoor.persons p ON p.id = m.person_id
WHERE onedoor.may_see_centre(a.centre_code);
GRANT SELECT ON onedoor.application_list TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
