-- 0023_application_form: a registered application read back into the
-- window's form, so that a clerk who saved a household (已登记) can come
-- back to it - to its menu and to 同意受理 - without typing it again.
--
-- Rows (member, key, value) in the keys of forms/household.ini: member 0
-- is the household (hukou and its facts), 1.. the members in order (id,
-- name, relation and their facts).  Only the clerks of the application's
-- centre may read it, and each read is written to the audit log, as a
-- person's full record is (person_record in 0007_security.sql).
CREATE FUNCTION onedoor.application_form(p_application_no text)
RETURNS TABLE (member integer, key text, value text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	me onedoor.staff;
	app onedoor.applications;
BEGIN
	me := onedoor.current_staff();
	SELECT * INTO app FROM onedoor.applications a WHERE a.application_no = p_application_no;
	IF NOT FOUND OR me.role_name IS NULL OR me.role_group <> 'clerk'
	   OR app.centre_code IS DISTINCT FROM me.centre_code THEN
		RAISE EXCEPTION 'application % not found', p_application_no USING ERRCODE = 'P0002';
	END IF;
	PERFORM onedoor.audit_append('application', app.id::text, 'read_form', NULL,
		jsonb_build_object('application_no', p_application_no));
	RETURN QUERY
		SELECT 0, 'hukou'::text, h.hukou::text
		FROM onedoor.households h WHERE h.id = app.household_id
		UNION ALL
		SELECT 0, f.key, f.value
		FROM onedoor.households h, jsonb_each_text(h.facts) f
		WHERE h.id = app.household_id
		UNION ALL
		SELECT m.position, x.key, x.value
		FROM onedoor.household_members m
		JOIN onedoor.persons p ON p.id = m.person_id
		CROSS JOIN LATERAL (VALUES ('id', p.resident_id::text), ('name', p.name::text),
					   ('relation', m.relation::text)) x(key, value)
		WHERE m.household_id = app.household_id
		UNION ALL
		SELECT m.position, f.key, f.value
		FROM onedoor.household_members m
		JOIN onedoor.persons p ON p.id = m.person_id, jsonb_each_text(p.facts) f
		WHERE m.household_id = app.household_id
		ORDER BY 1, 2;
END $$;
REVOKE ALL ON FUNCTION onedoor.application_form(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.application_form(text) TO onedoor_clerk;
