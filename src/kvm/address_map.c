/* SPDX-License-Identifier: MIT */
/*
 * The guest physical address map: RAM and ROM slots (memslots.c), MMIO
 * regions (mmio_regions.c) and the in-kernel GIC's frames must not overlap;
 * every region is checked here before it is added or moved.
 */
#include "kvm/vm_internal.h"
#include "machine/memmap.h"

static bool ranges_overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return a < b + bs && b < a + as;
}

static bool gic_overlaps(const struct armvm_vm *vm, uint64_t gpa, uint64_t size)
{
	if (vm->gic == ARMVM_GIC_NONE)
		return false;
	if (ranges_overlap(gpa, size, vm->gic_dist_base, VIRT_GIC_DIST_SIZE))
		return true;
	if (vm->gic == ARMVM_GIC_V3)
		return ranges_overlap(gpa, size, vm->gic_redist_base,
				      (uint64_t)vm->nr_vcpus * VIRT_GIC_REDIST_STRIDE);
	return ranges_overlap(gpa, size, vm->gic_cpu_base, VIRT_GIC_CPU_SIZE);
}

bool vm_range_in_use(const struct armvm_vm *vm, const struct region_table *t,
		     uint64_t gpa, uint64_t size, int skip_mem, int skip_mmio)
{
	for (unsigned i = 0; i < t->nr_mem; i++)
		if ((int)i != skip_mem &&
		    ranges_overlap(gpa, size, t->mem[i].gpa, t->mem[i].size))
			return true;
	for (unsigned i = 0; i < t->nr_mmio; i++)
		if ((int)i != skip_mmio &&
		    ranges_overlap(gpa, size, t->mmio[i].gpa, t->mmio[i].size))
			return true;
	return gic_overlaps(vm, gpa, size);
}
