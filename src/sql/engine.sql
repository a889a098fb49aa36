-- engine.sql: the matching engine's SQL functions, from the server module
-- onedoor_engine (src/pgext; Debian package postgresql-15-onedoor).
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

DO $$
DECLARE
	owner name := (SELECT r.rolname FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner
			WHERE n.nspname = 'onedoor');
	f text;
BEGIN
	FOREACH f IN ARRAY ARRAY['onedoor.engine_match(jsonb, date)',
				 'onedoor.engine_item(jsonb, text, date)'] LOOP
		EXECUTE format('ALTER FUNCTION %s OWNER TO %I', f, owner);
		EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
		EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO onedoor_clerk, onedoor_verifier, '
			       'onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin', f);
	END LOOP;
END $$;
