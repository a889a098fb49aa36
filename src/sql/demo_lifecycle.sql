-- demo_lifecycle.sql: a household that comes back, so that `make run` shows
-- a household's history, benefits in force and reviews.  Loaded by
-- src/sh/devserver.sh once, after the catalogue, the calendar and the other
-- demo data, as the superuser.
--
-- Like the household of seed 000 (an urban 低保 household whose daughter has
-- leukaemia, assisted many times over the years): registered two years ago
-- and granted 低保; a year and a half ago the daughter fell ill and the
-- household came back (new facts, expense-type temporary assistance); the
-- periodic review continued its 低保; a year ago the costs came again; and
-- this month the father found work, which the window recorded - the server
-- put the 低保 before the department as a change of circumstances.  Every
-- step runs as the demo login whose work it is, through the functions the
-- program calls, on the day it happened (onedoor.today() pinned, then
-- released); only the decisions are written directly, as
-- src/sql/demo_payments.sql does, and the moments of the versions and
-- applications are set back to their days afterwards.
SET client_min_messages = warning;
DO $$
DECLARE
	-- A day pinned already (the tests pin one) stays today afterwards.
	pinned date := (SELECT o.today FROM onedoor.clock_override o LIMIT 1);
	v0 date := (date_trunc('month', onedoor.today()) - interval '24 months')::date;
	hh jsonb;
	app text;
	hno text;
	ver integer;
	cid bigint;
	cids bigint[] := '{}';
	amount bigint;

	-- Accepts app's package as demo_clerk1, with the applicant's
	-- authorisation on file, then moves each case through the stages.
	-- (A nested block cannot define functions: the steps are inline.)
