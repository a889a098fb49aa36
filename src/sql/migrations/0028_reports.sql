-- 0028_reports: a village coordinator reports a household in difficulty
-- (协理员、网格员上报), and the centre decides what becomes of it.
--
-- A report is the household form's document (register_household's shape:
-- {"hukou", "facts", "members": [{"resident_id", "name", "relation",
-- "facts"}]}) with fewer required fields — the applicant's name and what
-- the difficulty is; a resident ID, when given, must be valid — saved as a
-- report, not an application: it opens no clock and no case.
--
-- The centre (a clerk of the village's centre, or a supervisor of its
-- county) then
--   opens an application (report_to_application: the clerk completes the
--     document, which register_household checks in full),
--   enters the household in the monitoring register (report_to_monitoring),
--   or closes the report with a note (nothing to do, a duplicate ...).
-- The coordinator reads their village's reports with what became of them
-- (report_list): the application and how far its items went, or the
-- monitoring entry and its category, or the note.

CREATE SEQUENCE onedoor.report_seq;

CREATE TABLE onedoor.reports (
	id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	report_no      text NOT NULL UNIQUE,
	village        text NOT NULL REFERENCES onedoor.villages,
	centre_code    text NOT NULL REFERENCES onedoor.centres,
	county         char(6) NOT NULL REFERENCES onedoor.regions,
	subject_name   onedoor.person_text NOT NULL,
	difficulty     onedoor.reason_text NOT NULL,
	household      jsonb NOT NULL CHECK (jsonb_typeof(household) = 'object'
				AND octet_length(household::text) <= 65536),
	reported_on    date NOT NULL,
	reported_by    name NOT NULL DEFAULT session_user,
	state          text NOT NULL DEFAULT 'new'
			CHECK (state IN ('new', 'application', 'monitoring', 'closed')),
	application_id bigint REFERENCES onedoor.applications,
	monitoring_id  bigint REFERENCES onedoor.monitoring,
	outcome_note   onedoor.reason_text,
	handled_by     name,
	handled_on     date,
	version        integer NOT NULL DEFAULT 1,
	request_id     uuid NOT NULL UNIQUE,
	at             timestamptz NOT NULL DEFAULT clock_timestamp(),
	CHECK ((state = 'application') = (application_id IS NOT NULL)),
	CHECK ((state = 'monitoring') = (monitoring_id IS NOT NULL)),
	CHECK (state <> 'closed' OR outcome_note IS NOT NULL)
);
CREATE INDEX reports_village ON onedoor.reports (village, id DESC);
CREATE INDEX reports_centre ON onedoor.reports (centre_code, state, id DESC);

ALTER TABLE onedoor.monitoring ADD COLUMN report_id bigint REFERENCES onedoor.reports;
GRANT SELECT (report_id) ON onedoor.monitoring TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin, onedoor_coordinator;

ALTER TABLE onedoor.reports ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_read ON onedoor.reports FOR SELECT USING (
	centre_code = ANY ((SELECT onedoor.my_centres())::text[])
	OR village = (SELECT onedoor.my_village()));

-- Checks a report's document: what a coordinator must give, and that what
-- they gave reads.  Returns the applicant's name.
CREATE FUNCTION onedoor.report_check(p_household jsonb) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
	member jsonb;
	pos integer := 0;
	rid text;
