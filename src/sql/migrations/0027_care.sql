-- 0027_care: three-colour care for dispersed extreme-poverty persons
-- (分散供养特困人员“三色预警”, Baoji/Fengxiang).
--
-- Who is rated: a person who holds 特困供养 (a filed case of item "tekun",
-- not failed at a check) and is supported at home, i.e. whose facts do not
-- say `support_mode = centralised` (a care home looks after them).
--
-- The documented criteria: three aspects, each judged good / concern /
-- danger by the person who visits:
--   living   居住条件: safe, clean housing, water, power, heating
--   health   身体和精神状况: health, mental state, personal hygiene
--   care     照护落实: a carer named, visiting and actually caring
-- The colour follows (one rule, here): red (R) when any aspect is danger,
-- yellow (Y) when any is concern, else green (G).  Green: normal care (the
-- carer and visitor are urged on); yellow: regular attention, the risks
-- listed and worked on; red: close attention, a problem list with a
-- person responsible and a deadline for each item (梳理问题清单，落实责任，
-- 限期整改).  A red or yellow rating therefore needs at least one item; an
-- item is closed with a note; a person cannot be rated green while items
-- are open.  An item's light: yellow from 2 working days before its
-- deadline, red after it.  A red person's open item past its deadline
-- shows in the supervisors' overdue view (care_overdue).
--
-- Ratings are kept (history); one is current per person.  Clerks of the
-- person's centre and supervisors of its county rate and keep the list.

