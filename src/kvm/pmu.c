/* SPDX-License-Identifier: MIT */
/*
 * The vPMU (KVM api.rst KVM_ARM_VCPU_INIT feature KVM_ARM_VCPU_PMU_V3,
 * devices/vcpu.rst KVM_ARM_VCPU_PMU_V3_CTRL): every vCPU gets a PMUv3 when
 * the host has one, as QEMU virt's CPUs do, with its overflow interrupt on
 * PPI 7 (INTID 23), QEMU's VIRTUAL_PMU_IRQ, which the device tree names.
 */
#include <errno.h>
#include <sys/ioctl.h>

#include "kvm/vm_internal.h"
#include "machine/memmap.h"

int pmu_decide(struct armvm_vm *vm, struct armvm_error *err)
{
	vm->pmu = false;
	if (vm->want_pmu == ARMVM_FEATURE_OFF)
		return 0;
	/* Without an in-kernel GIC the overflow interrupt leads nowhere. */
	bool can = vm->gic_fd >= 0 && kvm_cap(vm->vm_fd, KVM_CAP_ARM_PMU_V3) > 0;
	if (!can && vm->want_pmu == ARMVM_FEATURE_ON)
		return armvm_fail(err, ARMVM_E_UNSUPPORTED, "%s",
				  vm->gic_fd < 0 ? "a PMU needs a GIC for its interrupt"
						 : "the host's KVM offers no PMU (KVM_CAP_ARM_PMU_V3)");
	vm->pmu = can;
	return 0;
}

static int pmu_attr(struct armvm_vcpu *v, uint64_t attr, void *val)
{
	struct kvm_device_attr a = {
		.group = KVM_ARM_VCPU_PMU_V3_CTRL, .attr = attr,
		.addr = (uint64_t)(uintptr_t)val,
	};
	return ioctl(v->fd, KVM_SET_DEVICE_ATTR, &a);
}

int pmu_init(struct armvm_vm *vm, struct armvm_error *err)
{
	if (!vm->pmu)
		return 0;
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		int irq = (int)GIC_PPI_INTID(VIRT_PPI_PMU);
		if (pmu_attr(&vm->vcpus[i], KVM_ARM_VCPU_PMU_V3_IRQ, &irq) < 0)
			return armvm_fail_errno(err, ARMVM_E_KVM, errno,
						"setting the PMU's interrupt");
		if (pmu_attr(&vm->vcpus[i], KVM_ARM_VCPU_PMU_V3_INIT, NULL) < 0)
			return armvm_fail_errno(err, ARMVM_E_KVM, errno,
						"initialising the vPMU");
	}
	return 0;
}
