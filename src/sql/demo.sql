-- demo.sql: the demo county loaded by `onedoor-admin demo` (once).
-- One county (达川区 of Dazhou, Sichuan) with two centres, a person for each
-- role, and ten households.  Every demo login has the password "onedoor".

INSERT INTO onedoor.regions (code, name, parent, level) VALUES
	('510000', '四川省', NULL, 1),
	('511700', '达州市', '510000', 2),
	('511703', '达川区', '511700', 3);

INSERT INTO onedoor.centres (code, name, kind, county) VALUES
	('511703001', '三里坪街道便民服务中心', 'street', '511703'),
	('511703102', '石桥镇便民服务中心', 'township', '511703');

-- The 13 departments come with the schema (migration 0022).

-- Villages and communities (village codes: invented, of the statistical
-- division's 12-digit form) served by the two centres.
INSERT INTO onedoor.villages (code, name, kind, centre_code) VALUES
	('511703001001', '胜利社区', 'community', '511703001'),
	('511703001002', '红星社区', 'community', '511703001'),
	('511703102201', '石桥村', 'village', '511703102'),
	('511703102202', '五曲湾村', 'village', '511703102');

DO $$
DECLARE r record;
BEGIN
	FOR r IN SELECT * FROM (VALUES
		('demo_clerk1', '张敏', 'clerk', '511703001', NULL, NULL),
		('demo_clerk2', '李娜', 'clerk', '511703102', NULL, NULL),
		('demo_verifier', '王强', 'verifier', NULL, '511703', NULL),
		('demo_supervisor', '刘洋', 'supervisor', NULL, '511703', NULL),
		('demo_approver', '陈静', 'approver', NULL, '511703', 'civil_affairs'),
		('demo_auditor', '杨帆', 'auditor', NULL, '511703', NULL),
		('demo_admin', '赵磊', 'admin', NULL, '511703', NULL),
		('demo_coordinator', '周红梅', 'coordinator', NULL, NULL, NULL),
		('demo_finance', '周红', 'finance', NULL, '511703', NULL))
		AS t(role_name, full_name, role_group, centre, county, department)
	LOOP
		IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r.role_name) THEN
			EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', r.role_name, 'onedoor');
		END IF;
		EXECUTE format('GRANT %I TO %I', 'onedoor_' || r.role_group, r.role_name);
		INSERT INTO onedoor.staff (role_name, full_name, role_group, centre_code, county,
					   department, village)
		VALUES (r.role_name, r.full_name, r.role_group, r.centre, r.county, r.department,
			CASE r.role_group WHEN 'coordinator' THEN '511703001001' END);
	END LOOP;
END $$;
-- Staff numbers (工号), printed with the names on receipts and notices.
UPDATE onedoor.staff s SET staff_no = v.no
FROM (VALUES ('demo_clerk1', 'A0101'), ('demo_clerk2', 'A0201'), ('demo_verifier', 'C0301'),
	     ('demo_supervisor', 'C0302'), ('demo_approver', 'D0401'), ('demo_auditor', 'J0501'),
	     ('demo_admin', 'C0001'), ('demo_coordinator', 'V0601'), ('demo_finance', 'F0701'))
	AS v(role, no)
WHERE s.role_name = v.role;

-- Ten demo households (fictional people; IDs valid but invented).
WITH h AS (INSERT INTO onedoor.households (household_no, centre_code, hukou, created_by)
  VALUES ('HDEMO-001', '511703001', 'rural', 'demo_clerk1') RETURNING id),
  m(resident_id, name, birth_date, sex, position, relation) AS (VALUES
    ('511703197403120112', '杨建国', DATE '1974-03-12', 'M', 1, 'self'),
    ('511703194406050136', '杨德明', DATE '1944-06-05', 'M', 2, 'parent'),
    ('511703194709210221', '李秀英', DATE '1947-09-21', 'F', 3, 'parent')),
  p AS (INSERT INTO onedoor.persons (resident_id, name, birth_date, sex)
    SELECT resident_id, name, birth_date, sex FROM m RETURNING id, resident_id)
INSERT INTO onedoor.household_members (household_id, person_id, position, relation)
SELECT h.id, p.id, m.position, m.relation FROM h, p JOIN m USING (resident_id);
INSERT INTO onedoor.applications (application_no, household_id, centre_code, request_id, created_by, created_at)
SELECT 'ADEMO-001', id, centre_code, gen_random_uuid(), created_by, now() - interval '10 hours'
FROM onedoor.households WHERE household_no = 'HDEMO-001';
WITH h AS (INSERT INTO onedoor.households (household_no, centre_code, hukou, created_by)
  VALUES ('HDEMO-002', '511703001', 'urban', 'demo_clerk1') RETURNING id),
  m(resident_id, name, birth_date, sex, position, relation) AS (VALUES
    ('511703198507040242', '王芳', DATE '1985-07-04', 'F', 1, 'self'),
    ('511703201402140313', '刘小军', DATE '2014-02-14', 'M', 2, 'child')),
  p AS (INSERT INTO onedoor.persons (resident_id, name, birth_date, sex)
    SELECT resident_id, name, birth_date, sex FROM m RETURNING id, resident_id)
