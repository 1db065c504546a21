/* SPDX-License-Identifier: MIT */
/*
 * Device models' MMIO regions on a hosted-engine VM: one armvm_mmio_ops
 * adapter for every region (the CLI's platform devices, the virtio
 * transports), calling the region through dev_mmio.h under the slot's
 * optional lock, and that lock as a pthread mutex.
 */
#ifndef ARMVM_HOST_HOST_MMIO_H
#define ARMVM_HOST_HOST_MMIO_H

#include <pthread.h>

#include "armvm/armvm.h"
#include "dev/dev_mmio.h"

/* What the library's callbacks get as opaque; must outlive the VM's runs. */
struct host_mmio_slot {
	const struct mmio_region *region;
	const struct dev_lock *lock;     /* NULL: no lock needed */
};

/* Register s->region (at its base and size) with the VM. */
int host_mmio_add(struct armvm_vm *vm, struct host_mmio_slot *s,
		  struct armvm_error *err);
/* The same for a region that needs no lock around it (one that serialises
 * itself, like a threaded virtio transport): the callbacks' opaque is the
 * region itself. */
int host_mmio_add_region(struct armvm_vm *vm, const struct mmio_region *r,
			 struct armvm_error *err);

/* A struct dev_lock over a pthread mutex. */
void host_mutex_lock_init(struct dev_lock *l, pthread_mutex_t *m);

#endif
