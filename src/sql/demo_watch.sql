-- demo_watch.sql: warnings, the monitoring register, three-colour care and
-- coordinators' reports for the demo county, so that `make run` shows each
-- role's screens with something in them.  Loaded once by make run, after
-- demo.sql, the catalogue and the calendar (src/sh/devserver.sh), as the
-- superuser; dates are counted in working days from onedoor.today(), so the
-- lights are red, yellow and green whenever it is run.  Kept apart from
-- demo.sql, which the tests' template database also loads.

-- The working day n working days after today (n < 0: before).
CREATE FUNCTION pg_temp.wd(n integer) RETURNS date
LANGUAGE sql STABLE AS $$
	SELECT w.day FROM onedoor.working_days w
	WHERE w.working AND w.seq = onedoor.working_seq(onedoor.today()) + n
$$;

-- A household as the engine reads it (onedoor.household_document without
-- the caller's scope, which the superuser has none of).
CREATE FUNCTION pg_temp.doc(p_no text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('region', c.county, 'hukou', h.hukou, 'facts', h.facts,
		'members', (SELECT jsonb_agg(jsonb_build_object('resident_id', p.resident_id,
				'name', p.name, 'relation', m.relation, 'facts', p.facts)
				ORDER BY m.position)
			    FROM onedoor.household_members m JOIN onedoor.persons p ON p.id = m.person_id
			    WHERE m.household_id = h.id))
	FROM onedoor.households h JOIN onedoor.centres c ON c.code = h.centre_code
	WHERE h.household_no = p_no
$$;

-- Facts that raise the warnings: 杨建国's family paid 60,000 yuan of medical
-- costs itself; 吴大山's household lost its main labourer.
UPDATE onedoor.households SET facts = facts || '{"medical_selfpaid": "60000"}'
WHERE household_no = 'HDEMO-001';
UPDATE onedoor.households SET facts = facts || '{"labour_death": "yes"}'
WHERE household_no = 'HDEMO-006';

-- Warnings: one per department the catalogue names, raised 0 to 6 working
-- days ago (ack_days 3: red, yellow and green), one acknowledged.
INSERT INTO onedoor.warnings (warning_no, household_id, household_no, subject_name, centre_code,
	county, warning_code, department, source, name_zh, name_en, message_zh, message_en,
	raised_on, last_found_on, ack_limit, ack_due, ack_warn_from, state, acknowledged_on,
	acknowledged_by)
SELECT 'WDEMO-' || x.n, h.id, h.household_no, p.name, h.centre_code, c.county, cw.code,
       x.dept, x.source, cw.name_zh, cw.name_en, cw.message_zh, cw.message_en,
       pg_temp.wd(-x.age), pg_temp.wd(-x.age), cw.ack_days,
       onedoor.add_working_days(pg_temp.wd(-x.age), cw.ack_days),
       onedoor.warn_from(onedoor.add_working_days(pg_temp.wd(-x.age), cw.ack_days), cw.warn_days),
       x.state, CASE WHEN x.state = 'acknowledged' THEN pg_temp.wd(-x.age + 1) END,
       CASE WHEN x.state = 'acknowledged' THEN 'demo_approver'::name END
FROM (VALUES (1, 'HDEMO-001', 'medical_cost_high', 'civil_affairs', 'discovery', 6, 'open'),
	     (2, 'HDEMO-001', 'medical_cost_high', 'medical_insurance', 'discovery', 6, 'open'),
	     (3, 'HDEMO-006', 'labour_death', 'civil_affairs', 'window', 3, 'open'),
	     (4, 'HDEMO-006', 'labour_death', 'hrss', 'window', 3, 'acknowledged'),
	     (5, 'HDEMO-010', 'labour_death', 'civil_affairs', 'discovery', 0, 'open'))
	AS x(n, hh, code, dept, source, age, state)
JOIN onedoor.households h ON h.household_no = x.hh
JOIN onedoor.centres c ON c.code = h.centre_code
JOIN onedoor.household_members m ON m.household_id = h.id AND m.position = 1
JOIN onedoor.persons p ON p.id = m.person_id
JOIN onedoor.catalogue_warnings cw ON cw.code = x.code;

-- A coordinator's reports (胜利社区): one new, one entered in monitoring,
-- one closed; the one turned into monitoring is watched below.
INSERT INTO onedoor.reports (report_no, village, centre_code, county, subject_name, difficulty,
	household, reported_on, reported_by, state, outcome_note, handled_by, handled_on,
	request_id)
VALUES
	('RDEMO-1', '511703001001', '511703001', '511703', '刘桂芳', '独居老人，腿脚不便，无人照料',
	 '{"hukou": "urban", "members": [{"name": "刘桂芳", "relation": "self", "facts": {"illness": "chronic"}}]}',
	 pg_temp.wd(-1), 'demo_coordinator', 'new', NULL, NULL, NULL, gen_random_uuid()),
	('RDEMO-2', '511703001001', '511703001', '511703', '钱玉兰', '丈夫去世，收入骤减',
	 '{"hukou": "urban", "members": [{"name": "钱玉兰", "relation": "self"}, {"name": "钱小宝", "relation": "child"}]}',
	 pg_temp.wd(-30), 'demo_coordinator', 'new', NULL, NULL, NULL, gen_random_uuid()),
	('RDEMO-3', '511703001001', '511703001', '511703', '孙建军', '临时失业',
	 '{"hukou": "urban", "members": [{"name": "孙建军", "relation": "self"}]}',
	 pg_temp.wd(-20), 'demo_coordinator', 'closed', '已再就业，暂不需要救助', 'demo_clerk1',
	 pg_temp.wd(-18), gen_random_uuid());

-- The monitoring register: each source, both categories, visits green,
-- yellow (due within 5 working days) and red (missed).
UPDATE onedoor.applications SET status = 'refused', decided_by = 'demo_clerk1',
	decided_at = now(), decision_phrase = '不同意受理',
	decision_reason = '家庭人均收入高于低保标准', version = version + 1
WHERE application_no IN ('ADEMO-005', 'ADEMO-008');
INSERT INTO onedoor.monitoring (entry_no, household_id, subject_name, centre_code, county,
	village, category, reason, source, source_ref, responsible, entered_on, entered_by, facts,
	visit_due, visit_warn_from, last_visit_on, visits, proposal, proposal_items)
SELECT 'MDEMO-' || x.n, h.id, p.name, h.centre_code, c.county, NULL, x.category, x.reason,
       x.source, x.ref, x.responsible, pg_temp.wd(-x.entered), 'demo_clerk1',
       pg_temp.doc(x.hh), pg_temp.wd(x.due), onedoor.warn_from(pg_temp.wd(x.due), 5),
       CASE WHEN x.visits > 0 THEN pg_temp.wd(-x.entered + 40) END, x.visits, x.proposal,
       x.items
FROM (VALUES
	(1, 'HDEMO-005', 1, '收入略高于低保标准，子女年幼', 'refused_application', 'ADEMO-005',
	 '三里坪街道民政办 张敏', 70, 12, 1, NULL, '{}'::text[]),
	(2, 'HDEMO-001', 2, '医疗费用高，暂不符合低保条件', 'warning', 'WDEMO-1',
	 '三里坪街道民政办 张敏', 130, -3, 1, 'application', '{elderly_allowance,elderly_health_check,family_doctor}'),
	(3, 'HDEMO-008', 2, '有稳定务工收入，持续关注', 'refused_application', 'ADEMO-008',
	 '石桥镇民政办 李娜', 60, 3, 0, NULL, '{}'))
	AS x(n, hh, category, reason, source, ref, responsible, entered, due, visits, proposal, items)
JOIN onedoor.households h ON h.household_no = x.hh
JOIN onedoor.centres c ON c.code = h.centre_code
JOIN onedoor.household_members m ON m.household_id = h.id AND m.position = 1
JOIN onedoor.persons p ON p.id = m.person_id;
INSERT INTO onedoor.monitoring (entry_no, subject_name, centre_code, county, village, category,
	reason, source, source_ref, responsible, entered_on, entered_by, facts, visit_due,
	visit_warn_from, report_id)
SELECT 'MDEMO-4', r.subject_name, r.centre_code, r.county, r.village, 1,
       '丈夫去世，收入骤减，待核对', 'report', r.report_no, '胜利社区 周红梅', pg_temp.wd(-28),
       'demo_clerk1', r.household, pg_temp.wd(2), onedoor.warn_from(pg_temp.wd(2), 5), r.id
FROM onedoor.reports r WHERE r.report_no = 'RDEMO-2';
UPDATE onedoor.reports r SET state = 'monitoring', handled_by = 'demo_clerk1',
	handled_on = pg_temp.wd(-28),
	monitoring_id = (SELECT m.id FROM onedoor.monitoring m WHERE m.entry_no = 'MDEMO-4')
WHERE r.report_no = 'RDEMO-2';

-- Three-colour care: three persons receive 特困供养 at home (a filed case
-- each); 赵桂兰 is red with a problem list (one item overdue), 马德福
-- yellow, 林国栋 green.
-- The server re-derives eligibility for every case it opens: their
-- households get the facts of extreme poverty (no labour capacity, no
-- income, no one able to support them).
UPDATE onedoor.households h SET facts = h.facts || '{"deposits": "0", "houses": "1",
	"vehicles": "0", "medical_selfpaid": "0", "education_spending": "0", "emergency": "none"}'
FROM onedoor.applications a
WHERE a.household_id = h.id AND a.application_no IN ('ADEMO-004', 'ADEMO-007', 'ADEMO-009');
UPDATE onedoor.persons p SET facts = p.facts || '{"status": "normal", "disability": "none",
	"illness": "chronic", "labour": "none", "school": "none", "employment": "none",
	"income_wage": "0", "income_business": "0", "income_property": "0",
	"income_transfer": "0", "support_paid": "0"}'
