-- demo_accountability.sql: what the discipline commission and the leaders
-- look at in `make run`: last month's rolls paid by the bank (funds in the
-- statistics), an approval overdue, urged and reported (通报), and
-- complaints taken at the window and on the 12388 line, one of them closed.
-- Loaded by src/sh/devserver.sh once, after demo_payments.sql and
-- demo_county.sql, as the superuser; each step runs as the demo login whose
-- work it is, through the functions the program calls.  Only the overdue
-- clock is written directly: the demo's cases are all new.

-- Finance approves last month's submitted rolls, exports them and records
-- the bank's answer: every line paid.
SET SESSION AUTHORIZATION demo_finance;
DO $$
DECLARE
	r record;
	lines jsonb;
BEGIN
	FOR r IN SELECT x.roll_no, x.version FROM onedoor.payment_rolls x
		 WHERE x.state = 'submitted'
		   AND x.month < date_trunc('month', onedoor.today())::date
		 ORDER BY x.roll_no LOOP
		PERFORM onedoor.payments_check(gen_random_uuid(), r.roll_no, r.version, 'approve');
		SELECT jsonb_agg(jsonb_build_object('roll', e.roll_no, 'line', e.line_no::text,
			'account', e.account_no, 'amount_fen', e.total_fen::text, 'status', 'paid'))
		INTO lines FROM onedoor.payments_export(gen_random_uuid(), r.roll_no) e;
		IF lines IS NOT NULL THEN
			PERFORM onedoor.payments_record_results(gen_random_uuid(), lines);
		END IF;
	END LOOP;
END $$;
RESET SESSION AUTHORIZATION;

-- The approval waiting on ADEMO-001-01 is made two working days late.
UPDATE onedoor.cases SET stage_entered_on = onedoor.today() - 9,
	stage_warn_from = onedoor.today() - 4, stage_due = onedoor.today() - 2
WHERE case_no = 'ADEMO-001-01' AND stage = 'approve';

SET SESSION AUTHORIZATION demo_supervisor;
SELECT onedoor.case_urge(gen_random_uuid(), c.id, 'urge',
	'审批已超期两个工作日，请今日内作出决定') FROM onedoor.cases c WHERE c.case_no = 'ADEMO-001-01';
SELECT onedoor.case_urge(gen_random_uuid(), c.id, 'report',
	'审批超期未办，经催办仍未作出决定', 'demo_approver')
FROM onedoor.cases c WHERE c.case_no = 'ADEMO-001-01';
SELECT onedoor.complaint_record(gen_random_uuid(), '{"channel": "hotline",
	"complainant": "王大山", "phone": "13980001099", "about_centre": "511703102",
	"body": "12388 来电：石桥镇窗口午休时间无人值守，群众等候一小时"}');
RESET SESSION AUTHORIZATION;

SET SESSION AUTHORIZATION demo_clerk1;
SELECT onedoor.complaint_record(gen_random_uuid(), '{"channel": "window",
	"complainant": "杨建国", "case_no": "ADEMO-001-01",
	"body": "低保申请已过审批期限，至今没有结果"}');
RESET SESSION AUTHORIZATION;

SET SESSION AUTHORIZATION demo_auditor;
SELECT onedoor.complaint_close(gen_random_uuid(), k.complaint_no, k.version, 'upheld',
	'经查属实，已约谈石桥镇便民服务中心负责人，午休实行轮班')
FROM onedoor.complaints k WHERE k.channel = 'hotline';
RESET SESSION AUTHORIZATION;
