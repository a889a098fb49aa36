-- 0021_rechecks: random re-checks of commitment-track cases (随机抽查).
--
-- The commitment track (承诺制) approves before the full verification, on
-- the applicant's signed commitment, and promises a big-data post-check
-- within a month plus random re-checks.  Each month the county draws a
-- share of the commitment cases approved in that month.  The draw must be
-- one anybody can redo: the population (the case numbers, sorted), the
-- share and the seed are stored with the drawn list, the row is in the
-- audit trail, and the pick is a pure function of the three
-- (onedoor.recheck_pick), so the discipline commission recomputes it from
-- the audit entry alone and gets the same list.
--
-- The pick orders the population by sha256(seed ':' case number) and takes
-- the first ceil(n × percent / 100): uniform, without replacement, and
-- independent of the order rows come back in.
--
-- A drawn case gets a re-check with a clock: due one calendar month after
-- its approval (the next working day when that is a holiday), the same
-- rule as the post-check, yellow from five working days before.  The
-- county's verification office records the result (confirmed, or a
-- discrepancy with what it found); a discrepancy is an event in the case's
-- history, for the department to act on.

CREATE TABLE onedoor.recheck_draws (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	county      char(6) NOT NULL REFERENCES onedoor.regions,
	month       date NOT NULL CHECK (month = date_trunc('month', month)::date),
	percent     numeric(5, 2) NOT NULL CHECK (percent BETWEEN 0 AND 100),
	seed        text NOT NULL CHECK (seed ~ '^[A-Za-z0-9_.:-]{1,64}$'),
	population  text[] NOT NULL,
	drawn       text[] NOT NULL,
	drawn_by    name NOT NULL DEFAULT session_user,
	at          timestamptz NOT NULL DEFAULT clock_timestamp(),
	request_id  uuid NOT NULL,
	-- One draw per county and month: a second would let someone redraw
	-- until the list suits them.
	UNIQUE (county, month)
);

CREATE TABLE onedoor.rechecks (
	case_id     bigint PRIMARY KEY REFERENCES onedoor.cases,
	draw_id     bigint NOT NULL REFERENCES onedoor.recheck_draws,
	approved_on date NOT NULL,
	opened_on   date NOT NULL,
	due_on      date NOT NULL,
	warn_from   date NOT NULL,
	result      text CHECK (result IN ('confirmed', 'discrepancy')),
	note        text,
	done_by     name,
	done_on     date,
	version     integer NOT NULL DEFAULT 1,
	CHECK ((result IS NULL) = (done_on IS NULL))
);
CREATE INDEX rechecks_open ON onedoor.rechecks (due_on) WHERE result IS NULL;

ALTER TABLE onedoor.recheck_draws ENABLE ROW LEVEL SECURITY;
ALTER TABLE onedoor.rechecks ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_read ON onedoor.recheck_draws FOR SELECT USING (
	(SELECT (onedoor.current_staff()).role_group) IN ('auditor', 'admin')
	OR county = (SELECT (onedoor.current_staff()).county));
CREATE POLICY scope_read ON onedoor.rechecks FOR SELECT USING (
	EXISTS (SELECT 1 FROM onedoor.cases c WHERE c.id = onedoor.rechecks.case_id));

CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON onedoor.recheck_draws
	FOR EACH ROW EXECUTE FUNCTION onedoor.audit_row('id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON onedoor.rechecks
	FOR EACH ROW EXECUTE FUNCTION onedoor.audit_row('case_id');

-- The draw itself: which of p_population (case numbers) a draw with this
-- share and seed picks, in pick order.  Pure, so anyone can redo it.
CREATE FUNCTION onedoor.recheck_pick(p_population text[], p_percent numeric, p_seed text)
RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT coalesce(array_agg(x.case_no ORDER BY x.k), '{}')
	FROM (SELECT p.case_no, pg_catalog.sha256(pg_catalog.convert_to(p_seed || ':' || p.case_no,
							      'UTF8')) AS k
	      FROM unnest(p_population) AS p(case_no)
	      ORDER BY 2
	      LIMIT ceil(cardinality(p_population) * p_percent / 100)) x
$$;

-- Draws p_percent of the caller's county's commitment-track cases approved
-- in p_month (any day of it), with p_seed (NULL: a fresh random one), and
-- opens their re-checks.  Supervisors and county administrators only; a
-- month not yet begun, a percent outside 0-100 and a second draw for the
-- same month are refused.  Returns the draw's id (the first outcome again
-- on a retry).
CREATE FUNCTION onedoor.recheck_draw(p_request_id uuid, p_month date, p_percent numeric,
				     p_seed text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	prev jsonb;
	me onedoor.staff := onedoor.current_staff();
	today date := onedoor.today();
	v_month date := date_trunc('month', p_month)::date;
	v_seed text := coalesce(nullif(btrim(p_seed), ''),
				replace(gen_random_uuid()::text, '-', ''));
	pop text[];
	d onedoor.recheck_draws;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'recheck_draw');
	IF prev IS NOT NULL THEN
		RETURN (prev ->> 'id')::bigint;
	END IF;
	IF me.role_name IS NULL OR me.role_group NOT IN ('supervisor', 'admin')
	   OR me.county IS NULL THEN
		RAISE EXCEPTION 'only a county''s supervision window or administrator draws re-checks'
			USING ERRCODE = '42501';
	END IF;
	IF p_month IS NULL OR v_month > date_trunc('month', today)::date THEN
		RAISE EXCEPTION 'month % has not begun: only approvals already made can be drawn',
			to_char(p_month, 'YYYY-MM') USING ERRCODE = '22023';
	END IF;
	IF p_percent IS NULL OR p_percent < 0 OR p_percent > 100 THEN
		RAISE EXCEPTION 'the share drawn must be between 0 and 100 percent, not %', p_percent
			USING ERRCODE = '22023';
	END IF;
	IF v_seed !~ '^[A-Za-z0-9_.:-]{1,64}$' THEN
		RAISE EXCEPTION 'a seed is 1 to 64 letters, digits or _ . : -' USING ERRCODE = '22023';
	END IF;
	SELECT coalesce(array_agg(DISTINCT c.case_no ORDER BY c.case_no), '{}') INTO pop
	FROM onedoor.cases c JOIN onedoor.case_events e ON e.case_id = c.id
	WHERE c.county = me.county AND c.track = 'commitment' AND e.action = 'approve'
	  AND e.on_day >= v_month AND e.on_day < (v_month + interval '1 month')::date;
	INSERT INTO onedoor.recheck_draws AS x (county, month, percent, seed, population, drawn,
		request_id)
	VALUES (me.county, v_month, p_percent, v_seed, pop,
		onedoor.recheck_pick(pop, p_percent, v_seed), p_request_id)
	ON CONFLICT (county, month) DO NOTHING
	RETURNING * INTO d;
	IF d.id IS NULL THEN
		RAISE EXCEPTION 'the re-checks of % were already drawn', to_char(v_month, 'YYYY-MM')
			USING ERRCODE = '23505';
	END IF;
	INSERT INTO onedoor.rechecks (case_id, draw_id, approved_on, opened_on, due_on, warn_from)
	SELECT c.id, d.id, a.on_day, today, a.due, onedoor.warn_from(a.due, 5)
	FROM onedoor.cases c
	CROSS JOIN LATERAL (SELECT e.on_day, onedoor.postcheck_due(e.on_day) AS due
			    FROM onedoor.case_events e
			    WHERE e.case_id = c.id AND e.action = 'approve'
			    ORDER BY e.id DESC LIMIT 1) a
	WHERE c.case_no = ANY (d.drawn);
	PERFORM onedoor.request_finish(p_request_id, 'recheck_draw', jsonb_build_object('id', d.id));
	RETURN d.id;
END $$;

