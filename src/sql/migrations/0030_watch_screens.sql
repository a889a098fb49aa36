-- 0030_watch_screens: what the warning queue and the monitoring register
-- screens read, one round trip per key on a county of 100,000 monitored
-- households (tests/bench/bench_monitoring.sh).
--
-- The views of 0025_warnings.sql and 0026_monitoring.sql compute a light
-- for every visible row before ordering; a screen shows one page.  These
-- functions take the page first, in urgency order, from an index that
-- gives that order, and compute the lights of that page only.  They are
-- plain SQL functions run as the caller (row security applies, and the
-- planner inlines them with the caller's values).
--
--   warning_queue_page(department, centre, limit)   warnings not closed,
--     open before acknowledged, then by the acknowledgement due day; of
--     one department (a department's queue), one centre, or (both NULL)
--     all the caller may see
--   monitoring_page(centre, village, limit)   active register entries by
--     visit due day; of one centre, one village (a coordinator's), or (both
--     NULL) all the caller may see

CREATE INDEX warnings_department_order ON onedoor.warnings
	(department, (state = 'acknowledged'), ack_due, id) WHERE state <> 'closed';
CREATE INDEX warnings_centre_order ON onedoor.warnings
	(centre_code, (state = 'acknowledged'), ack_due, id) WHERE state <> 'closed';
CREATE INDEX warnings_order ON onedoor.warnings ((state = 'acknowledged'), ack_due, id)
	WHERE state <> 'closed';
CREATE INDEX monitoring_due ON onedoor.monitoring (visit_due, id) WHERE state = 'active';

CREATE FUNCTION onedoor.warning_queue_page(p_department text, p_centre text, p_limit integer)
RETURNS TABLE (id bigint, warning_no text, household_no text, subject_name text,
	       centre_code text, centre_name text, warning_code text, department text,
	       source text, name_zh text, name_en text, message_zh text, message_en text,
	       raised_on date, ack_due date, state text, acknowledged_on date, version integer,
	       light text, days_left integer, age_days integer)
LANGUAGE sql STABLE AS $$
	WITH t AS MATERIALIZED (
		SELECT onedoor.today() AS today, onedoor.working_seq(onedoor.today()) AS today_seq)
	SELECT w.id, w.warning_no, w.household_no, w.subject_name, w.centre_code, ce.name,
	       w.warning_code, w.department, w.source, w.name_zh, w.name_en, w.message_zh,
	       w.message_en, w.raised_on, w.ack_due, w.state, w.acknowledged_on, w.version,
	       CASE WHEN w.state = 'open' THEN onedoor.light(w.ack_due, w.ack_warn_from, t.today)
	       END,
	       CASE WHEN w.state = 'open' THEN
		       (SELECT d.seq FROM onedoor.working_days d WHERE d.day = w.ack_due) - t.today_seq
	       END,
	       t.today_seq - (SELECT d.seq FROM onedoor.working_days d WHERE d.day = w.raised_on)
	FROM (SELECT x.* FROM onedoor.warnings x
	      WHERE x.state <> 'closed'
		AND (p_department IS NULL OR x.department = p_department)
		AND (p_centre IS NULL OR x.centre_code = p_centre)
	      ORDER BY x.state = 'acknowledged', x.ack_due, x.id
	      LIMIT p_limit) w
	CROSS JOIN t
	JOIN onedoor.centres ce ON ce.code = w.centre_code
	ORDER BY w.state = 'acknowledged', w.ack_due, w.id
$$;

CREATE FUNCTION onedoor.monitoring_page(p_centre text, p_village text, p_limit integer)
RETURNS TABLE (id bigint, entry_no text, household_id bigint, subject_name text,
	       centre_code text, village text, category smallint, reason text, source text,
	       source_ref text, responsible text, entered_on date, last_visit_on date,
	       visits integer, visit_due date, proposal text, proposal_items text[],
	       version integer, light text, days_left integer)
LANGUAGE sql STABLE AS $$
	WITH t AS MATERIALIZED (
		SELECT onedoor.today() AS today, onedoor.working_seq(onedoor.today()) AS today_seq)
	SELECT m.id, m.entry_no, m.household_id, m.subject_name, m.centre_code, m.village,
	       m.category, m.reason, m.source, m.source_ref, m.responsible, m.entered_on,
	       m.last_visit_on, m.visits, m.visit_due, m.proposal, m.proposal_items, m.version,
	       onedoor.light(m.visit_due, m.visit_warn_from, t.today),
	       (SELECT d.seq FROM onedoor.working_days d WHERE d.day = m.visit_due) - t.today_seq
	FROM (SELECT x.id, x.entry_no, x.household_id, x.subject_name, x.centre_code, x.village,
		     x.category, x.reason, x.source, x.source_ref, x.responsible, x.entered_on,
		     x.last_visit_on, x.visits, x.visit_due, x.visit_warn_from, x.proposal,
		     x.proposal_items, x.version
	      FROM onedoor.monitoring x
	      WHERE x.state = 'active' AND (p_centre IS NULL OR x.centre_code = p_centre)
		AND (p_village IS NULL OR x.village = p_village)
	      ORDER BY x.visit_due, x.id
	      LIMIT p_limit) m
	CROSS JOIN t
	ORDER BY m.visit_due, m.id
$$;

REVOKE ALL ON FUNCTION onedoor.warning_queue_page(text, text, integer),
	onedoor.monitoring_page(text, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.warning_queue_page(text, text, integer) TO onedoor_clerk,
	onedoor_verifier, onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
GRANT EXECUTE ON FUNCTION onedoor.monitoring_page(text, text, integer) TO onedoor_clerk,
	onedoor_verifier, onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin,
	onedoor_coordinator;
