-- 0026_monitoring: the monitoring register (监测预警库), Xisaishan's two
-- databases of households that are watched, not forgotten.
--
--   category 1 (一类库)  hard-up, not yet eligible: the menu does not rule
--                        them out (some item lacks data) but grants nothing
--   category 2 (二类库)  clearly not eligible now: every item rules them out
--
-- Each entry has a reason, the person responsible, the day entered, and a
-- visit due every quarter (一季度一访问): three calendar months after entry
-- or the last visit, moved to the next working day when that is not one,
-- with a light like a case's stage (yellow from 5 working days before, red
-- once missed).  A visit records the day, who, what was found and the facts
-- updated; the server re-runs the menu on the updated facts
-- (onedoor.engine_match) and proposes:
--   application   an item is now eligible and not held: open an application
--   category_1    a category-2 household the menu no longer rules out
--   category_2    a category-1 household every item now rules out
-- The centre then acts (monitoring_act): move category, leave the register
-- (with a reason, or because an application was opened).
--
-- Entry comes from a refused application (不同意受理), a warning, a review
-- that stopped a benefit (a case refused after it was granted), or a village
-- coordinator's report (0028_reports.sql); the source is named and checked.
--
-- facts is the household as last known, as the engine reads it
-- (household_document, 0020_engine.sql: {"region", "hukou", "facts",
-- "members": [{"resident_id", "name", "relation", "facts"}]}), so that a
-- report of a household never registered can be watched too; visits
-- update it.
--
-- Who: clerks of the entry's centre and supervisors of its county enter,
-- visit and act; the coordinator of the entry's village visits and reads
-- their village's entries.

CREATE SEQUENCE onedoor.monitoring_seq;

CREATE TABLE onedoor.monitoring (
	id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	entry_no         text NOT NULL UNIQUE,
	household_id     bigint REFERENCES onedoor.households,
	subject_name     text NOT NULL,
	centre_code      text NOT NULL REFERENCES onedoor.centres,
	county           char(6) NOT NULL REFERENCES onedoor.regions,
	village          text REFERENCES onedoor.villages,
	category         smallint NOT NULL CHECK (category IN (1, 2)),
	reason           onedoor.reason_text NOT NULL,
	source           text NOT NULL CHECK (source IN
				('refused_application', 'warning', 'benefit_stopped', 'report')),
	source_ref       text NOT NULL,
	responsible      onedoor.person_text NOT NULL,
	entered_on       date NOT NULL,
	entered_by       name NOT NULL DEFAULT session_user,
	facts            jsonb NOT NULL CHECK (jsonb_typeof(facts) = 'object'
				AND octet_length(facts::text) <= 65536),
	visit_due        date,
	visit_warn_from  date,
	last_visit_on    date,
	visits           integer NOT NULL DEFAULT 0,
	-- The last visit's proposal and the items it found eligible.
	proposal         text CHECK (proposal IN ('application', 'category_1', 'category_2')),
	proposal_items   text[] NOT NULL DEFAULT '{}',
	state            text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'left')),
	left_on          date,
	left_reason      onedoor.reason_text,
	application_no   text,
	version          integer NOT NULL DEFAULT 1,
	updated_at       timestamptz NOT NULL DEFAULT now(),
	CHECK ((state = 'active') = (visit_due IS NOT NULL)),
	CHECK ((state = 'left') = (left_on IS NOT NULL))
);
-- A household is on the register once at a time.
CREATE UNIQUE INDEX monitoring_one_active ON onedoor.monitoring (household_id)
	WHERE state = 'active';
-- The register in visit order, per centre and per village.
CREATE INDEX monitoring_centre ON onedoor.monitoring (centre_code, visit_due, id)
	WHERE state = 'active';
CREATE INDEX monitoring_village ON onedoor.monitoring (village, visit_due, id)
	WHERE state = 'active';
