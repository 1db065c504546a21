#!/bin/sh
# The Debian packages (debian/): built for arm64 with dpkg-buildpackage in a
# copy of the tree ($B/deb/), checked by lintian (no errors) and by their
# contents and fields; a program built with pkg-config against the
# libarmvm-dev package's files; then, in the lab, installed with busybox's
# dpkg on the nested arm64 host (with libc6 and libfdt1 from Debian) and
# used: tests/deb/lab-install.sh. Prints PASS:/FAIL:/SKIP: lines.
# shellcheck disable=SC2046,SC2086 # file lists and flags split on purpose
cd "$(dirname "$0")/../.." || exit 1
B=${B:-build}
ARMVM_CACHE=${ARMVM_CACHE:-$HOME/.cache/armvm}
export ARMVM_CACHE
CROSS=aarch64-linux-gnu-
PROFILES=cross,pkg.armvm.sysroot
status=0
pass() { echo "PASS: deb $1"; }
fail() { echo "FAIL: deb $1${2:+ $2}"; status=1; }
unset MAKEFLAGS MFLAGS

for tool in dpkg-buildpackage dpkg-checkbuilddeps dh lintian dpkg-deb ${CROSS}gcc pkg-config; do
	command -v $tool >/dev/null || {
		echo "SKIP: deb all $tool is missing (make setup: dpkg-dev debhelper lintian)"; exit 0; }
done
if ! unmet=$(dpkg-checkbuilddeps -a arm64 -P$PROFILES 2>&1); then
	echo "SKIP: deb all $(echo "$unmet" | sed 's/^dpkg-checkbuilddeps: error: //' | head -n 1)" \
		"(make setup)"
	exit 0
fi

# --- build ----------------------------------------------------------------
ver=$(dpkg-parsechangelog -S Version)
hv=$(sed -n 's/^#define ARMVM_VERSION_M[AI][JN]OR[ \t]*\([0-9]*\).*/\1/p' include/armvm/armvm.h | tr '\n' .)
case $ver in
"$hv"*) pass version ;;
*) fail version "debian/changelog says $ver, include/armvm/armvm.h ${hv%.}" ;;
esac
work=$B/deb
mkdir -p "$B"
start=$(date +%s)
if B=$B scripts/build-deb.sh >/dev/null 2>"$B/deb-build.err"; then
	pass build
	echo "INFO: deb packages built in $(( $(date +%s) - start )) s"
else
	fail build "$(tail -n 3 "$B/deb-build.err" | tr '\n' ' ')"
	exit 1
fi
changes=$work/armvm_${ver}_arm64.changes
deb() { echo "$work/${1}_${ver}_arm64.deb"; }

# --- lintian ----------------------------------------------------------------
lintian --tag-display-limit 0 "$changes" >"$work/lintian.log" 2>&1
if grep -q '^E:' "$work/lintian.log"; then
	fail lintian "$(grep '^E:' "$work/lintian.log" | head -n 3 | tr '\n' ' ')"
else
	pass lintian
	echo "INFO: lintian: $(grep -c '^W:' "$work/lintian.log") warnings, no errors ($work/lintian.log)"
fi

# --- contents and fields -------------------------------------------------
contents() { dpkg-deb -c "$(deb "$1")" | awk '{print $6}' | sed 's|^\./|/|'; }
check_contents() { # package path...
	p=$1; shift
	list=$(contents $p) || { fail contents-$p "no package $(deb $p)"; return; }
	missing=""
	for f in "$@"; do echo "$list" | grep -qx "$f" || missing="$missing $f"; done
	arch=$(dpkg-deb -f "$(deb $p)" Architecture)
	[ -z "$missing" ] && [ "$arch" = arm64 ] && pass contents-$p ||
		fail contents-$p "architecture $arch, missing:$missing"
}
ma=/usr/lib/aarch64-linux-gnu
man_armvm="" man_dev="" comp=""
for m in docs/man/*.[0-9]; do
	[ -f "$m" ] || continue
	s=${m##*.}
	if [ "$s" = 3 ]; then man_dev="$man_dev /usr/share/man/man$s/${m##*/}.gz"
	else man_armvm="$man_armvm /usr/share/man/man$s/${m##*/}.gz"; fi
done
for c in contrib/bash-completion/*; do
	[ -f "$c" ] && comp="$comp /usr/share/bash-completion/completions/${c##*/}"
done
check_contents armvm /usr/bin/armvm /usr/share/doc/armvm/copyright $man_armvm $comp
check_contents libarmvm0 $ma/libarmvm.so.0 $(contents libarmvm0 | grep -x "$ma/libarmvm\.so\.0\.[0-9.]*" || echo "$ma/libarmvm.so.0.X.Y")
check_contents libarmvm-dev /usr/include/armvm/armvm.h /usr/include/armvm/state.h $ma/libarmvm.a $ma/libarmvm.so \
	$ma/pkgconfig/armvm.pc $man_dev
