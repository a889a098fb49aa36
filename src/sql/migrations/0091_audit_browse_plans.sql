-- 0091_audit_browse_plans: the audit browser's page planned once per
-- session, each filter read by the index that serves it in the page's
-- order, and only the months the page can reach.
--
-- Why.  Measured at 10,000,000 entries (bench_accountability): one
-- person's views of personal data 27-31 ms p95, a deep page of one
-- person's history up to 32 ms, against 20 ms.  Two causes:
--   - audit_browse (0042_audit_browser.sql) put its statement together from
--     the filters given and ran it by EXECUTE, which plans at every call;
--     on the log partitioned by month (0073_audit_partitions.sql) that plan
--     weighs every index of every month's partition (about 1.4 ms of the
--     server's time per page, beside 0.9 ms of executing);
--   - the filter on what an entry is (audit_kind(action) = 'view') has no
--     statistics, so the planner guessed a person has a handful of views
--     and read all of them to sort them, instead of walking
--     0075_audit_views_index.sql's index newest first and stopping at the
--     page's last row.
-- Now the page is one of four fixed statements, chosen by the filters
-- given, in the order of the index each one walks:
--   1. a case's or household's entries (object type and id given):
--      audit_log_object_at; a person, kind or days further narrow it;
--   2. one person's views of personal data: audit_log_actor_views, whose
--      predicate the statement repeats word for word so that the planner
--      proves the index applies;
--   3. one person's entries (or writes): audit_log_actor_at;
--   4. anything else (no person, no object): audit_log_at.
-- PL/pgSQL prepares each once per session and, with plan_cache_mode =
-- force_generic_plan, keeps its plan (the client still sends one unnamed
-- parameterised statement, as PgBouncer requires; the pattern of
-- 0078_read_plans.sql's worklist_page).  enable_sort = off: each statement
-- is read in its index's order and stops after the page's rows; a generic
-- plan, which cannot know how many rows a filter leaves, must never sort a
-- person's whole year instead (the statistics object that would tell it
-- was considered: statistics on an expression of a partitioned table are
-- kept for the parent, not for each month's partition that the planner
-- estimates, and every new month would need its own).  No index was added:
-- the log's writers pay for none of this.
--
-- The object's type and id are compared in the log's collation, named:
-- a call whose person is a name (collation "C") passes its text arguments
-- in "C" too, and audit_log_object_at, in the database's collation, would
-- not serve the comparison (the page then read every month's entries).
--
-- The days and the page's keyset are one range: entries at or after the
-- first day's start (lo) and strictly before (up_at, up_seq) - the later
-- of the day after p_to and the previous page's last row.  A plain bound
-- on at beside the row comparison lets the executor leave out, before
-- reading anything, every month's partition outside the range (run-time
-- pruning of a generic plan): a deep page or a day range reads only its
-- months.
--
-- The same rows in the same order as 0042's, the same refusals, the same
-- scope (a supervisor sees their county's staff only, audit_may_see_actor).
-- The page's rows are kept whole in an array, then given their staff name:
-- one statement to write what is returned, whatever branch chose the rows.
-- Replaces 0042's audit_browse, its only earlier definition; its
-- signature, result and grants are unchanged, and audit_browse_by
-- (0062_audit_screen.sql), which pages through it, is untouched.
CREATE OR REPLACE FUNCTION onedoor.audit_browse(p_actor name, p_object_type text,
						p_object_id text, p_from date, p_to date,
						p_kind text, p_after_at timestamptz,
						p_after_seq bigint, p_limit integer)
RETURNS TABLE (seq bigint, pos bigint, at timestamptz, actor name, actor_name text,
	       actor_group text, terminal text, terminal_ok boolean, object_type text,
	       object_id text, action text, kind text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp
SET plan_cache_mode = force_generic_plan SET enable_sort = off AS $$
#variable_conflict use_column
DECLARE
	grp text := (onedoor.current_staff()).role_group;
	everyone boolean := grp IN ('auditor', 'admin');
	lo timestamptz := coalesce(p_from::timestamp AT TIME ZONE 'Asia/Shanghai', '-infinity');
	up_at timestamptz := coalesce((p_to + 1)::timestamp AT TIME ZONE 'Asia/Shanghai', 'infinity');
	up_seq bigint := -9223372036854775808;  -- below every seq: "before the day after p_to"
	n integer := least(greatest(coalesce(p_limit, 50), 1), 200);
	page onedoor.audit_log[];
BEGIN
	IF grp IS NULL OR grp NOT IN ('auditor', 'admin', 'supervisor') THEN
		RAISE EXCEPTION 'only the discipline commission, administrators and supervisors read the trail'
			USING ERRCODE = '42501';
	END IF;
	IF p_kind IS NOT NULL AND p_kind NOT IN ('view', 'write') THEN
		RAISE EXCEPTION 'unknown kind "%"', p_kind USING ERRCODE = '22023';
	END IF;
	IF (p_after_at IS NULL) <> (p_after_seq IS NULL) THEN
		RAISE EXCEPTION 'a page starts after a row: both its time and its number'
			USING ERRCODE = '22023';
	END IF;
	IF p_after_at IS NOT NULL AND p_after_at < up_at THEN
		up_at := p_after_at;
		up_seq := p_after_seq;
	END IF;
	IF p_object_type IS NOT NULL AND p_object_id IS NOT NULL THEN
		page := ARRAY(SELECT a FROM onedoor.audit_log a
			WHERE a.object_type = p_object_type COLLATE "default"
			  AND a.object_id = p_object_id COLLATE "default"
			  AND (p_actor IS NULL OR a.actor = p_actor)
			  AND (p_kind IS NULL OR onedoor.audit_kind(a.action) = p_kind)
			  AND a.at >= lo AND a.at <= up_at AND (a.at, a.seq) < (up_at, up_seq)
			  AND (everyone OR onedoor.audit_may_see_actor(a.actor))
			ORDER BY a.at DESC, a.seq DESC LIMIT n);
	ELSIF p_actor IS NOT NULL AND p_kind = 'view' THEN
		page := ARRAY(SELECT a FROM onedoor.audit_log a
			WHERE a.actor = p_actor AND onedoor.audit_kind(a.action) = 'view'
			  AND (p_object_type IS NULL OR a.object_type = p_object_type)
			  AND (p_object_id IS NULL OR a.object_id = p_object_id)
			  AND a.at >= lo AND a.at <= up_at AND (a.at, a.seq) < (up_at, up_seq)
			  AND (everyone OR onedoor.audit_may_see_actor(a.actor))
			ORDER BY a.at DESC, a.seq DESC LIMIT n);
	ELSIF p_actor IS NOT NULL THEN
		page := ARRAY(SELECT a FROM onedoor.audit_log a
			WHERE a.actor = p_actor
			  AND (p_object_type IS NULL OR a.object_type = p_object_type)
			  AND (p_object_id IS NULL OR a.object_id = p_object_id)
			  AND (p_kind IS NULL OR onedoor.audit_kind(a.action) = p_kind)
			  AND a.at >= lo AND a.at <= up_at AND (a.at, a.seq) < (up_at, up_seq)
			  AND (everyone OR onedoor.audit_may_see_actor(a.actor))
			ORDER BY a.at DESC, a.seq DESC LIMIT n);
	ELSE
		page := ARRAY(SELECT a FROM onedoor.audit_log a
			WHERE (p_object_type IS NULL OR a.object_type = p_object_type)
			  AND (p_object_id IS NULL OR a.object_id = p_object_id)
			  AND (p_kind IS NULL OR onedoor.audit_kind(a.action) = p_kind)
			  AND a.at >= lo AND a.at <= up_at AND (a.at, a.seq) < (up_at, up_seq)
			  AND (everyone OR onedoor.audit_may_see_actor(a.actor))
			ORDER BY a.at DESC, a.seq DESC LIMIT n);
	END IF;
	RETURN QUERY
	SELECT e.seq, e.pos, e.at, e.actor, coalesce(s.full_name::text, e.actor::text),
	       e.actor_group, e.application_name, e.terminal_ok, e.object_type, e.object_id,
	       e.action, onedoor.audit_kind(e.action)
	FROM unnest(page) WITH ORDINALITY e
	LEFT JOIN onedoor.staff s ON s.role_name = e.actor
	ORDER BY e.ordinality;
END $$;