BEGIN
	IF jsonb_typeof(p_household) IS DISTINCT FROM 'object'
	   OR jsonb_typeof(p_household -> 'members') IS DISTINCT FROM 'array'
	   OR jsonb_array_length(p_household -> 'members') = 0 THEN
		RAISE EXCEPTION 'a report needs at least the applicant' USING ERRCODE = '22023';
	END IF;
	IF coalesce(p_household ->> 'hukou', 'urban') NOT IN ('urban', 'rural') THEN
		RAISE EXCEPTION 'hukou must be urban or rural' USING ERRCODE = '22023';
	END IF;
	IF jsonb_typeof(coalesce(p_household -> 'facts', '{}')) <> 'object' THEN
		RAISE EXCEPTION 'facts must be an object' USING ERRCODE = '22023';
	END IF;
	FOR member IN SELECT value FROM jsonb_array_elements(p_household -> 'members') LOOP
		pos := pos + 1;
		IF pos = 1 AND nullif(btrim(member ->> 'name'), '') IS NULL THEN
			RAISE EXCEPTION 'member 1: the applicant''s name is required'
				USING ERRCODE = '22023';
		END IF;
		rid := upper(nullif(btrim(member ->> 'resident_id'), ''));
		IF rid IS NOT NULL AND NOT onedoor.resident_id_valid(rid) THEN
			RAISE EXCEPTION 'member %: invalid resident ID', pos USING ERRCODE = '22023';
		END IF;
		IF (member ->> 'name') ~ '[[:cntrl:]]' OR length(member ->> 'name') > 200 THEN
			RAISE EXCEPTION 'member %: the name must be one line', pos USING ERRCODE = '22023';
		END IF;
	END LOOP;
	RETURN btrim(p_household #>> '{members,0,name}');
END $$;

-- 上报: a coordinator reports a household of their village.
CREATE FUNCTION onedoor.report_household(p_request_id uuid, p_household jsonb,
					 p_difficulty text)
RETURNS TABLE (report_id bigint, report_no text, version integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	me onedoor.staff;
	r onedoor.reports;
	today date := onedoor.today();
BEGIN
	prev := onedoor.request_begin(p_request_id, 'report_household');
	IF prev IS NULL THEN
		me := onedoor.current_staff();
		IF me.role_name IS NULL OR me.role_group <> 'coordinator' THEN
			RAISE EXCEPTION 'only a village coordinator reports a household'
				USING ERRCODE = '42501';
		END IF;
		r.subject_name := onedoor.report_check(p_household);
		IF onedoor.note_text(p_difficulty, 'the difficulty') IS NULL THEN
			RAISE EXCEPTION 'say what the household''s difficulty is' USING ERRCODE = '22023';
		END IF;
		IF octet_length(p_household::text) > 65536 THEN
			RAISE EXCEPTION 'a report holds at most 64 KiB of facts' USING ERRCODE = '22023';
		END IF;
		INSERT INTO onedoor.reports (report_no, village, centre_code, county, subject_name,
			difficulty, household, reported_on, request_id)
		SELECT 'R' || to_char(today, 'YYMMDD') ||
			lpad(nextval('onedoor.report_seq')::text, 6, '0'),
		       v.code, v.centre_code, c.county, r.subject_name,
		       onedoor.note_text(p_difficulty, 'the difficulty'),
		       p_household, today, p_request_id
		FROM onedoor.villages v JOIN onedoor.centres c ON c.code = v.centre_code
		WHERE v.code = me.village
		RETURNING * INTO r;
		PERFORM onedoor.request_finish(p_request_id, 'report_household',
			jsonb_build_object('report_id', r.id));
		PERFORM pg_catalog.pg_notify('onedoor_centre_' || r.centre_code, 'report ' || r.id);
		PERFORM onedoor.audit_append('report', r.report_no, 'report', NULL, to_jsonb(r),
			p_request_id);
	END IF;
	RETURN QUERY SELECT x.id, x.report_no, x.version FROM onedoor.reports x
		WHERE x.request_id = p_request_id
		   OR x.id = (prev ->> 'report_id')::bigint;
END $$;

-- The new report the caller is about to handle, locked.
CREATE FUNCTION onedoor.report_to_handle(p_report_id bigint, p_version integer,
					 p_groups text[]) RETURNS onedoor.reports
LANGUAGE plpgsql AS $$
DECLARE
	me onedoor.staff := onedoor.current_staff();
	r onedoor.reports;
BEGIN
	IF me.role_name IS NULL OR NOT me.role_group = ANY (p_groups) THEN
		RAISE EXCEPTION 'only the centre handles a report' USING ERRCODE = '42501';
	END IF;
	SELECT * INTO r FROM onedoor.reports x WHERE x.id = p_report_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'report % not found', p_report_id USING ERRCODE = 'P0002';
	END IF;
	IF NOT (me.role_group = 'clerk' AND me.centre_code = r.centre_code
		OR me.role_group = 'supervisor' AND me.county = r.county) THEN
		RAISE EXCEPTION 'report % belongs to another centre', r.report_no
			USING ERRCODE = '42501';
	END IF;
	IF r.version IS DISTINCT FROM p_version THEN
		RAISE EXCEPTION 'report % was changed by someone else (version % is now %)',
			r.report_no, p_version, r.version USING ERRCODE = 'OD409';
	END IF;
	IF r.state <> 'new' THEN
		RAISE EXCEPTION 'report % was already handled (%)', r.report_no, r.state
			USING ERRCODE = '55000';
	END IF;
	RETURN r;
END $$;

-- Marks a report handled and audits it.
CREATE FUNCTION onedoor.report_handled(r onedoor.reports, p_request_id uuid, p_action text)
RETURNS onedoor.reports
LANGUAGE plpgsql AS $$
DECLARE
	before jsonb;
	n onedoor.reports;
BEGIN
	SELECT to_jsonb(x) INTO before FROM onedoor.reports x WHERE x.id = r.id;
	UPDATE onedoor.reports x SET state = r.state, application_id = r.application_id,
		monitoring_id = r.monitoring_id, outcome_note = r.outcome_note,
		handled_by = session_user, handled_on = onedoor.today(), version = x.version + 1
	WHERE x.id = r.id RETURNING * INTO n;
	PERFORM onedoor.request_finish(p_request_id, 'report_' || p_action,
		jsonb_build_object('report_id', n.id));
	PERFORM pg_catalog.pg_notify('onedoor_centre_' || n.centre_code, 'report ' || n.id);
	PERFORM onedoor.audit_append('report', n.report_no, p_action, before, to_jsonb(n),
		p_request_id);
	RETURN n;
END $$;

-- Opens an application from a report: p_household is the document the
-- clerk completed (NULL: the report's as it is), registered in full by
-- register_household.  Returns the application and household numbers (no
-- row when register_household gives none: see 0019_hardening.sql).
CREATE FUNCTION onedoor.report_to_application(p_request_id uuid, p_report_id bigint,
					      p_version integer, p_household jsonb)
RETURNS TABLE (application_no text, household_no text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	r onedoor.reports;
	reg record;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'report_application');
	IF prev IS NULL THEN
		r := onedoor.report_to_handle(p_report_id, p_version, ARRAY['clerk']);
		-- register_household keeps its own outcome under its request id: a
		-- second id derived from this one, so a replay finds both.
		SELECT * INTO reg FROM onedoor.register_household(
			md5(p_request_id::text || ':application')::uuid,
			coalesce(p_household, r.household));
		-- No row, as register_household answers: a member belongs to a
		-- household out of the clerk's scope; the report stays new and the
		-- attempt's trace is committed.
		IF reg.application_no IS NULL THEN
			RETURN;
		END IF;
		r.state := 'application';
		SELECT a.id INTO r.application_id FROM onedoor.applications a
		WHERE a.application_no = reg.application_no;
		PERFORM onedoor.report_handled(r, p_request_id, 'application');
	END IF;
	RETURN QUERY SELECT a.application_no, h.household_no
		FROM onedoor.reports x
		JOIN onedoor.applications a ON a.id = x.application_id
		JOIN onedoor.households h ON h.id = a.household_id
		WHERE x.id = p_report_id;
END $$;

-- Enters the reported household in the monitoring register.
CREATE FUNCTION onedoor.report_to_monitoring(p_request_id uuid, p_report_id bigint,
					     p_version integer, p_category integer,
					     p_reason text, p_responsible text)
RETURNS TABLE (monitoring_id bigint, entry_no text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	r onedoor.reports;
	m record;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'report_monitoring');
	IF prev IS NULL THEN
		r := onedoor.report_to_handle(p_report_id, p_version, ARRAY['clerk', 'supervisor']);
		SELECT * INTO m FROM onedoor.monitoring_insert(p_request_id,
			onedoor.current_staff(), NULL,
			r.household, r.village, 'report', r.report_no, p_category, p_reason,
			p_responsible);
		UPDATE onedoor.monitoring x SET report_id = r.id WHERE x.id = m.monitoring_id;
		r.state := 'monitoring';
		r.monitoring_id := m.monitoring_id;
		PERFORM onedoor.report_handled(r, p_request_id, 'monitoring');
	END IF;
	RETURN QUERY SELECT x.id, x.entry_no FROM onedoor.monitoring x
		JOIN onedoor.reports y ON y.monitoring_id = x.id WHERE y.id = p_report_id;
END $$;

-- Closes a report with a note (nothing to do, a duplicate, moved away ...).
CREATE FUNCTION onedoor.report_close(p_request_id uuid, p_report_id bigint, p_version integer,
				     p_note text)
RETURNS TABLE (report_id bigint, state text, version integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	r onedoor.reports;
	note text := onedoor.note_text(p_note, 'the note');
BEGIN
	prev := onedoor.request_begin(p_request_id, 'report_close');
	IF prev IS NULL THEN
		r := onedoor.report_to_handle(p_report_id, p_version, ARRAY['clerk', 'supervisor']);
		IF note IS NULL THEN
			RAISE EXCEPTION 'say why the report is closed' USING ERRCODE = '22023';
		END IF;
		r.state := 'closed';
		r.outcome_note := note;
		PERFORM onedoor.report_handled(r, p_request_id, 'close');
	END IF;
	RETURN QUERY SELECT x.id, x.state, x.version FROM onedoor.reports x WHERE x.id = p_report_id;
END $$;

-- Reports with what became of them, for the coordinator (their village)
-- and the centre (its villages).  Runs as the owner (a coordinator reads
-- no application or case), with the scope applied here.
CREATE VIEW onedoor.report_list WITH (security_barrier) AS
SELECT r.id, r.report_no, r.village, v.name AS village_name, r.centre_code, r.subject_name,
       r.difficulty, r.reported_on, r.reported_by,
       coalesce((SELECT s.full_name FROM onedoor.staff s WHERE s.role_name = r.reported_by),
		r.reported_by::text) AS reporter_name,
       r.state, r.outcome_note, r.handled_on, r.version,
       a.application_no, a.status AS application_status,
       (SELECT count(*) FROM onedoor.cases c WHERE c.application_id = a.id AND c.active)
		AS items_open,
       (SELECT count(*) FROM onedoor.cases c WHERE c.application_id = a.id
	AND c.stage = 'filed') AS items_granted,
       (SELECT count(*) FROM onedoor.cases c WHERE c.application_id = a.id
	AND c.stage IN ('refused', 'withdrawn')) AS items_refused,
       m.entry_no AS monitoring_entry, m.category AS monitoring_category
FROM onedoor.reports r
JOIN onedoor.villages v ON v.code = r.village
LEFT JOIN onedoor.applications a ON a.id = r.application_id
LEFT JOIN onedoor.monitoring m ON m.id = r.monitoring_id
WHERE r.village = onedoor.my_village() OR r.centre_code = ANY (onedoor.my_centres());

GRANT SELECT ON onedoor.reports, onedoor.report_list TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_auditor, onedoor_admin, onedoor_coordinator;
REVOKE ALL ON FUNCTION onedoor.report_check(jsonb),
	onedoor.report_household(uuid, jsonb, text),
	onedoor.report_to_handle(bigint, integer, text[]),
	onedoor.report_handled(onedoor.reports, uuid, text),
	onedoor.report_to_application(uuid, bigint, integer, jsonb),
	onedoor.report_to_monitoring(uuid, bigint, integer, integer, text, text),
	onedoor.report_close(uuid, bigint, integer, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.report_household(uuid, jsonb, text) TO onedoor_coordinator;
GRANT EXECUTE ON FUNCTION onedoor.report_to_application(uuid, bigint, integer, jsonb)
	TO onedoor_clerk;
GRANT EXECUTE ON FUNCTION onedoor.report_to_monitoring(uuid, bigint, integer, integer, text, text),
	onedoor.report_close(uuid, bigint, integer, text) TO onedoor_clerk, onedoor_supervisor;
