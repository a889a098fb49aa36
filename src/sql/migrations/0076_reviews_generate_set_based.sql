-- 0076_reviews_generate_set_based: a county's month of periodic reviews
-- opened in about the time the rows take to write.
--
-- reviews_generate replaces 0067_reviews_generate_speed.sql's (the newest
-- definition), carrying every rule of it unchanged.  What changes is one
-- word: the items' dates (the working-day calendar counted once per item)
-- are materialised.  PostgreSQL inlined that CTE into the INSERT's select
-- list, so add_working_days and warn_from walked the calendar again for
-- every one of the 50,000 reviews: most of the 10 to 13 seconds.
--
-- reviews_audit_insert (0064_lifecycle_screens.sql, the newest) writes one
-- audit entry per statement; it built the single row's JSON for every row
-- of a 50,000-row statement (min over 50,000 texts: 0.8 s) before finding it
-- was not needed.  The entry is the same; the single row is read only when
-- the statement inserted one.  A month that opens a thousand reviews or
-- more analyses the table (the screens' pages are planned on it at once).

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
	-- Materialised: inlined, the calendar was counted again for every
	-- review inserted (two calendar walks per row, 4 of the 5 seconds).
	dates AS MATERIALIZED (
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
	-- A county's month changes the table's shape at once (tens of
	-- thousands of open reviews): its statistics follow now, not when
	-- autovacuum comes, so that the screens' first pages are planned on it.
	IF n_opened >= 1000 THEN
		ANALYZE onedoor.reviews;
	END IF;
	PERFORM onedoor.request_finish(p_request_id, 'reviews_generate',
		jsonb_build_object('opened', n_opened, 'due', n_due));
	RETURN QUERY SELECT n_opened, n_due;
END $$;

-- One audit entry per statement, the single row read only for one.
CREATE OR REPLACE FUNCTION onedoor.reviews_audit_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	n integer;
	one jsonb;
	summary jsonb;
BEGIN
	SELECT count(*), jsonb_build_object('rows', count(*), 'kinds', jsonb_agg(DISTINCT x.kind),
			'periods', jsonb_agg(DISTINCT x.period), 'review_ids', jsonb_agg(x.id ORDER BY x.id),
			'case_ids', jsonb_agg(x.case_id ORDER BY x.id))
	INTO n, summary FROM new_rows x;
	IF n = 0 THEN
		RETURN NULL;
	END IF;
	IF n = 1 THEN
		SELECT to_jsonb(x) INTO one FROM new_rows x;
	END IF;
	PERFORM onedoor.audit_append('reviews',
		(SELECT CASE WHEN n = 1 THEN min(x.id)::text ELSE min(x.id) || '-' || max(x.id) END
		 FROM new_rows x),
		'insert', NULL, CASE WHEN n = 1 THEN one ELSE summary END,
		(SELECT x.request_id FROM new_rows x LIMIT 1));
	RETURN NULL;
END $$;

-- The reviews screen's pages (store_lifecycle.c) pick their rows from the
-- reviews alone in these orders, then read only those through review_screen:
-- at 50,000 open reviews the view worked out every row's light, amount and
-- rights before sorting for the first 500 (0.7 to 1 s a page).  The open
-- one replaces 0040's reviews_open (due_on), its prefix: one index fewer to
-- write for each review opened.
DROP INDEX onedoor.reviews_open;
CREATE INDEX reviews_open_page ON onedoor.reviews (due_on, id) WHERE outcome IS NULL;
CREATE INDEX reviews_decided_page ON onedoor.reviews (decided_on DESC, due_on, id)
	WHERE outcome IS NOT NULL;
