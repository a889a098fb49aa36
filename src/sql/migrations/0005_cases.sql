-- 0005_cases: one case per chosen item of an accepted application, moved
-- through its stages only by the functions below.
--
-- Stages by track (the item decides which tracks it allows):
--   normal      accept -> verify -> supervise -> approve -> file -> filed
--   green       accept -> approve -> supervise -> file -> filed
--               (绿色通道: approval is provisional; verification and the
--               missing materials run on their own clock, "materials",
--               opened at acceptance with the item's verify limit; the case
--               cannot be filed before that check has passed)
--   commitment  accept -> supervise -> approve -> file -> filed
--               (承诺制: the verification becomes a post-check, clock
--               "postcheck", opened at approval and due one calendar month
--               later, moved to the next working day when that is not one)
-- Endings: filed, refused, withdrawn.  A failed check ends the case refused
-- even after filing (assistance stops).
--
-- Clocks are stored, never recomputed on read: each stage's due date and
-- first yellow day are computed from onedoor.today() when it is entered
-- (and again by calendar_recompute() after a calendar correction); the
-- lights are computed when read (0006_lights.sql).
--
-- Errors (SQLSTATE) of the write functions, for the client (db.c maps them):
--   42501  wrong role, another centre / county / department, self-approval
--   55000  the action is not possible in the case's (or application's)
--          current stage or state
--   OD409  stale version: someone changed the row since the client read it
--   P0002  no such case or application
--   22023  invalid input (unknown action or item, reason missing, ...)
--   23P01  an item excluded by one the person already holds; DETAIL is
--          "case_no|centre name|item name|person name"
-- Every write function takes a client request id: a retry with the same id
-- returns the first outcome and does nothing again.

-- Internal helpers (request_*, case_enter, case_notify, next_stage, ...)
-- are called only by the SECURITY DEFINER functions, so they already run as
-- the owner with the search path pinned; they are plain PL/pgSQL (plans
-- kept, no per-call privilege or search-path switch), schema-qualify every
-- name, and no client role may execute them.

-- The caller's staff row; replaces 0001's SQL version with PL/pgSQL, as it
-- runs at every write.
CREATE OR REPLACE FUNCTION onedoor.current_staff() RETURNS onedoor.staff
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE s onedoor.staff;
BEGIN
	SELECT * INTO s FROM onedoor.staff x WHERE x.role_name = session_user AND x.active;
	RETURN s;
END $$;

-- Idempotency: the outcome of every successful write, by request id.
CREATE TABLE onedoor.write_requests (
	request_id uuid PRIMARY KEY,
	actor      name NOT NULL,
	kind       text NOT NULL,
	result     jsonb NOT NULL,
	at         timestamptz NOT NULL DEFAULT now()
);

-- Starts a write: serialises retries of the same request id and returns
-- the stored outcome of an earlier success (NULL when there is none).
CREATE FUNCTION onedoor.request_begin(p_request_id uuid, p_kind text) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE w onedoor.write_requests;
BEGIN
	IF p_request_id IS NULL THEN
		RAISE EXCEPTION 'a request id is required' USING ERRCODE = '22023';
	END IF;
	PERFORM pg_advisory_xact_lock(hashtextextended(p_request_id::text, 7336));
	SELECT * INTO w FROM onedoor.write_requests WHERE request_id = p_request_id;
	IF FOUND THEN
		IF w.actor <> session_user OR w.kind <> p_kind THEN
			RAISE EXCEPTION 'request id % was already used for another request',
				p_request_id USING ERRCODE = '22023';
		END IF;
		RETURN w.result;
	END IF;
	RETURN NULL;
END $$;

CREATE FUNCTION onedoor.request_finish(p_request_id uuid, p_kind text, p_result jsonb)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO onedoor.write_requests (request_id, actor, kind, result)
	VALUES (p_request_id, session_user, p_kind, p_result);
END $$;

ALTER TABLE onedoor.applications
	ADD COLUMN decided_by name,
	ADD COLUMN decided_at timestamptz,
	ADD COLUMN decision_phrase text,
	ADD COLUMN decision_reason text;

