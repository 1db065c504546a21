/* SPDX-License-Identifier: MIT */
/*
 * Calling a device's MMIO region under an optional lock: the one place both
 * engines go through on an MMIO exit (the hosted engine's callbacks in
 * host/host_mmio.c, the EL2 engine's stage-2 abort handler). Device models
 * are not thread-safe; the engine decides which regions need serialising
 * (e.g. none with one vCPU) and supplies the lock as callbacks, so a
 * pthread mutex and the EL2 spinlock both fit. Header-only: the no-lock
 * path is one test and the region's own call.
 */
#ifndef ARMVM_DEV_DEV_MMIO_H
#define ARMVM_DEV_DEV_MMIO_H

#include "dev/device.h"

struct dev_lock {
	void *ctx;
	void (*lock)(void *ctx);
	void (*unlock)(void *ctx);
};

/* lock NULL: call without one. */
static inline uint64_t dev_mmio_read(const struct mmio_region *r,
				     const struct dev_lock *lock,
				     uint64_t offset, unsigned size)
{
	uint64_t v;

	if (!lock)
		return r->read(r->dev, offset, size);
	lock->lock(lock->ctx);
	v = r->read(r->dev, offset, size);
	lock->unlock(lock->ctx);
	return v;
}

static inline void dev_mmio_write(const struct mmio_region *r,
				  const struct dev_lock *lock,
				  uint64_t offset, unsigned size, uint64_t value)
{
	if (!lock) {
		r->write(r->dev, offset, size, value);
		return;
	}
	lock->lock(lock->ctx);
	r->write(r->dev, offset, size, value);
	lock->unlock(lock->ctx);
}

#endif
