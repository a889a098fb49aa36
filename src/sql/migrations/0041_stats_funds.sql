-- 0041_stats_funds: the money leaders follow - funds paid by month, item,
-- department and township, and recipients paid - from the bank's results
-- on the payment rolls (lines the bank reported paid), never from what was
-- merely decided or owed.
--
-- SECURITY DEFINER with the scope written out (roll lines hold account
-- numbers, which no leader's role may read): a supervisor's figures are
-- their county's, the discipline commission's and administrators' every
-- county's.
CREATE FUNCTION onedoor.stats_funds(p_from date, p_to date)
RETURNS TABLE (month date, department text, centre_code text, item_code text,
	       recipients bigint, paid_fen bigint, back_pay_fen bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT r.month, r.department, r.centre_code, l.item_code, count(DISTINCT l.case_id),
	       sum(l.total_fen)::bigint, sum(l.back_pay_fen)::bigint
	FROM onedoor.payment_rolls r
	JOIN onedoor.roll_lines l ON l.roll_id = r.id AND l.state = 'paid'
	WHERE r.month BETWEEN date_trunc('month', p_from)::date AND p_to
	  AND ((SELECT (onedoor.current_staff()).role_group) IN ('auditor', 'admin')
	       OR ((SELECT (onedoor.current_staff()).role_group) = 'supervisor'
		   AND r.county = (SELECT (onedoor.current_staff()).county)))
	GROUP BY 1, 2, 3, 4
	ORDER BY 1, 2, 3, 4
$$;
REVOKE ALL ON FUNCTION onedoor.stats_funds(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.stats_funds(date, date) TO onedoor_supervisor,
	onedoor_auditor, onedoor_admin;
