// SPDX-License-Identifier: MIT
/* MMIO regions of device models on a hosted-engine VM: see host_mmio.h. */
#include "host/host_mmio.h"

static uint64_t slot_read(void *opaque, uint64_t offset, unsigned size,
			  unsigned vcpu)
{
	const struct host_mmio_slot *s = opaque;

	(void)vcpu;
	return dev_mmio_read(s->region, s->lock, offset, size);
}

static void slot_write(void *opaque, uint64_t offset, unsigned size,
		       uint64_t value, unsigned vcpu)
{
	const struct host_mmio_slot *s = opaque;

	(void)vcpu;
	dev_mmio_write(s->region, s->lock, offset, size, value);
}

static const struct armvm_mmio_ops slot_ops = {
	.read = slot_read,
	.write = slot_write,
};

static uint64_t region_read(void *opaque, uint64_t offset, unsigned size,
			    unsigned vcpu)
{
	(void)vcpu;
	return dev_mmio_read(opaque, NULL, offset, size);
}

static void region_write(void *opaque, uint64_t offset, unsigned size,
			 uint64_t value, unsigned vcpu)
{
	(void)vcpu;
	dev_mmio_write(opaque, NULL, offset, size, value);
}

static const struct armvm_mmio_ops region_ops = {
	.read = region_read,
	.write = region_write,
};

int host_mmio_add_region(struct armvm_vm *vm, const struct mmio_region *r,
			 struct armvm_error *err)
{
	return armvm_add_mmio(vm, r->base, r->size, &region_ops, (void *)(uintptr_t)r, err);
}

int host_mmio_add(struct armvm_vm *vm, struct host_mmio_slot *s,
		  struct armvm_error *err)
{
	return armvm_add_mmio(vm, s->region->base, s->region->size, &slot_ops, s, err);
}

static void mutex_lock(void *ctx)
{
	pthread_mutex_lock(ctx);
}

static void mutex_unlock(void *ctx)
{
	pthread_mutex_unlock(ctx);
}

void host_mutex_lock_init(struct dev_lock *l, pthread_mutex_t *m)
{
	*l = (struct dev_lock){ .ctx = m, .lock = mutex_lock, .unlock = mutex_unlock };
}
