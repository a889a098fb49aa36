-- 0031_catalogue_review: each item's periodic review interval, as the
-- catalogue's `review_months` key gives it: a formula in months over the
-- household's facts (the rule language, checked by the importer like the
-- eligibility rule), e.g. 6 for a minimum-living-allowance household with
-- members able to work and 12 otherwise; '' for items granted once, which
-- are not reviewed.  The engine computes the months for a household; the
-- benefit lifecycle schedules the reviews from them.
ALTER TABLE onedoor.catalogue_items
	ADD COLUMN review_months text NOT NULL DEFAULT '';
