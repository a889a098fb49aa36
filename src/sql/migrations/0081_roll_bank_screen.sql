-- 0081_roll_bank_screen: the roll screen offers finance the bank's answer
-- to an exported roll.  Replaces roll_actions of 0057_roll_screens.sql (the
-- newest earlier definition), carrying everything in it unchanged and
-- adding 'results' for finance of the roll's county on an exported roll -
-- the rule payments_record_results applies (0036, roll_to_change and the
-- roll's state), so that F9 is offered exactly where the import can work.
CREATE OR REPLACE FUNCTION onedoor.roll_actions(r onedoor.payment_rolls) RETURNS text
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
			  AND r.state = 'approved' THEN 'export' END,
		CASE WHEN me.role_group = 'finance' AND me.county = r.county
			  AND r.state = 'exported' THEN 'results' END)
	FROM onedoor.current_staff() me
	WHERE me.role_name IS NOT NULL
$$;