# `armvm --version`'s revision reached the package build (no .git there).
rev=$(git describe --always --dirty 2>/dev/null)
if [ -z "$rev" ]; then
	echo "SKIP: deb revision not a git checkout"
elif dpkg-deb --fsys-tarfile "$(deb armvm)" | tar -xOf - ./usr/bin/armvm |
	tr '\0' '\n' | grep -q -F -x "$rev"; then
	pass revision
else
	fail revision "the packaged armvm does not carry the revision $rev"
fi
depends=$(dpkg-deb -f "$(deb armvm)" Depends)
case $depends in
*libarmvm0*libc6*libfdt1*) pass depends ;;
*) fail depends "armvm Depends: $depends" ;;
esac

# --- the -dev package used as a user would -----------------------------------
root=$work/root
for p in libarmvm0 libarmvm-dev; do dpkg-deb -x "$(deb $p)" "$root"; done
if ${CROSS}gcc -o "$work/hello-aarch32-deb" examples/hello-aarch32.c \
	$(PKG_CONFIG_SYSROOT_DIR=$root PKG_CONFIG_LIBDIR=$root$ma/pkgconfig PKG_CONFIG_PATH='' \
	  pkg-config --cflags --libs armvm) 2>"$work/cc.log" &&
   ${CROSS}readelf -d "$work/hello-aarch32-deb" | grep -q 'NEEDED.*libarmvm\.so\.0'; then
	pass dev-package-pkg-config
else
	fail dev-package-pkg-config "$(head -n 2 "$work/cc.log" | tr '\n' ' ')"
fi

# --- in the lab: install with busybox dpkg, run --------------------------
# The packages' runtime dependencies from Debian (arm64) and theirs,
# downloaded once into the cache; busybox's dpkg installs them in one call.
depdir=$ARMVM_CACHE/debs/arm64-runtime
mkdir -p "$depdir"
deps() { # package -> the names it depends on (first alternatives)
	apt-cache show --no-all-versions "$1:arm64" 2>/dev/null |
		sed -n 's/^\(Pre-\)\{0,1\}Depends: //p' | tr ',' '\n' |
		sed 's/|.*//; s/(.*//; s/:any//; s/ //g' | grep . | sort -u
}
todo=$(for p in armvm libarmvm-dev; do dpkg-deb -f "$(deb $p)" Depends; echo; done |
	tr ',' '\n' | sed 's/(.*//; s/ //g' | grep -v '^libarmvm' | grep .)
order=""
while [ -n "$(echo $todo)" ]; do
	set -- $todo
	p=$1; shift; todo="$*"
	case " $order " in *" $p "*) continue ;; esac
	order="$order $p"
	todo="$todo $(deps "$p" | tr '\n' ' ')"
done
: >"$work/deb-deps"
for p in $order; do
	f=$(ls "$depdir/${p}"_*_arm64.deb 2>/dev/null | tail -n 1)
	if [ -z "$f" ]; then
		(cd "$depdir" && apt-get download -q "$p:arm64" >/dev/null 2>&1)
		f=$(ls "$depdir/${p}"_*_arm64.deb 2>/dev/null | tail -n 1)
	fi
	[ -n "$f" ] || { fail lab "cannot download $p:arm64 (apt-get download)"; exit 1; }
	echo "$f" >>"$work/deb-deps"
done
guest=$B/guests/aarch64/hello.elf
[ -f "$guest" ] || make -s --no-print-directory "$guest" >/dev/null 2>&1 ||
	{ fail lab "no $guest (make all)"; exit 1; }
lab/mkinitramfs.sh -o "$B/lab/initramfs.cpio.gz" ${LAB_MODULES-tun} 2>"$work/initramfs.log" ||
	{ fail lab "cannot pack the lab's initramfs"; exit 1; }
# What to install, in order, by file name in /extra.
mkdir -p "$work/lab"
sed 's|.*/||' "$work/deb-deps" >"$work/lab/deb-deps"
for p in libarmvm0 armvm libarmvm-dev; do echo "${p}_${ver}_arm64.deb"; done >"$work/lab/deb-ours"
add=""
for f in $(cat "$work/deb-deps"); do add="$add --add $f"; done
for p in libarmvm0 armvm libarmvm-dev; do add="$add --add $(deb $p)"; done
lab/run.sh --no-build --gic 3 $add --add "$work/lab/deb-deps" --add "$work/lab/deb-ours" \
	--add "$guest" --add guests/expected/aarch64/hello.txt \
	--add "$work/hello-aarch32-deb" --add tests/deb/lab-install.sh \
	--run 'sh /extra/lab-install.sh' >"$work/lab.log" 2>"$work/lab.err"
rc=$?
sed 's/^\(PASS\|FAIL\|SKIP\): /\1: deb /' "$work/lab.log" | grep -E '^(PASS|FAIL|SKIP|INFO):'
if [ $rc != 0 ]; then
	grep -q '^FAIL:' "$work/lab.log" || fail lab "exit $rc: $(tail -n 5 "$work/lab.err" "$work/lab.log" | tr '\n' ' ')"
	status=1
fi
exit $status
