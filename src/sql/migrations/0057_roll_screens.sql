-- 0055_roll_screens: what the payment screens ask the server, so that they
-- offer only what the server would do and show the applicant's messages.
--
--  * roll_actions(roll): the changes the caller may make to a roll now,
--    space-separated ('submit hold' for the county centre or the roll's
--    department on a draft or returned roll, 'approve return' for finance
--    of its county on a submitted one, 'export' on an approved one) - the
--    same rules as roll_to_change and the state checks of payments_submit,
--    payments_check, payments_hold and payments_export (0036_payment_rolls.sql),
--    in one place beside them for the screens to draw;
--  * roll_may_generate(): whether the caller makes rolls at all;
--  * case_messages: the SMS sent about a case (kind, state, when, the
--    number masked), to whoever sees the case - the scope of case_payments
--    (0036), read as its owner because the outbox's own policy goes through
--    the households table, which not every group reads.
CREATE FUNCTION onedoor.roll_actions(r onedoor.payment_rolls) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT concat_ws(' ',
		CASE WHEN me.role_group IN ('supervisor', 'approver')
			  AND me.county = r.county
			  AND (me.role_group <> 'approver' OR me.department = r.department)
			  AND r.state IN ('draft', 'returned')
		     THEN 'submit hold' END,
		CASE WHEN me.role_group = 'finance' AND me.county = r.county
			  AND r.state = 'submitted' THEN 'approve return' END,
		CASE WHEN me.role_group = 'finance' AND me.county = r.county
			  AND r.state = 'approved' THEN 'export' END)
	FROM onedoor.current_staff() me
	WHERE me.role_name IS NOT NULL
$$;

CREATE FUNCTION onedoor.roll_may_generate() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT coalesce((SELECT me.role_group IN ('supervisor', 'approver') AND me.county IS NOT NULL
			 FROM onedoor.current_staff() me WHERE me.role_name IS NOT NULL), false)
$$;

CREATE VIEW onedoor.case_messages WITH (security_barrier) AS
SELECT m.case_id, m.id, m.kind, m.state, m.created_at, m.done_at,
       left(m.phone, 3) || '****' || right(m.phone, 4) AS phone_masked
FROM onedoor.sms_outbox m
JOIN onedoor.cases c ON c.id = m.case_id
WHERE c.centre_code = ANY (onedoor.my_centres())
   OR (c.department = onedoor.my_department()
       AND (onedoor.my_approver_county() IS NULL OR c.county = onedoor.my_approver_county()))
   OR (onedoor.my_group() = 'finance' AND c.county = onedoor.my_county());

REVOKE ALL ON FUNCTION onedoor.roll_actions(onedoor.payment_rolls),
	onedoor.roll_may_generate() FROM PUBLIC;
REVOKE ALL ON onedoor.case_messages FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.roll_actions(onedoor.payment_rolls),
	onedoor.roll_may_generate() TO onedoor_clerk, onedoor_verifier, onedoor_supervisor,
	onedoor_approver, onedoor_auditor, onedoor_admin, onedoor_finance;
GRANT SELECT ON onedoor.case_messages TO onedoor_clerk, onedoor_verifier, onedoor_supervisor,
	onedoor_approver, onedoor_auditor, onedoor_admin, onedoor_finance;

-- Finance logs in to the client too (0032_finance_role.sql gave it only the
-- reference tables): what every login reads at the start - the schema's
-- version, the catalogue's warnings and parameters, its live-refresh
-- channels (none for finance).
GRANT SELECT ON onedoor.schema_migrations, onedoor.catalogue_warnings, onedoor.parameters,
	onedoor.parameter_defs TO onedoor_finance;
GRANT EXECUTE ON FUNCTION onedoor.listen_worklist() TO onedoor_finance;
-- Finance reads the lines of its county's rolls, whose policy (0036) also
-- names the cases table (a line is seen by whoever sees its case): without
-- the privilege the read fails for finance although its own part of the
-- policy lets the lines through.  The cases' own policy (0007_security.sql)
-- gives finance no case.
GRANT SELECT ON onedoor.cases TO onedoor_finance;
