/* SPDX-License-Identifier: MIT */
/*
 * An absent virtio-mmio transport: a transport window with nothing plugged
 * in, as QEMU's virt board has on every one of its 32 transports no device
 * uses (hw/arm/virt.c create_virtio_devices creates them all and lists them
 * all in the device tree). hw/virtio/virtio-mmio.c virtio_mmio_read without
 * a back end: MagicValue, Version and VendorID read as usual, every other
 * register reads as zero (DeviceID 0 = "no device", VIRTIO 1.1 4.2.3.1.1:
 * a driver must ignore such a transport), writes are ignored. A guest that
 * probes the transports, or uses one as a cheap MMIO target (kvm-unit-tests
 * micro-bench reads 0x0a000008), runs as on QEMU instead of being stopped.
 * Stateless: no lock is needed around it, whatever the vCPU count.
 */
#ifndef ARMVM_DEV_VIRTIO_ABSENT_H
#define ARMVM_DEV_VIRTIO_ABSENT_H

#include "dev/device.h"

struct virtio_absent {
	struct mmio_region region;
};

/* A window of `size` bytes (VIRTIO_MMIO_SIZE on virt) at `base`. */
void virtio_absent_init(struct virtio_absent *v, uint64_t base, uint64_t size);

uint64_t virtio_absent_read(void *dev, uint64_t offset, unsigned size);
void virtio_absent_write(void *dev, uint64_t offset, unsigned size, uint64_t value);

#endif
