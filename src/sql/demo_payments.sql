-- demo_payments.sql: filed cases with decisions for the demo county, so
-- that `make run` has a month to pay.  Loaded by src/sh/devserver.sh once,
-- after the catalogue (the cases name its items), as the superuser: each
-- step runs as the demo login whose work it is, through the same functions
-- the program calls; only the decision, whose screen is not there yet in
-- every installation, is written directly.  Three households get a mobile
-- number and an account but 何玉珍's, whose line is therefore held.  (The
-- applications used here are not those src/sql/demo_watch.sql uses.)
-- The county centre then makes last month's rolls and submits those with
-- something to pay (src/sql/demo_accountability.sql has them paid), and
-- makes this month's: one submitted, waiting for finance's check, one a
-- draft for the county centre's own screen.
-- The server re-derives eligibility when a package is accepted: the three
-- households get the facts (incomes, property, health) that make them
-- eligible for the item they are paid.
UPDATE onedoor.households h SET facts = h.facts || '{"deposits": "0", "houses": "1",
	"vehicles": "0", "medical_selfpaid": "0", "education_spending": "0", "emergency": "none"}'
FROM onedoor.applications a
WHERE a.household_id = h.id AND a.application_no IN ('ADEMO-002', 'ADEMO-006', 'ADEMO-010');
UPDATE onedoor.persons p SET facts = p.facts || jsonb_build_object('status', 'normal',
	'disability', 'none', 'illness', 'chronic', 'labour', x.labour, 'school', 'none',
	'employment', x.employment, 'income_wage', '0', 'income_business', '1200',
	'income_property', '0', 'income_transfer', '0', 'support_paid', '0')
FROM (VALUES ('ADEMO-002', 'full', 'employed'), ('ADEMO-006', 'partial', 'farming'),
	     ('ADEMO-010', 'full', 'farming')) AS x(app, labour, employment)
JOIN onedoor.applications a ON a.application_no = x.app
JOIN onedoor.household_members m ON m.household_id = a.household_id
WHERE p.id = m.person_id;
DO $$
DECLARE
	d record;
	v integer;
	cid bigint;
	start date := (date_trunc('month', onedoor.today()) - interval '1 month')::date;
BEGIN
	FOR d IN SELECT * FROM (VALUES
		('ADEMO-002', 'demo_clerk1', 'dibao_urban', 68000, '13980001002', '6222021234567890128'),
		('ADEMO-006', 'demo_clerk2', 'dibao_rural', 121000, '13980001006', '6200000000000005'),
		('ADEMO-010', 'demo_clerk2', 'dibao_rural', 145500, '13980001010', NULL))
		AS t(app, clerk, item, amount, mobile, account)
	LOOP
		UPDATE onedoor.households h SET facts = h.facts ||
			jsonb_build_object('mobile', d.mobile) ||
			CASE WHEN d.account IS NULL THEN '{}'::jsonb
			     ELSE jsonb_build_object('bank_account', d.account,
						     'bank_name', '达州农商银行达川支行') END
		WHERE h.id = (SELECT a.household_id FROM onedoor.applications a
			      WHERE a.application_no = d.app);
		EXECUTE format('SET SESSION AUTHORIZATION %I', d.clerk);
		SELECT a.version INTO v FROM onedoor.applications a WHERE a.application_no = d.app;
		-- The three basic materials, as 同意受理 at the window records them,
		-- the authorisation to verify among them.
		PERFORM onedoor.record_materials(gen_random_uuid(), d.app,
			ARRAY['身份证', '户口簿', onedoor.authorisation_material()]);
		SELECT x.case_id INTO cid FROM onedoor.accept_application(gen_random_uuid(), d.app, v,
			jsonb_build_array(d.item)) x;
		-- The verification report is written when the case enters
		-- verification, at commit; here, within this one block, now.
		SET CONSTRAINTS ALL IMMEDIATE;
		SET CONSTRAINTS ALL DEFERRED;
		SET SESSION AUTHORIZATION demo_verifier;
		PERFORM onedoor.case_act(gen_random_uuid(), cid, 1, 'verify_pass');
		SET SESSION AUTHORIZATION demo_supervisor;
		PERFORM onedoor.case_act(gen_random_uuid(), cid, 2, 'supervise_pass');
		-- The decision with its amount and start month, then 同意救助 (a
		-- case is approved only with its decision).
		RESET SESSION AUTHORIZATION;
		INSERT INTO onedoor.decisions (case_id, item_code, outcome, amount_fen, period,
			start_month, engine_amount_fen, phrase, decided_by, decided_on, at, request_id)
		VALUES (cid, d.item, 'granted', d.amount, 'monthly', start, d.amount, '同意救助',
			'demo_approver', onedoor.today(), now(), gen_random_uuid());
		SET SESSION AUTHORIZATION demo_approver;
		PERFORM onedoor.case_act(gen_random_uuid(), cid, 3, 'approve');
		SET SESSION AUTHORIZATION demo_supervisor;
		PERFORM onedoor.case_act(gen_random_uuid(), cid, 4, 'file');
		RESET SESSION AUTHORIZATION;
	END LOOP;
END $$;


SET SESSION AUTHORIZATION demo_supervisor;
DO $$
DECLARE
	r record;
BEGIN
	PERFORM onedoor.payments_generate(gen_random_uuid(),
		(date_trunc('month', onedoor.today()) - interval '1 month')::date);
	FOR r IN SELECT x.roll_no, x.version FROM onedoor.payment_rolls x
		 WHERE x.month = (date_trunc('month', onedoor.today()) - interval '1 month')::date
		   AND x.line_count > x.held_count ORDER BY x.roll_no LOOP
		PERFORM onedoor.payments_submit(gen_random_uuid(), r.roll_no, r.version);
	END LOOP;
	PERFORM onedoor.payments_generate(gen_random_uuid(),
		date_trunc('month', onedoor.today())::date);
	-- This month: 三里坪's roll goes to finance (waiting for its check),
	-- 石桥镇's stays a draft for the county centre.
	FOR r IN SELECT x.roll_no, x.version FROM onedoor.payment_rolls x
		 WHERE x.month = date_trunc('month', onedoor.today())::date
		   AND x.centre_code = '511703001' AND x.line_count > x.held_count LOOP
		PERFORM onedoor.payments_submit(gen_random_uuid(), r.roll_no, r.version);
	END LOOP;
END $$;
RESET SESSION AUTHORIZATION;