CREATE TABLE onedoor.cases (
	id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	case_no          text NOT NULL UNIQUE,
	application_id   bigint NOT NULL REFERENCES onedoor.applications,
	household_id     bigint NOT NULL REFERENCES onedoor.households,
	-- The member an individual item is for; NULL for the whole household.
	person_id        bigint REFERENCES onedoor.persons,
	-- The applicant's (or member's) name at acceptance, for worklists.
	subject_name     text NOT NULL,
	centre_code      text NOT NULL REFERENCES onedoor.centres,
	county           char(6) NOT NULL REFERENCES onedoor.regions,
	item_code        text NOT NULL REFERENCES onedoor.catalogue_items,
	department       text NOT NULL REFERENCES onedoor.departments,
	track            text NOT NULL CHECK (track IN ('normal', 'green', 'commitment')),
	stage            text NOT NULL CHECK (stage IN ('accept', 'verify', 'supervise',
				'approve', 'file', 'filed', 'refused', 'withdrawn')),
	warn_days        smallint NOT NULL CHECK (warn_days BETWEEN 1 AND 5),
	-- Current stage's clock (NULL once the case has ended).
	stage_entered_at timestamptz,
	stage_entered_on date,
	stage_limit      smallint,
	stage_due        date,
	stage_warn_from  date,
	-- Whole case's clock, from the application's registration.
	opened_on        date NOT NULL,
	case_limit       smallint NOT NULL,
	case_due         date NOT NULL,
	case_warn_from   date NOT NULL,
	-- The out-of-line check of the fast lanes.
	check_kind       text CHECK (check_kind IN ('materials', 'postcheck')),
	check_opened_on  date,
	check_limit      smallint, -- working days; NULL for postcheck (one month)
	check_due        date,
	check_warn_from  date,
	check_result     text CHECK (check_result IN ('passed', 'failed')),
	check_done_at    timestamptz,
	accepted_by      name,
	verified_by      name,
	approved_by      name,
	closed_at        timestamptz,
	version          integer NOT NULL DEFAULT 1,
	updated_at       timestamptz NOT NULL DEFAULT now(),
	-- On someone's worklist: a stage or a check clock is running.
	active           boolean GENERATED ALWAYS AS (
		stage IN ('accept', 'verify', 'supervise', 'approve', 'file')
		OR (check_kind IS NOT NULL AND check_result IS NULL
		    AND stage NOT IN ('refused', 'withdrawn'))) STORED,
	CHECK ((stage IN ('filed', 'refused', 'withdrawn')) = (stage_due IS NULL)),
	CHECK ((check_kind IS NULL) = (check_due IS NULL))
);
CREATE INDEX cases_application ON onedoor.cases (application_id);
CREATE INDEX cases_household ON onedoor.cases (household_id);
CREATE INDEX cases_active_centre ON onedoor.cases (centre_code, stage_due) WHERE active;
CREATE INDEX cases_active_department ON onedoor.cases (department, county) WHERE active;

-- What happened to a case, in order: the timeline and the stage history.
CREATE TABLE onedoor.case_events (
	id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	case_id          bigint NOT NULL REFERENCES onedoor.cases,
	request_id       uuid NOT NULL,
	action           text NOT NULL,
	phrase           text NOT NULL,   -- the standard phrase: 同意受理, 退回, ...
	clock            text NOT NULL CHECK (clock IN ('stage', 'check')),
	from_stage       text NOT NULL,
	to_stage         text NOT NULL,
	-- When the stage that was left had been entered, and its due date.
	from_entered_on  date NOT NULL,
	from_due         date,
	on_day           date NOT NULL,   -- onedoor.today() at the action
	at               timestamptz NOT NULL DEFAULT clock_timestamp(),
	actor            name NOT NULL DEFAULT session_user,
	actor_group      text NOT NULL,
	actor_centre     text,
	actor_department text,
	application_name text,
	client_addr      inet DEFAULT inet_client_addr(),
	reason           text
);
CREATE INDEX case_events_case ON onedoor.case_events (case_id, id);

