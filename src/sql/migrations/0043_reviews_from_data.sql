-- 0043_reviews_from_data: a change of circumstances found in the
-- departments' data (a death in the civil registration's extract) puts the
-- household's benefits before their departments, as one reported at the
-- window does (0040_reviews.sql).
--
-- For every benefit in force (or suspended) in the caller's county whose
-- household has a member in the deaths source's latest batch imported on
-- or after p_since, the household is re-evaluated by the server's engine
-- without the members who died; a benefit that no longer holds, or holds
-- with another amount, gets a change review with the engine's verdict and
-- the cause (who died, when, which batch).  The department decides it.
-- Run after importing an extract (`onedoor-admin reviews changes`); running
-- it again adds the cause to the open review instead of a second one.
CREATE FUNCTION onedoor.reviews_from_data(p_request_id uuid, p_since date)
RETURNS TABLE (checked integer, opened integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
#variable_conflict use_column
DECLARE
	prev jsonb;
	me onedoor.staff := onedoor.current_staff();
	today date := onedoor.today();
	b record;
	doc jsonb;
	v jsonb;
	n_checked integer := 0;
	n_opened integer := 0;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'reviews_from_data');
	IF prev IS NOT NULL THEN
		RETURN QUERY SELECT (prev ->> 'checked')::int, (prev ->> 'opened')::int;
		RETURN;
	END IF;
	IF me.role_name IS NULL OR me.role_group NOT IN ('supervisor', 'admin')
	   OR me.county IS NULL THEN
		RAISE EXCEPTION 'only a county''s supervision window or administrator looks for changes'
			USING ERRCODE = '42501';
	END IF;
	FOR b IN
		SELECT c.id, c.item_code, c.household_id, ce.county,
		       array_agg(DISTINCT p.resident_id) AS dead,
		       string_agg(DISTINCT p.name || '（' || (r.v ->> 'died_on') || '）', '、') AS who,
		       max(lb.id) AS batch
		FROM onedoor.benefits x
		JOIN onedoor.cases c ON c.id = x.case_id
		JOIN onedoor.centres ce ON ce.code = c.centre_code
		JOIN onedoor.household_members m ON m.household_id = c.household_id
		JOIN onedoor.persons p ON p.id = m.person_id
		JOIN onedoor.data_rows r ON r.resident_id = p.resident_id
		JOIN onedoor.data_latest_batches lb ON lb.id = r.batch_id AND lb.source = 'deaths'
		WHERE c.county = me.county AND x.state IN ('in_force', 'suspended')
		  AND (p_since IS NULL OR (lb.imported_at AT TIME ZONE 'Asia/Shanghai')::date >= p_since)
		  AND (r.v ->> 'died_on')::date <= today
		GROUP BY c.id, c.item_code, c.household_id, ce.county
	LOOP
		n_checked := n_checked + 1;
		doc := onedoor.household_state(b.household_id);
		doc := jsonb_set(doc, '{members}', coalesce((
			SELECT jsonb_agg(e ORDER BY o)
			FROM jsonb_array_elements(doc -> 'members') WITH ORDINALITY t(e, o)
			WHERE NOT (e ->> 'resident_id') = ANY (b.dead)), '[]'))
			|| jsonb_build_object('region', b.county);
		v := CASE WHEN jsonb_array_length(doc -> 'members') = 0
			  THEN jsonb_build_object('verdict', 'ineligible', 'amount', NULL,
						  'reasons', jsonb_build_array('家庭成员均已死亡'))
			  ELSE onedoor.engine_item(doc, b.item_code, today) END;
		IF v ->> 'verdict' IS DISTINCT FROM 'eligible'
		   OR round(coalesce(nullif(v ->> 'amount', '')::numeric, 0) * 100)
		      IS DISTINCT FROM onedoor.benefit_amount_at(b.id, date_trunc('month', today)::date) THEN
			PERFORM onedoor.review_open_change(b.id,
				'部门数据（死亡登记，批次 ' || b.batch || '）：' || b.who || '死亡', v,
				p_request_id);
			n_opened := n_opened + 1;
		END IF;
	END LOOP;
	PERFORM onedoor.request_finish(p_request_id, 'reviews_from_data',
		jsonb_build_object('checked', n_checked, 'opened', n_opened));
	RETURN QUERY SELECT n_checked, n_opened;
END $$;
REVOKE ALL ON FUNCTION onedoor.reviews_from_data(uuid, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.reviews_from_data(uuid, date) TO onedoor_supervisor,
	onedoor_admin;
