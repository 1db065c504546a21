/* SPDX-License-Identifier: MIT */
/*
 * The contract between freestanding device models (src/dev) and the engine
 * that hosts them (src/kvm via the CLI, or src/el2). A device model is a
 * state machine over MMIO accesses; everything it needs from the outside
 * world comes through a struct dev_host the engine fills in. Device code
 * uses nothing beyond <stdint.h>, <stddef.h>, <stdbool.h> and <string.h>, so
 * the same object links into the hosted VMM, the EL2 hypervisor and the
 * native unit tests.
 */
#ifndef ARMVM_DEV_DEVICE_H
#define ARMVM_DEV_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dev_log_limit;

struct dev_host {
	void *ctx;
	/* Drive a shared peripheral interrupt line (SPI number, not INTID). */
	void (*set_irq)(void *ctx, unsigned spi, bool level);
	/*
	 * Bounds-checked window on guest RAM: a host pointer to [gpa, gpa+len)
	 * or NULL when any byte of it lies outside guest RAM. Devices must
	 * never touch guest memory any other way.
	 */
	void *(*guest_mem)(void *ctx, uint64_t gpa, uint64_t len);
	/* Diagnostics a device reports about a misbehaving guest; may be NULL.
	 * Devices call it only through dev_log() (dev_log.h). */
	void (*log)(void *ctx, const char *dev, const char *msg);
	/* The VM's (partition's) budget of guest-triggered lines, shared by
	 * all its devices and owned by the engine; NULL = unlimited. */
	struct dev_log_limit *limit;
};

/*
 * Where a character device's output bytes go: a file descriptor on the host,
 * the physical UART (or a per-guest buffer) at EL2.
 */
struct dev_byte_sink {
	void *ctx;
	void (*write)(void *ctx, const uint8_t *buf, size_t len);
};

/* One MMIO region served by a device model. Offsets are region-relative. */
struct mmio_region {
	const char *name;
	uint64_t base;
	uint64_t size;
	void *dev;
	uint64_t (*read)(void *dev, uint64_t offset, unsigned size);
	void (*write)(void *dev, uint64_t offset, unsigned size, uint64_t value);
};

static inline bool mmio_region_contains(const struct mmio_region *r,
					uint64_t addr, unsigned size)
{
	return addr >= r->base && size <= r->size && addr - r->base <= r->size - size;
}

#endif
