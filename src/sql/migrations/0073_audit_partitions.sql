-- 0073_audit_partitions: the audit log in one partition per month, and a
-- retention procedure that keeps the hash chain whole.
--
-- Why.  Every write leaves an entry of about 2 KB (before and after); a
-- province of ten million cases a year writes on the order of 100 GB of
-- trail a year against a few GB of cases.  In one table that trail can
-- only grow: nothing may be deleted from it (audit_forbid), its indexes
-- grow with it, and a year that has been archived can never leave the
-- server.  Partitioned by month (China time, when the entry was written):
--   - retention takes a whole month off the server at once (DETACH, then
--     the table is archived and dropped) instead of deleting rows, which
--     the append-only triggers refuse anyway;
--   - the browser's pages newest first (audit_browse, keyset on at, seq)
--     read the newest partitions and stop; a day range reads only its month;
--   - vacuum and index upkeep work on this month's partition, the old ones
--     are never written again.
-- By county was considered: the chain is one for the whole installation
-- (0037_audit_chainer.sql) and an audit of one person's doings crosses
-- counties, so a county split would help no read and every month would
-- still be in every county.
--
-- The chain across partitions.  Positions are given by the chainer in
-- commit order, one chain for all partitions; verification
-- (audit_verify_chunk, `onedoor-admin audit verify`, the audit screen) reads
-- the whole log in position order, whatever partition an entry lives in.
-- An entry written at 23:59:59.9 may commit after one written at 00:00:00.1
-- of the next month: positions straddle month boundaries, and nothing here
-- assumes they do not.
--
-- Retention (the procedure; only the schema owner may, nobody is granted):
--   1. `onedoor-admin audit verify --anchor FILE` (the chain whole, anchored);
--   2. SELECT onedoor.audit_retire('2020-01-01');  -- a month at least a full
--      month past, every entry chained: its links (position, previous hash,
--      content digest, hash: about 110 bytes an entry) stay in
--      onedoor.audit_links_retired,
--      the partition is detached and its name returned;
--   3. pg_dump -t onedoor.audit_log_y2020m01 to the archive medium, and keep
--      its SHA-256 with the anchor; then DROP TABLE onedoor.audit_log_y2020m01.
-- After that the chain still verifies from the genesis link: a retired
-- entry's link hash is recomputed from its kept content digest (the content
-- itself is in the archive, where each entry recomputes to that digest),
-- so a removal or rewrite of anything left is still found.  The retired
-- links are append-only like the log.
--
-- Partitions ahead.  The chainer (audit_chain, every second under `audit
-- chain --follow`) makes sure the current and the next two months have
-- their partition (created apart and then attached: ATTACH does not stop
-- writers, CREATE ... PARTITION OF would).  A default partition catches
-- entries of a month that has none, so a write never fails for want of a
-- partition; such entries stay there, verified and readable like the rest.
--
-- Existing entries are copied into the new table in one statement
-- (positions, hashes and sequence numbers unchanged).
--
-- Replaces audit_content_hash (0037_audit_chainer.sql), audit_entry_hash
-- (0004_audit.sql), the audit_trail view and audit_verify_chunk (0037) and
-- audit_chain (0037), which now batches the links of a run into one UPDATE
-- and keeps partitions ahead; each body carries every change of its newest
-- earlier definition.

CREATE TABLE onedoor.audit_log_partitioned (
	pos              bigint,
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
	prev_hash        bytea,
	hash             bytea,
	seq              bigint NOT NULL,
	terminal_ok      boolean,
	CONSTRAINT audit_log_linked_whole
		CHECK ((pos IS NULL) = (hash IS NULL) AND (pos IS NULL) = (prev_hash IS NULL))
) PARTITION BY RANGE (at);
CREATE TABLE onedoor.audit_log_default PARTITION OF onedoor.audit_log_partitioned DEFAULT;
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON onedoor.audit_log_default
	FOR EACH STATEMENT EXECUTE FUNCTION onedoor.audit_forbid();

-- The partition name of the month of p_at (China time): audit_log_y2026m11.
CREATE FUNCTION onedoor.audit_partition_name(p_month date) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT 'audit_log_' || to_char(p_month, '"y"YYYY"m"MM')
$$;

