#!/bin/sh
# test-deb.sh - the Debian packages as an administrator meets them (CI, as root).
#
# Builds onedoor and onedoor-admin from a clean copy of HEAD (or DEB_REF;
# packaging/build-deb.sh), runs lintian, installs them with dpkg -i, runs
# the installed programs (--version, --help, `onedoor match` on a sample
# household with the installed catalogue, `onedoor-admin init` on a fresh
# database of a throwaway cluster, the installed client under tmux up to
# its main screen), then removes and purges them and checks that nothing of
# them is left.  Prints "ok"/"not ok" lines and "N passed, N failed".
# It changes the machine (installs packages), so it refuses to run when
# onedoor is already installed, and it is for root only.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"
if [ "$(id -u)" -ne 0 ]; then
	echo "test-deb.sh: run as root (it installs and purges the packages)" >&2
	exit 2
fi
state=$(dpkg-query -W -f='${db:Status-Abbrev}' onedoor onedoor-admin 2>/dev/null | grep -v '^un')
if [ -n "$state" ]; then
	echo "test-deb.sh: onedoor is already installed here; purge it first" >&2
	exit 2
fi
export DEBIAN_FRONTEND=noninteractive
make --no-print-directory deps-deb || exit 1

WORK=$(mktemp -d "${TMPDIR:-/tmp}/onedoor-deb.XXXXXX")
chmod 0755 "$WORK"
LOG="$WORK/checks.log"
export ONEDOOR_TOP="$TOP" LC_ALL=C.UTF-8 TZ=Asia/Shanghai
unset ONEDOOR_CONFIG XDG_CONFIG_HOME ONEDOOR_DATADIR
VERSION=$(sed -n 's/^VERSION *:= *//p' Makefile)
# DEB_REF: what to package (build-deb.sh); "." tries the working tree.
REF=${DEB_REF:-HEAD}

