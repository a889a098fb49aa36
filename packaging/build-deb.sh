#!/bin/sh
# build-deb.sh DIR [REF] - build the onedoor Debian packages into DIR.
#
# The source tree is a clean copy of the repository at REF (default HEAD):
# `git archive`, so files others are still writing never reach a package.
# REF "." copies the working tree's files instead (tracked and untracked, not
# ignored), for trying packaging changes before committing them.  Without
# git (an unpacked tarball) the current files are copied.
# packaging/debian becomes the copy's debian/.  dpkg-buildpackage writes its
# results into the copy's parent folder, DIR/src, and they are moved to DIR.
# Prints the paths of the .deb files, one a line, on the last lines.
set -eu
out=${1:?usage: build-deb.sh DIR [REF]}
ref=${2:-HEAD}
top=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's/^VERSION *:= *//p' "$top/Makefile")

mkdir -p "$out"
out=$(cd "$out" && pwd)
src="$out/src"
tree="$src/onedoor-$version"
rm -rf "$src"
mkdir -p "$tree"
rm -f "$out"/*.deb "$out"/*.ddeb "$out"/*.changes "$out"/*.buildinfo

cd "$top"
if [ "$ref" != . ] && git rev-parse --verify -q "$ref^{commit}" >/dev/null 2>&1; then
	git archive "$ref" | tar -x -C "$tree"
elif git rev-parse --git-dir >/dev/null 2>&1; then
	git ls-files -z --cached --others --exclude-standard |
		xargs -0 sh -c 'for f; do [ -f "$f" ] && printf "%s\0" "$f"; done' sh |
		tar --null -T - -cf - | tar -x -C "$tree"
else
	tar --exclude='./build*' --exclude=./var -cf - . | tar -x -C "$tree"
fi
[ -d "$tree/packaging/debian" ] || { echo "build-deb: $ref has no packaging/debian" >&2; exit 1; }
cp -R "$tree/packaging/debian" "$tree/debian"

# The changelog names the package version; it must be the program's.
deb_version=$(cd "$tree" && dpkg-parsechangelog -S Version)
if [ "${deb_version%%-*}" != "$version" ]; then
	echo "build-deb: debian/changelog says $deb_version, the Makefile $version" >&2
	exit 1
fi

(cd "$tree" && dpkg-buildpackage -us -uc -b)
for f in "$src"/*.deb "$src"/*.ddeb "$src"/*.changes "$src"/*.buildinfo; do
	[ -f "$f" ] && mv "$f" "$out/"
done
rm -rf "$src"
ls "$out"/*.deb
