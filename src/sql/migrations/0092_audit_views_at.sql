-- 0092_audit_views_at: everyone's views of personal data, newest first,
-- read from an index of the views alone.
--
-- Why.  The discipline commission's first question of the trail is who
-- looked at personal data (the browser's kind "view" without a person).
-- 0091_audit_browse_plans.sql read that page from audit_log_at, newest
-- first, and skipped every write on the way: a page costs what lies
-- between fifty views, and a period with few or no views (a night of
-- acceptances, a day range without any read) is read whole.  Measured at
-- 10,000,000 entries (bench_accountability, views in bursts among the
-- writes): 32 ms median, 50 ms p95, 35 ms of server CPU per page, against
-- 20 ms.  With this index: 0.6 ms of CPU, whatever lies between the views.
--
-- What it costs writers.  Only an entry that is a view goes into it (the
-- predicate is audit_kind's, evaluated on every entry as 0075's already
-- is); a stage transition's entry is a write and adds nothing here.  A
-- traced read of personal data adds one entry to one more index of its
-- month.  Measured (bench_workflow, run as it is, without then with this
-- index, load average 10.6 and 13.2): 964.7 and 963.4 transitions/s from
-- 50 connections, 6,208 and 6,048 WAL bytes and 0.10 and 0.10 ms of server
-- CPU per transition; a traced read of a person's record at 10,000,000
-- entries, alternately without and with it, 1.82/1.76 and 2.02/2.30 ms of
-- server CPU (the noise of this machine).  Statistics or a query shape were considered first: no order of
-- the existing indexes (by person, by object, by time) gives the views of
-- everyone newest first without reading the writes between them.
--
-- The predicate is audit_kind's, the same expression the page filters on
-- (0075_audit_views_index.sql's rule: should audit_kind ever change, both
-- indexes must be built again with it).  audit_browse (0091's, its newest
-- definition, carried whole) gains a fifth statement, the views without
-- a person or an object, which names the predicate word for word so that
-- the planner proves the index applies.
CREATE INDEX audit_log_views_at ON onedoor.audit_log (at, seq)
	WHERE onedoor.audit_kind(action) = 'view';

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
	ELSIF p_kind = 'view' THEN
		page := ARRAY(SELECT a FROM onedoor.audit_log a
			WHERE onedoor.audit_kind(a.action) = 'view'
			  AND (p_object_type IS NULL OR a.object_type = p_object_type)
			  AND (p_object_id IS NULL OR a.object_id = p_object_id)
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
