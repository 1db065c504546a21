#!/bin/sh
# The lab checks itself: the nested host has a working /dev/kvm, the CPUs
# QEMU was asked for, a vGIC of the kind this variant promises, and AArch32
# guest support. Runs before any armvm test so a broken lab shows as such.
# lab-timeout: 60

if [ -c /dev/kvm ]; then
	echo "PASS: lab-kvm-device"
else
	echo "FAIL: lab-kvm-device /dev/kvm is missing or not a character device"
fi

if ! command -v kvmcheck >/dev/null; then
	echo "FAIL: lab-kvm-api kvmcheck is not in /bin (build it: make lab-tools)"
	exit 0
fi
if ! report=$(kvmcheck 2>&1); then
	echo "FAIL: lab-kvm-api $(echo "$report" | tail -n 1)"
	exit 0
fi
echo "PASS: lab-kvm-api"
value() { echo "$report" | sed -n "s/^$1=//p"; }

cpus=$(grep -c '^processor' /proc/cpuinfo)
if [ "$cpus" = "${ARMVM_LAB_CPUS:-}" ]; then
	echo "PASS: lab-cpus"
else
	echo "FAIL: lab-cpus the host has $cpus CPUs, the lab asked for ${ARMVM_LAB_CPUS:-?}"
fi

# The host's own interrupt controller, as its kernel names it.
host_gic=$(sed -n 's/.*\(GICv[0-9]\|GIC-[0-9]\).*/\1/p' /proc/interrupts | head -n 1)
echo "INFO: host interrupt controller ${host_gic:-unknown}; kvm: $(echo "$report" | tr '\n' ' ')"
case ${ARMVM_LAB_GIC:-} in
3)
	if [ "$host_gic" = GICv3 ] && [ "$(value vgic_v3)" = 1 ]; then
		echo "PASS: lab-vgic"
	else
		echo "FAIL: lab-vgic GICv3 lab: host GIC '$host_gic', vgic_v3=$(value vgic_v3)"
	fi ;;
2)
	if [ "$host_gic" != GICv3 ] && [ "$(value vgic_v2)" = 1 ]; then
		echo "PASS: lab-vgic"
	else
		echo "FAIL: lab-vgic GICv2 lab: host GIC '$host_gic', vgic_v2=$(value vgic_v2)"
	fi ;;
*)
	echo "FAIL: lab-vgic ARMVM_LAB_GIC is '${ARMVM_LAB_GIC:-}', not 2 or 3" ;;
esac

if [ "$(value el1_32bit)" = 1 ]; then
	echo "PASS: lab-aarch32-guests"
else
	echo "FAIL: lab-aarch32-guests KVM_CAP_ARM_EL1_32BIT is not offered"
fi
