-- 0042_audit_browser: the discipline commission reads the trail (全程留痕)
-- through the program, not with psql.
--
-- audit_browse pages the trail newest first with filters by person, object
-- (case, household, application ...), day range and kind (what was done,
-- or what personal data was viewed).  Keyset paging on (at, seq): the
-- caller passes the last row's at and seq to get the next page, so a page
-- deep in ten million entries costs what the first one does; the indexes
-- below serve each filter in that order.  No page is larger than 200 rows.
--
-- What the browser shows of an entry's content is audit_trail's (IDs
-- masked, facts reduced to their keys, 0037_audit_chainer.sql); the
-- person behind an entry is revealed only through the traced full-record
-- read (trace_read + person_record), which itself stands in the trail.
--
-- Scope: auditors and administrators see everything; a supervisor sees
-- what the staff of their own county did (their centres' clerks and the
-- county's verifiers, supervisors and approvers bound to it).

CREATE INDEX audit_log_actor_at ON onedoor.audit_log (actor, at, seq);
CREATE INDEX audit_log_at ON onedoor.audit_log (at, seq);
CREATE INDEX audit_log_object_at ON onedoor.audit_log (object_type, object_id, at, seq);

-- What an entry is: 'view' for a read of personal data, 'write' for
-- everything else.
CREATE FUNCTION onedoor.audit_kind(p_action text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE WHEN p_action LIKE 'read%' OR p_action IN ('status_lookup', 'register_clash')
		    THEN 'view' ELSE 'write' END
$$;

-- May the caller read what this staff member did?
CREATE FUNCTION onedoor.audit_may_see_actor(p_actor name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT CASE (SELECT s.role_group FROM onedoor.staff s
		     WHERE s.role_name = session_user AND s.active)
		WHEN 'auditor' THEN true
		WHEN 'admin' THEN true
		WHEN 'supervisor' THEN EXISTS (
			SELECT 1 FROM onedoor.staff a, onedoor.staff me
			WHERE a.role_name = p_actor AND me.role_name = session_user
			  AND (a.county = me.county
			       OR a.centre_code IN (SELECT c.code FROM onedoor.centres c
						    WHERE c.county = me.county)))
		ELSE false END
$$;

-- One page of the trail, newest first.  Every filter may be NULL.
--   p_actor        who (a login)
--   p_object_type, p_object_id   what it concerns ('case', '17' ...)
--   p_from, p_to   civil days (China time), inclusive
--   p_kind         'view' or 'write'
--   p_after_at, p_after_seq      the last row of the previous page
-- The statement is put together from the filters given (each a $n
-- parameter), so that the planner sees only the conditions that apply and
-- takes the index that serves them; a generic plan with "IS NULL OR"
-- conditions scanned the whole trail for one case's entries.
CREATE FUNCTION onedoor.audit_browse(p_actor name, p_object_type text, p_object_id text,
				     p_from date, p_to date, p_kind text,
				     p_after_at timestamptz, p_after_seq bigint, p_limit integer)
RETURNS TABLE (seq bigint, pos bigint, at timestamptz, actor name, actor_name text,
	       actor_group text, terminal text, terminal_ok boolean, object_type text,
	       object_id text, action text, kind text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	grp text := (onedoor.current_staff()).role_group;
	lo timestamptz := (p_from::timestamp AT TIME ZONE 'Asia/Shanghai');
	hi timestamptz := ((p_to + 1)::timestamp AT TIME ZONE 'Asia/Shanghai');
	cond text := '';
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
	IF p_actor IS NOT NULL THEN cond := cond || ' AND a.actor = $1'; END IF;
	IF p_object_type IS NOT NULL THEN cond := cond || ' AND a.object_type = $2'; END IF;
	IF p_object_id IS NOT NULL THEN cond := cond || ' AND a.object_id = $3'; END IF;
	IF p_from IS NOT NULL THEN cond := cond || ' AND a.at >= $4'; END IF;
	IF p_to IS NOT NULL THEN cond := cond || ' AND a.at < $5'; END IF;
	IF p_kind IS NOT NULL THEN cond := cond || ' AND onedoor.audit_kind(a.action) = $6'; END IF;
	IF p_after_at IS NOT NULL THEN cond := cond || ' AND (a.at, a.seq) < ($7, $8)'; END IF;
	IF grp = 'supervisor' THEN cond := cond || ' AND onedoor.audit_may_see_actor(a.actor)'; END IF;
	RETURN QUERY EXECUTE
		'SELECT a.seq, a.pos, a.at, a.actor, coalesce(s.full_name::text, a.actor::text),
			a.actor_group, a.application_name, a.terminal_ok, a.object_type, a.object_id,
			a.action, onedoor.audit_kind(a.action)
		 FROM onedoor.audit_log a LEFT JOIN onedoor.staff s ON s.role_name = a.actor
		 WHERE true' || cond || '
		 ORDER BY a.at DESC, a.seq DESC LIMIT $9'
	USING p_actor, p_object_type, p_object_id, lo, hi, p_kind, p_after_at, p_after_seq,
	      least(greatest(coalesce(p_limit, 50), 1), 200);
END $$;

-- One entry as the browser's detail shows it: audit_trail's masked content,
-- and the case or household it opens (case_no / household_no) when it
-- concerns one.
CREATE FUNCTION onedoor.audit_entry(p_seq bigint)
RETURNS TABLE (seq bigint, pos bigint, at timestamptz, actor name, actor_group text,
	       terminal text, terminal_ok boolean, request_id uuid, object_type text,
	       object_id text, action text, before jsonb, after jsonb, case_no text,
	       household_no text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	grp text := (onedoor.current_staff()).role_group;
BEGIN
	IF grp IS NULL OR grp NOT IN ('auditor', 'admin', 'supervisor') THEN
		RAISE EXCEPTION 'only the discipline commission, administrators and supervisors read the trail'
			USING ERRCODE = '42501';
	END IF;
	RETURN QUERY
	SELECT t.seq, t.pos, t.at, t.actor, t.actor_group, t.application_name, t.terminal_ok,
	       t.request_id, t.object_type, t.object_id, t.action, t.before, t.after,
	       (SELECT c.case_no FROM onedoor.cases c
		WHERE t.object_type IN ('case', 'cases', 'case_urges', 'decisions')
		  AND c.id::text = coalesce(t.after ->> 'case_id', t.before ->> 'case_id',
					    CASE WHEN t.object_type IN ('case', 'cases')
						 THEN t.object_id END)),
	       (SELECT h.household_no FROM onedoor.households h
		WHERE t.object_type IN ('household', 'households')
		  AND h.id::text = t.object_id)
	FROM onedoor.audit_trail t
	WHERE t.seq = p_seq
	  AND (grp <> 'supervisor' OR onedoor.audit_may_see_actor(t.actor));
END $$;

REVOKE ALL ON FUNCTION onedoor.audit_kind(text), onedoor.audit_may_see_actor(name),
	onedoor.audit_browse(name, text, text, date, date, text, timestamptz, bigint, integer),
	onedoor.audit_entry(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
	onedoor.audit_browse(name, text, text, date, date, text, timestamptz, bigint, integer),
	onedoor.audit_entry(bigint) TO onedoor_auditor, onedoor_admin, onedoor_supervisor;
