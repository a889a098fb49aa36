-- 0077_payments_results_speed: the bank's answer for a county's month
-- (100,000 lines) several times faster.  Replaces payments_record_results
-- of 0074_payments_paid_through.sql (the newest earlier definition),
-- carrying everything else in it unchanged:
--  * the applicants' messages are worded in one expression per message, the
--    same text as sms_render (which stays, for the one-by-one sms_queue);
--  * the paid-through months move in one statement for the lines that paid
--    the months right after the mark; paid_through_advance, which reads a
--    case's paid months, only for the others;
--  * roll lines leave half of each page free, so that recording the answer
--    (state, reason, time: no indexed column) rewrites every line in its
--    page (HOT), not a quarter of them with four index entries each for the
--    rest.  Only pages written from now on;
--  * no foreign keys from a message to its case and household: every
--    message is written by these functions and sms_queue from the case and
--    household of the same statement, neither is ever deleted, and each key
--    was checked one row at a time, locking its row (200,000 checks for a
--    county's answer: a third of the import);
--  * its sorts and joins in memory (work_mem for this function only).

ALTER TABLE onedoor.roll_lines SET (fillfactor = 50);
ALTER TABLE onedoor.sms_outbox DROP CONSTRAINT sms_outbox_case_id_fkey;
ALTER TABLE onedoor.sms_outbox DROP CONSTRAINT sms_outbox_household_id_fkey;

CREATE OR REPLACE FUNCTION onedoor.payments_record_results(p_request_id uuid, p_lines jsonb)
RETURNS TABLE (roll_no text, paid integer, failed integer, state text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp SET jit = off
	SET work_mem = '64MB' AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	r onedoor.payment_rolls;
	k text;
	rolls text[];
	bad record;
	moved_not bigint[];
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
		-- Paid through: a line that paid, without a gap, the months right
		-- after its benefit's mark (almost every line: this month, or
		-- this month and its back pay) moves the mark to its last month
		-- here; the other cases (a gap, two lines of one case in the
		-- file) by paid_through_advance, which reads their paid months.
		IF to_regclass('pg_temp.payments_paid') IS NULL THEN
			CREATE TEMP TABLE payments_paid (case_id bigint, months date[], since date)
				ON COMMIT DELETE ROWS;
		END IF;
		TRUNCATE payments_paid;
		INSERT INTO payments_paid
		SELECT l.case_id, l.months,
		       coalesce(pt.through, (b.start_month - interval '1 month')::date)
		FROM payments_answer a
		JOIN onedoor.roll_lines l ON l.id = a.line_id
		JOIN onedoor.benefits b ON b.case_id = l.case_id
		LEFT JOIN onedoor.benefit_paid_through pt ON pt.case_id = l.case_id
		WHERE a.status = 'paid';
		ANALYZE payments_paid;
		WITH one AS (
			SELECT p.case_id, min(p.months[1]) AS first, max(p.since) AS since,
			       max(p.months[array_upper(p.months, 1)]) AS last,
			       max(array_length(p.months, 1)) AS n
			FROM payments_paid p GROUP BY p.case_id HAVING count(*) = 1),
		moved AS (
			INSERT INTO onedoor.benefit_paid_through AS t (case_id, through)
			SELECT o.case_id, o.last FROM one o
			WHERE o.first = (o.since + interval '1 month')::date
			  AND o.last = (o.first + (o.n - 1) * interval '1 month')::date
			ON CONFLICT (case_id) DO UPDATE SET through = excluded.through
			WHERE t.through < excluded.through
			RETURNING t.case_id)
		SELECT array_agg(DISTINCT p.case_id) INTO moved_not FROM payments_paid p
		WHERE NOT EXISTS (SELECT 1 FROM one o WHERE o.case_id = p.case_id
				  AND o.first = (o.since + interval '1 month')::date
				  AND o.last = (o.first + (o.n - 1) * interval '1 month')::date);
		PERFORM onedoor.paid_through_advance(coalesce(moved_not, '{}'));
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
		       -- sms_render's text for these parameters, in one expression
		       -- (sms_render walks a JSON object per message in PL/pgSQL:
		       -- 11 s for 100,000); the same order of replacement as its
		       -- walk (name, amount, months, reason, item, account_tail).
		       replace(replace(replace(replace(replace(replace(t.body,
			'{name}', coalesce(w.holder_name, '')),
			'{amount}', coalesce(onedoor.fen_text(w.total_fen), '')),
			'{months}', array_to_string(ARRAY(SELECT to_char(m, 'YYYY-MM')
				FROM unnest(w.months) m), ', ')),
			'{reason}', w.reason),
			'{item}', coalesce(CASE left(w.language, 2) WHEN 'en' THEN i.name_en
					   ELSE i.name_zh END, '')),
			'{account_tail}', coalesce(right(w.account_no, 4), ''))
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

