-- 0050_decision_notice: the department approver's decision on a case, with
-- amount and start month, and its decision notice (救助决定书 / 不予救助决定书).
--
-- case_decide() is the approver's one call: it moves the case through
-- case_act (approve / reject: role, scope, version, self-approval and
-- stage rules stay there, in one home), records the decision
-- (0015_decisions.sql; benefits and text messages follow from it by their
-- own triggers) and writes the notice, all in one transaction.  The
-- amount defaults to the engine's amount on the verified facts when the
-- engine provides one; another amount needs a reason.  The notice is
-- stored with its printed text and SHA-256 (in the audit trail), never
-- overwritten: a reprint is byte-identical.

CREATE TABLE onedoor.decision_notices (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	decision_id bigint NOT NULL UNIQUE REFERENCES onedoor.decisions,
	case_id     bigint NOT NULL UNIQUE REFERENCES onedoor.cases,
	notice_no   text NOT NULL UNIQUE,
	title       text NOT NULL,
	text        text NOT NULL,
	sha256      text NOT NULL,
	at          timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TRIGGER decision_notices_immutable BEFORE UPDATE OR DELETE ON onedoor.decision_notices
	FOR EACH ROW EXECUTE FUNCTION onedoor.record_immutable();
CREATE TRIGGER decision_notices_no_truncate BEFORE TRUNCATE ON onedoor.decision_notices
	FOR EACH STATEMENT EXECUTE FUNCTION onedoor.record_immutable();

-- The engine's amount (fen) for the case's item on the verified facts of
-- its latest verification report; NULL when there is no report, the item
-- does not hold on them, or it has no amount rule.
CREATE FUNCTION onedoor.engine_amount_fen(p_case_id bigint) RETURNS bigint
LANGUAGE sql STABLE AS $$
	SELECT round((x.value ->> 'amount')::numeric * 100)::bigint
	FROM (SELECT r.content FROM onedoor.verification_reports r WHERE r.case_id = p_case_id
	      ORDER BY r.version DESC LIMIT 1) l
	CROSS JOIN LATERAL jsonb_array_elements(l.content -> 'items') x
	WHERE (x.value ->> 'this_case')::boolean AND x.value ->> 'verdict' = 'eligible'
	  AND x.value ->> 'amount' ~ '^[0-9]+(\.[0-9]+)?$'
$$;

-- The notice's text, from the decision and the case.
CREATE FUNCTION onedoor.notice_text(d onedoor.decisions, p_notice_no text) RETURNS text
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
		'审批人：' || onedoor.staff_full_name(d.decided_by) || E'\n' ||
		'决定日期：' || to_char(d.decided_on, 'YYYY年MM月DD日') || E'\n';
	RETURN t;
END $$;

-- 同意救助 / 不同意救助 with the decision.  p_outcome: granted | refused.
-- p_amount_fen: per month or once as the item pays; NULL takes the
-- engine's amount (22023 when there is none).  p_start_month: the first
-- of a month; NULL is the current month.  A refusal, and an amount other
-- than the engine's, need p_reason.  Returns the decision, the notice
-- and the case's new stage and version; a retry returns the first outcome.
CREATE FUNCTION onedoor.case_decide(p_request_id uuid, p_case_id bigint, p_version integer,
				    p_outcome text, p_amount_fen bigint, p_start_month date,
				    p_reason text)
RETURNS TABLE (decision_id bigint, notice_id bigint, stage text, version integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	c onedoor.cases;
	i onedoor.catalogue_items;
	d onedoor.decisions;
	moved record;
	n onedoor.decision_notices;
	reason text := nullif(btrim(p_reason), '');
	today date := onedoor.today();
BEGIN
	prev := onedoor.request_begin(p_request_id, 'case_decide');
	IF prev IS NOT NULL THEN
		RETURN QUERY SELECT (prev ->> 'decision_id')::bigint, (prev ->> 'notice_id')::bigint,
			prev ->> 'stage', (prev ->> 'version')::int;
		RETURN;
	END IF;
	IF p_outcome IS NULL OR p_outcome NOT IN ('granted', 'refused') THEN
		RAISE EXCEPTION 'the outcome is granted or refused' USING ERRCODE = '22023';
	END IF;
	SELECT * INTO c FROM onedoor.cases x WHERE x.id = p_case_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'case % not found', p_case_id USING ERRCODE = 'P0002';
	END IF;
	SELECT * INTO i FROM onedoor.catalogue_items x WHERE x.code = c.item_code;
	d.case_id := c.id;
	d.item_code := c.item_code;
	d.outcome := p_outcome;
	d.period := i.amount_period;
	d.reason := reason;
	d.decided_by := session_user;
	d.decided_on := today;
	d.request_id := p_request_id;
	IF p_outcome = 'granted' THEN
		d.engine_amount_fen := onedoor.engine_amount_fen(c.id);
		d.amount_fen := coalesce(p_amount_fen, d.engine_amount_fen);
		IF d.amount_fen IS NULL OR d.amount_fen < 0 THEN
			RAISE EXCEPTION 'an amount is needed (the engine gives none for %)', c.item_code
				USING ERRCODE = '22023', HINT = 'amount';
		END IF;
		IF d.engine_amount_fen IS NOT NULL AND d.amount_fen <> d.engine_amount_fen
		   AND reason IS NULL THEN
			RAISE EXCEPTION 'an amount other than the engine''s % fen needs a reason',
				d.engine_amount_fen USING ERRCODE = '22023', HINT = 'reason';
		END IF;
		d.start_month := coalesce(p_start_month, date_trunc('month', today)::date);
		IF d.start_month <> date_trunc('month', d.start_month)::date THEN
			RAISE EXCEPTION 'the start month is the first day of a month'
				USING ERRCODE = '22023', HINT = 'start_month';
		END IF;
	ELSIF reason IS NULL THEN
		RAISE EXCEPTION '不同意救助 needs a reason' USING ERRCODE = '22023', HINT = 'reason';
	END IF;

	-- The stage move and all its rules; its own request id, derived, so a
	-- retry of this call finds the first move.
	SELECT * INTO moved FROM onedoor.case_act(md5(p_request_id::text || ':act')::uuid, c.id,
		p_version, CASE p_outcome WHEN 'granted' THEN 'approve' ELSE 'reject' END, reason);
	SELECT e.phrase INTO d.phrase FROM onedoor.case_events e
	WHERE e.case_id = c.id ORDER BY e.id DESC LIMIT 1;
	d.at := clock_timestamp();
	INSERT INTO onedoor.decisions (case_id, item_code, outcome, amount_fen, period,
		start_month, engine_amount_fen, reason, phrase, decided_by, decided_on, at, request_id)
	VALUES (d.case_id, d.item_code, d.outcome, d.amount_fen, d.period, d.start_month,
		d.engine_amount_fen, d.reason, d.phrase, d.decided_by, d.decided_on, d.at,
		d.request_id)
	RETURNING * INTO d;
	n.notice_no := c.case_no || '-JD';
	n.title := CASE d.outcome WHEN 'granted' THEN '救助决定书' ELSE '不予救助决定书' END;
	n.text := onedoor.notice_text(d, n.notice_no);
	n.sha256 := encode(sha256(convert_to(n.text, 'UTF8')), 'hex');
	INSERT INTO onedoor.decision_notices (decision_id, case_id, notice_no, title, text, sha256)
	VALUES (d.id, c.id, n.notice_no, n.title, n.text, n.sha256)
	RETURNING * INTO n;
	PERFORM onedoor.request_finish(p_request_id, 'case_decide', jsonb_build_object(
		'decision_id', d.id, 'notice_id', n.id, 'stage', moved.stage,
		'version', moved.version));
	PERFORM onedoor.audit_append('decision', d.id::text, 'decide', NULL,
		to_jsonb(d) || jsonb_build_object('notice_no', n.notice_no,
			'notice_sha256', n.sha256), p_request_id);
	RETURN QUERY SELECT d.id, n.id, moved.stage::text, moved.version::int;
END $$;

ALTER TABLE onedoor.decision_notices ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_read ON onedoor.decision_notices FOR SELECT USING (
	EXISTS (SELECT 1 FROM onedoor.cases c WHERE c.id = case_id));
REVOKE ALL ON onedoor.decision_notices FROM PUBLIC;
GRANT SELECT ON onedoor.decision_notices TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
REVOKE ALL ON FUNCTION onedoor.engine_amount_fen(bigint),
	onedoor.notice_text(onedoor.decisions, text),
	onedoor.case_decide(uuid, bigint, integer, text, bigint, date, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.case_decide(uuid, bigint, integer, text, bigint, date, text)
	TO onedoor_approver;
GRANT EXECUTE ON FUNCTION onedoor.engine_amount_fen(bigint)
	TO onedoor_clerk, onedoor_verifier, onedoor_supervisor, onedoor_approver,
	onedoor_auditor, onedoor_admin;
