-- 0074_payments_paid_through: what is owed, without listing every month of
-- every recipient's history.  Replaces payments_generate and
-- payments_record_results of 0065_payments_speed.sql (the newest earlier
-- definitions of both), carrying everything else in them unchanged; the
-- bank's answer now also raises the paid-through months.
--
-- A county's roll listed each recipient's every month since the start
-- (750,000 for 100,000 recipients a year in) and took away the 600,000
-- already paid: most of the roll's time, growing every month.  Now each
-- benefit has a paid-through month: every month from its start to that one
-- is paid.  Only the months after it are listed (this month, and back pay
-- after a failure or a late start), less those claimed or paid, found by
-- the index that keeps a month paid once.
--
-- Why it cannot skip a month owed: it is raised only to the end of an
-- unbroken run of PAID months (payments_record_results, after the bank's
-- answer), and a paid month is never changed nor removed (paid_is_final,
-- 0036/0048).  A failed, held, suspended or unclaimed month stops the run,
-- so the months after a gap stay listed until the gap is paid.  Drafts made
-- again, returns and reviews only touch claimed months, never paid ones, so
-- they never have to lower it.  A benefit without one (nothing paid yet)
-- lists every month since its start, as before.  "A case-month is paid at most once" stays
-- the unique index payment_months_once.
CREATE TABLE onedoor.benefit_paid_through (
	-- No foreign key to benefits: each key checked locks its row, and
	-- the bank's answer raises 100,000 of these at once (see 0065).
	case_id bigint PRIMARY KEY,
	through date NOT NULL CHECK (through = date_trunc('month', through)::date)
);
REVOKE ALL ON onedoor.benefit_paid_through FROM PUBLIC;
GRANT SELECT ON onedoor.benefit_paid_through TO onedoor_auditor, onedoor_admin;

-- Raises the paid-through month of the cases given to the end of their
-- unbroken run of paid months from the start (or from the month after the
-- one on record).  The n-th paid month after it is that month plus n only
-- while no month is missing: those rows are the run, its last the new mark.
CREATE FUNCTION onedoor.paid_through_advance(p_case_ids bigint[]) RETURNS void
LANGUAGE sql AS $$
	INSERT INTO onedoor.benefit_paid_through AS t (case_id, through)
	SELECT s.case_id, max(s.month)
	FROM (SELECT pm.case_id, pm.month, k.since,
		     row_number() OVER (PARTITION BY pm.case_id ORDER BY pm.month) AS n
	      FROM (SELECT b.case_id, coalesce(pt.through,
			   (b.start_month - interval '1 month')::date) AS since
		    FROM onedoor.benefits b
		    LEFT JOIN onedoor.benefit_paid_through pt ON pt.case_id = b.case_id
		    WHERE b.case_id = ANY (p_case_ids)) k
	      JOIN onedoor.payment_months pm ON pm.case_id = k.case_id
		   AND pm.state = 'paid' AND pm.month > k.since) s
	WHERE s.month = (s.since + s.n * interval '1 month')::date
	GROUP BY s.case_id
	ON CONFLICT (case_id) DO UPDATE SET through = excluded.through
	WHERE t.through < excluded.through
$$;
REVOKE ALL ON FUNCTION onedoor.paid_through_advance(bigint[]) FROM PUBLIC;

-- What was paid before this migration.
SELECT onedoor.paid_through_advance(ARRAY(SELECT DISTINCT pm.case_id
					  FROM onedoor.payment_months pm
					  WHERE pm.state = 'paid'));

CREATE OR REPLACE FUNCTION onedoor.payments_generate(p_request_id uuid, p_month date,
					  p_department text DEFAULT NULL,
					  p_centre text DEFAULT NULL)