CREATE INDEX monitoring_county ON onedoor.monitoring (county, category) WHERE state = 'active';

CREATE TABLE onedoor.monitoring_visits (
	id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	monitoring_id  bigint NOT NULL REFERENCES onedoor.monitoring,
	visited_on     date NOT NULL,
	visitor        name NOT NULL DEFAULT session_user,
	findings       onedoor.reason_text NOT NULL,
	-- The visit was owed by this day; late when made after it.
	due_on         date NOT NULL,
	facts_before   jsonb NOT NULL,
	facts_after    jsonb NOT NULL,
	menu           jsonb NOT NULL,
	proposal       text CHECK (proposal IN ('application', 'category_1', 'category_2')),
	proposal_items text[] NOT NULL DEFAULT '{}',
	request_id     uuid NOT NULL UNIQUE,
	at             timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX monitoring_visits_entry ON onedoor.monitoring_visits (monitoring_id, id);

ALTER TABLE onedoor.monitoring ENABLE ROW LEVEL SECURITY;
ALTER TABLE onedoor.monitoring_visits ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_read ON onedoor.monitoring FOR SELECT USING (
	centre_code = ANY ((SELECT onedoor.my_centres())::text[])
	OR village = (SELECT onedoor.my_village()));
CREATE POLICY scope_read ON onedoor.monitoring_visits FOR SELECT USING (
	EXISTS (SELECT 1 FROM onedoor.monitoring m WHERE m.id = monitoring_id));

-- The quarterly visit's due day after p_day.
CREATE FUNCTION onedoor.quarter_due(p_day date) RETURNS date
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN onedoor.add_working_days((p_day + interval '3 months')::date, 0);
END $$;

-- What a menu (engine_match output) proposes for an entry of p_category:
-- (proposal, items eligible and not held).
CREATE FUNCTION onedoor.monitoring_proposal(p_menu jsonb, p_category smallint,
					    OUT proposal text, OUT items text[])
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
	any_missing boolean;
BEGIN
	SELECT coalesce(array_agg(i ->> 'code' ORDER BY i ->> 'code'), '{}') INTO items
	FROM jsonb_array_elements(coalesce(p_menu -> 'items', '[]')) i
	WHERE i ->> 'verdict' = 'eligible' AND NOT coalesce((i ->> 'held')::boolean, false);
	SELECT coalesce(bool_or(i ->> 'verdict' = 'missing_data'), false) INTO any_missing
	FROM jsonb_array_elements(coalesce(p_menu -> 'items', '[]')) i
	WHERE NOT coalesce((i ->> 'held')::boolean, false);
	proposal := CASE
		WHEN cardinality(items) > 0 THEN 'application'
		WHEN p_category = 2 AND any_missing THEN 'category_1'
		WHEN p_category = 1 AND NOT any_missing THEN 'category_2'
	END;
END $$;

-- May the caller enter, visit or act on entries of this centre / village?
-- ('write': clerk of the centre or supervisor of its county; 'visit': also
-- the coordinator of the village.)
CREATE FUNCTION onedoor.monitoring_may(me onedoor.staff, p_centre text, p_village text,
				       p_what text) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT coalesce(CASE me.role_group
		WHEN 'clerk' THEN me.centre_code = p_centre
		WHEN 'supervisor' THEN me.county = (SELECT c.county FROM onedoor.centres c
						    WHERE c.code = p_centre)
		WHEN 'coordinator' THEN p_what = 'visit' AND me.village = p_village
		END, false)
$$;

-- Puts a household on the register.  p_source and p_source_ref:
--   refused_application  an application refused at the window (its number)
--   warning              a warning of the household (its number)
--   benefit_stopped      a case refused after it had been granted (its number)
--   report               (reports only: report_to_monitoring, 0019)
-- p_category 1 or 2; p_reason and p_responsible required.  23505 when the
-- household is already on the register (DETAIL: its entry number).
CREATE FUNCTION onedoor.monitoring_enter(p_request_id uuid, p_source text, p_source_ref text,
					 p_category integer, p_reason text, p_responsible text)
RETURNS TABLE (monitoring_id bigint, entry_no text, version integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	me onedoor.staff;
	hh bigint;
	ref text := btrim(p_source_ref);
	made record;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'monitoring_enter');
	IF prev IS NOT NULL THEN
		RETURN QUERY SELECT x.id, x.entry_no, x.version FROM onedoor.monitoring x
			WHERE x.id = (prev ->> 'monitoring_id')::bigint;
		RETURN;
	END IF;
	me := onedoor.current_staff();
	IF me.role_name IS NULL OR me.role_group NOT IN ('clerk', 'supervisor') THEN
		RAISE EXCEPTION 'only a centre clerk or a supervisor may enter a household for monitoring'
			USING ERRCODE = '42501';
	END IF;
	CASE p_source
	WHEN 'refused_application' THEN
		SELECT a.household_id INTO hh FROM onedoor.applications a
		WHERE a.application_no = ref AND a.status = 'refused';
	WHEN 'warning' THEN
		SELECT w.household_id INTO hh FROM onedoor.warnings w WHERE w.warning_no = ref;
	WHEN 'benefit_stopped' THEN
		SELECT c.household_id INTO hh FROM onedoor.cases c
		WHERE c.case_no = ref AND c.stage = 'refused'
		  AND (c.approved_by IS NOT NULL OR c.check_result = 'failed');
	ELSE
		RAISE EXCEPTION 'a household enters monitoring from a refused application, a warning or a stopped benefit'
			USING ERRCODE = '22023';
	END CASE;
	IF hh IS NULL THEN
		RAISE EXCEPTION 'no % "%"', replace(p_source, '_', ' '), ref USING ERRCODE = 'P0002';
	END IF;
	SELECT * INTO made FROM onedoor.monitoring_insert(p_request_id, me, hh, NULL, NULL,
		p_source, ref, p_category, p_reason, p_responsible);
	PERFORM onedoor.request_finish(p_request_id, 'monitoring_enter',
		jsonb_build_object('monitoring_id', made.monitoring_id));
	RETURN QUERY SELECT made.monitoring_id, made.entry_no, made.version;
END $$;

-- The insert behind monitoring_enter and report_to_monitoring: checks the
-- caller's scope and audits; the caller records the request's outcome.
-- A registered household (p_household_id), or a reported one (its document
-- and village).
CREATE FUNCTION onedoor.monitoring_insert(p_request_id uuid, me onedoor.staff,
	p_household_id bigint, p_report_facts jsonb, p_report_village text, p_source text,
	p_ref text, p_category integer, p_reason text, p_responsible text)
RETURNS TABLE (monitoring_id bigint, entry_no text, version integer)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
	m onedoor.monitoring;
	today date := onedoor.today();
	clash text;
BEGIN
	IF p_category IS NULL OR p_category NOT IN (1, 2) THEN
		RAISE EXCEPTION 'the category is 1 or 2' USING ERRCODE = '22023';
	END IF;
	IF onedoor.note_text(p_reason, 'the reason') IS NULL
	   OR nullif(btrim(p_responsible), '') IS NULL THEN
		RAISE EXCEPTION 'an entry needs a reason and the person responsible'
			USING ERRCODE = '22023';
	END IF;
	IF p_household_id IS NOT NULL THEN
		SELECT h.centre_code, c.county, onedoor.household_document(h.id),
		       coalesce((SELECT p.name FROM onedoor.household_members hm
				 JOIN onedoor.persons p ON p.id = hm.person_id
				 WHERE hm.household_id = h.id AND hm.position = 1), h.household_no)
		INTO m.centre_code, m.county, m.facts, m.subject_name
		FROM onedoor.households h JOIN onedoor.centres c ON c.code = h.centre_code
		WHERE h.id = p_household_id;
		SELECT x.entry_no INTO clash FROM onedoor.monitoring x
		WHERE x.household_id = p_household_id AND x.state = 'active';
		IF clash IS NOT NULL THEN
			RAISE EXCEPTION 'the household is already on the monitoring register (%)', clash
				USING ERRCODE = '23505', DETAIL = clash;
		END IF;
	ELSE
		SELECT v.centre_code, c.county INTO m.centre_code, m.county
		FROM onedoor.villages v JOIN onedoor.centres c ON c.code = v.centre_code
		WHERE v.code = p_report_village;
		m.facts := p_report_facts;
		m.subject_name := coalesce(p_report_facts #>> '{members,0,name}', '');
		m.village := p_report_village;
	END IF;
	IF NOT onedoor.monitoring_may(me, m.centre_code, m.village, 'write') THEN
		RAISE EXCEPTION 'the household belongs to another centre' USING ERRCODE = '42501';
	END IF;
	m.entry_no := 'M' || to_char(today, 'YYMMDD') ||
		lpad(nextval('onedoor.monitoring_seq')::text, 6, '0');
	m.visit_due := onedoor.quarter_due(today);
	INSERT INTO onedoor.monitoring (entry_no, household_id, subject_name, centre_code, county,
		village, category, reason, source, source_ref, responsible, entered_on, facts,
		visit_due, visit_warn_from)
	VALUES (m.entry_no, p_household_id, m.subject_name, m.centre_code, m.county, m.village,
		p_category, onedoor.note_text(p_reason, 'the reason'), p_source, p_ref, btrim(p_responsible), today, m.facts,
		m.visit_due, onedoor.warn_from(m.visit_due, 5))
	RETURNING * INTO m;
	PERFORM onedoor.audit_append('monitoring', m.entry_no, 'enter', NULL, to_jsonb(m),
		p_request_id);
	RETURN QUERY SELECT m.id, m.entry_no, m.version;
END $$;

-- The active entry the caller is about to visit or change, locked; raises
-- as the header says when they may not.
CREATE FUNCTION onedoor.monitoring_to_change(p_monitoring_id bigint, p_version integer,
					     p_what text) RETURNS onedoor.monitoring
LANGUAGE plpgsql AS $$
DECLARE
	me onedoor.staff := onedoor.current_staff();
	m onedoor.monitoring;
BEGIN
	SELECT * INTO m FROM onedoor.monitoring x WHERE x.id = p_monitoring_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'monitoring entry % not found', p_monitoring_id
			USING ERRCODE = 'P0002';
	END IF;
	IF me.role_name IS NULL OR NOT onedoor.monitoring_may(me, m.centre_code, m.village,
							      p_what) THEN
		RAISE EXCEPTION 'entry % belongs to another centre or village', m.entry_no
			USING ERRCODE = '42501';
	END IF;
	IF m.version IS DISTINCT FROM p_version THEN
		RAISE EXCEPTION 'entry % was changed by someone else (version % is now %)',
			m.entry_no, p_version, m.version USING ERRCODE = 'OD409';
	END IF;
	IF m.state <> 'active' THEN
		RAISE EXCEPTION 'entry % has left the register', m.entry_no USING ERRCODE = '55000';
	END IF;
	RETURN m;
END $$;

-- Merges a visit's changes into a household document: p_changes
-- {"facts": {...}, "members": [{"position": N, "facts": {...}}, ...]};
-- a key with a JSON null removes the fact.
CREATE FUNCTION onedoor.document_apply(p_doc jsonb, p_changes jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
	doc jsonb := p_doc;
	ch jsonb;
	pos integer;
BEGIN
	IF p_changes IS NULL OR p_changes = '{}'::jsonb THEN
		RETURN doc;
	END IF;
	IF jsonb_typeof(p_changes) <> 'object'
	   OR jsonb_typeof(coalesce(p_changes -> 'facts', '{}')) <> 'object'
	   OR jsonb_typeof(coalesce(p_changes -> 'members', '[]')) <> 'array' THEN
		RAISE EXCEPTION 'facts updated at a visit must be {"facts": {...}, "members": [...]}'
			USING ERRCODE = '22023';
	END IF;
	doc := jsonb_set(doc, '{facts}', jsonb_strip_nulls(coalesce(doc -> 'facts', '{}') ||
		coalesce(p_changes -> 'facts', '{}')));
	FOR ch IN SELECT value FROM jsonb_array_elements(coalesce(p_changes -> 'members', '[]')) LOOP
		pos := (ch ->> 'position')::integer;
		IF pos IS NULL OR pos < 1 OR pos > jsonb_array_length(coalesce(doc -> 'members', '[]'))
		   OR jsonb_typeof(coalesce(ch -> 'facts', '{}')) <> 'object' THEN
			RAISE EXCEPTION 'member % is not in the household', coalesce(ch ->> 'position', '?')
				USING ERRCODE = '22023';
		END IF;
		doc := jsonb_set(doc, ARRAY['members', (pos - 1)::text, 'facts'],
			jsonb_strip_nulls(coalesce(doc #> ARRAY['members', (pos - 1)::text, 'facts'],
				'{}') || coalesce(ch -> 'facts', '{}')));
	END LOOP;
	RETURN doc;
END $$;

-- Records a quarterly visit (the day visited: today unless given, never in
-- the future), updates the facts, re-runs the menu on them and stores the
-- proposal; the next visit is due a quarter after this one.
CREATE FUNCTION onedoor.monitoring_visit(p_request_id uuid, p_monitoring_id bigint,
					 p_version integer, p_findings text, p_changes jsonb,
					 p_visited_on date DEFAULT NULL)
RETURNS TABLE (monitoring_id bigint, version integer, proposal text, proposal_items text[],
	       visit_due date)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	m onedoor.monitoring;
	before jsonb;
	today date := onedoor.today();
	day date := coalesce(p_visited_on, onedoor.today());
	doc jsonb;
	menu jsonb;
	prop record;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'monitoring_visit');
	IF prev IS NULL THEN
		m := onedoor.monitoring_to_change(p_monitoring_id, p_version, 'visit');
		IF onedoor.note_text(p_findings, 'what was found') IS NULL THEN
			RAISE EXCEPTION 'a visit needs what was found' USING ERRCODE = '22023';
		END IF;
		IF day > today OR day < m.entered_on THEN
			RAISE EXCEPTION 'the visit day must be between the entry day and today'
				USING ERRCODE = '22023';
		END IF;
		before := to_jsonb(m);
		doc := onedoor.document_apply(m.facts, p_changes);
		menu := onedoor.engine_match(doc, day);
		SELECT * INTO prop FROM onedoor.monitoring_proposal(menu, m.category);
		INSERT INTO onedoor.monitoring_visits (monitoring_id, visited_on, findings, due_on,
			facts_before, facts_after, menu, proposal, proposal_items, request_id)
		VALUES (m.id, day, onedoor.note_text(p_findings, 'what was found'), m.visit_due, m.facts, doc, menu,
			prop.proposal, prop.items, p_request_id);
		UPDATE onedoor.monitoring x SET facts = doc, last_visit_on = day,
			visits = x.visits + 1, visit_due = onedoor.quarter_due(day),
			visit_warn_from = onedoor.warn_from(onedoor.quarter_due(day), 5),
			proposal = prop.proposal, proposal_items = prop.items,
			version = x.version + 1, updated_at = now()
		WHERE x.id = m.id RETURNING * INTO m;
		PERFORM onedoor.request_finish(p_request_id, 'monitoring_visit',
			jsonb_build_object('monitoring_id', m.id));
		PERFORM onedoor.audit_append('monitoring', m.entry_no, 'visit', before, to_jsonb(m),
			p_request_id);
	END IF;
	RETURN QUERY SELECT x.id, x.version, v.proposal, v.proposal_items, x.visit_due
		FROM onedoor.monitoring_visits v JOIN onedoor.monitoring x ON x.id = v.monitoring_id
		WHERE v.request_id = p_request_id;
END $$;

-- The centre acts on an entry:
--   move         to category p_category (1 or 2), p_note the reason
--   leave        off the register, p_note the reason (moved away, recovered ...)
--   application  off the register because application p_application_no (of
--                this household) was opened
CREATE FUNCTION onedoor.monitoring_act(p_request_id uuid, p_monitoring_id bigint,
				       p_version integer, p_action text,
				       p_category integer DEFAULT NULL, p_note text DEFAULT NULL,
				       p_application_no text DEFAULT NULL)
RETURNS TABLE (monitoring_id bigint, state text, category smallint, version integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	m onedoor.monitoring;
	before jsonb;
	note text := onedoor.note_text(p_note, 'the note');
	app_no text := nullif(btrim(p_application_no), '');
BEGIN
	prev := onedoor.request_begin(p_request_id, 'monitoring_act');
	IF prev IS NULL THEN
		m := onedoor.monitoring_to_change(p_monitoring_id, p_version, 'write');
		before := to_jsonb(m);
		CASE p_action
		WHEN 'move' THEN
			IF p_category IS NULL OR p_category NOT IN (1, 2) OR p_category = m.category THEN
				RAISE EXCEPTION 'move to the other category (1 or 2)'
					USING ERRCODE = '22023';
			END IF;
			IF note IS NULL THEN
				RAISE EXCEPTION 'say why the household changes category'
					USING ERRCODE = '22023';
			END IF;
			m.category := p_category;
			m.reason := note;
			m.proposal := NULL;
		WHEN 'leave' THEN
			IF note IS NULL THEN
				RAISE EXCEPTION 'say why the household leaves the register'
					USING ERRCODE = '22023';
			END IF;
			m.state := 'left';
			m.left_reason := note;
		WHEN 'application' THEN
			IF app_no IS NULL OR NOT EXISTS (
				SELECT 1 FROM onedoor.applications a
				WHERE a.application_no = app_no AND a.household_id = m.household_id) THEN
				RAISE EXCEPTION 'name an application of this household'
					USING ERRCODE = '22023';
			END IF;
			m.state := 'left';
			m.left_reason := coalesce(note, 'application ' || app_no);
			m.application_no := app_no;
		ELSE
			RAISE EXCEPTION 'unknown action "%"', p_action USING ERRCODE = '22023';
		END CASE;
		IF m.state = 'left' THEN
			m.left_on := onedoor.today();
			m.visit_due := NULL;
			m.visit_warn_from := NULL;
		END IF;
		UPDATE onedoor.monitoring x SET category = m.category, reason = m.reason,
			proposal = m.proposal, state = m.state, left_on = m.left_on,
			left_reason = m.left_reason, application_no = m.application_no,
			visit_due = m.visit_due, visit_warn_from = m.visit_warn_from,
			version = x.version + 1, updated_at = now()
		WHERE x.id = m.id RETURNING * INTO m;
		PERFORM onedoor.request_finish(p_request_id, 'monitoring_act',
			jsonb_build_object('monitoring_id', m.id));
		PERFORM onedoor.audit_append('monitoring', m.entry_no, p_action, before, to_jsonb(m),
			p_request_id);
	END IF;
	RETURN QUERY SELECT x.id, x.state, x.category, x.version FROM onedoor.monitoring x
		WHERE x.id = p_monitoring_id;
END $$;

-- The register: active entries with the visit light and working days left.
-- Order: ORDER BY visit_due, id (red first, as the earliest due days are).
CREATE VIEW onedoor.monitoring_register WITH (security_invoker = true) AS
WITH t AS MATERIALIZED (
	SELECT onedoor.today() AS today, onedoor.working_seq(onedoor.today()) AS today_seq)
SELECT m.id, m.entry_no, m.household_id, m.subject_name, m.centre_code, m.county, m.village,
       m.category, m.reason, m.source, m.source_ref, m.responsible, m.entered_on,
       m.last_visit_on, m.visits, m.visit_due, m.proposal, m.proposal_items, m.version,
       onedoor.light(m.visit_due, m.visit_warn_from, t.today) AS light,
       (SELECT d.seq FROM onedoor.working_days d WHERE d.day = m.visit_due) - t.today_seq
		AS days_left,
       t.today
FROM onedoor.monitoring m
CROSS JOIN t
WHERE m.state = 'active';

-- The supervisor's figures: per centre, entries by category and visit light.
CREATE VIEW onedoor.monitoring_figures WITH (security_invoker = true) AS
SELECT r.centre_code, ce.name AS centre_name,
       count(*) FILTER (WHERE r.category = 1) AS category_1,
       count(*) FILTER (WHERE r.category = 2) AS category_2,
       count(*) FILTER (WHERE r.light = 'yellow') AS visits_due_soon,
       count(*) FILTER (WHERE r.light = 'red') AS visits_missed,
       count(*) FILTER (WHERE r.proposal IS NOT NULL) AS proposals
FROM onedoor.monitoring_register r
JOIN onedoor.centres ce ON ce.code = r.centre_code
GROUP BY r.centre_code, ce.name;

-- The facts (resident IDs, health) are not readable by clients, as for
-- persons (0007_security.sql): every other column is.
GRANT SELECT (id, entry_no, household_id, subject_name, centre_code, county, village, category,
	reason, source, source_ref, responsible, entered_on, entered_by, visit_due,
	visit_warn_from, last_visit_on, visits, proposal, proposal_items, state, left_on,
	left_reason, application_no, version, updated_at) ON onedoor.monitoring
	TO onedoor_clerk, onedoor_verifier, onedoor_supervisor, onedoor_approver,
	onedoor_auditor, onedoor_admin, onedoor_coordinator;
GRANT SELECT (id, monitoring_id, visited_on, visitor, findings, due_on, menu, proposal,
	proposal_items, request_id, at) ON onedoor.monitoring_visits
	TO onedoor_clerk, onedoor_verifier, onedoor_supervisor, onedoor_approver,
	onedoor_auditor, onedoor_admin, onedoor_coordinator;
GRANT SELECT ON onedoor.monitoring_register, onedoor.monitoring_figures TO onedoor_clerk,
	onedoor_verifier, onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin,
	onedoor_coordinator;
REVOKE ALL ON FUNCTION onedoor.quarter_due(date),
	onedoor.monitoring_proposal(jsonb, smallint),
	onedoor.monitoring_may(onedoor.staff, text, text, text),
	onedoor.monitoring_enter(uuid, text, text, integer, text, text),
	onedoor.monitoring_insert(uuid, onedoor.staff, bigint, jsonb, text, text, text, integer,
				  text, text),
	onedoor.document_apply(jsonb, jsonb),
	onedoor.monitoring_to_change(bigint, integer, text),
	onedoor.monitoring_visit(uuid, bigint, integer, text, jsonb, date),
	onedoor.monitoring_act(uuid, bigint, integer, text, integer, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.monitoring_enter(uuid, text, text, integer, text, text),
	onedoor.monitoring_act(uuid, bigint, integer, text, integer, text, text)
	TO onedoor_clerk, onedoor_supervisor;
GRANT EXECUTE ON FUNCTION onedoor.monitoring_visit(uuid, bigint, integer, text, jsonb, date)
	TO onedoor_clerk, onedoor_supervisor, onedoor_coordinator;
