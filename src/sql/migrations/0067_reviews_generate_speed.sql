-- 0067_reviews_generate_speed: a county's month of periodic reviews in one
-- statement.
--
-- Replaces reviews_generate of 0064_lifecycle_screens.sql (itself 0040's
-- with the calendar counted once per item), carrying every rule of it: who
-- (reviews_may_open), which month, which benefits (monthly, in force,
-- started before the month, months since the start a multiple of the
-- interval: the menu snapshot's review_months, else 12), the dates (the
-- item's limit on the working-day calendar), once per benefit and period.
-- What changes is how: one statement without a temporary table, and the
-- reviews already opened for the month read once and hashed, so that running
-- the schedule twice costs a second instead of trying 50,000 inserts again.

CREATE OR REPLACE FUNCTION onedoor.reviews_generate(p_request_id uuid, p_month date)
RETURNS TABLE (opened integer, due integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	me onedoor.staff := onedoor.current_staff();
	v_month date := date_trunc('month', p_month)::date;
	today date := onedoor.today();
	n_opened integer;
	n_due integer;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'reviews_generate');
	IF prev IS NOT NULL THEN
		RETURN QUERY SELECT (prev ->> 'opened')::int, (prev ->> 'due')::int;
		RETURN;
	END IF;
	IF NOT onedoor.reviews_may_open() THEN
		RAISE EXCEPTION 'only a county''s supervision window or administrator opens reviews'
			USING ERRCODE = '42501';
	END IF;
	IF p_month IS NULL OR v_month > (date_trunc('month', today) + interval '1 month')::date THEN
		RAISE EXCEPTION 'reviews are opened for this month or the next, not %',
			to_char(p_month, 'YYYY-MM') USING ERRCODE = '22023';
	END IF;
	-- One statement: the benefits due (months since the start a multiple
	-- of the interval), those not opened yet, opened with the item's dates.
	WITH due AS MATERIALIZED (
		SELECT c.id AS case_id, c.item_code
		FROM onedoor.benefits b
		JOIN onedoor.cases c ON c.id = b.case_id
		JOIN onedoor.decisions d ON d.case_id = c.id AND d.period = 'monthly'
		LEFT JOIN LATERAL (SELECT nullif((i ->> 'review_months'), '')::int AS every
				   FROM onedoor.menu_snapshots s,
					jsonb_array_elements(s.menu -> 'items') i
				   WHERE s.application_id = c.application_id
				     AND i ->> 'code' = c.item_code
				   LIMIT 1) r ON true
		WHERE c.county = me.county AND b.state = 'in_force' AND b.start_month < v_month
		  AND coalesce(r.every, 12) > 0
		  AND ((extract(year FROM v_month) - extract(year FROM b.start_month)) * 12 +
		       extract(month FROM v_month) - extract(month FROM b.start_month))::int
		      % coalesce(r.every, 12) = 0),
	dates AS (
		SELECT x.item_code, x.due_on, onedoor.warn_from(x.due_on, 3) AS warn_from
		FROM (SELECT y.item_code, onedoor.add_working_days(today,
				onedoor.review_limit(y.item_code)) AS due_on
		      FROM (SELECT DISTINCT z.item_code FROM due z) y) x),
	ins AS (
		INSERT INTO onedoor.reviews (case_id, kind, period, cause, opened_on, due_on,
					     warn_from, request_id)
		SELECT x.case_id, 'periodic', v_month, 'periodic', today, l.due_on, l.warn_from,
		       p_request_id
		FROM due x JOIN dates l ON l.item_code = x.item_code
		-- Opened already (the schedule runs twice): not tried again; the
		-- conflict clause is for two runs at once.  NOT IN over the month's
		-- reviews is read once, hashed, before this statement inserts any
		-- (a correlated NOT EXISTS planned on an empty table scanned the
		-- reviews this statement was inserting, once per row).
		WHERE x.case_id NOT IN (SELECT o.case_id FROM onedoor.reviews o
					WHERE o.kind = 'periodic' AND o.period = v_month)
		ON CONFLICT (case_id, kind, period) DO NOTHING
		RETURNING 1)
	SELECT (SELECT count(*) FROM due), (SELECT count(*) FROM ins) INTO n_due, n_opened;
	PERFORM onedoor.request_finish(p_request_id, 'reviews_generate',
		jsonb_build_object('opened', n_opened, 'due', n_due));
	RETURN QUERY SELECT n_opened, n_due;
END $$;
