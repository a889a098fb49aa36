-- 0016_accountability: urging (催办), reports to the discipline commission
-- (通报) and the complaints register (投诉举报).
--
-- 催办 and 通报 are facts about a case's current stage, so they are stored
-- twice on purpose: once in case_urges, which the lists and statistics read,
-- and once as an event in the case's history (action 'urge' or 'report',
-- from_stage = to_stage), so that whoever opens the case sees them where
-- every other action is.  Neither changes the case's stage, clocks or
-- version: an urge must never make a clerk's or approver's open screen
-- stale.
--
-- The server decides when they are allowed, from the same lights the
-- screens show: an urge needs the case yellow or red, a 通报 needs it red.
-- Only the county's supervision window (the supervisor group) records
-- them; the discipline commission (the auditor group) reads every 通报.
--
-- Complaints carry their own working-day clock, with the same light rule
-- as cases (onedoor.light).  A complaint may name a case, a staff member,
-- a centre or a department it is about; the staff member it names never
-- sees it (a clerk records complaints but reads only those they recorded).

CREATE TABLE onedoor.case_urges (
	id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	case_id          bigint NOT NULL REFERENCES onedoor.cases,
	kind             text NOT NULL CHECK (kind IN ('urge', 'report')),
	-- The stage that was late, its due date and the group that owns it.
	stage            text NOT NULL,
	stage_due        date NOT NULL,
	owner_group      text NOT NULL,
	-- 通报: the staff member held responsible (NULL: the owning unit).
	responsible      name REFERENCES onedoor.staff (role_name),
	note             text NOT NULL CHECK (btrim(note) <> ''),
	on_day           date NOT NULL,
	at               timestamptz NOT NULL DEFAULT clock_timestamp(),
	actor            name NOT NULL DEFAULT session_user,
	request_id       uuid NOT NULL,
	-- When the case left the stage it was urged in (answered).
	answered_at      timestamptz,
	-- One urge and one 通报 per case, stage and day: a second press the
	-- same day is the same urge.
	UNIQUE (case_id, kind, stage, on_day)
);
CREATE INDEX case_urges_open ON onedoor.case_urges (case_id) WHERE answered_at IS NULL;
CREATE INDEX case_urges_day ON onedoor.case_urges (on_day, kind);

ALTER TABLE onedoor.case_urges ENABLE ROW LEVEL SECURITY;
-- Readable wherever the case is readable.
CREATE POLICY scope_read ON onedoor.case_urges FOR SELECT USING (
	EXISTS (SELECT 1 FROM onedoor.cases c WHERE c.id = onedoor.case_urges.case_id));

CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON onedoor.case_urges
	FOR EACH ROW EXECUTE FUNCTION onedoor.audit_row('id');

-- An urge is answered when its case leaves the stage it was urged in.
CREATE FUNCTION onedoor.case_urges_answer() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
BEGIN
	IF NEW.stage IS DISTINCT FROM OLD.stage THEN
		UPDATE onedoor.case_urges u SET answered_at = clock_timestamp()
		WHERE u.case_id = NEW.id AND u.answered_at IS NULL;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER case_urges_answer AFTER UPDATE OF stage ON onedoor.cases
	FOR EACH ROW EXECUTE FUNCTION onedoor.case_urges_answer();

