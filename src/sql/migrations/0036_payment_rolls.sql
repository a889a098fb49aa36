-- 0036_payment_rolls: what is owed each month, the rolls that pay it
-- (资金拨付单), finance's check, the bank file and the bank's results.
--
-- What is owed for month M: for every filed case (check not failed) with a
-- granted decision (0015) and a benefit (0033), each month from the
-- benefit's start month to M (only the start month for a one-off payment)
-- that the benefit was in force and that is neither paid nor claimed by a
-- roll line waiting for the bank.  Months before M are back pay (补发):
-- months filed late, paid nowhere, or whose payment failed.  Amounts in
-- integer fen from the decision.
--
-- Paid at most once, by the database: each owed month a line carries is a
-- payment_months row, and a unique index allows one row per case and month
-- that is claimed or paid.  A failed payment frees its months, which the
-- next roll owes again; a paid month can never change.
--
-- A roll is one month of one department for one township centre
-- (UNIQUE month, department, centre).  States:
--   draft      generated (again on every `payments roll` for its scope)
--   submitted  by the county centre or the department
--   returned   by finance with a reason (逐级退回): the department holds or
--              releases lines, has accounts corrected, regenerates, submits
--   approved   by finance; only now can the bank file be written
--   exported   the bank file was written (once)
--   closed     every exported line has the bank's result
-- A line without an account on file is generated held (hold_kind
-- no_account) and claims nothing; a line held by hand (manual) neither.
--
-- Who: generate, hold, release, submit: a supervisor of the roll's county
-- or an approver of its department (bound to that county); approve,
-- return, export, results: finance of the county.
-- Errors (SQLSTATE): 42501 role or scope; 55000 not possible in the roll's
-- state; OD409 stale version; P0002 no such roll or line; 22023 invalid
-- input.  payments_record_results names the offending element of its
-- input in DETAIL ("item N"), so the client can name FILE:LINE.

CREATE SEQUENCE onedoor.roll_seq;

CREATE TABLE onedoor.payment_rolls (
	id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	roll_no       text NOT NULL UNIQUE,
	month         date NOT NULL CHECK (month = date_trunc('month', month)::date),
	county        char(6) NOT NULL REFERENCES onedoor.regions,
	department    text NOT NULL REFERENCES onedoor.departments,
	centre_code   text NOT NULL REFERENCES onedoor.centres,
	state         text NOT NULL DEFAULT 'draft' CHECK (state IN
			('draft', 'submitted', 'returned', 'approved', 'exported', 'closed')),
	line_count    integer NOT NULL DEFAULT 0,
	held_count    integer NOT NULL DEFAULT 0,
	-- Of the lines to pay (not held).
	amount_fen    bigint NOT NULL DEFAULT 0,
	back_pay_fen  bigint NOT NULL DEFAULT 0,
	total_fen     bigint NOT NULL DEFAULT 0,
	paid_fen      bigint NOT NULL DEFAULT 0,
	failed_fen    bigint NOT NULL DEFAULT 0,
	generated_by  name NOT NULL,
	generated_at  timestamptz NOT NULL,
	return_reason text,
	version       integer NOT NULL DEFAULT 1,
	UNIQUE (month, department, centre_code)
);
CREATE INDEX payment_rolls_county ON onedoor.payment_rolls (county, month);

-- What happened to a roll, in order (generate, submit, return, approve,
-- export, results, hold, release).
CREATE TABLE onedoor.roll_events (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	roll_id    bigint NOT NULL REFERENCES onedoor.payment_rolls,
	action     text NOT NULL,
	from_state text NOT NULL,
	to_state   text NOT NULL,
	reason     text,
	actor      name NOT NULL DEFAULT session_user,
	at         timestamptz NOT NULL DEFAULT clock_timestamp(),
	request_id uuid
);
CREATE INDEX roll_events_roll ON onedoor.roll_events (roll_id, id);
CREATE TRIGGER roll_events_immutable BEFORE UPDATE OR DELETE ON onedoor.roll_events
	FOR EACH ROW EXECUTE FUNCTION onedoor.record_immutable();

