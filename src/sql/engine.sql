-- engine.sql: the SQL functions of the server module
-- onedoor_engine (src/pgext; Debian package postgresql-15-onedoor): the
-- matching engine, and the audit entry's diff of a changed row.
--
-- Run by `onedoor-admin init` and `migrate` on a superuser session after
-- the migrations (a C function can only be created by a superuser), every
-- time: CREATE OR REPLACE keeps it current with the module.  The module is
-- found through dynamic_library_path (by default the server's own library
-- folder, where the package installs it; the test and demo clusters put
-- the build tree's copy first).  The functions then belong to the schema
-- owner, like everything else in the schema.
--
-- STABLE: they read the catalogue tables.  PARALLEL SAFE: each parallel
-- worker reads and caches the catalogue for itself and writes nothing.

CREATE OR REPLACE FUNCTION onedoor.engine_match(p_facts jsonb, p_as_of date)
RETURNS jsonb LANGUAGE c STABLE STRICT PARALLEL SAFE
AS 'onedoor_engine', 'onedoor_engine_match';
COMMENT ON FUNCTION onedoor.engine_match(jsonb, date) IS
	'The benefit menu of a household document as of a date: the JSON of onedoor match --format json';

CREATE OR REPLACE FUNCTION onedoor.engine_item(p_facts jsonb, p_item text, p_as_of date)
RETURNS jsonb LANGUAGE c STABLE STRICT PARALLEL SAFE
AS 'onedoor_engine', 'onedoor_engine_item';
COMMENT ON FUNCTION onedoor.engine_item(jsonb, text, date) IS
	'One item of the benefit menu of a household document as of a date';

-- What discover records for one household (0046_discover_in_db.sql); facts
-- it cannot read are counted, not an error.  COST: a call is worth far more
-- than an operator, so that the planner hands a large run to parallel
-- workers.
CREATE OR REPLACE FUNCTION onedoor.engine_findings(p_facts jsonb, p_as_of date,
						   p_applied text[])
RETURNS onedoor.engine_finding LANGUAGE c STABLE PARALLEL SAFE COST 5000
AS 'onedoor_engine', 'onedoor_engine_findings';
COMMENT ON FUNCTION onedoor.engine_findings(jsonb, date, text[]) IS
	'What onedoor-admin discover records for a household document as of a date';

-- One household's findings as of a date, on its stored rows (the document
-- of household_doc, 0045) with the items it has applied for (cases neither
-- refused nor withdrawn).  A SQL function that is not inlined (SET), so
-- that `discover` can call it per household from parallel workers: the
-- correlated subqueries run inside it, where PostgreSQL 15 allows them.
-- The document is written out here rather than calling household_doc: a
-- SQL function called from inside another is parsed and planned again on
-- every call, which made discovery ten times slower.  Caller's rights: a
-- run covers the households the caller may read.
CREATE OR REPLACE FUNCTION onedoor.discover_household(p_household_id bigint, p_as_of date)
RETURNS onedoor.engine_finding LANGUAGE sql STABLE PARALLEL SAFE COST 5000
SET search_path = onedoor, pg_temp AS $$
	SELECT onedoor.engine_findings(
		jsonb_build_object('region', c.county, 'hukou', h.hukou, 'facts', h.facts,
			'members', coalesce((
				SELECT jsonb_agg(jsonb_build_object('resident_id', p.resident_id,
					'name', p.name, 'relation', m.relation, 'facts', p.facts)
					ORDER BY m.position)
				FROM onedoor.household_members m
				JOIN onedoor.persons p ON p.id = m.person_id
				WHERE m.household_id = h.id), '[]')),
		p_as_of,
		(SELECT array_agg(DISTINCT k.item_code) FROM onedoor.cases k
		 WHERE k.household_id = h.id AND k.stage NOT IN ('refused', 'withdrawn')))
	FROM onedoor.households h JOIN onedoor.centres c ON c.code = h.centre_code
	WHERE h.id = p_household_id
$$;

DO $$
DECLARE
	owner name := (SELECT r.rolname FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner
			WHERE n.nspname = 'onedoor');
	f text;
BEGIN
	FOREACH f IN ARRAY ARRAY['onedoor.engine_match(jsonb, date)',
				 'onedoor.engine_item(jsonb, text, date)',
				 'onedoor.engine_findings(jsonb, date, text[])'] LOOP
		EXECUTE format('ALTER FUNCTION %s OWNER TO %I', f, owner);
		EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
		EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO onedoor_clerk, onedoor_verifier, '
			       'onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin', f);
	END LOOP;
	-- Discovery reads every household: for the administrator only.
	EXECUTE format('ALTER FUNCTION onedoor.discover_household(bigint, date) OWNER TO %I', owner);
	REVOKE ALL ON FUNCTION onedoor.discover_household(bigint, date) FROM PUBLIC;
	GRANT EXECUTE ON FUNCTION onedoor.discover_household(bigint, date) TO onedoor_admin;
END $$;

-- What an audit entry keeps of a changed row (a stage transition's before
-- and after): the members of p_from that p_to lacks or has otherwise, and
-- those named in p_keep.  0088_transition_audit_changes.sql created it in
-- PL/pgSQL; the module's C (src/pgext/pg_audit.c) gives the same answers
-- (tests/db/audit_changes.sh compares them) in a fifth of the time, and
-- this replaces that body after every migrate.  Privileges stay as 0088
-- set them (no one but the schema owner's functions calls it).
CREATE OR REPLACE FUNCTION onedoor.audit_changes(p_from jsonb, p_to jsonb, p_keep text[])
RETURNS jsonb LANGUAGE c IMMUTABLE PARALLEL SAFE
AS 'onedoor_engine', 'onedoor_audit_changes';
