-- 0004_audit: the tamper-evident audit trail (全程留痕).
--
-- Every write appends here in the same transaction: who (session_user and
-- staff group), when (clock_timestamp()), from where (application_name,
-- client address), under which client request id and transaction, what
-- object, and its state before and after.  No role may change a row: client
-- roles have no privilege on the table, and triggers raise on UPDATE,
-- DELETE and TRUNCATE for everyone, the owner included.
--
-- Tamper evidence: each entry carries hash = sha256 of its position, the
-- previous entry's hash and the sha256 of its canonical content encoding.
-- Splitting it so lets the content digest, the costly part, be computed
-- before the chain is locked.  The chain must not fork when writers run concurrently, so the
-- position and the previous hash are taken from the one-row audit_head
-- under pg_advisory_xact_lock and a row lock, both held until commit: the
-- next writer waits, then reads the head this one left.  Writers call
-- audit_append as their last step so the lock is held only for the commit.
-- `onedoor-admin audit verify` recomputes every hash (audit_entry_hash) and
-- reports the first link that does not match.

CREATE TABLE onedoor.audit_log (
	pos              bigint PRIMARY KEY,
	at               timestamptz NOT NULL,
	actor            name NOT NULL,
	actor_group      text,
	application_name text,
	client_addr      inet,
	txid             bigint NOT NULL,
	request_id       uuid,
	object_type      text NOT NULL,
	object_id        text NOT NULL,
	action           text NOT NULL,
	before           jsonb,
	after            jsonb,
	prev_hash        bytea NOT NULL,
	hash             bytea NOT NULL
);
CREATE INDEX audit_log_object ON onedoor.audit_log (object_type, object_id);

CREATE TABLE onedoor.audit_head (
	only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
	pos      bigint NOT NULL,
	hash     bytea NOT NULL
);
-- The genesis link: 32 zero bytes.
INSERT INTO onedoor.audit_head (pos, hash) VALUES (0, decode(repeat('00', 32), 'hex'));

-- The canonical content encoding is the text of a jsonb array: jsonb
-- prints its keys sorted and without insignificant spaces, so the same entry
-- always gives the same bytes whatever the session's settings; the time is
-- written in UTC with microseconds for the same reason.
CREATE FUNCTION onedoor.audit_content_hash(e onedoor.audit_log) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
	RETURN pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.jsonb_build_array(
		pg_catalog.to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
		e.actor, e.actor_group, e.application_name, e.client_addr::text, e.txid,
		e.request_id::text, e.object_type, e.object_id, e.action, e.before,
		e.after)::text, 'UTF8'));
END $$;

-- The link: position, previous hash and content digest, as text.
CREATE FUNCTION onedoor.audit_link_hash(p_pos bigint, p_prev bytea, p_content bytea)
RETURNS bytea
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
	RETURN pg_catalog.sha256(pg_catalog.convert_to(p_pos::text || ':' ||
		pg_catalog.encode(p_prev, 'hex') || ':' || pg_catalog.encode(p_content, 'hex'),
		'UTF8'));
END $$;

-- What verification recomputes for a stored entry.
CREATE FUNCTION onedoor.audit_entry_hash(e onedoor.audit_log) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
	RETURN onedoor.audit_link_hash(e.pos, e.prev_hash, onedoor.audit_content_hash(e));
END $$;