RETURNS TABLE (roll_no text, department text, centre_code text, state text,
	       line_count integer, held_count integer, amount_fen bigint,
	       back_pay_fen bigint, total_fen bigint, version integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp SET jit = off
	SET work_mem = '64MB' AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	me onedoor.staff;
	v_county text;
	v_dept text := nullif(p_department, '');
	v_centre text := nullif(p_centre, '');
	holds jsonb;
	touched bigint[];
	r onedoor.payment_rolls;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'payments_generate');
	IF prev IS NULL THEN
		me := onedoor.current_staff();
		IF me.role_name IS NULL OR me.role_group NOT IN ('supervisor', 'approver')
		   OR me.county IS NULL THEN
			RAISE EXCEPTION 'only the county centre or a department of a county makes payment rolls'
				USING ERRCODE = '42501';
		END IF;
		v_county := me.county;
		IF me.role_group = 'approver' THEN
			IF v_dept IS NOT NULL AND v_dept <> me.department THEN
				RAISE EXCEPTION 'department % is not yours', v_dept USING ERRCODE = '42501';
			END IF;
			v_dept := me.department;
		END IF;
		IF p_month IS NULL OR p_month <> date_trunc('month', p_month)::date THEN
			RAISE EXCEPTION 'a roll is for a month: the first day of it' USING ERRCODE = '22023';
		END IF;
		IF p_month > date_trunc('month', onedoor.today())::date THEN
			RAISE EXCEPTION 'the roll for % cannot be made before that month',
				to_char(p_month, 'YYYY-MM') USING ERRCODE = '22023';
		END IF;
		IF v_dept IS NOT NULL AND NOT EXISTS (SELECT 1 FROM onedoor.departments d
						      WHERE d.code = v_dept) THEN
			RAISE EXCEPTION 'unknown department %', v_dept USING ERRCODE = '22023';
		END IF;
		IF v_centre IS NOT NULL AND NOT EXISTS (SELECT 1 FROM onedoor.centres c
							WHERE c.code = v_centre AND c.county = v_county) THEN
			RAISE EXCEPTION 'centre % is not in county %', v_centre, v_county
				USING ERRCODE = '22023';
		END IF;
		-- One generation of a county's month at a time.
		PERFORM pg_advisory_xact_lock(hashtextextended('payments_generate:' || v_county ||
							       ':' || p_month::text, 0));

		-- Lines held by hand survive the regeneration.
		SELECT coalesce(jsonb_object_agg(l.case_id::text, l.hold_reason), '{}') INTO holds
		FROM onedoor.roll_lines l JOIN onedoor.payment_rolls x ON x.id = l.roll_id
		WHERE x.month = p_month AND x.county = v_county
		  AND (v_dept IS NULL OR x.department = v_dept)
		  AND (v_centre IS NULL OR x.centre_code = v_centre)
		  AND x.state IN ('draft', 'returned') AND l.hold_kind = 'manual';
		-- The drafts' months first, in one statement (no cascade from the
		-- lines, which deleted them one line at a time).
		DELETE FROM onedoor.payment_months m USING onedoor.roll_lines l, onedoor.payment_rolls x
		WHERE m.line_id = l.id AND l.roll_id = x.id AND x.month = p_month
		  AND x.county = v_county
		  AND (v_dept IS NULL OR x.department = v_dept)
		  AND (v_centre IS NULL OR x.centre_code = v_centre)
		  AND x.state IN ('draft', 'returned');
		DELETE FROM onedoor.roll_lines l USING onedoor.payment_rolls x
		WHERE l.roll_id = x.id AND x.month = p_month AND x.county = v_county
		  AND (v_dept IS NULL OR x.department = v_dept)
		  AND (v_centre IS NULL OR x.centre_code = v_centre)
		  AND x.state IN ('draft', 'returned');

		IF to_regclass('pg_temp.payments_owed') IS NULL THEN
			CREATE TEMP TABLE payments_owed (case_id bigint, department text,
				centre_code text, household_id bigint, month date, amount_fen bigint)
				ON COMMIT DELETE ROWS;
		END IF;
		TRUNCATE payments_owed;
		-- The months in force after the paid-through month (from the start
		-- without one), less those claimed or paid.  The test for each
		-- listed month is a probe of the index payment_months_once (OFFSET 0
		-- keeps it a probe: as an anti join the planner hashed the whole
		-- payment history, which spilled to disk).
		INSERT INTO payments_owed
		SELECT c.id, c.department, c.centre_code, c.household_id, m.month::date, d.amount_fen
		FROM onedoor.decisions d
		JOIN onedoor.cases c ON c.id = d.case_id
		JOIN onedoor.benefits b ON b.case_id = d.case_id
		LEFT JOIN onedoor.benefit_paid_through pt ON pt.case_id = d.case_id
		CROSS JOIN LATERAL generate_series(
			greatest(b.start_month, (pt.through + interval '1 month')::date),
			CASE WHEN d.period = 'once' THEN b.start_month ELSE p_month END,
			interval '1 month') m(month)
		WHERE d.outcome = 'granted' AND c.stage = 'filed'
		  AND c.check_result IS DISTINCT FROM 'failed'
		  AND c.county = v_county
		  AND (v_dept IS NULL OR c.department = v_dept)
		  AND (v_centre IS NULL OR c.centre_code = v_centre)
		  AND b.start_month <= p_month
		  AND CASE WHEN m.month >= b.state_from THEN b.state = 'in_force'
			   ELSE onedoor.benefit_state_at(b, m.month::date) = 'in_force' END
		  AND NOT EXISTS (SELECT 1 FROM onedoor.payment_months pm
				  WHERE pm.case_id = c.id AND pm.month = m.month::date
				    AND pm.state IN ('claimed', 'paid') OFFSET 0);
		ANALYZE payments_owed;
		-- For the cases a review adjusted, the adjustment in force
		-- in each month (benefit_amount_at of 0040_reviews.sql, set-based:
		-- the latest adjustment from that month or before, else the
		-- decision's amount).
		UPDATE payments_owed u SET amount_fen = a.amount_fen
		FROM (SELECT DISTINCT ON (o.case_id, o.month) o.case_id, o.month, ba.amount_fen
		      FROM payments_owed o
		      JOIN onedoor.benefit_amounts ba ON ba.case_id = o.case_id
			   AND ba.from_month <= o.month
		      ORDER BY o.case_id, o.month, ba.from_month DESC) a
		WHERE u.case_id = a.case_id AND u.month = a.month;

		INSERT INTO onedoor.payment_rolls (roll_no, month, county, department, centre_code,
						   generated_by, generated_at)
		SELECT 'P' || to_char(p_month, 'YYYYMM') || '-' ||
		       lpad(nextval('onedoor.roll_seq')::text, 5, '0'),
		       p_month, v_county, g.department, g.centre_code, session_user, now()
		FROM (SELECT DISTINCT o.department, o.centre_code FROM payments_owed o) g
		WHERE NOT EXISTS (SELECT 1 FROM onedoor.payment_rolls x WHERE x.month = p_month
				  AND x.department = g.department AND x.centre_code = g.centre_code)
		ORDER BY g.department, g.centre_code
		ON CONFLICT ON CONSTRAINT payment_rolls_month_department_centre_code_key DO NOTHING;

		SELECT array_agg(x.id) INTO touched FROM onedoor.payment_rolls x
		WHERE x.month = p_month AND x.county = v_county
		  AND (v_dept IS NULL OR x.department = v_dept)
		  AND (v_centre IS NULL OR x.centre_code = v_centre)
		  AND x.state IN ('draft', 'returned');

		WITH per_case AS (
			SELECT o.case_id, o.department, o.centre_code, o.household_id,
			       array_agg(o.month ORDER BY o.month) AS months,
			       coalesce(sum(o.amount_fen) FILTER (WHERE o.month = p_month), 0) AS amount,
			       coalesce(sum(o.amount_fen) FILTER (WHERE o.month <> p_month), 0) AS back
			FROM payments_owed o GROUP BY 1, 2, 3, 4),
		lines AS (
			INSERT INTO onedoor.roll_lines (roll_id, line_no, case_id, case_no, item_code,
				household_id, recipient_name, holder_name, account_no, account_masked,
				bank_name, months, amount_fen, back_pay_fen, state, hold_kind, hold_reason)
			SELECT x.id, row_number() OVER (PARTITION BY x.id ORDER BY c.case_no),
			       c.id, c.case_no, c.item_code, c.household_id, c.subject_name,
			       coalesce(ap.name, c.subject_name), a.account_no, a.account_masked,
			       a.bank_name, pc.months, pc.amount, pc.back,
			       CASE WHEN a.account_no IS NULL OR holds ? c.id::text THEN 'held'
				    ELSE 'pending' END,
			       CASE WHEN a.account_no IS NULL THEN 'no_account'
				    WHEN holds ? c.id::text THEN 'manual' END,
			       CASE WHEN a.account_no IS NULL THEN NULL ELSE holds ->> c.id::text END
			FROM per_case pc
			JOIN onedoor.cases c ON c.id = pc.case_id
			JOIN onedoor.payment_rolls x ON x.month = p_month
				AND x.department = pc.department AND x.centre_code = pc.centre_code
			LEFT JOIN onedoor.bank_accounts a ON a.household_id = pc.household_id
			LEFT JOIN onedoor.household_members hm ON hm.household_id = pc.household_id
				AND hm.position = 1
			LEFT JOIN onedoor.persons ap ON ap.id = hm.person_id
			WHERE x.id = ANY (touched)
			RETURNING id, case_id, state)
		INSERT INTO onedoor.payment_months (line_id, case_id, month, amount_fen, state)
		SELECT l.id, o.case_id, o.month, o.amount_fen, 'claimed'
		FROM lines l JOIN payments_owed o ON o.case_id = l.case_id
		WHERE l.state = 'pending';

		FOR r IN SELECT * FROM onedoor.payment_rolls x WHERE x.id = ANY (touched)
			 ORDER BY x.id FOR UPDATE LOOP
			PERFORM onedoor.roll_totals(r.id);
			UPDATE onedoor.payment_rolls x SET version = x.version + 1,
				generated_by = session_user, generated_at = now()
			WHERE x.id = r.id;
			PERFORM onedoor.roll_event(r, 'generate', r.state, NULL, p_request_id);
		END LOOP;
		PERFORM onedoor.request_finish(p_request_id, 'payments_generate',
			jsonb_build_object('month', p_month, 'county', v_county,
					   'department', v_dept, 'centre', v_centre));
		PERFORM onedoor.audit_append('payment_roll', v_county || ':' ||
			to_char(p_month, 'YYYY-MM'), 'generate', NULL,
			(SELECT jsonb_agg(jsonb_build_object('roll_no', x.roll_no, 'state', x.state,
				'lines', x.line_count, 'held', x.held_count, 'total_fen', x.total_fen)
				ORDER BY x.roll_no)
			 FROM onedoor.payment_rolls x WHERE x.id = ANY (touched)), p_request_id);
	ELSE
		v_county := prev ->> 'county';
		v_dept := prev ->> 'department';
		v_centre := prev ->> 'centre';
	END IF;
	RETURN QUERY SELECT x.roll_no, x.department, x.centre_code, x.state, x.line_count,
		x.held_count, x.amount_fen, x.back_pay_fen, x.total_fen, x.version
		FROM onedoor.payment_rolls x
		WHERE x.month = p_month AND x.county = v_county
		  AND (v_dept IS NULL OR x.department = v_dept)
		  AND (v_centre IS NULL OR x.centre_code = v_centre)
		ORDER BY x.department, x.centre_code;
END $$;


CREATE OR REPLACE FUNCTION onedoor.payments_record_results(p_request_id uuid, p_lines jsonb)
RETURNS TABLE (roll_no text, paid integer, failed integer, state text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp SET jit = off AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	r onedoor.payment_rolls;
	k text;
	rolls text[];
	bad record;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'payments_results');
	IF prev IS NOT NULL THEN
		rolls := ARRAY(SELECT jsonb_array_elements_text(prev));
	ELSE
		IF jsonb_typeof(p_lines) IS DISTINCT FROM 'array' OR jsonb_array_length(p_lines) = 0 THEN
			RAISE EXCEPTION 'the result file has no lines' USING ERRCODE = '22023';
		END IF;
		IF to_regclass('pg_temp.payments_answer') IS NULL THEN
			CREATE TEMP TABLE payments_answer (i bigint, roll text, line text, account text,
				amount_fen text, status text, reason text, line_id bigint)
				ON COMMIT DELETE ROWS;
		END IF;
		TRUNCATE payments_answer;
		INSERT INTO payments_answer (i, roll, line, account, amount_fen, status, reason)
		SELECT t.i, t.x ->> 'roll', t.x ->> 'line', t.x ->> 'account', t.x ->> 'amount_fen',
		       t.x ->> 'status', nullif(btrim(t.x ->> 'reason'), '')
		FROM jsonb_array_elements(p_lines) WITH ORDINALITY t(x, i);
		ANALYZE payments_answer;
		-- Every roll named, locked in one order (two imports wait, not deadlock),
		-- as finance of its county.
		SELECT array_agg(DISTINCT a.roll ORDER BY a.roll) INTO rolls
		FROM payments_answer a WHERE EXISTS (SELECT 1 FROM onedoor.payment_rolls x
						    WHERE x.roll_no = a.roll);
		FOREACH k IN ARRAY coalesce(rolls, '{}') LOOP
			PERFORM onedoor.roll_to_change(k, NULL, '{finance}');
		END LOOP;
		UPDATE payments_answer a SET line_id = l.id
		FROM onedoor.payment_rolls x JOIN onedoor.roll_lines l ON l.roll_id = x.id
		WHERE x.roll_no = a.roll AND a.line ~ '^[0-9]{1,9}$' AND l.line_no = a.line::int;
		ANALYZE payments_answer;
		-- The first element (in file order) that does not match, and why.
		SELECT a.i, a.roll, a.line, x.state AS roll_state, l.state AS line_state,
		       onedoor.fen_text(l.total_fen) AS exported, a.amount_fen,
		       CASE WHEN x.id IS NULL THEN 'unknown_roll'
			    WHEN x.state <> 'exported' THEN 'roll_state'
			    WHEN a.n > 1 THEN 'twice'
			    WHEN l.id IS NULL OR l.state = 'held' THEN 'no_line'
			    WHEN l.account_no IS DISTINCT FROM a.account THEN 'account'
			    WHEN l.total_fen::text IS DISTINCT FROM a.amount_fen THEN 'amount'
			    WHEN a.status IS NULL OR a.status NOT IN ('paid', 'failed') THEN 'status'
			    WHEN a.status = 'failed' AND a.reason IS NULL THEN 'reason'
			    WHEN l.state <> 'pending' THEN 'done' END AS fault
		INTO bad
		FROM (SELECT b.*, row_number() OVER (PARTITION BY b.roll, b.line ORDER BY b.i) AS n
		      FROM payments_answer b) a
		LEFT JOIN onedoor.payment_rolls x ON x.roll_no = a.roll
		LEFT JOIN onedoor.roll_lines l ON l.id = a.line_id
		WHERE x.id IS NULL OR x.state <> 'exported' OR a.n > 1 OR l.id IS NULL
		   OR l.state <> 'pending' OR l.account_no IS DISTINCT FROM a.account
		   OR l.total_fen::text IS DISTINCT FROM a.amount_fen
		   OR a.status IS NULL OR a.status NOT IN ('paid', 'failed')
		   OR (a.status = 'failed' AND a.reason IS NULL)
		ORDER BY a.i LIMIT 1;
		IF FOUND THEN
			CASE bad.fault
			WHEN 'unknown_roll' THEN
				RAISE EXCEPTION 'unknown payment roll %', coalesce(bad.roll, '(none)')
					USING ERRCODE = 'P0002', DETAIL = 'item ' || bad.i;
			WHEN 'roll_state' THEN
				RAISE EXCEPTION 'payment roll % is %: %', bad.roll, bad.roll_state,
					CASE bad.roll_state WHEN 'closed' THEN 'every line has its result already'
					ELSE 'its bank file was not written' END
					USING ERRCODE = '55000', DETAIL = 'item ' || bad.i;
			WHEN 'twice' THEN
				RAISE EXCEPTION 'line % of roll % is given twice', bad.line, bad.roll
					USING ERRCODE = '22023', DETAIL = 'item ' || bad.i;
			WHEN 'no_line' THEN
				RAISE EXCEPTION 'line % is not in the bank file of roll %', bad.line, bad.roll
					USING ERRCODE = '22023', DETAIL = 'item ' || bad.i;
			WHEN 'account' THEN
				RAISE EXCEPTION 'line % of roll %: the account is not the one paid into',
					bad.line, bad.roll USING ERRCODE = '22023', DETAIL = 'item ' || bad.i;
			WHEN 'amount' THEN
				RAISE EXCEPTION 'line % of roll %: the amount % differs from the % exported',
					bad.line, bad.roll, CASE WHEN bad.amount_fen ~ '^[0-9]{1,15}$'
					THEN onedoor.fen_text(bad.amount_fen::bigint) ELSE bad.amount_fen END,
					bad.exported USING ERRCODE = '22023', DETAIL = 'item ' || bad.i;
			WHEN 'status' THEN
				RAISE EXCEPTION 'line % of roll %: the result is paid or failed', bad.line,
					bad.roll USING ERRCODE = '22023', DETAIL = 'item ' || bad.i;
			WHEN 'reason' THEN
				RAISE EXCEPTION 'line % of roll %: a failed payment needs the bank''s reason',
					bad.line, bad.roll USING ERRCODE = '22023', DETAIL = 'item ' || bad.i;
			ELSE
				RAISE EXCEPTION 'line % of roll % has its result already (%)', bad.line,
					bad.roll, bad.line_state USING ERRCODE = '55000', DETAIL = 'item ' || bad.i;
			END CASE;
		END IF;

		UPDATE onedoor.roll_lines l SET state = a.status, bank_reason = a.reason,
			result_at = clock_timestamp()
		FROM payments_answer a WHERE l.id = a.line_id;
		UPDATE onedoor.payment_months m SET state = a.status
		FROM payments_answer a WHERE m.line_id = a.line_id;
		PERFORM onedoor.paid_through_advance(ARRAY(
			SELECT l.case_id FROM payments_answer a JOIN onedoor.roll_lines l ON l.id = a.line_id
			WHERE a.status = 'paid'));
		-- The applicant is told either way (one statement for the whole file).
		-- Each answer's line and household are found by their keys first
		-- (materialised), so that the planner, which guesses a handful of
		-- households with a mobile number, cannot join the templates to
		-- every answer and every household before matching them.
		WITH told AS MATERIALIZED (
			SELECT a.i, l.id AS line_id, l.household_id, l.case_id, l.holder_name,
			       l.total_fen, l.months, l.account_no, l.item_code,
			       CASE a.status WHEN 'paid' THEN 'paid' ELSE 'payment_failed' END AS kind,
			       coalesce(a.reason, '') AS reason
			FROM payments_answer a JOIN onedoor.roll_lines l ON l.id = a.line_id),
		addressed AS MATERIALIZED (
			SELECT w.*, ad.phone, ad.language
			FROM told w
			JOIN onedoor.households h ON h.id = w.household_id
			CROSS JOIN LATERAL onedoor.sms_address(h) ad)
		INSERT INTO onedoor.sms_outbox (kind, source_key, household_id, case_id, phone,
						language, body)
		SELECT t.kind, 'payment:' || w.line_id, w.household_id, w.case_id, w.phone, w.language,
		       onedoor.sms_render(t.body, w.language,
			jsonb_build_object('name', w.holder_name, 'item_zh', i.name_zh,
				'item_en', i.name_en, 'amount', onedoor.fen_text(w.total_fen),
				'months', array_to_string(ARRAY(SELECT to_char(m, 'YYYY-MM')
					FROM unnest(w.months) m), ', '),
				'account_tail', right(w.account_no, 4), 'reason', w.reason))
		FROM addressed w
		JOIN onedoor.catalogue_items i ON i.code = w.item_code
		JOIN onedoor.sms_templates t ON t.language = w.language AND t.kind = w.kind
		ORDER BY w.i
		ON CONFLICT (source_key) DO NOTHING;
		FOREACH k IN ARRAY rolls LOOP
			SELECT * INTO r FROM onedoor.payment_rolls x WHERE x.roll_no = k;
			PERFORM onedoor.roll_totals(r.id);
			IF NOT EXISTS (SELECT 1 FROM onedoor.roll_lines l2 WHERE l2.roll_id = r.id
				       AND l2.state = 'pending') THEN
				PERFORM onedoor.roll_event(r, 'results', 'closed', NULL, p_request_id);
				UPDATE onedoor.payment_rolls x SET state = 'closed' WHERE x.id = r.id;
			ELSE
				PERFORM onedoor.roll_event(r, 'results', r.state, NULL, p_request_id);
			END IF;
			UPDATE onedoor.payment_rolls x SET version = x.version + 1 WHERE x.id = r.id
			RETURNING * INTO r;
			PERFORM onedoor.audit_append('payment_roll', r.roll_no, 'results', NULL,
				jsonb_build_object('paid_fen', r.paid_fen, 'failed_fen', r.failed_fen,
						   'state', r.state), p_request_id);
		END LOOP;
		PERFORM onedoor.request_finish(p_request_id, 'payments_results', to_jsonb(rolls));
	END IF;
	RETURN QUERY
	SELECT x.roll_no,
	       (SELECT count(*)::int FROM onedoor.roll_lines l2 WHERE l2.roll_id = x.id
		AND l2.state = 'paid'),
	       (SELECT count(*)::int FROM onedoor.roll_lines l2 WHERE l2.roll_id = x.id
		AND l2.state = 'failed'),
	       x.state
	FROM onedoor.payment_rolls x WHERE x.roll_no = ANY (rolls) ORDER BY x.roll_no;
END $$;