FROM onedoor.applications a
JOIN onedoor.household_members m ON m.household_id = a.household_id
WHERE p.id = m.person_id AND a.application_no IN ('ADEMO-004', 'ADEMO-007', 'ADEMO-009');
UPDATE onedoor.applications SET status = 'accepted', decided_by = 'demo_clerk1',
	decided_at = now(), decision_phrase = '同意受理', version = version + 1
WHERE application_no IN ('ADEMO-004', 'ADEMO-007', 'ADEMO-009');
INSERT INTO onedoor.cases (case_no, application_id, household_id, person_id, subject_name,
	centre_code, county, item_code, department, track, stage, warn_days, opened_on,
	case_limit, case_due, case_warn_from, accepted_by, verified_by, approved_by, closed_at)
SELECT a.application_no || '-01', a.id, h.id, p.id, p.name, h.centre_code, c.county, 'tekun',
       'civil_affairs', 'normal', 'filed', 2, pg_temp.wd(-80), 20, pg_temp.wd(-60),
       pg_temp.wd(-61), 'demo_clerk1', 'demo_verifier', 'demo_approver', now()
FROM (VALUES ('ADEMO-004', '511703195208110286'), ('ADEMO-007', '511703194007220556'),
	     ('ADEMO-009', '51170319550909075X')) AS x(app, rid)
