-- 0089_change_feed_one_index: the change feed's rows indexed once, by
-- transaction, instead of twice.
--
-- Why.  Every stage transition (and every warning or village report)
-- appends a change_feed row (0059_change_feed.sql), and every writer's row
-- goes to the right-hand end of each of its indexes: measured by
-- bench_workflow, where 50 connections' waits are mostly on the buffer
-- locks of the last pages every writer appends to, each index is one more
-- such page per write.  change_feed_at (at) was read by one statement
-- only: change_feed_prune's "the newest transaction among rows older than
-- an hour", once a second on the chainer's turn.  changes_since, the
-- clients' poll, reads by xid.
--
-- Now.  change_feed_prune walks the xid index from its oldest end to the
-- first row written within the hour, and drops every row below it, all of
-- them written over an hour ago (but for a transaction that wrote after a
-- later one began, whose rows then go too: their clients are told
-- "changed" by the horizon, as any client older than what was dropped is,
-- so nothing is missed, as 0059's header says).  Each turn reads what
-- became an hour old since the last one, then one row.  change_feed_at is
-- dropped: one index entry less for every write.
--
-- change_feed_prune: 0059_change_feed.sql's (its only definition), with
-- the rows to drop found by xid.
DROP INDEX onedoor.change_feed_at;

CREATE OR REPLACE FUNCTION onedoor.change_feed_prune() RETURNS bigint
LANGUAGE plpgsql SET search_path = onedoor, pg_temp AS $$
DECLARE
	n bigint;
	keep_from xid8;
	upto xid8;
BEGIN
	SELECT f.xid INTO keep_from FROM onedoor.change_feed f
	WHERE f.at >= now() - interval '1 hour' ORDER BY f.xid LIMIT 1;
	IF keep_from IS NULL THEN
		SELECT max(f.xid) INTO upto FROM onedoor.change_feed f;
	ELSE
		SELECT max(f.xid) INTO upto FROM onedoor.change_feed f WHERE f.xid < keep_from;
	END IF;
	IF upto IS NULL THEN
		RETURN 0;
	END IF;
	UPDATE onedoor.change_feed_horizon SET xid = greatest(xid, upto);
	DELETE FROM onedoor.change_feed f WHERE f.xid <= upto;
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n;
END $$;
REVOKE ALL ON FUNCTION onedoor.change_feed_prune() FROM PUBLIC;
