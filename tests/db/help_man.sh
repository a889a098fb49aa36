# help_man.sh - --help and the manual pages say the same: every command
# line of `onedoor-admin --help` (printed from the command table) is a
# command heading of onedoor-admin(8), and the other way round; the long
# options of both programs' --help are those their pages name; help follows
# the locale (English under C.UTF-8, Chinese under zh_CN.UTF-8) and needs
# no configuration or server.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
MAN="$ONEDOOR_TOP/packaging/man"
admin="$ONEDOOR_BIN/onedoor-admin"
client="$ONEDOOR_BIN/onedoor"
# Roff to plain words: fonts dropped, \- as -, request names removed.
plain() { sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/^\.[A-Z][A-Z]* //' "$1"; }

help=$(env -u ONEDOOR_CONFIG LC_ALL=C.UTF-8 "$admin" --help)
ok_match "LC_ALL=C.UTF-8 onedoor-admin --help is English" "^Usage: onedoor-admin" "$help"
zh=$(LC_ALL= LANG=zh_CN.UTF-8 LANGUAGE= "$admin" --help 2>/dev/null)
if locale -a 2>/dev/null | grep -qi '^zh_CN\.utf'; then
	ok_match "LANG=zh_CN.UTF-8 onedoor-admin --help is Chinese" "用法" "$zh"
fi
from_help=$(printf '%s\n' "$help" | sed -n 's/^  \([a-z][a-z]*\( \|$\)\)/\1/p' | sort)
from_man=$(awk '/^\.SH COMMANDS/ {on = 1; next} /^\.SH/ {on = 0}
	on && prev == ".TP" {print} {prev = $0}' "$MAN/onedoor-admin.8" |
	sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' | sort)
ok_if "onedoor-admin --help lists commands" test -n "$from_help"
ok_eq "every command of --help is in onedoor-admin(8) with the same synopsis, and no other" \
	"$from_help" "$from_man"

# Each command's own --help is printed from the same row.
printf '%s\n' "$from_help" | while IFS= read -r line; do
	set -f
	set -- $line
	set +f
	case "$2" in
	"" | -* | [A-Z]* | \[*) words=$1 ;;
	*) words="$1 $2" ;;
	esac
	# shellcheck disable=SC2086
	out=$("$admin" -c /nonexistent $words --help 2>&1)
	ok_match "onedoor-admin $words --help works without a configuration" \
		"^Usage: onedoor-admin \[--config FILE\] $words" "$out"
done

options_of() { grep -o -- '--[a-z][a-z-]*' | sort -u; }
global_help=$(printf '%s\n' "$help" | sed -n '/^Options:/,/^$/p' | options_of)
global_man=$(sed -n '/^\.SH OPTIONS/,/^\.SH/p' "$MAN/onedoor-admin.8" | plain /dev/stdin | options_of)
ok_eq "onedoor-admin's global options are those of its OPTIONS section" "$global_help" "$global_man"

client_help=$( (LC_ALL=C.UTF-8 "$client" --help; LC_ALL=C.UTF-8 "$client" match --help) | options_of)
client_man=$(plain "$MAN/onedoor.1" | sed -n '1,/^SEE ALSO/p' | options_of)
ok_eq "the long options of onedoor --help and onedoor match --help are those onedoor(1) names" \
	"$client_help" "$client_man"
done_testing
