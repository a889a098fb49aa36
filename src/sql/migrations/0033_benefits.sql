-- 0033_benefits: the state of a granted benefit, month by month.
--
-- A granted decision (0015_decisions.sql) puts its case's benefit in force
-- from the decision's start month.  Afterwards the benefit may be
--   suspended (暂停发放)  nothing is owed from the effective month; resumed
--                         (back in_force) from a later month, the months
--                         in between stay unpaid
--   stopped (终止)        nothing is owed from the effective month, for good
--   expired (到期)        the item's term ended; nothing is owed any more
-- Every change is a row of benefit_states, with its reason, effective month
-- and author; benefits holds the current state.  A month is in force when
-- the latest change effective at or before it (by effective month, then
-- order of writing) is in_force.  What is owed and paid is in
-- 0036_payment_rolls.sql.
--
-- Errors (SQLSTATE), as for the case functions (0005_cases.sql):
--   42501 not a supervisor of the case's county nor an approver of its
--         department; 55000 the change is not possible from the current
--         state; OD409 stale version; P0002 no such benefit; 22023 invalid
--         input (state, month, missing reason).

CREATE TABLE onedoor.benefits (
	case_id     bigint PRIMARY KEY REFERENCES onedoor.cases,
	state       text NOT NULL CHECK (state IN ('in_force', 'suspended', 'stopped', 'expired')),
	-- The month the current state took effect (first of a month).
	state_from  date NOT NULL CHECK (state_from = date_trunc('month', state_from)::date),
	start_month date NOT NULL CHECK (start_month = date_trunc('month', start_month)::date),
	reason      text,
	version     integer NOT NULL DEFAULT 1,
	updated_by  name NOT NULL DEFAULT session_user,
	updated_at  timestamptz NOT NULL DEFAULT now(),
	CHECK (state_from >= start_month)
);

CREATE TABLE onedoor.benefit_states (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	case_id    bigint NOT NULL REFERENCES onedoor.benefits,
	from_state text,            -- NULL for the grant
	state      text NOT NULL CHECK (state IN ('in_force', 'suspended', 'stopped', 'expired')),
	state_from date NOT NULL CHECK (state_from = date_trunc('month', state_from)::date),
	reason     text NOT NULL,
	actor      name NOT NULL DEFAULT session_user,
	at         timestamptz NOT NULL DEFAULT clock_timestamp(),
	request_id uuid
);
CREATE INDEX benefit_states_case ON onedoor.benefit_states (case_id, state_from, id);
CREATE TRIGGER benefit_states_immutable BEFORE UPDATE OR DELETE ON onedoor.benefit_states
	FOR EACH ROW EXECUTE FUNCTION onedoor.record_immutable();

-- The state of a benefit in a month (first of the month); NULL before it
-- started.  Months at or after the current state's start need no history.
CREATE FUNCTION onedoor.benefit_state_at(b onedoor.benefits, p_month date) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN p_month < b.start_month THEN NULL
		    WHEN p_month >= b.state_from THEN b.state
		    ELSE (SELECT h.state FROM onedoor.benefit_states h
			  WHERE h.case_id = b.case_id AND h.state_from <= p_month
			  ORDER BY h.state_from DESC, h.id DESC LIMIT 1) END
$$;

-- A granted decision puts its benefit in force from its start month.
CREATE FUNCTION onedoor.benefit_from_decision() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
BEGIN
	IF NEW.outcome = 'granted' THEN
		INSERT INTO onedoor.benefits (case_id, state, state_from, start_month, reason,
					      updated_by)
		VALUES (NEW.case_id, 'in_force', NEW.start_month, NEW.start_month, NEW.phrase,
			NEW.decided_by);
		INSERT INTO onedoor.benefit_states (case_id, from_state, state, state_from, reason,
						    actor, request_id)
		VALUES (NEW.case_id, NULL, 'in_force', NEW.start_month, NEW.phrase, NEW.decided_by,
			NEW.request_id);
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER decisions_benefit AFTER INSERT ON onedoor.decisions
	FOR EACH ROW EXECUTE FUNCTION onedoor.benefit_from_decision();
-- Decisions written before this migration.
INSERT INTO onedoor.benefits (case_id, state, state_from, start_month, reason, updated_by)
SELECT d.case_id, 'in_force', d.start_month, d.start_month, d.phrase, d.decided_by
FROM onedoor.decisions d WHERE d.outcome = 'granted';
INSERT INTO onedoor.benefit_states (case_id, state, state_from, reason, actor, request_id)
SELECT d.case_id, 'in_force', d.start_month, d.phrase, d.decided_by, d.request_id
FROM onedoor.decisions d WHERE d.outcome = 'granted';

-- Changes a benefit's state from p_month (first of a month) with a reason:
--   in_force  -> suspended | stopped | expired
--   suspended -> in_force (resumed) | stopped | expired
-- stopped and expired are final.  The effective month may not be before
-- the current state's (history is appended, never rewritten).  Returns the
-- new state and version; a retry with the same request id returns the first
-- outcome.
CREATE FUNCTION onedoor.benefit_set_state(p_request_id uuid, p_case_id bigint,
					  p_version integer, p_state text, p_month date,
					  p_reason text)
