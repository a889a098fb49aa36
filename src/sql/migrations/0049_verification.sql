-- 0049_verification: the materials received at the window and the
-- verification report (核对报告) of a case.
--
-- Materials: the clerk ticks what the applicant brought (the items'
-- checklists, catalogue_items.materials) with record_materials() before or
-- at 同意受理.  The one verification cannot do without is the applicant's
-- signed authorisation to verify household finances, 家庭经济状况核对授权书.
--
-- The report is built by the database from what the household declared
-- (households.facts, persons.facts: the household file's keys) and what the
-- latest batch of each department source found about its members
-- (0018_department_data.sql): per member and source, declared beside found,
-- each difference flagged with its effect; the household's facts recomputed
-- with what was found, and the menu re-evaluated on them by the engine
-- (onedoor.engine_match, 0020_engine.sql) as of the application date: for
-- each item of the package whether it still holds, with the engine's
-- explanation (an item that no longer holds is a flagged difference too).  It is generated when a case enters the verify stage
-- (a trigger on cases) and again on demand (verification_regenerate), each
-- time as a new version; stored immutable with its printed text, whose
-- SHA-256 goes to the audit trail, so that a reprint is byte-identical.
--
-- Verification passes against the latest report only: the authorisation
-- must be on file and every flagged difference acknowledged with a note
-- (acknowledge_difference).  A trigger on cases refuses verify_pass
-- otherwise (55000), so case_act needs no change.

CREATE TABLE onedoor.application_materials (
	application_id bigint NOT NULL REFERENCES onedoor.applications,
	material       text NOT NULL CHECK (btrim(material) <> '' AND length(material) <= 200
					 AND material !~ '[[:cntrl:]]'),
	received_on    date NOT NULL,
	recorded_by    name NOT NULL,
	at             timestamptz NOT NULL DEFAULT clock_timestamp(),
	request_id     uuid NOT NULL,
	PRIMARY KEY (application_id, material)
);

-- The full name of a staff login, for the documents and the case file:
-- who acted on a case is part of the case, whatever staff_name() (0019)
-- lets the reader look up otherwise.  Internal: called by the owner's
-- functions only, after they have checked the case's scope.
CREATE FUNCTION onedoor.staff_full_name(p_role name) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT coalesce((SELECT s.full_name FROM onedoor.staff s WHERE s.role_name = p_role),
			p_role::text)
$$;

CREATE FUNCTION onedoor.authorisation_material() RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT '家庭经济状况核对授权书'::text $$;

-- Records the materials the applicant brought (names as the checklists
-- word them); already recorded ones are kept as they were.  Clerk of the
-- application's centre, while the application is registered or accepted.
-- Returns the number of materials newly recorded.
CREATE FUNCTION onedoor.record_materials(p_request_id uuid, p_application_no text,
					 p_materials text[])
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	prev jsonb;
	me onedoor.staff := onedoor.current_staff();
	app onedoor.applications;
	n integer;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'record_materials');
	IF prev IS NOT NULL THEN
		RETURN (prev ->> 'recorded')::int;
	END IF;
	SELECT * INTO app FROM onedoor.applications a WHERE a.application_no = p_application_no;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'application % not found', p_application_no USING ERRCODE = 'P0002';
	END IF;
	IF me.role_name IS NULL OR me.role_group <> 'clerk' OR me.centre_code <> app.centre_code THEN
		RAISE EXCEPTION 'only a clerk of the application''s centre records its materials'
			USING ERRCODE = '42501';
	END IF;
	IF app.status NOT IN ('registered', 'accepted') THEN
		RAISE EXCEPTION 'application % is %', app.application_no, app.status
			USING ERRCODE = '55000';
	END IF;
	IF p_materials IS NULL OR EXISTS (SELECT 1 FROM unnest(p_materials) m
		WHERE m IS NULL OR btrim(m) = '' OR length(m) > 200 OR m ~ '[[:cntrl:]]') THEN
		RAISE EXCEPTION 'a material needs a name' USING ERRCODE = '22023';
	END IF;
	INSERT INTO onedoor.application_materials (application_id, material, received_on,
		recorded_by, request_id)
	SELECT DISTINCT app.id, btrim(m), onedoor.today(), session_user, p_request_id
	FROM unnest(p_materials) m
	ON CONFLICT (application_id, material) DO NOTHING;
	GET DIAGNOSTICS n = ROW_COUNT;
	PERFORM onedoor.request_finish(p_request_id, 'record_materials',
		jsonb_build_object('recorded', n));
	PERFORM onedoor.audit_append('application', app.application_no, 'record_materials', NULL,
		jsonb_build_object('materials', p_materials, 'recorded', n), p_request_id);
	RETURN n;
