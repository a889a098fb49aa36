# db.sh - sourced by database and screen tests (needs tests/lib/cluster.sh's env).
#   new_database NAME   creates database NAME from the template and writes
#                       $ONEDOOR_TEST_DIR/NAME.ini pointing at it; prints the path
#   as_role ROLE SQL    runs SQL through psql as the demo login ROLE
#   clone_template NAME a database NAME copied from the template with the
#                       template's own settings: createdb -T copies the data
#                       but not ALTER DATABASE ... SET (migration 0014's
#                       jit = off), and a copy without them plans like no
#                       real database does
new_database() {
	dropdb --if-exists "$1" >/dev/null 2>&1
	clone_template "$1" || return 1
	printf '[database]\nconninfo = host=%s dbname=%s\n[window]\ncentre = 511703001\nnumber = 1\n[ui]\nlanguage = zh_CN\ncolour = auto\n[receipt]\nprinter =\ndirectory = %s\n' \
		"$ONEDOOR_TEST_HOST" "$1" "$ONEDOOR_TEST_DIR/receipts-$1" > "$ONEDOOR_TEST_DIR/$1.ini"
	echo "$ONEDOOR_TEST_DIR/$1.ini"
}
clone_template() {
	createdb -T onedoor_tpl "$1" || return 1
	psql -X -q -At -v ON_ERROR_STOP=1 -d postgres -v db="$1" >/dev/null <<'EOF'
SELECT CASE WHEN s.setrole = 0 THEN format('ALTER DATABASE %I SET %s = %L', :'db',
		split_part(c, '=', 1), substr(c, strpos(c, '=') + 1))
	ELSE format('ALTER ROLE %I IN DATABASE %I SET %s = %L', r.rolname, :'db',
		split_part(c, '=', 1), substr(c, strpos(c, '=') + 1)) END
FROM pg_db_role_setting s
CROSS JOIN LATERAL unnest(s.setconfig) c
LEFT JOIN pg_roles r ON r.oid = s.setrole
WHERE s.setdatabase = (SELECT oid FROM pg_database WHERE datname = 'onedoor_tpl') \gexec
EOF
}
as_role() {
	PGPASSWORD=onedoor psql -X -q -v ON_ERROR_STOP=1 -At -U "$1" -d "$DB" -c "$2"
}
#   staff_login ROLE GROUP NAME [CENTRE] [COUNTY] [DEPARTMENT]
#                       a LOGIN role (password "onedoor") in onedoor_GROUP,
#                       made once per cluster, registered as staff in $DB
staff_login() {
	psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -c "DO \$\$ BEGIN
		IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$1') THEN
			CREATE ROLE $1 LOGIN PASSWORD 'onedoor' IN ROLE onedoor_$2;
		END IF; END \$\$" \
		-c "INSERT INTO onedoor.staff (role_name, full_name, role_group, centre_code, county,
			department) VALUES ('$1', '$3', '$2', NULLIF('${4:-}', ''),
			NULLIF('${5:-}', ''), NULLIF('${6:-}', ''))" >/dev/null
}
#   stranger_login ROLE  a LOGIN role (password "onedoor") in no onedoor group,
#                       made once per cluster: what anyone with an account
#                       on the server could do
stranger_login() {
	psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -c "DO \$\$ BEGIN
		IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$1') THEN
			CREATE ROLE $1 LOGIN PASSWORD 'onedoor';
		END IF; END \$\$" >/dev/null
}
