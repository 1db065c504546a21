/* SPDX-License-Identifier: MIT */
/*
 * The memory map as the exit path sees it: an immutable region table,
 * published through vm->table. A change copies the table, edits the copy
 * while the running vCPUs are parked at a safe point (safe_point.c),
 * publishes it and frees the old one once nothing can read it: the vCPUs
 * took up the new table before they left their safe point, and
 * armvm_gpa_to_host readers are counted. This is the read-copy-update
 * pattern with the safe point as the grace period, so the MMIO exit path
 * needs no lock and no atomic.
 */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "arch/range.h"
#include "kvm/vm_internal.h"

/* One allocation: the header, then room for nr_mem and nr_mmio entries. */
static struct region_table *table_alloc(unsigned nr_mem, unsigned nr_mmio)
{
	size_t size = sizeof(struct region_table) +
		      (size_t)nr_mem * sizeof(struct mem_region) +
		      (size_t)nr_mmio * sizeof(struct mmio_handler);
	struct region_table *t = calloc(1, size);
	if (!t)
		return NULL;
	t->mem = (struct mem_region *)(t + 1);
	t->mmio = (struct mmio_handler *)(t->mem + nr_mem);
	return t;
}

/* A copy of t with room for one more region of each kind. */
static struct region_table *table_copy(const struct region_table *t)
{
	struct region_table *c = table_alloc(t->nr_mem + 1, t->nr_mmio + 1);
	if (!c)
		return NULL;
	c->nr_mem = t->nr_mem;
	c->nr_mmio = t->nr_mmio;
	memcpy(c->mem, t->mem, t->nr_mem * sizeof(t->mem[0]));
	memcpy(c->mmio, t->mmio, t->nr_mmio * sizeof(t->mmio[0]));
	return c;
}

void table_insert_mem(struct region_table *t, const struct mem_region *m)
{
	unsigned pos = 0;
	while (pos < t->nr_mem && t->mem[pos].gpa < m->gpa)
		pos++;
	memmove(&t->mem[pos + 1], &t->mem[pos],
		(t->nr_mem - pos) * sizeof(t->mem[0]));
	t->mem[pos] = *m;
	t->nr_mem++;
}

void table_insert_mmio(struct region_table *t, const struct mmio_handler *h)
{
	unsigned pos = 0;
	while (pos < t->nr_mmio && t->mmio[pos].gpa < h->gpa)
		pos++;
	memmove(&t->mmio[pos + 1], &t->mmio[pos],
		(t->nr_mmio - pos) * sizeof(t->mmio[0]));
	t->mmio[pos] = *h;
	t->nr_mmio++;
}

void table_remove_mem(struct region_table *t, unsigned index)
{
	memmove(&t->mem[index], &t->mem[index + 1],
		(t->nr_mem - index - 1) * sizeof(t->mem[0]));
	t->nr_mem--;
}

void table_remove_mmio(struct region_table *t, unsigned index)
{
	memmove(&t->mmio[index], &t->mmio[index + 1],
		(t->nr_mmio - index - 1) * sizeof(t->mmio[0]));
	t->nr_mmio--;
}

const struct mem_region *mem_find(const struct region_table *t, uint64_t gpa,
				  uint64_t len)
{
	for (unsigned i = 0; i < t->nr_mem; i++) {
		const struct mem_region *m = &t->mem[i];
		if (range_contains(m->gpa, m->size, gpa, len))
			return m;
	}
	return NULL;
}

void *armvm_gpa_to_host(struct armvm_vm *vm, uint64_t gpa, uint64_t len)
{
	atomic_fetch_add(&vm->table_readers, 1);
	const struct region_table *t = atomic_load(&vm->table);
	const struct mem_region *m = mem_find(t, gpa, len);
	void *p = m ? (uint8_t *)m->host + (gpa - m->gpa) : NULL;
	atomic_fetch_sub(&vm->table_readers, 1);
	return p;
}

struct armvm_vcpu *vm_current_vcpu(struct armvm_vm *vm)
{
	pid_t tid = (pid_t)syscall(SYS_gettid);
	for (unsigned i = 0; i < vm->nr_vcpus; i++)
		if (atomic_load(&vm->vcpus[i].kick_tid) == tid)
			return &vm->vcpus[i];
	return NULL;
}

void map_lock(struct armvm_vm *vm, struct armvm_vcpu *self)
{
	if (!self) {
		pthread_mutex_lock(&vm->map_lock);
		return;
	}
	/* A vCPU thread (in a callback) must not block while the lock's holder
	 * waits for it to reach a safe point: it is at one, so it parks. */
	while (pthread_mutex_trylock(&vm->map_lock) != 0) {
		if (atomic_load(&vm->pause)) {
			vcpu_safe_point_in_callback(self);
		} else {
			struct timespec ts = { 0, 20000 };
			nanosleep(&ts, NULL);
		}
	}
}

int memory_map_init(struct armvm_vm *vm, struct armvm_error *err)
{
	struct region_table *t = table_alloc(0, 0);
	if (!t)
		return armvm_fail(err, ARMVM_E_NOMEM, "cannot allocate the region table");
	atomic_store(&vm->table, t);
	pthread_mutex_init(&vm->map_lock, NULL);
	pthread_mutex_init(&vm->park_lock, NULL);
	pthread_cond_init(&vm->park_cond, NULL);
	int slots = kvm_cap(vm->kvm_fd, KVM_CAP_NR_MEMSLOTS);
	vm->max_slots = slots > 0 ? (unsigned)slots : 32;
	return 0;
}

void memory_map_destroy(struct armvm_vm *vm)
{
	struct region_table *t = atomic_load(&vm->table);
	if (!t)
		return;
	for (unsigned i = 0; i < t->nr_mem; i++)
		if (t->mem[i].owned)
			munmap(t->mem[i].host, (size_t)t->mem[i].size);
	free(t);
	atomic_store(&vm->table, NULL);
	pthread_mutex_destroy(&vm->map_lock);
	pthread_mutex_destroy(&vm->park_lock);
	pthread_cond_destroy(&vm->park_cond);
}

int map_change_begin(struct armvm_vm *vm, struct map_change *c,
		     struct armvm_error *err)
{
	c->vm = vm;
	c->self = vm_current_vcpu(vm);
	map_lock(vm, c->self);
	c->table = table_copy(atomic_load(&vm->table));
	if (!c->table) {
		pthread_mutex_unlock(&vm->map_lock);
		return armvm_fail(err, ARMVM_E_NOMEM, "cannot allocate the region table");
	}
	vcpus_pause(vm, c->self);
	return 0;
}

void map_change_end(struct map_change *c, bool publish)
{
	struct armvm_vm *vm = c->vm;
	struct region_table *unused = c->table;
	if (publish) {
		unused = atomic_exchange(&vm->table, c->table);
		/* The caller's own vCPU is inside a callback, past its last use
		 * of the old table (handle_exit.h): it takes the new one now. */
		if (c->self) {
			c->self->table = c->table;
			c->self->last_mmio = NULL;
		}
	}
	vcpus_resume(vm);
	/* Parked vCPUs took up the new table before leaving their safe point;
	 * armvm_gpa_to_host readers that may hold the old one are waited for. */
	while (atomic_load(&vm->table_readers) != 0)
		sched_yield();
	free(unused);
	pthread_mutex_unlock(&vm->map_lock);
}
