/* SPDX-License-Identifier: MIT */
/*
 * Removing and moving regions of the memory map (memory_map.c), the
 * embedder's bank switches and hot-(un)plugged devices. KVM moves a slot in
 * one KVM_SET_USER_MEMORY_REGION (api.rst: "it may be moved in the guest
 * physical memory space"), and deletes it with memory_size 0; the vCPUs are
 * parked meanwhile, so no guest access sees the map half changed.
 */
#include <sys/mman.h>
#include <unistd.h>

#include "kvm/vm_internal.h"

static int find_mem(const struct region_table *t, uint64_t gpa)
{
	for (unsigned i = 0; i < t->nr_mem; i++)
		if (t->mem[i].gpa == gpa)
			return (int)i;
	return -1;
}

static int find_mmio(const struct region_table *t, uint64_t gpa)
{
	for (unsigned i = 0; i < t->nr_mmio; i++)
		if (t->mmio[i].gpa == gpa)
			return (int)i;
	return -1;
}

/* Another region of t whose host memory lies inside m's. */
static const struct mem_region *alias_of(const struct region_table *t,
					 const struct mem_region *m)
{
	uintptr_t lo = (uintptr_t)m->host, hi = lo + (uintptr_t)m->size;
	for (unsigned i = 0; i < t->nr_mem; i++) {
		const struct mem_region *a = &t->mem[i];
		uintptr_t h = (uintptr_t)a->host;
		if (a != m && h < hi && lo < h + (uintptr_t)a->size)
			return a;
	}
	return NULL;
}

int armvm_region_remove(struct armvm_vm *vm, uint64_t gpa,
			struct armvm_error *err)
{
	struct map_change c;
	int r = map_change_begin(vm, &c, err);
	if (r < 0)
		return r;
	struct region_table *t = c.table;
	int i = find_mem(t, gpa), j = find_mmio(t, gpa);
	void *unmap = NULL;
	uint64_t unmap_size = 0;
	if (i >= 0) {
		struct mem_region *m = &t->mem[i];
		const struct mem_region *a = m->owned ? alias_of(t, m) : NULL;
		if (a) {
			r = armvm_fail(err, ARMVM_E_STATE, "memory at 0x%llx is still "
				       "aliased at 0x%llx: remove the alias first",
				       (unsigned long long)gpa, (unsigned long long)a->gpa);
		} else if ((r = mem_slot_set(vm, m, m->gpa, 0, err)) == 0) {
			if (m->owned) {
				unmap = m->host;
				unmap_size = m->size;
			}
			table_remove_mem(t, (unsigned)i);
		}
	} else if (j >= 0) {
		table_remove_mmio(t, (unsigned)j);
	} else {
		r = armvm_fail(err, ARMVM_E_RANGE, "no region starts at 0x%llx",
			       (unsigned long long)gpa);
	}
	map_change_end(&c, r == 0);
	/* After the change: no vCPU can reach the memory any more. */
	if (unmap)
		munmap(unmap, (size_t)unmap_size);
	return r;
}

int armvm_region_move(struct armvm_vm *vm, uint64_t gpa, uint64_t new_gpa,
		      struct armvm_error *err)
{
	struct map_change c;
	int r = map_change_begin(vm, &c, err);
	if (r < 0)
		return r;
	struct region_table *t = c.table;
	int i = find_mem(t, gpa), j = find_mmio(t, gpa);
	uint64_t size = i >= 0 ? t->mem[i].size : j >= 0 ? t->mmio[j].size : 0;
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	if (i < 0 && j < 0) {
		r = armvm_fail(err, ARMVM_E_RANGE, "no region starts at 0x%llx",
			       (unsigned long long)gpa);
	} else if (new_gpa + size < new_gpa || (i >= 0 && new_gpa % page)) {
		r = armvm_fail(err, ARMVM_E_INVAL, "cannot move the region at 0x%llx "
			       "to 0x%llx (unaligned or wrapping)",
			       (unsigned long long)gpa, (unsigned long long)new_gpa);
	} else if (vm_range_in_use(vm, t, new_gpa, size, i, j)) {
		r = armvm_fail(err, ARMVM_E_OVERLAP, "the region at 0x%llx moved to "
			       "0x%llx-0x%llx would overlap another region",
			       (unsigned long long)gpa, (unsigned long long)new_gpa,
			       (unsigned long long)(new_gpa + size - 1));
	} else if (i >= 0) {
		struct mem_region m = t->mem[i];
		if ((r = mem_slot_set(vm, &m, new_gpa, m.size, err)) == 0) {
			table_remove_mem(t, (unsigned)i);
			m.gpa = new_gpa;
			table_insert_mem(t, &m);
		}
	} else {
		struct mmio_handler h = t->mmio[j];
		table_remove_mmio(t, (unsigned)j);
		h.gpa = new_gpa;
		table_insert_mmio(t, &h);
	}
	map_change_end(&c, r == 0);
	return r;
}
