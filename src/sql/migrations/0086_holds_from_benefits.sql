-- 0086_holds_from_benefits: what a household already receives is the
-- server's, never typed at the window.
--
-- Why: the engine's "holds.ITEM" (the items a household already receives)
-- gates items and their amounts - medical assistance pays a dibao or tekun
-- household a larger share - and marks mutually exclusive items.  Until now
-- a household's facts kept whatever the window's form sent as "holds", and
-- acceptance matched on the stored facts (household_doc, 0045), so an item
-- code typed into the form (or sent by a modified client) made a household
-- eligible for more than it is.  household_form (0064) already showed the
-- benefits in force; the matching did not use them.
--
-- What: household_holds gives the items of the household's monthly
-- benefits in force or suspended in a month (a suspended benefit is still
-- the household's: it may resume; a one-off grant is not "received" month
-- after month).  household_doc, the document every server-side match reads
-- (acceptance, reviews, verification), takes holds from it as of today's
-- month whatever the stored facts say; and the facts stored from now on
-- never keep a "holds" of their own (a trigger drops it), so the versions
-- of a household's history do not show one either.  Facts stored before
-- are left as they were (rewriting households would add versions and audit
-- entries for no change a person made); household_doc and household_form
-- both ignore them.
--
-- Replaces household_doc (0045_accept_rederive.sql, its only definition),
-- with its body kept and the facts' holds replaced.

CREATE FUNCTION onedoor.household_holds(p_household_id bigint, p_month date) RETURNS text
LANGUAGE sql STABLE SET search_path = onedoor, pg_temp AS $$
	SELECT coalesce(string_agg(DISTINCT c.item_code, ',' ORDER BY c.item_code), '')
	FROM onedoor.cases c
	JOIN onedoor.benefits b ON b.case_id = c.id
	JOIN onedoor.decisions d ON d.case_id = c.id AND d.period = 'monthly'
	WHERE c.household_id = p_household_id
	  AND onedoor.benefit_state_at(b, p_month) IN ('in_force', 'suspended')
$$;
REVOKE ALL ON FUNCTION onedoor.household_holds(bigint, date) FROM PUBLIC;

CREATE OR REPLACE FUNCTION onedoor.household_doc(p_household_id bigint) RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = onedoor, pg_temp AS $$
	SELECT jsonb_build_object(
		'region', c.county, 'hukou', h.hukou,
		'facts', (h.facts - 'holds') || jsonb_build_object('holds',
			onedoor.household_holds(h.id, date_trunc('month', onedoor.today())::date)),
		'members', coalesce((
			SELECT jsonb_agg(jsonb_build_object('resident_id', p.resident_id,
				'name', p.name, 'relation', m.relation, 'facts', p.facts)
				ORDER BY m.position)
			FROM onedoor.household_members m JOIN onedoor.persons p ON p.id = m.person_id
			WHERE m.household_id = h.id), '[]'))
	FROM onedoor.households h JOIN onedoor.centres c ON c.code = h.centre_code
	WHERE h.id = p_household_id
$$;

CREATE FUNCTION onedoor.households_no_typed_holds() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	NEW.facts := NEW.facts - 'holds';
	RETURN NEW;
END $$;
CREATE TRIGGER households_no_typed_holds BEFORE INSERT OR UPDATE OF facts
	ON onedoor.households
	FOR EACH ROW WHEN (NEW.facts ? 'holds')
	EXECUTE FUNCTION onedoor.households_no_typed_holds();
REVOKE ALL ON FUNCTION onedoor.households_no_typed_holds() FROM PUBLIC;
