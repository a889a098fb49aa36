-- 0025_warnings: proactive warnings reach someone (政策找人, 主动介入).
--
-- A warning the catalogue defines (catalogue_warnings) and discovery finds
-- for a household lands, once per department the catalogue names for it, in
-- that department's queue with its explanation.  The department acknowledges
-- it (签收) within ack_days working days: the acknowledgement clock has a
-- light like a case's stage (green, yellow from warn_days working days
-- before the due day, red after it; onedoor.light()).  It is closed with an
-- outcome: contacted (已联系), an application opened (已申请, optionally
-- naming it), or not needed (无需介入) with the reason.
--
-- Where warnings come from:
--   discovery  every row written to onedoor.discoveries with warnings
--              (whoever writes it: `onedoor-admin discover`, the set-based
--              discovery in the database) raises them, by the statement
--              trigger below, in the same transaction;
--   window     the household registered at a window (see the later
--              migration that evaluates it with the server engine).
-- A household keeps one open warning per code and department: finding it
-- again only moves last_found_on.  Once closed, the same finding raises a
-- new warning only after a quarter (90 days) has passed since the closure,
-- so that a "not needed" is not undone by the next nightly run.
--
-- A catalogue that names no department for a warning routes it to civil
-- affairs (民政), which runs social assistance.
--
-- Row security: a department's approvers see their department's warnings
-- (in their county when bound to one), clerks their centre's, verifiers and
-- supervisors their county's, auditors and admins all.  Only the
-- department acts on them (warning_act).

ALTER TABLE onedoor.catalogue_warnings
	ADD COLUMN departments text[] NOT NULL DEFAULT '{}',
	ADD COLUMN ack_days smallint NOT NULL DEFAULT 3 CHECK (ack_days BETWEEN 1 AND 30),
	ADD COLUMN warn_days smallint NOT NULL DEFAULT 1 CHECK (warn_days BETWEEN 1 AND 5);

-- A department named for a warning must exist (an array cannot carry a
-- foreign key): the import fails naming it.
CREATE FUNCTION onedoor.catalogue_warning_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE bad text;
BEGIN
	SELECT d INTO bad FROM unnest(NEW.departments) d
	WHERE NOT EXISTS (SELECT 1 FROM onedoor.departments x WHERE x.code = d) LIMIT 1;
	IF bad IS NOT NULL THEN
		RAISE EXCEPTION 'warning %: unknown department "%"', NEW.code, bad
			USING ERRCODE = '23503';
	END IF;
	RETURN NEW;
END $$;
CREATE TRIGGER departments_exist BEFORE INSERT OR UPDATE ON onedoor.catalogue_warnings
	FOR EACH ROW EXECUTE FUNCTION onedoor.catalogue_warning_check();

-- A note a person typed (an outcome, a reason, what was done), for every
-- write function of the registers below: trimmed, NULL when blank; 22023
-- naming p_what unless it is one line of at most 500 characters without
-- control or invisible characters (reason_text, 0019_hardening.sql).
CREATE FUNCTION onedoor.note_text(p_note text, p_what text) RETURNS onedoor.reason_text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE n text := nullif(btrim(p_note, E' \u3000'), '');
BEGIN
	IF n IS NULL THEN
		RETURN NULL;
	END IF;
	BEGIN
		RETURN n::onedoor.reason_text;
	EXCEPTION WHEN check_violation THEN
		RAISE EXCEPTION '% must be one line of at most 500 characters', p_what
			USING ERRCODE = '22023';
	END;
END $$;

CREATE SEQUENCE onedoor.warning_seq;

