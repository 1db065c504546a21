/* SPDX-License-Identifier: MIT */
/*
 * A minimal polled driver for virtio-mmio version 2 transports (VIRTIO 1.1,
 * 4.2), for test guests that drive devices by hand: finding the transports,
 * the status/feature handshake, split virtqueues in a fixed DMA area, and
 * waiting for a used buffer or DEVICE_NEEDS_RESET with a time limit. It
 * exposes the rings' raw fields so a guest can also break the rules on
 * purpose (guests/progs/virtio-hostile.c).
 *
 * The MMU is off, so guest virtual = physical and every RAM access is a
 * Device access: ring fields are written with single naturally aligned
 * stores, 64-bit fields as two 32-bit halves (low first).
 */
#ifndef GUEST_VIRTIO_DRV_H
#define GUEST_VIRTIO_DRV_H

#include <stdbool.h>
#include <stdint.h>

#include "dev/virtio_mmio_regs.h"
#include "dev/virtio_spec.h"

#define VDRV_MAX_DEVICES 8
#define VDRV_MAX_QUEUES  2
/* Queue size the driver uses when the device allows it. */
#define VDRV_QUEUE_SIZE  8

/*
 * DMA area: RAM base + 2 MiB, above any test guest image (which stays below
 * RAM base + 768 KiB), one 64 KiB slot per device.
 */
#define VDRV_DMA_BASE    0x40200000u
#define VDRV_DMA_SLOT    0x10000u
/* Offsets inside a slot: queue q's rings at q * VDRV_RING_STRIDE. */
#define VDRV_RING_STRIDE 0x3000u
#define VDRV_RING_DESC   0x0000u
#define VDRV_RING_AVAIL  0x1000u
#define VDRV_RING_USED   0x2000u
/* Then buffers for the program's own use, up to the end of the slot. */
#define VDRV_BUF_OFFSET  0x6000u

struct vdrv_queue {
	uint16_t num;              /* queue size in use, 0 = not set up */
	uintptr_t desc, avail, used;
	uint16_t avail_idx;        /* the avail->idx we publish next */
	uint16_t used_seen;        /* used->idx we have consumed up to */
};

struct vdrv_dev {
	uintptr_t base;            /* transport registers */
	uint32_t device_id;        /* VIRTIO_ID_* */
	uint64_t offered;          /* DeviceFeatures */
	uint64_t accepted;         /* what the driver wrote to DriverFeatures */
	unsigned nr_queues;        /* queues the driver sets up */
	struct vdrv_queue q[VDRV_MAX_QUEUES];
	uintptr_t mem;             /* this device's DMA slot */
	char name[32];             /* "virtio-blk@0a000000" */
	/* Waits look at the used ring only, not at DEVICE_NEEDS_RESET (for a
	 * driver that set that bit itself). */
	bool ignore_needs_reset;
};

enum vdrv_wait {
	VDRV_USED,                 /* the buffer came back */
	VDRV_NEEDS_RESET,          /* Status has DEVICE_NEEDS_RESET */
	VDRV_TIMEOUT,              /* neither within the time limit */
};

/* Guest RAM from the DTB's memory node (defaults: QEMU virt's 128 MiB). */
void vdrv_ram(uint64_t *base, uint64_t *size);

/*
 * Transports with a device behind them (MagicValue, Version 2, DeviceID !=
 * 0): those the DTB describes ("virtio,mmio" nodes), or all 32 `virt`
 * windows when there is no DTB. Fills devs[] (each with its DMA slot) and
 * returns the count.
 */
unsigned vdrv_discover(struct vdrv_dev *devs, unsigned max);

const char *vdrv_device_name(uint32_t device_id);

uint32_t vdrv_read(const struct vdrv_dev *d, unsigned off);
void vdrv_write(const struct vdrv_dev *d, unsigned off, uint32_t v);
uint32_t vdrv_status(const struct vdrv_dev *d);
bool vdrv_needs_reset(const struct vdrv_dev *d);

/* Write Status = 0 and wait for it to read back 0; false if it never does. */
bool vdrv_reset(struct vdrv_dev *d);

/*
 * The whole handshake (3.1.1): reset, ACKNOWLEDGE, DRIVER, accept
 * VERSION_1 plus the offered bits in `want`, FEATURES_OK (checked), set up
 * nr_queues queues of VDRV_QUEUE_SIZE (or QueueNumMax if smaller), then
 * DRIVER_OK unless `driver_ok` is false. NULL, or why it failed.
 */
const char *vdrv_init(struct vdrv_dev *d, uint64_t want, unsigned nr_queues,
		      bool driver_ok);

/* Program queue q's registers with size num and the slot's ring addresses
 * and make it ready. NULL, or why the device refused. */
const char *vdrv_queue_setup(struct vdrv_dev *d, unsigned q, uint16_t num);

/* Descriptor i of a table at `table` (a queue's or an indirect one). */
void vdrv_desc_set(uintptr_t table, unsigned i, uint64_t addr, uint32_t len,
		   uint16_t flags, uint16_t next);

/* Put `head` in the next avail slot and publish it; then notify. */
void vdrv_publish(struct vdrv_dev *d, unsigned q, uint16_t head);
void vdrv_notify(const struct vdrv_dev *d, unsigned q);
/* Raw avail->idx store, for a driver that lies about it. */
void vdrv_set_avail_idx(struct vdrv_dev *d, unsigned q, uint16_t idx);

/*
 * Wait up to timeout_ms for a used element with id `head` on queue q
 * (others are consumed and skipped), or for DEVICE_NEEDS_RESET.
 * *len gets the element's written length.
 */
enum vdrv_wait vdrv_wait_used(struct vdrv_dev *d, unsigned q, uint16_t head,
			      uint32_t *len, unsigned timeout_ms);

/* Little-endian RAM accessors (naturally aligned single accesses). */
static inline void vdrv_w8(uintptr_t a, uint8_t v) { *(volatile uint8_t *)a = v; }
static inline void vdrv_w16(uintptr_t a, uint16_t v) { *(volatile uint16_t *)a = v; }
static inline void vdrv_w32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline void vdrv_w64(uintptr_t a, uint64_t v)
{
	vdrv_w32(a, (uint32_t)v);
	vdrv_w32(a + 4, (uint32_t)(v >> 32));
}
static inline uint8_t vdrv_r8(uintptr_t a) { return *(volatile uint8_t *)a; }
static inline uint16_t vdrv_r16(uintptr_t a) { return *(volatile uint16_t *)a; }
static inline uint32_t vdrv_r32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline uint64_t vdrv_r64(uintptr_t a)
{
	return vdrv_r32(a) | (uint64_t)vdrv_r32(a + 4) << 32;
}
/* Fill / compare RAM bytewise. */
void vdrv_fill(uintptr_t a, uint8_t v, uint32_t len);
bool vdrv_all(uintptr_t a, uint8_t v, uint32_t len);

#endif
