-- 0051_case_file: the case seen whole, for the county's desks and for
-- `onedoor-admin case show`.
--
-- One call returns everything the verifier, the supervision window, the
-- department approver and the auditor see of a case, as ordered rows
-- (section, position, key, value) that the client words and lays out
-- (src/core/case_file.c): the case, the household and its members with
-- their facts, what was declared at the window, the menu as the clerk saw
-- it at acceptance (menu_snapshots, 0020_engine.sql), the materials, the
-- verification reports with their acknowledgements and the package's items
-- re-evaluated, the decision and its notice, and the history.
--
-- Members' records are read through person_record(), the logged path:
-- every view leaves a trace per person, committed before the read is
-- answered (0037_audit_chainer.sql): the client runs trace_case_file() in
-- its own transaction, then case_file(), in one round trip.  Resident IDs
-- come back masked unless p_unmasked, whose trace records that as well.
-- Keys are fixed identifiers (never shown); values are data.

-- May the caller (active staff) read this case?  As the cases policy
-- (0007_security.sql) decides, for the owner's functions.
CREATE FUNCTION onedoor.case_readable(c onedoor.cases) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT (onedoor.current_staff()).role_name IS NOT NULL
	   AND (c.centre_code = ANY (onedoor.my_centres())
		OR (c.department = onedoor.my_department()
		    AND (onedoor.my_approver_county() IS NULL
			 OR c.county = onedoor.my_approver_county())))
$$;
REVOKE ALL ON FUNCTION onedoor.case_readable(onedoor.cases) FROM PUBLIC;