CREATE TABLE onedoor.warnings (
	id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	warning_no       text NOT NULL UNIQUE,
	household_id     bigint NOT NULL REFERENCES onedoor.households,
	-- Copied when raised: a department reads the queue without the right to
	-- read the household itself (it has no case of it).
	household_no     text NOT NULL,
	subject_name     text NOT NULL,
	centre_code      text NOT NULL REFERENCES onedoor.centres,
	county           char(6) NOT NULL REFERENCES onedoor.regions,
	-- No foreign key: a warning stays when a catalogue drops its code.
	warning_code     text NOT NULL,
	department       text NOT NULL REFERENCES onedoor.departments,
	source           text NOT NULL CHECK (source IN ('discovery', 'window')),
	run_id           bigint,
	application_id   bigint REFERENCES onedoor.applications,
	name_zh          text NOT NULL,
	name_en          text NOT NULL,
	message_zh       text NOT NULL,
	message_en       text NOT NULL,
	raised_on        date NOT NULL,
	raised_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
	last_found_on    date NOT NULL,
	ack_limit        smallint NOT NULL,
	ack_due          date NOT NULL,
	ack_warn_from    date NOT NULL,
	state            text NOT NULL DEFAULT 'open'
				CHECK (state IN ('open', 'acknowledged', 'closed')),
	acknowledged_on  date,
	acknowledged_by  name,
	outcome          text CHECK (outcome IN ('contacted', 'application', 'not_needed')),
	outcome_note     onedoor.reason_text,
	outcome_application text,
	closed_on        date,
	closed_by        name,
	version          integer NOT NULL DEFAULT 1,
	updated_at       timestamptz NOT NULL DEFAULT now(),
	CHECK ((state = 'closed') = (outcome IS NOT NULL)),
	CHECK ((state = 'closed') = (closed_on IS NOT NULL)),
	CHECK ((state = 'open') = (acknowledged_on IS NULL)),
	CHECK (outcome IS DISTINCT FROM 'not_needed' OR outcome_note IS NOT NULL)
);
-- One open warning per household, code and department.
CREATE UNIQUE INDEX warnings_one_open ON onedoor.warnings (household_id, warning_code, department)
	WHERE state <> 'closed';
-- The department's queue in urgency order (open before acknowledged, then
-- the acknowledgement due day).
CREATE INDEX warnings_queue ON onedoor.warnings (department, state, ack_due, id)
	WHERE state <> 'closed';
CREATE INDEX warnings_centre ON onedoor.warnings (centre_code, state) WHERE state <> 'closed';
CREATE INDEX warnings_household ON onedoor.warnings (household_id);

ALTER TABLE onedoor.warnings ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_read ON onedoor.warnings FOR SELECT USING (
	centre_code = ANY ((SELECT onedoor.my_centres())::text[])
	OR (department = (SELECT onedoor.my_department())
	    AND ((SELECT onedoor.my_approver_county()) IS NULL
		 OR county = (SELECT onedoor.my_approver_county()))));

-- Raises warning p_code for a household (one per department the catalogue
-- names), or notes that it was found again.  Returns the number of new
-- warnings.  Internal: called by the discovery trigger and the window.
CREATE FUNCTION onedoor.warning_raise(p_household_id bigint, p_code text, p_source text,
				      p_run_id bigint, p_application_id bigint, p_today date)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
	h record;
	cw onedoor.catalogue_warnings;
	dept text;
	depts text[];
	w onedoor.warnings;
	made integer := 0;
BEGIN
	SELECT x.id, x.household_no, x.centre_code, c.county, x.active,
	       coalesce((SELECT p.name FROM onedoor.household_members m
			 JOIN onedoor.persons p ON p.id = m.person_id
			 WHERE m.household_id = x.id AND m.position = 1), '') AS subject
	INTO h
	FROM onedoor.households x JOIN onedoor.centres c ON c.code = x.centre_code
	WHERE x.id = p_household_id;
	IF NOT FOUND OR NOT h.active THEN
		RETURN 0;
	END IF;
	SELECT * INTO cw FROM onedoor.catalogue_warnings WHERE code = p_code;
	IF NOT FOUND THEN
		RETURN 0;
	END IF;
	depts := CASE WHEN cardinality(cw.departments) > 0 THEN cw.departments
		      ELSE ARRAY['civil_affairs'] END;
	FOREACH dept IN ARRAY depts LOOP
		CONTINUE WHEN NOT EXISTS (SELECT 1 FROM onedoor.departments d WHERE d.code = dept);
		UPDATE onedoor.warnings x SET last_found_on = greatest(x.last_found_on, p_today)
		WHERE x.household_id = p_household_id AND x.warning_code = p_code
		  AND x.department = dept AND x.state <> 'closed';
		CONTINUE WHEN FOUND;
		CONTINUE WHEN EXISTS (SELECT 1 FROM onedoor.warnings x
				      WHERE x.household_id = p_household_id
					AND x.warning_code = p_code AND x.department = dept
					AND x.closed_on > p_today - 90);
		w := NULL;
		w.warning_no := 'W' || to_char(p_today, 'YYMMDD') ||
			lpad(nextval('onedoor.warning_seq')::text, 6, '0');
		w.ack_due := onedoor.add_working_days(p_today, cw.ack_days);
		INSERT INTO onedoor.warnings (warning_no, household_id, household_no, subject_name,
			centre_code, county, warning_code, department, source, run_id,
			application_id, name_zh, name_en, message_zh, message_en, raised_on,
			last_found_on, ack_limit, ack_due, ack_warn_from)
		VALUES (w.warning_no, h.id, h.household_no, h.subject, h.centre_code, h.county,
			p_code, dept, p_source, p_run_id, p_application_id,
			coalesce(nullif(cw.name_zh, ''), cw.code),
			coalesce(nullif(cw.name_en, ''), cw.code),
			cw.message_zh, cw.message_en, p_today, p_today, cw.ack_days, w.ack_due,
			onedoor.warn_from(w.ack_due, cw.warn_days))
		RETURNING * INTO w;
		PERFORM pg_catalog.pg_notify('onedoor_department_' || dept, 'warning ' || w.id);
		PERFORM onedoor.audit_append('warning', w.warning_no, 'raise', NULL, to_jsonb(w));
		made := made + 1;
	END LOOP;
	RETURN made;