BEGIN
	-- Two years ago: registered and granted 低保.
	PERFORM onedoor.test_set_today(v0 + 3);
	hh := jsonb_build_object('hukou', 'urban',
		'facts', jsonb_build_object('deposits', '0', 'houses', '0', 'vehicles', '0',
			'medical_selfpaid', '0', 'education_spending', '0', 'emergency', 'none',
			'mobile', '13980002000', 'bank_account', '6222021234567890128',
			'bank_name', '达州银行通川支行'),
		'members', jsonb_build_array(
			jsonb_build_object('resident_id', '511703199002020224', 'name', '紫秀梅',
				'relation', 'self', 'facts', jsonb_build_object('status', 'normal',
				'disability', 'none', 'illness', 'none', 'labour', 'full', 'school', 'none',
				'employment', 'self_employed', 'income_wage', '0',
				'income_business', '14400', 'income_property', '0',
				'income_transfer', '0', 'support_paid', '0')),
			jsonb_build_object('resident_id', '511703198806060315', 'name', '紫建军',
				'relation', 'spouse', 'facts', jsonb_build_object('status', 'normal',
				'disability', 'none', 'illness', 'none', 'labour', 'full', 'school', 'none',
				'employment', 'unemployed', 'income_wage', '0', 'income_business', '0',
				'income_property', '0', 'income_transfer', '0', 'support_paid', '0')),
			jsonb_build_object('resident_id', '511703201809090426', 'name', '紫怡朵',
				'relation', 'child', 'facts', jsonb_build_object('status', 'normal',
				'disability', 'none', 'illness', 'none', 'labour', 'none',
				'school', 'preschool', 'employment', 'none', 'income_wage', '0',
				'income_business', '0', 'income_property', '0', 'income_transfer', '0',
				'support_paid', '0'))));
	SET SESSION AUTHORIZATION demo_clerk1;
	SELECT r.application_no, r.household_no INTO app, hno
	FROM onedoor.register_household(gen_random_uuid(), hh) r;
	RESET SESSION AUTHORIZATION;
	UPDATE onedoor.households h SET household_no = 'HDEMO-Z01' WHERE h.household_no = hno;
	hno := 'HDEMO-Z01';
	FOR step IN 1..4 LOOP
		-- The household's applications in turn: 1 低保, 2 and 3 temporary
		-- assistance for the treatment, 4 the father's job (left at the
		-- window: the department decides the change first).
		IF step > 1 THEN
			PERFORM onedoor.test_set_today(CASE step WHEN 2 THEN (v0 + interval '6 months')::date + 8
				WHEN 3 THEN (v0 + interval '12 months')::date + 14 ELSE pinned END);
			hh := onedoor.household_state((SELECT id FROM onedoor.households WHERE household_no = hno));
			IF step = 2 THEN
				hh := jsonb_set(jsonb_set(jsonb_set(hh, '{members,2,facts,illness}', '"serious"'),
					'{members,2,facts,school}', '"primary"'),
					'{facts,medical_selfpaid}', '"98000"');
			ELSIF step = 3 THEN
				hh := jsonb_set(hh, '{facts,medical_selfpaid}', '"150000"');
			ELSE
				hh := jsonb_set(jsonb_set(jsonb_set(hh, '{members,1,facts,employment}', '"employed"'),
					'{members,1,facts,income_wage}', '"36000"'),
					'{facts,medical_selfpaid}', '"40000"');
			END IF;
			SELECT h.version INTO ver FROM onedoor.households h WHERE h.household_no = hno;
			SET SESSION AUTHORIZATION demo_clerk1;
			SELECT r.application_no INTO app FROM onedoor.household_reapply(gen_random_uuid(), hno,
				ver, hh, CASE step WHEN 2 THEN '女儿紫怡朵确诊急性白血病，住院化疗'
					WHEN 3 THEN '紫怡朵造血干细胞移植，自付医疗费用增加'
					ELSE '丈夫紫建军在园区企业就业，有工资收入' END) r;
			RESET SESSION AUTHORIZATION;
			-- The change put the 低保 before the department (the engine's
			-- amount on the new facts differs); it followed the engine then.
			IF step < 4 THEN
				SET SESSION AUTHORIZATION demo_approver;
				PERFORM onedoor.review_decide(gen_random_uuid(), r.id, r.version,
					CASE WHEN r.engine ->> 'verdict' = 'eligible' THEN 'adjust' ELSE 'continue' END,
					round((r.engine ->> 'amount')::numeric * 100)::bigint,
					(date_trunc('month', onedoor.today()) + interval '1 month')::date,
					'家庭情况变更，按新情况重新核定保障金额')
				FROM onedoor.reviews r JOIN onedoor.cases c ON c.id = r.case_id
				WHERE c.household_id = (SELECT id FROM onedoor.households WHERE household_no = hno)
				  AND r.outcome IS NULL AND r.kind = 'change';
				RESET SESSION AUTHORIZATION;
			END IF;
		END IF;
		EXIT WHEN step = 4;
		SET SESSION AUTHORIZATION demo_clerk1;
		PERFORM onedoor.record_materials(gen_random_uuid(), app,
			ARRAY[onedoor.authorisation_material()]);
		SELECT array_agg(x.case_id) INTO cids FROM onedoor.accept_application(gen_random_uuid(),
			app, (SELECT a.version FROM onedoor.applications a WHERE a.application_no = app),
			CASE step WHEN 1 THEN '["dibao_urban"]'::jsonb ELSE '["temp_expense"]'::jsonb END) x;
		RESET SESSION AUTHORIZATION;
		cid := cids[1];
		-- The verification report a case gets at commit, written now: the
		-- verifier passes it in this same transaction.
		RESET SESSION AUTHORIZATION;
		PERFORM onedoor.verification_generate(cid, 'verify_entered', gen_random_uuid());
		SET SESSION AUTHORIZATION demo_verifier;
		-- What the departments' data says otherwise, checked at the door.
		PERFORM onedoor.acknowledge_difference(gen_random_uuid(), r.id, x ->> 'flag',
			'入户核实：以家庭申报和病历材料为准')
		FROM onedoor.verification_reports r, jsonb_array_elements(r.content -> 'differences') x
		WHERE r.case_id = cid;
		PERFORM onedoor.case_act(gen_random_uuid(), cid, 1, 'verify_pass');
		SET SESSION AUTHORIZATION demo_supervisor;
		PERFORM onedoor.case_act(gen_random_uuid(), cid, 2, 'supervise_pass');
		-- The decision with its amount and start month, then 同意救助 (a
		-- case is approved only with its decision).
		RESET SESSION AUTHORIZATION;
		amount := CASE step WHEN 1 THEN 118500 WHEN 2 THEN 500000 ELSE 800000 END;
		INSERT INTO onedoor.decisions (case_id, item_code, outcome, amount_fen, period,
			start_month, engine_amount_fen, phrase, decided_by, decided_on, at, request_id)
		VALUES (cid, CASE step WHEN 1 THEN 'dibao_urban' ELSE 'temp_expense' END, 'granted',
			amount, CASE step WHEN 1 THEN 'monthly' ELSE 'once' END,
			date_trunc('month', onedoor.today() + 15)::date, amount, '同意救助',
			'demo_approver', onedoor.today(), now(), gen_random_uuid());
		SET SESSION AUTHORIZATION demo_approver;
		PERFORM onedoor.case_act(gen_random_uuid(), cid, 3, 'approve');
		SET SESSION AUTHORIZATION demo_supervisor;
		PERFORM onedoor.case_act(gen_random_uuid(), cid, 4, 'file');
		RESET SESSION AUTHORIZATION;
		IF step = 2 THEN
			-- Half a year after the grant the periodic review of the 低保
			-- (every six months for a household with members able to
			-- work) was continued by the department.
			SET SESSION AUTHORIZATION demo_supervisor;
			PERFORM onedoor.reviews_generate(gen_random_uuid(), date_trunc('month', onedoor.today())::date);
			SET SESSION AUTHORIZATION demo_approver;
			PERFORM onedoor.review_decide(gen_random_uuid(), r.id, r.version, 'continue', NULL, NULL,
				'入户核查：家庭收入未变化，继续保障')
			FROM onedoor.reviews r JOIN onedoor.cases c ON c.id = r.case_id
			WHERE c.household_id = (SELECT id FROM onedoor.households WHERE household_no = hno)
			  AND r.outcome IS NULL AND r.kind = 'periodic';
			RESET SESSION AUTHORIZATION;
		END IF;
	END LOOP;
	PERFORM onedoor.test_set_today(pinned);
	-- This month's periodic reviews of the county: the 低保 above (due
	-- every six months since its start) among them.
	SET SESSION AUTHORIZATION demo_supervisor;
	PERFORM onedoor.reviews_generate(gen_random_uuid(), date_trunc('month', onedoor.today())::date);
	RESET SESSION AUTHORIZATION;
