-- 0094_audit_supervisor_scope: a county supervisor's page of the audit
-- trail checks each entry's person against a list made once per page.
--
-- Why.  A supervisor reads what their county's staff did (0042_audit_
-- browser.sql).  The page asked audit_may_see_actor for every entry it
-- walked past, newest first: two lookups of the staff table per entry, and
-- the entries of the other counties' staff are most of what it walks (a
-- county's 120 staff of a province's 3,000 leave one entry in 25).
-- Measured at 10,000,000 entries with the 3,000 staff registered
-- (bench_accountability): the supervisor's first page 392 ms of server CPU,
-- their county's views of personal data 530 ms, against 20 ms.
--
-- Now audit_actors_seen gives, once per call, the logins the caller may
-- read: their county's staff (bound to the county or at one of its
-- centres: two joins, not a look at the county's centres per staff
-- member) for a supervisor, NULL (everyone) for the discipline commission
-- and administrators, none for anyone else.  The page compares each entry's
-- person with that list (a comparison of names, no query); a supervisor
-- who asks for a person of another county, or whose county has no staff,
-- gets an empty page without walking the trail.
-- audit_may_see_actor (0042's, its only definition), which the entry's
-- detail (audit_entry) asks, is the same list's answer, so the rule has
-- one home.  Same rows as before: db/audit_browse_pages reads every
-- combination of filters as the county's supervisor too.
--
-- audit_browse is 0092_audit_views_at.sql's (its newest definition)
-- carried whole with the list in place of the per-entry question.

CREATE FUNCTION onedoor.audit_actors_seen() RETURNS name[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT CASE (SELECT s.role_group FROM onedoor.staff s
		     WHERE s.role_name = session_user AND s.active)
		WHEN 'auditor' THEN NULL
		WHEN 'admin' THEN NULL
		WHEN 'supervisor' THEN ARRAY(
			SELECT a.role_name FROM onedoor.staff me, onedoor.staff a
			WHERE me.role_name = session_user AND a.county = me.county
			UNION
			SELECT a.role_name FROM onedoor.staff me, onedoor.centres c, onedoor.staff a
			WHERE me.role_name = session_user AND c.county = me.county
			  AND a.centre_code = c.code)
		ELSE '{}'::name[] END
$$;

CREATE OR REPLACE FUNCTION onedoor.audit_may_see_actor(p_actor name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT CASE WHEN x.seen IS NULL THEN true ELSE coalesce(p_actor = ANY (x.seen), false) END
	FROM (SELECT onedoor.audit_actors_seen() AS seen) x
$$;

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
	seen name[] := onedoor.audit_actors_seen();
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
	IF NOT everyone AND (cardinality(seen) = 0 OR p_actor <> ALL (seen)) THEN
		-- nobody of the county, or a person of another county: nothing
		-- to read, and no need to walk the trail to say so
		RETURN;
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
			  AND (everyone OR a.actor = ANY (seen))
			ORDER BY a.at DESC, a.seq DESC LIMIT n);
	ELSIF p_actor IS NOT NULL AND p_kind = 'view' THEN
		page := ARRAY(SELECT a FROM onedoor.audit_log a
			WHERE a.actor = p_actor AND onedoor.audit_kind(a.action) = 'view'
			  AND (p_object_type IS NULL OR a.object_type = p_object_type)
			  AND (p_object_id IS NULL OR a.object_id = p_object_id)
			  AND a.at >= lo AND a.at <= up_at AND (a.at, a.seq) < (up_at, up_seq)
			  AND (everyone OR a.actor = ANY (seen))
			ORDER BY a.at DESC, a.seq DESC LIMIT n);
	ELSIF p_actor IS NOT NULL THEN
		page := ARRAY(SELECT a FROM onedoor.audit_log a
			WHERE a.actor = p_actor
			  AND (p_object_type IS NULL OR a.object_type = p_object_type)
			  AND (p_object_id IS NULL OR a.object_id = p_object_id)
			  AND (p_kind IS NULL OR onedoor.audit_kind(a.action) = p_kind)
			  AND a.at >= lo AND a.at <= up_at AND (a.at, a.seq) < (up_at, up_seq)
			  AND (everyone OR a.actor = ANY (seen))
			ORDER BY a.at DESC, a.seq DESC LIMIT n);
	ELSIF p_kind = 'view' THEN
		page := ARRAY(SELECT a FROM onedoor.audit_log a
			WHERE onedoor.audit_kind(a.action) = 'view'
			  AND (p_object_type IS NULL OR a.object_type = p_object_type)
			  AND (p_object_id IS NULL OR a.object_id = p_object_id)
			  AND a.at >= lo AND a.at <= up_at AND (a.at, a.seq) < (up_at, up_seq)
			  AND (everyone OR a.actor = ANY (seen))
			ORDER BY a.at DESC, a.seq DESC LIMIT n);
	ELSE
		page := ARRAY(SELECT a FROM onedoor.audit_log a
			WHERE (p_object_type IS NULL OR a.object_type = p_object_type)
			  AND (p_object_id IS NULL OR a.object_id = p_object_id)
			  AND (p_kind IS NULL OR onedoor.audit_kind(a.action) = p_kind)
			  AND a.at >= lo AND a.at <= up_at AND (a.at, a.seq) < (up_at, up_seq)
			  AND (everyone OR a.actor = ANY (seen))
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

REVOKE ALL ON FUNCTION onedoor.audit_actors_seen() FROM PUBLIC;
