-- 0015_decisions: what the department approver decided for a case.
--
-- One decision per case (a case is one item for one household or member):
-- granted with an amount and a start month, or refused.  The amount is per
-- month when the item pays monthly and the total when it pays once; the
-- engine's amount on the verified facts is kept beside it, so a changed
-- amount is visible and must carry a reason.  Payment rolls and the
-- lifecycle of a benefit start from this row.
--
-- Decisions are facts of record: they are written only by the approver's
-- SECURITY DEFINER function (never by a client role) and never changed or
-- removed afterwards (a trigger refuses UPDATE and DELETE, also for the
-- owner).  A decision is readable wherever its case is readable.
CREATE TABLE onedoor.decisions (
	id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	case_id           bigint NOT NULL UNIQUE REFERENCES onedoor.cases,
	item_code         text NOT NULL,
	outcome           text NOT NULL CHECK (outcome IN ('granted', 'refused')),
	-- Per month when period = 'monthly', the total when 'once'.
	amount_fen        bigint CHECK (amount_fen >= 0),
	period            text NOT NULL CHECK (period IN ('monthly', 'once')),
	start_month       date CHECK (start_month = date_trunc('month', start_month)::date),
	-- What the engine computed on the verified facts (NULL: no amount rule).
	engine_amount_fen bigint,
	reason            text,
	phrase            text NOT NULL,   -- the standard phrase: 同意救助, 不予救助
	decided_by        name NOT NULL,
	decided_on        date NOT NULL,
	at                timestamptz NOT NULL,
	request_id        uuid NOT NULL,
	CHECK (outcome <> 'granted' OR (amount_fen IS NOT NULL AND start_month IS NOT NULL)),
	-- A refusal always says why; an amount other than the engine's too.
	CHECK (outcome <> 'refused' OR btrim(coalesce(reason, '')) <> ''),
	CHECK (amount_fen IS NOT DISTINCT FROM engine_amount_fen OR engine_amount_fen IS NULL
	       OR btrim(coalesce(reason, '')) <> '')
);

-- Trigger for records of the case file that are written once (decisions,
-- verification reports, notices): UPDATE, DELETE and TRUNCATE raise, for
-- the owner too.
CREATE FUNCTION onedoor.record_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '% rows are never changed or removed', TG_TABLE_NAME
		USING ERRCODE = '55000';
END $$;
REVOKE ALL ON FUNCTION onedoor.record_immutable() FROM PUBLIC;
CREATE TRIGGER decisions_immutable BEFORE UPDATE OR DELETE ON onedoor.decisions
	FOR EACH ROW EXECUTE FUNCTION onedoor.record_immutable();
CREATE TRIGGER decisions_no_truncate BEFORE TRUNCATE ON onedoor.decisions
	FOR EACH STATEMENT EXECUTE FUNCTION onedoor.record_immutable();

-- Readable where the case is: the cases policy decides (0007_security.sql).
ALTER TABLE onedoor.decisions ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_read ON onedoor.decisions FOR SELECT USING (
	EXISTS (SELECT 1 FROM onedoor.cases c WHERE c.id = onedoor.decisions.case_id));
REVOKE ALL ON onedoor.decisions FROM PUBLIC;
GRANT SELECT ON onedoor.decisions TO onedoor_clerk, onedoor_verifier, onedoor_supervisor,
	onedoor_approver, onedoor_auditor, onedoor_admin;
