/* SPDX-License-Identifier: MIT */
/*
 * MMIO regions served by embedder callbacks, added to the memory map at any
 * time (memory_map.c); the exit path finds them in the vCPU's table with a
 * lock-free search (mmio_find in handle_exit.h).
 */
#include "kvm/vm_internal.h"

int armvm_add_mmio(struct armvm_vm *vm, uint64_t gpa, uint64_t size,
		   const struct armvm_mmio_ops *ops, void *opaque,
		   struct armvm_error *err)
{
	if (!ops || !ops->read || !ops->write)
		return armvm_fail(err, ARMVM_E_INVAL,
				  "MMIO region at 0x%llx needs read and write callbacks",
				  (unsigned long long)gpa);
	if (size == 0 || gpa + size < gpa)
		return armvm_fail(err, ARMVM_E_INVAL,
				  "MMIO region at 0x%llx has a bad size 0x%llx",
				  (unsigned long long)gpa, (unsigned long long)size);
	struct map_change c;
	int r = map_change_begin(vm, &c, err);
	if (r < 0)
		return r;
	if (vm_range_in_use(vm, c.table, gpa, size, -1, -1)) {
		r = armvm_fail(err, ARMVM_E_OVERLAP,
			       "MMIO region at 0x%llx-0x%llx overlaps a region "
			       "already mapped", (unsigned long long)gpa,
			       (unsigned long long)(gpa + size - 1));
	} else {
		struct mmio_handler h = {
			.gpa = gpa, .size = size, .ops = ops, .opaque = opaque,
		};
		table_insert_mmio(c.table, &h);
	}
	map_change_end(&c, r == 0);
	return r;
}
