-- 0024_villages: villages and communities (村、社区) under each township or
-- street centre, and the village assistance coordinator (协理员, 网格员) who
-- works in one of them.
--
-- A village is the level below a centre's township: its 12-digit statistical
-- division code (统计用区划代码) and the centre that serves it.  Regions
-- stay province / city / county (6-digit GB/T 2260 codes that staff, centres
-- and every county-scoped rule key on); villages are their own table so
-- that nothing keyed on a county code has to learn a second code length.
--
-- A coordinator (group onedoor_coordinator) is bound to one village.  They
-- read no household, application or case (my_centres() gives them none):
-- they report a household in difficulty and see what became of their own
-- village's reports (0028_reports.sql), and record monitoring visits of
-- their village (0026_monitoring.sql).

DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'onedoor_coordinator') THEN
		CREATE ROLE onedoor_coordinator NOLOGIN;
	END IF;
END $$;
GRANT USAGE ON SCHEMA onedoor TO onedoor_coordinator;

CREATE TABLE onedoor.villages (
	code        text PRIMARY KEY CHECK (code ~ '^[1-9][0-9]{11}$'),
	name        text NOT NULL CHECK (btrim(name) <> ''),
	kind        text NOT NULL CHECK (kind IN ('village', 'community')),
	centre_code text NOT NULL REFERENCES onedoor.centres
);
CREATE INDEX villages_centre ON onedoor.villages (centre_code);

ALTER TABLE onedoor.staff ADD COLUMN village text REFERENCES onedoor.villages;
ALTER TABLE onedoor.staff DROP CONSTRAINT staff_role_group_check;
ALTER TABLE onedoor.staff ADD CONSTRAINT staff_role_group_check CHECK (role_group IN
	('clerk', 'verifier', 'supervisor', 'approver', 'auditor', 'admin', 'coordinator'));
ALTER TABLE onedoor.staff ADD CONSTRAINT staff_coordinator_village
	CHECK ((role_group = 'coordinator') = (village IS NOT NULL));

-- The village of a coordinator; NULL for everyone else.
CREATE FUNCTION onedoor.my_village() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT s.village FROM onedoor.staff s
	WHERE s.role_name = session_user AND s.active AND s.role_group = 'coordinator'
$$;

-- Every group reads the villages (names on screens); coordinators also read
-- the reference tables the other groups read.
GRANT SELECT ON onedoor.villages TO onedoor_clerk, onedoor_verifier, onedoor_supervisor,
	onedoor_approver, onedoor_auditor, onedoor_admin, onedoor_coordinator;
GRANT SELECT ON onedoor.regions, onedoor.centres, onedoor.departments,
	onedoor.catalogue_items, onedoor.parameters, onedoor.parameter_defs,
	onedoor.catalogue_warnings, onedoor.calendar_days, onedoor.working_days
	TO onedoor_coordinator;
REVOKE ALL ON FUNCTION onedoor.my_village() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.my_village(), onedoor.current_staff(), onedoor.today(),
	onedoor.my_centres(), onedoor.my_department(), onedoor.my_approver_county(),
	onedoor.working_seq(date), onedoor.add_working_days(date, integer),
	onedoor.working_days_between(date, date), onedoor.warn_from(date, integer),
	onedoor.light(date, date, date), onedoor.light_rank(text), onedoor.staff_name(name),
	onedoor.resident_id_valid(text), onedoor.resident_id_birth(text),
	onedoor.mask_resident_id(text)
	TO onedoor_coordinator;
GRANT EXECUTE ON FUNCTION onedoor.my_village() TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;

CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON onedoor.villages
	FOR EACH ROW EXECUTE FUNCTION onedoor.audit_row('code');
