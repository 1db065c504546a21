/* SPDX-License-Identifier: MIT */
/*
 * Handling a KVM exit (struct kvm_run's exit_reason, api.rst "KVM_RUN"):
 * each handler says what should happen next and only the run loop
 * (vcpu_run.c) acts on it. The MMIO exit is every device access, so its
 * path is inline here, as KVM keeps its own fast exit paths in
 * hyp/include/hyp/switch.h: a region lookup without locks, the callback,
 * back to KVM_RUN. The other exits are in handle_exit.c.
 */
#ifndef ARMVM_KVM_HANDLE_EXIT_H
#define ARMVM_KVM_HANDLE_EXIT_H

#include <string.h>

#include "arch/range.h"
#include "kvm/vm_internal.h"

enum exit_action {
	EXIT_RESUME,     /* handled: enter the guest again */
	EXIT_REPORT,     /* stop and report *ex (or the error) to the embedder */
};

/* Fill *ex as a CRASH at `addr` with a one-line reason. */
void exit_crash(struct armvm_exit *ex, uint64_t addr, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* KVM_EXIT_ARM_NISV: emulate a syndrome-less MMIO access (nisv.c). */
enum exit_action handle_nisv(struct armvm_vcpu *v, struct armvm_exit *ex);

/* Every exit reason but MMIO (handle_exit.c). */
enum exit_action handle_exit_slow(struct armvm_vcpu *v, struct armvm_exit *ex);

/* KVM_EXIT_HYPERCALL: the embedder's hypercall callback answers (hypercall.c). */
enum exit_action handle_hypercall(struct armvm_vcpu *v, struct armvm_exit *ex);

/* KVM_RUN failed with `errnum` (other than a kick's EINTR/EAGAIN): a crash
 * report (0) for what the guest did, else a host error (negative code). */
int handle_run_error(int errnum, struct armvm_exit *ex, struct armvm_error *err);

/*
 * The MMIO region holding [gpa, gpa+len), or NULL: first the region this
 * vCPU hit last (a guest usually talks to one device in a row), then a
 * binary search of the vCPU's sorted, immutable table (memory_map.c).
 */
static inline const struct mmio_handler *
mmio_find(const struct region_table *t, const struct mmio_handler **last,
	  uint64_t gpa, unsigned len)
{
	if (*last && range_contains((*last)->gpa, (*last)->size, gpa, len))
		return *last;
	unsigned lo = 0, hi = t->nr_mmio;
	while (lo < hi) {       /* the last region starting at or below gpa */
		unsigned mid = (lo + hi) / 2;
		if (t->mmio[mid].gpa <= gpa)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || !range_contains(t->mmio[lo - 1].gpa,
				       t->mmio[lo - 1].size, gpa, len))
		return NULL;
	*last = &t->mmio[lo - 1];
	return *last;
}

/* kvm_run.mmio.data holds the access's bytes in guest (little-endian)
 * order, the same as this arm64 Linux host; fixed-size copies compile to
 * single loads and stores. */
static inline uint64_t mmio_data_get(const uint8_t *data, unsigned len)
{
	uint8_t b; uint16_t h; uint32_t w; uint64_t d = 0;
	switch (len) {
	case 1: memcpy(&b, data, 1); return b;
	case 2: memcpy(&h, data, 2); return h;
	case 4: memcpy(&w, data, 4); return w;
	case 8: memcpy(&d, data, 8); return d;
	default: memcpy(&d, data, len < 8 ? len : 8); return d;
	}
}

static inline void mmio_data_put(uint8_t *data, unsigned len, uint64_t value)
{
	uint8_t b = (uint8_t)value; uint16_t h = (uint16_t)value;
	uint32_t w = (uint32_t)value;
	switch (len) {
	case 1: memcpy(data, &b, 1); return;
	case 2: memcpy(data, &h, 2); return;
	case 4: memcpy(data, &w, 4); return;
	case 8: memcpy(data, &value, 8); return;
	default: memcpy(data, &value, len < 8 ? len : 8); return;
	}
}

/*
 * KVM_EXIT_MMIO: a guest access KVM decoded (data abort with a valid
 * syndrome, Arm ARM D17.2.40 ISV) outside any memslot. An MMIO region's
 * callback serves it; a write to read-only memory (a KVM_MEM_READONLY slot)
 * goes to the region's write callback, or is dropped and counted; anything
 * else touched nothing and is a crash. Nothing of the table is touched
 * after a callback: it may change the memory map (safe_point.c).
 */
static inline enum exit_action handle_mmio(struct armvm_vcpu *v,
					   struct armvm_exit *ex)
{
	struct kvm_run *run = v->run;
	uint64_t addr = run->mmio.phys_addr;
	unsigned len = run->mmio.len;
	const struct mmio_handler *h = mmio_find(v->table, &v->last_mmio, addr, len);

	if (__builtin_expect(h != NULL, 1)) {
		v->mmio_exits++;
		if (run->mmio.is_write) {
			h->ops->write(h->opaque, addr - h->gpa, len,
				      mmio_data_get(run->mmio.data, len), v->index);
		} else {
			mmio_data_put(run->mmio.data, len,
				      h->ops->read(h->opaque, addr - h->gpa, len, v->index));
		}
		return EXIT_RESUME;
	}
	const struct mem_region *m = mem_find(v->table, addr, len);
	if (m && m->kind == MEM_ROM && run->mmio.is_write) {
		if (m->on_write)
			m->on_write(m->opaque, addr, len,
				    mmio_data_get(run->mmio.data, len), v->index);
		else
			v->rom_writes_dropped++;
		return EXIT_RESUME;
	}
	exit_crash(ex, addr, "guest %s of %u byte%s at 0x%llx, outside any memory "
		   "or device region", run->mmio.is_write ? "write" : "read", len,
		   len == 1 ? "" : "s", (unsigned long long)addr);
	return EXIT_REPORT;
}

/* One exit of KVM_RUN: the hot case first, ahead of the others. */
static inline enum exit_action handle_exit(struct armvm_vcpu *v,
					   struct armvm_exit *ex)
{
	if (__builtin_expect(v->run->exit_reason == KVM_EXIT_MMIO, 1))
		return handle_mmio(v, ex);
	return handle_exit_slow(v, ex);
}

#endif
