-- 0034_bank_accounts: the account a household's benefits are paid into,
-- and who may read it.
--
-- The window collects it with the household (form fields bank_account and
-- bank_name, forms/household.ini); the number must not sit in
-- households.facts, which every role that sees the household reads and the
-- audit trail copies.  A trigger therefore takes both keys out of the facts
-- before the row is written and keeps them here.  Client roles read only
-- the masked number (column privileges); the whole number leaves the
-- server only in the bank file, through payments_export (finance, audited).
--
-- bank_account_valid is the rule the client's form applies
-- (src/core/bank_account.c): 10-30 digits; a 16-19-digit card number
-- beginning 3-6 carries a Luhn check digit.
-- Errors: 22023 invalid number; 42501 not the household's clerk nor its
-- county centre; P0002 no such household.

CREATE FUNCTION onedoor.luhn_valid(p_digits text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
	total int := 0;
	v int;
	n int := length(p_digits);
BEGIN
	IF p_digits !~ '^[0-9]+$' THEN
		RETURN false;
	END IF;
	FOR i IN 0..n - 1 LOOP
		v := substr(p_digits, n - i, 1)::int;
		IF i % 2 = 1 THEN
			v := v * 2;
			IF v > 9 THEN
				v := v - 9;
			END IF;
		END IF;
		total := total + v;
	END LOOP;
	RETURN total % 10 = 0;
END $$;

CREATE FUNCTION onedoor.bank_account_valid(p_account text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
	SELECT p_account ~ '^[0-9]{10,30}$'
	   AND (p_account !~ '^[3-6][0-9]{15,18}$' OR onedoor.luhn_valid(p_account))
$$;

-- As the client masks it (bank_account_mask): first and last four digits.
CREATE FUNCTION onedoor.bank_account_mask(p_account text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
	SELECT CASE WHEN length(p_account) > 8
		    THEN left(p_account, 4) || repeat('*', length(p_account) - 8) || right(p_account, 4)
		    WHEN length(p_account) >= 4
		    THEN repeat('*', length(p_account) - 4) || right(p_account, 4)
		    ELSE p_account END
$$;

CREATE TABLE onedoor.bank_accounts (
	-- Deferred: the row is written by the households trigger before the
	-- household row itself.
	household_id   bigint PRIMARY KEY REFERENCES onedoor.households
			DEFERRABLE INITIALLY DEFERRED,
	account_no     text NOT NULL CHECK (onedoor.bank_account_valid(account_no)),
	account_masked text GENERATED ALWAYS AS (onedoor.bank_account_mask(account_no)) STORED,
	bank_name      text CHECK (bank_name !~ '[[:cntrl:]]' AND length(bank_name) <= 100),
	version        integer NOT NULL DEFAULT 1,
	updated_by     name NOT NULL DEFAULT session_user,
	updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Moves bank_account and bank_name out of a household's facts.
CREATE FUNCTION onedoor.household_account_out() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	acct text := nullif(btrim(NEW.facts ->> 'bank_account'), '');
	bank text := nullif(btrim(NEW.facts ->> 'bank_name'), '');
BEGIN
	IF NOT (NEW.facts ? 'bank_account' OR NEW.facts ? 'bank_name') THEN
		RETURN NEW;
	END IF;
	NEW.facts := NEW.facts - 'bank_account' - 'bank_name';
	IF acct IS NULL THEN
		RETURN NEW;
	END IF;
	IF NOT onedoor.bank_account_valid(acct) THEN
		RAISE EXCEPTION 'bank_account: not a valid account number' USING ERRCODE = '22023';
	END IF;
	INSERT INTO onedoor.bank_accounts (household_id, account_no, bank_name)
	VALUES (NEW.id, acct, bank)
	ON CONFLICT (household_id) DO UPDATE SET account_no = EXCLUDED.account_no,
		bank_name = EXCLUDED.bank_name, version = onedoor.bank_accounts.version + 1,
		updated_by = session_user, updated_at = now();
	RETURN NEW;
END $$;
CREATE TRIGGER bank_account_out BEFORE INSERT OR UPDATE OF facts ON onedoor.households
	FOR EACH ROW EXECUTE FUNCTION onedoor.household_account_out();

-- Records (or corrects) a household's account: the clerk of its centre or
-- the supervisor of its county.  The audit trail keeps the masked number.
CREATE FUNCTION onedoor.bank_account_set(p_request_id uuid, p_household_no text,
					 p_account text, p_bank_name text)
RETURNS TABLE (household_no text, account_masked text, version integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	me onedoor.staff;
	h onedoor.households;
	acct text := regexp_replace(coalesce(p_account, ''), '[ -]', '', 'g');
	before jsonb;
	a onedoor.bank_accounts;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'bank_account_set');
	IF prev IS NULL THEN
		me := onedoor.current_staff();
		SELECT * INTO h FROM onedoor.households x WHERE x.household_no = p_household_no;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'household % not found', p_household_no USING ERRCODE = 'P0002';
		END IF;
		IF me.role_name IS NULL OR NOT (
			(me.role_group = 'clerk' AND me.centre_code = h.centre_code)
			OR (me.role_group = 'supervisor' AND me.county =
			    (SELECT c.county FROM onedoor.centres c WHERE c.code = h.centre_code))) THEN
			RAISE EXCEPTION 'only the clerk of the household''s centre or its county centre may record its account'
				USING ERRCODE = '42501';
		END IF;
		IF NOT onedoor.bank_account_valid(acct) THEN
			RAISE EXCEPTION 'bank_account: not a valid account number' USING ERRCODE = '22023';
		END IF;
		SELECT to_jsonb(x) - 'account_no' INTO before FROM onedoor.bank_accounts x
		WHERE x.household_id = h.id;
		INSERT INTO onedoor.bank_accounts AS x (household_id, account_no, bank_name)
		VALUES (h.id, acct, nullif(btrim(p_bank_name), ''))
		ON CONFLICT (household_id) DO UPDATE SET account_no = EXCLUDED.account_no,
			bank_name = coalesce(EXCLUDED.bank_name, x.bank_name), version = x.version + 1,
			updated_by = session_user, updated_at = now()
		RETURNING * INTO a;
		PERFORM onedoor.request_finish(p_request_id, 'bank_account_set',
			jsonb_build_object('household_no', h.household_no));
		PERFORM onedoor.audit_append('bank_account', h.household_no, 'set', before,
			to_jsonb(a) - 'account_no', p_request_id);
	END IF;
	RETURN QUERY SELECT x.household_no, b.account_masked, b.version
		FROM onedoor.households x JOIN onedoor.bank_accounts b ON b.household_id = x.id
		WHERE x.household_no = p_household_no;
END $$;

ALTER TABLE onedoor.bank_accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_read ON onedoor.bank_accounts FOR SELECT USING (
	EXISTS (SELECT 1 FROM onedoor.households h WHERE h.id = onedoor.bank_accounts.household_id));
REVOKE ALL ON onedoor.bank_accounts FROM PUBLIC;
-- Everything but the number itself.
GRANT SELECT (household_id, account_masked, bank_name, version, updated_by, updated_at)
	ON onedoor.bank_accounts TO onedoor_clerk, onedoor_verifier, onedoor_supervisor,
	onedoor_approver, onedoor_auditor, onedoor_admin;
REVOKE ALL ON FUNCTION onedoor.luhn_valid(text), onedoor.bank_account_valid(text),
	onedoor.bank_account_mask(text), onedoor.household_account_out(),
	onedoor.bank_account_set(uuid, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.luhn_valid(text), onedoor.bank_account_valid(text),
	onedoor.bank_account_mask(text) TO onedoor_clerk, onedoor_verifier, onedoor_supervisor,
	onedoor_approver, onedoor_auditor, onedoor_admin, onedoor_finance;
GRANT EXECUTE ON FUNCTION onedoor.bank_account_set(uuid, text, text, text)
	TO onedoor_clerk, onedoor_supervisor;
