-- 0035_sms_outbox: text messages to the applicant (银行打卡后自动将信息发至
-- 申请人手机号), written by the server when something happens and sent by
-- `onedoor-admin sms send --via COMMAND`.
--
-- Kinds: accepted (the window accepted the application), granted_monthly,
-- granted_once, refused (the department decided a case), paid,
-- payment_failed (the bank's result for a payment).  The text comes from
-- sms_templates in the household's language (facts key sms_language:
-- "en", otherwise Chinese) with {name}-style fields filled in; the number
-- is the household's `mobile` collected at the window (no number, no
-- message).  Each event is queued once: source_key is unique.
--
-- Never twice: sms_claim moves pending messages to `sending` and commits
-- before the gateway is run; only sms_record moves them on, to sent or
-- failed.  A message left in `sending` (the sender died while the gateway
-- ran) is never handed out again: its outcome is unknown and a person
-- decides (the gateway's own log says whether it left).

CREATE TABLE onedoor.sms_templates (
	kind     text NOT NULL CHECK (kind IN ('accepted', 'granted_monthly', 'granted_once',
					   'refused', 'paid', 'payment_failed')),
	language text NOT NULL CHECK (language IN ('zh_CN', 'en')),
	body     text NOT NULL CHECK (length(body) <= 500),
	PRIMARY KEY (kind, language)
);
INSERT INTO onedoor.sms_templates (kind, language, body) VALUES
	('accepted', 'zh_CN', '【社会救助】{name}，您的救助申请{application_no}已于{day}受理，可凭身份证号到便民服务中心查询办理进度。'),
	('accepted', 'en', 'Social assistance: {name}, your application {application_no} was accepted on {day}. Ask at the centre with your ID number to follow it.'),
	('granted_monthly', 'zh_CN', '【社会救助】{name}，您申请的{item}经审批{phrase}，每月{amount}元，自{month}起发放至您登记的银行账户。'),
	('granted_monthly', 'en', 'Social assistance: {name}, {item} was granted: {amount} yuan a month from {month}, paid into the account you registered.'),
	('granted_once', 'zh_CN', '【社会救助】{name}，您申请的{item}经审批{phrase}，一次性发放{amount}元至您登记的银行账户。'),
	('granted_once', 'en', 'Social assistance: {name}, {item} was granted: {amount} yuan once, paid into the account you registered.'),
	('refused', 'zh_CN', '【社会救助】{name}，您申请的{item}经审批{phrase}，原因：{reason}。如有疑问请到便民服务中心咨询。'),
	('refused', 'en', 'Social assistance: {name}, {item} was not granted: {reason}. Ask at the centre if you have questions.'),
	('paid', 'zh_CN', '【社会救助】{name}，{item}{amount}元（{months}）已发放至您尾号{account_tail}的账户。'),
	('paid', 'en', 'Social assistance: {name}, {amount} yuan of {item} ({months}) was paid into your account ending {account_tail}.'),
	('payment_failed', 'zh_CN', '【社会救助】{name}，{item}{amount}元未能发放至尾号{account_tail}的账户（{reason}），请带银行卡到便民服务中心核对账户，核对后随下月补发。'),
	('payment_failed', 'en', 'Social assistance: {name}, {amount} yuan of {item} could not be paid into your account ending {account_tail} ({reason}). Please bring your card to the centre; it will be paid with next month''s.');

CREATE TABLE onedoor.sms_outbox (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	kind         text NOT NULL,
	source_key   text NOT NULL UNIQUE,   -- the event: 'accepted:A...', 'decided:CASE', ...
	household_id bigint NOT NULL REFERENCES onedoor.households,
	case_id      bigint REFERENCES onedoor.cases,
	phone        text NOT NULL CHECK (phone ~ '^1[3-9][0-9]{9}$'),
	language     text NOT NULL,
	body         text NOT NULL,
	state        text NOT NULL DEFAULT 'pending'
			CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
	created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
	claimed_by   name,
	claimed_at   timestamptz,
	done_at      timestamptz,
	result       text,            -- the gateway's answer (first line of its output)
	CHECK ((state = 'pending') = (claimed_at IS NULL))
);
CREATE INDEX sms_outbox_pending ON onedoor.sms_outbox (id) WHERE state = 'pending';
CREATE INDEX sms_outbox_case ON onedoor.sms_outbox (case_id);

-- A message state only moves forward: pending -> sending -> sent | failed.
CREATE FUNCTION onedoor.sms_forward_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NOT ((OLD.state = 'pending' AND NEW.state = 'sending')
		OR (OLD.state = 'sending' AND NEW.state IN ('sent', 'failed'))) THEN
		RAISE EXCEPTION 'a message % cannot become %', OLD.state, NEW.state
			USING ERRCODE = '55000';
	END IF;
	IF (NEW.phone, NEW.body, NEW.source_key) IS DISTINCT FROM (OLD.phone, OLD.body, OLD.source_key) THEN
		RAISE EXCEPTION 'a queued message is not rewritten' USING ERRCODE = '55000';
	END IF;
	RETURN NEW;
END $$;
CREATE TRIGGER sms_forward_only BEFORE UPDATE ON onedoor.sms_outbox
	FOR EACH ROW EXECUTE FUNCTION onedoor.sms_forward_only();
CREATE TRIGGER sms_no_delete BEFORE DELETE ON onedoor.sms_outbox
	FOR EACH ROW EXECUTE FUNCTION onedoor.record_immutable();

-- Queues one message for an event (once per p_source).  p_params fills the
-- template's {fields}; a pair KEY_zh / KEY_en gives KEY in the household's
-- language.  Returns the message id, NULL when the household gave no
-- mobile number or the event was queued before.
CREATE FUNCTION onedoor.sms_queue(p_kind text, p_household_id bigint, p_case_id bigint,
				  p_source text, p_params jsonb) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
	h onedoor.households;
	lang text;
	suffix text;
	body text;
	kv record;
	new_id bigint;
BEGIN
	SELECT * INTO h FROM onedoor.households x WHERE x.id = p_household_id;
	IF coalesce(h.facts ->> 'mobile', '') !~ '^1[3-9][0-9]{9}$' THEN
		RETURN NULL;
	END IF;
	lang := CASE WHEN h.facts ->> 'sms_language' = 'en' THEN 'en' ELSE 'zh_CN' END;
	suffix := left(lang, 2);
	SELECT t.body INTO STRICT body FROM onedoor.sms_templates t
	WHERE t.kind = p_kind AND t.language = lang;
	FOR kv IN SELECT key, value FROM jsonb_each_text(p_params) LOOP
		IF kv.key LIKE '%\_zh' OR kv.key LIKE '%\_en' THEN
			IF right(kv.key, 2) = suffix THEN
				body := replace(body, '{' || left(kv.key, -3) || '}', coalesce(kv.value, ''));
			END IF;
		ELSE
			body := replace(body, '{' || kv.key || '}', coalesce(kv.value, ''));
		END IF;
	END LOOP;
	INSERT INTO onedoor.sms_outbox (kind, source_key, household_id, case_id, phone, language,
					body)
	VALUES (p_kind, p_source, p_household_id, p_case_id, h.facts ->> 'mobile', lang, body)
	ON CONFLICT (source_key) DO NOTHING
	RETURNING id INTO new_id;
	RETURN new_id;
END $$;

-- Yuan with two decimals from fen, exactly.
CREATE FUNCTION onedoor.fen_text(p_fen bigint) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
	SELECT CASE WHEN p_fen < 0 THEN '-' ELSE '' END || (abs(p_fen) / 100)::text || '.' ||
	       lpad((abs(p_fen) % 100)::text, 2, '0')
$$;

-- The applicant's name of a household.
CREATE FUNCTION onedoor.applicant_name(p_household_id bigint) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT p.name FROM onedoor.household_members m JOIN onedoor.persons p ON p.id = m.person_id
	WHERE m.household_id = p_household_id AND m.position = 1
$$;

-- 同意受理: one message per accepted application.
CREATE FUNCTION onedoor.sms_on_application() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
BEGIN
	PERFORM onedoor.sms_queue('accepted', NEW.household_id, NULL,
		'accepted:' || NEW.application_no,
		jsonb_build_object('name', onedoor.applicant_name(NEW.household_id),
				   'application_no', NEW.application_no,
				   'day_zh', to_char(onedoor.today(), 'FMMM"月"FMDD"日"'),
				   'day_en', to_char(onedoor.today(), 'YYYY-MM-DD')));
	RETURN NULL;
END $$;
CREATE TRIGGER sms_on_application AFTER UPDATE OF status ON onedoor.applications
	FOR EACH ROW WHEN (NEW.status = 'accepted' AND OLD.status <> 'accepted')
	EXECUTE FUNCTION onedoor.sms_on_application();

-- 同意救助 / 不同意救助: one message per decision.
CREATE FUNCTION onedoor.sms_on_decision() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	c onedoor.cases;
	i onedoor.catalogue_items;
BEGIN
	SELECT * INTO c FROM onedoor.cases x WHERE x.id = NEW.case_id;
	SELECT * INTO i FROM onedoor.catalogue_items x WHERE x.code = c.item_code;
	PERFORM onedoor.sms_queue(CASE WHEN NEW.outcome = 'refused' THEN 'refused'
				       WHEN NEW.period = 'once' THEN 'granted_once'
				       ELSE 'granted_monthly' END,
		c.household_id, c.id, 'decided:' || c.id,
		jsonb_build_object('name', onedoor.applicant_name(c.household_id),
				   'item_zh', i.name_zh, 'item_en', i.name_en,
				   'phrase', NEW.phrase, 'reason', coalesce(NEW.reason, ''),
				   'amount', coalesce(onedoor.fen_text(NEW.amount_fen), ''),
				   'month_zh', to_char(NEW.start_month, 'YYYY"年"FMMM"月"'),
				   'month_en', to_char(NEW.start_month, 'YYYY-MM')));
	RETURN NULL;
END $$;
CREATE TRIGGER sms_on_decision AFTER INSERT ON onedoor.decisions
	FOR EACH ROW EXECUTE FUNCTION onedoor.sms_on_decision();

-- Hands out up to p_limit pending messages to the caller (an administrator,
-- or the schema owner running onedoor-admin), marked `sending`.
CREATE FUNCTION onedoor.sms_claim(p_limit integer)
RETURNS TABLE (id bigint, phone text, body text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
BEGIN
	IF coalesce(onedoor.my_group(), '') <> 'admin'
	   AND session_user <> (SELECT n.nspowner::regrole::name FROM pg_namespace n
				WHERE n.nspname = 'onedoor') THEN
		RAISE EXCEPTION 'only an administrator sends the messages' USING ERRCODE = '42501';
	END IF;
	RETURN QUERY
	UPDATE onedoor.sms_outbox o SET state = 'sending', claimed_by = session_user,
		claimed_at = clock_timestamp()
	WHERE o.id IN (SELECT x.id FROM onedoor.sms_outbox x WHERE x.state = 'pending'
		       ORDER BY x.id LIMIT greatest(p_limit, 1) FOR UPDATE SKIP LOCKED)
	RETURNING o.id, o.phone, o.body;
END $$;

-- The gateway's answer for a message handed out by sms_claim to this login.
CREATE FUNCTION onedoor.sms_record(p_id bigint, p_sent boolean, p_result text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE changed int;
BEGIN
	UPDATE onedoor.sms_outbox o SET state = CASE WHEN p_sent THEN 'sent' ELSE 'failed' END,
		done_at = clock_timestamp(), result = left(p_result, 500)
	WHERE o.id = p_id AND o.state = 'sending' AND o.claimed_by = session_user;
	GET DIAGNOSTICS changed = ROW_COUNT;
	IF changed <> 1 THEN
		RAISE EXCEPTION 'message % is not being sent by %', p_id, session_user
			USING ERRCODE = '55000';
	END IF;
END $$;

ALTER TABLE onedoor.sms_outbox ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_read ON onedoor.sms_outbox FOR SELECT USING (
	EXISTS (SELECT 1 FROM onedoor.households h WHERE h.id = onedoor.sms_outbox.household_id));
REVOKE ALL ON onedoor.sms_outbox, onedoor.sms_templates FROM PUBLIC;
GRANT SELECT ON onedoor.sms_templates TO onedoor_admin, onedoor_auditor;
GRANT SELECT ON onedoor.sms_outbox TO onedoor_clerk, onedoor_supervisor, onedoor_admin,
	onedoor_auditor;
REVOKE ALL ON FUNCTION onedoor.sms_forward_only(), onedoor.sms_queue(text, bigint, bigint,
	text, jsonb), onedoor.fen_text(bigint), onedoor.applicant_name(bigint),
	onedoor.sms_on_application(), onedoor.sms_on_decision(), onedoor.sms_claim(integer),
	onedoor.sms_record(bigint, boolean, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.fen_text(bigint) TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin, onedoor_finance;
GRANT EXECUTE ON FUNCTION onedoor.sms_claim(integer), onedoor.sms_record(bigint, boolean, text)
	TO onedoor_admin;
