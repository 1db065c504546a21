/* SPDX-License-Identifier: MIT */
/*
 * The armvm test device: exactly docs/testdev.md. A 2 KiB RAM-like scratch
 * window that counts and hashes every access (testdev_hash.h), an ID
 * register, a log reset and a doorbell. Not thread-safe.
 */
#ifndef ARMVM_DEV_TESTDEV_H
#define ARMVM_DEV_TESTDEV_H

#include "dev/device.h"

#define TESTDEV_SCRATCH_SIZE 0x800
#define TESTDEV_REG_ID        0x800
#define TESTDEV_REG_LOG_RESET 0x808
#define TESTDEV_REG_DOORBELL  0x810
#define TESTDEV_ID_VALUE      0x41524D56u   /* "ARMV" */

/* Room for the longest summary line, with its NUL. */
#define TESTDEV_SUMMARY_MAX 320

struct testdev {
	struct mmio_region region;
	struct dev_host host;

	uint8_t scratch[TESTDEV_SCRATCH_SIZE];
	/* Scratch access counts by size: index 0,1,2,3 = 1,2,4,8 bytes. */
	uint64_t reads[4];
	uint64_t writes[4];
	uint64_t doorbell;
	uint64_t bad;
	uint64_t hash;
	bool touched;                /* any access at all since init */
};

void testdev_init(struct testdev *t, uint64_t base, const struct dev_host *host);

uint64_t testdev_read(void *dev, uint64_t offset, unsigned size);
void testdev_write(void *dev, uint64_t offset, unsigned size, uint64_t value);

/* Whether `armvm run` should print the summary line at exit. */
bool testdev_touched(const struct testdev *t);

/*
 * Format "testdev: reads 1:R1 2:R2 4:R4 8:R8 writes 1:W1 2:W2 4:W4 8:W8
 * doorbell D bad B hash HHHHHHHHHHHHHHHH" (no newline) into buf. Returns the
 * line's length; it is truncated (still NUL-terminated) if len is smaller
 * than TESTDEV_SUMMARY_MAX.
 */
size_t testdev_format_summary(const struct testdev *t, char *buf, size_t len);

/* Saved state (dev_state.h; as pl011_save/pl011_load): the scratch
 * window, the access log and its hash. */
int testdev_save(const struct testdev *t, void *buf, size_t len);
int testdev_load(struct testdev *t, const void *buf, size_t len);

#endif
