#!/bin/sh
# accept_rederive.sh - acceptance re-derived by the server: a clerk with psql
# accepting an item the household does not qualify for is refused with the
# item and the failing condition; missing data is refused except on the
# green channel, where the missing facts are recorded as owed; an accepted
# application keeps the server's menu, which nobody can change; the
# window's check of its menu against the server's (application_menu).
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/engine.sh"
DB=t_accept_rederive
new_database "$DB" >/dev/null
G="$ONEDOOR_TOP/tests/golden"

clerk() { # SQL on stdin as demo_clerk1, variables from the arguments
	PGPASSWORD=onedoor psql -X -q -At -U demo_clerk1 -d "$DB" "$@" 2>&1
}
register() { # DOCUMENT N -> application number (the family under new IDs N..)
	clerk -v doc="$(fresh_ids "$1" "$2")" <<'SQL'
SELECT application_no FROM onedoor.register_household(gen_random_uuid(), :'doc');
SQL
}
accept() { # APPLICATION ITEMS_JSON
	clerk -v app="$1" -v items="$2" <<'SQL'
\set VERBOSITY verbose
SELECT item_code, track FROM onedoor.accept_application(gen_random_uuid(), :'app', 1, :'items');
SQL
}

yang=$(household_document "$G/seed002_yang_single_person.ini")
# The same family with a wage of 10,000 a month: far over the line.
rich=$(printf '%s' "$yang" | sed 's/"income_transfer":"0"/"income_wage":"120000"/')

app=$(register "$rich" 10)
ok_match "a household over the line registers" '^A' "$app"
out=$(accept "$app" '["dibao_rural"]')
ok_match "psql: 低保 for a household over the line is refused" '23514' "$out"
ok_match "the refusal names the item" 'dibao_rural' "$out"
ok_match "the refusal names the failing condition" '✗ 人均月收入 [0-9.]+ < 农村低保标准' "$out"
n=$(clerk -v app="$app" <<'SQL'
SELECT count(*) FROM onedoor.cases c JOIN onedoor.applications a ON a.id = c.application_id
WHERE a.application_no = :'app';
SELECT status FROM onedoor.applications WHERE application_no = :'app';
SQL
)
ok_eq "nothing was opened and the application is still registered" "0
registered" "$n"
# One good item does not carry a bad one.
out=$(accept "$app" '["elderly_allowance", "dibao_rural"]')
ok_match "a package with one ineligible item is refused whole" 'package item 2: .*dibao_rural' "$out"

app=$(register "$yang" 20)
out=$(accept "$app" '["dibao_rural", "disabled_care"]')
ok_eq "Yang: 低保 and the care subsidy are accepted" "dibao_rural|normal
disabled_care|normal" "$out"
# Compared by the superuser: the household document is the server's own.
snap=$(PGOPTIONS="-c client_min_messages=warning" psql -X -q -At -d "$DB" -v app="$app" <<'SQL'
SELECT s.catalogue_version = onedoor.catalogue_version(),
       s.evaluated_on = (SELECT min(c.opened_on) FROM onedoor.cases c WHERE c.application_id = a.id),
       s.menu = onedoor.engine_match(onedoor.household_doc(a.household_id), s.evaluated_on),
       (SELECT i ->> 'verdict' FROM jsonb_array_elements(s.menu -> 'items') i
	WHERE i ->> 'code' = 'dibao_rural')
FROM onedoor.menu_snapshots s JOIN onedoor.applications a ON a.id = s.application_id
WHERE a.application_no = :'app';
SQL
)
ok_eq "the server's menu is kept with the application" "t|t|t|eligible" "$snap"
out=$(psql -X -q -At -d "$DB" -v app="$app" 2>&1 <<'SQL'
UPDATE onedoor.menu_snapshots SET menu = '{}' WHERE application_id =
	(SELECT id FROM onedoor.applications WHERE application_no = :'app');
DELETE FROM onedoor.menu_snapshots;
SQL
)
ok_match "even the superuser cannot change a menu snapshot" 'cannot be changed' "$out"
ok_eq "nor delete one" 1 "$(psql -X -At -d "$DB" -c 'SELECT count(*) FROM onedoor.menu_snapshots')"

# Missing data: the self-paid medical costs are not entered.
nofacts=$(printf '%s' "$yang" | sed 's/"medical_selfpaid":"1200",//')
app=$(register "$nofacts" 30)
out=$(accept "$app" '[{"item": "medical", "track": "normal"}]')
ok_match "missing data refused on the normal track" 'data is missing: \? ' "$out"
out=$(accept "$app" '[{"item": "medical", "track": "green"}]')
ok_eq "accepted on the green channel" "medical|green" "$out"
owed=$(clerk -v app="$app" <<'SQL'
SELECT o.item_code, cardinality(o.missing), o.missing[1] LIKE '%medical_selfpaid%'
FROM onedoor.owed_facts o JOIN onedoor.cases c ON c.id = o.case_id
JOIN onedoor.applications a ON a.id = c.application_id WHERE a.application_no = :'app';
SQL
)
ok_eq "the missing fact is recorded as owed" "medical|1|t" "$owed"

# The window's view of the server's menu for a registered application.
app=$(register "$rich" 40)
menu=$(clerk -v app="$app" <<'SQL'
SELECT code, verdict, coalesce(amount::text, '-'), coalesce(reason LIKE '✗ %', false)
FROM onedoor.application_menu(:'app') WHERE code IN ('dibao_rural', 'elderly_allowance')
ORDER BY code;
SQL
)
ok_eq "application_menu: the server's verdicts and reasons" "dibao_rural|not_eligible|-|t
elderly_allowance|eligible|50.00|f" "$menu"
out=$(PGPASSWORD=onedoor psql -X -q -At -U demo_clerk2 -d "$DB" -v app="$app" 2>&1 <<'SQL'
SELECT count(*) FROM onedoor.application_menu(:'app');
SQL
)
ok_match "another centre's clerk cannot read it" 'not found' "$out"
done_testing
