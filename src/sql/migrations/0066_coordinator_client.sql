-- 0066_coordinator_client: a village coordinator logs in with the same
-- client as everyone else.  At log-in the client checks that the schema has
-- every migration it was built with (schema_migrations, as 0022 grants the
-- other groups), follows changes (listen_worklist: the coordinator's scope
-- holds no centre, so no case change reaches them, but the subscription is
-- the same call, as is the change feed changes_since of 0059 the client
-- asks when quiet) and reads how far the calendar reaches
-- (calendar_coverage, due_provisional) for the dates it shows.
GRANT SELECT ON onedoor.schema_migrations TO onedoor_coordinator;
GRANT EXECUTE ON FUNCTION onedoor.listen_worklist(), onedoor.calendar_coverage(),
	onedoor.due_provisional(date), onedoor.changes_since(text) TO onedoor_coordinator;

-- A household document (register_household's shape) as the form's rows:
-- member 0 the household (hukou, facts), 1.. the members in order (id,
-- name, relation, facts); what the document leaves out gives no row.
CREATE FUNCTION onedoor.document_form(p_doc jsonb)
RETURNS TABLE (member integer, key text, value text)
LANGUAGE sql IMMUTABLE AS $$
	SELECT 0, 'hukou'::text, coalesce(p_doc ->> 'hukou', 'urban')
	UNION ALL SELECT 0, f.key, f.value FROM jsonb_each_text(coalesce(p_doc -> 'facts', '{}')) f
	UNION ALL
	SELECT m.ord::int, x.key, x.value
	FROM jsonb_array_elements(p_doc -> 'members') WITH ORDINALITY m(v, ord)
	CROSS JOIN LATERAL (SELECT 'id' AS key, m.v ->> 'resident_id' AS value
			    UNION ALL SELECT 'name', m.v ->> 'name'
			    UNION ALL SELECT 'relation', m.v ->> 'relation'
			    UNION ALL SELECT f.key, f.value
			    FROM jsonb_each_text(coalesce(m.v -> 'facts', '{}')) f) x
	WHERE x.value IS NOT NULL
$$;
REVOKE ALL ON FUNCTION onedoor.document_form(jsonb) FROM PUBLIC;

-- The centre opens an application from a coordinator's report
-- (report_to_application, 0028): the clerk's household form starts from
-- what the coordinator gave.  report_form returns the report's document in
-- household_form's shape (member 0 the household; 1.. the members, in
-- order; keys as the form names them), to a clerk of the report's centre
-- while the report waits for the centre.
CREATE FUNCTION onedoor.report_form(p_report_id bigint)
RETURNS TABLE (member integer, key text, value text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	me onedoor.staff := onedoor.current_staff();
	r onedoor.reports;
BEGIN
	SELECT * INTO r FROM onedoor.reports x WHERE x.id = p_report_id;
	IF NOT FOUND OR me.role_name IS NULL OR me.role_group <> 'clerk'
	   OR r.centre_code IS DISTINCT FROM me.centre_code THEN
		RAISE EXCEPTION 'report % not found', p_report_id USING ERRCODE = 'P0002';
	END IF;
	IF r.state <> 'new' THEN
		RAISE EXCEPTION 'report % was already handled (%)', r.report_no, r.state
			USING ERRCODE = '55000';
	END IF;
	RETURN QUERY SELECT * FROM onedoor.document_form(r.household);
END $$;
REVOKE ALL ON FUNCTION onedoor.report_form(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.report_form(bigint) TO onedoor_clerk;

