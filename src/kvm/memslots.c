/* SPDX-License-Identifier: MIT */
/*
 * Guest memory slots (KVM_SET_USER_MEMORY_REGION): host memory handed to
 * KVM. RAM is read-write; ROM and read-only RAM are read-only slots
 * (KVM_MEM_READONLY), so guest reads run at native speed and guest writes
 * come back as MMIO exits (handle_exit.h) that go to the region's write
 * callback or are dropped and counted. A slot may carry
 * KVM_MEM_LOG_DIRTY_PAGES for dirty_log.c. Regions are added here through
 * a memory map change (memory_map.c), at any time.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kvm/vm_internal.h"

int mem_slot_set(struct armvm_vm *vm, const struct mem_region *m, uint64_t gpa,
		 uint64_t size, struct armvm_error *err)
{
	struct kvm_userspace_memory_region slot = {
		.slot = m->slot,
		.flags = m->kvm_flags,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uint64_t)(uintptr_t)m->host,
	};
	if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &slot) == 0)
		return 0;
	int e = errno;
	if (e == E2BIG || e == EINVAL)
		return armvm_fail(err, ARMVM_E_RANGE,
				  "KVM refused guest memory at 0x%llx-0x%llx: %s "
				  "(beyond the guest's physical address size?)",
				  (unsigned long long)gpa,
				  (unsigned long long)(gpa + size - 1), strerror(e));
	return armvm_fail_errno(err, ARMVM_E_KVM, e, "KVM_SET_USER_MEMORY_REGION");
}

/* The lowest slot number no region of t uses. */
static unsigned free_slot(const struct region_table *t)
{
	for (unsigned s = 0;; s++) {
		bool used = false;
		for (unsigned i = 0; i < t->nr_mem && !used; i++)
			used = t->mem[i].slot == s;
		if (!used)
			return s;
	}
}

static int check_region(struct armvm_vm *vm, const struct armvm_mem_region *r,
			const char *what, struct armvm_error *err)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	if (r->size == 0 || r->gpa % page || r->size % page ||
	    (uintptr_t)r->host % page)
		return armvm_fail(err, ARMVM_E_INVAL,
				  "%s at 0x%llx size 0x%llx is not a non-empty "
				  "multiple of the %llu-byte page (with page-aligned "
				  "host memory)", what, (unsigned long long)r->gpa,
				  (unsigned long long)r->size, (unsigned long long)page);
	if (r->gpa + r->size < r->gpa)
		return armvm_fail(err, ARMVM_E_RANGE, "%s at 0x%llx wraps around",
				  what, (unsigned long long)r->gpa);
	if (r->flags & ~(ARMVM_MEM_READONLY | ARMVM_MEM_LOG_DIRTY))
		return armvm_fail(err, ARMVM_E_INVAL, "%s at 0x%llx: unknown flags 0x%x",
				  what, (unsigned long long)r->gpa, r->flags);
	if (r->on_write && !(r->flags & ARMVM_MEM_READONLY))
		return armvm_fail(err, ARMVM_E_INVAL, "%s at 0x%llx has a write "
				  "callback but is not read-only", what,
				  (unsigned long long)r->gpa);
	if ((r->flags & ARMVM_MEM_READONLY) && kvm_cap(vm->kvm_fd, KVM_CAP_READONLY_MEM) <= 0)
		return armvm_fail(err, ARMVM_E_UNSUPPORTED,
				  "the host's KVM lacks read-only memory "
				  "(KVM_CAP_READONLY_MEM)");
	return 0;
}

/* Stage 2 maps a 2 MiB block only where the host address and the guest
 * address agree modulo 2 MiB (and the host has a huge page there): guest
 * memory of at least that size is placed so, and asks for transparent huge
 * pages (THP "madvise" hosts; "always" hosts give them anyway). Without it
 * every 4 KiB the guest touches is a stage-2 fault of its own. */
