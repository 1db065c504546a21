/* SPDX-License-Identifier: MIT */
/*
 * A virtio-blk back end over a memory buffer (freestanding): the EL2
 * engine's disk is an image the loader placed in host memory. FLUSH has
 * nothing to do; DISCARD zeroes the range.
 */
#ifndef ARMVM_DEV_VIRTIO_BLK_RAM_H
#define ARMVM_DEV_VIRTIO_BLK_RAM_H

#include "dev/virtio_blk.h"

struct virtio_blk_ram {
	uint8_t *base;
	uint64_t size;
};

/* Fill *be for the buffer [base, base + size); `id` may be NULL. */
void virtio_blk_ram_backend(struct virtio_blk_ram *r, uint8_t *base,
			    uint64_t size, bool readonly, const char *id,
			    struct virtio_blk_backend *be);

#endif
