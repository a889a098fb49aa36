-- 0044_monitoring_stopped: "a review that stopped a benefit" is also a
-- benefit whose state is stopped (0033_benefits.sql), not only a case
-- refused after it was granted (a failed post-check or re-check).
--
-- Replaces 0026_monitoring.sql's monitoring_enter, its only definition;
-- nothing else in it changes.

CREATE OR REPLACE FUNCTION onedoor.monitoring_enter(p_request_id uuid, p_source text, p_source_ref text,
					 p_category integer, p_reason text, p_responsible text)
RETURNS TABLE (monitoring_id bigint, entry_no text, version integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	me onedoor.staff;
	hh bigint;
	ref text := btrim(p_source_ref);
	made record;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'monitoring_enter');
	IF prev IS NOT NULL THEN
		RETURN QUERY SELECT x.id, x.entry_no, x.version FROM onedoor.monitoring x
			WHERE x.id = (prev ->> 'monitoring_id')::bigint;
		RETURN;
	END IF;
	me := onedoor.current_staff();
	IF me.role_name IS NULL OR me.role_group NOT IN ('clerk', 'supervisor') THEN
		RAISE EXCEPTION 'only a centre clerk or a supervisor may enter a household for monitoring'
			USING ERRCODE = '42501';
	END IF;
	CASE p_source
	WHEN 'refused_application' THEN
		SELECT a.household_id INTO hh FROM onedoor.applications a
		WHERE a.application_no = ref AND a.status = 'refused';
	WHEN 'warning' THEN
		SELECT w.household_id INTO hh FROM onedoor.warnings w WHERE w.warning_no = ref;
	WHEN 'benefit_stopped' THEN
		SELECT c.household_id INTO hh FROM onedoor.cases c
		WHERE c.case_no = ref
		  AND ((c.stage = 'refused'
			AND (c.approved_by IS NOT NULL OR c.check_result = 'failed'))
		       OR EXISTS (SELECT 1 FROM onedoor.benefits b
				  WHERE b.case_id = c.id AND b.state = 'stopped'));
	ELSE
		RAISE EXCEPTION 'a household enters monitoring from a refused application, a warning or a stopped benefit'
			USING ERRCODE = '22023';
	END CASE;
	IF hh IS NULL THEN
		RAISE EXCEPTION 'no % "%"', replace(p_source, '_', ' '), ref USING ERRCODE = 'P0002';
	END IF;
	SELECT * INTO made FROM onedoor.monitoring_insert(p_request_id, me, hh, NULL, NULL,
		p_source, ref, p_category, p_reason, p_responsible);
	PERFORM onedoor.request_finish(p_request_id, 'monitoring_enter',
		jsonb_build_object('monitoring_id', made.monitoring_id));
	RETURN QUERY SELECT made.monitoring_id, made.entry_no, made.version;
END $$;
