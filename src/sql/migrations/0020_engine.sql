-- 0020_engine: what the matching engine inside the server needs around it.
--
-- The engine itself (onedoor.engine_match / engine_item, C functions of the
-- server module onedoor_engine, Debian package postgresql-15-onedoor) is
-- created by `onedoor-admin init` or `migrate` on a superuser session
-- (src/sql/engine.sql): creating a C function needs a superuser, and
-- migrations run as the schema owner.  Here, as the owner:
--   * catalogue versions, so that every backend's cached catalogue is
--     replaced when a new catalogue is imported;
--   * the household document the engine reads, built from the stored rows;
--   * the menu snapshot kept with each accepted application.

-- One row per transaction that changed the catalogue; `stamp` moves on
-- every statement of that transaction, so a backend that read the
-- catalogue half-way through an import still sees it change.
CREATE SEQUENCE onedoor.catalogue_stamp_seq;
CREATE TABLE onedoor.catalogue_versions (
	version     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	xact        xid8 NOT NULL UNIQUE DEFAULT pg_current_xact_id(),
	stamp       bigint NOT NULL DEFAULT nextval('onedoor.catalogue_stamp_seq'),
	imported_at timestamptz NOT NULL DEFAULT now(),
	imported_by name NOT NULL DEFAULT session_user
);
-- The catalogue as it stands when this migration runs is version 1.
INSERT INTO onedoor.catalogue_versions DEFAULT VALUES;

CREATE FUNCTION onedoor.catalogue_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
BEGIN
	INSERT INTO onedoor.catalogue_versions DEFAULT VALUES
	ON CONFLICT (xact) DO UPDATE SET stamp = nextval('onedoor.catalogue_stamp_seq');
	RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION onedoor.catalogue_changed() FROM PUBLIC;
CREATE TRIGGER catalogue_items_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
	ON onedoor.catalogue_items FOR EACH STATEMENT EXECUTE FUNCTION onedoor.catalogue_changed();
CREATE TRIGGER parameters_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
	ON onedoor.parameters FOR EACH STATEMENT EXECUTE FUNCTION onedoor.catalogue_changed();
CREATE TRIGGER parameter_defs_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
	ON onedoor.parameter_defs FOR EACH STATEMENT EXECUTE FUNCTION onedoor.catalogue_changed();
CREATE TRIGGER catalogue_warnings_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
	ON onedoor.catalogue_warnings FOR EACH STATEMENT EXECUTE FUNCTION onedoor.catalogue_changed();
GRANT SELECT ON onedoor.catalogue_versions TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;

-- The newest catalogue version, as menu snapshots record it.
CREATE FUNCTION onedoor.catalogue_version() RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT max(version)::text FROM onedoor.catalogue_versions
$$;
REVOKE ALL ON FUNCTION onedoor.catalogue_version() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.catalogue_version() TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;

-- A stored household as the engine reads it (include/onedoor/hh_json.h):
-- the region is the county of its centre, as the client matches it.
-- Members in their order; their facts as stored.  NULL for a household
-- the caller may not see.
CREATE FUNCTION onedoor.household_document(p_household_id bigint) RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT jsonb_build_object(
		'region', c.county, 'hukou', h.hukou, 'facts', h.facts,
		'members', coalesce((
			SELECT jsonb_agg(jsonb_build_object('resident_id', p.resident_id,
				'name', p.name, 'relation', m.relation, 'facts', p.facts)
				ORDER BY m.position)
			FROM onedoor.household_members m JOIN onedoor.persons p ON p.id = m.person_id
			WHERE m.household_id = h.id), '[]'))
	FROM onedoor.households h JOIN onedoor.centres c ON c.code = h.centre_code
	WHERE h.id = p_household_id
	  AND onedoor.may_see_household(p_household_id)
$$;
REVOKE ALL ON FUNCTION onedoor.household_document(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.household_document(bigint) TO onedoor_clerk,
	onedoor_verifier, onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;

-- The menu the server evaluated when the application was accepted
-- (engine_match output on the stored facts as of the application date),
-- kept as it was: what the household was told it may receive, and why.
CREATE TABLE onedoor.menu_snapshots (
	application_id    bigint PRIMARY KEY REFERENCES onedoor.applications,
	evaluated_on      date NOT NULL,
	catalogue_version text NOT NULL,
	menu              jsonb NOT NULL CHECK (jsonb_typeof(menu) = 'object'),
	at                timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE FUNCTION onedoor.menu_snapshot_forbid() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'a menu snapshot is kept as it was evaluated; it cannot be changed'
		USING ERRCODE = '42501';
END $$;
CREATE TRIGGER menu_snapshots_immutable BEFORE UPDATE OR DELETE ON onedoor.menu_snapshots
	FOR EACH ROW EXECUTE FUNCTION onedoor.menu_snapshot_forbid();
CREATE TRIGGER menu_snapshots_no_truncate BEFORE TRUNCATE ON onedoor.menu_snapshots
	FOR EACH STATEMENT EXECUTE FUNCTION onedoor.menu_snapshot_forbid();
ALTER TABLE onedoor.menu_snapshots ENABLE ROW LEVEL SECURITY;
CREATE POLICY menu_snapshots_scope ON onedoor.menu_snapshots FOR SELECT
	USING (EXISTS (SELECT 1 FROM onedoor.applications a
		       WHERE a.id = application_id AND onedoor.may_see_household(a.household_id)));
GRANT SELECT ON onedoor.menu_snapshots TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