END $$;

CREATE TABLE onedoor.verification_reports (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	case_id      bigint NOT NULL REFERENCES onedoor.cases,
	version      integer NOT NULL CHECK (version >= 1),
	cause        text NOT NULL CHECK (cause IN ('verify_entered', 'on_demand')),
	generated_on date NOT NULL,
	at           timestamptz NOT NULL DEFAULT clock_timestamp(),
	generated_by name NOT NULL DEFAULT session_user,
	authorised   boolean NOT NULL,
	flags        integer NOT NULL CHECK (flags >= 0),
	-- The batch of each source it used: {"deaths": 12, ...}.
	batches      jsonb NOT NULL,
	content      jsonb NOT NULL,
	text         text NOT NULL,
	sha256       text NOT NULL,
	request_id   uuid NOT NULL,
	UNIQUE (case_id, version)
);
CREATE TRIGGER verification_reports_immutable BEFORE UPDATE OR DELETE
	ON onedoor.verification_reports
	FOR EACH ROW EXECUTE FUNCTION onedoor.record_immutable();
CREATE TRIGGER verification_reports_no_truncate BEFORE TRUNCATE ON onedoor.verification_reports
	FOR EACH STATEMENT EXECUTE FUNCTION onedoor.record_immutable();

-- The verifier's note on a flagged difference of a report.
CREATE TABLE onedoor.report_acknowledgements (
	report_id  bigint NOT NULL REFERENCES onedoor.verification_reports,
	flag       text NOT NULL,
	note       text NOT NULL CHECK (btrim(note) <> '' AND length(note) <= 500),
	by_name    name NOT NULL DEFAULT session_user,
	at         timestamptz NOT NULL DEFAULT clock_timestamp(),
	request_id uuid NOT NULL,
	PRIMARY KEY (report_id, flag)
);
CREATE TRIGGER report_acknowledgements_immutable BEFORE UPDATE OR DELETE
	ON onedoor.report_acknowledgements
	FOR EACH ROW EXECUTE FUNCTION onedoor.record_immutable();

