-- fixtures_million_cases.sql - benchmark data: 500 centres in 25 counties, one
-- accepted application each, and 1,000,000 cases of the four workflow test
-- items (tests/db/fixtures/workflow_items.sql must be loaded first), 15 %
-- of them open, in every stage, with due dates spread around today so that
-- all three lights occur.  Loaded as the superuser with triggers off: this
-- is fixture data, not workflow.  Used by bench_workflow.sh and
-- bench_window.sh.
SET session_replication_role = replica;
INSERT INTO onedoor.regions SELECT '5190' || lpad(k::text, 2, '0'), '测试县' || k, '511700', 3
	FROM generate_series(1, 25) k;
INSERT INTO onedoor.centres SELECT 'B' || lpad(k::text, 3, '0'), '测试便民服务中心' || k, 'township',
	'5190' || lpad(((k - 1) / 20 + 1)::text, 2, '0') FROM generate_series(1, 500) k;
INSERT INTO onedoor.households (household_no, centre_code, hukou)
	SELECT 'HB' || lpad(k::text, 3, '0'), 'B' || lpad(k::text, 3, '0'), 'rural'
	FROM generate_series(1, 500) k;
INSERT INTO onedoor.applications (application_no, household_id, centre_code, request_id, status)
	SELECT 'AB' || substr(h.household_no, 3), h.id, h.centre_code, gen_random_uuid(), 'accepted'
	FROM onedoor.households h WHERE h.household_no LIKE 'HB%';
INSERT INTO onedoor.cases (case_no, application_id, household_id, subject_name, centre_code,
	county, item_code, department, track, stage, warn_days, stage_entered_at,
	stage_entered_on, stage_limit, stage_due, stage_warn_from, opened_on, case_limit,
	case_due, case_warn_from, accepted_by, version)
SELECT 'CB' || x.g, a.id, a.household_id, '测试' || (x.g % 997), a.centre_code, ce.county,
	i.code, i.department, 'normal', x.stage, 2,
	CASE WHEN x.open THEN now() END, CASE WHEN x.open THEN x.due - 3 END,
	CASE WHEN x.open THEN 3 END, CASE WHEN x.open THEN x.due END,
	CASE WHEN x.open THEN x.due - 1 END,
	x.due - 20, 20, x.due + 14, x.due + 12, 'demo_clerk1', 1
FROM (SELECT g, (g / 500) % 100 < 15 AS open,
	     CASE WHEN (g / 500) % 100 < 15 THEN (ARRAY['verify', 'supervise', 'approve', 'file'])[1 + (g / 7) % 4]
		  ELSE (ARRAY['filed', 'refused', 'withdrawn'])[1 + (g / 7) % 3] END AS stage,
	     onedoor.today() - 6 + ((g / 3) % 15) AS due,
	     'B' || lpad((1 + g % 500)::text, 3, '0') AS centre,
	     (ARRAY['wf_dibao', 'wf_tekun', 'wf_linshi', 'wf_jiaoyu'])[1 + (g / 11) % 4] AS item
      FROM generate_series(0, 999999) g) x
JOIN onedoor.applications a ON a.application_no = 'AB' || substr(x.centre, 2)
JOIN onedoor.centres ce ON ce.code = x.centre
JOIN onedoor.catalogue_items i ON i.code = x.item;
-- The auditor's matrix counts open cases by trigger, which was off.
SELECT onedoor.case_light_rebuild() AS counted \gset
