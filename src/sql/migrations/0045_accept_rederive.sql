-- 0045_accept_rederive: the server decides eligibility at acceptance.
--
-- Until now accept_application opened a case for whatever item code the
-- client sent: a clerk with psql (or an old or modified client) could open a
-- case for an item the household does not qualify for.  Now every case row
-- is checked by the engine inside the server (onedoor.engine_item, from
-- 0020 and src/sql/engine.sql) on the household's stored facts as of the
-- day the case opened (the application's day), whatever function inserts
-- it:
--   * eligible: accepted;
--   * not eligible: refused, naming the item and the failing condition;
--   * missing data: refused, except on the green channel (assist first,
--     paperwork after), where the missing facts are recorded as owed
--     (onedoor.owed_facts).
-- And when an application is accepted, the server's own menu on those facts
-- is kept in onedoor.menu_snapshots.  Both are triggers, so that
-- accept_application (0005) is not redefined here and every later version
-- of it is held to the same rule.

-- A household as the engine reads it, for the owner's own checks (no
-- visibility test: the triggers below run for the clerk's insert).
CREATE FUNCTION onedoor.household_doc(p_household_id bigint) RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = onedoor, pg_temp AS $$
	SELECT jsonb_build_object(
		'region', c.county, 'hukou', h.hukou, 'facts', h.facts,
		'members', coalesce((
			SELECT jsonb_agg(jsonb_build_object('resident_id', p.resident_id,
				'name', p.name, 'relation', m.relation, 'facts', p.facts)
				ORDER BY m.position)
			FROM onedoor.household_members m JOIN onedoor.persons p ON p.id = m.person_id
			WHERE m.household_id = h.id), '[]'))
	FROM onedoor.households h JOIN onedoor.centres c ON c.code = h.centre_code
	WHERE h.id = p_household_id
$$;
REVOKE ALL ON FUNCTION onedoor.household_doc(bigint) FROM PUBLIC;

-- household_document (0020) becomes the visibility check around it, so
-- that the document has one definition.
CREATE OR REPLACE FUNCTION onedoor.household_document(p_household_id bigint) RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT onedoor.household_doc(p_household_id)
	WHERE onedoor.may_see_household(p_household_id)
$$;

-- The engine must be there: without the server module nothing can be
-- accepted, and the message says what to install.
CREATE FUNCTION onedoor.engine_required() RETURNS void
LANGUAGE plpgsql STABLE SET search_path = onedoor, pg_temp AS $$
BEGIN
	IF to_regprocedure('onedoor.engine_item(jsonb, text, date)') IS NULL
	   OR to_regprocedure('onedoor.engine_match(jsonb, date)') IS NULL THEN
		RAISE EXCEPTION 'the matching engine is not installed in this database'
			USING ERRCODE = '55000',
			      HINT = 'Install the package postgresql-'
				     || (current_setting('server_version_num')::int / 10000)
				     || '-onedoor on the database server and run onedoor-admin init.';
	END IF;
END $$;
REVOKE ALL ON FUNCTION onedoor.engine_required() FROM PUBLIC;

-- The first reason of an item's verdict that starts with `mark` (✗ a
-- failing condition, ? a missing fact), else all its reasons.
CREATE FUNCTION onedoor.engine_reason(p_item jsonb, p_mark text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = onedoor, pg_temp AS $$
	SELECT coalesce(
		(SELECT r FROM jsonb_array_elements_text(p_item -> 'reasons') WITH ORDINALITY AS x(r, n)
		 WHERE r LIKE p_mark || ' %' ORDER BY n LIMIT 1),
		(SELECT string_agg(r, '; ') FROM jsonb_array_elements_text(p_item -> 'reasons') r))
$$;
REVOKE ALL ON FUNCTION onedoor.engine_reason(jsonb, text) FROM PUBLIC;

-- What a green-channel case still owes: the facts the engine found missing
-- when it was accepted, in the engine's words, to be completed afterwards.
CREATE TABLE onedoor.owed_facts (
	case_id     bigint PRIMARY KEY REFERENCES onedoor.cases,
	item_code   text NOT NULL,
	evaluated_on date NOT NULL,
	missing     text[] NOT NULL CHECK (cardinality(missing) > 0),
	at          timestamptz NOT NULL DEFAULT clock_timestamp()
);
ALTER TABLE onedoor.owed_facts ENABLE ROW LEVEL SECURITY;
CREATE POLICY owed_facts_scope ON onedoor.owed_facts FOR SELECT
	USING (EXISTS (SELECT 1 FROM onedoor.cases c WHERE c.id = case_id));
GRANT SELECT ON onedoor.owed_facts TO onedoor_clerk, onedoor_verifier, onedoor_supervisor,
	onedoor_approver, onedoor_auditor, onedoor_admin;

-- Every new case: the item's verdict on the stored facts as of the day it
-- opened.  SQLSTATE 23514 (a check the data failed); DETAIL is
-- "item_code|verdict|reason" for a client that words it itself.
CREATE FUNCTION onedoor.case_eligibility_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	item jsonb;
	verdict text;
	why text;
	n text := coalesce(substring(NEW.case_no FROM '-([0-9]+)$'), '?');
BEGIN
	PERFORM onedoor.engine_required();
	item := onedoor.engine_item(onedoor.household_doc(NEW.household_id), NEW.item_code,
				    NEW.opened_on);
	verdict := item ->> 'verdict';
	IF verdict = 'eligible' THEN
		RETURN NULL;
	END IF;
	IF verdict = 'missing_data' AND NEW.track = 'green' THEN
		INSERT INTO onedoor.owed_facts (case_id, item_code, evaluated_on, missing)
		SELECT NEW.id, NEW.item_code, NEW.opened_on, array_agg(r ORDER BY k)
		FROM jsonb_array_elements_text(item -> 'reasons') WITH ORDINALITY AS x(r, k)
		WHERE r LIKE '? %';
		RETURN NULL;
	END IF;
	IF verdict = 'missing_data' THEN
		why := onedoor.engine_reason(item, '?');
		RAISE EXCEPTION 'package item %: % (%) cannot be accepted on %: data is missing: %',
			ltrim(n, '0'), item ->> 'name', NEW.item_code, NEW.opened_on, why
			USING ERRCODE = '23514',
			      DETAIL = NEW.item_code || '|missing_data|' || why,
			      HINT = 'Complete the household''s facts, or use the green channel where the item allows it.';
	END IF;
	why := onedoor.engine_reason(item, '✗');
	RAISE EXCEPTION 'package item %: the household is not eligible for % (%) on %: %',
		ltrim(n, '0'), item ->> 'name', NEW.item_code, NEW.opened_on, why
		USING ERRCODE = '23514',
		      DETAIL = NEW.item_code || '|not_eligible|' || why;
END $$;
REVOKE ALL ON FUNCTION onedoor.case_eligibility_check() FROM PUBLIC;
CREATE TRIGGER cases_eligible AFTER INSERT ON onedoor.cases
	FOR EACH ROW EXECUTE FUNCTION onedoor.case_eligibility_check();

-- An accepted application keeps the server's menu of that day.
CREATE FUNCTION onedoor.application_menu_snapshot() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	on_day date := coalesce(
		(SELECT min(c.opened_on) FROM onedoor.cases c WHERE c.application_id = NEW.id),
		least((NEW.created_at AT TIME ZONE 'Asia/Shanghai')::date, onedoor.today()));
BEGIN
	PERFORM onedoor.engine_required();
	INSERT INTO onedoor.menu_snapshots (application_id, evaluated_on, catalogue_version, menu)
	VALUES (NEW.id, on_day, onedoor.catalogue_version(),
		onedoor.engine_match(onedoor.household_doc(NEW.household_id), on_day));
	RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION onedoor.application_menu_snapshot() FROM PUBLIC;
CREATE TRIGGER applications_menu_snapshot AFTER UPDATE OF status ON onedoor.applications
	FOR EACH ROW WHEN (OLD.status = 'registered' AND NEW.status = 'accepted')
	EXECUTE FUNCTION onedoor.application_menu_snapshot();

-- The server's menu of a registered application (the client compares its
-- own with it and shows this one when they differ): one row per item, in
-- the menu's order, as of the day a case would open today.
CREATE FUNCTION onedoor.application_menu(p_application_no text)
RETURNS TABLE (code text, verdict text, amount numeric, reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	app onedoor.applications;
	on_day date;
BEGIN
	SELECT * INTO app FROM onedoor.applications a WHERE a.application_no = p_application_no
	  AND onedoor.may_see_household(a.household_id);
	IF NOT FOUND THEN
		RAISE EXCEPTION 'application % not found', p_application_no USING ERRCODE = 'P0002';
	END IF;
	PERFORM onedoor.engine_required();
	on_day := least((app.created_at AT TIME ZONE 'Asia/Shanghai')::date, onedoor.today());
	RETURN QUERY
	SELECT i ->> 'code', i ->> 'verdict', (i ->> 'amount')::numeric,
	       CASE i ->> 'verdict' WHEN 'eligible' THEN NULL
				    WHEN 'missing_data' THEN onedoor.engine_reason(i, '?')
				    ELSE onedoor.engine_reason(i, '✗') END
	FROM jsonb_array_elements(
		onedoor.engine_match(onedoor.household_doc(app.household_id), on_day) -> 'items')
		WITH ORDINALITY AS x(i, k)
	ORDER BY k;
END $$;
REVOKE ALL ON FUNCTION onedoor.application_menu(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.application_menu(text) TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
