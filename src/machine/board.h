/* SPDX-License-Identifier: MIT */
/*
 * The board: the devices a machine has, as data. One entry per device (its
 * type, MMIO window, interrupt and options), kept sorted by MMIO base so
 * the device tree lists them in address order, as QEMU's virt does. Both
 * engines fill one in (the CLI from its options, el2-build from a partition
 * configuration, where it is emitted into the static partition table), then
 * instantiate it through the device registry (dev/dev_registry.h) and
 * describe it with fdt_build(). Plain data and freestanding: no pointers,
 * so a board can be written out as a C initialiser.
 */
#ifndef ARMVM_MACHINE_BOARD_H
#define ARMVM_MACHINE_BOARD_H

#include <stdbool.h>
#include <stdint.h>

#include "machine/memmap.h"

enum board_dev_type {
	BOARD_DEV_PL011 = 0,         /* ARM PL011 UART; the first is the console */
	BOARD_DEV_PL031 = 1,         /* ARM PL031 real-time clock */
	BOARD_DEV_TESTDEV = 2,       /* armvm,testdev (docs/testdev.md) */
	BOARD_DEV_BOOTMARK = 3,      /* armvm,bootmark (docs/platform.md) */
	BOARD_DEV_VIRTIO_MMIO = 4,   /* a virtio-mmio transport; options: device ID */
	BOARD_DEV_VIRTIO_ABSENT = 5, /* a transport with nothing plugged in (DeviceID 0) */
	BOARD_DEV_NR_TYPES
};

/* spi of a device without an interrupt line. */
#define BOARD_NO_IRQ 0xffffffffu

struct board_dev {
	uint32_t type;               /* enum board_dev_type */
	uint32_t spi;                /* SPI number (not INTID), or BOARD_NO_IRQ */
	uint64_t base;               /* guest physical MMIO window */
	uint64_t size;
	/* Per type: VIRTIO_MMIO: the virtio device ID (VIRTIO_ID_*, 0 = the
	 * engine attaches its own); others: 0. */
	uint32_t options;
};

/* The four platform devices and every virtio-mmio transport, with room. */
#define BOARD_MAX_DEVS (4 + VIRT_MMIO_COUNT + 4)

struct board {
	uint32_t nr;
	struct board_dev dev[BOARD_MAX_DEVS];
};

/* An empty board. */
void board_init(struct board *b);
/*
 * Add a device, keeping the table sorted by base. Returns 0, or -1 when the
 * table is full, the window is empty or wraps, or it overlaps a device
 * already there.
 */
int board_add(struct board *b, const struct board_dev *d);
/*
 * Add a device of `type` at its QEMU virt place (memmap.h): PL011 at
 * VIRT_UART_BASE with SPI VIRT_SPI_UART, PL031 at VIRT_RTC_BASE with
 * VIRT_SPI_RTC, the test device and boot marker in the armvm window (no
 * interrupt). Not for VIRTIO_MMIO: use board_add_virtio.
 */
int board_add_virt(struct board *b, enum board_dev_type type);
/* virtio-mmio transport n (0..VIRT_MMIO_COUNT-1) at its virt place and SPI. */
int board_add_virtio(struct board *b, unsigned n, uint32_t device_id);

/*
 * Every virtio-mmio transport place not taken yet gets an absent transport
 * (BOARD_DEV_VIRTIO_ABSENT), as QEMU's virt has all 32: add the real
 * transports first. Returns how many were added, or -1 when the table is
 * full.
 */
int board_add_virtio_absent(struct board *b);

/*
 * What a device tree should describe of board `in`: every device but the
 * absent virtio transports (they answer at their places, and a guest that
 * reads the tree need not create a device for each). Copied to `out`, in
 * order; `out` may not be `in`.
 */
void board_described(const struct board *in, struct board *out);

/* The first device of `type`, or NULL. */
const struct board_dev *board_find(const struct board *b, enum board_dev_type type);
static inline bool board_has(const struct board *b, enum board_dev_type type)
{
	return board_find(b, type) != 0;
}

/* "pl011", "pl031", "testdev", "bootmark", "virtio-mmio", "virtio-absent";
 * NULL if unknown. */
const char *board_dev_type_name(enum board_dev_type type);
/* The type with that name (as in el2 configurations), or -1. */
int board_dev_type_by_name(const char *name);

#endif