END $$;

-- Every discoveries row with warnings raises them, whoever wrote it.
CREATE FUNCTION onedoor.warnings_from_discoveries() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE today date := onedoor.today();
BEGIN
	PERFORM onedoor.warning_raise(d.household_id, code, 'discovery', d.run_id, NULL, today)
	FROM (SELECT * FROM new_rows n WHERE cardinality(n.warnings) > 0
	      ORDER BY n.household_id) d
	CROSS JOIN LATERAL unnest(d.warnings) code;
	RETURN NULL;
END $$;
CREATE TRIGGER raise_warnings AFTER INSERT ON onedoor.discoveries
	REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION onedoor.warnings_from_discoveries();

-- The department acts on a warning:
--   acknowledge (签收)                       open -> acknowledged
--   close (办结) with p_outcome:             open or acknowledged -> closed
--       contacted      已联系
--       application    已申请 (p_application_no: the household's application, optional)
--       not_needed     无需介入; p_note (the reason) required
-- Only an approver of the warning's department (of its county when bound to
-- one).  Errors as the case functions (0005_cases.sql): 42501, 55000, OD409,
-- P0002, 22023.  Returns the new state and version.
CREATE FUNCTION onedoor.warning_act(p_request_id uuid, p_warning_id bigint, p_version integer,
				    p_action text, p_outcome text DEFAULT NULL,
				    p_note text DEFAULT NULL, p_application_no text DEFAULT NULL)