CREATE TABLE onedoor.care_ratings (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	person_id   bigint NOT NULL REFERENCES onedoor.persons,
	person_name text NOT NULL,
	household_id bigint NOT NULL REFERENCES onedoor.households,
	centre_code text NOT NULL REFERENCES onedoor.centres,
	county      char(6) NOT NULL REFERENCES onedoor.regions,
	living      text NOT NULL CHECK (living IN ('good', 'concern', 'danger')),
	health      text NOT NULL CHECK (health IN ('good', 'concern', 'danger')),
	care        text NOT NULL CHECK (care IN ('good', 'concern', 'danger')),
	colour      text NOT NULL CHECK (colour IN ('red', 'yellow', 'green')),
	note        onedoor.reason_text,
	rated_on    date NOT NULL,
	rated_by    name NOT NULL DEFAULT session_user,
	current     boolean NOT NULL DEFAULT true,
	request_id  uuid NOT NULL UNIQUE,
	at          timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE UNIQUE INDEX care_ratings_current ON onedoor.care_ratings (person_id) WHERE current;
CREATE INDEX care_ratings_centre ON onedoor.care_ratings (centre_code, colour) WHERE current;

CREATE TABLE onedoor.care_problems (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	rating_id   bigint NOT NULL REFERENCES onedoor.care_ratings,
	person_id   bigint NOT NULL REFERENCES onedoor.persons,
	centre_code text NOT NULL REFERENCES onedoor.centres,
	item        onedoor.person_text NOT NULL,
	responsible onedoor.person_text NOT NULL,
	deadline    date NOT NULL,
	warn_from   date NOT NULL,
	opened_on   date NOT NULL,
	opened_by   name NOT NULL DEFAULT session_user,
	closed_on   date,
	closed_by   name,
	close_note  onedoor.reason_text,
	version     integer NOT NULL DEFAULT 1,
	CHECK ((closed_on IS NULL) = (close_note IS NULL))
);
CREATE INDEX care_problems_person ON onedoor.care_problems (person_id, id);
CREATE INDEX care_problems_open ON onedoor.care_problems (centre_code, deadline)
	WHERE closed_on IS NULL;

ALTER TABLE onedoor.care_ratings ENABLE ROW LEVEL SECURITY;
ALTER TABLE onedoor.care_problems ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_read ON onedoor.care_ratings FOR SELECT USING (
	centre_code = ANY ((SELECT onedoor.my_centres())::text[]));
CREATE POLICY scope_read ON onedoor.care_problems FOR SELECT USING (
	centre_code = ANY ((SELECT onedoor.my_centres())::text[]));

-- The colour the criteria give.
CREATE FUNCTION onedoor.care_colour(p_living text, p_health text, p_care text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE WHEN 'danger' IN (p_living, p_health, p_care) THEN 'red'
		    WHEN 'concern' IN (p_living, p_health, p_care) THEN 'yellow'
		    ELSE 'green' END
$$;

-- The tekun case that makes p_person_id a dispersed extreme-poverty person,
-- NULL when there is none.
CREATE FUNCTION onedoor.care_case(p_person_id bigint) RETURNS onedoor.cases
LANGUAGE sql STABLE AS $$
	SELECT c.* FROM onedoor.cases c
	JOIN onedoor.persons p ON p.id = p_person_id
	WHERE c.item_code = 'tekun' AND c.stage = 'filed'
	  AND c.check_result IS DISTINCT FROM 'failed'
	  AND (c.person_id = p_person_id
	       OR (c.person_id IS NULL AND EXISTS (SELECT 1 FROM onedoor.household_members m
			WHERE m.household_id = c.household_id AND m.person_id = p_person_id)))
	  AND coalesce(p.facts ->> 'support_mode', '') <> 'centralised'
	ORDER BY c.id DESC LIMIT 1
$$;

-- Checks one problem-list item ({"item", "responsible", "deadline"}) and
-- adds it to rating p_rating.
CREATE FUNCTION onedoor.care_problem_insert(r onedoor.care_ratings, p_item jsonb, p_today date)
RETURNS onedoor.care_problems
LANGUAGE plpgsql AS $$
DECLARE
	p onedoor.care_problems;
	due date;
BEGIN
	IF jsonb_typeof(p_item) IS DISTINCT FROM 'object'
	   OR nullif(btrim(p_item ->> 'item'), '') IS NULL
	   OR nullif(btrim(p_item ->> 'responsible'), '') IS NULL THEN
		RAISE EXCEPTION 'each problem needs the problem, a person responsible and a deadline'
			USING ERRCODE = '22023';
	END IF;
	BEGIN
		due := (p_item ->> 'deadline')::date;
	EXCEPTION WHEN others THEN
		due := NULL;
	END;
	IF due IS NULL OR due < p_today THEN
		RAISE EXCEPTION 'the deadline must be a date, today or later' USING ERRCODE = '22023';
	END IF;
	INSERT INTO onedoor.care_problems (rating_id, person_id, centre_code, item, responsible,
		deadline, warn_from, opened_on)
	VALUES (r.id, r.person_id, r.centre_code, btrim(p_item ->> 'item'),
		btrim(p_item ->> 'responsible'), due,
		onedoor.warn_from(onedoor.add_working_days(due, 0), 2), p_today)
	RETURNING * INTO p;
	RETURN p;
END $$;

-- The caller may keep this centre's care ratings (clerk of the centre,
-- supervisor of its county).
CREATE FUNCTION onedoor.care_may(me onedoor.staff, p_centre text) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT coalesce(CASE me.role_group
		WHEN 'clerk' THEN me.centre_code = p_centre
		WHEN 'supervisor' THEN me.county = (SELECT c.county FROM onedoor.centres c
						    WHERE c.code = p_centre)
		END, false)
$$;

-- Rates a dispersed extreme-poverty person on the three aspects; the colour
-- follows.  p_problems: a JSON array of {"item", "responsible", "deadline"}
-- (at least one for red and yellow; none accepted for green).  Errors:
-- P0002 no such person holding 特困 at home; 55000 green while items are
-- open; 42501, 22023 as elsewhere.
CREATE FUNCTION onedoor.care_rate(p_request_id uuid, p_person_id bigint, p_living text,
				  p_health text, p_care text, p_note text, p_problems jsonb)
RETURNS TABLE (rating_id bigint, colour text, problems integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	me onedoor.staff;
	c onedoor.cases;
	r onedoor.care_ratings;
	before jsonb;
	today date := onedoor.today();
	item jsonb;
	n integer := 0;
	note text := onedoor.note_text(p_note, 'the note');
BEGIN
	prev := onedoor.request_begin(p_request_id, 'care_rate');
	IF prev IS NULL THEN
		me := onedoor.current_staff();
		IF me.role_name IS NULL OR me.role_group NOT IN ('clerk', 'supervisor') THEN
			RAISE EXCEPTION 'only a centre clerk or a supervisor rates care'
				USING ERRCODE = '42501';
		END IF;
		c := onedoor.care_case(p_person_id);
		IF c.id IS NULL THEN
			RAISE EXCEPTION 'person % does not receive extreme-poverty support at home',
				p_person_id USING ERRCODE = 'P0002';
		END IF;
		IF NOT onedoor.care_may(me, c.centre_code) THEN
			RAISE EXCEPTION 'the person belongs to another centre' USING ERRCODE = '42501';
		END IF;
		IF coalesce(p_living, '') NOT IN ('good', 'concern', 'danger')
		   OR coalesce(p_health, '') NOT IN ('good', 'concern', 'danger')
		   OR coalesce(p_care, '') NOT IN ('good', 'concern', 'danger') THEN
			RAISE EXCEPTION 'living, health and care are each good, concern or danger'
				USING ERRCODE = '22023';
		END IF;
		IF jsonb_typeof(coalesce(p_problems, '[]')) <> 'array' THEN
			RAISE EXCEPTION 'the problem list must be a JSON array' USING ERRCODE = '22023';
		END IF;
		r.colour := onedoor.care_colour(p_living, p_health, p_care);
		IF r.colour <> 'green' AND jsonb_array_length(coalesce(p_problems, '[]')) = 0
		   AND NOT EXISTS (SELECT 1 FROM onedoor.care_problems x
				   WHERE x.person_id = p_person_id AND x.closed_on IS NULL) THEN
			RAISE EXCEPTION 'a % rating needs its problem list', r.colour
				USING ERRCODE = '22023';
		END IF;
		IF r.colour = 'green' AND (jsonb_array_length(coalesce(p_problems, '[]')) > 0
		   OR EXISTS (SELECT 1 FROM onedoor.care_problems x
			      WHERE x.person_id = p_person_id AND x.closed_on IS NULL)) THEN
			RAISE EXCEPTION 'close every open problem before rating green'
				USING ERRCODE = '55000';
		END IF;
		SELECT to_jsonb(x) INTO before FROM onedoor.care_ratings x
		WHERE x.person_id = p_person_id AND x.current;
		UPDATE onedoor.care_ratings x SET current = false
		WHERE x.person_id = p_person_id AND x.current;
		INSERT INTO onedoor.care_ratings (person_id, person_name, household_id, centre_code,
			county, living, health, care, colour, note, rated_on, request_id)
		SELECT p_person_id, p.name, c.household_id, c.centre_code, c.county, p_living,
		       p_health, p_care, r.colour, note, today, p_request_id
		FROM onedoor.persons p WHERE p.id = p_person_id
		RETURNING * INTO r;
		FOR item IN SELECT value FROM jsonb_array_elements(coalesce(p_problems, '[]')) LOOP
			PERFORM onedoor.care_problem_insert(r, item, today);
			n := n + 1;
		END LOOP;
		PERFORM onedoor.request_finish(p_request_id, 'care_rate',
			jsonb_build_object('rating_id', r.id));
		PERFORM onedoor.audit_append('care_rating', p_person_id::text, 'rate', before,
			to_jsonb(r) || jsonb_build_object('problems', n), p_request_id);
	END IF;
	RETURN QUERY SELECT x.id, x.colour,
		(SELECT count(*)::int FROM onedoor.care_problems y WHERE y.rating_id = x.id)
		FROM onedoor.care_ratings x WHERE x.request_id = p_request_id;
END $$;

-- Adds an item to a person's problem list (current rating red or yellow).
CREATE FUNCTION onedoor.care_problem_add(p_request_id uuid, p_person_id bigint, p_item text,
					 p_responsible text, p_deadline date)
RETURNS TABLE (problem_id bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	me onedoor.staff := onedoor.current_staff();
	r onedoor.care_ratings;
	p onedoor.care_problems;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'care_problem_add');
	IF prev IS NOT NULL THEN
		RETURN QUERY SELECT (prev ->> 'problem_id')::bigint;
		RETURN;
	END IF;
	SELECT * INTO r FROM onedoor.care_ratings x WHERE x.person_id = p_person_id AND x.current
		FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'person % has no care rating', p_person_id USING ERRCODE = 'P0002';
	END IF;
	IF me.role_name IS NULL OR NOT onedoor.care_may(me, r.centre_code) THEN
		RAISE EXCEPTION 'the person belongs to another centre' USING ERRCODE = '42501';
	END IF;
	IF r.colour = 'green' THEN
		RAISE EXCEPTION 'a green rating has no problem list; rate the person again'
			USING ERRCODE = '55000';
	END IF;
	p := onedoor.care_problem_insert(r, jsonb_build_object('item', p_item,
		'responsible', p_responsible, 'deadline', p_deadline), onedoor.today());
	PERFORM onedoor.request_finish(p_request_id, 'care_problem_add',
		jsonb_build_object('problem_id', p.id));
	PERFORM onedoor.audit_append('care_problem', p.id::text, 'add', NULL, to_jsonb(p),
		p_request_id);
	RETURN QUERY SELECT p.id;
END $$;

-- Closes one item of a problem list with a note saying what was done.
CREATE FUNCTION onedoor.care_problem_close(p_request_id uuid, p_problem_id bigint,
					   p_version integer, p_note text)
RETURNS TABLE (problem_id bigint, open_left integer, version integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	me onedoor.staff := onedoor.current_staff();
	p onedoor.care_problems;
	before jsonb;
	note text := onedoor.note_text(p_note, 'the note');
BEGIN
	prev := onedoor.request_begin(p_request_id, 'care_problem_close');
	IF prev IS NULL THEN
		SELECT * INTO p FROM onedoor.care_problems x WHERE x.id = p_problem_id FOR UPDATE;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'problem % not found', p_problem_id USING ERRCODE = 'P0002';
		END IF;
		IF me.role_name IS NULL OR NOT onedoor.care_may(me, p.centre_code) THEN
			RAISE EXCEPTION 'the person belongs to another centre' USING ERRCODE = '42501';
		END IF;
		IF p.version IS DISTINCT FROM p_version THEN
			RAISE EXCEPTION 'problem % was changed by someone else (version % is now %)',
				p_problem_id, p_version, p.version USING ERRCODE = 'OD409';
		END IF;
		IF p.closed_on IS NOT NULL THEN
			RAISE EXCEPTION 'problem % is already closed', p_problem_id
				USING ERRCODE = '55000';
		END IF;
		IF note IS NULL THEN
			RAISE EXCEPTION 'say what was done' USING ERRCODE = '22023';
		END IF;
		before := to_jsonb(p);
		UPDATE onedoor.care_problems x SET closed_on = onedoor.today(),
			closed_by = session_user, close_note = note, version = x.version + 1
		WHERE x.id = p.id RETURNING * INTO p;
		PERFORM onedoor.request_finish(p_request_id, 'care_problem_close',
			jsonb_build_object('problem_id', p.id));
		PERFORM onedoor.audit_append('care_problem', p.id::text, 'close', before, to_jsonb(p),
			p_request_id);
	END IF;
	RETURN QUERY SELECT x.id,
		(SELECT count(*)::int FROM onedoor.care_problems y
		 WHERE y.person_id = x.person_id AND y.closed_on IS NULL), x.version
		FROM onedoor.care_problems x WHERE x.id = p_problem_id;
END $$;

-- The persons to rate: every dispersed extreme-poverty person the caller
-- may see, with the current rating (NULL colour: not rated yet), open
-- items, overdue items and the nearest deadline.  Order: ORDER BY
-- colour_rank DESC, next_deadline NULLS LAST, person_name.
CREATE VIEW onedoor.care_register WITH (security_invoker = true) AS
WITH t AS MATERIALIZED (SELECT onedoor.today() AS today)
SELECT p.id AS person_id, p.name AS person_name, c.household_id, c.centre_code,
       c.case_no, r.id AS rating_id, r.colour,
       CASE r.colour WHEN 'red' THEN 2 WHEN 'yellow' THEN 1 WHEN 'green' THEN 0 ELSE 3 END
		AS colour_rank,
       r.living, r.health, r.care, r.rated_on, r.note,
       coalesce(k.open_items, 0) AS open_items, coalesce(k.overdue_items, 0) AS overdue_items,
       k.next_deadline
FROM onedoor.cases c
CROSS JOIN t
JOIN onedoor.persons p ON p.id = coalesce(c.person_id, (SELECT m.person_id
	FROM onedoor.household_members m WHERE m.household_id = c.household_id AND m.position = 1))
LEFT JOIN onedoor.care_ratings r ON r.person_id = p.id AND r.current
LEFT JOIN LATERAL (SELECT count(*) AS open_items,
			  count(*) FILTER (WHERE x.deadline < t.today) AS overdue_items,
			  min(x.deadline) AS next_deadline
		   FROM onedoor.care_problems x
		   WHERE x.person_id = p.id AND x.closed_on IS NULL) k ON true
WHERE c.item_code = 'tekun' AND c.stage = 'filed' AND c.check_result IS DISTINCT FROM 'failed';

-- A person's problem list, open items first, each with its light.
CREATE VIEW onedoor.care_problem_list WITH (security_invoker = true) AS
WITH t AS MATERIALIZED (SELECT onedoor.today() AS today)
SELECT x.id, x.person_id, x.rating_id, x.centre_code, x.item, x.responsible, x.deadline,
       x.opened_on, x.closed_on, x.closed_by, x.close_note, x.version,
       CASE WHEN x.closed_on IS NULL THEN onedoor.light(x.deadline, x.warn_from, t.today)
       END AS light,
       r.colour AS rating_colour
FROM onedoor.care_problems x
CROSS JOIN t
JOIN onedoor.care_ratings r ON r.id = x.rating_id;

-- For the supervisors' overdue view: open items of red-rated persons past
-- their deadline, most overdue first (ORDER BY deadline).
CREATE VIEW onedoor.care_overdue WITH (security_invoker = true) AS
WITH t AS MATERIALIZED (SELECT onedoor.today() AS today)
SELECT x.id AS problem_id, r.person_id, r.person_name, r.centre_code, ce.name AS centre_name,
       x.item, x.responsible, x.deadline,
       onedoor.working_days_between(x.deadline, t.today) AS days_overdue
FROM onedoor.care_ratings r
CROSS JOIN t
JOIN onedoor.care_problems x ON x.person_id = r.person_id AND x.closed_on IS NULL
JOIN onedoor.centres ce ON ce.code = r.centre_code
WHERE r.current AND r.colour = 'red' AND x.deadline < t.today;

GRANT SELECT ON onedoor.care_ratings, onedoor.care_problems, onedoor.care_register,
	onedoor.care_problem_list, onedoor.care_overdue TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_auditor, onedoor_admin;
REVOKE ALL ON FUNCTION onedoor.care_colour(text, text, text), onedoor.care_case(bigint),
	onedoor.care_problem_insert(onedoor.care_ratings, jsonb, date),
	onedoor.care_may(onedoor.staff, text),
	onedoor.care_rate(uuid, bigint, text, text, text, text, jsonb),
	onedoor.care_problem_add(uuid, bigint, text, text, date),
	onedoor.care_problem_close(uuid, bigint, integer, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.care_colour(text, text, text) TO onedoor_clerk,
	onedoor_verifier, onedoor_supervisor, onedoor_auditor, onedoor_admin;
GRANT EXECUTE ON FUNCTION onedoor.care_rate(uuid, bigint, text, text, text, text, jsonb),
	onedoor.care_problem_add(uuid, bigint, text, text, date),
	onedoor.care_problem_close(uuid, bigint, integer, text) TO onedoor_clerk, onedoor_supervisor;
