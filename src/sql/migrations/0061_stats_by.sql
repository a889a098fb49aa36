-- 0055_stats_by: the statistics screen's tables, one statement each:
-- persons and households assisted, and funds paid, by one dimension
-- (month, department, township centre or item) with the period's total.
--
-- Why not sum 0017's and 0041's rows in the client: households and persons
-- are counted distinct, and a household assisted by two items or in two
-- months is one household, so the figures per department or for the whole
-- period are not the sum of the finer rows.  ROLLUP gives the total row
-- (key NULL) from the same pass.  Names come in both languages so that the
-- screen shows words, never codes.
--
-- Scope is 0017's and 0041's (not replaced): assisted runs as the caller
-- under row security with the centres named for the index; funds is
-- SECURITY DEFINER with 0041's scope written out (roll lines hold account
-- numbers no leader's role may read).

CREATE FUNCTION onedoor.stats_dimension_ok(p_by text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	IF p_by IS NULL OR p_by NOT IN ('month', 'department', 'centre', 'item') THEN
		RAISE EXCEPTION 'unknown dimension "%" (month, department, centre, item)', p_by
			USING ERRCODE = '22023';
	END IF;
	RETURN p_by;
END $$;

-- The names of a dimension's key, Chinese and English (a month is its own).
CREATE FUNCTION onedoor.stats_key_names(p_by text, p_key text,
					OUT name_zh text, OUT name_en text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT coalesce(n.zh, p_key), coalesce(n.en, p_key)
	FROM (SELECT 1) one
	LEFT JOIN LATERAL (
		SELECT d.name_zh AS zh, d.name_en AS en FROM onedoor.departments d
		WHERE p_by = 'department' AND d.code = p_key
		UNION ALL
		SELECT ce.name, ce.name FROM onedoor.centres ce
		WHERE p_by = 'centre' AND ce.code = p_key
		UNION ALL
		SELECT i.name_zh, i.name_en FROM onedoor.catalogue_items i
		WHERE p_by = 'item' AND i.code = p_key
		LIMIT 1) n ON true
$$;

CREATE FUNCTION onedoor.stats_assisted_by(p_from date, p_to date, p_by text)
RETURNS TABLE (key text, name_zh text, name_en text, cases bigint, households bigint,
	       persons bigint)
LANGUAGE sql STABLE AS $$
	WITH filed AS (
		SELECT c.id, c.household_id, c.person_id,
		       CASE onedoor.stats_dimension_ok(p_by)
			    WHEN 'month' THEN to_char(c.closed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')
			    WHEN 'department' THEN c.department
			    WHEN 'centre' THEN c.centre_code
			    ELSE c.item_code END AS key
		FROM onedoor.cases c
		WHERE c.stage = 'filed'
		  AND c.centre_code = ANY (onedoor.my_centres())
		  AND c.closed_at >= (p_from::timestamp AT TIME ZONE 'Asia/Shanghai')
		  AND c.closed_at < ((p_to + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')),
	counted AS (
		SELECT f.key, count(DISTINCT f.id) AS cases, count(DISTINCT f.household_id) AS households,
		       count(DISTINCT coalesce(m.person_id, f.person_id)) AS persons
		FROM filed f
		LEFT JOIN onedoor.household_members m
			ON f.person_id IS NULL AND m.household_id = f.household_id
		GROUP BY ROLLUP (f.key))
	SELECT k.key, n.name_zh, n.name_en, k.cases, k.households, k.persons
	FROM counted k LEFT JOIN LATERAL onedoor.stats_key_names(p_by, k.key) n ON k.key IS NOT NULL
	ORDER BY k.key IS NULL, k.key
$$;

CREATE FUNCTION onedoor.stats_funds_by(p_from date, p_to date, p_by text)
RETURNS TABLE (key text, name_zh text, name_en text, recipients bigint, paid_fen bigint,
	       back_pay_fen bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	WITH paid AS (
		SELECT l.case_id, l.total_fen, l.back_pay_fen,
		       CASE onedoor.stats_dimension_ok(p_by)
			    WHEN 'month' THEN to_char(r.month, 'YYYY-MM')
			    WHEN 'department' THEN r.department
			    WHEN 'centre' THEN r.centre_code
			    ELSE l.item_code END AS key
		FROM onedoor.payment_rolls r
		JOIN onedoor.roll_lines l ON l.roll_id = r.id AND l.state = 'paid'
		WHERE r.month BETWEEN date_trunc('month', p_from)::date AND p_to
		  AND ((SELECT (onedoor.current_staff()).role_group) IN ('auditor', 'admin')
		       OR ((SELECT (onedoor.current_staff()).role_group) = 'supervisor'
			   AND r.county = (SELECT (onedoor.current_staff()).county)))),
	summed AS (
		SELECT p.key, count(DISTINCT p.case_id) AS recipients,
		       sum(p.total_fen)::bigint AS paid_fen, sum(p.back_pay_fen)::bigint AS back_pay_fen
		FROM paid p GROUP BY ROLLUP (p.key))
	SELECT s.key, n.name_zh, n.name_en, s.recipients, coalesce(s.paid_fen, 0),
	       coalesce(s.back_pay_fen, 0)
	FROM summed s LEFT JOIN LATERAL onedoor.stats_key_names(p_by, s.key) n ON s.key IS NOT NULL
	ORDER BY s.key IS NULL, s.key
$$;

REVOKE ALL ON FUNCTION onedoor.stats_dimension_ok(text), onedoor.stats_key_names(text, text),
	onedoor.stats_assisted_by(date, date, text), onedoor.stats_funds_by(date, date, text)
	FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.stats_dimension_ok(text), onedoor.stats_key_names(text, text),
	onedoor.stats_assisted_by(date, date, text), onedoor.stats_funds_by(date, date, text)
	TO onedoor_supervisor, onedoor_auditor, onedoor_admin;
