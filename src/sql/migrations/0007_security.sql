-- 0007_security: who sees what, and the proof that clients write nothing
-- directly.
--
-- Row security (SELECT only; no client role may write any table):
--   clerk       their centre's households, applications and cases
--   verifier, supervisor   their county's
--   approver    the cases of their department's items (in their county when
--               bound to one), and the households and applications of those
--   auditor, admin   everything, read-only (admin writes through onedoor-admin)
--
-- Decision on the table owner and FORCE ROW LEVEL SECURITY: tables ENABLE
-- row security but do NOT force it.  The owner is the role that runs the
-- migrations and owns the SECURITY DEFINER write functions; those functions
-- check role, centre, stage and version themselves, explicitly, and update
-- by primary key checking that exactly one row changed.  Forcing row
-- security would make the same functions see only what the caller's
-- policies let them see (they are keyed on session_user), so a missing
-- owner policy would silently update 0 rows; and when the owner is a
-- superuser FORCE has no effect at all, so the behaviour would differ
-- between installations.  tests/db/test_security.sh pins this choice
-- (relforcerowsecurity is false, no client role owns, inherits the owner
-- or bypasses row security).
--
-- The policies call the STABLE functions below through a scalar subquery,
-- so each query evaluates them once (an InitPlan) instead of once per row,
-- and `centre_code = ANY (...)` stays usable as an index condition.

CREATE FUNCTION onedoor.my_centres() RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT coalesce((
		SELECT CASE s.role_group
			WHEN 'clerk' THEN ARRAY[s.centre_code]
			WHEN 'verifier' THEN ARRAY(SELECT c.code FROM onedoor.centres c
						   WHERE c.county = s.county)
			WHEN 'supervisor' THEN ARRAY(SELECT c.code FROM onedoor.centres c
						     WHERE c.county = s.county)
			WHEN 'auditor' THEN ARRAY(SELECT c.code FROM onedoor.centres c)
			WHEN 'admin' THEN ARRAY(SELECT c.code FROM onedoor.centres c)
			ELSE '{}'::text[] END
		FROM onedoor.staff s WHERE s.role_name = session_user AND s.active), '{}')
$$;

-- The department of an approver; NULL for everyone else.
CREATE FUNCTION onedoor.my_department() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT s.department FROM onedoor.staff s
	WHERE s.role_name = session_user AND s.active AND s.role_group = 'approver'
$$;

-- The county an approver is bound to; NULL for any county.
CREATE FUNCTION onedoor.my_approver_county() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT s.county FROM onedoor.staff s
	WHERE s.role_name = session_user AND s.active AND s.role_group = 'approver'
$$;