CREATE TABLE onedoor.roll_lines (
	id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	roll_id        bigint NOT NULL REFERENCES onedoor.payment_rolls,
	line_no        integer NOT NULL CHECK (line_no >= 1),
	case_id        bigint NOT NULL REFERENCES onedoor.cases,
	case_no        text NOT NULL,
	item_code      text NOT NULL,
	household_id   bigint NOT NULL REFERENCES onedoor.households,
	recipient_name text NOT NULL,   -- whom the item is for
	holder_name    text NOT NULL,   -- the applicant, who holds the account
	account_no     text,            -- as at generation; never granted to a client
	account_masked text,
	bank_name      text,
	months         date[] NOT NULL,
	amount_fen     bigint NOT NULL CHECK (amount_fen >= 0),   -- for the roll's month
	back_pay_fen   bigint NOT NULL CHECK (back_pay_fen >= 0), -- earlier months
	total_fen      bigint GENERATED ALWAYS AS (amount_fen + back_pay_fen) STORED,
	state          text NOT NULL CHECK (state IN ('pending', 'held', 'paid', 'failed')),
	hold_kind      text CHECK (hold_kind IN ('no_account', 'manual')),
	hold_reason    text,
	bank_reason    text,
	result_at      timestamptz,
	UNIQUE (roll_id, line_no),
	UNIQUE (roll_id, case_id),
	CHECK ((state = 'held') = (hold_kind IS NOT NULL)),
	CHECK (state <> 'failed' OR bank_reason IS NOT NULL),
	CHECK (state = 'held' OR account_no IS NOT NULL)
);
CREATE INDEX roll_lines_case ON onedoor.roll_lines (case_id);

CREATE TABLE onedoor.payment_months (
	line_id    bigint NOT NULL REFERENCES onedoor.roll_lines ON DELETE CASCADE,
	case_id    bigint NOT NULL REFERENCES onedoor.cases,
	month      date NOT NULL,
	amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
	state      text NOT NULL CHECK (state IN ('claimed', 'paid', 'failed')),
	PRIMARY KEY (line_id, month)
);
-- THE rule: a case-month is claimed by one line at a time and paid once.
CREATE UNIQUE INDEX payment_months_once ON onedoor.payment_months (case_id, month)
	WHERE state IN ('claimed', 'paid');

-- Paid is final, for the owner too.
CREATE FUNCTION onedoor.paid_is_final() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF OLD.state = 'paid' THEN
		RAISE EXCEPTION 'a paid % is never changed or removed', TG_TABLE_NAME
			USING ERRCODE = '55000';
	END IF;
	RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER paid_is_final BEFORE UPDATE OR DELETE ON onedoor.payment_months
	FOR EACH ROW EXECUTE FUNCTION onedoor.paid_is_final();
CREATE TRIGGER paid_is_final BEFORE UPDATE OR DELETE ON onedoor.roll_lines
	FOR EACH ROW EXECUTE FUNCTION onedoor.paid_is_final();

-- The roll's figures from its lines.
CREATE FUNCTION onedoor.roll_totals(p_roll_id bigint) RETURNS void
LANGUAGE sql AS $$
	UPDATE onedoor.payment_rolls r SET
		line_count = t.n, held_count = t.held, amount_fen = t.amount,
		back_pay_fen = t.back, total_fen = t.amount + t.back, paid_fen = t.paid,
		failed_fen = t.failed
	FROM (SELECT count(*)::int AS n, count(*) FILTER (WHERE l.state = 'held')::int AS held,
		     coalesce(sum(l.amount_fen) FILTER (WHERE l.state <> 'held'), 0) AS amount,
		     coalesce(sum(l.back_pay_fen) FILTER (WHERE l.state <> 'held'), 0) AS back,
		     coalesce(sum(l.total_fen) FILTER (WHERE l.state = 'paid'), 0) AS paid,
		     coalesce(sum(l.total_fen) FILTER (WHERE l.state = 'failed'), 0) AS failed
	      FROM onedoor.roll_lines l WHERE l.roll_id = p_roll_id) t
	WHERE r.id = p_roll_id
$$;