INSERT INTO onedoor.household_members (household_id, person_id, position, relation)
SELECT h.id, p.id, m.position, m.relation FROM h, p JOIN m USING (resident_id);
INSERT INTO onedoor.applications (application_no, household_id, centre_code, request_id, created_by, created_at)
SELECT 'ADEMO-002', id, centre_code, gen_random_uuid(), created_by, now() - interval '9 hours'
FROM onedoor.households WHERE household_no = 'HDEMO-002';
WITH h AS (INSERT INTO onedoor.households (household_no, centre_code, hukou, created_by)
  VALUES ('HDEMO-003', '511703001', 'urban', 'demo_clerk1') RETURNING id),
  m(resident_id, name, birth_date, sex, position, relation) AS (VALUES
    ('511703196801180159', '陈志强', DATE '1968-01-18', 'M', 1, 'self'),
    ('511703197005020263', '周丽', DATE '1970-05-02', 'F', 2, 'spouse'),
    ('51170320080930037X', '陈浩', DATE '2008-09-30', 'M', 3, 'child')),
  p AS (INSERT INTO onedoor.persons (resident_id, name, birth_date, sex)
    SELECT resident_id, name, birth_date, sex FROM m RETURNING id, resident_id)
INSERT INTO onedoor.household_members (household_id, person_id, position, relation)
SELECT h.id, p.id, m.position, m.relation FROM h, p JOIN m USING (resident_id);
INSERT INTO onedoor.applications (application_no, household_id, centre_code, request_id, created_by, created_at)
SELECT 'ADEMO-003', id, centre_code, gen_random_uuid(), created_by, now() - interval '8 hours'
FROM onedoor.households WHERE household_no = 'HDEMO-003';
WITH h AS (INSERT INTO onedoor.households (household_no, centre_code, hukou, created_by)
  VALUES ('HDEMO-004', '511703001', 'rural', 'demo_clerk1') RETURNING id),
  m(resident_id, name, birth_date, sex, position, relation) AS (VALUES
    ('511703195208110286', '赵桂兰', DATE '1952-08-11', 'F', 1, 'self')),
  p AS (INSERT INTO onedoor.persons (resident_id, name, birth_date, sex)
    SELECT resident_id, name, birth_date, sex FROM m RETURNING id, resident_id)
INSERT INTO onedoor.household_members (household_id, person_id, position, relation)
SELECT h.id, p.id, m.position, m.relation FROM h, p JOIN m USING (resident_id);
INSERT INTO onedoor.applications (application_no, household_id, centre_code, request_id, created_by, created_at)
SELECT 'ADEMO-004', id, centre_code, gen_random_uuid(), created_by, now() - interval '7 hours'
FROM onedoor.households WHERE household_no = 'HDEMO-004';
WITH h AS (INSERT INTO onedoor.households (household_no, centre_code, hukou, created_by)
  VALUES ('HDEMO-005', '511703001', 'urban', 'demo_clerk1') RETURNING id),
  m(resident_id, name, birth_date, sex, position, relation) AS (VALUES
    ('511703199001010198', '孙伟', DATE '1990-01-01', 'M', 1, 'self'),
    ('511703201806200423', '孙小雨', DATE '2018-06-20', 'F', 2, 'child')),
  p AS (INSERT INTO onedoor.persons (resident_id, name, birth_date, sex)
    SELECT resident_id, name, birth_date, sex FROM m RETURNING id, resident_id)
INSERT INTO onedoor.household_members (household_id, person_id, position, relation)
SELECT h.id, p.id, m.position, m.relation FROM h, p JOIN m USING (resident_id);
INSERT INTO onedoor.applications (application_no, household_id, centre_code, request_id, created_by, created_at)
SELECT 'ADEMO-005', id, centre_code, gen_random_uuid(), created_by, now() - interval '6 hours'
FROM onedoor.households WHERE household_no = 'HDEMO-005';
WITH h AS (INSERT INTO onedoor.households (household_no, centre_code, hukou, created_by)
  VALUES ('HDEMO-006', '511703102', 'rural', 'demo_clerk2') RETURNING id),
  m(resident_id, name, birth_date, sex, position, relation) AS (VALUES
    ('511703196003150174', '吴大山', DATE '1960-03-15', 'M', 1, 'self'),
    ('511703196210090485', '郑秋菊', DATE '1962-10-09', 'F', 2, 'spouse')),
  p AS (INSERT INTO onedoor.persons (resident_id, name, birth_date, sex)
    SELECT resident_id, name, birth_date, sex FROM m RETURNING id, resident_id)
