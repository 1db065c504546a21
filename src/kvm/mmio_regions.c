/* SPDX-License-Identifier: MIT */
/*
 * MMIO regions served by embedder callbacks. The table is kept sorted by
 * address and frozen once the VM runs, so the exit path finds a region with
 * a lock-free search (mmio_find in handle_exit.h).
 */
#include <string.h>

#include "kvm/vm_internal.h"

int armvm_add_mmio(struct armvm_vm *vm, uint64_t gpa, uint64_t size,
		   const struct armvm_mmio_ops *ops, void *opaque,
		   struct armvm_error *err)
{
	if (atomic_load(&vm->started))
		return armvm_fail(err, ARMVM_E_STATE,
				  "cannot add an MMIO region once the VM has run");
	if (!ops || !ops->read || !ops->write)
		return armvm_fail(err, ARMVM_E_INVAL,
				  "MMIO region at 0x%llx needs read and write callbacks",
				  (unsigned long long)gpa);
	if (size == 0 || gpa + size < gpa)
		return armvm_fail(err, ARMVM_E_INVAL,
				  "MMIO region at 0x%llx has a bad size 0x%llx",
				  (unsigned long long)gpa, (unsigned long long)size);
	if (vm_range_in_use(vm, gpa, size))
		return armvm_fail(err, ARMVM_E_OVERLAP,
				  "MMIO region at 0x%llx-0x%llx overlaps a region "
				  "already mapped", (unsigned long long)gpa,
				  (unsigned long long)(gpa + size - 1));
	if (vm->nr_mmio == ARMVM_MAX_MMIO_REGIONS)
		return armvm_fail(err, ARMVM_E_RANGE,
				  "too many MMIO regions (at most %d)",
				  ARMVM_MAX_MMIO_REGIONS);

	unsigned pos = 0;
	while (pos < vm->nr_mmio && vm->mmio[pos].gpa < gpa)
		pos++;
	memmove(&vm->mmio[pos + 1], &vm->mmio[pos],
		(vm->nr_mmio - pos) * sizeof(vm->mmio[0]));
	vm->mmio[pos] = (struct mmio_handler){
		.gpa = gpa, .size = size, .ops = ops, .opaque = opaque,
	};
	vm->nr_mmio++;
	return 0;
}
