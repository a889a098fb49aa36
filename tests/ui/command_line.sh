# command_line.sh - GNU conventions of both programs, configuration errors
# and the refusal of a non-UTF-8 locale, before any screen opens.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
od="$ONEDOOR_BIN/onedoor"
adm="$ONEDOOR_BIN/onedoor-admin"

out=$("$od" --help 2>/dev/null); rc=$?
ok_eq "onedoor --help exits 0" 0 $rc
ok_match "onedoor --help shows usage on stdout" "Usage: onedoor|用法" "$out"
ok_match "onedoor --version" "^onedoor [0-9]+\.[0-9]+\.[0-9]+$" "$("$od" --version)"
"$od" --bogus >"$tmp/out" 2>"$tmp/err"; rc=$?
ok_eq "bad option exits 2" 2 $rc
ok_eq "nothing on stdout for a bad option" "" "$(cat "$tmp/out")"
ok_match "usage on stderr for a bad option" "onedoor \[--config FILE\]" "$(cat "$tmp/err")"
"$od" extra-argument 2>"$tmp/err"; ok_eq "stray argument exits 2" 2 $?

out=$("$adm" --help); ok_match "onedoor-admin --help lists its commands" "migrate" "$out"
"$adm" frobnicate 2>"$tmp/err"; ok_eq "unknown admin command exits 2" 2 $?
ok_match "unknown admin command named" "frobnicate" "$(cat "$tmp/err")"

printf '[ui]\nlanguage = en\n\n[window]\nnumber = 123\n' > "$tmp/bad.ini"
"$od" --config "$tmp/bad.ini" </dev/null 2>"$tmp/err"; rc=$?
ok_eq "bad config value exits 2" 2 $rc
ok_match "bad config value reported as FILE:LINE" "bad.ini:5: " "$(cat "$tmp/err")"
printf '[ui]\nlanguage = en\noops\n' > "$tmp/syntax.ini"
"$od" --config "$tmp/syntax.ini" </dev/null 2>"$tmp/err"
ok_match "malformed config line reported as FILE:LINE" "syntax.ini:3: " "$(cat "$tmp/err")"
"$od" --config "$tmp/missing.ini" </dev/null 2>"$tmp/err"; rc=$?
ok_eq "missing --config file exits 2" 2 $rc
ONEDOOR_CONFIG="$tmp/bad.ini" "$od" </dev/null 2>"$tmp/err"
ok_match "ONEDOOR_CONFIG is honoured" "bad.ini:5: " "$(cat "$tmp/err")"

printf '[ui]\nlanguage = en\n' > "$tmp/good.ini"
LC_ALL=C "$od" --config "$tmp/good.ini" </dev/null 2>"$tmp/err"; rc=$?
ok_eq "non-UTF-8 locale refused" 1 $rc
ok_match "non-UTF-8 locale explained" "not UTF-8" "$(cat "$tmp/err")"
"$od" --config "$tmp/good.ini" </dev/null >/dev/null 2>"$tmp/err"; rc=$?
ok_eq "no terminal: refused, not crashed" 1 $rc
ok_match "no terminal explained" "needs a terminal" "$(cat "$tmp/err")"
TERM=no-such-terminal script -qec "$od --config $tmp/good.ini" /dev/null >"$tmp/out" 2>&1
ok_match "unknown TERM explained" "no-such-terminal" "$(cat "$tmp/out")"
# Keys are data (conf/keys.ini): a mistake there is named with its line.
data="$tmp/data"
mkdir -p "$data/conf"
ln -s "$ONEDOOR_TOP/forms" "$data/forms"
printf '[any]\nhelp = F1 Ctrl-G\nquit = F10 Ctrl-Q\n[form]\nsave = F8 Ctrl-H\n' > "$data/conf/keys.ini"
ONEDOOR_DATADIR="$data" "$od" --config "$tmp/good.ini" </dev/null 2>"$tmp/err"; rc=$?
ok_eq "a reserved Ctrl key in keys.ini stops the start" 2 $rc
ok_match "named with file and line" "keys.ini:5: " "$(cat "$tmp/err")"
printf '[any]\nhelp = F1 Ctrl-G\nhelp_me = F2 Ctrl-N\n' > "$data/conf/keys.ini"
ONEDOOR_DATADIR="$data" "$od" --config "$tmp/good.ini" </dev/null 2>"$tmp/err"
ok_match "an unknown command in keys.ini is named" "keys.ini:3: .*help_me" "$(cat "$tmp/err")"
printf '[cases]\nrefresh = F5 Ctrl-R\nopen = F5 Ctrl-O\n' > "$data/conf/keys.ini"
ONEDOOR_DATADIR="$data" "$od" --config "$tmp/good.ini" </dev/null 2>"$tmp/err"
ok_match "one key for two commands on one screen is refused" "keys.ini:3: " "$(cat "$tmp/err")"
done_testing