-- Makes the partition of the month of p_month unless it exists; true when
-- made.  Created apart and attached (see the header); the TRUNCATE guard is
-- per table (statement triggers are not inherited by partitions).
CREATE FUNCTION onedoor.audit_partition_make(p_month date) RETURNS boolean
LANGUAGE plpgsql SET search_path = onedoor, pg_temp SET lock_timeout = '2s' AS $$
DECLARE
	m date := date_trunc('month', p_month)::date;
	name text := onedoor.audit_partition_name(m);
	-- The partitioned log (named audit_log_partitioned while this migration runs).
	parent regclass := (SELECT c.oid FROM pg_class c
			    WHERE c.relnamespace = 'onedoor'::regnamespace AND c.relkind = 'p'
			      AND c.relname IN ('audit_log', 'audit_log_partitioned'));
	lo text := quote_literal(m::text || ' 00:00:00+08');
	hi text := quote_literal((m + interval '1 month')::date::text || ' 00:00:00+08');
BEGIN
	IF to_regclass('onedoor.' || name) IS NOT NULL THEN
		RETURN false;
	END IF;
	EXECUTE format('CREATE TABLE onedoor.%I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
		CHECK (at >= %s AND at < %s))', name, parent, lo, hi);
	EXECUTE format('ALTER TABLE %s ATTACH PARTITION onedoor.%I FOR VALUES FROM (%s) TO (%s)',
		parent, name, lo, hi);
	EXECUTE format('CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON onedoor.%I
		FOR EACH STATEMENT EXECUTE FUNCTION onedoor.audit_forbid()', name);
	RETURN true;
END $$;

-- The current month's and the next p_ahead months' partitions; returns how
-- many were made.  Called by the chainer; a failure (a lock not granted in
-- time, entries of that month already in the default partition) is a
-- warning and is tried again at the next run.
CREATE FUNCTION onedoor.audit_partitions_ahead(p_ahead integer DEFAULT 2) RETURNS integer
LANGUAGE plpgsql SET search_path = onedoor, pg_temp AS $$
DECLARE
	this_month date := date_trunc('month', clock_timestamp() AT TIME ZONE 'Asia/Shanghai')::date;
	m date;
	n integer := 0;
BEGIN
	FOR i IN 0 .. p_ahead LOOP
		m := (this_month + make_interval(months => i))::date;
		CONTINUE WHEN to_regclass('onedoor.' || onedoor.audit_partition_name(m)) IS NOT NULL;
		BEGIN
			n := n + onedoor.audit_partition_make(m)::integer;
		EXCEPTION WHEN OTHERS THEN
			RAISE WARNING 'audit log partition for % not made: %', m, SQLERRM;
		END;
	END LOOP;
	RETURN n;
END $$;

-- Every month that has entries, and the months ahead.
DO $$
DECLARE
	m date;
BEGIN
	FOR m IN SELECT DISTINCT date_trunc('month', a.at AT TIME ZONE 'Asia/Shanghai')::date
		 FROM onedoor.audit_log a ORDER BY 1 LOOP
		PERFORM onedoor.audit_partition_make(m);
	END LOOP;
	PERFORM onedoor.audit_partitions_ahead();
END $$;

INSERT INTO onedoor.audit_log_partitioned (pos, at, actor, actor_group, application_name,
	client_addr, txid, request_id, object_type, object_id, action, before, after, prev_hash,
	hash, seq, terminal_ok)
SELECT pos, at, actor, actor_group, application_name, client_addr, txid, request_id,
	object_type, object_id, action, before, after, prev_hash, hash, seq, terminal_ok
FROM onedoor.audit_log;

-- The old table and what is bound to its row type.
DROP VIEW onedoor.audit_trail;
DROP FUNCTION onedoor.audit_entry_hash(onedoor.audit_log);
DROP FUNCTION onedoor.audit_content_hash(onedoor.audit_log);
DO $$
DECLARE
	next_seq bigint := (SELECT coalesce(max(seq), 0) + 1 FROM onedoor.audit_log);
BEGIN
	DROP TABLE onedoor.audit_log;
	ALTER TABLE onedoor.audit_log_partitioned RENAME TO audit_log;
	EXECUTE format('ALTER TABLE onedoor.audit_log ALTER COLUMN seq ADD GENERATED BY DEFAULT
		AS IDENTITY (START WITH %s)', next_seq);
END $$;

-- Indexes as before (0037, 0042), each now one per partition.  The primary
-- key must include the partition key, and serves lookups by seq alone too;
-- seq stays unique by its identity, and positions by the chainer (a
-- repeated position breaks verification).  Positions are indexed once
-- given: an entry is written without one, so the writer's transaction adds
-- nothing to that index (every writer inserting into the same last page of
-- it was one of the places 50 writers queued).
ALTER TABLE onedoor.audit_log ADD PRIMARY KEY (seq, at);
CREATE INDEX audit_log_pos ON onedoor.audit_log (pos) WHERE pos IS NOT NULL;
CREATE INDEX audit_log_unchained ON onedoor.audit_log (seq) WHERE pos IS NULL;
CREATE INDEX audit_log_actor_at ON onedoor.audit_log (actor, at, seq);
CREATE INDEX audit_log_at ON onedoor.audit_log (at, seq);
CREATE INDEX audit_log_object_at ON onedoor.audit_log (object_type, object_id, at, seq);

CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON onedoor.audit_log
	FOR EACH ROW EXECUTE FUNCTION onedoor.audit_link_only();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON onedoor.audit_log
	FOR EACH ROW EXECUTE FUNCTION onedoor.audit_forbid();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON onedoor.audit_log
	FOR EACH STATEMENT EXECUTE FUNCTION onedoor.audit_forbid();
ALTER TABLE onedoor.audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_read ON onedoor.audit_log FOR SELECT USING (true);

-- The links of retired months (see the header).
CREATE TABLE onedoor.audit_links_retired (
	pos       bigint PRIMARY KEY,
	prev_hash bytea NOT NULL,
	content   bytea NOT NULL,  -- the entry's content digest (audit_content_hash)
	hash      bytea NOT NULL,
	month     date NOT NULL,  -- the partition it was in
	retired   timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER audit_links_retired_append_only BEFORE UPDATE OR DELETE
	ON onedoor.audit_links_retired FOR EACH ROW EXECUTE FUNCTION onedoor.audit_forbid();
CREATE TRIGGER audit_links_retired_no_truncate BEFORE TRUNCATE ON onedoor.audit_links_retired
	FOR EACH STATEMENT EXECUTE FUNCTION onedoor.audit_forbid();

-- 0037's content encoding, unchanged.
CREATE FUNCTION onedoor.audit_content_hash(e onedoor.audit_log) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
	RETURN pg_catalog.sha256(pg_catalog.convert_to((pg_catalog.jsonb_build_array(
		pg_catalog.to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
		e.actor, e.actor_group, e.application_name, e.client_addr::text, e.txid,
		e.request_id::text, e.object_type, e.object_id, e.action, e.before,
		e.after) || CASE WHEN e.terminal_ok IS NULL THEN '[]'::jsonb
				 ELSE pg_catalog.jsonb_build_array(e.terminal_ok) END)::text,
		'UTF8'));
END $$;

-- 0004's, unchanged.
CREATE FUNCTION onedoor.audit_entry_hash(e onedoor.audit_log) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
	RETURN onedoor.audit_link_hash(e.pos, e.prev_hash, onedoor.audit_content_hash(e));
END $$;

-- 0037's view, unchanged.
CREATE VIEW onedoor.audit_trail WITH (security_barrier) AS
SELECT a.seq, a.pos, a.at, a.actor, a.actor_group, a.application_name, a.terminal_ok,
       a.client_addr, a.txid, a.request_id, a.object_type, a.object_id, a.action,
       onedoor.audit_mask(a.before) AS before, onedoor.audit_mask(a.after) AS after
FROM onedoor.audit_log a;

-- 0037's chainer: the same links in the same order; the run's links are
-- written by one UPDATE (a row's partition found by its time) instead of
-- one per entry, and the partitions ahead are kept.
CREATE OR REPLACE FUNCTION onedoor.audit_chain(p_limit integer DEFAULT 100000) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	head onedoor.audit_head;
	e onedoor.audit_log;
	seqs bigint[] := '{}';
	ats timestamptz[] := '{}';
	poss bigint[] := '{}';
	prevs bytea[] := '{}';
	hashes bytea[] := '{}';
	n integer := 0;
BEGIN
	PERFORM onedoor.audit_partitions_ahead();
	SELECT * INTO head FROM onedoor.audit_head FOR UPDATE;
	FOR e IN SELECT * FROM onedoor.audit_log a WHERE a.pos IS NULL ORDER BY a.seq
		 LIMIT p_limit LOOP
		e.pos := head.pos + 1;
		e.prev_hash := head.hash;
		e.hash := onedoor.audit_link_hash(e.pos, e.prev_hash, onedoor.audit_content_hash(e));
		seqs := seqs || e.seq;
		ats := ats || e.at;
		poss := poss || e.pos;
		prevs := prevs || e.prev_hash;
		hashes := hashes || e.hash;
		head.pos := e.pos;
		head.hash := e.hash;
		n := n + 1;
	END LOOP;
	IF n > 0 THEN
		UPDATE onedoor.audit_log a SET pos = u.pos, prev_hash = u.prev_hash, hash = u.hash
		FROM unnest(seqs, ats, poss, prevs, hashes) AS u (seq, at, pos, prev_hash, hash)
		WHERE a.seq = u.seq AND a.at = u.at;
		UPDATE onedoor.audit_head SET pos = head.pos, hash = head.hash;
	END IF;
	RETURN n;
END $$;

-- 0037's chunk of the chain after p_after, with the retired months' links
-- in their places (their link hash recomputed from the kept digest).
CREATE OR REPLACE FUNCTION onedoor.audit_verify_chunk(p_after bigint, p_limit integer)
RETURNS TABLE (pos bigint, hash text, prev_hash text, computed text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT x.pos, x.hash, x.prev_hash, x.computed FROM (
		(SELECT r.pos, encode(r.hash, 'hex') AS hash, encode(r.prev_hash, 'hex') AS prev_hash,
			encode(onedoor.audit_link_hash(r.pos, r.prev_hash, r.content), 'hex') AS computed
		 FROM onedoor.audit_links_retired r WHERE r.pos > p_after ORDER BY r.pos LIMIT p_limit)
		UNION ALL
		(SELECT a.pos, encode(a.hash, 'hex'), encode(a.prev_hash, 'hex'),
			encode(onedoor.audit_entry_hash(a), 'hex')
		 FROM onedoor.audit_log a WHERE a.pos > p_after ORDER BY a.pos LIMIT p_limit)) x
	ORDER BY x.pos LIMIT p_limit
$$;

-- Step 2 of the retention procedure (header): keeps the month's links,
-- detaches its partition and returns the partition's name.  Refused for
-- the month now or the one before it (entries may still be written or
-- chained there), for a month without a partition of its own, and while
-- any entry of it waits for the chainer.
CREATE FUNCTION onedoor.audit_retire(p_month date) RETURNS text
LANGUAGE plpgsql SET search_path = onedoor, pg_temp AS $$
DECLARE
	m date := date_trunc('month', p_month)::date;
	name text := onedoor.audit_partition_name(m);
	this_month date := date_trunc('month', clock_timestamp() AT TIME ZONE 'Asia/Shanghai')::date;
	waiting bigint;
BEGIN
	IF m >= (this_month - interval '1 month')::date THEN
		RAISE EXCEPTION 'the audit log of % is too recent to retire: only months before %',
			to_char(m, 'YYYY-MM'), to_char(this_month - interval '1 month', 'YYYY-MM')
			USING ERRCODE = '55000';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM pg_inherits i
		       WHERE i.inhparent = 'onedoor.audit_log'::regclass
			 AND i.inhrelid = to_regclass('onedoor.' || name)) THEN
		RAISE EXCEPTION 'the audit log has no partition for % (already retired?)',
			to_char(m, 'YYYY-MM') USING ERRCODE = '55000';
	END IF;
	-- Lock the month first: an entry chained meanwhile would be missed.
	EXECUTE format('LOCK TABLE onedoor.%I IN SHARE MODE', name);
	EXECUTE format('SELECT count(*) FROM onedoor.%I WHERE pos IS NULL', name) INTO waiting;
	IF waiting > 0 THEN
		RAISE EXCEPTION '% entries of % wait for the chainer: run onedoor-admin audit chain first',
			waiting, to_char(m, 'YYYY-MM') USING ERRCODE = '55000';
	END IF;
	INSERT INTO onedoor.audit_links_retired (pos, prev_hash, content, hash, month)
	SELECT a.pos, a.prev_hash, onedoor.audit_content_hash(a), a.hash, m
	FROM onedoor.audit_log a
	WHERE a.at >= (m::timestamp AT TIME ZONE 'Asia/Shanghai')
	  AND a.at < ((m + interval '1 month') AT TIME ZONE 'Asia/Shanghai');
	EXECUTE format('ALTER TABLE onedoor.audit_log DETACH PARTITION onedoor.%I', name);
	RETURN 'onedoor.' || name;
END $$;

REVOKE ALL ON onedoor.audit_log, onedoor.audit_links_retired FROM PUBLIC;
GRANT SELECT (seq, pos, at, actor, actor_group, application_name, terminal_ok, client_addr,
	txid, request_id, object_type, object_id, action, prev_hash, hash)
	ON onedoor.audit_log TO onedoor_auditor, onedoor_admin;
GRANT SELECT ON onedoor.audit_trail TO onedoor_auditor, onedoor_admin;
REVOKE ALL ON FUNCTION onedoor.audit_entry_hash(onedoor.audit_log),
	onedoor.audit_content_hash(onedoor.audit_log), onedoor.audit_partition_name(date),
	onedoor.audit_partition_make(date), onedoor.audit_partitions_ahead(integer),
	onedoor.audit_retire(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.audit_entry_hash(onedoor.audit_log),
	onedoor.audit_content_hash(onedoor.audit_log) TO onedoor_auditor, onedoor_admin;
