-- A transaction left open for more than an hour no longer makes every
-- client re-read every 2 s.
--
-- changes_since (0059_change_feed.sql, its only earlier definition) told a
-- client "changed" whenever its snapshot's xmin was at or below the newest
-- transaction whose feed rows change_feed_prune() had dropped.  Its xmin is
-- the oldest transaction still running anywhere in the cluster: one that
-- took a transaction id and stayed open for over an hour (a long import, a
-- psql session left in a transaction) kept every snapshot's xmin below the
-- pruned rows, so every poll of every client said "changed" and every
-- screen re-read, every 2 s, until it ended.
--
-- What matters is whether a dropped row was one the client had not seen.
-- The rows dropped are committed and no newer than the horizon H.  One of
-- them was unseen by the client's snapshot only if it is at or past the
-- snapshot's xmax (then H is too, and H is not visible in the snapshot), or
-- if its transaction was still running when the snapshot was taken (then
-- it is in the snapshot's list of running transactions, at or below H, and
-- has finished since).  A transaction that is still running has no
-- committed rows to drop, so the open transaction that held the xmin back
-- is no reason to say "changed"; when it ends, the next poll says
-- "changed" once (it might have written rows that were dropped), and the
-- snapshot it gives has it no more.
CREATE OR REPLACE FUNCTION onedoor.changes_since(p_snapshot text)
RETURNS TABLE (changed boolean, snapshot text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	prev pg_catalog.pg_snapshot;
	horizon xid8;
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
	SELECT h.xid INTO horizon FROM onedoor.change_feed_horizon h;
	IF pg_catalog.pg_snapshot_xmin(prev) <= horizon
	   AND (NOT pg_catalog.pg_visible_in_snapshot(horizon, prev)
		OR EXISTS (SELECT 1 FROM pg_catalog.pg_snapshot_xip(prev) AS x(xid)
			   WHERE x.xid <= horizon
			     AND pg_catalog.pg_xact_status(x.xid) IS DISTINCT FROM 'in progress')) THEN
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
