# client_conventions.sh - what a workstation's administrator expects of the
# client: /etc/onedoor/onedoor.ini and the user's onedoor.ini merged key by
# key; /etc/onedoor/keys.ini and /etc/onedoor/forms/ read instead of the
# shipped ones; the language of LANG unless [ui] language says otherwise; a
# support log with the full error and no password or resident ID; a schema
# older than the program refused at login with a clear sentence.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
DB=od_ui_conventions
new_database $DB >/dev/null || exit 1
home="$ONEDOOR_TEST_DIR/conventions"
rm -rf "$home"
etc="$home/etc-onedoor"
mkdir -p "$etc" "$home/config/onedoor" "$home/state"
trap 'tmux_stop' EXIT
# The system file names the server and the centre; the user's only the language.
printf '[database]\nconninfo = host=%s dbname=%s\n[window]\ncentre = 511703001\nnumber = 2\n[receipt]\nprinter =\n' \
	"$ONEDOOR_TEST_HOST" "$DB" >"$etc/onedoor.ini"
printf '[ui]\nlanguage = en\n' >"$home/config/onedoor/onedoor.ini"
client() { # the client with this workstation's folders, no --config
	echo "env -u ONEDOOR_CONFIG ONEDOOR_SYSCONFDIR=$etc XDG_CONFIG_HOME=$home/config XDG_STATE_HOME=$home/state $* $ONEDOOR_BIN/onedoor"
}
log="$home/state/onedoor/onedoor.log"

tmux_start 80 24 "$(client)"
ok_if "with the user's [ui] only, the system's server is used: the English login screen" \
	tmux_wait "Login name"
tmux_keys -l demo_clerk1
tmux_keys Enter
tmux_keys -l wrong-password-123
tmux_keys Enter
ok_if "a wrong password is refused on screen" tmux_wait "Cannot log in"
tmux_keys Enter # closes the box with the server's whole message
tmux_keys -l onedoor
tmux_keys Enter
ok_if "the clerk logs in at the system file's centre" tmux_wait "Applications"
tmux_keys F10
sleep 0.5
tmux_stop
ok_if "the support log exists in XDG_STATE_HOME" test -f "$log"
ok_match "it names both configuration files, the user's last" \
	"configuration: $etc/onedoor.ini \+ $home/config/onedoor/onedoor.ini; centre 511703001 window 2" \
	"$(cat "$log")"
ok_match "it has the refused login with libpq's whole message" \
	"error: cannot connect as demo_clerk1: .*password authentication failed" "$(cat "$log")"
ok_match "and the login that worked" "info: connected as demo_clerk1 to " "$(cat "$log")"
ok_if "no password is in it" sh -c "! grep -q 'wrong-password-123' '$log'"
ok_eq "it is readable by its owner only" "600" "$(stat -c %a "$log")"

# Without [ui] language anywhere the screens follow LANG/LC_ALL.
printf '[ui]\ncolour = off\n' >"$home/config/onedoor/onedoor.ini"
tmux_start 80 24 "$(client LC_ALL=C.UTF-8)"
ok_if "no [ui] language and an English locale: English" tmux_wait "Login name"
tmux_stop
if locale -a 2>/dev/null | grep -qi '^zh_CN\.utf'; then
	tmux_start 80 24 "$(client LC_ALL=zh_CN.UTF-8)"
	ok_if "no [ui] language and a Chinese locale: Chinese" tmux_wait "登录名"
	tmux_stop
fi
printf '[ui]\nlanguage = zh_CN\n' >"$home/config/onedoor/onedoor.ini"
tmux_start 80 24 "$(client LC_ALL=C.UTF-8)"
ok_if "[ui] language = zh_CN outranks an English locale" tmux_wait "登录名"
tmux_stop

# /etc/onedoor/keys.ini and /etc/onedoor/forms/household.ini replace the
# shipped ones: a broken copy there is what the client reports.
printf '[nosuchscreen]\nquit = F10\n' >"$etc/keys.ini"
out=$(env -u ONEDOOR_CONFIG ONEDOOR_SYSCONFDIR="$etc" XDG_CONFIG_HOME="$home/config" \
	XDG_STATE_HOME="$home/state" "$ONEDOOR_BIN/onedoor" </dev/null 2>&1)
ok_match "/etc/onedoor/keys.ini is read instead of the shipped keys" "$etc/keys.ini:1: " "$out"
rm "$etc/keys.ini"
mkdir -p "$etc/forms"
printf '[form]\nbroken\n' >"$etc/forms/household.ini"
out=$(env -u ONEDOOR_CONFIG ONEDOOR_SYSCONFDIR="$etc" XDG_CONFIG_HOME="$home/config" \
	XDG_STATE_HOME="$home/state" "$ONEDOOR_BIN/onedoor" </dev/null 2>&1)
ok_match "/etc/onedoor/forms/household.ini is read instead of the shipped form" \
	"$etc/forms/household.ini:2: " "$out"
ok_match "and the failure is in the support log" "error: $etc/forms/household.ini:2: " \
	"$(cat "$log")"
rm -r "$etc/forms"

# A database that lacks the program's newest migration: a clear refusal.
last=$(psql -X -At -d $DB -c "SELECT max(name) FROM onedoor.schema_migrations")
psql -X -q -d $DB -c "DELETE FROM onedoor.schema_migrations WHERE name = '$last'"
printf '[ui]\nlanguage = en\n' >"$home/config/onedoor/onedoor.ini"
tmux_start 100 24 "$(client)"
tmux_wait "Login name" >/dev/null
tmux_keys -l demo_clerk1
tmux_keys Enter
tmux_keys -l onedoor
tmux_keys Enter
ok_if "a schema older than the program is refused at login, saying what to do" \
	tmux_wait "older than this program.*|onedoor-admin init"
ok_match "the log names the missing migration" "error: The database is older than this program \(it lacks $last\)" \
	"$(cat "$log")"
tmux_stop
dropdb $DB
done_testing
