-- 0038_admin_villages: villages and their coordinators managed with
-- onedoor-admin, as the rest of the directory is (0022): `village add|list`
-- and `user add --group coordinator --village CODE`.
--
-- * village_add: a village or community (0024_villages.sql's table) under a
--   centre that is open.
-- * staff_add gains p_village (a coordinator is bound to one village,
--   0024's staff_coordinator_village).  The 7-argument staff_add stays,
--   calling this one with no village, so that its callers and grants keep
--   working.  The body is that of 0032_finance_role.sql, the newest earlier
--   definition (0022's with the finance group), with the village and the
--   coordinator group added.
-- * A closed centre's villages take no new coordinator.

CREATE FUNCTION onedoor.village_add(p_code text, p_name text, p_centre text, p_kind text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
BEGIN
	IF p_code IS NULL OR p_code !~ '^[1-9][0-9]{11}$' THEN
		RAISE EXCEPTION 'village code "%" must be twelve digits (statistical division code)',
			p_code USING ERRCODE = '22023';
	END IF;
	IF p_name IS NULL OR btrim(p_name) = '' OR p_name ~ '[[:cntrl:]]' THEN
		RAISE EXCEPTION 'a village needs a name' USING ERRCODE = '22023';
	END IF;
	IF p_kind IS NULL OR p_kind NOT IN ('village', 'community') THEN
		RAISE EXCEPTION 'village kind "%" must be village or community', p_kind
			USING ERRCODE = '22023';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM onedoor.centres WHERE code = p_centre) THEN
		RAISE EXCEPTION 'no centre %: add it first with centre add', p_centre
			USING ERRCODE = '22023';
	END IF;
	IF EXISTS (SELECT 1 FROM onedoor.centres WHERE code = p_centre AND closed_on IS NOT NULL) THEN
		RAISE EXCEPTION 'centre % is closed', p_centre USING ERRCODE = '22023';
	END IF;
	IF EXISTS (SELECT 1 FROM onedoor.villages WHERE code = p_code) THEN
		RAISE EXCEPTION 'village % already exists', p_code USING ERRCODE = '23505';
	END IF;
	INSERT INTO onedoor.villages (code, name, kind, centre_code)
	VALUES (p_code, btrim(p_name), p_kind, p_centre);
END $$;

CREATE FUNCTION onedoor.staff_add(p_role text, p_full_name text, p_group text,
				  p_centre text, p_county text, p_department text,
				  p_password text, p_village text) RETURNS void
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
	IF p_group NOT IN ('clerk', 'verifier', 'supervisor', 'approver', 'auditor', 'admin',
			   'coordinator', 'finance') THEN
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
	IF nullif(p_village, '') IS NOT NULL THEN
		IF NOT EXISTS (SELECT 1 FROM onedoor.villages WHERE code = p_village) THEN
			RAISE EXCEPTION 'no village %: add it first with village add', p_village
				USING ERRCODE = '22023';
		END IF;
		IF EXISTS (SELECT 1 FROM onedoor.villages v JOIN onedoor.centres c
			   ON c.code = v.centre_code WHERE v.code = p_village
			   AND c.closed_on IS NOT NULL) THEN
			RAISE EXCEPTION 'the centre of village % is closed', p_village
				USING ERRCODE = '22023';
		END IF;
	END IF;
	IF (p_group = 'coordinator') <> (nullif(p_village, '') IS NOT NULL) THEN
		RAISE EXCEPTION 'a coordinator, and only a coordinator, has a village'
			USING ERRCODE = '22023';
	END IF;
	IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_role) THEN
		RAISE EXCEPTION 'login % already exists', p_role USING ERRCODE = '23505';
	END IF;
	EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', p_role, p_password,
		       'onedoor_' || p_group);
	INSERT INTO onedoor.staff (role_name, full_name, role_group, centre_code, county,
				   department, village)
	VALUES (p_role, p_full_name, p_group, nullif(p_centre, ''), nullif(p_county, ''),
		nullif(p_department, ''), nullif(p_village, ''));
END $$;

-- The seven-argument signature (0022, 0032), for its callers: no village.
CREATE OR REPLACE FUNCTION onedoor.staff_add(p_role text, p_full_name text, p_group text,
					     p_centre text, p_county text, p_department text,
					     p_password text) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT onedoor.staff_add(p_role, p_full_name, p_group, p_centre, p_county,
				 p_department, p_password, NULL::text)
$$;

REVOKE ALL ON FUNCTION onedoor.village_add(text, text, text, text),
	onedoor.staff_add(text, text, text, text, text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.village_add(text, text, text, text),
	onedoor.staff_add(text, text, text, text, text, text, text, text) TO onedoor_admin;