-- Appends one entry; returns its position.  The request id is passed
-- explicitly: a session setting could be set by the client itself and would
-- let it write what it likes into its own entries.  Not granted to any client role:
-- only the write functions (running as the owner) call it.
CREATE FUNCTION onedoor.audit_append(p_object_type text, p_object_id text, p_action text,
				     p_before jsonb, p_after jsonb,
				     p_request_id uuid DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	head onedoor.audit_head;
	e onedoor.audit_log;
	content bytea;
BEGIN
	-- Everything that does not depend on the chain is prepared before the
	-- lock: every writer waits for whoever holds it until that one commits.
	e.actor := session_user;
	e.actor_group := (SELECT s.role_group FROM onedoor.staff s WHERE s.role_name = session_user);
	e.application_name := current_setting('application_name', true);
	e.client_addr := inet_client_addr();
	e.txid := txid_current();
	e.request_id := p_request_id;
	e.object_type := p_object_type;
	e.object_id := p_object_id;
	e.action := p_action;
	e.before := p_before;
	e.after := p_after;
	e.at := clock_timestamp();
	content := onedoor.audit_content_hash(e);
	-- Key: "onedoor audit" as a number; any fixed bigint would do.  The
	-- advisory lock queues writers one behind the other (only the next is
	-- woken at commit), where waiting on the head row alone would wake them
	-- all to race for it.
	PERFORM pg_advisory_xact_lock(7336001);
	-- FOR UPDATE also makes a REPEATABLE READ writer fail (40001) instead
	-- of chaining onto a head it cannot see.
	SELECT * INTO head FROM onedoor.audit_head FOR UPDATE;
	e.pos := head.pos + 1;
	e.prev_hash := head.hash;
	e.hash := onedoor.audit_link_hash(e.pos, e.prev_hash, content);
	INSERT INTO onedoor.audit_log SELECT e.*;
	UPDATE onedoor.audit_head SET pos = e.pos, hash = e.hash;
	RETURN e.pos;
END $$;

CREATE FUNCTION onedoor.audit_forbid() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = '42501';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON onedoor.audit_log
	FOR EACH ROW EXECUTE FUNCTION onedoor.audit_forbid();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON onedoor.audit_log
	FOR EACH STATEMENT EXECUTE FUNCTION onedoor.audit_forbid();

-- Row trigger for tables written by code that does not call audit_append
-- itself (register_household, user administration, calendar import).
-- TG_ARGV[0] names the key column.
CREATE FUNCTION onedoor.audit_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	old_j jsonb := CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN to_jsonb(OLD) END;
	new_j jsonb := CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN to_jsonb(NEW) END;
	key text := coalesce(new_j, old_j) ->> TG_ARGV[0];
BEGIN
	IF TG_ARGV[0] = '*' THEN
		key := coalesce(new_j, old_j)::text;
	END IF;
	PERFORM onedoor.audit_append(TG_TABLE_NAME, key, lower(TG_OP), old_j, new_j,
		(coalesce(new_j, old_j) ->> 'request_id')::uuid);
	RETURN NULL;
END $$;

CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON onedoor.households
	FOR EACH ROW EXECUTE FUNCTION onedoor.audit_row('id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON onedoor.persons
	FOR EACH ROW EXECUTE FUNCTION onedoor.audit_row('id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON onedoor.household_members
	FOR EACH ROW EXECUTE FUNCTION onedoor.audit_row('*');
-- Later updates of applications are audited by the functions that make them.
CREATE TRIGGER audit_row AFTER INSERT OR DELETE ON onedoor.applications
	FOR EACH ROW EXECUTE FUNCTION onedoor.audit_row('application_no');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON onedoor.staff
	FOR EACH ROW EXECUTE FUNCTION onedoor.audit_row('role_name');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON onedoor.calendar_days
	FOR EACH ROW EXECUTE FUNCTION onedoor.audit_row('day');

REVOKE ALL ON onedoor.audit_log, onedoor.audit_head FROM PUBLIC;
GRANT SELECT ON onedoor.audit_log TO onedoor_auditor, onedoor_admin;
REVOKE ALL ON FUNCTION onedoor.audit_append(text, text, text, jsonb, jsonb, uuid),
	onedoor.audit_row(), onedoor.audit_forbid() FROM PUBLIC;
REVOKE ALL ON FUNCTION onedoor.audit_entry_hash(onedoor.audit_log) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.audit_entry_hash(onedoor.audit_log) TO onedoor_auditor,
	onedoor_admin;
