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

#endif
