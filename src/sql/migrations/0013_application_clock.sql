-- 0013_application_clock: the accept stage's clock while an application
-- waits at the window.
--
-- A registered application has no case yet (cases open at 同意受理), but its
-- accept stage is already running: it is due the shortest limit_accept of
-- the active catalogue (1 working day when the catalogue is empty) after
-- registration, yellow on its due day, red after.  Once accepted, each
-- case keeps the accept stage in its timeline (0005_cases.sql).
CREATE VIEW onedoor.application_clocks WITH (security_invoker = true) AS
WITH t AS MATERIALIZED (SELECT onedoor.today() AS today),
lim AS MATERIALIZED (
	SELECT coalesce(min(limit_accept), 1)::integer AS days
	FROM onedoor.catalogue_items WHERE active)
SELECT a.id AS application_id, a.application_no, a.centre_code, a.version,
       (a.created_at AT TIME ZONE 'Asia/Shanghai')::date AS registered_on, k.due_on,
       onedoor.light(k.due_on, k.due_on, t.today) AS light,
       onedoor.working_days_between(t.today, k.due_on) AS days_left
FROM onedoor.applications a
CROSS JOIN t CROSS JOIN lim
CROSS JOIN LATERAL (SELECT onedoor.add_working_days(
	least((a.created_at AT TIME ZONE 'Asia/Shanghai')::date, t.today), lim.days) AS due_on) k
WHERE a.status = 'registered';

GRANT SELECT ON onedoor.application_clocks TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
