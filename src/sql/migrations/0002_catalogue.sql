-- 0002_catalogue: the benefit catalogue and its dated parameters, as
-- imported by `onedoor-admin catalogue import` from conf/catalogue/*.ini.
-- The client reads items and parameters at start; the workflow reads the
-- stage time limits (working days) and warning windows.

CREATE TABLE onedoor.catalogue_items (
	code            text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,47}$'),
	name_zh         text NOT NULL,
	name_en         text NOT NULL,
	department      text NOT NULL REFERENCES onedoor.departments,
	kind            text NOT NULL CHECK (kind IN
				('basic_living', 'special', 'temporary', 'subsidy', 'service')),
	scope           text NOT NULL CHECK (scope IN ('household', 'member')),
	legal_basis     text NOT NULL DEFAULT '',
	target_group    text NOT NULL DEFAULT '',
	materials       text[] NOT NULL DEFAULT '{}',
	process         text NOT NULL DEFAULT '',
	standard_text   text NOT NULL DEFAULT '',
	-- Time limits in working days per stage, and for the whole case.
	limit_accept    smallint NOT NULL DEFAULT 1 CHECK (limit_accept BETWEEN 1 AND 60),
	limit_verify    smallint NOT NULL DEFAULT 3 CHECK (limit_verify BETWEEN 1 AND 60),
	limit_supervise smallint NOT NULL DEFAULT 2 CHECK (limit_supervise BETWEEN 1 AND 60),
	limit_approve   smallint NOT NULL DEFAULT 5 CHECK (limit_approve BETWEEN 1 AND 60),
	limit_file      smallint NOT NULL DEFAULT 2 CHECK (limit_file BETWEEN 1 AND 60),
	limit_total     smallint NOT NULL DEFAULT 20 CHECK (limit_total BETWEEN 1 AND 120),
	-- Yellow from this many working days before a due date (due day included).
	warn_days       smallint NOT NULL DEFAULT 2 CHECK (warn_days BETWEEN 1 AND 5),
	green_channel   boolean NOT NULL DEFAULT false,
	commitment      boolean NOT NULL DEFAULT false,
	excludes        text[] NOT NULL DEFAULT '{}',
	-- Rule-language source, checked by the importer before it lands here.
	eligibility     text NOT NULL,
	amount          text NOT NULL DEFAULT '',
	amount_period   text NOT NULL DEFAULT 'monthly' CHECK (amount_period IN ('monthly', 'once')),
	source_file     text NOT NULL DEFAULT '',
	imported_at     timestamptz NOT NULL DEFAULT now(),
	active          boolean NOT NULL DEFAULT true
);

-- A parameter's value for a region from a date; never overwritten: a new
-- year's value is a new row, so old cases re-explain with their values.
CREATE TABLE onedoor.parameters (
	code        text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{1,63}$'),
	region      char(6) NOT NULL CHECK (region ~ '^[0-9]{6}$'), -- '000000' = national default
	valid_from  date NOT NULL,
	valid_to    date,
	value       numeric NOT NULL,
	reference   text NOT NULL,
	PRIMARY KEY (code, region, valid_from),
	CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

GRANT SELECT ON onedoor.catalogue_items, onedoor.parameters TO onedoor_clerk,
	onedoor_verifier, onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;

-- What a parameter is called and in what unit, for explanations
-- ("农村低保标准 575.00"); the values themselves are in parameters.
CREATE TABLE onedoor.parameter_defs (
	code      text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,63}$'),
	label_zh  text NOT NULL,
	label_en  text NOT NULL,
	unit      text NOT NULL DEFAULT '' CHECK (unit IN ('', 'yuan', 'share', 'years', 'count'))
);

-- Proactive warnings ("政策找人"): a rule over the same household facts.
CREATE TABLE onedoor.catalogue_warnings (
	code        text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,47}$'),
	name_zh     text NOT NULL DEFAULT '',
	name_en     text NOT NULL DEFAULT '',
	rule        text NOT NULL,
	message_zh  text NOT NULL DEFAULT '',
	message_en  text NOT NULL DEFAULT '',
	source_file text NOT NULL DEFAULT '',
	imported_at timestamptz NOT NULL DEFAULT now()
);

-- `onedoor-admin discover`: one row per run, one per finding (an item the
-- household qualifies for and does not hold, or a raised warning).
CREATE TABLE onedoor.discover_runs (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	as_of       date NOT NULL,
	started_at  timestamptz NOT NULL DEFAULT now(),
	finished_at timestamptz,
	households  bigint NOT NULL DEFAULT 0,
	findings    bigint NOT NULL DEFAULT 0,
	run_by      name NOT NULL DEFAULT session_user
);

-- One row per household with findings: the items it qualifies for and does
-- not hold (amounts in the same order: yuan per month or once, as the item
-- says; NULL when none), and the warnings raised.  One row per household, not
-- per finding, and no foreign key (households are deactivated, never
-- deleted): a run over a million households must write fast.
CREATE TABLE onedoor.discoveries (
	run_id       bigint NOT NULL REFERENCES onedoor.discover_runs ON DELETE CASCADE,
	household_id bigint NOT NULL,
	items        text[] NOT NULL DEFAULT '{}',
	amounts      numeric[] NOT NULL DEFAULT '{}',
	warnings     text[] NOT NULL DEFAULT '{}',
	PRIMARY KEY (run_id, household_id),
	CHECK (cardinality(items) = cardinality(amounts))
);

GRANT SELECT ON onedoor.parameter_defs, onedoor.catalogue_warnings TO onedoor_clerk,
	onedoor_verifier, onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
GRANT SELECT ON onedoor.discover_runs, onedoor.discoveries TO onedoor_supervisor,
	onedoor_auditor, onedoor_admin;
