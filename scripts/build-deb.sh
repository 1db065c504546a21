#!/bin/sh
# Build the Debian packages for arm64 (debian/) in a copy of the tree under
# $B/deb/armvm-<version>/, so the checkout stays as it is and the .debs land
# in $B/deb/: armvm, libarmvm0 and libarmvm-dev (no -dbgsym).
#
#   scripts/build-deb.sh [dpkg-buildpackage options]
#
# Uses the project's cross setup (profile pkg.armvm.sysroot, debian/rules):
# scripts/setup.sh's cross compiler and arm64 libfdt sysroot, plus
# dpkg-dev, debhelper, and libc6:arm64 and libfdt1:arm64 for dpkg-shlibdeps.
# Prints the build log's path; exits non-zero when the build fails.
set -eu
cd "$(dirname "$0")/.."
B=${B:-build}
ver=$(dpkg-parsechangelog -S Version)
work=$B/deb
src=$work/armvm-$ver
rm -rf "$work"
mkdir -p "$src"
# The files of the checkout as they are now (tracked or new, not ignored).
if git rev-parse --git-dir >/dev/null 2>&1; then
	git ls-files -co --exclude-standard -z | tar --null -T - -cf - | tar -xf - -C "$src"
	# The copy has no .git: the revision `armvm --version` prints (mk/version.mk).
	git describe --always --dirty >"$src/REVISION" 2>/dev/null || rm -f "$src/REVISION"
else
	tar --exclude=./build --exclude=./build-clang --exclude=./.git -cf - . | tar -xf - -C "$src"
fi
log=$work/build.log
echo "build-deb: building in $src (log: $log)" >&2
if ! (cd "$src" && DEB_BUILD_OPTIONS="nocheck noautodbgsym parallel=${JOBS:-2} ${DEB_BUILD_OPTIONS:-}" \
	dpkg-buildpackage -a arm64 -Pcross,pkg.armvm.sysroot -us -uc -b "$@") >"$log" 2>&1; then
	grep -E 'error|Error' "$log" | tail -n 5 >&2
	echo "build-deb: failed (log: $log)" >&2
	exit 1
fi
# The copy's objects are not this tree's build (tests/suites/layers.sh reads
# every object under build/): keep only the packages and the log.
rm -rf "$src/build"
ls "$work"/*.deb