JOIN onedoor.applications a ON a.application_no = x.app
JOIN onedoor.households h ON h.id = a.household_id
JOIN onedoor.centres c ON c.code = h.centre_code
JOIN onedoor.persons p ON p.resident_id = x.rid;
INSERT INTO onedoor.care_ratings (person_id, person_name, household_id, centre_code, county,
	living, health, care, colour, note, rated_on, rated_by, request_id)
SELECT p.id, p.name, k.household_id, k.centre_code, k.county, x.living, x.health, x.care,
       onedoor.care_colour(x.living, x.health, x.care), x.note, pg_temp.wd(-x.age), x.by,
       gen_random_uuid()
FROM (VALUES ('511703195208110286', 'danger', 'concern', 'concern',
	      '住所杂物乱堆、线路凌乱，存在安全隐患', 8, 'demo_clerk1'),
	     ('511703194007220556', 'good', 'concern', 'good', '年老体弱，需定期关注', 5,
	      'demo_clerk2'),
	     ('51170319550909075X', 'good', 'good', 'good', '照护人每周探视', 20, 'demo_clerk2'))
	AS x(rid, living, health, care, note, age, by)
JOIN onedoor.persons p ON p.resident_id = x.rid
JOIN onedoor.cases k ON k.person_id = p.id AND k.item_code = 'tekun';
INSERT INTO onedoor.care_problems (rating_id, person_id, centre_code, item, responsible,
	deadline, warn_from, opened_on, opened_by, closed_on, closed_by, close_note)
SELECT r.id, r.person_id, r.centre_code, x.item, x.responsible, pg_temp.wd(x.due),
       onedoor.warn_from(pg_temp.wd(x.due), 2), r.rated_on, r.rated_by,
       CASE WHEN x.note IS NOT NULL THEN pg_temp.wd(-2) END,
       CASE WHEN x.note IS NOT NULL THEN r.rated_by END, x.note
FROM (VALUES ('511703195208110286', '清理院内杂物、整理电线', '照护人 王大姐', -2, NULL),
	     ('511703195208110286', '搭建院落围挡', '胜利社区居委会', 1, NULL),
	     ('511703195208110286', '更换被褥、添置桌椅', '镇民政办', 6, NULL),
	     ('511703195208110286', '联系家庭医生上门体检', '镇卫生院', -4, '已上门体检，血压偏高，已开药'),
	     ('511703194007220556', '每周探视一次，记录身体状况', '照护人 马小龙之母', 9, NULL))
	AS x(rid, item, responsible, due, note)
JOIN onedoor.persons p ON p.resident_id = x.rid
JOIN onedoor.care_ratings r ON r.person_id = p.id AND r.current;
