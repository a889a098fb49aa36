-- 0060_staff_number: the staff number (工号) of each staff member, printed
-- with their name on what the applicant takes home: the receipt and the
-- decision notice (the seeds register every window person with identity,
-- photo and signature; a terminal prints the identity, not the photo).
--
-- The decision notice (notice_text, replacing 0050_decision_notice.sql's,
-- which no later migration changed) names the approver with the number:
-- "陈静（工号 D0401）"; the receipt is composed by the client, which reads
-- the clerk's number at log-in.  Screens keep plain names.  The number is
-- set by an administrator (onedoor-admin user number LOGIN NUMBER), unique,
-- and audited like every staff change (the staff table's row trigger).
ALTER TABLE onedoor.staff ADD COLUMN staff_no text
	CHECK (staff_no ~ '^[0-9A-Za-z-]{1,16}$');
CREATE UNIQUE INDEX staff_staff_no ON onedoor.staff (staff_no) WHERE staff_no IS NOT NULL;

-- A staff member as paper names them: "陈静（工号 D0401）", the name alone
-- when no number is set.  Internal, as staff_full_name (0049).
CREATE FUNCTION onedoor.staff_paper_name(p_role name) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT onedoor.staff_full_name(p_role) || coalesce((SELECT '（工号 ' || s.staff_no || '）'
		FROM onedoor.staff s WHERE s.role_name = p_role AND s.staff_no IS NOT NULL), '')
$$;
REVOKE ALL ON FUNCTION onedoor.staff_paper_name(name) FROM PUBLIC;

-- The decision notice's text: 0050_decision_notice.sql's, unchanged but for
-- the approver, now named with the staff number.
CREATE OR REPLACE FUNCTION onedoor.notice_text(d onedoor.decisions, p_notice_no text) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
	c onedoor.cases;
	i onedoor.catalogue_items;
	app onedoor.applications;
	dep onedoor.departments;
	applicant text;
	t text;
BEGIN
	SELECT * INTO c FROM onedoor.cases x WHERE x.id = d.case_id;
	SELECT * INTO i FROM onedoor.catalogue_items x WHERE x.code = c.item_code;
	SELECT * INTO app FROM onedoor.applications x WHERE x.id = c.application_id;
	SELECT * INTO dep FROM onedoor.departments x WHERE x.code = c.department;
	SELECT p.name INTO applicant FROM onedoor.household_members m
	JOIN onedoor.persons p ON p.id = m.person_id
	WHERE m.household_id = c.household_id AND m.position = 1;
	t := CASE d.outcome WHEN 'granted' THEN '救助决定书' ELSE '不予救助决定书' END || E'\n' ||
		'编号：' || p_notice_no || E'\n\n' ||
		'申请人：' || applicant || E'\n' ||
		'救助对象：' || c.subject_name || E'\n' ||
		'申请编号：' || app.application_no || '　案件编号：' || c.case_no || E'\n' ||
		'救助事项：' || i.name_zh || E'\n\n';
	IF d.outcome = 'granted' THEN
		t := t || '经审核，决定：' || d.phrase || '。' || E'\n' ||
			'救助金额：' || onedoor.fen_text(d.amount_fen) || ' 元' ||
			CASE d.period WHEN 'monthly' THEN '/月' ELSE '（一次性）' END || E'\n' ||
			CASE d.period WHEN 'monthly'
				THEN '起始月份：' || to_char(d.start_month, 'YYYY年MM月') || '起'
				ELSE '发放月份：' || to_char(d.start_month, 'YYYY年MM月') END || E'\n';
		IF d.engine_amount_fen IS NOT NULL AND d.amount_fen <> d.engine_amount_fen THEN
			t := t || '（按规则核算金额为 ' || onedoor.fen_text(d.engine_amount_fen) ||
				' 元；调整理由：' || d.reason || '）' || E'\n';
		ELSIF d.reason IS NOT NULL THEN
			t := t || '说明：' || d.reason || E'\n';
		END IF;
	ELSE
		t := t || '经审核，决定：' || d.phrase || '。' || E'\n' ||
			'理由：' || d.reason || E'\n';
	END IF;
	t := t || '依据：' || CASE WHEN btrim(i.legal_basis) = '' THEN '（未载明）'
		ELSE i.legal_basis END || E'\n\n' ||
		'如对本决定不服，可以自收到本决定书之日起六十日内依法申请行政复议，' || E'\n' ||
		'或者六个月内依法提起行政诉讼。' || E'\n\n' ||
		'决定机关：' || dep.name_zh || E'\n' ||
		'审批人：' || onedoor.staff_paper_name(d.decided_by) || E'\n' ||
		'决定日期：' || to_char(d.decided_on, 'YYYY年MM月DD日') || E'\n';
	RETURN t;
END $$;

-- An administrator sets (or, with NULL, clears) a staff number; granted to
-- administrators only, as staff_move (0022_admin_directory.sql).
CREATE FUNCTION onedoor.staff_set_number(p_role text, p_staff_no text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	v_no text := nullif(btrim(p_staff_no), '');
BEGIN
	IF v_no IS NOT NULL AND v_no !~ '^[0-9A-Za-z-]{1,16}$' THEN
		RAISE EXCEPTION 'a staff number is 1 to 16 letters, digits or hyphens, not "%"', v_no
			USING ERRCODE = '22023';
	END IF;
	IF EXISTS (SELECT 1 FROM onedoor.staff s WHERE s.staff_no = v_no
		   AND s.role_name <> p_role) THEN
		RAISE EXCEPTION 'staff number % is already given to %', v_no,
			(SELECT s.role_name FROM onedoor.staff s WHERE s.staff_no = v_no)
			USING ERRCODE = '23505';
	END IF;
	UPDATE onedoor.staff SET staff_no = v_no WHERE role_name = p_role;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no staff login %', p_role USING ERRCODE = 'P0002';
	END IF;
END $$;

REVOKE ALL ON FUNCTION onedoor.staff_set_number(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.staff_set_number(text, text) TO onedoor_admin;
