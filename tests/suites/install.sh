#!/bin/sh
# `make install` (mk/install.mk), checked on the staged tree: every file in
# place, the shared library's soname and exports (exactly the functions
# include/armvm/armvm.h declares; the static library's global symbols too),
# a valid armvm.pc, and the example built against the installed tree with
# pkg-config's flags only, static and shared; the default prefix, Debian's
# multiarch LIBDIR, and armvm linked against libarmvm.so (ARMVM_LINK=shared).
# Running the example needs KVM: tests/lab/45-installed-example.sh.
# Prints PASS:/FAIL:/SKIP: lines.
# shellcheck disable=SC2046,SC2086,SC2005,SC2015,SC2016 # pkg-config's flags split on purpose
cd "$(dirname "$0")/../.." || exit 1
CROSS=${CROSS64:-aarch64-linux-gnu-}
status=0
pass() { echo "PASS: install $1"; }
fail() { echo "FAIL: install $1${2:+ $2}"; status=1; }

for tool in pkg-config ${CROSS}gcc ${CROSS}readelf ${CROSS}nm; do
	command -v "$tool" >/dev/null || { echo "SKIP: install all $tool is missing (make setup)"; exit 0; }
done
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
unset MAKEFLAGS MFLAGS

# --- PREFIX=/usr, default LIBDIR ---------------------------------------------
if make -s --no-print-directory install DESTDIR="$tmp/root" PREFIX=/usr >"$tmp/log" 2>&1; then
	pass make-install
else
	fail make-install "$(tail -n 3 "$tmp/log" | tr '\n' ' ')"
	exit 1
fi
r=$tmp/root
soname=$(cd "$r/usr/lib" && for f in libarmvm.so.*.*.*; do [ -f "$f" ] && echo "$f"; done | head -n 1)
missing=""
for f in usr/bin/armvm usr/lib/libarmvm.a usr/lib/libarmvm.so usr/lib/$soname \
	usr/include/armvm/armvm.h usr/include/armvm/state.h usr/lib/pkgconfig/armvm.pc; do
	[ -e "$r/$f" ] || missing="$missing $f"
