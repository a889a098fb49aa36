# admin_prompts.sh - onedoor-admin on a terminal, as a county administrator
# types it: the database password the server wants and ~/.pgpass lacks is
# asked for (as psql does) instead of failing with "no password supplied";
# a new login's password is asked twice without echo and never appears on
# the screen.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/tmux.sh"
DB=od_ui_admin_prompts
ini=$(new_database $DB) || exit 1
psql -X -q -c "DROP ROLE IF EXISTS prompt_auditor" >/dev/null 2>&1
trap 'tmux_stop' EXIT
admin="env PGUSER=demo_admin PGPASSFILE=/dev/null $ONEDOOR_BIN/onedoor-admin -c $ini"

tmux_start 100 24 "$admin user list"
ok_if "the database password is asked for on the terminal" \
	tmux_wait "Password for the database login|数据库登录密码"
tmux_keys -l onedoor
tmux_keys Enter
ok_if "with it, the command runs" tmux_wait "demo_clerk1"
tmux_stop

tmux_start 100 24 "$admin user add prompt_auditor --name 审计员 --group auditor --county 511703"
ok_if "the new login's password is asked first (before any connection)" \
	tmux_wait "New password|新密码"
tmux_keys -l Typed-secret-42
tmux_keys Enter
ok_if "twice" tmux_wait "Repeat the password|再次输入"
tmux_keys -l Typed-secret-42
tmux_keys Enter
ok_if "then the database password" tmux_wait "Password for the database login|数据库登录密码"
tmux_keys -l onedoor
tmux_keys Enter
ok_if "the login is added" tmux_wait "prompt_auditor"
no_secret_shown() { ! tmux_screen | grep -q Typed-secret; }
ok_if "the typed password never showed on the screen" no_secret_shown
tmux_stop
ok_eq "the new login works with that password" "prompt_auditor" \
	"$(PGPASSWORD=Typed-secret-42 psql -X -At -U prompt_auditor -d $DB -c 'SELECT current_user' 2>&1)"

# Two different entries: refused before connecting, nothing is added.
tmux_start 100 24 "$admin user add prompt_other --name 审计员 --group auditor --county 511703"
tmux_wait "New password|新密码" >/dev/null
tmux_keys -l First-secret-1
tmux_keys Enter
tmux_wait "Repeat the password|再次输入" >/dev/null
tmux_keys -l Other-secret-2
tmux_keys Enter
ok_if "two different passwords are refused" tmux_wait "the passwords differ|两次输入的密码不一致"
tmux_stop
ok_eq "and no login was made" 0 \
	"$(psql -X -At -d $DB -c "SELECT count(*) FROM pg_roles WHERE rolname = 'prompt_other'")"
psql -X -q -c "DROP OWNED BY prompt_auditor" -d $DB >/dev/null 2>&1
dropdb $DB
psql -X -q -c "DROP ROLE IF EXISTS prompt_auditor" >/dev/null 2>&1
done_testing
