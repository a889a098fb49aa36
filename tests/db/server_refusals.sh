# server_refusals.sh - onedoor-admin says the server's refusals in the
# language of the locale (LANGUAGE / LANG), as the screens do: a region
# code already there, refused by the server, in Chinese and in English.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
DB=db_refusals
ini=$(new_database $DB)
# No [ui] language: the locale decides.
plain="$ONEDOOR_TEST_DIR/$DB-locale.ini"
grep -v '^language' "$ini" > "$plain"
adm() { "$ONEDOOR_BIN/onedoor-admin" -c "$plain" "$@"; }

out=$(LC_ALL=C.UTF-8 LANGUAGE=zh_CN adm region add 511703 又一个 --parent 511700 2>&1)
ok_eq "the server refuses a region code already there" 1 $?
ok_match "in Chinese under LANGUAGE=zh_CN" "行政区划 511703 已存在" "$out"
ok_if "with no English left" sh -c '! printf "%s\n" "$1" | grep -q "already exists"' _ "$out"
out=$(LC_ALL=C.UTF-8 LANGUAGE= adm region add 511703 又一个 --parent 511700 2>&1)
ok_match "in English under C.UTF-8" "region 511703 already exists" "$out"
# LANG=zh_CN.UTF-8 as a county office's server has it: the locale made
# here from the Debian package `locales` (LOCPATH), whatever is installed.
locales="$ONEDOOR_TEST_DIR/locale-$DB"
mkdir -p "$locales"
ok_if "the zh_CN.UTF-8 locale can be made" \
	localedef -i zh_CN -f UTF-8 "$locales/zh_CN.UTF-8"
out=$(env -u LC_ALL -u LANGUAGE LOCPATH="$locales" LANG=zh_CN.UTF-8 \
	"$ONEDOOR_BIN/onedoor-admin" -c "$plain" region add 511703 又一个 --parent 511700 2>&1)
ok_match "in Chinese under LANG=zh_CN.UTF-8" "行政区划 511703 已存在" "$out"
done_testing
