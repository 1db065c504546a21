#!/bin/bash
# Run one test guest on plain QEMU `virt` (TCG, no virtualization, no KVM)
# and print its console transcript with CRs stripped.
#   guests/run-qemu.sh <aarch64|aarch32> <guest> [--gic 2|3] [--smp N]
# Exits with QEMU's status (124 when the timeout stopped it).
set -eu -o pipefail

usage() {
	echo "usage: $0 <aarch64|aarch32> <guest> [--gic 2|3] [--smp N] [--timeout SECONDS]" >&2
	exit 2
}

[ $# -ge 2 ] || usage
arch=$1 guest=$2
shift 2
gic=3 smp=1 limit=${GUEST_QEMU_TIMEOUT:-30}
while [ $# -gt 0 ]; do
	[ $# -ge 2 ] || usage
	case $1 in
	--gic) gic=$2 ;;
	--smp) smp=$2 ;;
	--timeout) limit=$2 ;;
	*) usage ;;
	esac
	shift 2
done

case $arch in
aarch64) cpu=cortex-a57 ;;
aarch32) cpu=cortex-a15 ;;
*) echo "$0: unknown architecture '$arch' (aarch64 or aarch32)" >&2; exit 2 ;;
esac
case $gic in 2|3) ;; *) echo "$0: --gic must be 2 or 3" >&2; exit 2 ;; esac
case $smp in ''|*[!0-9]*) echo "$0: --smp needs a number" >&2; exit 2 ;; esac
[ "$smp" -ge 1 ] || { echo "$0: --smp must be at least 1" >&2; exit 2; }

root=$(cd "$(dirname "$0")/.." && pwd)
elf=${GUEST_BUILD_DIR:-$root/build}/guests/$arch/$guest.elf
[ -f "$elf" ] || { echo "$0: $elf not found (run 'make guests')" >&2; exit 2; }

# Bare-metal ELF: QEMU jumps to its entry at EL1 / SVC and puts the DTB at
# the RAM base. PSCI is QEMU's own, reached by HVC.
status=0
timeout --foreground -k 2 "$limit" qemu-system-aarch64 \
	-M virt,gic-version="$gic" -cpu "$cpu" -smp "$smp" -m 128M \
	-display none -serial stdio -monitor none -nodefaults \
	-kernel "$elf" </dev/null | tr -d '\r' || status=$?
exit $status