INSERT INTO onedoor.household_members (household_id, person_id, position, relation)
SELECT h.id, p.id, m.position, m.relation FROM h, p JOIN m USING (resident_id);
INSERT INTO onedoor.applications (application_no, household_id, centre_code, request_id, created_by, created_at)
SELECT 'ADEMO-006', id, centre_code, gen_random_uuid(), created_by, now() - interval '5 hours'
FROM onedoor.households WHERE household_no = 'HDEMO-006';
WITH h AS (INSERT INTO onedoor.households (household_no, centre_code, hukou, created_by)
  VALUES ('HDEMO-007', '511703102', 'rural', 'demo_clerk2') RETURNING id),
  m(resident_id, name, birth_date, sex, position, relation) AS (VALUES
    ('511703201205060533', '马小龙', DATE '2012-05-06', 'M', 1, 'self'),
    ('511703194007220556', '马德福', DATE '1940-07-22', 'M', 2, 'grandparent')),
  p AS (INSERT INTO onedoor.persons (resident_id, name, birth_date, sex)
    SELECT resident_id, name, birth_date, sex FROM m RETURNING id, resident_id)
INSERT INTO onedoor.household_members (household_id, person_id, position, relation)
SELECT h.id, p.id, m.position, m.relation FROM h, p JOIN m USING (resident_id);
INSERT INTO onedoor.applications (application_no, household_id, centre_code, request_id, created_by, created_at)
SELECT 'ADEMO-007', id, centre_code, gen_random_uuid(), created_by, now() - interval '4 hours'
FROM onedoor.households WHERE household_no = 'HDEMO-007';
WITH h AS (INSERT INTO onedoor.households (household_no, centre_code, hukou, created_by)
  VALUES ('HDEMO-008', '511703102', 'rural', 'demo_clerk2') RETURNING id),
  m(resident_id, name, birth_date, sex, position, relation) AS (VALUES
    ('511703197902280647', '胡春梅', DATE '1979-02-28', 'F', 1, 'self'),
    ('511703200504170711', '胡明', DATE '2005-04-17', 'M', 2, 'child'),
    ('511703201008120736', '胡亮', DATE '2010-08-12', 'M', 3, 'child')),
  p AS (INSERT INTO onedoor.persons (resident_id, name, birth_date, sex)
    SELECT resident_id, name, birth_date, sex FROM m RETURNING id, resident_id)
INSERT INTO onedoor.household_members (household_id, person_id, position, relation)
SELECT h.id, p.id, m.position, m.relation FROM h, p JOIN m USING (resident_id);
INSERT INTO onedoor.applications (application_no, household_id, centre_code, request_id, created_by, created_at)
SELECT 'ADEMO-008', id, centre_code, gen_random_uuid(), created_by, now() - interval '3 hours'
FROM onedoor.households WHERE household_no = 'HDEMO-008';
WITH h AS (INSERT INTO onedoor.households (household_no, centre_code, hukou, created_by)
  VALUES ('HDEMO-009', '511703102', 'urban', 'demo_clerk2') RETURNING id),
  m(resident_id, name, birth_date, sex, position, relation) AS (VALUES
    ('51170319550909075X', '林国栋', DATE '1955-09-09', 'M', 1, 'self')),
  p AS (INSERT INTO onedoor.persons (resident_id, name, birth_date, sex)
    SELECT resident_id, name, birth_date, sex FROM m RETURNING id, resident_id)
INSERT INTO onedoor.household_members (household_id, person_id, position, relation)
SELECT h.id, p.id, m.position, m.relation FROM h, p JOIN m USING (resident_id);
INSERT INTO onedoor.applications (application_no, household_id, centre_code, request_id, created_by, created_at)
SELECT 'ADEMO-009', id, centre_code, gen_random_uuid(), created_by, now() - interval '2 hours'
FROM onedoor.households WHERE household_no = 'HDEMO-009';
WITH h AS (INSERT INTO onedoor.households (household_no, centre_code, hukou, created_by)
  VALUES ('HDEMO-010', '511703102', 'rural', 'demo_clerk2') RETURNING id),
  m(resident_id, name, birth_date, sex, position, relation) AS (VALUES
    ('511703198811230868', '何玉珍', DATE '1988-11-23', 'F', 1, 'self'),
    ('51170319851007091X', '黄志刚', DATE '1985-10-07', 'M', 2, 'spouse'),
    ('511703201603030823', '黄欣怡', DATE '2016-03-03', 'F', 3, 'child'),
    ('511703202006160931', '黄宇轩', DATE '2020-06-16', 'M', 4, 'child')),
  p AS (INSERT INTO onedoor.persons (resident_id, name, birth_date, sex)
    SELECT resident_id, name, birth_date, sex FROM m RETURNING id, resident_id)
INSERT INTO onedoor.household_members (household_id, person_id, position, relation)
SELECT h.id, p.id, m.position, m.relation FROM h, p JOIN m USING (resident_id);
INSERT INTO onedoor.applications (application_no, household_id, centre_code, request_id, created_by, created_at)
SELECT 'ADEMO-010', id, centre_code, gen_random_uuid(), created_by, now() - interval '1 hours'
FROM onedoor.households WHERE household_no = 'HDEMO-010';