-- A note a person must write (urge, outcome): trimmed; blank or with control
-- characters it raises 22023 with p_what, the message saying what is needed.
CREATE FUNCTION onedoor.required_note(p_note text, p_what text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE note text := btrim(p_note, E' \t\r\n');
BEGIN
	IF note IS NULL OR note = '' OR note ~ '[\x01-\x08\x0b-\x1f\x7f]' THEN
		RAISE EXCEPTION '%', p_what USING ERRCODE = '22023';
	END IF;
	RETURN note;
END $$;

-- 催办 (p_kind 'urge') or 通报 ('report') on a case's current stage.
-- p_responsible: for a 通报, the staff member held responsible (optional;
-- must belong to the group that owns the stage and have the case in scope).
-- Returns the entry's id (the first outcome again on a retry).
CREATE FUNCTION onedoor.case_urge(p_request_id uuid, p_case_id bigint, p_kind text,
				  p_note text, p_responsible name DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	prev jsonb;
	me onedoor.staff := onedoor.current_staff();
	c onedoor.cases;
	who onedoor.staff;
	w_light text;
	today date := onedoor.today();
	note text;
	u onedoor.case_urges;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'case_urge');
	IF prev IS NOT NULL THEN
		RETURN (prev ->> 'id')::bigint;
	END IF;
	IF me.role_name IS NULL OR me.role_group <> 'supervisor' THEN
		RAISE EXCEPTION 'only the supervision window may urge a case or report it'
			USING ERRCODE = '42501';
	END IF;
	IF p_kind IS NULL OR p_kind NOT IN ('urge', 'report') THEN
		RAISE EXCEPTION 'unknown kind "%"', p_kind USING ERRCODE = '22023';
	END IF;
	note := onedoor.required_note(p_note,
		'a note saying what is late and what is asked is required');
	SELECT * INTO c FROM onedoor.cases x WHERE x.id = p_case_id FOR UPDATE;
	IF NOT FOUND OR c.county IS DISTINCT FROM me.county THEN
		RAISE EXCEPTION 'case % not found', p_case_id USING ERRCODE = 'P0002';
	END IF;
	IF NOT c.active OR c.stage_due IS NULL THEN
		RAISE EXCEPTION 'case % has no open stage to urge', c.case_no USING ERRCODE = '55000';
	END IF;
	-- The case's light as every list shows it (the worst of its clocks).
	SELECT w.light INTO w_light FROM onedoor.case_worklist w WHERE w.id = c.id;
	IF p_kind = 'urge' AND w_light NOT IN ('yellow', 'red') THEN
		RAISE EXCEPTION 'case % is on time (green): nothing to urge', c.case_no
			USING ERRCODE = '55000';
	END IF;
	IF p_kind = 'report' AND w_light <> 'red' THEN
		RAISE EXCEPTION 'case % is not overdue: a report goes to the discipline commission only when it is red',
			c.case_no USING ERRCODE = '55000';
	END IF;
	IF p_responsible IS NOT NULL THEN
		SELECT * INTO who FROM onedoor.staff s WHERE s.role_name = p_responsible AND s.active;
		IF NOT FOUND OR who.role_group IS DISTINCT FROM onedoor.stage_group(c.stage)
		   OR NOT onedoor.staff_scope_ok(who, c) THEN
			RAISE EXCEPTION '% is not a person who acts in the % stage of case %',
				p_responsible, c.stage, c.case_no USING ERRCODE = '22023';
		END IF;
	END IF;
	INSERT INTO onedoor.case_urges AS x (case_id, kind, stage, stage_due, owner_group,
		responsible, note, on_day, request_id)
	VALUES (c.id, p_kind, c.stage, c.stage_due, onedoor.stage_group(c.stage),
		p_responsible, note, today, p_request_id)
	ON CONFLICT (case_id, kind, stage, on_day) DO NOTHING
	RETURNING * INTO u;
	IF u.id IS NULL THEN
		RAISE EXCEPTION 'case % was already % today', c.case_no,
			CASE p_kind WHEN 'urge' THEN 'urged' ELSE 'reported' END
			USING ERRCODE = '23505';
	END IF;
	INSERT INTO onedoor.case_events (case_id, request_id, action, phrase, clock, from_stage,
		to_stage, from_entered_on, from_due, on_day, actor_group, actor_centre,
		actor_department, application_name, reason)
	VALUES (c.id, p_request_id, p_kind, CASE p_kind WHEN 'urge' THEN '催办' ELSE '通报' END,
		'stage', c.stage, c.stage, c.stage_entered_on, c.stage_due, today,
		me.role_group, me.centre_code, me.department,
		current_setting('application_name', true), note);
	PERFORM onedoor.case_notify(c);
	PERFORM onedoor.request_finish(p_request_id, 'case_urge', jsonb_build_object('id', u.id));
	RETURN u.id;
END $$;

-- What a stage's owner is being urged about, and the discipline
-- commission's list of 通报: one row per entry, newest first by id, with the
-- case's current stage (an answered urge has moved on).  Row security of
-- the reader applies through cases.
CREATE VIEW onedoor.case_urge_list WITH (security_invoker = true) AS
SELECT u.id, u.case_id, c.case_no, c.subject_name, c.centre_code, c.department,
       c.item_code, u.kind, u.stage, u.stage_due, u.owner_group, u.responsible,
       coalesce(onedoor.staff_name(u.responsible), u.responsible::text) AS responsible_name,
       u.note, u.on_day, u.at, u.actor,
       coalesce(onedoor.staff_name(u.actor), u.actor::text) AS actor_name,
       u.answered_at, c.stage AS case_stage
FROM onedoor.case_urges u JOIN onedoor.cases c ON c.id = u.case_id;

-- Complaints -------------------------------------------------------------------
CREATE TABLE onedoor.complaints (
	id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	complaint_no     text NOT NULL UNIQUE,
	county           char(6) NOT NULL REFERENCES onedoor.regions,
	channel          text NOT NULL CHECK (channel IN ('window', 'hotline', 'online',
				'letter', 'visit')),
	complainant      text NOT NULL CHECK (btrim(complainant) <> ''),
	phone            text CHECK (phone ~ '^[0-9+ -]{5,20}$'),
	-- What it is about: at least one of these.
	case_id          bigint REFERENCES onedoor.cases,
	about_staff      name REFERENCES onedoor.staff (role_name),
	about_centre     text REFERENCES onedoor.centres,
	about_department text REFERENCES onedoor.departments,
	body             text NOT NULL CHECK (btrim(body) <> '' AND length(body) <= 4000),
	received_on      date NOT NULL,
	limit_days       smallint NOT NULL CHECK (limit_days BETWEEN 1 AND 60),
	due_on           date NOT NULL,
	warn_from        date NOT NULL,
	outcome          text CHECK (outcome IN ('upheld', 'partly_upheld', 'not_upheld',
				'withdrawn')),
	outcome_note     text,
	closed_on        date,
	closed_by        name,
	recorded_by      name NOT NULL DEFAULT session_user,
	recorded_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
	request_id       uuid NOT NULL,
	version          integer NOT NULL DEFAULT 1,
	CHECK (num_nonnulls(case_id, about_staff, about_centre, about_department) > 0),
	CHECK ((outcome IS NULL) = (closed_on IS NULL))
);
CREATE INDEX complaints_open ON onedoor.complaints (county, due_on) WHERE outcome IS NULL;
CREATE INDEX complaints_centre ON onedoor.complaints (about_centre, received_on);
CREATE INDEX complaints_case ON onedoor.complaints (case_id);

ALTER TABLE onedoor.complaints ENABLE ROW LEVEL SECURITY;
-- The discipline commission and admins see every complaint; supervisors
-- their county's; a clerk those they recorded; nobody a complaint about
-- themselves unless they are the discipline commission.
CREATE POLICY scope_read ON onedoor.complaints FOR SELECT USING (
	(SELECT (onedoor.current_staff()).role_group) IN ('auditor', 'admin')
	OR (about_staff IS DISTINCT FROM session_user
	    AND (recorded_by = session_user
		 OR ((SELECT (onedoor.current_staff()).role_group) = 'supervisor'
		     AND county = (SELECT (onedoor.current_staff()).county)))));

CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON onedoor.complaints
	FOR EACH ROW EXECUTE FUNCTION onedoor.audit_row('complaint_no');

-- The working days a complaint is given unless the recorder says otherwise:
-- the 15 working days the county's complaint rules allow for a reply.
CREATE FUNCTION onedoor.complaint_default_limit() RETURNS smallint
LANGUAGE sql IMMUTABLE AS $$ SELECT 15::smallint $$;

-- Records a complaint (clerk at the window, supervisor, or the discipline
-- commission's hotline).  p_complaint: {"channel", "complainant", "phone",
-- "case_no", "about_staff", "about_centre", "about_department", "body",
-- "limit_days"}.  Returns the complaint number and due date.
CREATE FUNCTION onedoor.complaint_record(p_request_id uuid, p_complaint jsonb)
RETURNS TABLE (complaint_no text, due_on date)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	me onedoor.staff := onedoor.current_staff();
	k onedoor.complaints;
	c onedoor.cases;
	v_county char(6);
	today date := onedoor.today();
	v_limit smallint;
	v_case_no text := nullif(btrim(p_complaint ->> 'case_no'), '');
	ctl text := '[\x01-\x08\x0b-\x1f\x7f]';
BEGIN
	prev := onedoor.request_begin(p_request_id, 'complaint_record');
	IF prev IS NOT NULL THEN
		RETURN QUERY SELECT prev ->> 'complaint_no', (prev ->> 'due_on')::date;
		RETURN;
	END IF;
	IF me.role_name IS NULL OR me.role_group NOT IN ('clerk', 'supervisor', 'auditor') THEN
		RAISE EXCEPTION 'only window clerks, supervisors and the discipline commission record complaints'
			USING ERRCODE = '42501';
	END IF;
	IF jsonb_typeof(p_complaint) IS DISTINCT FROM 'object' THEN
		RAISE EXCEPTION 'a complaint is a JSON object' USING ERRCODE = '22023';
	END IF;
	IF coalesce(p_complaint ->> 'body', '') ~ ctl
	   OR coalesce(p_complaint ->> 'complainant', '') ~ ctl THEN
		RAISE EXCEPTION 'control characters are not allowed in a complaint' USING ERRCODE = '22023';
	END IF;
	IF v_case_no IS NOT NULL THEN
		SELECT * INTO c FROM onedoor.cases x WHERE x.case_no = v_case_no;
		IF NOT FOUND OR NOT (me.role_group = 'auditor'
				     OR (me.role_group = 'clerk' AND c.centre_code = me.centre_code)
				     OR (me.role_group = 'supervisor' AND c.county = me.county)) THEN
			RAISE EXCEPTION 'case % not found', v_case_no USING ERRCODE = 'P0002';
		END IF;
	END IF;
	IF c.id IS NULL AND num_nonnulls(nullif(p_complaint ->> 'about_staff', ''),
			nullif(p_complaint ->> 'about_centre', ''),
			nullif(p_complaint ->> 'about_department', '')) = 0 THEN
		RAISE EXCEPTION 'say what the complaint is about: a case, a staff member, a centre or a department'
			USING ERRCODE = '22023';
	END IF;
	v_county := coalesce(c.county, me.county,
		(SELECT ce.county FROM onedoor.centres ce WHERE ce.code = me.centre_code),
		(SELECT ce.county FROM onedoor.centres ce
		 WHERE ce.code = p_complaint ->> 'about_centre'));
	IF v_county IS NULL THEN
		RAISE EXCEPTION 'the complaint names no case or centre of a county' USING ERRCODE = '22023';
	END IF;
	v_limit := coalesce((p_complaint ->> 'limit_days')::smallint,
			    onedoor.complaint_default_limit());
	k.complaint_no := 'TS' || to_char(today, 'YYYYMMDD') || '-' ||
		lpad((SELECT count(*) + 1 FROM onedoor.complaints x
		      WHERE x.received_on = today)::text, 4, '0');
	INSERT INTO onedoor.complaints AS x (complaint_no, county, channel, complainant, phone,
		case_id, about_staff, about_centre, about_department, body, received_on,
		limit_days, due_on, warn_from, request_id)
	VALUES (k.complaint_no, v_county,
		coalesce(p_complaint ->> 'channel',
			 CASE me.role_group WHEN 'clerk' THEN 'window' ELSE 'hotline' END),
		btrim(p_complaint ->> 'complainant'), nullif(btrim(p_complaint ->> 'phone'), ''),
		c.id, nullif(p_complaint ->> 'about_staff', ''),
		coalesce(nullif(p_complaint ->> 'about_centre', ''), c.centre_code),
		nullif(p_complaint ->> 'about_department', ''),
		btrim(p_complaint ->> 'body'), today, v_limit,
		onedoor.add_working_days(today, v_limit),
		onedoor.warn_from(onedoor.add_working_days(today, v_limit), 3),
		p_request_id)
	RETURNING * INTO k;
	PERFORM onedoor.request_finish(p_request_id, 'complaint_record',
		jsonb_build_object('complaint_no', k.complaint_no, 'due_on', k.due_on));
	RETURN QUERY SELECT k.complaint_no, k.due_on;
END $$;

-- Closes a complaint with its outcome (supervisor of its county, or the
-- discipline commission); a supervisor may not close one about themselves.
CREATE FUNCTION onedoor.complaint_close(p_request_id uuid, p_complaint_no text,
					p_version integer, p_outcome text, p_note text)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	prev jsonb;
	me onedoor.staff := onedoor.current_staff();
	k onedoor.complaints;
	note text;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'complaint_close');
	IF prev IS NOT NULL THEN
		RETURN (prev ->> 'version')::int;
	END IF;
	IF me.role_name IS NULL OR me.role_group NOT IN ('supervisor', 'auditor') THEN
		RAISE EXCEPTION 'only supervisors and the discipline commission close complaints'
			USING ERRCODE = '42501';
	END IF;
	SELECT * INTO k FROM onedoor.complaints x WHERE x.complaint_no = p_complaint_no FOR UPDATE;
	IF NOT FOUND OR (me.role_group = 'supervisor'
			 AND (k.county <> me.county OR k.about_staff = me.role_name)) THEN
		RAISE EXCEPTION 'complaint % not found', p_complaint_no USING ERRCODE = 'P0002';
	END IF;
	IF k.version IS DISTINCT FROM p_version THEN
		RAISE EXCEPTION 'complaint % was changed by someone else', p_complaint_no
			USING ERRCODE = 'OD409';
	END IF;
	IF k.outcome IS NOT NULL THEN
		RAISE EXCEPTION 'complaint % is already closed', p_complaint_no USING ERRCODE = '55000';
	END IF;
	IF p_outcome IS NULL OR p_outcome NOT IN ('upheld', 'partly_upheld', 'not_upheld', 'withdrawn') THEN
		RAISE EXCEPTION 'unknown outcome "%"', p_outcome USING ERRCODE = '22023';
	END IF;
	note := onedoor.required_note(p_note,
		'the outcome needs a note saying what was found and done');
	UPDATE onedoor.complaints x SET outcome = p_outcome, outcome_note = note,
		closed_on = onedoor.today(), closed_by = session_user, version = x.version + 1
	WHERE x.id = k.id RETURNING * INTO k;
	PERFORM onedoor.request_finish(p_request_id, 'complaint_close',
		jsonb_build_object('version', k.version));
	RETURN k.version;
