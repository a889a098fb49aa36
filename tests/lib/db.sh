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
