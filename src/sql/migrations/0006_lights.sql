-- 0006_lights: traffic lights and working-day counts, computed when read.
--
-- Nothing here is stored: a light is the stored due date and first yellow
-- day of a clock compared with onedoor.today(), so it is never stale.
-- A case has up to three open clocks: its current stage, the whole case,
-- and the fast lanes' check (materials or post-check).  Its light is the
-- worst of them; every open clock is shown by case_clocks.
-- The views are security_invoker, so row security of the reader applies
-- (a clerk's worklist is their centre's cases, and nothing else).
-- today is computed once per query (a MATERIALIZED CTE), not once per row.

CREATE FUNCTION onedoor.light_rank(p_light text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE p_light WHEN 'red' THEN 2 WHEN 'yellow' THEN 1 WHEN 'green' THEN 0 END
$$;

-- Cases on someone's worklist, one row each, with their lights.
-- Order by urgency: ORDER BY light_rank DESC, next_due, id.
CREATE VIEW onedoor.case_worklist WITH (security_invoker = true) AS
WITH t AS MATERIALIZED (
	SELECT onedoor.today() AS today, onedoor.working_seq(onedoor.today()) AS today_seq)
SELECT c.id, c.case_no, c.application_id, c.centre_code, c.county, c.department,
       c.item_code, ci.name_zh AS item_name_zh, ci.name_en AS item_name_en,
       c.subject_name, c.track, c.stage, c.version,
       c.track = 'green' AND c.check_result IS DISTINCT FROM 'passed' AS provisional,
       c.stage_entered_on, c.stage_due, l.stage_light,
       CASE WHEN c.stage_due IS NOT NULL THEN c.case_due END AS case_due, l.case_light,
       c.check_kind, CASE WHEN l.check_light IS NOT NULL THEN c.check_due END AS check_due,
       l.check_light,
       w.light, w.light_rank, w.next_due,
       (SELECT d.seq FROM onedoor.working_days d WHERE d.day = w.next_due) - t.today_seq
		AS days_left,
       t.today_seq - (SELECT d.seq FROM onedoor.working_days d
		      WHERE d.day = c.stage_entered_on) AS stage_elapsed,
       t.today_seq - (SELECT d.seq FROM onedoor.working_days d WHERE d.day = c.opened_on)
		AS case_elapsed,
       t.today
FROM onedoor.cases c
CROSS JOIN t
JOIN onedoor.catalogue_items ci ON ci.code = c.item_code
CROSS JOIN LATERAL (SELECT
	onedoor.light(c.stage_due, c.stage_warn_from, t.today) AS stage_light,
	CASE WHEN c.stage_due IS NOT NULL
	     THEN onedoor.light(c.case_due, c.case_warn_from, t.today) END AS case_light,
	CASE WHEN c.check_kind IS NOT NULL AND c.check_result IS NULL
	     THEN onedoor.light(c.check_due, c.check_warn_from, t.today) END AS check_light
	) l
CROSS JOIN LATERAL (SELECT
	CASE greatest(onedoor.light_rank(l.stage_light), onedoor.light_rank(l.case_light),
		      onedoor.light_rank(l.check_light))
	     WHEN 2 THEN 'red' WHEN 1 THEN 'yellow' ELSE 'green' END AS light,
	greatest(onedoor.light_rank(l.stage_light), onedoor.light_rank(l.case_light),
		 onedoor.light_rank(l.check_light)) AS light_rank,
	least(CASE WHEN l.stage_light IS NOT NULL THEN c.stage_due END,
	      CASE WHEN l.case_light IS NOT NULL THEN c.case_due END,
	      CASE WHEN l.check_light IS NOT NULL THEN c.check_due END) AS next_due
	) w
WHERE c.active;

-- Every open clock of every visible case, one row per clock:
-- clock = 'stage' (label: the stage), 'case', or 'check' (label:
-- 'materials' or 'postcheck').
CREATE VIEW onedoor.case_clocks WITH (security_invoker = true) AS
WITH t AS MATERIALIZED (
	SELECT onedoor.today() AS today, onedoor.working_seq(onedoor.today()) AS today_seq),
clocks AS (
	SELECT c.id AS case_id, 'stage' AS clock, c.stage AS label, c.stage_entered_on AS started_on,
	       c.stage_limit AS limit_days, c.stage_due AS due_on, c.stage_warn_from AS warn_from
	FROM onedoor.cases c WHERE c.stage_due IS NOT NULL
	UNION ALL
	SELECT c.id, 'case', 'case', c.opened_on, c.case_limit, c.case_due, c.case_warn_from
	FROM onedoor.cases c WHERE c.stage_due IS NOT NULL
	UNION ALL
	SELECT c.id, 'check', c.check_kind, c.check_opened_on, c.check_limit, c.check_due,
	       c.check_warn_from
	FROM onedoor.cases c
	WHERE c.check_kind IS NOT NULL AND c.check_result IS NULL
	  AND c.stage NOT IN ('refused', 'withdrawn'))
SELECT k.case_id, k.clock, k.label, k.started_on, k.limit_days, k.due_on, k.warn_from,
       onedoor.light(k.due_on, k.warn_from, t.today) AS light,
       (SELECT d.seq FROM onedoor.working_days d WHERE d.day = k.due_on) - t.today_seq
		AS days_left,
       t.today_seq - (SELECT d.seq FROM onedoor.working_days d WHERE d.day = k.started_on)
		AS elapsed
FROM clocks k CROSS JOIN t;

-- The full name of a staff member, for timelines (clients other than
-- supervisors cannot read the staff table itself).
CREATE FUNCTION onedoor.staff_name(p_role name) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT full_name FROM onedoor.staff WHERE role_name = p_role
$$;

-- A case's history: one row per action, with the working days the stage
-- that was left had taken and whether it was left late.
CREATE VIEW onedoor.case_timeline WITH (security_invoker = true) AS
SELECT e.id, e.case_id, e.at, e.on_day, e.action, e.phrase, e.clock, e.from_stage,
       e.to_stage, e.from_entered_on, e.from_due,
       (SELECT d.seq FROM onedoor.working_days d WHERE d.day = e.on_day) -
       (SELECT d.seq FROM onedoor.working_days d WHERE d.day = e.from_entered_on)
		AS elapsed,
       e.on_day > e.from_due AS late,
       e.actor, coalesce(onedoor.staff_name(e.actor), e.actor::text) AS actor_name,
       e.actor_group, e.actor_centre, e.actor_department, e.application_name, e.reason
FROM onedoor.case_events e;

-- Working days per case from registration to its end (or today), for
-- reports.
CREATE VIEW onedoor.case_durations WITH (security_invoker = true) AS
SELECT c.id AS case_id, c.case_no, c.centre_code, c.department, c.item_code, c.stage,
       c.opened_on,
       (SELECT d.seq FROM onedoor.working_days d
	WHERE d.day = coalesce((c.closed_at AT TIME ZONE 'Asia/Shanghai')::date,
			       onedoor.today())) -
       (SELECT d.seq FROM onedoor.working_days d WHERE d.day = c.opened_on) AS elapsed,
       c.case_limit
FROM onedoor.cases c;

-- The supervisor's matrix: open cases by centre, stage and light.
CREATE VIEW onedoor.case_matrix WITH (security_invoker = true) AS
SELECT w.centre_code, w.stage, w.light, count(*) AS cases
FROM onedoor.case_worklist w
GROUP BY w.centre_code, w.stage, w.light;

GRANT SELECT ON onedoor.case_worklist, onedoor.case_clocks, onedoor.case_timeline,
	onedoor.case_durations, onedoor.case_matrix TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
GRANT EXECUTE ON FUNCTION onedoor.light_rank(text), onedoor.staff_name(name) TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
