-- fixtures_audit_trail.sql - benchmark data: a trail of :rows audit entries
-- (psql -v rows=N) by 3,000 staff logins over the past year, oldest first,
-- about 1,000,000 cases and people, a tenth of each person's entries views
-- of personal data and a tenth changes of the 500 households.  Chained as the chainer would chain them: positions after
-- the head, each link hash computed by the product's own functions
-- (audit_content_hash, audit_link_hash) in one set-based statement - a
-- window aggregate carries the chain from row to row - and the head moved
-- to the last, so `audit verify` and the chainer go on from there.
-- The table's indexes are set aside while it is filled and built again
-- from their own definitions afterwards (one sort each instead of ten
-- million insertions into each): they come out packed tighter than ones
-- grown entry by entry.  Loaded as the superuser.
\set ON_ERROR_STOP 1
-- The months of the year have their partitions, as on a server that has
-- been running for a year (the chainer keeps only the months ahead).
SELECT count(*) FILTER (WHERE onedoor.audit_partition_make(m::date)) AS months_made
FROM generate_series(date_trunc('month', (now() - interval '366 days') AT TIME ZONE 'Asia/Shanghai'),
		     date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai'), interval '1 month') m \gset
-- Whatever the template left unchained goes first, as the chainer would.
SELECT onedoor.audit_chain(1000000) AS chained_before \gset
SELECT h.pos AS head_pos, '\x' || encode(h.hash, 'hex') AS head_hash,
       (SELECT coalesce(max(a.seq), 0) FROM onedoor.audit_log a) AS seq0
FROM onedoor.audit_head h \gset
-- The 500 households of fixtures_million_cases.sql (HB001 ...), whose
-- changes are a tenth of the entries (2,000 a household).
SELECT min(h.id) AS hh0 FROM onedoor.households h WHERE h.household_no LIKE 'HB%' \gset
-- The trail's 3,000 people are the clerks of those 500 centres, six each
-- (staffK at centre B(K mod 500 + 1), as the entries' terminals say), so
-- that a county's supervisor sees the 120 of their county.
SET session_replication_role = replica;
INSERT INTO onedoor.staff (role_name, full_name, role_group, centre_code)
SELECT 'staff' || k, '测试' || k, 'clerk', 'B' || lpad((k % 500 + 1)::text, 3, '0')
FROM generate_series(0, 2999) k;
RESET session_replication_role;
-- The entry as the table's row type, whatever order its columns are in.
SELECT string_agg('x.' || quote_ident(a.attname), ', ' ORDER BY a.attnum) AS entry_cols
FROM pg_attribute a
WHERE a.attrelid = 'onedoor.audit_log'::regclass AND a.attnum > 0 AND NOT a.attisdropped \gset

CREATE SCHEMA bench_chain;
-- One link of the chain: the state is the previous entry's hash.
CREATE FUNCTION bench_chain.link(p_prev bytea, p_pos bigint, p_content bytea) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	RETURN onedoor.audit_link_hash(p_pos, p_prev, p_content);
END $$;
CREATE AGGREGATE bench_chain.chain(bigint, bytea) (sfunc = bench_chain.link, stype = bytea,
	initcond = :'head_hash');

-- The indexes and the constraints behind them, to be built again (on a
-- partitioned log, the parent's: each is built again on every partition).
CREATE TEMP TABLE audit_indexes AS
SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def,
       k.conname, pg_get_constraintdef(k.oid) AS condef
FROM pg_index i
LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.conrelid = i.indrelid
WHERE i.indrelid = 'onedoor.audit_log'::regclass;
SELECT CASE WHEN conname IS NULL THEN format('DROP INDEX %s', name)
	    ELSE format('ALTER TABLE onedoor.audit_log DROP CONSTRAINT %I', conname) END
FROM audit_indexes \gexec

SET work_mem = '64MB';
INSERT INTO onedoor.audit_log (seq, pos, at, actor, actor_group, application_name, client_addr,
	txid, request_id, object_type, object_id, action, before, after, terminal_ok,
	prev_hash, hash)
SELECT y.seq, y.pos, y.at, y.actor, y.actor_group, y.application_name, y.client_addr, y.txid,
       y.request_id, y.object_type, y.object_id, y.action, y.before, y.after, y.terminal_ok,
       coalesce(lag(y.link) OVER w, :'head_hash'::bytea), y.link
FROM (
	SELECT x.*, bench_chain.chain(x.pos, onedoor.audit_content_hash(ROW(:entry_cols)::onedoor.audit_log))
		OVER w AS link
	FROM (
		SELECT :seq0 + g AS seq, :head_pos + g AS pos,
		       now() - ((:rows - g)::float8 / :rows) * interval '365 days' AS at,
		       ('staff' || (g % 3000))::name AS actor, 'clerk'::text AS actor_group,
		       'onedoor B' || lpad((g % 500 + 1)::text, 3, '0') || '-1' AS application_name,
		       NULL::inet AS client_addr, g::bigint AS txid, NULL::uuid AS request_id,
		       CASE (g / 3000) % 10 WHEN 0 THEN 'person' WHEN 5 THEN 'household'
			    ELSE 'case' END AS object_type,
		       CASE (g / 3000) % 10 WHEN 5 THEN (:hh0 + g % 500)::text
			    ELSE (g % 1000000)::text END AS object_id,
		       CASE (g / 3000) % 10 WHEN 0 THEN 'read_full_record'
			    WHEN 5 THEN 'household_change' ELSE 'verify_pass' END AS action,
		       NULL::jsonb AS before, jsonb_build_object('stage', 'supervise') AS after,
		       NULL::boolean AS terminal_ok, NULL::bytea AS prev_hash, NULL::bytea AS hash
		FROM generate_series(1, :rows) g) x
	WINDOW w AS (ORDER BY x.pos)) y
WINDOW w AS (ORDER BY y.pos);

SET maintenance_work_mem = '256MB';
-- (A partitioned index's definition reads "ON ONLY" the parent: built
-- again, it is built on every partition.)
SELECT CASE WHEN conname IS NULL THEN replace(def, ' ON ONLY ', ' ON ')
	    ELSE format('ALTER TABLE onedoor.audit_log ADD CONSTRAINT %I %s', conname, condef) END
FROM audit_indexes \gexec

UPDATE onedoor.audit_head h SET pos = a.pos, hash = a.hash
FROM onedoor.audit_log a WHERE a.pos = :head_pos + :rows;
-- Entries written from now on are numbered after these.
SELECT setval(pg_get_serial_sequence('onedoor.audit_log', 'seq'), :seq0 + :rows) AS seq_now \gset
DROP SCHEMA bench_chain CASCADE;
