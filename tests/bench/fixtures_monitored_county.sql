-- fixtures_monitored_county.sql - benchmark data: one county (511703, the
-- demo county) with 20 more township centres and 100,000 households on the
-- monitoring register (5,000 per centre; both categories; quarterly visits
-- due from 20 working days ago to 60 ahead, so that every light occurs),
-- and 30,000 warnings routed to three departments, a third of them closed,
-- raised over the last 30 days.  Loaded as the superuser with triggers off:
-- fixture data, not workflow.  Used by bench_monitoring.sh.
SET session_replication_role = replica;
INSERT INTO onedoor.centres (code, name, kind, county)
SELECT 'M' || lpad(k::text, 3, '0'), '监测测试镇' || k, 'township', '511703'
FROM generate_series(1, 20) k;
INSERT INTO onedoor.households (household_no, centre_code, hukou)
SELECT 'HM' || lpad(g::text, 6, '0'), 'M' || lpad((1 + g % 20)::text, 3, '0'), 'rural'
FROM generate_series(1, 100000) g;
INSERT INTO onedoor.monitoring (entry_no, household_id, subject_name, centre_code, county,
	category, reason, source, source_ref, responsible, entered_on, entered_by, facts,
	visit_due, visit_warn_from)
SELECT 'MB' || substr(h.household_no, 3), h.id, '监测户' || (h.id % 9973), h.centre_code,
       '511703', 1 + (h.id % 3 = 0)::int, '收入略高于标准', 'refused_application',
       'A' || substr(h.household_no, 3), '民政办', onedoor.today() - 60, 'demo_clerk1',
       '{"hukou": "rural", "members": []}', d.due, onedoor.warn_from(d.due, 5)
FROM onedoor.households h
CROSS JOIN LATERAL (SELECT w.day AS due FROM onedoor.working_days w
		    WHERE w.working AND w.seq = onedoor.working_seq(onedoor.today()) - 20
			  + (h.id % 80)::int) d
WHERE h.household_no LIKE 'HM%';
INSERT INTO onedoor.warnings (warning_no, household_id, household_no, subject_name,
	centre_code, county, warning_code, department, source, name_zh, name_en, message_zh,
	message_en, raised_on, last_found_on, ack_limit, ack_due, ack_warn_from, state,
	acknowledged_on, acknowledged_by, outcome, closed_on, closed_by)
SELECT 'WB' || g, h.id, h.household_no, '监测户' || (h.id % 9973), h.centre_code, '511703',
       (ARRAY['medical_cost_high', 'labour_death'])[1 + g % 2],
       (ARRAY['civil_affairs', 'medical_insurance', 'hrss'])[1 + g % 3], 'discovery',
       '预警', 'warning', '请主动介入', 'please step in', r.raised, r.raised, 3,
       onedoor.add_working_days(r.raised, 3),
       onedoor.warn_from(onedoor.add_working_days(r.raised, 3), 1),
       s.state, CASE WHEN s.state <> 'open' THEN r.raised END,
       CASE WHEN s.state <> 'open' THEN 'demo_approver'::name END,
       CASE WHEN s.state = 'closed' THEN 'contacted' END,
       CASE WHEN s.state = 'closed' THEN r.raised END,
       CASE WHEN s.state = 'closed' THEN 'demo_approver'::name END
FROM generate_series(1, 30000) g
JOIN onedoor.households h ON h.household_no = 'HM' || lpad((g * 3)::text, 6, '0')
CROSS JOIN LATERAL (SELECT onedoor.today() - (g % 30) AS raised) r
CROSS JOIN LATERAL (SELECT (ARRAY['open', 'acknowledged', 'closed'])[1 + (g / 3) % 3] AS state) s;
-- One village of the first township with its 5,000 entries, for the
-- village coordinator's register.
INSERT INTO onedoor.villages (code, name, kind, centre_code)
VALUES ('511703900001', '监测测试村', 'village', 'M001');
UPDATE onedoor.monitoring SET village = '511703900001' WHERE centre_code = 'M001';
SET session_replication_role = DEFAULT;
ANALYZE onedoor.households;
ANALYZE onedoor.monitoring;
ANALYZE onedoor.warnings;