cleanup() {
	tmux_stop 2>/dev/null
	cluster_stop 2>/dev/null
	dpkg --purge onedoor-admin onedoor >/dev/null 2>&1
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

. "$TOP/tests/lib/assert.sh"
. "$TOP/tests/lib/db.sh"
. "$TOP/tests/lib/tmux.sh"
. "$TOP/tests/lib/cluster.sh"

checks() {
	echo "== build (clean copy of $REF)"
	if ! sh packaging/build-deb.sh "$WORK/deb" "$REF" >"$WORK/build.log" 2>&1; then
		tail -n 40 "$WORK/build.log" | sed 's/^/#   | /'
		echo "not ok - the packages build"
		return
	fi
	echo "ok - the packages build"
	ok_if "the unit tests ran in the package build" grep -Eq '^[0-9]+ passed, 0 failed' \
		"$WORK/build.log"
	client=$(ls "$WORK"/deb/onedoor_*.deb)
	admin=$(ls "$WORK"/deb/onedoor-admin_*.deb)

	echo "== lintian"
	# As root lintian says so on stderr; that line is not a finding.
	lint=$(lintian --fail-on warning --display-info "$WORK"/deb/*.changes 2>&1)
	ok_eq "lintian finds nothing of warning level" 0 $?
	printf '%s\n' "$lint" | grep -v 'root privileges' | sed 's/^/#   lintian: /'

	echo "== install"
	if out=$(dpkg -i "$client" "$admin" 2>&1); then
		echo "ok - dpkg -i installs both packages"
	else
		printf '%s\n' "$out" | sed 's/^/#   | /'
		echo "not ok - dpkg -i installs both packages"
		return
	fi
	ok_eq "onedoor --version" "onedoor $VERSION" "$(/usr/bin/onedoor --version 2>&1)"
	ok_eq "onedoor-admin --version" "onedoor-admin $VERSION" "$(/usr/sbin/onedoor-admin --version 2>&1)"
	ok_match "onedoor-admin --help lists init" "^ +init " "$(/usr/sbin/onedoor-admin --help 2>&1)"
	ok_match "/etc/onedoor/onedoor.ini is a conffile" "/etc/onedoor/onedoor.ini" \
		"$(dpkg-query -W -f='${Conffiles}' onedoor)"
	for page in man1/onedoor.1 man5/onedoor.ini.5 man8/onedoor-admin.8; do
		ok_if "manual page $page is installed" test -f "/usr/share/man/$page.gz"
	done
	# The household file's keys are the engine's (hh_facts.h); the manual
	# lists them, and must not fall behind.
	missing_keys=""
	for key in $(sed -n 's/.*X([HM]K_[A-Z_]*, "\([a-z_]*\)".*/\1/p' \
		"$TOP/include/onedoor/hh_facts.h"); do
		zcat /usr/share/man/man5/onedoor.ini.5.gz | grep -qw -- "$key" ||
			missing_keys="$missing_keys $key"
	done
	ok_eq "onedoor.ini(5) documents every household file key" "" "$missing_keys"
	ok_if "the Chinese translation is installed" \
		test -f /usr/share/locale/zh_CN/LC_MESSAGES/onedoor.mo
	ok_if "the default catalogue is installed" \
		sh -c 'ls /usr/share/onedoor/conf/catalogue/*.ini'
	ok_if "the working-day calendar is installed" \
		sh -c 'ls /usr/share/onedoor/conf/calendar/*.ini'

	echo "== onedoor match"
	# JSON, whose verdicts do not depend on the language.  Yang qualifies
	# for rural 低保 as a single-person household (575.00 a month).
	match=$(/usr/bin/onedoor match "$TOP/packaging/tests/household-yang.ini" \
		--catalogue /usr/share/onedoor/conf/catalogue --date 2026-03-02 --format json 2>&1)
	match_rc=$?
	if printf '%s' "$match" | grep -q 'unknown argument "match"'; then
		echo "# skipped: onedoor match is not built yet in this version"
	else
		ok_eq "onedoor match on the sample household succeeds" 0 $match_rc
		ok_match "the installed catalogue gives him rural 低保, 575.00 a month" \
			'"code": "dibao_rural", [^}]*"verdict": "eligible", "amount": "575.00"' "$match"
	fi

	echo "== server set-up and the installed client"
	# The throwaway cluster's template is migrated with the installed tool.
	ONEDOOR_BIN=/usr/sbin
	if ! cluster_start >"$WORK/cluster.log" 2>&1; then
		sed 's/^/#   | /' "$WORK/cluster.log"
		echo "not ok - a throwaway cluster with the installed onedoor-admin"
		return
	fi
	createdb od_pkg
	printf '[database]\nconninfo = dbname=od_pkg\n' >"$WORK/admin.ini"
	out=$(echo 'county-admin-pw' |
		/usr/sbin/onedoor-admin -c "$WORK/admin.ini" init --admin pkg_admin --name 县管理员 2>&1)
	ok_eq "onedoor-admin init sets up a fresh database" 0 $?
	ok_match "init ends with the database ready" "the database is ready|数据库已就绪" "$out"
	ok_match "init reports in Chinese from the installed translation" "正在应用迁移" "$out"
	out=$(/usr/sbin/onedoor-admin -c "$WORK/admin.ini" init </dev/null 2>&1)
	ok_eq "a second init succeeds" 0 $?

	ini=$(new_database od_pkg_client)
	tmux_start 80 24 /usr/bin/onedoor --config "$ini"
	ok_if "the installed client shows its login screen" tmux_wait "登录名"
	tmux_keys -l demo_clerk1
	tmux_keys Enter
	tmux_keys -l onedoor
	tmux_keys Enter
	ok_if "the installed client reaches the worklist" tmux_wait "申请列表"
	tmux_keys F10
	tmux_stop
	cluster_stop

	echo "== remove and purge"
	files=$(dpkg -L onedoor onedoor-admin | sort -u)
	ok_if "dpkg -r removes both packages" dpkg -r onedoor-admin onedoor
	ok_if "the conffile stays after dpkg -r" test -f /etc/onedoor/onedoor.ini
	echo "; a local change" >>/etc/onedoor/onedoor.ini
	ok_if "dpkg --purge purges both packages" dpkg --purge onedoor-admin onedoor
	left=""
	for f in $files; do
		[ -d "$f" ] && continue # shared folders (/usr/share/man/man1…) stay
		[ -e "$f" ] || [ -L "$f" ] && left="$left $f"
	done
	for d in /etc/onedoor /usr/share/onedoor /usr/share/doc/onedoor /usr/share/doc/onedoor-admin; do
		[ -e "$d" ] && left="$left $d"
	done
	ok_eq "nothing of the packages is left" "" "$left"
	ok_if "dpkg no longer knows them" sh -c '! dpkg-query -W onedoor onedoor-admin 2>/dev/null | grep -q .'
}

# Not through a pipe: the cluster and tmux server must be this shell's to stop.
checks >"$LOG" 2>&1
cat "$LOG"
passed=$(grep -c '^ok ' "$LOG")
failed=$(grep -c '^not ok ' "$LOG")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
