/* SPDX-License-Identifier: MIT */
/*
 * The GICv3 ITS (KVM devices/arm-vgic-its.rst): KVM's in-kernel ITS at
 * QEMU virt's address, so MSIs and LPIs work as on QEMU (kvm-unit-tests'
 * its-* tests, Linux's GICv3 MSI domain). Created with the GICv3, before
 * the vCPUs; initialised after the GIC.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kvm/vm_internal.h"
#include "machine/memmap.h"

int vgic_its_create(struct armvm_vm *vm, struct armvm_error *err)
{
	if (vm->want_its == ARMVM_FEATURE_OFF)
		return 0;
	if (vm->gic != ARMVM_GIC_V3) {
		if (vm->want_its == ARMVM_FEATURE_ON)
			return armvm_fail(err, ARMVM_E_UNSUPPORTED,
					  "an ITS needs a GICv3, the VM has %s",
					  vm->gic == ARMVM_GIC_V2 ? "a GICv2" : "none");
		return 0;
	}
	struct kvm_create_device cd = { .type = KVM_DEV_TYPE_ARM_VGIC_ITS };
	if (ioctl(vm->vm_fd, KVM_CREATE_DEVICE, &cd) < 0) {
		if (vm->want_its == ARMVM_FEATURE_ON)
			return armvm_fail(err, ARMVM_E_UNSUPPORTED,
					  "the host's KVM offers no ITS: %s", strerror(errno));
		return 0;       /* AUTO: a GICv3 without an ITS, as before */
	}
	vm->its_fd = cd.fd;
	uint64_t base = VIRT_GIC_ITS_BASE;
	struct kvm_device_attr a = {
		.group = KVM_DEV_ARM_VGIC_GRP_ADDR, .attr = KVM_VGIC_ITS_ADDR_TYPE,
		.addr = (uint64_t)(uintptr_t)&base,
	};
	if (ioctl(vm->its_fd, KVM_SET_DEVICE_ATTR, &a) < 0)
		return armvm_fail_errno(err, ARMVM_E_KVM, errno, "placing the ITS");
	return 0;
}

int vgic_its_init(struct armvm_vm *vm, struct armvm_error *err)
{
	if (vm->its_fd < 0)
		return 0;
	struct kvm_device_attr a = {
		.group = KVM_DEV_ARM_VGIC_GRP_CTRL, .attr = KVM_DEV_ARM_VGIC_CTRL_INIT,
	};
	if (ioctl(vm->its_fd, KVM_SET_DEVICE_ATTR, &a) < 0)
		return armvm_fail_errno(err, ARMVM_E_KVM, errno, "initialising the ITS");
	return 0;
}