END $$;

-- The versions and applications on the days they were made (the functions
-- stamp the clock's time; the days above were pinned for the stages only).
SET session_replication_role = replica;
UPDATE onedoor.household_versions v SET at = (x.on_day + time '09:30' + v.version * interval '7 minutes')
	AT TIME ZONE 'Asia/Shanghai'
FROM (SELECT a.household_id, a.created_at, row_number() OVER (ORDER BY a.id) AS n,
	     coalesce((SELECT min(c.opened_on) FROM onedoor.cases c WHERE c.application_id = a.id),
		      onedoor.today()) AS on_day
      FROM onedoor.applications a JOIN onedoor.households h ON h.id = a.household_id
      WHERE h.household_no = 'HDEMO-Z01') x
WHERE v.household_id = x.household_id AND v.version = x.n;
UPDATE onedoor.applications a SET created_at = v.at
FROM onedoor.household_versions v, onedoor.households h
WHERE h.household_no = 'HDEMO-Z01' AND a.household_id = h.id AND v.household_id = h.id
  AND v.version = (SELECT count(*) FROM onedoor.applications b
		   WHERE b.household_id = h.id AND b.id <= a.id);
-- Numbers of their own (the server's carry the day they were made).
UPDATE onedoor.cases c SET case_no = 'ADEMO-Z01-' || x.n || substr(c.case_no, length(a.application_no) + 1)
FROM onedoor.applications a,
     (SELECT b.id, row_number() OVER (ORDER BY b.id) AS n FROM onedoor.applications b
      JOIN onedoor.households h ON h.id = b.household_id WHERE h.household_no = 'HDEMO-Z01') x
WHERE c.application_id = a.id AND a.id = x.id;
UPDATE onedoor.applications a SET application_no = 'ADEMO-Z01-' || x.n
FROM (SELECT b.id, row_number() OVER (ORDER BY b.id) AS n FROM onedoor.applications b
      JOIN onedoor.households h ON h.id = b.household_id WHERE h.household_no = 'HDEMO-Z01') x
WHERE a.id = x.id;
-- The cases' histories at the times of their days (on_day is the day).
UPDATE onedoor.case_events e SET at = (e.on_day + time '10:00' + (e.id % 300) * interval '1 minute')
	AT TIME ZONE 'Asia/Shanghai'
FROM onedoor.cases c JOIN onedoor.households h ON h.id = c.household_id
WHERE h.household_no = 'HDEMO-Z01' AND e.case_id = c.id;
RESET session_replication_role;
