/* SPDX-License-Identifier: MIT */
/* virtio entropy device (virtio 1.1, 5.4): one request queue whose
 * device-writable buffers are filled from an entropy back end. */
#ifndef ARMVM_DEV_VIRTIO_RNG_H
#define ARMVM_DEV_VIRTIO_RNG_H

#include "dev/virtio_mmio.h"

struct virtio_rng_backend {
	void *ctx;
	/* Fill up to len bytes of buf; returns how many (0 = none now). */
	size_t (*fill)(void *ctx, uint8_t *buf, size_t len);
};

struct virtio_rng {
	struct virtio_mmio transport;
	struct virtio_rng_backend be;
	uint64_t bytes;
};

void virtio_rng_init(struct virtio_rng *r, const struct virtio_mmio_params *p,
		     const struct virtio_rng_backend *be);


/*
 * Saved state (dev_state.h; virtio_mmio.h "Saved state"): the transport
 * with its queues, the device's config space and counters. save returns
 * the bytes written or -1 (buffer too small). load, into a device the
 * loading side built with init over its own back end: 0, or -1 leaving
 * the device unchanged, with *why (if not NULL) naming the problem when a
 * check found one (NULL for a short state): e.g. another device type.
 */
int virtio_rng_save(const struct virtio_rng *r, void *buf, size_t len);
int virtio_rng_load(struct virtio_rng *r, const void *buf, size_t len,
		    const char **why);

#endif