END $$;

-- Complaints with their lights, as every list shows them.
CREATE VIEW onedoor.complaint_list WITH (security_invoker = true) AS
WITH t AS MATERIALIZED (SELECT onedoor.today() AS today)
SELECT k.id, k.complaint_no, k.county, k.channel, k.complainant, k.phone,
       c.case_no, k.about_staff,
       coalesce(onedoor.staff_name(k.about_staff), k.about_staff::text) AS about_staff_name,
       k.about_centre, k.about_department, k.body, k.received_on, k.limit_days, k.due_on,
       CASE WHEN k.outcome IS NULL THEN onedoor.light(k.due_on, k.warn_from, t.today) END
		AS light,
       k.outcome, k.outcome_note, k.closed_on, k.closed_by,
       k.closed_on > k.due_on AS closed_late, k.recorded_by, k.version
FROM onedoor.complaints k CROSS JOIN t
LEFT JOIN onedoor.cases c ON c.id = k.case_id;

REVOKE ALL ON onedoor.case_urges, onedoor.complaints, onedoor.case_urge_list,
	onedoor.complaint_list FROM PUBLIC;
GRANT SELECT ON onedoor.case_urges, onedoor.case_urge_list TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
GRANT SELECT ON onedoor.complaints, onedoor.complaint_list TO onedoor_clerk,
	onedoor_supervisor, onedoor_auditor, onedoor_admin;
REVOKE ALL ON FUNCTION onedoor.case_urge(uuid, bigint, text, text, name),
	onedoor.complaint_record(uuid, jsonb), onedoor.complaint_close(uuid, text, integer, text, text),
	onedoor.case_urges_answer(), onedoor.complaint_default_limit(),
	onedoor.required_note(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.case_urge(uuid, bigint, text, text, name) TO onedoor_supervisor;
GRANT EXECUTE ON FUNCTION onedoor.complaint_record(uuid, jsonb) TO onedoor_clerk,
	onedoor_supervisor, onedoor_auditor;
GRANT EXECUTE ON FUNCTION onedoor.complaint_close(uuid, text, integer, text, text) TO
	onedoor_supervisor, onedoor_auditor;
