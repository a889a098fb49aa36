-- 0085_reviews_from_pensions_vehicles: a new pension or a vehicle in the
-- departments' latest extracts puts the benefits it affects before their
-- department, as a death already did.
--
-- reviews_from_data replaces 0064_lifecycle_screens.sql's (the newest
-- definition) and carries every rule of it: who (reviews_may_open), the
-- request id, the benefits (monthly, in force or suspended, of the caller's
-- county), the extracts (the latest batch of each source, imported since
-- p_since), a death counted from its date.  What is new: the latest
-- pensions and vehicles extracts are read the way the verification report
-- reads them (0049_verification.sql): a member's pension above the transfer
-- income the household declared becomes that income, the vehicles found
-- under the members' IDs beyond those declared become the household's
-- vehicles.  Each benefit is re-evaluated once by the engine on the
-- household with everything found (the dead left out), and a benefit that
-- no longer holds, or holds with another amount, gets its change review,
-- with each finding as its cause.  A finding already in the open review's
-- cause is not added again, so that running it again changes nothing.
CREATE OR REPLACE FUNCTION onedoor.reviews_from_data(p_request_id uuid, p_since date)
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
	cause text;
	open_cause text;
	n_checked integer := 0;
	n_opened integer := 0;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'reviews_from_data');
	IF prev IS NOT NULL THEN
		RETURN QUERY SELECT (prev ->> 'checked')::int, (prev ->> 'opened')::int;
		RETURN;
	END IF;
	IF NOT onedoor.reviews_may_open() THEN
		RAISE EXCEPTION 'only a county''s supervision window or administrator looks for changes'
			USING ERRCODE = '42501';
	END IF;
	FOR b IN
		WITH benefit AS (
			SELECT c.id, c.item_code, c.household_id, ce.county
			FROM onedoor.benefits x
			JOIN onedoor.cases c ON c.id = x.case_id
			JOIN onedoor.decisions dc ON dc.case_id = c.id AND dc.period = 'monthly'
			JOIN onedoor.centres ce ON ce.code = c.centre_code
			WHERE c.county = me.county AND x.state IN ('in_force', 'suspended')),
		found AS (
			SELECT m.household_id, p.resident_id, p.name, p.facts, lb.source, lb.id AS batch,
			       r.v
			FROM (SELECT DISTINCT household_id FROM benefit) hh
			JOIN onedoor.household_members m ON m.household_id = hh.household_id
			JOIN onedoor.persons p ON p.id = m.person_id
			JOIN onedoor.data_rows r ON r.resident_id = p.resident_id
			JOIN onedoor.data_latest_batches lb ON lb.id = r.batch_id
			WHERE lb.source IN ('deaths', 'pensions', 'vehicles')
			  AND (p_since IS NULL
			       OR (lb.imported_at AT TIME ZONE 'Asia/Shanghai')::date >= p_since)),
		deaths AS (
			SELECT f.household_id, array_agg(DISTINCT f.resident_id) AS dead,
			       '部门数据（死亡登记，批次 ' || max(f.batch) || '）：' ||
			       string_agg(DISTINCT f.name || '（' || (f.v ->> 'died_on') || '）', '、') ||
			       '死亡' AS cause
			FROM found f
			WHERE f.source = 'deaths' AND (f.v ->> 'died_on')::date <= today
			GROUP BY f.household_id),
		pensions AS (
			SELECT x.household_id, jsonb_object_agg(x.resident_id, x.monthly::text) AS income,
			       '部门数据（养老金领取，批次 ' || max(x.batch) || '）：' ||
			       string_agg(x.name || '领取养老金 ' || onedoor.yuan_text(x.monthly) ||
					  '/月，申报转移性收入 ' ||
					  onedoor.yuan_text(coalesce(x.declared, 0)) || '/月', '、') AS cause
			FROM (SELECT f.household_id, f.resident_id, f.name, max(f.batch) AS batch,
				     sum((f.v ->> 'monthly_yuan')::numeric) AS monthly,
				     onedoor.fact_number(min(f.facts::text)::jsonb -> 'income_transfer')
					AS declared
			      FROM found f WHERE f.source = 'pensions'
				AND coalesce((f.v ->> 'since')::date, today) <= today
			      GROUP BY f.household_id, f.resident_id, f.name) x
			WHERE x.monthly > coalesce(x.declared, 0)
			GROUP BY x.household_id),
		vehicles AS (
			SELECT f.household_id, count(*) AS n,
			       '部门数据（机动车登记，批次 ' || max(f.batch) || '）：家庭成员名下机动车 ' ||
			       count(*) || ' 辆（' || string_agg(f.name || ' ' || (f.v ->> 'plate'), '、'
							     ORDER BY f.v ->> 'plate') || '）' AS cause
			FROM found f JOIN onedoor.households h ON h.id = f.household_id
			WHERE f.source = 'vehicles'
			GROUP BY f.household_id
			HAVING count(*) > coalesce(onedoor.fact_number(min(h.facts::text)::jsonb -> 'vehicles'), 0))
		SELECT x.id, x.item_code, x.household_id, x.county, d.dead, d.cause AS death_cause,
		       p.income, p.cause AS pension_cause, v.n AS vehicles, v.cause AS vehicle_cause
		FROM benefit x
		LEFT JOIN deaths d ON d.household_id = x.household_id
		LEFT JOIN pensions p ON p.household_id = x.household_id
		LEFT JOIN vehicles v ON v.household_id = x.household_id
		WHERE d.household_id IS NOT NULL OR p.household_id IS NOT NULL
		   OR v.household_id IS NOT NULL
		ORDER BY x.id
	LOOP
		n_checked := n_checked + 1;
		doc := onedoor.household_state(b.household_id);
		-- Everything found, at once: the dead left out, the pensions as
		-- transfer income, the vehicles counted.
		doc := jsonb_set(doc, '{members}', coalesce((
			SELECT jsonb_agg(CASE WHEN b.income ? (e ->> 'resident_id')
					      THEN jsonb_set(e, '{facts}', coalesce(e -> 'facts', '{}') ||
						   jsonb_build_object('income_transfer',
							b.income ->> (e ->> 'resident_id')))
					      ELSE e END ORDER BY o)
			FROM jsonb_array_elements(doc -> 'members') WITH ORDINALITY t(e, o)
			WHERE b.dead IS NULL OR NOT (e ->> 'resident_id') = ANY (b.dead)), '[]'))
			|| jsonb_build_object('region', b.county);
		IF b.vehicles IS NOT NULL THEN
			doc := jsonb_set(doc, '{facts}', coalesce(doc -> 'facts', '{}') ||
				jsonb_build_object('vehicles', b.vehicles::text));
		END IF;
		v := CASE WHEN jsonb_array_length(doc -> 'members') = 0
			  THEN jsonb_build_object('verdict', 'ineligible', 'amount', NULL,
						  'reasons', jsonb_build_array('家庭成员均已死亡'))
			  ELSE onedoor.engine_item(doc, b.item_code, today) END;
		IF v ->> 'verdict' IS DISTINCT FROM 'eligible'
		   OR round(coalesce(nullif(v ->> 'amount', '')::numeric, 0) * 100)
		      IS DISTINCT FROM onedoor.benefit_amount_at(b.id, date_trunc('month', today)::date) THEN
			SELECT r.cause INTO open_cause FROM onedoor.reviews r
			WHERE r.case_id = b.id AND r.kind = 'change' AND r.outcome IS NULL;
			SELECT string_agg(x.c, '；' ORDER BY x.o) INTO cause
			FROM (VALUES (1, b.death_cause), (2, b.pension_cause), (3, b.vehicle_cause)) x(o, c)
			WHERE x.c IS NOT NULL AND strpos(coalesce(open_cause, ''), x.c) = 0;
			IF cause IS NOT NULL THEN
				PERFORM onedoor.review_open_change(b.id, cause, v, p_request_id);
				n_opened := n_opened + 1;
			END IF;
		END IF;
	END LOOP;
	PERFORM onedoor.request_finish(p_request_id, 'reviews_from_data',
		jsonb_build_object('checked', n_checked, 'opened', n_opened));
	RETURN QUERY SELECT n_checked, n_opened;
END $$;