done
for m in docs/man/*.[0-9]; do
	[ -f "$m" ] || continue
	[ -f "$r/usr/share/man/man${m##*.}/${m##*/}" ] || missing="$missing ${m##*/}"
done
for c in contrib/bash-completion/*; do
	[ -f "$c" ] || continue
	[ -f "$r/usr/share/bash-completion/completions/${c##*/}" ] || missing="$missing ${c##*/}"
done
[ -z "$missing" ] && [ -n "$soname" ] && pass files || fail files "missing:${missing:- libarmvm.so.X.Y.Z}"
[ -x "$r/usr/bin/armvm" ] && ${CROSS}readelf -h "$r/usr/bin/armvm" | grep -q 'AArch64' &&
	pass armvm-binary || fail armvm-binary "usr/bin/armvm is not an executable arm64 ELF"

# The soname chain: libarmvm.so -> libarmvm.so.MAJOR -> libarmvm.so.MAJOR.MINOR.PATCH
major=${soname#libarmvm.so.}; major=${major%%.*}
if [ "$(readlink "$r/usr/lib/libarmvm.so")" = "libarmvm.so.$major" ] &&
   [ "$(readlink "$r/usr/lib/libarmvm.so.$major")" = "$soname" ] &&
   ${CROSS}readelf -d "$r/usr/lib/$soname" | grep -q "SONAME.*\[libarmvm.so.$major\]"; then
	pass soname
else
	fail soname "$(${CROSS}readelf -d "$r/usr/lib/$soname" | grep SONAME) links: $(readlink "$r/usr/lib/libarmvm.so") $(readlink "$r/usr/lib/libarmvm.so.$major")"
fi

# Exports: exactly the functions the header declares.
grep -ho '\barmvm_[a-z0-9_]*(' include/armvm/*.h | tr -d '(' | sort -u >"$tmp/want"
${CROSS}nm -D --defined-only "$r/usr/lib/$soname" | awk '$2 ~ /^[TtDdBbRrWwVv]$/ {print $3}' |
	sed 's/@.*//' | sort -u >"$tmp/got"
if cmp -s "$tmp/want" "$tmp/got"; then
	pass exports-only-public
else
	fail exports-only-public "$(diff "$tmp/want" "$tmp/got" | grep '^[<>]' | tr '\n' ' ')"
fi

# The static library too: its internal helpers are local symbols.
${CROSS}nm -g --defined-only "$r/usr/lib/libarmvm.a" 2>/dev/null | awk 'NF == 3 {print $3}' | sort -u >"$tmp/got-a"
if cmp -s "$tmp/want" "$tmp/got-a"; then
	pass static-exports-only-public
else
	fail static-exports-only-public "$(diff "$tmp/want" "$tmp/got-a" | grep '^[<>]' | head -n 8 | tr '\n' ' ')"
fi

# pkg-config, pointed at the staged tree only.
pc() { PKG_CONFIG_SYSROOT_DIR=$r PKG_CONFIG_LIBDIR=$r/usr/lib/pkgconfig PKG_CONFIG_PATH='' pkg-config "$@"; }
hv=$(sed -n 's/^#define ARMVM_VERSION_M[AI][JN]OR[ \t]*\([0-9]*\).*/\1/p' include/armvm/armvm.h | tr '\n' .)0
if pc --validate armvm 2>"$tmp/pcerr" && [ "$(pc --modversion armvm)" = "$hv" ] &&
   [ "$(echo $(pc --cflags armvm))" = "-I$r/usr/include" ] &&
   [ "$(echo $(pc --libs armvm))" = "-L$r/usr/lib -larmvm" ] &&
   [ "$(echo $(pc --static --libs armvm))" = "-L$r/usr/lib -larmvm -pthread" ]; then
	pass pkg-config-valid
else
	fail pkg-config-valid "$(head -n 1 "$tmp/pcerr") version $(pc --modversion armvm) (want $hv), $(pc --static --cflags --libs armvm)"
fi

# The example, static and shared, with pkg-config's flags and nothing else
# (the library needs only the C library).
if ${CROSS}gcc -o "$tmp/hello-static" examples/hello-aarch32.c -static \
	$(pc --static --cflags --libs armvm) 2>"$tmp/cc" &&
   ! ${CROSS}readelf -d "$tmp/hello-static" 2>/dev/null | grep -q NEEDED; then
	pass example-static
else
	fail example-static "$(head -n 3 "$tmp/cc" | tr '\n' ' ')"
fi
if ${CROSS}gcc -o "$tmp/hello-shared" examples/hello-aarch32.c \
	$(pc --cflags --libs armvm) 2>"$tmp/cc" &&
   ${CROSS}readelf -d "$tmp/hello-shared" | grep -q "NEEDED.*\[libarmvm.so.$major\]"; then
	pass example-shared
else
	fail example-shared "$(head -n 3 "$tmp/cc" | tr '\n' ' ') $(${CROSS}readelf -d "$tmp/hello-shared" 2>&1 | grep NEEDED | tr '\n' ' ')"
fi

# The library's other worked examples (examples/README.md) build the same way:
# the public header and pkg-config's flags, plus the emulator's own A32 guest.
if ${CROSS}gcc -o "$tmp/ex-a32" examples/a32-mmio-hypercall.c \
	$(pc --cflags --libs armvm) 2>"$tmp/cc" &&
   arm-linux-gnueabihf-gcc -c examples/emulator-loop-guest.S -o "$tmp/emu-guest.o" 2>>"$tmp/cc" &&
   arm-linux-gnueabihf-objcopy -O binary -j .text "$tmp/emu-guest.o" "$tmp/emu-guest.bin" 2>>"$tmp/cc" &&
   ${CROSS}gcc -DEMU_GUEST_BIN="\"$tmp/emu-guest.bin\"" -c examples/emulator-loop-blob.S \
	-o "$tmp/emu-blob.o" 2>>"$tmp/cc" &&
   ${CROSS}gcc -o "$tmp/ex-emu" examples/emulator-loop.c "$tmp/emu-blob.o" \
	$(pc --cflags --libs armvm) 2>>"$tmp/cc"; then
	pass examples-pkg-config
else
	fail examples-pkg-config "$(head -n 3 "$tmp/cc" | tr '\n' ' ')"
fi

# --- the defaults (PREFIX=/usr/local) and Debian's multiarch LIBDIR ----------
if make -s --no-print-directory install DESTDIR="$tmp/local" >"$tmp/log" 2>&1 &&
   [ -x "$tmp/local/usr/local/bin/armvm" ] &&
   grep -qx 'prefix=/usr/local' "$tmp/local/usr/local/lib/pkgconfig/armvm.pc"; then
	pass default-prefix
else
	fail default-prefix "$(tail -n 2 "$tmp/log" | tr '\n' ' ')"
fi
ma=/usr/lib/aarch64-linux-gnu
if make -s --no-print-directory install DESTDIR="$tmp/ma" PREFIX=/usr LIBDIR=$ma >"$tmp/log" 2>&1 &&
   [ -f "$tmp/ma$ma/libarmvm.a" ] &&
   grep -qx 'libdir=${prefix}/lib/aarch64-linux-gnu' "$tmp/ma$ma/pkgconfig/armvm.pc" &&
   [ "$(echo $(PKG_CONFIG_SYSROOT_DIR=$tmp/ma PKG_CONFIG_LIBDIR=$tmp/ma$ma/pkgconfig \
	PKG_CONFIG_PATH='' pkg-config --libs armvm))" = "-L$tmp/ma$ma -larmvm" ]; then
	pass multiarch-libdir
else
	fail multiarch-libdir "$(tail -n 2 "$tmp/log" | tr '\n' ' ')"
fi

# ARMVM_LINK=shared (what the Debian package installs): armvm needs
# libarmvm.so.0 and takes from it only the header's functions.
if make -s --no-print-directory install-bin DESTDIR="$tmp/sh" PREFIX=/usr ARMVM_LINK=shared >"$tmp/log" 2>&1 &&
   ${CROSS}readelf -d "$tmp/sh/usr/bin/armvm" | grep -q "NEEDED.*\[libarmvm.so.$major\]"; then
	${CROSS}nm -D --undefined-only "$tmp/sh/usr/bin/armvm" | awk '{print $2}' | sed 's/@.*//' |
		grep '^armvm_' | sort -u >"$tmp/used"
	extra=$(comm -23 "$tmp/used" "$tmp/want" | tr '\n' ' ')
	if [ -s "$tmp/used" ] && [ -z "$extra" ]; then
		pass shared-armvm
	else
		fail shared-armvm "takes from libarmvm.so: $(tr '\n' ' ' <"$tmp/used")"
	fi
else
	fail shared-armvm "$(tail -n 2 "$tmp/log" | tr '\n' ' ') $(${CROSS}readelf -d "$tmp/sh/usr/bin/armvm" 2>&1 | grep NEEDED | tr '\n' ' ')"
fi
exit $status
