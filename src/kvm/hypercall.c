/* SPDX-License-Identifier: MIT */
/*
 * Hypercalls for the embedder: KVM's SMCCC filter (api.rst
 * "KVM_ARM_VM_SMCCC_FILTER", Linux 6.4) forwards chosen SMCCC function IDs
 * of HVC and SMC calls to user space as KVM_EXIT_HYPERCALL, with the PC
 * already past the call and the arguments left in x0-x3 (read with
 * KVM_GET_ONE_REG); the answer goes back in x0-x3. Everything but the
 * ranges the host kernel owns is forwarded (SMCCC, DEN0028, table 6-2
 * "Function Identifier": owning entity in bits [29:24]).
 */
#include <errno.h>
#include <stdio.h>
#include <sys/ioctl.h>

#include "kvm/handle_exit.h"
#include "kvm/vm_internal.h"

/* The filter's ABI, for cross headers older than Linux 6.4. */
#ifndef KVM_ARM_VM_SMCCC_CTRL
#define KVM_ARM_VM_SMCCC_CTRL   0
#define KVM_ARM_VM_SMCCC_FILTER 0
#endif
#define SMCCC_FILTER_FWD_TO_USER 2
struct smccc_filter {
	uint32_t base;
	uint32_t nr_functions;
	uint8_t action;
	uint8_t pad[15];
};
#define HYPERCALL_EXIT_SMC (1u << 0)

/* SMCCC NOT_SUPPORTED, what an unanswered call returns. */
#define SMCCC_RET_NOT_SUPPORTED UINT64_C(0xffffffffffffffff)

/* Function ID ranges the host kernel keeps (fast calls, both widths): Arm
 * architecture calls (reserved by KVM), standard secure services (PSCI),
 * standard hypervisor services and vendor hypervisor services (KVM's own). */
static const struct { uint32_t first, last; } kept[] = {
	{ 0x80000000, 0x8000ffff }, { 0x84000000, 0x8500ffff },
	{ 0x86000000, 0x8600ffff }, { 0xc0000000, 0xc000ffff },
	{ 0xc4000000, 0xc500ffff }, { 0xc6000000, 0xc600ffff },
};

static int filter_range(int vm_fd, uint32_t first, uint32_t last)
{
	struct smccc_filter f = {
		.base = first, .nr_functions = last - first + 1,
		.action = SMCCC_FILTER_FWD_TO_USER,
	};
	struct kvm_device_attr attr = {
		.group = KVM_ARM_VM_SMCCC_CTRL, .attr = KVM_ARM_VM_SMCCC_FILTER,
		.addr = (uint64_t)(uintptr_t)&f,
	};
	return ioctl(vm_fd, KVM_SET_DEVICE_ATTR, &attr);
}

int armvm_set_hypercall_handler(struct armvm_vm *vm, armvm_hypercall_fn fn,
				void *opaque, struct armvm_error *err)
{
	if (!fn)
		return armvm_fail(err, ARMVM_E_INVAL, "NULL hypercall callback");
	if (atomic_load(&vm->started))
		return armvm_fail(err, ARMVM_E_STATE, "the hypercall callback must be "
				  "set before the VM runs (KVM fixes the SMCCC "
				  "filter then)");
	if (vm->hypercall)
		return armvm_fail(err, ARMVM_E_STATE, "a hypercall callback is "
				  "already set");
	struct kvm_device_attr probe = {
		.group = KVM_ARM_VM_SMCCC_CTRL, .attr = KVM_ARM_VM_SMCCC_FILTER,
	};
	if (ioctl(vm->vm_fd, KVM_HAS_DEVICE_ATTR, &probe) < 0)
		return armvm_fail(err, ARMVM_E_UNSUPPORTED, "the host's KVM cannot "
				  "route hypercalls to user space (no SMCCC filter, "
				  "KVM_ARM_VM_SMCCC_FILTER: Linux 6.4 or later)");
	/* Forward the gaps between the kept ranges, up to 0xfffffffe (the
	 * filter's end may not wrap; 0xffffffff is SMCCC's "unknown"). */
	uint64_t next = 0;
	for (size_t i = 0; i <= sizeof(kept) / sizeof(kept[0]); i++) {
		uint64_t end = i < sizeof(kept) / sizeof(kept[0]) ? kept[i].first
								  : UINT64_C(0xffffffff);
		if (end > next && filter_range(vm->vm_fd, (uint32_t)next,
					       (uint32_t)(end - 1)) < 0)
			return armvm_fail_errno(err, ARMVM_E_KVM, errno,
						"KVM_ARM_VM_SMCCC_FILTER");
		if (i < sizeof(kept) / sizeof(kept[0]))
			next = (uint64_t)kept[i].last + 1;
	}
	vm->hypercall_opaque = opaque;
	vm->hypercall = fn;
	return 0;
}

enum exit_action handle_hypercall(struct armvm_vcpu *v, struct armvm_exit *ex)
{
	struct armvm_vm *vm = v->vm;
	/* Reported here rather than through exit_crash(): handle_exit.c calls
	 * this file, and files of a layer do not call each other in a circle. */
	if (!vm->hypercall) {
		ex->reason = ARMVM_EXIT_CRASH;
		snprintf(ex->detail, sizeof(ex->detail), "hypercall 0x%llx forwarded "
			 "with no callback set", (unsigned long long)v->run->hypercall.nr);
		return EXIT_REPORT;
	}
	enum armvm_reg r0 = vm->arch == ARMVM_ARCH_AARCH32 ? ARMVM_REG_R0 : ARMVM_REG_X0;
	struct armvm_hypercall call = {
		.function = (uint32_t)v->run->hypercall.nr,
		.smc = /* "flags" since Linux 6.4; "longmode" (its low half) in older headers */
			(v->run->hypercall.longmode & HYPERCALL_EXIT_SMC) != 0,
	};
	struct armvm_error e;
	for (unsigned i = 0; i < 4; i++)
		if (armvm_reg_get(v, r0 + i, &call.args[i], &e) < 0)
			goto fail;
	for (unsigned i = 0; i < 4; i++)
		call.ret[i] = call.args[i];
	call.ret[0] = vm->arch == ARMVM_ARCH_AARCH32 ? (uint32_t)SMCCC_RET_NOT_SUPPORTED
						     : SMCCC_RET_NOT_SUPPORTED;
	vm->hypercall(vm->hypercall_opaque, v->index, &call);
	for (unsigned i = 0; i < 4; i++) {
		uint64_t val = call.ret[i];
		if (vm->arch == ARMVM_ARCH_AARCH32)
			val = (uint32_t)val;
		if (armvm_reg_set(v, r0 + i, val, &e) < 0)
			goto fail;
	}
	return EXIT_RESUME;
fail:
	ex->reason = ARMVM_EXIT_CRASH;
	snprintf(ex->detail, sizeof(ex->detail), "hypercall 0x%x: %.100s",
		 call.function, e.msg);
	return EXIT_REPORT;
}
