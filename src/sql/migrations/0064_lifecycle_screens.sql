-- 0055_lifecycle_screens: what the screens of a household's later life read
-- (its history at the window and at the county; the reviews list) and who
-- may act there, said once by the server.
--
-- * The window sees what a household already receives: the amount owed now
--   is the adjusted one (benefit_amounts, 0040_reviews.sql), so clerks read
--   benefit_amounts too, within the cases they may see (its policy).
-- * benefit_may_change(case) says who changes a benefit or decides its
--   review - the county centre's supervisors of its county and the
--   approvers of its department (staff_scope_ok) - as review_decide and
--   benefit_set_state check it; the reviews list shows the keys it allows
--   (review_screen), so the screen never offers what the server would
--   refuse.
-- * reviews_may_open() is the rule of who opens the periodic reviews and
--   looks for changes in the departments' data: a county's supervisors and
--   administrators (as reviews_generate and reviews_from_data say).

GRANT SELECT ON onedoor.benefit_amounts TO onedoor_clerk;
GRANT EXECUTE ON FUNCTION onedoor.benefit_amount_at(bigint, date) TO onedoor_clerk;

CREATE FUNCTION onedoor.benefit_may_change(p_case_id bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT coalesce((SELECT me.role_group IN ('approver', 'supervisor')
				AND onedoor.staff_scope_ok(me, c)
			 FROM onedoor.cases c, onedoor.current_staff() me
			 WHERE c.id = p_case_id), false)
$$;

CREATE FUNCTION onedoor.reviews_may_open() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT coalesce((SELECT me.role_name IS NOT NULL
				AND me.role_group IN ('supervisor', 'admin') AND me.county IS NOT NULL
			 FROM onedoor.current_staff() me), false)
$$;

-- The reviews list as the screen shows it: review_list with the benefit's
-- state and version, and what the reader may do to each row.
CREATE VIEW onedoor.review_screen WITH (security_invoker = true) AS
SELECT l.id, l.case_id, l.case_no, l.subject_name, l.centre_code, l.department, l.item_code,
       l.kind, l.period, l.cause, l.engine_verdict, l.engine_amount, l.opened_on, l.due_on,
       l.light, l.amount_fen_now, l.outcome, l.amount_fen, l.effective_month, l.reason,
       l.decided_by, l.decided_on, l.version,
       b.state AS benefit_state, b.state_from AS benefit_state_from,
       b.version AS benefit_version,
       m.may AND l.outcome IS NULL AS may_decide,
       m.may AND b.state = 'in_force' AS may_suspend,
       m.may AND b.state = 'suspended' AS may_resume
FROM onedoor.review_list l
JOIN onedoor.benefits b ON b.case_id = l.case_id
CROSS JOIN LATERAL (SELECT onedoor.benefit_may_change(l.case_id) AS may) m;

REVOKE ALL ON onedoor.review_screen FROM PUBLIC;
GRANT SELECT ON onedoor.review_screen TO onedoor_verifier, onedoor_supervisor,
	onedoor_approver, onedoor_auditor, onedoor_admin;
REVOKE ALL ON FUNCTION onedoor.benefit_may_change(bigint), onedoor.reviews_may_open()
	FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.benefit_may_change(bigint), onedoor.reviews_may_open() TO
	onedoor_clerk, onedoor_verifier, onedoor_supervisor, onedoor_approver, onedoor_auditor,
	onedoor_admin;

-- Only monthly benefits are re-examined --------------------------------------
-- A one-off grant (temporary assistance) is paid once: a later change of
-- circumstances neither continues nor adjusts it, yet benefits_reevaluate
-- (0040_reviews.sql) and reviews_from_data (0043_reviews_from_data.sql)
-- opened change reviews for it too (a household assisted several times got
-- one per past grant).  Both are replaced, unchanged but for the decision's
-- period, as reviews_generate already required.

CREATE OR REPLACE FUNCTION onedoor.benefits_reevaluate(p_household_id bigint, p_cause text,
						       p_request_id uuid)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	doc jsonb := onedoor.household_state(p_household_id);
	b record;
	v jsonb;
	n integer := 0;
	now_fen bigint;
	new_fen bigint;
BEGIN
	doc := doc || jsonb_build_object('region',
		(SELECT ce.county FROM onedoor.households h JOIN onedoor.centres ce
		 ON ce.code = h.centre_code WHERE h.id = p_household_id));
	FOR b IN SELECT c.id, c.item_code FROM onedoor.benefits x JOIN onedoor.cases c ON c.id = x.case_id
		 JOIN onedoor.decisions d ON d.case_id = c.id AND d.period = 'monthly'
		 WHERE c.household_id = p_household_id AND x.state IN ('in_force', 'suspended') LOOP
		v := onedoor.engine_item(doc, b.item_code, onedoor.today());
		now_fen := onedoor.benefit_amount_at(b.id, date_trunc('month', onedoor.today())::date);
		new_fen := round(coalesce(nullif(v ->> 'amount', '')::numeric, 0) * 100);
		IF v ->> 'verdict' IS DISTINCT FROM 'eligible' OR new_fen IS DISTINCT FROM now_fen THEN
			PERFORM onedoor.review_open_change(b.id, p_cause, v, p_request_id);
			n := n + 1;
		END IF;
	END LOOP;
	RETURN n;
END $$;

CREATE OR REPLACE FUNCTION onedoor.reviews_from_data(p_request_id uuid, p_since date)
RETURNS TABLE (checked integer, opened integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	me onedoor.staff := onedoor.current_staff();
	today date := onedoor.today();
	b record;
	doc jsonb;
	v jsonb;
	n_checked integer := 0;
	n_opened integer := 0;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'reviews_from_data');
	IF prev IS NOT NULL THEN
		RETURN QUERY SELECT (prev ->> 'checked')::int, (prev ->> 'opened')::int;
		RETURN;
	END IF;
	IF NOT onedoor.reviews_may_open() THEN
		RAISE EXCEPTION 'only a county''s supervision window or administrator looks for changes'
			USING ERRCODE = '42501';
	END IF;
	FOR b IN
		SELECT c.id, c.item_code, c.household_id, ce.county,
		       array_agg(DISTINCT p.resident_id) AS dead,
		       string_agg(DISTINCT p.name || '（' || (r.v ->> 'died_on') || '）', '、') AS who,
		       max(lb.id) AS batch
		FROM onedoor.benefits x
		JOIN onedoor.cases c ON c.id = x.case_id
		JOIN onedoor.decisions dc ON dc.case_id = c.id AND dc.period = 'monthly'
		JOIN onedoor.centres ce ON ce.code = c.centre_code
		JOIN onedoor.household_members m ON m.household_id = c.household_id
		JOIN onedoor.persons p ON p.id = m.person_id
		JOIN onedoor.data_rows r ON r.resident_id = p.resident_id
		JOIN onedoor.data_latest_batches lb ON lb.id = r.batch_id AND lb.source = 'deaths'
		WHERE c.county = me.county AND x.state IN ('in_force', 'suspended')
		  AND (p_since IS NULL OR (lb.imported_at AT TIME ZONE 'Asia/Shanghai')::date >= p_since)
		  AND (r.v ->> 'died_on')::date <= today
		GROUP BY c.id, c.item_code, c.household_id, ce.county
	LOOP
		n_checked := n_checked + 1;
		doc := onedoor.household_state(b.household_id);
		doc := jsonb_set(doc, '{members}', coalesce((
			SELECT jsonb_agg(e ORDER BY o)
			FROM jsonb_array_elements(doc -> 'members') WITH ORDINALITY t(e, o)
			WHERE NOT (e ->> 'resident_id') = ANY (b.dead)), '[]'))
			|| jsonb_build_object('region', b.county);
		v := CASE WHEN jsonb_array_length(doc -> 'members') = 0
			  THEN jsonb_build_object('verdict', 'ineligible', 'amount', NULL,
						  'reasons', jsonb_build_array('家庭成员均已死亡'))
			  ELSE onedoor.engine_item(doc, b.item_code, today) END;
		IF v ->> 'verdict' IS DISTINCT FROM 'eligible'
		   OR round(coalesce(nullif(v ->> 'amount', '')::numeric, 0) * 100)
		      IS DISTINCT FROM onedoor.benefit_amount_at(b.id, date_trunc('month', today)::date) THEN
			PERFORM onedoor.review_open_change(b.id,
				'部门数据（死亡登记，批次 ' || b.batch || '）：' || b.who || '死亡', v,
				p_request_id);
			n_opened := n_opened + 1;
		END IF;
	END LOOP;
	PERFORM onedoor.request_finish(p_request_id, 'reviews_from_data',
		jsonb_build_object('checked', n_checked, 'opened', n_opened));
	RETURN QUERY SELECT n_checked, n_opened;
END $$;

-- What a household receives is the server's, never typed ------------------------
-- household_form (0047_traced_household_reads.sql, which it replaces with
-- every change of that definition) reads the current version back into the
-- window's form; the form's "items already received" (holds, which the menu
-- marks as received and the engine's exclusions read) is now the items of
-- the household's monthly benefits in force or suspended, whatever was typed
-- at registration, as they stand this month (a stop from a later month
-- has not taken effect yet).
CREATE OR REPLACE FUNCTION onedoor.household_form(p_household_no text)
RETURNS TABLE (member integer, key text, value text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	me onedoor.staff := onedoor.current_staff();
	h onedoor.households;
	doc jsonb;
BEGIN
	SELECT * INTO h FROM onedoor.households x WHERE x.household_no = p_household_no;
	IF NOT FOUND OR me.role_name IS NULL OR me.role_group <> 'clerk'
	   OR h.centre_code IS DISTINCT FROM me.centre_code THEN
		RAISE EXCEPTION 'household % not found', p_household_no USING ERRCODE = 'P0002';
	END IF;
	PERFORM onedoor.read_traced('household_form', p_household_no);
	doc := onedoor.household_state(h.id);
	RETURN QUERY
		SELECT 0, '_version'::text, h.version::text
		UNION ALL SELECT 0, 'hukou', doc ->> 'hukou'
		UNION ALL SELECT 0, f.key, f.value FROM jsonb_each_text(doc -> 'facts') f
			  WHERE f.key <> 'holds'
		UNION ALL SELECT 0, 'holds', coalesce((
			SELECT string_agg(DISTINCT c.item_code, ',')
			FROM onedoor.cases c
			JOIN onedoor.benefits b ON b.case_id = c.id
			JOIN onedoor.decisions d ON d.case_id = c.id AND d.period = 'monthly'
			WHERE c.household_id = h.id
			  AND onedoor.benefit_state_at(b, date_trunc('month', onedoor.today())::date)
			      IN ('in_force', 'suspended')), '')
		UNION ALL
		SELECT m.ord::int, x.key, x.value
		FROM jsonb_array_elements(doc -> 'members') WITH ORDINALITY m(v, ord)
		CROSS JOIN LATERAL (SELECT 'id' AS key, m.v ->> 'resident_id' AS value
				    UNION ALL SELECT 'name', m.v ->> 'name'
				    UNION ALL SELECT 'relation', m.v ->> 'relation'
				    UNION ALL SELECT f.key, f.value
				    FROM jsonb_each_text(m.v -> 'facts') f) x;
END $$;

-- The household whose history a screen opens: that of a case (the case
-- screen), or the active household of a person by resident ID (the status
-- lookup, where a household refused at the window has no case to start
-- from).  Within the reader's scope (may_see_household), else P0002; the
-- history read's trace is written here (trace_read), so that the one
-- statement finds the household and records the read, committed before
-- household_history answers.  Returns the household number.
CREATE FUNCTION onedoor.household_history_open(p_case_id bigint, p_resident_id text)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	v_no text;
	v_id bigint;
BEGIN
	IF p_case_id IS NOT NULL THEN
		SELECT h.household_no, h.id INTO v_no, v_id FROM onedoor.cases c
		JOIN onedoor.households h ON h.id = c.household_id WHERE c.id = p_case_id;
	ELSE
		SELECT h.household_no, h.id INTO v_no, v_id FROM onedoor.persons p
		JOIN onedoor.household_members m ON m.person_id = p.id
		JOIN onedoor.households h ON h.id = m.household_id AND h.active
		WHERE p.resident_id = upper(btrim(p_resident_id))
		ORDER BY h.id DESC LIMIT 1;
	END IF;
	IF v_no IS NULL OR NOT onedoor.may_see_household(v_id) THEN
		RAISE EXCEPTION 'no household to show' USING ERRCODE = 'P0002';
	END IF;
	PERFORM onedoor.trace_read('household_history', v_no);
	RETURN v_no;
END $$;
REVOKE ALL ON FUNCTION onedoor.household_history_open(bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.household_history_open(bigint, text) TO onedoor_clerk,
	onedoor_verifier, onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;

-- reviews_generate over a county --------------------------------------------------
-- Replaces 0040_reviews.sql's, same rows and rules (who: reviews_may_open),
-- for a county of 100,000 benefits: the due date and warning day of each
-- item are counted on the working-day calendar once per item, not once per
-- review; the interval (the menu snapshot's review_months, else 12) is
-- joined, not called per benefit.
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
	CREATE TEMP TABLE IF NOT EXISTS reviews_due (case_id bigint, item_code text)
		ON COMMIT DROP;
	TRUNCATE reviews_due;
	INSERT INTO reviews_due
	SELECT c.id, c.item_code
	FROM onedoor.benefits b
	JOIN onedoor.cases c ON c.id = b.case_id
	JOIN onedoor.decisions d ON d.case_id = c.id AND d.period = 'monthly'
	LEFT JOIN LATERAL (SELECT nullif((i ->> 'review_months'), '')::int AS every
			   FROM onedoor.menu_snapshots s, jsonb_array_elements(s.menu -> 'items') i
			   WHERE s.application_id = c.application_id AND i ->> 'code' = c.item_code
			   LIMIT 1) r ON true
	CROSS JOIN LATERAL (SELECT (extract(year FROM age(v_month, b.start_month)) * 12 +
				    extract(month FROM age(v_month, b.start_month)))::int AS n) k
	WHERE c.county = me.county AND b.state = 'in_force' AND b.start_month < v_month
	  AND coalesce(r.every, 12) > 0 AND k.n % coalesce(r.every, 12) = 0;
	GET DIAGNOSTICS n_due = ROW_COUNT;
	INSERT INTO onedoor.reviews (case_id, kind, period, cause, opened_on, due_on, warn_from,
				     request_id)
	SELECT x.case_id, 'periodic', v_month, 'periodic', today, l.due_on, l.warn_from,
	       p_request_id
	FROM reviews_due x
	JOIN (SELECT i.item_code, i.due_on, onedoor.warn_from(i.due_on, 3) AS warn_from
	      FROM (SELECT y.item_code, onedoor.add_working_days(today,
			onedoor.review_limit(y.item_code)) AS due_on
		    FROM (SELECT DISTINCT z.item_code FROM reviews_due z) y) i) l
	  ON l.item_code = x.item_code
	ON CONFLICT (case_id, kind, period) DO NOTHING;
	GET DIAGNOSTICS n_opened = ROW_COUNT;
	PERFORM onedoor.request_finish(p_request_id, 'reviews_generate',
		jsonb_build_object('opened', n_opened, 'due', n_due));
	RETURN QUERY SELECT n_opened, n_due;
END $$;

-- Reviews opened are audited once per statement -----------------------------------
-- 0040_reviews.sql audited every review row with audit_row: opening a
-- county's month (50,000 reviews) wrote 50,000 audit entries, one by one,
-- and took minutes.  Inserts are now one entry per statement: the row
-- itself when one review is opened (a change of circumstances), else the
-- kind, the period and every review's and case's id (a month's periodic
-- reviews); updates and deletes stay audited row by row.
DROP TRIGGER audit_row ON onedoor.reviews;
CREATE TRIGGER audit_row AFTER UPDATE OR DELETE ON onedoor.reviews
	FOR EACH ROW EXECUTE FUNCTION onedoor.audit_row('id');
CREATE FUNCTION onedoor.reviews_audit_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	n integer;
	one jsonb;
	summary jsonb;
BEGIN
	SELECT count(*), min(to_jsonb(x)::text)::jsonb,
	       jsonb_build_object('rows', count(*), 'kinds', jsonb_agg(DISTINCT x.kind),
			'periods', jsonb_agg(DISTINCT x.period), 'review_ids', jsonb_agg(x.id ORDER BY x.id),
			'case_ids', jsonb_agg(x.case_id ORDER BY x.id))
	INTO n, one, summary FROM new_rows x;
	IF n = 0 THEN
		RETURN NULL;
	END IF;
	PERFORM onedoor.audit_append('reviews',
		(SELECT CASE WHEN n = 1 THEN min(x.id)::text ELSE min(x.id) || '-' || max(x.id) END
		 FROM new_rows x),
		'insert', NULL, CASE WHEN n = 1 THEN one ELSE summary END,
		(SELECT x.request_id FROM new_rows x LIMIT 1));
	RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION onedoor.reviews_audit_insert() FROM PUBLIC;
CREATE TRIGGER audit_insert AFTER INSERT ON onedoor.reviews
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
	EXECUTE FUNCTION onedoor.reviews_audit_insert();
