-- 0011_listen: live worklists.  Every case change NOTIFYs the channels
-- onedoor_centre_<code> and onedoor_department_<code> (0005_cases.sql).
-- A client asks the server to LISTEN for it: the server decides which
-- channels the caller's role may follow (a clerk their centre, verifiers and
-- supervisors every centre of their county, an approver their department,
-- auditors and admins everything), and LISTEN, which takes no parameters,
-- is built here with %I rather than by the client.  Returns the channels.
CREATE FUNCTION onedoor.listen_worklist() RETURNS SETOF text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	me onedoor.staff;
	channel text;
BEGIN
	me := onedoor.current_staff();
	IF me.role_name IS NULL THEN
		RAISE EXCEPTION 'not registered staff' USING ERRCODE = '42501';
	END IF;
	FOR channel IN
		SELECT 'onedoor_centre_' || me.centre_code WHERE me.role_group = 'clerk'
		UNION ALL
		SELECT 'onedoor_centre_' || c.code FROM onedoor.centres c
		WHERE me.role_group IN ('verifier', 'supervisor') AND c.county = me.county
		   OR me.role_group IN ('auditor', 'admin')
		UNION ALL
		SELECT 'onedoor_department_' || me.department WHERE me.role_group = 'approver'
	LOOP
		EXECUTE format('LISTEN %I', channel);
		RETURN NEXT channel;
	END LOOP;
END $$;
REVOKE ALL ON FUNCTION onedoor.listen_worklist() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.listen_worklist() TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