CREATE OR REPLACE FUNCTION onedoor.may_see_centre(centre text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT centre = ANY (onedoor.my_centres())
$$;

-- For code running as the owner (views without security_invoker, definer
-- functions): may the caller see this household?
CREATE FUNCTION onedoor.may_see_household(p_household_id bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT EXISTS (SELECT 1 FROM onedoor.households h WHERE h.id = p_household_id
		       AND h.centre_code = ANY (onedoor.my_centres()))
	    OR EXISTS (SELECT 1 FROM onedoor.cases c WHERE c.household_id = p_household_id
		       AND c.department = onedoor.my_department()
		       AND (onedoor.my_approver_county() IS NULL
			    OR c.county = onedoor.my_approver_county()))
$$;

ALTER TABLE onedoor.cases ENABLE ROW LEVEL SECURITY;
ALTER TABLE onedoor.case_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE onedoor.write_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE onedoor.audit_log ENABLE ROW LEVEL SECURITY;

CREATE POLICY scope_read ON onedoor.cases FOR SELECT USING (
	centre_code = ANY ((SELECT onedoor.my_centres())::text[])
	OR (department = (SELECT onedoor.my_department())
	    AND ((SELECT onedoor.my_approver_county()) IS NULL
		 OR county = (SELECT onedoor.my_approver_county()))));
CREATE POLICY scope_read ON onedoor.case_events FOR SELECT USING (
	EXISTS (SELECT 1 FROM onedoor.cases c WHERE c.id = onedoor.case_events.case_id));
-- Auditors and admins read the whole trail; nobody else reaches the table.
CREATE POLICY audit_read ON onedoor.audit_log FOR SELECT USING (true);

DROP POLICY centre_read ON onedoor.households;
CREATE POLICY scope_read ON onedoor.households FOR SELECT USING (
	centre_code = ANY ((SELECT onedoor.my_centres())::text[])
	OR ((SELECT onedoor.my_department()) IS NOT NULL
	    AND EXISTS (SELECT 1 FROM onedoor.cases c
			WHERE c.household_id = onedoor.households.id)));
DROP POLICY centre_read ON onedoor.applications;
CREATE POLICY scope_read ON onedoor.applications FOR SELECT USING (
	centre_code = ANY ((SELECT onedoor.my_centres())::text[])
	OR ((SELECT onedoor.my_department()) IS NOT NULL
	    AND EXISTS (SELECT 1 FROM onedoor.cases c
			WHERE c.application_id = onedoor.applications.id)));

-- No client writes any table, whatever an earlier migration granted.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA onedoor
	FROM PUBLIC, onedoor_clerk, onedoor_verifier, onedoor_supervisor, onedoor_approver,
	onedoor_auditor, onedoor_admin;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA onedoor FROM PUBLIC, onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
GRANT SELECT ON onedoor.cases, onedoor.case_events TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;

-- The unmasked resident ID and a person's facts (health, disability) are
-- read only through person_record(), which leaves a trace in the audit log.
CREATE FUNCTION onedoor.mask_resident_id(p_id text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT left(p_id, 6) || '********' || right(p_id, 4)
$$;
REVOKE SELECT ON onedoor.persons FROM onedoor_clerk, onedoor_verifier, onedoor_supervisor,
	onedoor_approver, onedoor_auditor, onedoor_admin;
GRANT SELECT (id, name, birth_date, sex, version) ON onedoor.persons TO onedoor_clerk,
	onedoor_verifier, onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;

CREATE OR REPLACE VIEW onedoor.application_list WITH (security_barrier) AS
SELECT a.id, a.application_no, a.status, a.created_at, a.centre_code, h.household_no,
       p.name AS applicant_name,
       onedoor.mask_resident_id(p.resident_id)::char(18) AS applicant_id,
       (SELECT count(*) FROM onedoor.household_members m2
	WHERE m2.household_id = h.id) AS member_count
FROM onedoor.applications a
JOIN onedoor.households h ON h.id = a.household_id
JOIN onedoor.household_members m ON m.household_id = h.id AND m.position = 1
JOIN onedoor.persons p ON p.id = m.person_id
WHERE onedoor.may_see_centre(a.centre_code);

-- Members of the households the caller may see, resident ID masked.
CREATE VIEW onedoor.member_list WITH (security_barrier) AS
SELECT m.household_id, m.position, m.relation, p.id AS person_id, p.name,
       onedoor.mask_resident_id(p.resident_id) AS resident_id_masked, p.birth_date, p.sex
FROM onedoor.household_members m
JOIN onedoor.persons p ON p.id = m.person_id
WHERE onedoor.may_see_household(m.household_id);
GRANT SELECT ON onedoor.member_list TO onedoor_clerk, onedoor_verifier, onedoor_supervisor,
	onedoor_approver, onedoor_auditor, onedoor_admin;

-- A person's full record; the read is logged (who, when, from where).
-- P0002 when the person is not in a household the caller may see.
CREATE FUNCTION onedoor.person_record(p_person_id bigint)
RETURNS TABLE (id bigint, resident_id text, name text, birth_date date, sex text,
	       facts jsonb, version integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
BEGIN
	IF onedoor.current_staff() IS NULL OR NOT EXISTS (
		SELECT 1 FROM onedoor.household_members m
		WHERE m.person_id = p_person_id AND onedoor.may_see_household(m.household_id)) THEN
		RAISE EXCEPTION 'person % not found', p_person_id USING ERRCODE = 'P0002';
	END IF;
	PERFORM onedoor.audit_append('person', p_person_id::text, 'read_full_record', NULL,
		jsonb_build_object('fields', ARRAY['resident_id', 'facts']));
	RETURN QUERY SELECT p.id, p.resident_id::text, p.name::text, p.birth_date, p.sex::text,
		p.facts, p.version
		FROM onedoor.persons p WHERE p.id = p_person_id;
END $$;

-- EXECUTE: nothing for PUBLIC; each group gets exactly what it calls.  The
-- default privilege covers functions later migrations create (as the same
-- migrating role), so a forgotten REVOKE cannot open one to everybody.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA onedoor FROM PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA onedoor REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.my_centres(), onedoor.my_department(),
	onedoor.my_approver_county(), onedoor.may_see_centre(text),
	onedoor.may_see_household(bigint), onedoor.current_staff(), onedoor.today(),
	onedoor.working_seq(date), onedoor.add_working_days(date, integer),
	onedoor.working_days_between(date, date), onedoor.warn_from(date, integer),
	onedoor.light(date, date, date), onedoor.light_rank(text), onedoor.staff_name(name),
	onedoor.mask_resident_id(text), onedoor.resident_id_valid(text),
	onedoor.resident_id_birth(text), onedoor.track_stages(text),
	onedoor.next_stage(text, text), onedoor.previous_stage(text, text),
	onedoor.stage_group(text), onedoor.person_record(bigint)
	TO onedoor_clerk, onedoor_verifier, onedoor_supervisor, onedoor_approver,
	onedoor_auditor, onedoor_admin;
GRANT EXECUTE ON FUNCTION onedoor.register_household(uuid, jsonb),
	onedoor.accept_application(uuid, text, integer, jsonb),
	onedoor.refuse_application(uuid, text, integer, text) TO onedoor_clerk;
GRANT EXECUTE ON FUNCTION onedoor.case_act(uuid, bigint, integer, text, text) TO
	onedoor_clerk, onedoor_verifier, onedoor_supervisor, onedoor_approver;
GRANT EXECUTE ON FUNCTION onedoor.audit_entry_hash(onedoor.audit_log),
	onedoor.audit_content_hash(onedoor.audit_log), onedoor.audit_link_hash(bigint, bytea, bytea)
	TO onedoor_auditor, onedoor_admin;