CREATE FUNCTION onedoor.roll_event(r onedoor.payment_rolls, p_action text, p_to text,
				   p_reason text, p_request_id uuid) RETURNS void
LANGUAGE sql AS $$
	INSERT INTO onedoor.roll_events (roll_id, action, from_state, to_state, reason, request_id)
	VALUES (r.id, p_action, r.state, p_to, p_reason, p_request_id)
$$;

-- The roll p_roll_no locked for a change by the caller, who must be in one
-- of p_groups and in scope; raises as the header says.  p_version NULL:
-- only for the bank file and results, which go by the roll's state.
CREATE FUNCTION onedoor.roll_to_change(p_roll_no text, p_version integer, p_groups text[])
RETURNS onedoor.payment_rolls
LANGUAGE plpgsql AS $$
DECLARE
	me onedoor.staff := onedoor.current_staff();
	r onedoor.payment_rolls;
	in_scope boolean;
BEGIN
	IF me.role_name IS NULL OR NOT me.role_group = ANY (p_groups) THEN
		RAISE EXCEPTION 'a % may not do this to a payment roll', coalesce(me.role_group, 'login')
			USING ERRCODE = '42501';
	END IF;
	SELECT * INTO r FROM onedoor.payment_rolls x WHERE x.roll_no = p_roll_no FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'payment roll % not found', p_roll_no USING ERRCODE = 'P0002';
	END IF;
	in_scope := CASE me.role_group
		WHEN 'approver' THEN me.department = r.department AND me.county = r.county
		ELSE me.county = r.county END;
	IF NOT in_scope THEN
		RAISE EXCEPTION 'payment roll % belongs to another %', p_roll_no,
			CASE me.role_group WHEN 'approver' THEN 'department' ELSE 'county' END
			USING ERRCODE = '42501';
	END IF;
	IF p_version IS NOT NULL AND r.version IS DISTINCT FROM p_version THEN
		RAISE EXCEPTION 'payment roll % was changed by someone else (version % is now %)',
			p_roll_no, p_version, r.version USING ERRCODE = 'OD409';
	END IF;
	RETURN r;
END $$;

-- `payments roll MONTH [--department D] [--centre C]`: makes the month's
-- rolls of the caller's county (an approver: of their department), one per
-- department and centre with something owed, and makes every draft or
-- returned roll of that scope again from what is owed now (lines held by
-- hand stay held).  Submitted, approved, exported and closed rolls are left
-- as they are; what they do not pay is owed again next month.  Running it
-- twice gives the same rolls.
CREATE FUNCTION onedoor.payments_generate(p_request_id uuid, p_month date,
					  p_department text DEFAULT NULL,
					  p_centre text DEFAULT NULL)
