-- 0083_one_off_grants_expire: a one-off grant ends with the month it is paid
-- in.
--
-- A granted decision put its benefit in force from its start month, whatever
-- its period (benefit_from_decision, 0033_benefits.sql, the only definition,
-- which this one carries whole): a one-off grant (period 'once', paid once in
-- its start month's roll) stayed "in force" for ever, so that every reader of
-- benefits had to know to leave it out (the reviews, the household's
-- "receives now").  Now its history says what it is: in force in its start
-- month, for the roll that pays it, and expired from the month after.  The
-- rolls read a month's state from that history (benefit_state_at), so the
-- start month is still paid, and retried if the bank failed it; nothing else
-- reads it as received.  One-off grants decided before are given the same
-- history.

CREATE OR REPLACE FUNCTION onedoor.benefit_from_decision() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	v_after date := (NEW.start_month + interval '1 month')::date;
BEGIN
	IF NEW.outcome = 'granted' THEN
		INSERT INTO onedoor.benefits (case_id, state, state_from, start_month, reason,
					      updated_by)
		VALUES (NEW.case_id, CASE WHEN NEW.period = 'once' THEN 'expired' ELSE 'in_force' END,
			CASE WHEN NEW.period = 'once' THEN v_after ELSE NEW.start_month END,
			NEW.start_month,
			CASE WHEN NEW.period = 'once' THEN '一次性救助：发放当月后到期' ELSE NEW.phrase END,
			NEW.decided_by);
		INSERT INTO onedoor.benefit_states (case_id, from_state, state, state_from, reason,
						    actor, request_id)
		VALUES (NEW.case_id, NULL, 'in_force', NEW.start_month, NEW.phrase, NEW.decided_by,
			NEW.request_id);
		IF NEW.period = 'once' THEN
			INSERT INTO onedoor.benefit_states (case_id, from_state, state, state_from,
							    reason, actor, request_id)
			VALUES (NEW.case_id, 'in_force', 'expired', v_after,
				'一次性救助：发放当月后到期', NEW.decided_by, NEW.request_id);
		END IF;
	END IF;
	RETURN NULL;
END $$;

-- One-off grants decided before, still in force: the same history.
INSERT INTO onedoor.benefit_states (case_id, from_state, state, state_from, reason, actor,
				    request_id)
SELECT b.case_id, 'in_force', 'expired', greatest((b.start_month + interval '1 month')::date,
						   b.state_from),
       '一次性救助：发放当月后到期', d.decided_by, d.request_id
FROM onedoor.benefits b JOIN onedoor.decisions d ON d.case_id = b.case_id
WHERE d.period = 'once' AND b.state = 'in_force';
UPDATE onedoor.benefits b SET state = 'expired',
	state_from = greatest((b.start_month + interval '1 month')::date, b.state_from),
	reason = '一次性救助：发放当月后到期', version = b.version + 1, updated_at = now()
FROM onedoor.decisions d
WHERE d.case_id = b.case_id AND d.period = 'once' AND b.state = 'in_force';
