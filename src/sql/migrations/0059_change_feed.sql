-- 0059_change_feed: live refresh that works through a connection pool.
--
-- Why: thousands of thin clients reach the server through PgBouncer in
-- transaction mode, which hands each transaction to whichever server
-- connection is free.  LISTEN belongs to one server connection, so behind
-- the pool a client's subscription (listen_worklist, 0037_audit_chainer.sql)
-- is lost without a word.  And NOTIFY takes a cluster-wide lock at commit,
-- so every writing transaction waits its turn there.
--
-- What: every change that notify_scope announces (a case, a warning, a
-- village report) also leaves a row in change_feed: the writing
-- transaction's id and the scope (centre, department, county).  Rows are
-- only ever appended, so writers wait for nobody.  A client asks
-- changes_since(its last snapshot) when it has been idle a while: one
-- statement that says whether anything in the caller's scope became visible
-- since that snapshot, and gives the new one.  Snapshots rather than a
-- sequence: a transaction may take a lower number and commit later, and a
-- sequence cursor would skip it; "not visible in my last snapshot, visible
-- now" misses nothing and repeats nothing.  The client keeps LISTEN where it
-- works (a direct connection is told at once) and ignores what the feed
-- says when a notification already came; behind a pool the feed alone
-- refreshes it.  Sessions that do not LISTEN leave no row in listeners, so
-- notify_scope sends no NOTIFY for them: a pooled installation takes NOTIFY
-- off the commit path altogether.
--
-- Rows older than an hour are dropped by change_feed_prune(), which
-- `onedoor-admin audit chain --follow` calls on each turn; a client whose
-- snapshot is older than what was dropped is told "changed".
--
-- Replaces notify_scope (0037_audit_chainer.sql, the only earlier
-- definition): its body is kept as it was, with the feed row added.
CREATE TABLE onedoor.change_feed (
	xid         xid8 NOT NULL DEFAULT pg_catalog.pg_current_xact_id(),
	centre_code text,
	department  text,
	county      text,
	at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX change_feed_xid ON onedoor.change_feed (xid);
CREATE INDEX change_feed_at ON onedoor.change_feed (at);
ALTER TABLE onedoor.change_feed ENABLE ROW LEVEL SECURITY;
-- The oldest transaction whose rows may be gone (one row).
CREATE TABLE onedoor.change_feed_horizon (
	one     boolean PRIMARY KEY DEFAULT true CHECK (one),
	xid     xid8 NOT NULL
);
INSERT INTO onedoor.change_feed_horizon (xid) VALUES (pg_catalog.pg_current_xact_id());
ALTER TABLE onedoor.change_feed_horizon ENABLE ROW LEVEL SECURITY;

CREATE OR REPLACE FUNCTION onedoor.notify_scope(p_centre text, p_department text, p_county text,
						 p_payload text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE ch text;
BEGIN
	INSERT INTO onedoor.change_feed (centre_code, department, county)
	VALUES (p_centre, p_department, p_county);
	FOR ch IN SELECT l.channel FROM onedoor.listeners l
		  WHERE p_centre = ANY (l.centres)
		     OR (l.department = p_department
			 AND (l.dept_county IS NULL OR p_county IS NULL
			      OR l.dept_county = p_county)) LOOP
		PERFORM pg_catalog.pg_notify(ch, p_payload);
	END LOOP;
END $$;

-- Did anything in the caller's scope change since p_snapshot (the
-- snapshot this function gave last time; NULL at first: no)?  The scope is
-- the one listen_worklist follows: the caller's centres, or their
-- department (in their county, when bound to one).  Returns the new
-- snapshot to pass next time.
CREATE FUNCTION onedoor.changes_since(p_snapshot text)
RETURNS TABLE (changed boolean, snapshot text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	prev pg_catalog.pg_snapshot;
	centres text[];
	dept text;
	dept_county text;
BEGIN
	IF (onedoor.current_staff()).role_name IS NULL THEN
		RAISE EXCEPTION 'this login is not active staff' USING ERRCODE = '42501';
	END IF;
	IF p_snapshot IS NULL THEN
		RETURN QUERY SELECT false, pg_catalog.pg_current_snapshot()::text;
		RETURN;
	END IF;
	BEGIN
		prev := p_snapshot::pg_catalog.pg_snapshot;
	EXCEPTION WHEN others THEN
		RAISE EXCEPTION 'not a snapshot: %', left(p_snapshot, 40) USING ERRCODE = '22023';
	END;
	IF pg_catalog.pg_snapshot_xmin(prev) <= (SELECT h.xid FROM onedoor.change_feed_horizon h) THEN
		RETURN QUERY SELECT true, pg_catalog.pg_current_snapshot()::text;
		RETURN;
	END IF;
	centres := onedoor.my_centres();
	dept := onedoor.my_department();
	dept_county := onedoor.my_approver_county();
	RETURN QUERY SELECT EXISTS (
		SELECT 1 FROM onedoor.change_feed f
		WHERE f.xid >= pg_catalog.pg_snapshot_xmin(prev)
		  AND NOT pg_catalog.pg_visible_in_snapshot(f.xid, prev)
		  AND (f.centre_code = ANY (centres)
		       OR (f.department = dept
			   AND (dept_county IS NULL OR f.county IS NULL OR f.county = dept_county)))),
		pg_catalog.pg_current_snapshot()::text;
END $$;

-- Drops the feed's rows older than an hour (clients poll every few
-- seconds; one that slept longer is told "changed").  For the schema
-- owner's chainer turn; returns the rows dropped.
CREATE FUNCTION onedoor.change_feed_prune() RETURNS bigint
LANGUAGE plpgsql SET search_path = onedoor, pg_temp AS $$
DECLARE
	n bigint;
	upto xid8;
BEGIN
	SELECT max(f.xid) INTO upto FROM onedoor.change_feed f
	WHERE f.at < now() - interval '1 hour';
	IF upto IS NULL THEN
		RETURN 0;
	END IF;
	UPDATE onedoor.change_feed_horizon SET xid = greatest(xid, upto);
	DELETE FROM onedoor.change_feed f WHERE f.xid <= upto;
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n;
END $$;

REVOKE ALL ON FUNCTION onedoor.changes_since(text), onedoor.change_feed_prune() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.changes_since(text) TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
