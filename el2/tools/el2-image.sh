#!/bin/sh
# Build one bootable hypervisor image from a partition configuration:
#   el2/tools/el2-image.sh CONFIG OUTDIR     -> OUTDIR/hyp.elf, OUTDIR/hyp.bin
# hyp.bin is the same image as an arm64 Linux Image (start.S's header): boot
# loaders pass it the board's device tree in x0 (QEMU -kernel hyp.bin,
# U-Boot booti, the Raspberry Pi firmware; docs/el2-boards.md).
# Runs the host tool (validation, device trees, partition table), then
# compiles the generated table and links it with the hypervisor objects.
# Needs `make el2` first (B=build dir via $B, default build).
set -eu
[ $# -eq 2 ] || { echo "usage: $0 CONFIG OUTDIR" >&2; exit 2; }
B=${B:-build}
CROSS64=${CROSS64:-aarch64-linux-gnu-}
cfg=$1 out=$2
tool=$B/host/el2-build
objs=$B/el2/objects.list
for f in "$tool" "$objs"; do
	[ -f "$f" ] || { echo "el2-image: $f missing: run 'make el2' first" >&2; exit 1; }
done
mkdir -p "$out"
"$tool" "$cfg" "$out"
${CROSS64}gcc $(cat "$B/el2/cflags") -c "$out/partitions.c" -o "$out/partitions.o"
${CROSS64}gcc -c "$out/images.S" -o "$out/images.o"
${CROSS64}gcc -nostdlib -static -no-pie -Wl,--build-id=none -Wl,--no-warn-rwx-segments \
	-Wl,--defsym=__hyp_link_base=${EL2_LINK_BASE:-$(cat "$out/hyp_link_base")} \
	-Wl,-T,src/el2/hyp.ld -o "$out/hyp.elf" \
	$(cat "$objs") "$out/partitions.o" "$out/images.o"
${CROSS64}objcopy -O binary "$out/hyp.elf" "$out/hyp.bin"