CREATE FUNCTION onedoor.track_stages(p_track text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE p_track
		WHEN 'normal' THEN '{accept,verify,supervise,approve,file}'
		WHEN 'green' THEN '{accept,approve,supervise,file}'
		WHEN 'commitment' THEN '{accept,supervise,approve,file}' END::text[]
$$;

-- The stage after p_stage on the track ('filed' after 'file').
CREATE FUNCTION onedoor.next_stage(p_track text, p_stage text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE s text[] := onedoor.track_stages(p_track);
BEGIN
	RETURN coalesce(s[array_position(s, p_stage) + 1], 'filed');
END $$;

-- The stage before p_stage (NULL before 'accept').
CREATE FUNCTION onedoor.previous_stage(p_track text, p_stage text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE s text[] := onedoor.track_stages(p_track);
BEGIN
	RETURN s[array_position(s, p_stage) - 1];
END $$;

-- The staff group that acts in a stage.
CREATE FUNCTION onedoor.stage_group(p_stage text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE p_stage WHEN 'accept' THEN 'clerk' WHEN 'verify' THEN 'verifier'
		WHEN 'supervise' THEN 'supervisor' WHEN 'approve' THEN 'approver'
		WHEN 'file' THEN 'supervisor' END
$$;

CREATE FUNCTION onedoor.stage_limit(i onedoor.catalogue_items, p_stage text) RETURNS smallint
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE p_stage WHEN 'accept' THEN i.limit_accept WHEN 'verify' THEN i.limit_verify
		WHEN 'supervise' THEN i.limit_supervise WHEN 'approve' THEN i.limit_approve
		WHEN 'file' THEN i.limit_file END
$$;

-- Due date of a post-check opened on p_day: one calendar month later, or
-- the next working day when that is a holiday or weekend.
CREATE FUNCTION onedoor.postcheck_due(p_day date) RETURNS date
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT onedoor.add_working_days((p_day + interval '1 month')::date, 0)
$$;

-- Puts case c into stage p_stage as of today, with its stored clock.
CREATE FUNCTION onedoor.case_enter(c onedoor.cases, p_stage text, p_today date)
RETURNS onedoor.cases
LANGUAGE plpgsql STABLE AS $$
DECLARE i onedoor.catalogue_items;
BEGIN
	c.stage := p_stage;
	IF p_stage IN ('filed', 'refused', 'withdrawn') THEN
		c.stage_entered_at := NULL;
		c.stage_entered_on := NULL;
		c.stage_limit := NULL;
		c.stage_due := NULL;
		c.stage_warn_from := NULL;
		c.closed_at := clock_timestamp();
		RETURN c;
	END IF;
	SELECT * INTO STRICT i FROM onedoor.catalogue_items WHERE code = c.item_code;
	c.stage_entered_at := clock_timestamp();
	c.stage_entered_on := p_today;
	c.stage_limit := onedoor.stage_limit(i, p_stage);
	c.stage_due := onedoor.add_working_days(p_today, c.stage_limit);
	c.stage_warn_from := onedoor.warn_from(c.stage_due, c.warn_days);
	RETURN c;
END $$;

-- Channels: onedoor_centre_<code> and onedoor_department_<code>; payload:
-- the case id.  Delivered at commit.  A supervisor listens to the centres of
-- their county.
CREATE FUNCTION onedoor.case_notify(c onedoor.cases) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_catalog.pg_notify('onedoor_centre_' || c.centre_code, c.id::text);
	PERFORM pg_catalog.pg_notify('onedoor_department_' || c.department, c.id::text);
END $$;

-- May this staff member act on this case at all (scope, not stage)?
CREATE FUNCTION onedoor.staff_scope_ok(me onedoor.staff, c onedoor.cases) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT CASE me.role_group
		WHEN 'clerk' THEN me.centre_code = c.centre_code
		WHEN 'verifier' THEN me.county = c.county
		WHEN 'supervisor' THEN me.county = c.county
		WHEN 'approver' THEN me.department = c.department
			AND (me.county IS NULL OR me.county = c.county)
		ELSE false END
$$;

-- The registered application a clerk is about to accept or refuse, locked;
-- raises as the header says when the clerk may not decide it now.
CREATE FUNCTION onedoor.application_to_decide(p_application_no text, p_version integer)
RETURNS onedoor.applications
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	me onedoor.staff := onedoor.current_staff();
	app onedoor.applications;
BEGIN
	IF me.role_name IS NULL OR me.role_group <> 'clerk' THEN
		RAISE EXCEPTION 'only a window clerk may accept or refuse an application'
			USING ERRCODE = '42501';
	END IF;
	SELECT * INTO app FROM onedoor.applications a WHERE a.application_no = p_application_no
		FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'application % not found', p_application_no USING ERRCODE = 'P0002';
	END IF;
	IF app.centre_code <> me.centre_code THEN
		RAISE EXCEPTION 'application % belongs to another centre', p_application_no
			USING ERRCODE = '42501';
	END IF;
	IF app.version <> p_version THEN
		RAISE EXCEPTION 'application % was changed by someone else (version % is now %)',
			p_application_no, p_version, app.version USING ERRCODE = 'OD409';
	END IF;
	IF app.status <> 'registered' THEN
		RAISE EXCEPTION 'application % is already %', p_application_no, app.status
			USING ERRCODE = '55000';
	END IF;
	RETURN app;
END $$;

-- 同意受理: accepts a registered application with its package and opens one
-- case per item, all in one transaction.
-- p_items: a JSON array; each element an item code, or an object
--   {"item": code, "resident_id": member (for an individual item; default
--    the applicant), "track": "normal"|"green"|"commitment"}.
-- The track defaults to green for green-channel items, else normal;
-- "commitment" needs an item that allows it.
CREATE FUNCTION onedoor.accept_application(p_request_id uuid, p_application_no text,
					   p_version integer, p_items jsonb)
RETURNS TABLE (case_id bigint, case_no text, item_code text, track text, stage text,
	       version integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	me onedoor.staff;
	app onedoor.applications;
	app_before jsonb;
	centre onedoor.centres;
	today date := onedoor.today();
	opened date;
	elem jsonb;
	v_code text;
	rid text;
	want_track text;
	i onedoor.catalogue_items;
	c onedoor.cases;
	pid bigint;
	pname text;
	n int := 0;
	codes text[] := '{}';
	clash record;
	made bigint[] := '{}';
	result jsonb;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'accept_application');
	IF prev IS NOT NULL THEN
		RETURN QUERY SELECT x.id, x.case_no, x.item_code, x.track, x.stage, x.version
			FROM onedoor.cases x
			WHERE x.id IN (SELECT jsonb_array_elements_text(prev)::bigint)
			ORDER BY x.id;
		RETURN;
	END IF;
	me := onedoor.current_staff();
	app := onedoor.application_to_decide(p_application_no, p_version);
	IF jsonb_typeof(p_items) IS DISTINCT FROM 'array' OR jsonb_array_length(p_items) = 0 THEN
		RAISE EXCEPTION 'the package needs at least one item' USING ERRCODE = '22023';
	END IF;
	app_before := to_jsonb(app);
	SELECT * INTO centre FROM onedoor.centres WHERE code = app.centre_code;
	-- least(): in production registration is never after today; when a test
	-- has pinned today earlier than the real registration, the case opens
	-- on the pinned day instead of in its future.
	opened := least((app.created_at AT TIME ZONE 'Asia/Shanghai')::date, today);

	FOR elem IN SELECT value FROM jsonb_array_elements(p_items) LOOP
		n := n + 1;
		IF jsonb_typeof(elem) = 'string' THEN
			v_code := elem #>> '{}';
			rid := NULL;
			want_track := NULL;
		ELSE
			v_code := elem ->> 'item';
			rid := upper(elem ->> 'resident_id');
			want_track := elem ->> 'track';
		END IF;
		SELECT * INTO i FROM onedoor.catalogue_items ci WHERE ci.code = v_code AND ci.active;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'package item %: unknown item "%"', n, v_code
				USING ERRCODE = '22023';
		END IF;
		IF i.code = ANY (codes) THEN
			RAISE EXCEPTION 'package item %: "%" is chosen twice', n, i.code
				USING ERRCODE = '22023';
		END IF;
		want_track := coalesce(want_track,
			CASE WHEN i.green_channel THEN 'green' ELSE 'normal' END);
		IF want_track NOT IN ('normal', 'green', 'commitment')
		   OR (want_track = 'green' AND NOT i.green_channel)
		   OR (want_track = 'commitment' AND NOT i.commitment) THEN
			RAISE EXCEPTION 'package item %: "%" does not allow the % track', n,
				i.code, want_track USING ERRCODE = '22023';
		END IF;
		-- The member the item is for.
		SELECT p.id, p.name INTO pid, pname
		FROM onedoor.household_members m JOIN onedoor.persons p ON p.id = m.person_id
		WHERE m.household_id = app.household_id
		  AND (CASE WHEN rid IS NULL THEN m.position = 1 ELSE p.resident_id = rid END);
		IF NOT FOUND THEN
			RAISE EXCEPTION 'package item %: % is not a member of the household', n, rid
				USING ERRCODE = '22023';
		END IF;
		IF i.scope = 'household' THEN
			pid := NULL;
		END IF;
		-- An item excluded by one a member already holds (here or in any
		-- other household), or by another item of this package.
		SELECT y.case_no, cc.name AS centre_name, yi.name_zh AS item_name,
		       p.name AS person_name INTO clash
		FROM onedoor.cases y
		JOIN onedoor.catalogue_items yi ON yi.code = y.item_code
		JOIN onedoor.centres cc ON cc.code = y.centre_code
		JOIN onedoor.household_members ym ON ym.household_id = y.household_id
			AND (y.person_id IS NULL OR ym.person_id = y.person_id)
		JOIN onedoor.persons p ON p.id = ym.person_id
		WHERE ym.person_id IN (SELECT m.person_id FROM onedoor.household_members m
				       WHERE m.household_id = app.household_id
					 AND (pid IS NULL OR m.person_id = pid))
		  AND y.stage NOT IN ('refused', 'withdrawn')
		  AND (y.check_result IS DISTINCT FROM 'failed')
		  AND (y.item_code = ANY (i.excludes) OR i.code = ANY (yi.excludes))
		LIMIT 1;
		IF FOUND THEN
			RAISE EXCEPTION '% already holds % (case %, %), which excludes %',
				clash.person_name, clash.item_name, clash.case_no,
				clash.centre_name, i.name_zh
				USING ERRCODE = '23P01',
				      DETAIL = clash.case_no || '|' || clash.centre_name || '|' ||
					       clash.item_name || '|' || clash.person_name;
		END IF;
		IF EXISTS (SELECT 1 FROM onedoor.catalogue_items o
			   WHERE o.code = ANY (codes)
			     AND (o.code = ANY (i.excludes) OR i.code = ANY (o.excludes))) THEN
			RAISE EXCEPTION 'package item %: "%" excludes another item of the package',
				n, i.code USING ERRCODE = '23P01';
		END IF;
		codes := codes || i.code;

		c := NULL;
		c.case_no := app.application_no || '-' || lpad(n::text, 2, '0');
		c.application_id := app.id;
		c.household_id := app.household_id;
		c.person_id := pid;
		c.subject_name := pname;
		c.centre_code := app.centre_code;
		c.county := centre.county;
		c.item_code := i.code;
		c.department := i.department;
		c.track := want_track;
		c.warn_days := i.warn_days;
		c.opened_on := opened;
		c.case_limit := i.limit_total;
		c.case_due := onedoor.add_working_days(opened, i.limit_total);
		c.case_warn_from := onedoor.warn_from(c.case_due, i.warn_days);
		-- The accept stage ran from registration until now.
		c.stage := 'accept';
		c.stage_entered_on := opened;
		c.stage_due := onedoor.add_working_days(opened, i.limit_accept);
		IF want_track = 'green' THEN
			c.check_kind := 'materials';
			c.check_opened_on := today;
			c.check_limit := i.limit_verify;
			c.check_due := onedoor.add_working_days(today, i.limit_verify);
			c.check_warn_from := onedoor.warn_from(c.check_due, i.warn_days);
		END IF;
		c.accepted_by := session_user;
		c.version := 1;
		c.updated_at := now();
		c := onedoor.case_enter(c, onedoor.next_stage(want_track, 'accept'), today);
		INSERT INTO onedoor.cases (case_no, application_id, household_id, person_id,
			subject_name, centre_code, county, item_code, department, track, stage,
			warn_days, stage_entered_at, stage_entered_on, stage_limit, stage_due,
			stage_warn_from, opened_on, case_limit, case_due, case_warn_from,
			check_kind, check_opened_on, check_limit, check_due, check_warn_from,
			accepted_by, version, updated_at)
		VALUES (c.case_no, c.application_id, c.household_id, c.person_id,
			c.subject_name, c.centre_code, c.county, c.item_code, c.department,
			c.track, c.stage, c.warn_days, c.stage_entered_at, c.stage_entered_on,
			c.stage_limit, c.stage_due, c.stage_warn_from, c.opened_on, c.case_limit,
			c.case_due, c.case_warn_from, c.check_kind, c.check_opened_on,
			c.check_limit, c.check_due, c.check_warn_from, c.accepted_by, 1, now())
		RETURNING id INTO c.id;
		-- The event records the accept stage that was left.
		INSERT INTO onedoor.case_events (case_id, request_id, action, phrase, clock,
			from_stage, to_stage, from_entered_on, from_due, on_day, actor_group,
			actor_centre, application_name)
		VALUES (c.id, p_request_id, 'accept', '同意受理', 'stage', 'accept', c.stage,
			opened, onedoor.add_working_days(opened, i.limit_accept), today,
			me.role_group, me.centre_code, current_setting('application_name', true));
		made := made || c.id;
	END LOOP;

	UPDATE onedoor.applications a SET status = 'accepted', version = a.version + 1,
		decided_by = session_user, decided_at = clock_timestamp(),
		decision_phrase = '同意受理'
	WHERE a.id = app.id RETURNING * INTO app;
	result := to_jsonb(made);
	PERFORM onedoor.request_finish(p_request_id, 'accept_application', result);
	PERFORM onedoor.case_notify(x) FROM onedoor.cases x WHERE x.id = ANY (made);
	-- Last, so the audit chain's lock is held only for the commit.
	PERFORM onedoor.audit_append('application', app.application_no, 'accept', app_before,
		to_jsonb(app), p_request_id);
	PERFORM onedoor.audit_append('case', x.id::text, 'accept', NULL, to_jsonb(x),
		p_request_id)
	FROM onedoor.cases x WHERE x.id = ANY (made) ORDER BY x.id;
	RETURN QUERY SELECT x.id, x.case_no, x.item_code, x.track, x.stage, x.version
		FROM onedoor.cases x WHERE x.id = ANY (made) ORDER BY x.id;
END $$;

-- 不同意受理: refuses a registered application with a reason.
CREATE FUNCTION onedoor.refuse_application(p_request_id uuid, p_application_no text,
					   p_version integer, p_reason text)
RETURNS TABLE (application_no text, status text, version integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	app onedoor.applications;
	app_before jsonb;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'refuse_application');
	IF prev IS NULL THEN
		app := onedoor.application_to_decide(p_application_no, p_version);
		IF nullif(btrim(p_reason), '') IS NULL THEN
			RAISE EXCEPTION 'a refusal needs a reason' USING ERRCODE = '22023';
		END IF;
		app_before := to_jsonb(app);
		UPDATE onedoor.applications a SET status = 'refused', version = a.version + 1,
			decided_by = session_user, decided_at = clock_timestamp(),
			decision_phrase = '不同意受理', decision_reason = btrim(p_reason)
		WHERE a.id = app.id RETURNING * INTO app;
		PERFORM onedoor.request_finish(p_request_id, 'refuse_application',
			jsonb_build_object('application_no', app.application_no));
		PERFORM onedoor.audit_append('application', app.application_no, 'refuse',
			app_before, to_jsonb(app), p_request_id);
	END IF;
	RETURN QUERY SELECT a.application_no, a.status, a.version FROM onedoor.applications a
		WHERE a.application_no = p_application_no;
END $$;

-- Moves a case: p_action is one of
--   accept (同意受理) / refuse (不同意受理)        clerk, stage accept
--   verify_pass (核对通过) / verify_fail (核对不通过)  verifier, stage verify
--   supervise_pass (督办通过)                       supervisor, stage supervise
--   approve (同意救助) / reject (不同意救助)         approver, stage approve;
--                                      not who accepted or verified the case
--   file (备案)                                     supervisor, stage file
--   return (退回): one stage back, by the group of the current stage
--   withdraw (撤回申请)                              clerk, any open stage
--   check_pass / check_fail (核对通过 / 核对不通过)    verifier, the open
--                                      materials or post-check clock
-- refuse, verify_fail, reject, return, withdraw and check_fail need a reason.
-- p_version is the case's version as the client read it.  Returns the
-- case's new stage and version (the first outcome again on a retry).
CREATE FUNCTION onedoor.case_act(p_request_id uuid, p_case_id bigint, p_version integer,
				 p_action text, p_reason text DEFAULT NULL)
RETURNS TABLE (case_id bigint, stage text, version integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	me onedoor.staff;
	c onedoor.cases;
	before jsonb;
	today date := onedoor.today();
	need_group text;
	need_stage text;
	to_stage text;
	phrase text;
	clock text := 'stage';
	reason text := nullif(btrim(p_reason), '');
	changed int;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'case_act');
	IF prev IS NOT NULL THEN
		RETURN QUERY SELECT (prev ->> 'case_id')::bigint, prev ->> 'stage',
			(prev ->> 'version')::int;
		RETURN;
	END IF;
	me := onedoor.current_staff();
	IF me.role_name IS NULL THEN
		RAISE EXCEPTION 'this login is not active staff' USING ERRCODE = '42501';
	END IF;
	SELECT * INTO c FROM onedoor.cases x WHERE x.id = p_case_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'case % not found', p_case_id USING ERRCODE = 'P0002';
	END IF;
	before := to_jsonb(c);

	CASE p_action
	WHEN 'accept' THEN need_group := 'clerk'; need_stage := 'accept'; phrase := '同意受理';
	WHEN 'refuse' THEN need_group := 'clerk'; need_stage := 'accept'; phrase := '不同意受理';
	WHEN 'verify_pass' THEN need_group := 'verifier'; need_stage := 'verify'; phrase := '核对通过';
	WHEN 'verify_fail' THEN need_group := 'verifier'; need_stage := 'verify'; phrase := '核对不通过';
	WHEN 'supervise_pass' THEN need_group := 'supervisor'; need_stage := 'supervise';
		phrase := '督办通过';
	WHEN 'approve' THEN need_group := 'approver'; need_stage := 'approve';
		phrase := CASE WHEN c.track = 'green' THEN '同意救助（先行救助）' ELSE '同意救助' END;
	WHEN 'reject' THEN need_group := 'approver'; need_stage := 'approve'; phrase := '不同意救助';
	WHEN 'file' THEN need_group := 'supervisor'; need_stage := 'file'; phrase := '备案';
	WHEN 'return' THEN need_group := onedoor.stage_group(c.stage); need_stage := c.stage;
		phrase := '退回';
	WHEN 'withdraw' THEN need_group := 'clerk'; need_stage := c.stage; phrase := '撤回申请';
	WHEN 'check_pass' THEN need_group := 'verifier'; need_stage := c.stage; clock := 'check';
		phrase := '核对通过';
	WHEN 'check_fail' THEN need_group := 'verifier'; need_stage := c.stage; clock := 'check';
		phrase := '核对不通过';
	ELSE
		RAISE EXCEPTION 'unknown action "%"', p_action USING ERRCODE = '22023';
	END CASE;

	IF me.role_group NOT IN ('clerk', 'verifier', 'supervisor', 'approver') THEN
		RAISE EXCEPTION '% may read cases but not change them', me.role_group
			USING ERRCODE = '42501';
	END IF;
	IF NOT onedoor.staff_scope_ok(me, c) THEN
		RAISE EXCEPTION 'case % belongs to another %', c.case_no,
			CASE me.role_group WHEN 'clerk' THEN 'centre' WHEN 'approver'
				THEN 'department' ELSE 'county' END
			USING ERRCODE = '42501';
	END IF;
	-- A stale client learns that first: what it may do depends on the stage
	-- it has not seen.
	IF c.version <> p_version THEN
		RAISE EXCEPTION 'case % was changed by someone else (version % is now %)',
			c.case_no, p_version, c.version USING ERRCODE = 'OD409';
	END IF;
	IF need_group IS NULL OR me.role_group <> need_group THEN
		RAISE EXCEPTION '% may not % a case in stage %', me.role_group, p_action, c.stage
			USING ERRCODE = '42501';
	END IF;
	IF p_action IN ('approve', 'reject')
	   AND session_user IN (c.accepted_by, c.verified_by) THEN
		RAISE EXCEPTION 'you accepted or verified case % yourself; another person must decide',
			c.case_no USING ERRCODE = '42501';
	END IF;
	IF c.stage <> need_stage
	   OR c.stage IN ('filed', 'refused', 'withdrawn') AND clock = 'stage'
	   OR (clock = 'check' AND (c.check_kind IS NULL OR c.check_result IS NOT NULL
				    OR c.stage IN ('refused', 'withdrawn')))
	   OR (p_action = 'return' AND onedoor.previous_stage(c.track, c.stage) IS NULL) THEN
		RAISE EXCEPTION 'case % is in stage %: % is not possible now', c.case_no, c.stage,
			p_action USING ERRCODE = '55000';
	END IF;
	IF p_action IN ('refuse', 'verify_fail', 'reject', 'return', 'withdraw', 'check_fail')
	   AND reason IS NULL THEN
		RAISE EXCEPTION '% needs a reason', phrase USING ERRCODE = '22023';
	END IF;
	IF p_action = 'file' AND c.check_kind = 'materials'
	   AND c.check_result IS DISTINCT FROM 'passed' THEN
		RAISE EXCEPTION 'case % cannot be filed before its verification and materials are complete',
			c.case_no USING ERRCODE = '55000';
	END IF;

	to_stage := CASE p_action
		WHEN 'return' THEN onedoor.previous_stage(c.track, c.stage)
		WHEN 'withdraw' THEN 'withdrawn'
		WHEN 'check_pass' THEN c.stage
		WHEN 'check_fail' THEN 'refused'
		WHEN 'refuse' THEN 'refused'
		WHEN 'verify_fail' THEN 'refused'
		WHEN 'reject' THEN 'refused'
		ELSE onedoor.next_stage(c.track, c.stage) END;
	INSERT INTO onedoor.case_events (case_id, request_id, action, phrase, clock, from_stage,
		to_stage, from_entered_on, from_due, on_day, actor_group, actor_centre,
		actor_department, application_name, reason)
	VALUES (c.id, p_request_id, p_action, phrase, clock, c.stage, to_stage,
		CASE clock WHEN 'stage' THEN c.stage_entered_on ELSE c.check_opened_on END,
		CASE clock WHEN 'stage' THEN c.stage_due ELSE c.check_due END,
		today, me.role_group, me.centre_code, me.department,
		current_setting('application_name', true), reason);

	IF clock = 'check' THEN
		c.check_result := CASE p_action WHEN 'check_pass' THEN 'passed' ELSE 'failed' END;
		c.check_done_at := clock_timestamp();
		c.verified_by := session_user;
	END IF;
	CASE p_action
	WHEN 'accept' THEN c.accepted_by := session_user;
	WHEN 'verify_pass' THEN c.verified_by := session_user;
	WHEN 'approve' THEN c.approved_by := session_user;
		IF c.track = 'commitment' THEN
			c.check_kind := 'postcheck';
			c.check_opened_on := today;
			c.check_limit := NULL;
			c.check_due := onedoor.postcheck_due(today);
			c.check_warn_from := onedoor.warn_from(c.check_due, c.warn_days);
		END IF;
	ELSE NULL;
	END CASE;
	IF to_stage IS DISTINCT FROM c.stage THEN
		c := onedoor.case_enter(c, to_stage, today);
	END IF;

	UPDATE onedoor.cases x SET stage = c.stage, stage_entered_at = c.stage_entered_at,
		stage_entered_on = c.stage_entered_on, stage_limit = c.stage_limit,
		stage_due = c.stage_due, stage_warn_from = c.stage_warn_from,
		check_kind = c.check_kind, check_opened_on = c.check_opened_on,
		check_limit = c.check_limit, check_due = c.check_due,
		check_warn_from = c.check_warn_from, check_result = c.check_result,
		check_done_at = c.check_done_at, accepted_by = c.accepted_by,
		verified_by = c.verified_by, approved_by = c.approved_by,
		closed_at = c.closed_at, version = x.version + 1, updated_at = now()
	WHERE x.id = c.id AND x.version = p_version
	RETURNING * INTO c;
	-- Exactly one row, or the owner's view of the table is not what we think
	-- (see the row-security decision in 0007_security.sql).
	GET DIAGNOSTICS changed = ROW_COUNT;
	IF changed <> 1 THEN
		RAISE EXCEPTION 'case % was not updated', p_case_id USING ERRCODE = 'XX000';
	END IF;
	PERFORM onedoor.request_finish(p_request_id, 'case_act',
		jsonb_build_object('case_id', c.id, 'stage', c.stage, 'version', c.version));
	PERFORM onedoor.case_notify(c);
	PERFORM onedoor.audit_append('case', c.id::text, p_action, before, to_jsonb(c),
		p_request_id);
	RETURN QUERY SELECT c.id, c.stage, c.version;
END $$;
