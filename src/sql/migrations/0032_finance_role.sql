-- 0032_finance_role: the county's finance office (财政) as a staff group.
--
-- Finance checks the month's payment rolls of its county, approves or
-- returns them, and alone writes the bank file (0036_payment_rolls.sql).
-- A finance login is bound to one county.  staff_add below replaces
-- 0022_admin_directory.sql's, the newest earlier definition, adding the
-- group to the list it accepts; nothing else in it changes.  The group
-- check of staff is 0024_villages.sql's with finance added.
DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'onedoor_finance') THEN
		CREATE ROLE onedoor_finance NOLOGIN;
	END IF;
END $$;
GRANT USAGE ON SCHEMA onedoor TO onedoor_finance;

ALTER TABLE onedoor.staff DROP CONSTRAINT staff_role_group_check;
ALTER TABLE onedoor.staff ADD CONSTRAINT staff_role_group_check CHECK (role_group IN
	('clerk', 'verifier', 'supervisor', 'approver', 'auditor', 'admin', 'coordinator',
	 'finance'));
ALTER TABLE onedoor.staff ADD CONSTRAINT staff_finance_county
	CHECK (role_group <> 'finance' OR county IS NOT NULL);

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
	IF p_group NOT IN ('clerk', 'verifier', 'supervisor', 'approver', 'auditor', 'admin',
			   'finance') THEN
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

-- The reference tables every group reads.
GRANT SELECT ON onedoor.regions, onedoor.centres, onedoor.departments,
	onedoor.catalogue_items TO onedoor_finance;
GRANT EXECUTE ON FUNCTION onedoor.current_staff(), onedoor.my_centres(),
	onedoor.my_department(), onedoor.my_approver_county(), onedoor.today(),
	onedoor.staff_name(name), onedoor.mask_resident_id(text) TO onedoor_finance;
GRANT EXECUTE ON FUNCTION onedoor.my_county() TO onedoor_finance;

-- The caller's staff group; NULL when the login is not active staff.
CREATE FUNCTION onedoor.my_group() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT s.role_group FROM onedoor.staff s WHERE s.role_name = session_user AND s.active
$$;
REVOKE ALL ON FUNCTION onedoor.my_group() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.my_group() TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin, onedoor_finance;
