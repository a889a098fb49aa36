-- 0082_recheck_on_screen: the verification office records a re-check's
-- result from the reviews screen's re-checks.
--
-- The screen draws what the server allows: recheck_may_record says whether
-- the reader may record the re-check of a case now, by the rule
-- recheck_record (0021_rechecks.sql) enforces when the statement comes: a
-- verifier of the case's county, the result not recorded yet.
CREATE FUNCTION onedoor.recheck_may_record(p_case_id bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT coalesce((SELECT me.role_name IS NOT NULL AND me.role_group = 'verifier'
				AND c.county = me.county AND r.result IS NULL
			 FROM onedoor.rechecks r JOIN onedoor.cases c ON c.id = r.case_id,
			      onedoor.current_staff() me
			 WHERE r.case_id = p_case_id), false)
$$;
REVOKE ALL ON FUNCTION onedoor.recheck_may_record(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.recheck_may_record(bigint) TO onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