-- A number a household file holds (as a JSON number or a string); NULL
-- when it is blank or not a number.
CREATE FUNCTION onedoor.fact_number(p_value jsonb) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE WHEN p_value #>> '{}' ~ '^\s*-?[0-9]+(\.[0-9]+)?\s*$'
		    THEN btrim(p_value #>> '{}')::numeric END
$$;

-- Yuan as the report prints them: 1,234.50.
CREATE FUNCTION onedoor.yuan_text(p numeric) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE WHEN p IS NULL THEN '未申报'
		    ELSE btrim(to_char(p, 'FM999,999,999,990.00')) || ' 元' END
$$;

-- The report's content for a case, as of a day: what was declared, what
-- each source's latest batch found, the differences and the facts
-- recomputed.  Reads as the owner; callers check scope.
CREATE FUNCTION onedoor.verification_content(p_case_id bigint, p_as_of date) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
	c onedoor.cases;
	h onedoor.households;
	app onedoor.applications;
	auth onedoor.application_materials;
	batches jsonb;
	members jsonb := '[]';
	diffs jsonb := '[]';
	compare jsonb := '[]';
	verified jsonb;
	m record;
	f record;
	dead_positions int[] := '{}';
	labour_death boolean := false;
	hh_vehicles int := 0;
	hh_houses int := 0;
	hh_area numeric := 0;
	hh_deposits numeric := 0;
	hh_medical numeric := 0;
	medical_year int;
	declared numeric;
	pension numeric;
	mfacts jsonb;
	vmembers jsonb := '[]';
	dmembers jsonb := '[]';
	region text;
	doc_declared jsonb;
	doc_verified jsonb;
	menu_declared jsonb;
	menu_verified jsonb;
	items jsonb := '[]';
	it record;
	engine boolean := to_regprocedure('onedoor.engine_match(jsonb, date)') IS NOT NULL;
BEGIN
	SELECT * INTO c FROM onedoor.cases x WHERE x.id = p_case_id;
	SELECT * INTO h FROM onedoor.households x WHERE x.id = c.household_id;
	SELECT * INTO app FROM onedoor.applications x WHERE x.id = c.application_id;
	SELECT * INTO auth FROM onedoor.application_materials x
	WHERE x.application_id = app.id AND x.material = onedoor.authorisation_material();

	SELECT coalesce(jsonb_object_agg(s.code, jsonb_build_object('batch_id', b.id,
		'as_of', b.as_of, 'sha256', b.sha256, 'name', s.name_zh, 'provider', s.provider_zh)
		ORDER BY s.code), '{}')
	INTO batches
	FROM onedoor.data_sources s LEFT JOIN onedoor.data_latest_batches b ON b.source = s.code;
	SELECT max((r.v ->> 'year')::int) INTO medical_year
	FROM onedoor.data_rows r
	JOIN onedoor.household_members hm ON hm.household_id = h.id
	JOIN onedoor.persons p ON p.id = hm.person_id AND p.resident_id = r.resident_id
	WHERE r.batch_id = (batches -> 'medical_costs' ->> 'batch_id')::bigint;

	FOR m IN SELECT hm.position, hm.relation, p.id, p.name, p.resident_id, p.birth_date,
			p.facts
		 FROM onedoor.household_members hm JOIN onedoor.persons p ON p.id = hm.person_id
		 WHERE hm.household_id = h.id ORDER BY hm.position LOOP
		DECLARE
			hits jsonb := '[]';
			died date;
			m_pension numeric := 0;
			licences int := 0;
		BEGIN
			FOR f IN SELECT s.code AS source, r.line, r.v
				 FROM onedoor.data_sources s
				 JOIN onedoor.data_rows r
				   ON r.batch_id = (batches -> s.code ->> 'batch_id')::bigint
				  AND r.resident_id = m.resident_id
				 ORDER BY s.code, r.line LOOP
				hits := hits || jsonb_build_object('source', f.source, 'line', f.line,
					'values', f.v);
				CASE f.source
				WHEN 'deaths' THEN died := (f.v ->> 'died_on')::date;
				WHEN 'vehicles' THEN hh_vehicles := hh_vehicles + 1;
				WHEN 'housing' THEN hh_houses := hh_houses + 1;
					hh_area := hh_area + (f.v ->> 'area_m2')::numeric;
				WHEN 'deposits' THEN hh_deposits := hh_deposits + (f.v ->> 'balance_yuan')::numeric;
				WHEN 'pensions' THEN m_pension := m_pension + (f.v ->> 'monthly_yuan')::numeric;
				WHEN 'businesses' THEN licences := licences + 1;
				WHEN 'medical_costs' THEN
					IF (f.v ->> 'year')::int = medical_year THEN
						hh_medical := hh_medical + (f.v ->> 'selfpaid_yuan')::numeric;
					END IF;
				ELSE NULL;
				END CASE;
			END LOOP;
			members := members || jsonb_build_object('position', m.position,
				'name', m.name, 'relation', m.relation,
				'resident_id_masked', onedoor.mask_resident_id(m.resident_id),
				'found', hits);
			mfacts := m.facts;
			IF died IS NOT NULL THEN
				dead_positions := dead_positions || m.position::int;
				IF extract(year FROM age(died, m.birth_date)) BETWEEN 18 AND 60
				   AND died > p_as_of - 365 THEN
					labour_death := true;
				END IF;
				diffs := diffs || jsonb_build_object('flag', 'deaths:' || m.position,
					'source', 'deaths', 'member', m.position, 'name', m.name,
					'declared', '在册', 'found', '死亡（' || died || '）',
					'effect', '不再计入家庭人口，家庭人口按 ' ||
						'在世成员计算');
			END IF;
			declared := onedoor.fact_number(m.facts -> 'income_transfer');
			IF m_pension > coalesce(declared, 0) THEN
				diffs := diffs || jsonb_build_object('flag', 'pensions:' || m.position,
					'source', 'pensions', 'member', m.position, 'name', m.name,
					'declared', '转移性收入 ' || onedoor.yuan_text(declared) || '/月',
					'found', '养老金 ' || onedoor.yuan_text(m_pension) || '/月',
					'effect', '转移性收入按养老金 ' || onedoor.yuan_text(m_pension) ||
						'/月 计算');
				mfacts := mfacts || jsonb_build_object('income_transfer', m_pension::text);
			END IF;
			declared := onedoor.fact_number(m.facts -> 'income_business');
			IF licences > 0 AND coalesce(declared, 0) = 0 THEN
				diffs := diffs || jsonb_build_object('flag', 'businesses:' || m.position,
					'source', 'businesses', 'member', m.position, 'name', m.name,
					'declared', '经营性收入 ' || onedoor.yuan_text(declared),
					'found', '营业执照 ' || licences || ' 个',
					'effect', '未申报经营性收入，需核实经营收入后计入');
			END IF;
			dmembers := dmembers || jsonb_build_object('resident_id', m.resident_id,
				'name', m.name, 'relation', m.relation, 'facts', m.facts);
			IF died IS NULL THEN
				vmembers := vmembers || jsonb_build_object('resident_id', m.resident_id,
					'name', m.name, 'relation', m.relation, 'facts', mfacts);
			END IF;
		END;
	END LOOP;

	-- The household's facts beside what the sources found.
	verified := h.facts;
	FOR f IN SELECT * FROM (VALUES
			('vehicles', 'vehicles', '机动车', hh_vehicles::numeric, ' 辆'),
			('housing', 'houses', '房产', hh_houses::numeric, ' 套'),
			('deposits', 'deposits', '存款', hh_deposits, ''),
			('medical_costs', 'medical_selfpaid', '自付医疗费用', hh_medical, ''))
			AS t(source, fact, label, got, unit) LOOP
		declared := onedoor.fact_number(h.facts -> f.fact);
		IF batches -> f.source ->> 'batch_id' IS NULL THEN
			compare := compare || jsonb_build_object('source', f.source, 'fact', f.fact,
				'label', f.label, 'declared', declared, 'found', NULL);
			CONTINUE;
		END IF;
		compare := compare || jsonb_build_object('source', f.source, 'fact', f.fact,
			'label', f.label, 'declared', declared, 'found', f.got);
		verified := verified || jsonb_build_object(f.fact, f.got::text);
		IF declared IS DISTINCT FROM f.got AND NOT (declared IS NULL AND f.got = 0) THEN
			diffs := diffs || jsonb_build_object('flag', f.source || ':household',
				'source', f.source, 'member', NULL, 'name', NULL,
				'declared', f.label || ' ' || CASE WHEN f.unit = ''
					THEN onedoor.yuan_text(declared)
					ELSE coalesce(declared::text || f.unit, '未申报') END,
				'found', f.label || ' ' || CASE WHEN f.unit = ''
					THEN onedoor.yuan_text(f.got) ELSE f.got || f.unit END ||
					CASE WHEN f.source = 'housing' THEN '（合计 ' || hh_area || ' 平方米）'
					     WHEN f.source = 'medical_costs' THEN '（' || medical_year || ' 年）'
					     ELSE '' END,
				'effect', f.label || '按核对结果 ' || CASE WHEN f.unit = ''
					THEN onedoor.yuan_text(f.got) ELSE f.got || f.unit END || ' 计算');
		END IF;
	END LOOP;
	IF labour_death THEN
		verified := verified || '{"labour_death": "yes"}';
	END IF;

	-- The menu on the declared and on the verified facts, as of the
	-- application date (as the window matched it): for each item of the
	-- package, does it still hold, and the engine's explanation.
	SELECT ce.county INTO region FROM onedoor.centres ce WHERE ce.code = h.centre_code;
	doc_declared := jsonb_build_object('region', region, 'hukou', h.hukou, 'facts', h.facts,
		'members', dmembers);
	doc_verified := jsonb_build_object('region', region, 'hukou', h.hukou, 'facts', verified,
		'members', vmembers);
	-- A household whose members have all died has nothing left to match
	-- (and the engine wants at least one member).
	IF engine THEN
		menu_declared := onedoor.engine_match(doc_declared, c.opened_on);
		IF jsonb_array_length(vmembers) > 0 THEN
			menu_verified := onedoor.engine_match(doc_verified, c.opened_on);
		END IF;
		FOR it IN SELECT y.item_code, y.item_code = c.item_code AS this_case,
				 d0.value AS before, d1.value AS after
			  FROM onedoor.cases y
			  LEFT JOIN LATERAL (SELECT x.value FROM jsonb_array_elements(menu_declared -> 'items') x
				WHERE x.value ->> 'code' = y.item_code) d0 ON true
			  LEFT JOIN LATERAL (SELECT x.value FROM jsonb_array_elements(menu_verified -> 'items') x
				WHERE x.value ->> 'code' = y.item_code) d1 ON true
			  WHERE y.application_id = c.application_id ORDER BY y.id LOOP
			items := items || jsonb_build_object('code', it.item_code,
				'this_case', it.this_case,
				'name', coalesce(it.after ->> 'name', it.item_code),
				'declared_verdict', it.before ->> 'verdict',
				'declared_amount', it.before ->> 'amount',
				'verdict', it.after ->> 'verdict', 'amount', it.after ->> 'amount',
				'period', it.after ->> 'period',
				'reasons', coalesce(it.after -> 'reasons', '[]'));
			IF it.before ->> 'verdict' = 'eligible'
			   AND it.after ->> 'verdict' IS DISTINCT FROM 'eligible' THEN
				diffs := diffs || jsonb_build_object('flag', 'item:' || it.item_code,
					'source', 'engine', 'member', NULL, 'name', NULL,
					'declared', '“' || (it.after ->> 'name') || '”符合条件' ||
						coalesce('（' || (it.before ->> 'amount') || ' 元）', ''),
					'found', CASE it.after ->> 'verdict' WHEN 'missing_data'
						THEN '缺少数据' ELSE '不符合条件' END,
					'effect', '核对后不再符合“' || (it.after ->> 'name') || '”条件：' ||
						coalesce((SELECT string_agg(btrim(substr(x #>> '{}', 2)), '；')
							  FROM jsonb_array_elements(it.after -> 'reasons') x
							  WHERE x #>> '{}' LIKE '✗%'), ''));
			END IF;
		END LOOP;
	END IF;

	RETURN jsonb_build_object(
		'case_no', c.case_no, 'item_code', c.item_code,
		'item_name', (SELECT i.name_zh FROM onedoor.catalogue_items i WHERE i.code = c.item_code),
		'application_no', app.application_no, 'household_no', h.household_no,
		'hukou', h.hukou, 'as_of', p_as_of,
		'authorisation', CASE WHEN auth.application_id IS NULL THEN NULL
			ELSE jsonb_build_object('received_on', auth.received_on,
				'recorded_by', onedoor.staff_full_name(auth.recorded_by)) END,
		'batches', batches, 'members', members, 'household', compare,
		'differences', diffs, 'removed_members', to_jsonb(dead_positions),
		'declared_facts', h.facts,
		'engine', engine, 'evaluated_on', c.opened_on, 'items', items,
		-- The whole menu on the verified facts, without the reasons of the
		-- items outside the package (they are the engine's to give again).
		'menu_verified', (SELECT jsonb_agg(jsonb_build_object('code', x ->> 'code',
				'verdict', x ->> 'verdict', 'amount', x -> 'amount'))
			FROM jsonb_array_elements(menu_verified -> 'items') x),
		'verified', doc_verified);
END $$;

-- An engine verdict in words, with the amount when there is one.
CREATE FUNCTION onedoor.verdict_text(p_verdict text, p_amount text, p_period text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE p_verdict WHEN 'eligible' THEN '符合' || coalesce('（' || p_amount || ' 元' ||
			CASE p_period WHEN 'once' THEN '，一次性' ELSE '/月' END || '）', '')
		WHEN 'not_eligible' THEN '不符合' WHEN 'missing_data' THEN '缺少数据'
		ELSE '未评估' END
$$;

-- The report as printed: plain UTF-8 lines, built from the content alone.
CREATE FUNCTION onedoor.verification_text(p jsonb, p_version integer, p_at timestamptz,
					  p_by text)
RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
	t text;
	s record;
	mb jsonb;
	f jsonb;
	d jsonb;
	hc jsonb;
	it jsonb;
	r record;
	n int := 0;
BEGIN
	t := '家庭经济状况核对报告' || E'\n' ||
		'案件：' || (p ->> 'case_no') || '　事项：' || (p ->> 'item_name') || E'\n' ||
		'申请：' || (p ->> 'application_no') || '　家庭：' || (p ->> 'household_no') ||
		'　户籍：' || CASE p ->> 'hukou' WHEN 'urban' THEN '城镇' ELSE '农村' END || E'\n' ||
		'版本：第 ' || p_version || ' 版　核对日：' || (p ->> 'as_of') ||
		'　生成：' || to_char(p_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') ||
		'（' || p_by || '）' || E'\n';
	t := t || E'\n' || '核对授权：' || CASE WHEN p -> 'authorisation' = 'null' THEN
		'未提交家庭经济状况核对授权书，不能核对通过' ELSE
		'已提交（' || (p -> 'authorisation' ->> 'received_on') || '，' ||
		(p -> 'authorisation' ->> 'recorded_by') || ' 登记）' END || E'\n';
	t := t || E'\n' || '数据来源（最新批次）：' || E'\n';
	FOR s IN SELECT key, value FROM jsonb_each(p -> 'batches') ORDER BY key LOOP
		t := t || '  ' || (s.value ->> 'name') || '（' || (s.value ->> 'provider') || '）：' ||
			CASE WHEN s.value ->> 'batch_id' IS NULL THEN '无数据'
			ELSE '批次 ' || (s.value ->> 'batch_id') || '，截至 ' || (s.value ->> 'as_of') ||
			     '，SHA-256 ' || left(s.value ->> 'sha256', 16) END || E'\n';
	END LOOP;
	t := t || E'\n' || '家庭成员与部门数据：' || E'\n';
	FOR mb IN SELECT value FROM jsonb_array_elements(p -> 'members') LOOP
		t := t || '  ' || (mb ->> 'position') || '. ' || (mb ->> 'name') || '　' ||
			(mb ->> 'resident_id_masked') || E'\n';
		IF jsonb_array_length(mb -> 'found') = 0 THEN
			t := t || '     各来源均无记录' || E'\n';
		END IF;
		FOR f IN SELECT value FROM jsonb_array_elements(mb -> 'found') LOOP
			t := t || '     ' || (p -> 'batches' -> (f ->> 'source') ->> 'name') || '：' ||
				(SELECT string_agg(e.key || '=' || (e.value #>> '{}'), '，' ORDER BY e.key)
				 FROM jsonb_each(f -> 'values') e WHERE e.key <> 'resident_id') ||
				E'\n';
		END LOOP;
	END LOOP;
	t := t || E'\n' || '申报与核对：' || E'\n';
	FOR hc IN SELECT value FROM jsonb_array_elements(p -> 'household') LOOP
		t := t || '  ' || (hc ->> 'label') || '：申报 ' || coalesce(hc ->> 'declared', '未申报') ||
			'，核对 ' || coalesce(hc ->> 'found', '无数据') || E'\n';
	END LOOP;
	t := t || E'\n' || '事项评估（按核对后的事实重新评估，评估日 ' || (p ->> 'evaluated_on') || '）：' ||
		E'\n';
	IF NOT (p ->> 'engine')::boolean THEN
		t := t || '  匹配引擎未安装，未重新评估' || E'\n';
	END IF;
	FOR it IN SELECT value FROM jsonb_array_elements(p -> 'items') LOOP
		t := t || '  ' || (it ->> 'name') || '：申报时 ' || onedoor.verdict_text(it ->> 'declared_verdict',
			it ->> 'declared_amount', it ->> 'period') || ' → 核对后 ' ||
			onedoor.verdict_text(it ->> 'verdict', it ->> 'amount', it ->> 'period') || E'\n';
		FOR r IN SELECT value #>> '{}' AS line FROM jsonb_array_elements(it -> 'reasons') LOOP
			t := t || '     ' || r.line || E'\n';
		END LOOP;
	END LOOP;
	t := t || E'\n' || '差异（' || jsonb_array_length(p -> 'differences') || ' 项）：' || E'\n';
	FOR d IN SELECT value FROM jsonb_array_elements(p -> 'differences') LOOP
		n := n + 1;
		t := t || '  ' || n || '. ' || coalesce((d ->> 'name') || '：', '家庭：') ||
			'申报 ' || (d ->> 'declared') || '；核对 ' || (d ->> 'found') || E'\n' ||
			'     影响：' || (d ->> 'effect') || E'\n';
	END LOOP;
	IF n = 0 THEN
		t := t || '  无' || E'\n';
	END IF;
	RETURN t;
END $$;

-- Generates and stores the next version of a case's report; returns it.
-- Internal: callers check who may.
CREATE FUNCTION onedoor.verification_generate(p_case_id bigint, p_cause text,
					      p_request_id uuid)
RETURNS onedoor.verification_reports
LANGUAGE plpgsql AS $$
DECLARE
	r onedoor.verification_reports;
	content jsonb;
BEGIN
	-- One writer of a case's versions at a time.
	PERFORM pg_advisory_xact_lock(hashtextextended('verification_report', p_case_id));
	r.case_id := p_case_id;
	r.version := coalesce((SELECT max(x.version) FROM onedoor.verification_reports x
			       WHERE x.case_id = p_case_id), 0) + 1;
	r.cause := p_cause;
	r.generated_on := onedoor.today();
	r.at := clock_timestamp();
	r.generated_by := session_user;
	content := onedoor.verification_content(p_case_id, r.generated_on);
	r.content := content;
	r.authorised := content -> 'authorisation' <> 'null';
	r.flags := jsonb_array_length(content -> 'differences');
	r.batches := (SELECT coalesce(jsonb_object_agg(key, value -> 'batch_id'), '{}')
		      FROM jsonb_each(content -> 'batches'));
	r.text := onedoor.verification_text(content, r.version, r.at,
		onedoor.staff_full_name(session_user));
	r.sha256 := encode(sha256(convert_to(r.text, 'UTF8')), 'hex');
	r.request_id := p_request_id;
	INSERT INTO onedoor.verification_reports (case_id, version, cause, generated_on, at,
		generated_by, authorised, flags, batches, content, text, sha256, request_id)
	VALUES (r.case_id, r.version, r.cause, r.generated_on, r.at, r.generated_by,
		r.authorised, r.flags, r.batches, r.content, r.text, r.sha256, r.request_id)
	RETURNING * INTO r;
	PERFORM onedoor.audit_append('verification_report', r.id::text, 'generate', NULL,
		jsonb_build_object('case_id', r.case_id, 'version', r.version, 'cause', r.cause,
			'authorised', r.authorised, 'flags', r.flags, 'batches', r.batches,
			'sha256', r.sha256), p_request_id);
	RETURN r;
END $$;

-- A case entering verify (at acceptance, or returned to it) gets a report.
-- Deferred to the end of the transaction: at acceptance every case of the
-- package exists by then, so the report re-evaluates the whole package.
-- A deferred trigger fires at commit, after the definer function that
-- moved the case has returned: it runs as the owner itself.
CREATE FUNCTION onedoor.verification_on_enter() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
BEGIN
	-- Still in verify at commit (not moved on in the same transaction).
	IF EXISTS (SELECT 1 FROM onedoor.cases c WHERE c.id = NEW.id AND c.stage = 'verify') THEN
		PERFORM onedoor.verification_generate(NEW.id, 'verify_entered', gen_random_uuid());
	END IF;
	RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER verification_on_insert AFTER INSERT ON onedoor.cases
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW WHEN (NEW.stage = 'verify')
	EXECUTE FUNCTION onedoor.verification_on_enter();
CREATE CONSTRAINT TRIGGER verification_on_update AFTER UPDATE OF stage ON onedoor.cases
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW WHEN (NEW.stage = 'verify' AND OLD.stage <> 'verify')
	EXECUTE FUNCTION onedoor.verification_on_enter();

-- Why verification may not pass on this report; NULL when it may.
CREATE FUNCTION onedoor.verification_blocker(p_case_id bigint) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
	r onedoor.verification_reports;
	open_flags int;
BEGIN
	SELECT * INTO r FROM onedoor.verification_reports x WHERE x.case_id = p_case_id
	ORDER BY x.version DESC LIMIT 1;
	IF NOT FOUND THEN
		RETURN 'no verification report';
	END IF;
	IF NOT r.authorised THEN
		RETURN 'the applicant''s authorisation to verify (家庭经济状况核对授权书) is not on file';
	END IF;
	SELECT count(*) INTO open_flags
	FROM jsonb_array_elements(r.content -> 'differences') d
	WHERE NOT EXISTS (SELECT 1 FROM onedoor.report_acknowledgements a
			  WHERE a.report_id = r.id AND a.flag = d ->> 'flag');
	IF open_flags > 0 THEN
		RETURN open_flags || ' flagged difference(s) of report version ' || r.version ||
			' not acknowledged';
	END IF;
	RETURN NULL;
END $$;

CREATE FUNCTION onedoor.verification_gate() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	why text := onedoor.verification_blocker(NEW.id);
BEGIN
	IF why IS NOT NULL THEN
		RAISE EXCEPTION 'case % cannot pass verification: %', NEW.case_no, why
			USING ERRCODE = '55000', HINT = 'verification_blocked';
	END IF;
	RETURN NEW;
END $$;
CREATE TRIGGER verification_gate BEFORE UPDATE OF stage ON onedoor.cases
	FOR EACH ROW WHEN (OLD.stage = 'verify' AND NEW.stage NOT IN ('verify', 'refused',
		'withdrawn', 'accept'))
	EXECUTE FUNCTION onedoor.verification_gate();

-- The verifier (county of the case) generates a new version on demand.
CREATE FUNCTION onedoor.verification_regenerate(p_request_id uuid, p_case_id bigint)
RETURNS TABLE (report_id bigint, version integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	me onedoor.staff := onedoor.current_staff();
	c onedoor.cases;
	r onedoor.verification_reports;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'verification_regenerate');
	IF prev IS NOT NULL THEN
		RETURN QUERY SELECT (prev ->> 'report_id')::bigint, (prev ->> 'version')::int;
		RETURN;
	END IF;
	SELECT * INTO c FROM onedoor.cases x WHERE x.id = p_case_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'case % not found', p_case_id USING ERRCODE = 'P0002';
	END IF;
	IF me.role_name IS NULL OR me.role_group <> 'verifier' OR NOT onedoor.staff_scope_ok(me, c) THEN
		RAISE EXCEPTION 'only a verifier of the case''s county generates its report'
			USING ERRCODE = '42501';
	END IF;
	IF c.stage IN ('filed', 'refused', 'withdrawn') AND c.check_kind IS NULL THEN
		RAISE EXCEPTION 'case % has ended', c.case_no USING ERRCODE = '55000';
	END IF;
	r := onedoor.verification_generate(c.id, 'on_demand', p_request_id);
	PERFORM onedoor.request_finish(p_request_id, 'verification_regenerate',
		jsonb_build_object('report_id', r.id, 'version', r.version));
	RETURN QUERY SELECT r.id, r.version;
END $$;

-- The verifier acknowledges a flagged difference of the latest report
-- with a note (what was checked, why it does or does not matter).
CREATE FUNCTION onedoor.acknowledge_difference(p_request_id uuid, p_report_id bigint,
					       p_flag text, p_note text)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	prev jsonb;
	me onedoor.staff := onedoor.current_staff();
	r onedoor.verification_reports;
	c onedoor.cases;
	note text := btrim(p_note);
	open_flags int;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'acknowledge_difference');
	IF prev IS NOT NULL THEN
		RETURN (prev ->> 'open')::int;
	END IF;
	SELECT * INTO r FROM onedoor.verification_reports x WHERE x.id = p_report_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'report % not found', p_report_id USING ERRCODE = 'P0002';
	END IF;
	SELECT * INTO c FROM onedoor.cases x WHERE x.id = r.case_id FOR UPDATE;
	IF me.role_name IS NULL OR me.role_group <> 'verifier' OR NOT onedoor.staff_scope_ok(me, c) THEN
		RAISE EXCEPTION 'only a verifier of the case''s county acknowledges differences'
			USING ERRCODE = '42501';
	END IF;
	IF r.version <> (SELECT max(x.version) FROM onedoor.verification_reports x
			 WHERE x.case_id = r.case_id) THEN
		RAISE EXCEPTION 'report version % is not the latest of case %', r.version, c.case_no
			USING ERRCODE = 'OD409';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM jsonb_array_elements(r.content -> 'differences') d
		       WHERE d ->> 'flag' = p_flag) THEN
		RAISE EXCEPTION 'report % has no difference "%"', p_report_id, p_flag
			USING ERRCODE = '22023';
	END IF;
	IF note IS NULL OR note = '' THEN
		RAISE EXCEPTION 'an acknowledgement needs a note' USING ERRCODE = '22023';
	END IF;
	INSERT INTO onedoor.report_acknowledgements (report_id, flag, note, request_id)
	VALUES (r.id, p_flag, note, p_request_id);
	SELECT count(*) INTO open_flags
	FROM jsonb_array_elements(r.content -> 'differences') d
	WHERE NOT EXISTS (SELECT 1 FROM onedoor.report_acknowledgements a
			  WHERE a.report_id = r.id AND a.flag = d ->> 'flag');
	PERFORM onedoor.request_finish(p_request_id, 'acknowledge_difference',
		jsonb_build_object('open', open_flags));
	PERFORM onedoor.audit_append('verification_report', r.id::text, 'acknowledge', NULL,
		jsonb_build_object('flag', p_flag, 'note', note), p_request_id);
	RETURN open_flags;
END $$;

-- Row security: materials where the application is readable, reports and
-- acknowledgements where the case is (0007_security.sql's policies).
ALTER TABLE onedoor.application_materials ENABLE ROW LEVEL SECURITY;
ALTER TABLE onedoor.verification_reports ENABLE ROW LEVEL SECURITY;
ALTER TABLE onedoor.report_acknowledgements ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_read ON onedoor.application_materials FOR SELECT USING (
	EXISTS (SELECT 1 FROM onedoor.applications a WHERE a.id = application_id));
CREATE POLICY scope_read ON onedoor.verification_reports FOR SELECT USING (
	EXISTS (SELECT 1 FROM onedoor.cases c WHERE c.id = case_id));
CREATE POLICY scope_read ON onedoor.report_acknowledgements FOR SELECT USING (
	EXISTS (SELECT 1 FROM onedoor.verification_reports r WHERE r.id = report_id));

REVOKE ALL ON onedoor.application_materials, onedoor.verification_reports,
	onedoor.report_acknowledgements FROM PUBLIC;
GRANT SELECT ON onedoor.application_materials, onedoor.verification_reports,
	onedoor.report_acknowledgements TO onedoor_clerk, onedoor_verifier, onedoor_supervisor,
	onedoor_approver, onedoor_auditor, onedoor_admin;
REVOKE ALL ON FUNCTION onedoor.authorisation_material(), onedoor.fact_number(jsonb),
	onedoor.staff_full_name(name),
	onedoor.verdict_text(text, text, text),
	onedoor.yuan_text(numeric), onedoor.verification_content(bigint, date),
	onedoor.verification_text(jsonb, integer, timestamptz, text),
	onedoor.verification_generate(bigint, text, uuid), onedoor.verification_on_enter(),
	onedoor.verification_blocker(bigint), onedoor.verification_gate(),
	onedoor.record_materials(uuid, text, text[]),
	onedoor.verification_regenerate(uuid, bigint),
	onedoor.acknowledge_difference(uuid, bigint, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.authorisation_material() TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
GRANT EXECUTE ON FUNCTION onedoor.record_materials(uuid, text, text[]) TO onedoor_clerk;
GRANT EXECUTE ON FUNCTION onedoor.verification_regenerate(uuid, bigint),
	onedoor.acknowledge_difference(uuid, bigint, text, text) TO onedoor_verifier;
