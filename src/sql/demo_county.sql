-- demo_county.sql: the county's desks with something to do in `make run`.
-- Loaded by src/sh/devserver.sh once, after the departments' demo extracts
-- (conf/department-demo), as the superuser; each step runs as the demo
-- login whose work it is, through the same functions the program calls.
--   陈志强's household (ADEMO-003, urban 低保) waits for verification: the
--   extracts find a car, two homes and a business licence, flagged in its
--   report, none acknowledged yet (demo_verifier);
--   杨建国's household (ADEMO-001, rural 低保) waits for approval: the
--   extracts find his father's pension, which the verifier acknowledged
--   before passing it (demo_approver decides the amount).
-- The households get the facts the server re-derives eligibility from at
-- acceptance.
UPDATE onedoor.households h SET facts = h.facts || '{"deposits": "0", "houses": "1",
	"vehicles": "0", "medical_selfpaid": "0", "education_spending": "0", "emergency": "none"}'
FROM onedoor.applications a
WHERE a.household_id = h.id AND a.application_no IN ('ADEMO-001', 'ADEMO-003');
UPDATE onedoor.persons p SET facts = p.facts || jsonb_build_object('status', 'normal',
	'disability', 'none', 'illness', 'none', 'labour', 'partial', 'school', 'none',
	'employment', 'farming', 'income_wage', '0', 'income_business', '300',
	'income_property', '0', 'income_transfer', '0', 'support_paid', '0')
FROM onedoor.applications a
JOIN onedoor.household_members m ON m.household_id = a.household_id
WHERE p.id = m.person_id AND a.application_no IN ('ADEMO-001', 'ADEMO-003');
DO $$
DECLARE
	d record;
	v integer;
	cid bigint;
	rep onedoor.verification_reports;
	flag text;
BEGIN
	FOR d IN SELECT * FROM (VALUES ('ADEMO-003', 'dibao_urban', false),
				       ('ADEMO-001', 'dibao_rural', true)) AS t(app, item, on_to_approval)
	LOOP
		SET SESSION AUTHORIZATION demo_clerk1;
		PERFORM onedoor.record_materials(gen_random_uuid(), d.app,
			ARRAY['身份证', '户口簿', onedoor.authorisation_material()]);
		SELECT a.version INTO v FROM onedoor.applications a WHERE a.application_no = d.app;
		SELECT x.case_id INTO cid FROM onedoor.accept_application(gen_random_uuid(), d.app, v,
			jsonb_build_array(d.item)) x;
		-- The report is written when the case enters verification, at
		-- commit; within this one block, now.
		SET CONSTRAINTS ALL IMMEDIATE;
		SET CONSTRAINTS ALL DEFERRED;
		CONTINUE WHEN NOT d.on_to_approval;
		SET SESSION AUTHORIZATION demo_verifier;
		SELECT * INTO rep FROM onedoor.verification_reports r WHERE r.case_id = cid
		ORDER BY r.version DESC LIMIT 1;
		FOR flag IN SELECT x ->> 'flag' FROM jsonb_array_elements(rep.content -> 'differences') x
		LOOP
			PERFORM onedoor.acknowledge_difference(gen_random_uuid(), rep.id, flag,
				'已电话核实，按核对结果计算后仍符合条件');
		END LOOP;
		SELECT c.version INTO v FROM onedoor.cases c WHERE c.id = cid;
		PERFORM onedoor.case_act(gen_random_uuid(), cid, v, 'verify_pass');
		SET SESSION AUTHORIZATION demo_supervisor;
		PERFORM onedoor.case_act(gen_random_uuid(), cid, v + 1, 'supervise_pass');
	END LOOP;
	RESET SESSION AUTHORIZATION;
END $$;
