/* SPDX-License-Identifier: MIT */
/*
 * Dirty page tracking (api.rst "KVM_GET_DIRTY_LOG"): a slot mapped with
 * KVM_MEM_LOG_DIRTY_PAGES has its guest writes recorded by KVM, one bit per
 * host page; KVM_GET_DIRTY_LOG copies the bitmap out and, without
 * KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2 (not enabled here), clears it and
 * write-protects the pages again, which gives "written since the last
 * call". The dirty ring (KVM_CAP_DIRTY_LOG_RING) would need every vCPU's
 * ring harvested and reset from the run loop; an emulator asking about one
 * framebuffer once a frame is served as well by the bitmap.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kvm/vm_internal.h"

int armvm_dirty_log(struct armvm_vm *vm, uint64_t gpa, uint64_t *bitmap,
		    size_t nr_words, struct armvm_error *err)
{
	if (!bitmap)
		return armvm_fail(err, ARMVM_E_INVAL, "NULL dirty bitmap");
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	/* The slot may not change under the ioctl; the lock is enough (no
	 * safe point: KVM reads the log while vCPUs run). */
	map_lock(vm, vm_current_vcpu(vm));
	const struct region_table *t = atomic_load(&vm->table);
	const struct mem_region *m = NULL;
	for (unsigned i = 0; i < t->nr_mem && !m; i++)
		if (t->mem[i].gpa == gpa)
			m = &t->mem[i];
	int r = 0;
	if (!m) {
		r = armvm_fail(err, ARMVM_E_RANGE, "no memory region starts at 0x%llx",
			       (unsigned long long)gpa);
	} else if (!(m->kvm_flags & KVM_MEM_LOG_DIRTY_PAGES)) {
		r = armvm_fail(err, ARMVM_E_STATE, "memory at 0x%llx is not dirty "
			       "tracked (map it with ARMVM_MEM_LOG_DIRTY)",
			       (unsigned long long)gpa);
	} else if (nr_words < (m->size / page + 63) / 64) {
		r = armvm_fail(err, ARMVM_E_INVAL, "dirty bitmap of %zu words too "
			       "small for %llu pages", nr_words,
			       (unsigned long long)(m->size / page));
	} else {
		memset(bitmap, 0, nr_words * sizeof(bitmap[0]));
		struct kvm_dirty_log log = { .slot = m->slot, .dirty_bitmap = bitmap };
		if (ioctl(vm->vm_fd, KVM_GET_DIRTY_LOG, &log) < 0)
			r = armvm_fail_errno(err, ARMVM_E_KVM, errno, "KVM_GET_DIRTY_LOG");
	}
	pthread_mutex_unlock(&vm->map_lock);
	return r;
}