RETURNS TABLE (warning_id bigint, state text, version integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	me onedoor.staff;
	w onedoor.warnings;
	before jsonb;
	today date := onedoor.today();
	note text := onedoor.note_text(p_note, 'the note');
	app_no text := nullif(btrim(p_application_no), '');
BEGIN
	prev := onedoor.request_begin(p_request_id, 'warning_act');
	IF prev IS NOT NULL THEN
		RETURN QUERY SELECT (prev ->> 'warning_id')::bigint, prev ->> 'state',
			(prev ->> 'version')::int;
		RETURN;
	END IF;
	me := onedoor.current_staff();
	IF me.role_name IS NULL OR me.role_group <> 'approver' THEN
		RAISE EXCEPTION 'only the department a warning is routed to may act on it'
			USING ERRCODE = '42501';
	END IF;
	SELECT * INTO w FROM onedoor.warnings x WHERE x.id = p_warning_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'warning % not found', p_warning_id USING ERRCODE = 'P0002';
	END IF;
	IF w.department <> me.department OR (me.county IS NOT NULL AND me.county <> w.county) THEN
		RAISE EXCEPTION 'warning % belongs to another department', w.warning_no
			USING ERRCODE = '42501';
	END IF;
	IF w.version IS DISTINCT FROM p_version THEN
		RAISE EXCEPTION 'warning % was changed by someone else (version % is now %)',
			w.warning_no, p_version, w.version USING ERRCODE = 'OD409';
	END IF;
	before := to_jsonb(w);
	IF p_action NOT IN ('acknowledge', 'close') THEN
		RAISE EXCEPTION 'unknown action "%"', p_action USING ERRCODE = '22023';
	END IF;
	IF w.state = 'closed' OR (p_action = 'acknowledge' AND w.state <> 'open') THEN
		RAISE EXCEPTION 'warning % is already %', w.warning_no, w.state
			USING ERRCODE = '55000';
	END IF;
	IF w.state = 'open' THEN
		w.state := 'acknowledged';
		w.acknowledged_on := today;
		w.acknowledged_by := session_user;
	END IF;
	IF p_action = 'close' THEN
		IF p_outcome IS NULL OR p_outcome NOT IN ('contacted', 'application', 'not_needed') THEN
			RAISE EXCEPTION 'the outcome must be contacted, application or not_needed'
				USING ERRCODE = '22023';
		END IF;
		IF p_outcome = 'not_needed' AND note IS NULL THEN
			RAISE EXCEPTION 'say why no step is needed' USING ERRCODE = '22023';
		END IF;
		IF app_no IS NOT NULL AND NOT EXISTS (
			SELECT 1 FROM onedoor.applications a
			WHERE a.application_no = app_no AND a.household_id = w.household_id) THEN
			RAISE EXCEPTION 'application % is not one of this household''s', app_no
				USING ERRCODE = '22023';
		END IF;
		w.state := 'closed';
		w.outcome := p_outcome;
		w.outcome_note := note;
		w.outcome_application := CASE WHEN p_outcome = 'application' THEN app_no END;
		w.closed_on := today;
		w.closed_by := session_user;
	END IF;
	UPDATE onedoor.warnings x SET state = w.state, acknowledged_on = w.acknowledged_on,
		acknowledged_by = w.acknowledged_by, outcome = w.outcome,
		outcome_note = w.outcome_note, outcome_application = w.outcome_application,
		closed_on = w.closed_on, closed_by = w.closed_by, version = x.version + 1,
		updated_at = now()
	WHERE x.id = w.id AND x.version = p_version
	RETURNING * INTO w;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'warning % was not updated', p_warning_id USING ERRCODE = 'XX000';
	END IF;
	PERFORM onedoor.request_finish(p_request_id, 'warning_act',
		jsonb_build_object('warning_id', w.id, 'state', w.state, 'version', w.version));
	PERFORM pg_catalog.pg_notify('onedoor_department_' || w.department, 'warning ' || w.id);
	PERFORM onedoor.audit_append('warning', w.warning_no, p_action, before, to_jsonb(w),
		p_request_id);
	RETURN QUERY SELECT w.id, w.state, w.version;
END $$;

-- The queue: warnings not closed, with the acknowledgement light (NULL once
-- acknowledged), the working days left to acknowledge and the age in
-- working days.  Urgency order: ORDER BY state = 'acknowledged', ack_due, id
-- (red and yellow come first among the open ones, as their due days are the
-- earliest).
CREATE VIEW onedoor.warning_queue WITH (security_invoker = true) AS
WITH t AS MATERIALIZED (
	SELECT onedoor.today() AS today, onedoor.working_seq(onedoor.today()) AS today_seq)
SELECT w.id, w.warning_no, w.household_id, w.household_no, w.subject_name, w.centre_code,
       ce.name AS centre_name, w.county, w.warning_code, w.department, w.source,
       w.name_zh, w.name_en, w.message_zh, w.message_en, w.raised_on, w.last_found_on,
       w.ack_due, w.state, w.acknowledged_on, w.acknowledged_by, w.version,
       CASE WHEN w.state = 'open' THEN onedoor.light(w.ack_due, w.ack_warn_from, t.today)
       END AS light,
       CASE WHEN w.state = 'open' THEN
	       (SELECT d.seq FROM onedoor.working_days d WHERE d.day = w.ack_due) - t.today_seq
       END AS days_left,
       t.today_seq - (SELECT d.seq FROM onedoor.working_days d WHERE d.day = w.raised_on)
		AS age_days,
       t.today
FROM onedoor.warnings w
CROSS JOIN t
JOIN onedoor.centres ce ON ce.code = w.centre_code
WHERE w.state <> 'closed';

-- The supervisor's figures: warnings not closed, by centre (township), by
-- age in working days since raised, and how many are red.
CREATE VIEW onedoor.warning_figures WITH (security_invoker = true) AS
SELECT q.centre_code, q.centre_name,
       count(*) AS not_closed,
       count(*) FILTER (WHERE q.state = 'open') AS unacknowledged,
       count(*) FILTER (WHERE q.light = 'red') AS red,
       count(*) FILTER (WHERE q.light = 'yellow') AS yellow,
       count(*) FILTER (WHERE q.age_days <= 2) AS age_0_2,
       count(*) FILTER (WHERE q.age_days BETWEEN 3 AND 5) AS age_3_5,
       count(*) FILTER (WHERE q.age_days BETWEEN 6 AND 10) AS age_6_10,
       count(*) FILTER (WHERE q.age_days > 10) AS age_over_10
FROM onedoor.warning_queue q
GROUP BY q.centre_code, q.centre_name;

GRANT SELECT ON onedoor.warnings, onedoor.warning_queue, onedoor.warning_figures TO
	onedoor_clerk, onedoor_verifier, onedoor_supervisor, onedoor_approver, onedoor_auditor,
	onedoor_admin;
REVOKE ALL ON FUNCTION onedoor.note_text(text, text), onedoor.warning_raise(bigint, text, text, bigint, bigint, date),
	onedoor.catalogue_warning_check(),
	onedoor.warnings_from_discoveries(),
	onedoor.warning_act(uuid, bigint, integer, text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.warning_act(uuid, bigint, integer, text, text, text, text)
	TO onedoor_approver;

