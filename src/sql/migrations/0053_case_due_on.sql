-- 0053_case_due_on: the expected completion date of a case, readable in the
-- statement that opens it, so that the window's 同意受理 and the receipt's
-- dates take one round trip.
--
-- VOLATILE on purpose (and not inlinable, because of SET): called in the
-- select list of `SELECT ... FROM onedoor.accept_application(...)`, each
-- call takes a fresh snapshot that sees the cases the function has just
-- inserted, which the outer statement's own snapshot does not.  SECURITY
-- INVOKER: the caller's row security decides what it may read.
CREATE FUNCTION onedoor.case_due_on(p_case_id bigint) RETURNS date
LANGUAGE sql VOLATILE SET search_path = onedoor, pg_temp AS $$
	SELECT case_due FROM onedoor.cases WHERE id = p_case_id
$$;
REVOKE ALL ON FUNCTION onedoor.case_due_on(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.case_due_on(bigint) TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