RETURNS TABLE (roll_no text, department text, centre_code text, state text,
	       line_count integer, held_count integer, amount_fen bigint,
	       back_pay_fen bigint, total_fen bigint, version integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
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
		INSERT INTO payments_owed
		SELECT c.id, c.department, c.centre_code, c.household_id, m.month::date, d.amount_fen
		FROM onedoor.decisions d
		JOIN onedoor.cases c ON c.id = d.case_id
		JOIN onedoor.benefits b ON b.case_id = d.case_id
		CROSS JOIN LATERAL generate_series(b.start_month,
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
				    AND pm.state IN ('claimed', 'paid'));
		ANALYZE payments_owed;

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

-- Submits a draft or returned roll (the county centre or the department).
CREATE FUNCTION onedoor.payments_submit(p_request_id uuid, p_roll_no text, p_version integer)
RETURNS TABLE (roll_no text, state text, version integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	r onedoor.payment_rolls;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'payments_submit');
	IF prev IS NULL THEN
		IF p_version IS NULL THEN
			RAISE EXCEPTION 'the roll''s version is required' USING ERRCODE = '22023';
		END IF;
		r := onedoor.roll_to_change(p_roll_no, p_version, '{supervisor,approver}');
		IF r.state NOT IN ('draft', 'returned') THEN
			RAISE EXCEPTION 'payment roll % is %: it cannot be submitted', p_roll_no, r.state
				USING ERRCODE = '55000';
		END IF;
		IF NOT EXISTS (SELECT 1 FROM onedoor.roll_lines l WHERE l.roll_id = r.id
			       AND l.state = 'pending') THEN
			RAISE EXCEPTION 'payment roll % has nothing to pay', p_roll_no
				USING ERRCODE = '55000';
		END IF;
		PERFORM onedoor.roll_event(r, 'submit', 'submitted', NULL, p_request_id);
		UPDATE onedoor.payment_rolls x SET state = 'submitted', version = x.version + 1
		WHERE x.id = r.id RETURNING * INTO r;
		PERFORM onedoor.request_finish(p_request_id, 'payments_submit', to_jsonb(r.roll_no));
		PERFORM onedoor.audit_append('payment_roll', r.roll_no, 'submit', NULL,
			to_jsonb(r), p_request_id);
	END IF;
	RETURN QUERY SELECT x.roll_no, x.state, x.version FROM onedoor.payment_rolls x
		WHERE x.roll_no = p_roll_no;
END $$;

-- Finance's check: p_action 'approve' or 'return' (with a reason).
CREATE FUNCTION onedoor.payments_check(p_request_id uuid, p_roll_no text, p_version integer,
				       p_action text, p_reason text DEFAULT NULL)
RETURNS TABLE (roll_no text, state text, version integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	r onedoor.payment_rolls;
	v_reason onedoor.reason_text := nullif(btrim(p_reason), '');
	to_state text;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'payments_check');
	IF prev IS NULL THEN
		IF p_version IS NULL THEN
			RAISE EXCEPTION 'the roll''s version is required' USING ERRCODE = '22023';
		END IF;
		IF p_action IS NULL OR p_action NOT IN ('approve', 'return') THEN
			RAISE EXCEPTION 'unknown action "%"', p_action USING ERRCODE = '22023';
		END IF;
		r := onedoor.roll_to_change(p_roll_no, p_version, '{finance}');
		IF r.state <> 'submitted' THEN
			RAISE EXCEPTION 'payment roll % is %: only a submitted roll is checked',
				p_roll_no, r.state USING ERRCODE = '55000';
		END IF;
		IF p_action = 'return' AND v_reason IS NULL THEN
			RAISE EXCEPTION 'a returned roll needs a reason' USING ERRCODE = '22023';
		END IF;
		to_state := CASE p_action WHEN 'approve' THEN 'approved' ELSE 'returned' END;
		PERFORM onedoor.roll_event(r, p_action, to_state, v_reason, p_request_id);
		UPDATE onedoor.payment_rolls x SET state = to_state, version = x.version + 1,
			return_reason = CASE p_action WHEN 'return' THEN v_reason ELSE x.return_reason END
		WHERE x.id = r.id RETURNING * INTO r;
		PERFORM onedoor.request_finish(p_request_id, 'payments_check', to_jsonb(r.roll_no));
		PERFORM onedoor.audit_append('payment_roll', r.roll_no, p_action, NULL, to_jsonb(r),
			p_request_id);
	END IF;
	RETURN QUERY SELECT x.roll_no, x.state, x.version FROM onedoor.payment_rolls x
		WHERE x.roll_no = p_roll_no;
END $$;

-- Holds a line of a draft or returned roll (p_hold, with a reason) or
-- releases a line held by hand.  A held line claims nothing: its months are
-- owed again by the next roll.
CREATE FUNCTION onedoor.payments_hold(p_request_id uuid, p_roll_no text, p_version integer,
				      p_line_no integer, p_hold boolean, p_reason text DEFAULT NULL)
RETURNS TABLE (roll_no text, state text, version integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	r onedoor.payment_rolls;
	l onedoor.roll_lines;
	v_reason onedoor.reason_text := nullif(btrim(p_reason), '');
	b onedoor.benefits;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'payments_hold');
	IF prev IS NULL THEN
		IF p_version IS NULL THEN
			RAISE EXCEPTION 'the roll''s version is required' USING ERRCODE = '22023';
		END IF;
		r := onedoor.roll_to_change(p_roll_no, p_version, '{supervisor,approver}');
		IF r.state NOT IN ('draft', 'returned') THEN
			RAISE EXCEPTION 'payment roll % is %: its lines cannot change', p_roll_no, r.state
				USING ERRCODE = '55000';
		END IF;
		SELECT * INTO l FROM onedoor.roll_lines x WHERE x.roll_id = r.id
			AND x.line_no = p_line_no FOR UPDATE;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'payment roll % has no line %', p_roll_no, p_line_no
				USING ERRCODE = 'P0002';
		END IF;
		IF p_hold THEN
			IF l.state <> 'pending' THEN
				RAISE EXCEPTION 'line % is already held', p_line_no USING ERRCODE = '55000';
			END IF;
			IF v_reason IS NULL THEN
				RAISE EXCEPTION 'holding a payment needs a reason' USING ERRCODE = '22023';
			END IF;
			DELETE FROM onedoor.payment_months m WHERE m.line_id = l.id;
			UPDATE onedoor.roll_lines x SET state = 'held', hold_kind = 'manual',
				hold_reason = v_reason WHERE x.id = l.id;
		ELSE
			IF l.hold_kind IS DISTINCT FROM 'manual' THEN
				RAISE EXCEPTION 'line % is not held by hand (a line without an account is released by recording the account and making the roll again)',
					p_line_no USING ERRCODE = '55000';
			END IF;
			SELECT * INTO b FROM onedoor.benefits x WHERE x.case_id = l.case_id;
			INSERT INTO onedoor.payment_months (line_id, case_id, month, amount_fen, state)
			SELECT l.id, l.case_id, m, CASE WHEN m = r.month THEN l.amount_fen
				ELSE (SELECT d.amount_fen FROM onedoor.decisions d
				      WHERE d.case_id = l.case_id) END, 'claimed'
			FROM unnest(l.months) m;
			UPDATE onedoor.roll_lines x SET state = 'pending', hold_kind = NULL,
				hold_reason = NULL WHERE x.id = l.id;
		END IF;
		PERFORM onedoor.roll_totals(r.id);
		PERFORM onedoor.roll_event(r, CASE WHEN p_hold THEN 'hold' ELSE 'release' END,
			r.state, 'line ' || p_line_no || coalesce(': ' || v_reason, ''), p_request_id);
		UPDATE onedoor.payment_rolls x SET version = x.version + 1 WHERE x.id = r.id
		RETURNING * INTO r;
		PERFORM onedoor.request_finish(p_request_id, 'payments_hold', to_jsonb(r.roll_no));
		PERFORM onedoor.audit_append('payment_roll', r.roll_no,
			CASE WHEN p_hold THEN 'hold' ELSE 'release' END, NULL,
			jsonb_build_object('line_no', p_line_no, 'case_id', l.case_id,
					   'reason', v_reason), p_request_id);
	END IF;
	RETURN QUERY SELECT x.roll_no, x.state, x.version FROM onedoor.payment_rolls x
		WHERE x.roll_no = p_roll_no;
END $$;

-- The bank file's lines of an approved roll, which becomes exported: only
-- once (a second file could be paid twice).  A retry with the same request
-- id returns the lines again, so a file lost with its connection can be
-- written again.  Finance only; the numbers are audited as exported, not
-- copied into the trail.
CREATE FUNCTION onedoor.payments_export(p_request_id uuid, p_roll_no text)
RETURNS TABLE (roll_no text, month date, line_no integer, case_no text, account_no text,
	       holder_name text, bank_name text, total_fen bigint, item_name_zh text,
	       item_name_en text, months text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	r onedoor.payment_rolls;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'payments_export');
	IF prev IS NULL THEN
		r := onedoor.roll_to_change(p_roll_no, NULL, '{finance}');
		IF r.state <> 'approved' THEN
			RAISE EXCEPTION 'payment roll % is %: %', p_roll_no, r.state,
				CASE WHEN r.state IN ('exported', 'closed')
				     THEN 'its bank file was written already'
				     ELSE 'only an approved roll goes to the bank' END
				USING ERRCODE = '55000';
		END IF;
		PERFORM onedoor.roll_event(r, 'export', 'exported', NULL, p_request_id);
		UPDATE onedoor.payment_rolls x SET state = 'exported', version = x.version + 1
		WHERE x.id = r.id RETURNING * INTO r;
		PERFORM onedoor.request_finish(p_request_id, 'payments_export', to_jsonb(r.roll_no));
		PERFORM onedoor.audit_append('payment_roll', r.roll_no, 'export', NULL,
			jsonb_build_object('lines', (SELECT count(*) FROM onedoor.roll_lines l
				WHERE l.roll_id = r.id AND l.state <> 'held'),
				'total_fen', r.total_fen), p_request_id);
	ELSIF prev #>> '{}' IS DISTINCT FROM p_roll_no THEN
		RAISE EXCEPTION 'request id % was already used for another roll', p_request_id
			USING ERRCODE = '22023';
	END IF;
	RETURN QUERY
	SELECT x.roll_no, x.month, l.line_no, l.case_no, l.account_no, l.holder_name,
	       coalesce(l.bank_name, ''), l.total_fen, i.name_zh, i.name_en,
	       array_to_string(ARRAY(SELECT to_char(m, 'YYYY-MM') FROM unnest(l.months) m), ' ')
	FROM onedoor.roll_lines l
	JOIN onedoor.payment_rolls x ON x.id = l.roll_id
	JOIN onedoor.catalogue_items i ON i.code = l.item_code
	WHERE x.roll_no = p_roll_no AND l.state <> 'held'
	ORDER BY l.line_no;
END $$;

-- The bank's answers, all or nothing.  p_lines: a JSON array of
--   {"roll": ROLL_NO, "line": N, "account": DIGITS, "amount_fen": N,
--    "status": "paid"|"failed", "reason": TEXT}
-- each checked against the exported roll (finance of its county); on the
-- first element that does not match, raises with DETAIL "item N" (1-based)
-- and nothing is written.  A failed line frees its months for the next
-- roll.  A roll whose every exported line has an answer is closed.  The
-- applicant is told by SMS either way.
CREATE FUNCTION onedoor.payments_record_results(p_request_id uuid, p_lines jsonb)
RETURNS TABLE (roll_no text, paid integer, failed integer, state text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
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
		-- The applicant is told either way.
		PERFORM onedoor.sms_queue(CASE a.status WHEN 'paid' THEN 'paid' ELSE 'payment_failed' END,
			l.household_id, l.case_id, 'payment:' || l.id,
			jsonb_build_object('name', l.holder_name, 'item_zh', i.name_zh,
				'item_en', i.name_en, 'amount', onedoor.fen_text(l.total_fen),
				'months', array_to_string(ARRAY(SELECT to_char(m, 'YYYY-MM')
					FROM unnest(l.months) m), ', '),
				'account_tail', right(l.account_no, 4), 'reason', coalesce(a.reason, '')))
		FROM payments_answer a
		JOIN onedoor.roll_lines l ON l.id = a.line_id
		JOIN onedoor.catalogue_items i ON i.code = l.item_code
		ORDER BY a.i;
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

-- What a case was paid, roll by roll, as the case screen and the status
-- lookup show it (account masked), to whoever sees the case: the same
-- scope as the cases policy (0007_security.sql), applied here because the
-- view reads the rolls as its owner.
CREATE VIEW onedoor.case_payments WITH (security_barrier) AS
SELECT l.case_id, x.roll_no, x.month AS roll_month, x.state AS roll_state, l.line_no,
       l.months, l.amount_fen, l.back_pay_fen, l.total_fen, l.state, l.hold_kind,
       l.hold_reason, l.bank_reason, l.result_at, l.account_masked
FROM onedoor.roll_lines l
JOIN onedoor.payment_rolls x ON x.id = l.roll_id
JOIN onedoor.cases c ON c.id = l.case_id
WHERE c.centre_code = ANY (onedoor.my_centres())
   OR (c.department = onedoor.my_department()
       AND (onedoor.my_approver_county() IS NULL OR c.county = onedoor.my_approver_county()))
   OR (onedoor.my_group() = 'finance' AND x.county = onedoor.my_county());

ALTER TABLE onedoor.payment_rolls ENABLE ROW LEVEL SECURITY;
ALTER TABLE onedoor.roll_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE onedoor.roll_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE onedoor.payment_months ENABLE ROW LEVEL SECURITY;
-- The county centre and finance see their county's rolls, a department its
-- own, auditors and administrators all; a line is also seen by whoever
-- sees its case (through case_payments, for the window).
CREATE POLICY scope_read ON onedoor.payment_rolls FOR SELECT USING (
	(SELECT onedoor.my_group()) IN ('auditor', 'admin')
	OR ((SELECT onedoor.my_group()) IN ('supervisor', 'finance')
	    AND county = (SELECT onedoor.my_county()))
	OR (department = (SELECT onedoor.my_department())
	    AND ((SELECT onedoor.my_approver_county()) IS NULL
		 OR county = (SELECT onedoor.my_approver_county()))));
CREATE POLICY scope_read ON onedoor.roll_lines FOR SELECT USING (
	EXISTS (SELECT 1 FROM onedoor.payment_rolls x WHERE x.id = onedoor.roll_lines.roll_id
		AND ((SELECT onedoor.my_group()) IN ('auditor', 'admin')
		     OR ((SELECT onedoor.my_group()) IN ('supervisor', 'finance')
			 AND x.county = (SELECT onedoor.my_county()))
		     OR (x.department = (SELECT onedoor.my_department())
			 AND ((SELECT onedoor.my_approver_county()) IS NULL
			      OR x.county = (SELECT onedoor.my_approver_county())))))
	OR EXISTS (SELECT 1 FROM onedoor.cases c WHERE c.id = onedoor.roll_lines.case_id));
CREATE POLICY scope_read ON onedoor.roll_events FOR SELECT USING (
	EXISTS (SELECT 1 FROM onedoor.payment_rolls x WHERE x.id = onedoor.roll_events.roll_id));
CREATE POLICY scope_read ON onedoor.payment_months FOR SELECT USING (
	EXISTS (SELECT 1 FROM onedoor.roll_lines l WHERE l.id = onedoor.payment_months.line_id));

REVOKE ALL ON onedoor.payment_rolls, onedoor.roll_lines, onedoor.roll_events,
	onedoor.payment_months, onedoor.case_payments FROM PUBLIC;
GRANT SELECT ON onedoor.payment_rolls, onedoor.roll_events, onedoor.payment_months,
	onedoor.case_payments TO onedoor_clerk, onedoor_verifier, onedoor_supervisor,
	onedoor_approver, onedoor_auditor, onedoor_admin, onedoor_finance;
-- Every column but the account number.
GRANT SELECT (id, roll_id, line_no, case_id, case_no, item_code, household_id, recipient_name,
	holder_name, account_masked, bank_name, months, amount_fen, back_pay_fen, total_fen,
	state, hold_kind, hold_reason, bank_reason, result_at) ON onedoor.roll_lines
	TO onedoor_clerk, onedoor_verifier, onedoor_supervisor, onedoor_approver,
	onedoor_auditor, onedoor_admin, onedoor_finance;
REVOKE ALL ON FUNCTION onedoor.paid_is_final(), onedoor.roll_totals(bigint),
	onedoor.roll_event(onedoor.payment_rolls, text, text, text, uuid),
	onedoor.roll_to_change(text, integer, text[]),
	onedoor.payments_generate(uuid, date, text, text),
	onedoor.payments_submit(uuid, text, integer),
	onedoor.payments_check(uuid, text, integer, text, text),
	onedoor.payments_hold(uuid, text, integer, integer, boolean, text),
	onedoor.payments_export(uuid, text), onedoor.payments_record_results(uuid, jsonb)
	FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.payments_generate(uuid, date, text, text),
	onedoor.payments_submit(uuid, text, integer),
	onedoor.payments_hold(uuid, text, integer, integer, boolean, text)
	TO onedoor_supervisor, onedoor_approver;
GRANT EXECUTE ON FUNCTION onedoor.payments_check(uuid, text, integer, text, text),
	onedoor.payments_export(uuid, text), onedoor.payments_record_results(uuid, jsonb)
	TO onedoor_finance;
