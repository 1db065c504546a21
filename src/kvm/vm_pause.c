/* SPDX-License-Identifier: MIT */
/*
 * armvm_vm_pause / armvm_vm_resume: every vCPU held at its run loop's safe
 * point (safe_point.c) for as long as the embedder wants, to read or save
 * the VM's state.
 */
#include "kvm/vm_internal.h"

int armvm_vm_pause(struct armvm_vm *vm, struct armvm_error *err)
{
	if (!vm)
		return armvm_fail(err, ARMVM_E_INVAL, "NULL VM");
	if (vm_current_vcpu(vm))
		return armvm_fail(err, ARMVM_E_STATE,
				  "armvm_vm_pause called on a vCPU's thread: it would wait for itself");
	vcpus_hold(vm);
	return 0;
}

void armvm_vm_resume(struct armvm_vm *vm)
{
	vcpus_release(vm);
}

bool armvm_vm_paused(const struct armvm_vm *vm)
{
	return atomic_load(&vm->paused);
}
