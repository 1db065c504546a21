/* SPDX-License-Identifier: MIT */
/*
 * Interrupt lines into the in-kernel GIC, and the eventfd fast paths
 * (ioeventfd for guest doorbell writes, irqfd for interrupt injection) that
 * let device back ends on other threads bypass the vCPU threads.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kvm/vm_internal.h"
#include "machine/memmap.h"

static int check_spi(struct armvm_vm *vm, unsigned spi, struct armvm_error *err)
{
	if (vm->gic == ARMVM_GIC_NONE)
		return armvm_fail(err, ARMVM_E_STATE,
				  "the VM has no in-kernel GIC to take SPI %u", spi);
	if (spi >= vgic_nr_spis())
		return armvm_fail(err, ARMVM_E_RANGE,
				  "SPI %u out of range (the GIC has %u SPIs)", spi,
				  vgic_nr_spis());
	return 0;
}

int armvm_irq_set(struct armvm_vm *vm, unsigned spi, bool level,
		  struct armvm_error *err)
{
	int r = check_spi(vm, spi, err);
	if (r < 0)
		return r;
	/* api.rst KVM_IRQ_LINE, arm64: irq_type SPI, vcpu index unused, the
	 * INTID in the low 16 bits. */
	struct kvm_irq_level line = {
		.irq = (KVM_ARM_IRQ_TYPE_SPI << KVM_ARM_IRQ_TYPE_SHIFT) |
		       (uint32_t)GIC_SPI_INTID(spi),
		.level = level,
	};
	if (ioctl(vm->vm_fd, KVM_IRQ_LINE, &line) < 0)
		return armvm_fail_errno(err, ARMVM_E_KVM, errno, "KVM_IRQ_LINE");
	return 0;
}

int armvm_add_irqfd(struct armvm_vm *vm, unsigned spi, int fd,
		    struct armvm_error *err)
{
	int r = check_spi(vm, spi, err);
	if (r < 0)
		return r;
	/* With a vGIC, an irqfd's GSI is the SPI number (INTID - 32). */
	struct kvm_irqfd irqfd = { .fd = (uint32_t)fd, .gsi = spi };
	if (ioctl(vm->vm_fd, KVM_IRQFD, &irqfd) < 0)
		return armvm_fail_errno(err, ARMVM_E_KVM, errno, "KVM_IRQFD");
	return 0;
}

int armvm_add_ioeventfd(struct armvm_vm *vm, uint64_t gpa, unsigned len,
			bool match, uint64_t datamatch, int fd,
			struct armvm_error *err)
{
	if (len != 1 && len != 2 && len != 4 && len != 8)
		return armvm_fail(err, ARMVM_E_INVAL,
				  "ioeventfd length %u is not 1, 2, 4 or 8", len);
	struct kvm_ioeventfd ioe = {
		.datamatch = datamatch,
		.addr = gpa,
		.len = len,
		.fd = fd,
		.flags = match ? KVM_IOEVENTFD_FLAG_DATAMATCH : 0,
	};
	if (ioctl(vm->vm_fd, KVM_IOEVENTFD, &ioe) < 0)
		return armvm_fail_errno(err, ARMVM_E_KVM, errno, "KVM_IOEVENTFD");
	return 0;
}
