-- 0075_audit_views_index: one person's views of personal data, newest
-- first, at ten million entries.
--
-- The audit browser's "views of one person" (audit_browse with p_actor and
-- p_kind = 'view', 0042_audit_browser.sql) walked that person's entries
-- newest first through audit_log_actor_at and read each one from the table
-- to see whether it was a view: a person whose views are a tenth of what
-- they do cost ten table reads per row shown (p95 26.6 ms on a million
-- entries against 20 ms), and one who views little, a walk through their
-- whole history.  This index holds only the views, in the order the page
-- is read, so a page is fifty index entries whatever the person did
-- besides; the other filters are served as before.  On the log partitioned
-- by month (0073_audit_partitions.sql) it is one index per partition, like
-- the others.  The predicate is
-- audit_kind's (IMMUTABLE), the same expression audit_browse filters on,
-- so the planner proves the index applies; should audit_kind ever change,
-- this index must be built again with it.
CREATE INDEX audit_log_actor_views ON onedoor.audit_log (actor, at, seq)
	WHERE onedoor.audit_kind(action) = 'view';
