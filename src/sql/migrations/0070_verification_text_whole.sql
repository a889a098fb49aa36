-- The report's text (0049) never comes out NULL: one part missing (a
-- difference found in a source with no record for the household, such as
-- medical costs declared and none on file, whose year is unknown) made the
-- whole text NULL, and the acceptance that generates the report failed at
-- the window.  Each part that may be missing now says so.
CREATE OR REPLACE FUNCTION onedoor.verification_text(p jsonb, p_version integer, p_at timestamptz,
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
				coalesce((SELECT string_agg(e.key || '=' || coalesce(e.value #>> '{}', ''), '，' ORDER BY e.key)
				 FROM jsonb_each(f -> 'values') e WHERE e.key <> 'resident_id'), '') ||
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
			'申报 ' || coalesce(d ->> 'declared', '未申报') || '；核对 ' ||
			coalesce(d ->> 'found', '无记录') || E'\n' ||
			'     影响：' || coalesce(d ->> 'effect', '按核对结果计算') || E'\n';
	END LOOP;
	IF n = 0 THEN
		t := t || '  无' || E'\n';
	END IF;
	RETURN t;
END $$;
