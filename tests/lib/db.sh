# db.sh - sourced by database and screen tests (needs tests/lib/cluster.sh's env).
#   new_database NAME   creates database NAME from the template and writes
#                       $ONEDOOR_TEST_DIR/NAME.ini pointing at it; prints the path
#   as_role ROLE SQL    runs SQL through psql as the demo login ROLE
new_database() {
	dropdb --if-exists "$1" >/dev/null 2>&1
	createdb -T onedoor_tpl "$1" || return 1
	printf '[database]\nconninfo = host=%s dbname=%s\n[window]\ncentre = 511703001\nnumber = 1\n[ui]\nlanguage = zh_CN\ncolour = auto\n[receipt]\nprinter =\ndirectory = %s\n' \
		"$ONEDOOR_TEST_HOST" "$1" "$ONEDOOR_TEST_DIR/receipts-$1" > "$ONEDOOR_TEST_DIR/$1.ini"
	echo "$ONEDOOR_TEST_DIR/$1.ini"
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
