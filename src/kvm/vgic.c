/* SPDX-License-Identifier: MIT */
/*
 * The in-kernel GIC (KVM's vGIC, api.rst + devices/arm-vgic*.rst): a
 * distributor plus either GICv3 redistributors or a GICv2 CPU interface at
 * the QEMU virt addresses. Created before the vCPUs, initialised after.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kvm/vm_internal.h"
#include "machine/memmap.h"

/* 32 private interrupts (SGIs + PPIs) plus 256 SPIs, as QEMU virt has. */
#define VGIC_NR_IRQS  (32 + 256)
/* A GICv2 CPU interface serves at most 8 CPUs (GICv2 spec, GICD_ITARGETSR). */
#define GICV2_MAX_CPUS 8

static int vgic_set_attr(int fd, uint32_t group, uint64_t attr, void *val)
{
	struct kvm_device_attr a = {
		.group = group, .attr = attr, .addr = (uint64_t)(uintptr_t)val,
	};
	return ioctl(fd, KVM_SET_DEVICE_ATTR, &a);
}

static int vgic_try(struct armvm_vm *vm, enum armvm_gic version)
{
	struct kvm_create_device cd = {
		.type = version == ARMVM_GIC_V3 ? KVM_DEV_TYPE_ARM_VGIC_V3
						: KVM_DEV_TYPE_ARM_VGIC_V2,
	};
	if (ioctl(vm->vm_fd, KVM_CREATE_DEVICE, &cd) < 0)
		return -errno;
	vm->gic_fd = cd.fd;
	vm->gic = version;
	return 0;
}

int vgic_create(struct armvm_vm *vm, enum armvm_gic want,
		struct armvm_error *err)
{
	int r;
	if (want == ARMVM_GIC_V2 && vm->nr_vcpus > GICV2_MAX_CPUS)
		return armvm_fail(err, ARMVM_E_INVAL,
				  "a GICv2 serves at most %d vCPUs, %u asked for",
				  GICV2_MAX_CPUS, vm->nr_vcpus);
	if (want == ARMVM_GIC_AUTO) {
		r = vgic_try(vm, ARMVM_GIC_V3);
		if (r < 0 && vm->nr_vcpus <= GICV2_MAX_CPUS)
			r = vgic_try(vm, ARMVM_GIC_V2);
		if (r < 0)
			return armvm_fail(err, ARMVM_E_UNSUPPORTED,
					  "the host's KVM offers no usable in-kernel GIC "
					  "(GICv3: %s%s)", strerror(-r),
					  vm->nr_vcpus <= GICV2_MAX_CPUS ? ", GICv2 neither" : "");
	} else {
		r = vgic_try(vm, want);
		if (r < 0)
			return armvm_fail(err, ARMVM_E_UNSUPPORTED,
					  "the host's KVM cannot emulate a GICv%d: %s",
					  (int)want, strerror(-r));
	}

	uint64_t dist = vm->gic_dist_base;
	if (vm->gic == ARMVM_GIC_V3) {
		uint64_t redist = vm->gic_redist_base;
		if (vgic_set_attr(vm->gic_fd, KVM_DEV_ARM_VGIC_GRP_ADDR,
				  KVM_VGIC_V3_ADDR_TYPE_DIST, &dist) < 0 ||
		    vgic_set_attr(vm->gic_fd, KVM_DEV_ARM_VGIC_GRP_ADDR,
				  KVM_VGIC_V3_ADDR_TYPE_REDIST, &redist) < 0)
			return armvm_fail_errno(err, ARMVM_E_KVM, errno,
						"placing the GICv3");
	} else {
		uint64_t cpu = vm->gic_cpu_base;
		if (vgic_set_attr(vm->gic_fd, KVM_DEV_ARM_VGIC_GRP_ADDR,
				  KVM_VGIC_V2_ADDR_TYPE_DIST, &dist) < 0 ||
		    vgic_set_attr(vm->gic_fd, KVM_DEV_ARM_VGIC_GRP_ADDR,
				  KVM_VGIC_V2_ADDR_TYPE_CPU, &cpu) < 0)
			return armvm_fail_errno(err, ARMVM_E_KVM, errno,
						"placing the GICv2");
	}
	uint32_t nr_irqs = VGIC_NR_IRQS;
	if (vgic_set_attr(vm->gic_fd, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, &nr_irqs) < 0)
		return armvm_fail_errno(err, ARMVM_E_KVM, errno,
					"setting the GIC's interrupt count");
	return 0;
}

int vgic_init(struct armvm_vm *vm, struct armvm_error *err)
{
	if (vgic_set_attr(vm->gic_fd, KVM_DEV_ARM_VGIC_GRP_CTRL,
			  KVM_DEV_ARM_VGIC_CTRL_INIT, NULL) < 0)
		return armvm_fail_errno(err, ARMVM_E_KVM, errno,
					"initialising the in-kernel GIC");
	return 0;
}

unsigned vgic_nr_spis(void)
{
	return VGIC_NR_IRQS - 32;
}