#define GUEST_BLOCK_SIZE (2UL << 20)
static void *map_anonymous(uint64_t gpa, size_t size)
{
	const int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
	if (size < GUEST_BLOCK_SIZE)
		return mmap(NULL, size, PROT_READ | PROT_WRITE, flags, -1, 0);
	size_t span = size + GUEST_BLOCK_SIZE;
	char *raw = mmap(NULL, span, PROT_READ | PROT_WRITE, flags, -1, 0);
	if (raw == MAP_FAILED)
		return MAP_FAILED;
	uintptr_t want = (uintptr_t)(gpa & (GUEST_BLOCK_SIZE - 1));
	size_t head = (size_t)((want - (uintptr_t)raw) & (GUEST_BLOCK_SIZE - 1));
	char *host = raw + head;
	if (head)
		munmap(raw, head);
	if (span - head - size)
		munmap(host + size, span - head - size);
	madvise(host, size, MADV_HUGEPAGE);   /* a hint: refused is fine */
	return host;
}

static int map_region(struct armvm_vm *vm, const struct armvm_mem_region *r,
		      const void *data, size_t data_len, void **host_ptr,
		      struct armvm_error *err)
{
	const char *what = r->flags & ARMVM_MEM_READONLY ? "read-only memory" : "RAM";
	int rc = check_region(vm, r, what, err);
	if (rc < 0)
		return rc;
	struct map_change c;
	if ((rc = map_change_begin(vm, &c, err)) < 0)
		return rc;
	struct region_table *t = c.table;
	if (vm_range_in_use(vm, t, r->gpa, r->size, -1, -1)) {
		rc = armvm_fail(err, ARMVM_E_OVERLAP, "%s at 0x%llx-0x%llx overlaps a "
				"region already mapped", what, (unsigned long long)r->gpa,
				(unsigned long long)(r->gpa + r->size - 1));
		goto out;
	}
	if (t->nr_mem >= vm->max_slots) {
		rc = armvm_fail(err, ARMVM_E_RANGE, "too many memory regions (the "
				"host's KVM allows %u)", vm->max_slots);
		goto out;
	}
	struct mem_region m = {
		.gpa = r->gpa, .size = r->size, .host = r->host,
		.kind = r->flags & ARMVM_MEM_READONLY ? MEM_ROM : MEM_RAM,
		.slot = free_slot(t),
		.kvm_flags = (r->flags & ARMVM_MEM_READONLY ? KVM_MEM_READONLY : 0) |
			     (r->flags & ARMVM_MEM_LOG_DIRTY ? KVM_MEM_LOG_DIRTY_PAGES : 0),
		.owned = r->host == NULL,
		.on_write = r->on_write, .opaque = r->opaque,
	};
	if (m.owned) {
		void *host = map_anonymous(r->gpa, (size_t)r->size);
		if (host == MAP_FAILED) {
			rc = armvm_fail(err, ARMVM_E_NOMEM, "cannot allocate %llu bytes "
					"of guest %s: %s", (unsigned long long)r->size,
					what, strerror(errno));
			goto out;
		}
		m.host = host;
		if (data_len)
			memcpy(host, data, data_len);
	}
	if ((rc = mem_slot_set(vm, &m, m.gpa, m.size, err)) < 0) {
		if (m.owned)
			munmap(m.host, (size_t)m.size);
		goto out;
	}
	table_insert_mem(t, &m);
	if (host_ptr)
		*host_ptr = m.host;
out:
	map_change_end(&c, rc == 0);
	return rc;
}

int armvm_map_mem(struct armvm_vm *vm, const struct armvm_mem_region *r,
		  void **host_ptr, struct armvm_error *err)
{
	if (!r)
		return armvm_fail(err, ARMVM_E_INVAL, "NULL memory region");
	return map_region(vm, r, NULL, 0, host_ptr, err);
}

int armvm_map_ram(struct armvm_vm *vm, uint64_t gpa, uint64_t size,
		  void **host_ptr, struct armvm_error *err)
{
	struct armvm_mem_region r = { .gpa = gpa, .size = size };
	return map_region(vm, &r, NULL, 0, host_ptr, err);
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
	struct armvm_mem_region r = { .gpa = gpa, .size = size,
				      .flags = ARMVM_MEM_READONLY };
	return map_region(vm, &r, data, data_len, NULL, err);
}
