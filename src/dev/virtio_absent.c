// SPDX-License-Identifier: MIT
/* An absent virtio-mmio transport: see virtio_absent.h. Freestanding. */
#include <string.h>

#include "dev/virtio_absent.h"
#include "dev/virtio_mmio_regs.h"
#include "dev/virtio_mmio.h"

void virtio_absent_init(struct virtio_absent *v, uint64_t base, uint64_t size)
{
	memset(v, 0, sizeof(*v));
	v->region = (struct mmio_region){
		.name = "virtio-absent", .base = base, .size = size, .dev = v,
		.read = virtio_absent_read, .write = virtio_absent_write,
	};
}

uint64_t virtio_absent_read(void *dev, uint64_t offset, unsigned size)
{
	(void)dev;
	/* The transport's registers are 32-bit (VIRTIO 1.1 4.2.2); the
	 * Version is armvm's (modern) one, which every present transport
	 * reports too. QEMU's default (force-legacy) would say 1. */
	if (size != 4)
		return 0;
	switch (offset) {
	case VIRTIO_MMIO_MAGIC_VALUE: return VIRTIO_MMIO_MAGIC;
	case VIRTIO_MMIO_VERSION: return VIRTIO_MMIO_VERSION_MODERN;
	case VIRTIO_MMIO_VENDOR_ID: return VIRTIO_MMIO_VENDOR;
	default: return 0;   /* DeviceID 0: nothing here */
	}
}

void virtio_absent_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	/* Nothing to configure: ignored, as QEMU does without a back end. */
	(void)dev;
	(void)offset;
	(void)size;
	(void)value;
}