RETURNS TABLE (case_id bigint, state text, state_from date, version integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	me onedoor.staff;
	c onedoor.cases;
	b onedoor.benefits;
	before jsonb;
	v_reason onedoor.reason_text := nullif(btrim(p_reason), '');
BEGIN
	prev := onedoor.request_begin(p_request_id, 'benefit_set_state');
	IF prev IS NOT NULL THEN
		RETURN QUERY SELECT (prev ->> 'case_id')::bigint, prev ->> 'state',
			(prev ->> 'state_from')::date, (prev ->> 'version')::int;
		RETURN;
	END IF;
	me := onedoor.current_staff();
	IF me.role_name IS NULL OR me.role_group NOT IN ('supervisor', 'approver') THEN
		RAISE EXCEPTION 'only the county centre or the department may change a benefit'
			USING ERRCODE = '42501';
	END IF;
	SELECT * INTO b FROM onedoor.benefits x WHERE x.case_id = p_case_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'case % has no benefit', p_case_id USING ERRCODE = 'P0002';
	END IF;
	SELECT * INTO c FROM onedoor.cases x WHERE x.id = p_case_id;
	IF NOT onedoor.staff_scope_ok(me, c) THEN
		RAISE EXCEPTION 'case % belongs to another %', c.case_no,
			CASE me.role_group WHEN 'approver' THEN 'department' ELSE 'county' END
			USING ERRCODE = '42501';
	END IF;
	IF b.version IS DISTINCT FROM p_version THEN
		RAISE EXCEPTION 'the benefit of case % was changed by someone else (version % is now %)',
			c.case_no, p_version, b.version USING ERRCODE = 'OD409';
	END IF;
	IF p_state IS NULL OR p_state NOT IN ('in_force', 'suspended', 'stopped', 'expired') THEN
		RAISE EXCEPTION 'unknown benefit state "%"', p_state USING ERRCODE = '22023';
	END IF;
	IF p_month IS NULL OR p_month <> date_trunc('month', p_month)::date THEN
		RAISE EXCEPTION 'the effective month is the first day of a month' USING ERRCODE = '22023';
	END IF;
	IF v_reason IS NULL THEN
		RAISE EXCEPTION 'a change of a benefit needs a reason' USING ERRCODE = '22023';
	END IF;
	IF b.state IN ('stopped', 'expired') OR p_state = b.state
	   OR (b.state = 'in_force' AND p_state = 'in_force') THEN
		RAISE EXCEPTION 'the benefit of case % is %: it cannot become %', c.case_no, b.state,
			p_state USING ERRCODE = '55000';
	END IF;
	IF p_month < b.state_from THEN
		RAISE EXCEPTION 'the benefit of case % is % from %: a change takes effect from then or later',
			c.case_no, b.state, to_char(b.state_from, 'YYYY-MM') USING ERRCODE = '55000';
	END IF;
	before := to_jsonb(b);
	INSERT INTO onedoor.benefit_states (case_id, from_state, state, state_from, reason,
					    request_id)
	VALUES (b.case_id, b.state, p_state, p_month, v_reason, p_request_id);
	UPDATE onedoor.benefits x SET state = p_state, state_from = p_month, reason = v_reason,
		version = x.version + 1, updated_by = session_user, updated_at = now()
	WHERE x.case_id = b.case_id RETURNING * INTO b;
	PERFORM onedoor.request_finish(p_request_id, 'benefit_set_state',
		jsonb_build_object('case_id', b.case_id, 'state', b.state,
				   'state_from', b.state_from, 'version', b.version));
	PERFORM onedoor.case_notify(c);
	PERFORM onedoor.audit_append('benefit', b.case_id::text, 'set_state', before, to_jsonb(b),
		p_request_id);
	RETURN QUERY SELECT b.case_id, b.state, b.state_from, b.version;
END $$;

-- Readable where the case is (the cases policy decides).
ALTER TABLE onedoor.benefits ENABLE ROW LEVEL SECURITY;
ALTER TABLE onedoor.benefit_states ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_read ON onedoor.benefits FOR SELECT USING (
	EXISTS (SELECT 1 FROM onedoor.cases c WHERE c.id = onedoor.benefits.case_id));
CREATE POLICY scope_read ON onedoor.benefit_states FOR SELECT USING (
	EXISTS (SELECT 1 FROM onedoor.cases c WHERE c.id = onedoor.benefit_states.case_id));
REVOKE ALL ON onedoor.benefits, onedoor.benefit_states FROM PUBLIC;
GRANT SELECT ON onedoor.benefits, onedoor.benefit_states TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
REVOKE ALL ON FUNCTION onedoor.benefit_state_at(onedoor.benefits, date),
	onedoor.benefit_from_decision(),
	onedoor.benefit_set_state(uuid, bigint, integer, text, date, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.benefit_set_state(uuid, bigint, integer, text, date, text)
	TO onedoor_supervisor, onedoor_approver;