-- The traces of a case file's reads: each member's record, and the
-- unmasked resident IDs when asked for.  P0002 for a case out of scope.
CREATE FUNCTION onedoor.trace_case_file(p_case_no text, p_unmasked boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	c onedoor.cases;
	pid bigint;
BEGIN
	SELECT * INTO c FROM onedoor.cases x WHERE x.case_no = p_case_no;
	IF NOT FOUND OR NOT onedoor.case_readable(c) THEN
		RAISE EXCEPTION 'case % not found', p_case_no USING ERRCODE = 'P0002';
	END IF;
	FOR pid IN SELECT m.person_id FROM onedoor.household_members m
		   WHERE m.household_id = c.household_id ORDER BY m.position LOOP
		PERFORM onedoor.trace_read('person_record', pid::text);
	END LOOP;
	IF p_unmasked THEN
		PERFORM onedoor.audit_append('case', c.id::text, 'read_unmasked', NULL,
			jsonb_build_object('case_no', c.case_no));
	END IF;
END $$;

CREATE FUNCTION onedoor.case_file(p_case_no text, p_unmasked boolean)
RETURNS TABLE (section text, pos integer, k text, v text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	c onedoor.cases;
	h onedoor.households;
	app onedoor.applications;
	m record;
	p record;
	kv record;
	r onedoor.verification_reports;
	d onedoor.decisions;
	n onedoor.decision_notices;
	snap record;
	it jsonb;
	i integer := 0;
BEGIN
	SELECT * INTO c FROM onedoor.cases x WHERE x.case_no = p_case_no;
	IF NOT FOUND OR NOT onedoor.case_readable(c) THEN
		RAISE EXCEPTION 'case % not found', p_case_no USING ERRCODE = 'P0002';
	END IF;
	SELECT * INTO h FROM onedoor.households x WHERE x.id = c.household_id;
	SELECT * INTO app FROM onedoor.applications x WHERE x.id = c.application_id;

	RETURN QUERY SELECT 'case', 0, t.k, t.v FROM (VALUES
		('id', c.id::text), ('case_no', c.case_no), ('item', c.item_code),
		('period', (SELECT ci.amount_period FROM onedoor.catalogue_items ci
			    WHERE ci.code = c.item_code)),
		-- The approver's default amount: the engine's on the verified facts.
		('engine_amount', onedoor.fen_text(onedoor.engine_amount_fen(c.id))),
		('item_name', (SELECT ci.name_zh FROM onedoor.catalogue_items ci
			       WHERE ci.code = c.item_code)),
		('department', (SELECT dp.name_zh FROM onedoor.departments dp
				WHERE dp.code = c.department)),
		('track', c.track), ('stage', c.stage), ('subject', c.subject_name),
		('application_no', app.application_no), ('household_no', h.household_no),
		('hukou', h.hukou),
		('centre', (SELECT ce.name FROM onedoor.centres ce WHERE ce.code = c.centre_code)),
		('opened_on', c.opened_on::text), ('stage_due', c.stage_due::text),
		('case_due', c.case_due::text), ('check', c.check_kind),
		('check_due', c.check_due::text), ('check_result', c.check_result),
		('accepted_by', onedoor.staff_full_name(c.accepted_by)),
		('verified_by', onedoor.staff_full_name(c.verified_by)),
		('approved_by', onedoor.staff_full_name(c.approved_by)),
		('version', c.version::text)) AS t(k, v)
	WHERE t.v IS NOT NULL;

	FOR m IN SELECT hm.position, hm.relation, hm.person_id FROM onedoor.household_members hm
		 WHERE hm.household_id = h.id ORDER BY hm.position LOOP
		SELECT * INTO p FROM onedoor.person_record(m.person_id);
		RETURN QUERY SELECT 'member', m.position::int, t.k, t.v FROM (VALUES
			('name', p.name), ('relation', m.relation),
			('resident_id', CASE WHEN p_unmasked THEN p.resident_id
					     ELSE onedoor.mask_resident_id(p.resident_id) END),
			('birth_date', p.birth_date::text), ('sex', p.sex)) AS t(k, v);
		RETURN QUERY SELECT 'member_fact', m.position::int, e.key, e.value #>> '{}'
			FROM jsonb_each(p.facts) e
			WHERE coalesce(e.value #>> '{}', '') <> '' ORDER BY e.key;
	END LOOP;
	RETURN QUERY SELECT 'declared', 0, e.key, e.value #>> '{}' FROM jsonb_each(h.facts) e
		WHERE coalesce(e.value #>> '{}', '') <> '' ORDER BY e.key;

	-- The menu as the clerk saw it at acceptance (stored by the database
	-- then, when the engine runs in it).
	FOR snap IN SELECT s.evaluated_on, s.catalogue_version, s.menu
		    FROM onedoor.menu_snapshots s WHERE s.application_id = app.id LOOP
		RETURN QUERY SELECT 'menu', 0, t.k, t.v FROM (VALUES
			('evaluated_on', snap.evaluated_on::text),
			('catalogue_version', snap.catalogue_version)) AS t(k, v);
		i := 0;
		FOR it IN SELECT value FROM jsonb_array_elements(snap.menu -> 'items') LOOP
			i := i + 1;
			RETURN QUERY SELECT 'menu_item', i, t.k, t.v FROM (VALUES
				('code', it ->> 'code'), ('name', it ->> 'name'),
				('verdict', it ->> 'verdict'), ('amount', it ->> 'amount'),
				('period', it ->> 'period'),
				('chosen', CASE WHEN it ->> 'code' IN (SELECT y.item_code
					FROM onedoor.cases y WHERE y.application_id = app.id)
					THEN 'yes' END)) AS t(k, v)
			WHERE t.v IS NOT NULL;
			RETURN QUERY SELECT 'menu_reason', i, 'reason', x.value #>> '{}'
				FROM jsonb_array_elements(coalesce(it -> 'reasons', '[]')) x;
		END LOOP;
	END LOOP;

	RETURN QUERY SELECT 'material', 0, x.material,
		x.received_on::text || ' ' || coalesce(onedoor.staff_full_name(x.recorded_by), '')
		FROM onedoor.application_materials x WHERE x.application_id = app.id
		ORDER BY x.at, x.material;

	SELECT * INTO r FROM onedoor.verification_reports x WHERE x.case_id = c.id
	ORDER BY x.version DESC LIMIT 1;
	IF FOUND THEN
		RETURN QUERY SELECT 'report', r.version, t.k, t.v FROM (VALUES
			('id', r.id::text), ('version', r.version::text),
			('generated_on', r.generated_on::text),
			('authorised', CASE WHEN r.authorised THEN 'yes' ELSE 'no' END),
			('flags', r.flags::text), ('sha256', r.sha256),
			('blocker', onedoor.verification_blocker(c.id))) AS t(k, v)
		WHERE t.v IS NOT NULL;
		RETURN QUERY SELECT 'difference', x.ord::int, t.k, t.v
			FROM jsonb_array_elements(r.content -> 'differences') WITH ORDINALITY x(d, ord)
			LEFT JOIN onedoor.report_acknowledgements a
			       ON a.report_id = r.id AND a.flag = x.d ->> 'flag'
			CROSS JOIN LATERAL (VALUES ('flag', x.d ->> 'flag'),
				('name', x.d ->> 'name'), ('declared', x.d ->> 'declared'),
				('found', x.d ->> 'found'), ('effect', x.d ->> 'effect'),
				('note', a.note),
				('acknowledged_by', onedoor.staff_full_name(a.by_name))) AS t(k, v)
			WHERE t.v IS NOT NULL ORDER BY x.ord;
		-- The package's items re-evaluated on the verified facts.
		i := 0;
		FOR it IN SELECT value FROM jsonb_array_elements(r.content -> 'items') LOOP
			i := i + 1;
			RETURN QUERY SELECT 'report_item', i, t.k, t.v FROM (VALUES
				('name', it ->> 'name'), ('declared_verdict', it ->> 'declared_verdict'),
				('declared_amount', it ->> 'declared_amount'),
				('verdict', it ->> 'verdict'), ('amount', it ->> 'amount'),
				('period', it ->> 'period')) AS t(k, v)
			WHERE t.v IS NOT NULL;
			RETURN QUERY SELECT 'report_reason', i, 'reason', x.value #>> '{}'
				FROM jsonb_array_elements(it -> 'reasons') x;
		END LOOP;
		RETURN QUERY SELECT 'report_text', r.version, 'text', r.text;
	END IF;

	SELECT * INTO d FROM onedoor.decisions x WHERE x.case_id = c.id;
	IF FOUND THEN
		SELECT * INTO n FROM onedoor.decision_notices x WHERE x.decision_id = d.id;
		RETURN QUERY SELECT 'decision', 0, t.k, t.v FROM (VALUES
			('outcome', d.outcome), ('phrase', d.phrase),
			('amount', onedoor.fen_text(d.amount_fen)), ('period', d.period),
			('engine_amount', onedoor.fen_text(d.engine_amount_fen)),
			('start_month', to_char(d.start_month, 'YYYY-MM')), ('reason', d.reason),
			('decided_by', onedoor.staff_full_name(d.decided_by)),
			('decided_on', d.decided_on::text), ('notice_no', n.notice_no),
			('notice_sha256', n.sha256)) AS t(k, v)
		WHERE t.v IS NOT NULL;
	END IF;

	RETURN QUERY SELECT 'event', (dense_rank() OVER (ORDER BY e.id))::int, t.k, t.v
		FROM onedoor.case_events e
		CROSS JOIN LATERAL (VALUES
			('at', to_char(e.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')),
			('actor', onedoor.staff_full_name(e.actor)),
			('phrase', e.phrase), ('from', e.from_stage), ('to', e.to_stage),
			('reason', e.reason)) AS t(k, v)
		WHERE e.case_id = c.id AND t.v IS NOT NULL
		ORDER BY e.id;
END $$;

REVOKE ALL ON FUNCTION onedoor.case_file(text, boolean),
	onedoor.trace_case_file(text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.case_file(text, boolean), onedoor.trace_case_file(text, boolean)
	TO onedoor_clerk, onedoor_verifier, onedoor_supervisor, onedoor_approver, onedoor_auditor,
	onedoor_admin;
