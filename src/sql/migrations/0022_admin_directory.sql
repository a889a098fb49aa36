-- 0022_admin_directory: the county's directory (regions, centres,
-- departments) and its staff managed through functions, so that an
-- administrator sets up a county with `onedoor-admin region|centre|department|
-- user ...` and never with SQL.
--
-- * The 13 departments of the one window are reference data the shipped
--   catalogue needs: created here (a county adds its own with department_add).
-- * A centre is closed, never deleted: its households, applications and
--   cases keep pointing at it.  A closed centre takes no new staff.
-- * staff_add and staff_set_password (replacing 0008's) take a SCRAM-SHA-256
--   verifier built by the client (libpq's PQencryptPasswordConn), never a
--   password: the statement that creates the role, and any error about it
--   in the server log, holds nothing a person could log in with.  The
--   minimum length is therefore checked by the client.  Login names starting
--   pg_ are refused (PostgreSQL reserves them; CREATE ROLE would fail late).
-- * staff_move gives a login another centre.
-- * audit verify reads audit_head: granted to the auditor and the admin.
-- * calendar_coverage() says how far the imported working-day calendar
--   reaches, for `calendar list`, the client's start and the supervisor view;
--   due_provisional(day) marks a due date counted past it (Monday to Friday
--   without holidays), to be shown as provisional.
-- * The client checks at login that the schema has every migration it was
--   built with: schema_migrations becomes readable by every group.
-- Every change is audited by row triggers (audit_row, as 0004 does for staff).

INSERT INTO onedoor.departments (code, name_zh, name_en) VALUES
	('civil_affairs', '民政局', 'Civil Affairs'),
	('education', '教育局', 'Education'),
	('housing', '住房和城乡建设局', 'Housing and Urban-Rural Development'),
	('hrss', '人力资源和社会保障局', 'Human Resources and Social Security'),
	('health', '卫生健康局', 'Health'),
	('medical_insurance', '医疗保障局', 'Medical Insurance'),
	('disabled_federation', '残疾人联合会', 'Disabled Persons'' Federation'),
	('trade_union', '总工会', 'Trade Union'),
	('red_cross', '红十字会', 'Red Cross'),
	('youth_league', '共青团', 'Youth League'),
	('womens_federation', '妇女联合会', 'Women''s Federation'),
	('justice', '司法局', 'Justice'),
	('rural_revitalisation', '乡村振兴局', 'Rural Revitalisation')
ON CONFLICT (code) DO NOTHING;

ALTER TABLE onedoor.centres ADD COLUMN closed_on date;

-- A region: GB/T 2260 code; the level follows from the code (XX0000 a
-- province, XXXX00 a city, else a county).  The parent, when given, must
-- be the level above.  22023 for a bad value, 23505 when the code exists.
CREATE FUNCTION onedoor.region_add(p_code text, p_name text, p_parent text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	lvl smallint;
	parent_level smallint;
BEGIN
	IF p_code IS NULL OR p_code !~ '^[1-9][0-9]{5}$' THEN
		RAISE EXCEPTION 'region code "%" must be six digits (GB/T 2260)', p_code
			USING ERRCODE = '22023';
	END IF;
	IF p_name IS NULL OR btrim(p_name) = '' OR p_name ~ '[[:cntrl:]]' THEN
		RAISE EXCEPTION 'a region needs a name' USING ERRCODE = '22023';
	END IF;
	lvl := CASE WHEN p_code ~ '0000$' THEN 1 WHEN p_code ~ '00$' THEN 2 ELSE 3 END;
	IF nullif(p_parent, '') IS NOT NULL THEN
		SELECT level INTO parent_level FROM onedoor.regions WHERE code = p_parent;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'no region %: add it first', p_parent USING ERRCODE = '22023';
		END IF;
		IF parent_level <> lvl - 1 THEN
			RAISE EXCEPTION 'region % cannot be the parent of %', p_parent, p_code
				USING ERRCODE = '22023';
		END IF;
	END IF;
	IF EXISTS (SELECT 1 FROM onedoor.regions WHERE code = p_code) THEN
		RAISE EXCEPTION 'region % already exists', p_code USING ERRCODE = '23505';
	END IF;
	INSERT INTO onedoor.regions (code, name, parent, level)
	VALUES (p_code, btrim(p_name), nullif(p_parent, ''), lvl);
END $$;

-- A convenience centre of a county.  Codes as the centres table says.
CREATE FUNCTION onedoor.centre_add(p_code text, p_name text, p_county text, p_kind text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
BEGIN
	IF p_code IS NULL OR p_code !~ '^[A-Za-z0-9_-]{1,32}$' THEN
		RAISE EXCEPTION 'centre code "%" must be 1 to 32 letters, digits, - or _', p_code
			USING ERRCODE = '22023';
	END IF;
	IF p_name IS NULL OR btrim(p_name) = '' OR p_name ~ '[[:cntrl:]]' THEN
		RAISE EXCEPTION 'a centre needs a name' USING ERRCODE = '22023';
	END IF;
	IF p_kind IS NULL OR p_kind NOT IN ('township', 'street') THEN
		RAISE EXCEPTION 'centre kind "%" must be township or street', p_kind
			USING ERRCODE = '22023';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM onedoor.regions WHERE code = p_county AND level = 3) THEN
		RAISE EXCEPTION 'no county %: add it first with region add', p_county
			USING ERRCODE = '22023';
	END IF;
	IF EXISTS (SELECT 1 FROM onedoor.centres WHERE code = p_code) THEN
		RAISE EXCEPTION 'centre % already exists', p_code USING ERRCODE = '23505';
	END IF;
	INSERT INTO onedoor.centres (code, name, kind, county)
	VALUES (p_code, btrim(p_name), p_kind, p_county);
END $$;

CREATE FUNCTION onedoor.centre_rename(p_code text, p_name text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
BEGIN
	IF p_name IS NULL OR btrim(p_name) = '' OR p_name ~ '[[:cntrl:]]' THEN
		RAISE EXCEPTION 'a centre needs a name' USING ERRCODE = '22023';
	END IF;
	PERFORM 1 FROM onedoor.centres WHERE code = p_code FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no centre %', p_code USING ERRCODE = 'P0002';
	END IF;
	UPDATE onedoor.centres SET name = btrim(p_name) WHERE code = p_code;
END $$;

-- Closing a centre with active staff would leave clerks at a window that no
-- longer exists: they are moved or disabled first (the message says who).
CREATE FUNCTION onedoor.centre_close(p_code text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	before onedoor.centres;
	people text;
BEGIN
	SELECT * INTO before FROM onedoor.centres WHERE code = p_code FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no centre %', p_code USING ERRCODE = 'P0002';
	END IF;
	IF before.closed_on IS NOT NULL THEN
		RAISE EXCEPTION 'centre % is closed since %', p_code, before.closed_on
			USING ERRCODE = '22023';
	END IF;
	SELECT string_agg(role_name, ', ' ORDER BY role_name) INTO people
	FROM onedoor.staff WHERE centre_code = p_code AND active;
	IF people IS NOT NULL THEN
		RAISE EXCEPTION 'centre % still has active staff (%): move or disable them first',
			p_code, people USING ERRCODE = '22023';
	END IF;
	UPDATE onedoor.centres SET closed_on = current_date WHERE code = p_code;
END $$;

CREATE FUNCTION onedoor.department_add(p_code text, p_name_zh text, p_name_en text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
BEGIN
	IF p_code IS NULL OR p_code !~ '^[a-z_]{2,32}$' THEN
		RAISE EXCEPTION 'department code "%" must be 2 to 32 lower-case letters or _',
			p_code USING ERRCODE = '22023';
	END IF;
	IF coalesce(btrim(p_name_zh), '') = '' OR coalesce(btrim(p_name_en), '') = ''
	   OR p_name_zh ~ '[[:cntrl:]]' OR p_name_en ~ '[[:cntrl:]]' THEN
		RAISE EXCEPTION 'a department needs a Chinese and an English name'
			USING ERRCODE = '22023';
	END IF;
	IF EXISTS (SELECT 1 FROM onedoor.departments WHERE code = p_code) THEN
		RAISE EXCEPTION 'department % already exists', p_code USING ERRCODE = '23505';
	END IF;
	INSERT INTO onedoor.departments (code, name_zh, name_en)
	VALUES (p_code, btrim(p_name_zh), btrim(p_name_en));
END $$;

-- Replaces 0008's staff_add (same signature; p_password is now a SCRAM
-- verifier).  The checks of 0008 are kept; added: pg_ names, the verifier,
-- the county, centre and department named must exist (with a message that
-- says which), a closed centre.
CREATE OR REPLACE FUNCTION onedoor.staff_add(p_role text, p_full_name text, p_group text,
					     p_centre text, p_county text, p_department text,
					     p_password text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
BEGIN
	IF p_role !~ '^[a-z][a-z0-9_]{1,62}$' THEN
		RAISE EXCEPTION 'login name "%" must be lower-case letters, digits and _', p_role
			USING ERRCODE = '22023';
	END IF;
	IF p_role ~ '^pg_' THEN
		RAISE EXCEPTION 'login name "%": names starting pg_ are reserved by PostgreSQL',
			p_role USING ERRCODE = '22023';
	END IF;
	IF p_group NOT IN ('clerk', 'verifier', 'supervisor', 'approver', 'auditor', 'admin') THEN
		RAISE EXCEPTION 'unknown group "%"', p_group USING ERRCODE = '22023';
	END IF;
	IF coalesce(p_password, '') !~ '^SCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$' THEN
		RAISE EXCEPTION 'the password must arrive as a SCRAM-SHA-256 verifier'
			USING ERRCODE = '22023';
	END IF;
	IF nullif(p_centre, '') IS NOT NULL THEN
		IF NOT EXISTS (SELECT 1 FROM onedoor.centres WHERE code = p_centre) THEN
			RAISE EXCEPTION 'no centre %: add it first with centre add', p_centre
				USING ERRCODE = '22023';
		END IF;
		IF EXISTS (SELECT 1 FROM onedoor.centres WHERE code = p_centre
			   AND closed_on IS NOT NULL) THEN
			RAISE EXCEPTION 'centre % is closed', p_centre USING ERRCODE = '22023';
		END IF;
	END IF;
	IF nullif(p_county, '') IS NOT NULL AND NOT EXISTS
	   (SELECT 1 FROM onedoor.regions WHERE code = p_county) THEN
		RAISE EXCEPTION 'no county %: add it first with region add', p_county
			USING ERRCODE = '22023';
	END IF;
	IF nullif(p_department, '') IS NOT NULL AND NOT EXISTS
	   (SELECT 1 FROM onedoor.departments WHERE code = p_department) THEN
		RAISE EXCEPTION 'no department %', p_department USING ERRCODE = '22023';
	END IF;
	IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_role) THEN
		RAISE EXCEPTION 'login % already exists', p_role USING ERRCODE = '23505';
	END IF;
	EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', p_role, p_password,
		       'onedoor_' || p_group);
	INSERT INTO onedoor.staff (role_name, full_name, role_group, centre_code, county,
				   department)
	VALUES (p_role, p_full_name, p_group, nullif(p_centre, ''), nullif(p_county, ''),
		nullif(p_department, ''));
END $$;

-- Replaces 0008's staff_set_password: a verifier, as staff_add.
CREATE OR REPLACE FUNCTION onedoor.staff_set_password(p_role text, p_password text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM onedoor.staff WHERE role_name = p_role) THEN
		RAISE EXCEPTION 'no staff login %', p_role USING ERRCODE = 'P0002';
	END IF;
	IF coalesce(p_password, '') !~ '^SCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$' THEN
		RAISE EXCEPTION 'the password must arrive as a SCRAM-SHA-256 verifier'
			USING ERRCODE = '22023';
	END IF;
	EXECUTE format('ALTER ROLE %I PASSWORD %L', p_role, p_password);
	PERFORM onedoor.audit_append('staff', p_role, 'user_passwd', NULL, NULL);
END $$;

-- Another centre for a login (a clerk moving to another township).
CREATE FUNCTION onedoor.staff_move(p_role text, p_centre text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
BEGIN
	PERFORM 1 FROM onedoor.staff WHERE role_name = p_role FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no staff login %', p_role USING ERRCODE = 'P0002';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM onedoor.centres WHERE code = p_centre) THEN
		RAISE EXCEPTION 'no centre %', p_centre USING ERRCODE = '22023';
	END IF;
	IF EXISTS (SELECT 1 FROM onedoor.centres WHERE code = p_centre
		   AND closed_on IS NOT NULL) THEN
		RAISE EXCEPTION 'centre % is closed', p_centre USING ERRCODE = '22023';
	END IF;
	UPDATE onedoor.staff SET centre_code = p_centre WHERE role_name = p_role;
END $$;

-- The last day of the last calendar year imported without a gap from this
-- year on (NULL when this year is missing), and whether the next 60 days
-- run past it.
CREATE FUNCTION onedoor.calendar_coverage(OUT covered_until date, OUT short boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	WITH years AS (SELECT DISTINCT extract(year FROM day)::int AS y FROM onedoor.calendar_days),
	run AS (SELECT y FROM years
		WHERE y >= extract(year FROM onedoor.today())::int
		  AND y - extract(year FROM onedoor.today())::int =
		      (SELECT count(*) FROM years z
		       WHERE z.y >= extract(year FROM onedoor.today())::int AND z.y < years.y))
	SELECT make_date(max(y), 12, 31),
	       coalesce(make_date(max(y), 12, 31) < onedoor.today() + 60, true)
	FROM run
$$;

CREATE FUNCTION onedoor.due_provisional(p_day date) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT p_day IS NOT NULL AND NOT EXISTS
		(SELECT 1 FROM onedoor.calendar_days
		 WHERE day >= make_date(extract(year FROM p_day)::int, 1, 1)
		   AND day < make_date(extract(year FROM p_day)::int + 1, 1, 1))
$$;

CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON onedoor.regions
	FOR EACH ROW EXECUTE FUNCTION onedoor.audit_row('code');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON onedoor.centres
	FOR EACH ROW EXECUTE FUNCTION onedoor.audit_row('code');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON onedoor.departments
	FOR EACH ROW EXECUTE FUNCTION onedoor.audit_row('code');

REVOKE ALL ON FUNCTION onedoor.region_add(text, text, text),
	onedoor.centre_add(text, text, text, text), onedoor.centre_rename(text, text),
	onedoor.centre_close(text), onedoor.department_add(text, text, text),
	onedoor.staff_move(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.region_add(text, text, text),
	onedoor.centre_add(text, text, text, text), onedoor.centre_rename(text, text),
	onedoor.centre_close(text), onedoor.department_add(text, text, text),
	onedoor.staff_move(text, text) TO onedoor_admin;

REVOKE ALL ON FUNCTION onedoor.calendar_coverage(), onedoor.due_provisional(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.calendar_coverage(), onedoor.due_provisional(date) TO
	onedoor_clerk, onedoor_verifier, onedoor_supervisor, onedoor_approver,
	onedoor_auditor, onedoor_admin;
GRANT SELECT ON onedoor.schema_migrations TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;

-- `audit verify` compares the walk's end with the head.
GRANT SELECT ON onedoor.audit_head TO onedoor_auditor, onedoor_admin;

-- No function of the schema is executable by PUBLIC (0007's rule): a
-- per-schema default privilege cannot take PUBLIC's EXECUTE away, so every
-- migration revokes what it creates; this one also catches the functions
-- of 0020 and 0021 that did not (menu_snapshot_forbid, recheck_pick).
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA onedoor FROM PUBLIC;
