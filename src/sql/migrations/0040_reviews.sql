-- 0040_reviews: benefits in force are reviewed (低保年审, 定期复查) and
-- re-examined when circumstances change (家庭情况变更), and end in
-- continue, adjust or stop - decided by the item's department, never by the
-- program.
--
-- A review is a work item of the department that owns the benefit's item,
-- with a working-day clock and a light like a case's stage (yellow from
-- warn_days before its due date, red after).  Kinds:
--   periodic  due every review_months months from the benefit's start: the
--             interval the engine gave the item for this household at
--             acceptance (the menu snapshot's review_months), else the
--             catalogue's standard (12); opened by reviews_generate(MONTH),
--             once per benefit and period (UNIQUE), so running it twice or
--             on a schedule opens nothing twice;
--   change    a change of circumstances reported at the window or found in
--             the departments' data; the engine's verdict and amount on the
--             new facts are stored with it, so the department decides with
--             the evidence.
-- Outcomes, with the month they take effect:
--   continue  nothing changes;
--   adjust    the monthly amount changes from the effective month
--             (benefit_amounts; payments owe the adjusted amount from then:
--             payments_hold is replaced below, payments_generate in 0048);
--   stop      the benefit is stopped from the effective month
--             (benefit_set_state), and the household hears it by SMS.
-- A benefit suspended, stopped or expired has no periodic review opened.

CREATE TABLE onedoor.benefit_amounts (
	case_id     bigint NOT NULL REFERENCES onedoor.benefits,
	from_month  date NOT NULL CHECK (from_month = date_trunc('month', from_month)::date),
	amount_fen  bigint NOT NULL CHECK (amount_fen >= 0),
	review_id   bigint NOT NULL,
	at          timestamptz NOT NULL DEFAULT clock_timestamp(),
	PRIMARY KEY (case_id, from_month)
);
CREATE TRIGGER benefit_amounts_immutable BEFORE UPDATE OR DELETE ON onedoor.benefit_amounts
	FOR EACH ROW EXECUTE FUNCTION onedoor.record_immutable();

CREATE TABLE onedoor.reviews (
	id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	case_id         bigint NOT NULL REFERENCES onedoor.benefits,
	kind            text NOT NULL CHECK (kind IN ('periodic', 'change')),
	-- periodic: the first of the month the review is due; change: the day
	-- the change was found.
	period          date NOT NULL,
	cause           text NOT NULL,
	-- For a change: the engine's item verdict on the new facts.
	engine          jsonb,
	opened_on       date NOT NULL,
	due_on          date NOT NULL,
	warn_from       date NOT NULL,
	outcome         text CHECK (outcome IN ('continue', 'adjust', 'stop')),
	amount_fen      bigint CHECK (amount_fen >= 0),
	effective_month date CHECK (effective_month = date_trunc('month', effective_month)::date),
	reason          onedoor.reason_text,
	decided_by      name,
	decided_on      date,
	version         integer NOT NULL DEFAULT 1,
	request_id      uuid,
	UNIQUE (case_id, kind, period),
	CHECK ((outcome IS NULL) = (decided_on IS NULL)),
	CHECK (outcome IS DISTINCT FROM 'adjust' OR amount_fen IS NOT NULL)
);
CREATE INDEX reviews_open ON onedoor.reviews (due_on) WHERE outcome IS NULL;
ALTER TABLE onedoor.benefit_amounts ADD FOREIGN KEY (review_id) REFERENCES onedoor.reviews;

ALTER TABLE onedoor.reviews ENABLE ROW LEVEL SECURITY;
ALTER TABLE onedoor.benefit_amounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_read ON onedoor.reviews FOR SELECT USING (
	EXISTS (SELECT 1 FROM onedoor.cases c WHERE c.id = onedoor.reviews.case_id));
CREATE POLICY scope_read ON onedoor.benefit_amounts FOR SELECT USING (
	EXISTS (SELECT 1 FROM onedoor.cases c WHERE c.id = onedoor.benefit_amounts.case_id));
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON onedoor.reviews
	FOR EACH ROW EXECUTE FUNCTION onedoor.audit_row('id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON onedoor.benefit_amounts
	FOR EACH ROW EXECUTE FUNCTION onedoor.audit_row('case_id');

-- The monthly amount owed for a benefit in p_month: the latest adjustment
-- in force then, else the decision's.
CREATE FUNCTION onedoor.benefit_amount_at(p_case_id bigint, p_month date) RETURNS bigint
LANGUAGE sql STABLE AS $$
	SELECT coalesce(
		(SELECT a.amount_fen FROM onedoor.benefit_amounts a
		 WHERE a.case_id = p_case_id AND a.from_month <= p_month
		 ORDER BY a.from_month DESC LIMIT 1),
		(SELECT d.amount_fen FROM onedoor.decisions d WHERE d.case_id = p_case_id))
$$;

-- The review interval of a benefit in months: what the engine said for the
-- item at acceptance (menu snapshot), else 12.
CREATE FUNCTION onedoor.benefit_review_months(c onedoor.cases) RETURNS integer
LANGUAGE sql STABLE AS $$
	SELECT coalesce(
		(SELECT nullif((i ->> 'review_months'), '')::int
		 FROM onedoor.menu_snapshots s, jsonb_array_elements(s.menu -> 'items') i
		 WHERE s.application_id = c.application_id AND i ->> 'code' = c.item_code
		 LIMIT 1), 12)
$$;

-- The limit a review is given: the item's own approval limit plus its
-- verification limit (the department checks the data, then decides).
CREATE FUNCTION onedoor.review_limit(p_item text) RETURNS integer
LANGUAGE sql STABLE AS $$
	SELECT coalesce(i.limit_verify, 3) + coalesce(i.limit_approve, 5)
	FROM onedoor.catalogue_items i WHERE i.code = p_item
$$;

-- Opens the periodic reviews due in p_month (first of a month) for the
-- benefits in force in the caller's county.  Supervisors and county
-- administrators.  Returns how many were opened now and how many were due
-- (opened now or before).
CREATE FUNCTION onedoor.reviews_generate(p_request_id uuid, p_month date)
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
	IF me.role_name IS NULL OR me.role_group NOT IN ('supervisor', 'admin')
	   OR me.county IS NULL THEN
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
	CROSS JOIN LATERAL (SELECT onedoor.benefit_review_months(c) AS every) r
	CROSS JOIN LATERAL (SELECT (extract(year FROM age(v_month, b.start_month)) * 12 +
				    extract(month FROM age(v_month, b.start_month)))::int AS n) k
	WHERE c.county = me.county AND b.state = 'in_force' AND b.start_month < v_month
	  AND r.every > 0 AND k.n % r.every = 0;
	GET DIAGNOSTICS n_due = ROW_COUNT;
	INSERT INTO onedoor.reviews (case_id, kind, period, cause, opened_on, due_on, warn_from,
				     request_id)
	SELECT x.case_id, 'periodic', v_month, 'periodic', today,
	       onedoor.add_working_days(today, onedoor.review_limit(x.item_code)),
	       onedoor.warn_from(onedoor.add_working_days(today, onedoor.review_limit(x.item_code)), 3),
	       p_request_id
	FROM reviews_due x
	ON CONFLICT (case_id, kind, period) DO NOTHING;
	GET DIAGNOSTICS n_opened = ROW_COUNT;
	PERFORM onedoor.request_finish(p_request_id, 'reviews_generate',
		jsonb_build_object('opened', n_opened, 'due', n_due));
	RETURN QUERY SELECT n_opened, n_due;
END $$;

-- Opens a change review of one benefit (internal: the window's change of
-- circumstances and the departments' data call it).  p_engine is the
-- engine's verdict for the item on the new facts.  An open change review of
-- the same benefit takes the new cause instead of a second review.
CREATE FUNCTION onedoor.review_open_change(p_case_id bigint, p_cause text, p_engine jsonb,
					   p_request_id uuid)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	c onedoor.cases;
	today date := onedoor.today();
	v_id bigint;
BEGIN
	SELECT * INTO c FROM onedoor.cases x WHERE x.id = p_case_id;
	SELECT r.id INTO v_id FROM onedoor.reviews r
	WHERE r.case_id = p_case_id AND r.kind = 'change' AND r.outcome IS NULL;
	IF FOUND THEN
		UPDATE onedoor.reviews r SET cause = r.cause || '; ' || p_cause, engine = p_engine,
			version = r.version + 1
		WHERE r.id = v_id;
		RETURN v_id;
	END IF;
	INSERT INTO onedoor.reviews (case_id, kind, period, cause, engine, opened_on, due_on,
				     warn_from, request_id)
	VALUES (p_case_id, 'change', today, p_cause, p_engine, today,
		onedoor.add_working_days(today, onedoor.review_limit(c.item_code)),
		onedoor.warn_from(onedoor.add_working_days(today, onedoor.review_limit(c.item_code)), 3),
		p_request_id)
	ON CONFLICT (case_id, kind, period) DO UPDATE SET cause = onedoor.reviews.cause || '; ' ||
		EXCLUDED.cause, engine = EXCLUDED.engine, version = onedoor.reviews.version + 1
	RETURNING id INTO v_id;
	RETURN v_id;
END $$;

-- The benefits in force of a household, re-evaluated by the engine on its
-- current facts as of today: an item that no longer holds, or holds with
-- another amount, opens a change review with the engine's verdict.  Returns
-- the reviews opened or updated.  Called after a change at the window
-- (household_reapply) and by reviews_from_data.
CREATE FUNCTION onedoor.benefits_reevaluate(p_household_id bigint, p_cause text,
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

-- A household changed at the window (a version after the first): its
-- benefits in force are re-evaluated on the new facts at once.
CREATE FUNCTION onedoor.household_changed_reevaluate() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
BEGIN
	IF NEW.version > 1 THEN
		PERFORM onedoor.benefits_reevaluate(NEW.household_id,
			'家庭情况变更（窗口）：' || coalesce(NEW.reason::text, ''), NEW.request_id);
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER household_changed_reevaluate AFTER INSERT ON onedoor.household_versions
	FOR EACH ROW EXECUTE FUNCTION onedoor.household_changed_reevaluate();

-- Decides a review (the department that owns the item, or the county
-- centre): continue, adjust (p_amount_fen from p_month) or stop (from
-- p_month), with a reason.  Returns the review's new version.
CREATE FUNCTION onedoor.review_decide(p_request_id uuid, p_review_id bigint, p_version integer,
				      p_outcome text, p_amount_fen bigint, p_month date,
				      p_reason text)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	prev jsonb;
	me onedoor.staff := onedoor.current_staff();
	r onedoor.reviews;
	c onedoor.cases;
	b onedoor.benefits;
	v_reason onedoor.reason_text;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'review_decide');
	IF prev IS NOT NULL THEN
		RETURN (prev ->> 'version')::int;
	END IF;
	IF me.role_name IS NULL OR me.role_group NOT IN ('approver', 'supervisor') THEN
		RAISE EXCEPTION 'only the item''s department or the county centre decides a review'
			USING ERRCODE = '42501';
	END IF;
	SELECT * INTO r FROM onedoor.reviews x WHERE x.id = p_review_id FOR UPDATE;
	SELECT * INTO c FROM onedoor.cases x WHERE x.id = r.case_id;
	IF r.id IS NULL OR NOT onedoor.staff_scope_ok(me, c) THEN
		RAISE EXCEPTION 'review % not found', p_review_id USING ERRCODE = 'P0002';
	END IF;
	IF r.version IS DISTINCT FROM p_version THEN
		RAISE EXCEPTION 'review % was changed by someone else', p_review_id USING ERRCODE = 'OD409';
	END IF;
	IF r.outcome IS NOT NULL THEN
		RAISE EXCEPTION 'review % is already decided', p_review_id USING ERRCODE = '55000';
	END IF;
	IF p_outcome IS NULL OR p_outcome NOT IN ('continue', 'adjust', 'stop') THEN
		RAISE EXCEPTION 'unknown outcome "%"', p_outcome USING ERRCODE = '22023';
	END IF;
	BEGIN
		v_reason := btrim(p_reason);
	EXCEPTION WHEN check_violation THEN
		v_reason := NULL;
	END;
	IF v_reason IS NULL THEN
		RAISE EXCEPTION 'a review''s outcome needs a reason' USING ERRCODE = '22023';
	END IF;
	SELECT * INTO b FROM onedoor.benefits x WHERE x.case_id = r.case_id FOR UPDATE;
	IF p_outcome IN ('adjust', 'stop') AND (p_month IS NULL
	    OR p_month <> date_trunc('month', p_month)::date OR p_month < b.state_from) THEN
		RAISE EXCEPTION 'the effective month is the first of a month from %',
			to_char(b.state_from, 'YYYY-MM') USING ERRCODE = '22023';
	END IF;
	IF p_outcome = 'adjust' THEN
		IF p_amount_fen IS NULL OR p_amount_fen < 0 THEN
			RAISE EXCEPTION 'an adjustment needs the new monthly amount' USING ERRCODE = '22023';
		END IF;
		IF b.state NOT IN ('in_force', 'suspended') THEN
			RAISE EXCEPTION 'the benefit is % and cannot be adjusted', b.state
				USING ERRCODE = '55000';
		END IF;
		INSERT INTO onedoor.benefit_amounts (case_id, from_month, amount_fen, review_id)
		VALUES (r.case_id, p_month, p_amount_fen, r.id)
		ON CONFLICT (case_id, from_month) DO NOTHING;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'the amount from % was already adjusted', to_char(p_month, 'YYYY-MM')
				USING ERRCODE = '23505';
		END IF;
	ELSIF p_outcome = 'stop' THEN
		-- Its own request id: this one is recorded once, for the review.
		PERFORM onedoor.benefit_set_state(gen_random_uuid(), r.case_id, b.version, 'stopped', p_month,
						  v_reason);
	END IF;
	UPDATE onedoor.reviews x SET outcome = p_outcome,
		amount_fen = CASE WHEN p_outcome = 'adjust' THEN p_amount_fen END,
		effective_month = CASE WHEN p_outcome <> 'continue' THEN p_month END,
		reason = v_reason, decided_by = session_user, decided_on = onedoor.today(),
		version = x.version + 1
	WHERE x.id = r.id RETURNING * INTO r;
	INSERT INTO onedoor.case_events (case_id, request_id, action, phrase, clock, from_stage,
		to_stage, from_entered_on, from_due, on_day, actor_group, actor_centre,
		actor_department, application_name, reason)
	VALUES (c.id, p_request_id, 'review',
		CASE p_outcome WHEN 'continue' THEN '复核：继续救助' WHEN 'adjust' THEN '复核：调整救助金额'
			       ELSE '复核：终止救助' END,
		'check', c.stage, c.stage, r.opened_on, r.due_on, onedoor.today(), me.role_group,
		me.centre_code, me.department, current_setting('application_name', true), v_reason);
	PERFORM onedoor.case_notify(c);
	PERFORM onedoor.request_finish(p_request_id, 'review_decide',
		jsonb_build_object('version', r.version));
	RETURN r.version;
END $$;

-- Payments owe the adjusted amount -----------------------------------------------------
-- payments_hold of 0036_payment_rolls.sql, unchanged but for the amount of
-- a month: benefit_amount_at (the adjustment in force that month, else the
-- decision's) instead of the decision's alone.  payments_generate owes the
-- same amount from 0048_payments_scale.sql on, which replaces it.

CREATE OR REPLACE FUNCTION onedoor.payments_hold(p_request_id uuid, p_roll_no text, p_version integer,
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
				ELSE onedoor.benefit_amount_at(l.case_id, m) END, 'claimed'
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

-- Reviews with their lights, as the department's list shows them.
CREATE VIEW onedoor.review_list WITH (security_invoker = true) AS
WITH t AS MATERIALIZED (SELECT onedoor.today() AS today)
SELECT r.id, r.case_id, c.case_no, c.subject_name, c.centre_code, c.department, c.item_code,
       r.kind, r.period, r.cause, r.engine ->> 'verdict' AS engine_verdict,
       r.engine ->> 'amount' AS engine_amount, r.opened_on, r.due_on,
       CASE WHEN r.outcome IS NULL THEN onedoor.light(r.due_on, r.warn_from, t.today) END AS light,
       onedoor.benefit_amount_at(c.id, date_trunc('month', t.today)::date) AS amount_fen_now,
       r.outcome, r.amount_fen, r.effective_month, r.reason, r.decided_by, r.decided_on, r.version
FROM onedoor.reviews r
JOIN onedoor.cases c ON c.id = r.case_id
CROSS JOIN t;

REVOKE ALL ON onedoor.reviews, onedoor.benefit_amounts, onedoor.review_list FROM PUBLIC;
GRANT SELECT ON onedoor.reviews, onedoor.benefit_amounts, onedoor.review_list TO
	onedoor_verifier, onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
REVOKE ALL ON FUNCTION onedoor.benefit_amount_at(bigint, date),
	onedoor.benefit_review_months(onedoor.cases), onedoor.review_limit(text),
	onedoor.reviews_generate(uuid, date),
	onedoor.review_open_change(bigint, text, jsonb, uuid),
	onedoor.benefits_reevaluate(bigint, text, uuid), onedoor.household_changed_reevaluate(),
	onedoor.review_decide(uuid, bigint, integer, text, bigint, date, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.benefit_amount_at(bigint, date) TO onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
GRANT EXECUTE ON FUNCTION onedoor.reviews_generate(uuid, date) TO onedoor_supervisor,
	onedoor_admin;
GRANT EXECUTE ON FUNCTION onedoor.review_decide(uuid, bigint, integer, text, bigint, date, text)
	TO onedoor_approver, onedoor_supervisor;
