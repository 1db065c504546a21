/* SPDX-License-Identifier: MIT */
/*
 * vCPU creation: the target and features every vCPU of a VM gets
 * (KVM_ARM_PREFERRED_TARGET, PSCI 0.2, 32-bit EL1), then per vCPU
 * KVM_CREATE_VCPU, the shared kvm_run page and KVM_ARM_VCPU_INIT.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kvm/vm_internal.h"

static int vcpu_create(struct armvm_vm *vm, unsigned index,
		const struct kvm_vcpu_init *init, struct armvm_error *err)
{
	struct armvm_vcpu *v = &vm->vcpus[index];
	v->vm = vm;
	v->index = index;

	int mmap_size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (mmap_size <= 0)
		return armvm_fail_errno(err, ARMVM_E_KVM, errno,
					"KVM_GET_VCPU_MMAP_SIZE");
	/* The vCPU id becomes its MPIDR affinity (Aff0 = id & 15, Aff1 = id >> 4),
	 * which the device tree's cpu nodes must match. */
	v->fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, (unsigned long)index);
	if (v->fd < 0)
		return armvm_fail_errno(err, ARMVM_E_KVM, errno, "KVM_CREATE_VCPU");
	void *run = mmap(NULL, (size_t)mmap_size, PROT_READ | PROT_WRITE,
			 MAP_SHARED, v->fd, 0);
	if (run == MAP_FAILED)
		return armvm_fail_errno(err, ARMVM_E_NOMEM, errno,
					"mapping the vCPU's kvm_run area");
	v->run = run;
	v->run_size = (size_t)mmap_size;
	if (ioctl(v->fd, KVM_ARM_VCPU_INIT, init) < 0) {
		int e = errno;
		if (e == EINVAL && (init->features[0] & (1u << KVM_ARM_VCPU_EL1_32BIT)))
			return armvm_fail(err, ARMVM_E_UNSUPPORTED,
					  "KVM refused an AArch32 vCPU: %s", strerror(e));
		return armvm_fail_errno(err, ARMVM_E_KVM, e, "KVM_ARM_VCPU_INIT");
	}
	return 0;
}

int vcpus_create(struct armvm_vm *vm, struct armvm_error *err)
{
	int max = kvm_cap(vm->vm_fd, KVM_CAP_MAX_VCPUS);
	if (max <= 0)
		max = kvm_cap(vm->vm_fd, KVM_CAP_NR_VCPUS);
	if (max > 0 && vm->nr_vcpus > (unsigned)max)
		return armvm_fail(err, ARMVM_E_UNSUPPORTED,
				  "%u vCPUs asked for, the host's KVM allows %d",
				  vm->nr_vcpus, max);

	struct kvm_vcpu_init init;
	memset(&init, 0, sizeof(init));
	if (ioctl(vm->vm_fd, KVM_ARM_PREFERRED_TARGET, &init) < 0)
		return armvm_fail_errno(err, ARMVM_E_KVM, errno,
					"KVM_ARM_PREFERRED_TARGET");
	init.features[0] |= 1u << KVM_ARM_VCPU_PSCI_0_2;
	if (vm->arch == ARMVM_ARCH_AARCH32)
		init.features[0] |= 1u << KVM_ARM_VCPU_EL1_32BIT;
	if (vm->pmu)
		init.features[0] |= 1u << KVM_ARM_VCPU_PMU_V3;

	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		struct kvm_vcpu_init this = init;
		/* Secondaries wait for PSCI CPU_ON, handled in the host kernel. */
		if (i > 0)
			this.features[0] |= 1u << KVM_ARM_VCPU_POWER_OFF;
		int r = vcpu_create(vm, i, &this, err);
		if (r < 0)
			return r;
	}
	return 0;
}

void vcpu_destroy(struct armvm_vcpu *vcpu)
{
	if (vcpu->run)
		munmap(vcpu->run, vcpu->run_size);
	vcpu->run = NULL;
	if (vcpu->fd >= 0)
		close(vcpu->fd);
	vcpu->fd = -1;
}

struct armvm_vcpu *armvm_vcpu_get(struct armvm_vm *vm, unsigned index)
{
	return index < vm->nr_vcpus ? &vm->vcpus[index] : NULL;
}

unsigned armvm_vcpu_index(const struct armvm_vcpu *vcpu)
{
	return vcpu->index;
}
