/* SPDX-License-Identifier: MIT */
/*
 * Guest memory slots: anonymous host mappings handed to KVM as memslots
 * (KVM_SET_USER_MEMORY_REGION). RAM is
 * read-write; ROM is a read-only memslot (KVM_MEM_READONLY), so guest reads
 * run at native speed and guest writes come back as MMIO exits that the run
 * loop drops and counts.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "arch/range.h"
#include "kvm/vm_internal.h"

const struct mem_region *mem_find(const struct armvm_vm *vm, uint64_t gpa,
				  uint64_t len)
{
	for (unsigned i = 0; i < vm->nr_mem; i++) {
		const struct mem_region *m = &vm->mem[i];
		if (range_contains(m->gpa, m->size, gpa, len))
			return m;
	}
	return NULL;
}

void *armvm_gpa_to_host(struct armvm_vm *vm, uint64_t gpa, uint64_t len)
{
	const struct mem_region *m = mem_find(vm, gpa, len);
	return m ? (uint8_t *)m->host + (gpa - m->gpa) : NULL;
}

static int map_region(struct armvm_vm *vm, uint64_t gpa, uint64_t size,
		      enum mem_kind kind, struct mem_region **out,
		      struct armvm_error *err)
{
	const char *what = kind == MEM_RAM ? "RAM" : "ROM";
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);

	if (atomic_load(&vm->started))
		return armvm_fail(err, ARMVM_E_STATE,
				  "cannot map %s once the VM has run", what);
	if (size == 0 || gpa % page || size % page)
		return armvm_fail(err, ARMVM_E_INVAL,
				  "%s at 0x%llx size 0x%llx is not a non-empty "
				  "multiple of the %llu-byte page", what,
				  (unsigned long long)gpa, (unsigned long long)size,
				  (unsigned long long)page);
	if (gpa + size < gpa)
		return armvm_fail(err, ARMVM_E_RANGE, "%s at 0x%llx wraps around",
				  what, (unsigned long long)gpa);
	if (vm_range_in_use(vm, gpa, size))
		return armvm_fail(err, ARMVM_E_OVERLAP,
				  "%s at 0x%llx-0x%llx overlaps a region already "
				  "mapped", what, (unsigned long long)gpa,
				  (unsigned long long)(gpa + size - 1));
	if (vm->nr_mem == ARMVM_MAX_MEM_REGIONS)
		return armvm_fail(err, ARMVM_E_RANGE,
				  "too many memory regions (at most %d)",
				  ARMVM_MAX_MEM_REGIONS);
	void *host = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (host == MAP_FAILED)
		return armvm_fail(err, ARMVM_E_NOMEM,
				  "cannot allocate %llu bytes of guest %s: %s",
				  (unsigned long long)size, what, strerror(errno));

	struct mem_region *m = &vm->mem[vm->nr_mem];
	m->gpa = gpa;
	m->size = size;
	m->host = host;
	m->kind = kind;
	m->slot = vm->nr_mem;
	struct kvm_userspace_memory_region slot = {
		.slot = m->slot,
		.flags = kind == MEM_ROM ? KVM_MEM_READONLY : 0,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uint64_t)(uintptr_t)host,
	};
	if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &slot) < 0) {
		int e = errno;
		munmap(host, (size_t)size);
		if (e == E2BIG || e == EINVAL)
			return armvm_fail(err, ARMVM_E_RANGE,
					  "KVM refused guest %s at 0x%llx-0x%llx: %s "
					  "(beyond the guest's physical address size?)",
					  what, (unsigned long long)gpa,
					  (unsigned long long)(gpa + size - 1), strerror(e));
		return armvm_fail_errno(err, ARMVM_E_KVM, e,
					"KVM_SET_USER_MEMORY_REGION");
	}
	vm->nr_mem++;
	*out = m;
	return 0;
}

int armvm_map_ram(struct armvm_vm *vm, uint64_t gpa, uint64_t size,
		  void **host_ptr, struct armvm_error *err)
{
	struct mem_region *m;
	int r = map_region(vm, gpa, size, MEM_RAM, &m, err);
	if (r < 0)
		return r;
	if (host_ptr)
		*host_ptr = m->host;
	return 0;
}

int armvm_map_rom(struct armvm_vm *vm, uint64_t gpa, uint64_t size,
		  const void *data, size_t data_len, struct armvm_error *err)
{
	if (data_len > size)
		return armvm_fail(err, ARMVM_E_INVAL,
				  "ROM contents (%zu bytes) larger than the ROM "
				  "(0x%llx bytes)", data_len, (unsigned long long)size);
	if (data_len && !data)
		return armvm_fail(err, ARMVM_E_INVAL, "ROM contents are NULL");
	if (ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_READONLY_MEM) <= 0)
		return armvm_fail(err, ARMVM_E_UNSUPPORTED,
				  "the host's KVM lacks read-only memory "
				  "(KVM_CAP_READONLY_MEM)");
	struct mem_region *m;
	int r = map_region(vm, gpa, size, MEM_ROM, &m, err);
	if (r < 0)
		return r;
	if (data_len)
		memcpy(m->host, data, data_len);
	return 0;
}

void mem_unmap_all(struct armvm_vm *vm)
{
	for (unsigned i = 0; i < vm->nr_mem; i++)
		munmap(vm->mem[i].host, (size_t)vm->mem[i].size);
	vm->nr_mem = 0;
}