-- Records a re-check's result (the county's verification office): confirmed,
-- or a discrepancy with a note saying what was found.  Also an event in the
-- case's history.  Returns the re-check's new version.
CREATE FUNCTION onedoor.recheck_record(p_request_id uuid, p_case_id bigint, p_version integer,
				       p_result text, p_note text)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	prev jsonb;
	me onedoor.staff := onedoor.current_staff();
	c onedoor.cases;
	r onedoor.rechecks;
	v_note text;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'recheck_record');
	IF prev IS NOT NULL THEN
		RETURN (prev ->> 'version')::int;
	END IF;
	IF me.role_name IS NULL OR me.role_group <> 'verifier' THEN
		RAISE EXCEPTION 'only the verification office records a re-check' USING ERRCODE = '42501';
	END IF;
	SELECT * INTO r FROM onedoor.rechecks x WHERE x.case_id = p_case_id FOR UPDATE;
	SELECT * INTO c FROM onedoor.cases x WHERE x.id = p_case_id;
	IF r.case_id IS NULL OR c.county IS DISTINCT FROM me.county THEN
		RAISE EXCEPTION 'no re-check for case %', p_case_id USING ERRCODE = 'P0002';
	END IF;
	IF r.version IS DISTINCT FROM p_version THEN
		RAISE EXCEPTION 're-check of case % was changed by someone else', c.case_no
			USING ERRCODE = 'OD409';
	END IF;
	IF r.result IS NOT NULL THEN
		RAISE EXCEPTION 'the re-check of case % is already recorded', c.case_no
			USING ERRCODE = '55000';
	END IF;
	IF p_result IS NULL OR p_result NOT IN ('confirmed', 'discrepancy') THEN
		RAISE EXCEPTION 'unknown result "%"', p_result USING ERRCODE = '22023';
	END IF;
	IF p_result = 'discrepancy' THEN
		v_note := onedoor.required_note(p_note, 'say what the re-check found');
	ELSE
		v_note := nullif(btrim(p_note), '');
	END IF;
	UPDATE onedoor.rechecks x SET result = p_result, note = v_note,
		done_by = session_user, done_on = onedoor.today(), version = x.version + 1
	WHERE x.case_id = r.case_id RETURNING * INTO r;
	INSERT INTO onedoor.case_events (case_id, request_id, action, phrase, clock, from_stage,
		to_stage, from_entered_on, from_due, on_day, actor_group, actor_centre,
		actor_department, application_name, reason)
	VALUES (c.id, p_request_id, 'recheck',
		CASE p_result WHEN 'confirmed' THEN '抽查属实' ELSE '抽查发现问题' END, 'check',
		c.stage, c.stage, r.opened_on, r.due_on, onedoor.today(), me.role_group,
		me.centre_code, me.department, current_setting('application_name', true), v_note);
	PERFORM onedoor.case_notify(c);
	PERFORM onedoor.request_finish(p_request_id, 'recheck_record',
		jsonb_build_object('version', r.version));
	RETURN r.version;
END $$;

-- Re-checks with their lights, as a list shows them.
CREATE VIEW onedoor.recheck_list WITH (security_invoker = true) AS
WITH t AS MATERIALIZED (SELECT onedoor.today() AS today)
SELECT r.case_id, c.case_no, c.subject_name, c.centre_code, c.item_code, r.draw_id,
       d.month, r.approved_on, r.opened_on, r.due_on,
       CASE WHEN r.result IS NULL THEN onedoor.light(r.due_on, r.warn_from, t.today) END AS light,
       r.result, r.note, r.done_by, r.done_on, r.version
FROM onedoor.rechecks r
JOIN onedoor.cases c ON c.id = r.case_id
JOIN onedoor.recheck_draws d ON d.id = r.draw_id
CROSS JOIN t;

REVOKE ALL ON onedoor.recheck_draws, onedoor.rechecks, onedoor.recheck_list FROM PUBLIC;
GRANT SELECT ON onedoor.recheck_draws, onedoor.rechecks, onedoor.recheck_list TO
	onedoor_verifier, onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
REVOKE ALL ON FUNCTION onedoor.recheck_pick(text[], numeric, text),
	onedoor.recheck_draw(uuid, date, numeric, text),
	onedoor.recheck_record(uuid, bigint, integer, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.recheck_pick(text[], numeric, text) TO onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
GRANT EXECUTE ON FUNCTION onedoor.recheck_draw(uuid, date, numeric, text) TO onedoor_supervisor,
	onedoor_admin;
GRANT EXECUTE ON FUNCTION onedoor.recheck_record(uuid, bigint, integer, text, text) TO
	onedoor_verifier;
