/* SPDX-License-Identifier: MIT */
/*
 * Boot-time marker (an armvm addition, like Firecracker's boot timer): the
 * guest writes any value to offset 0 when it reaches a point worth timing
 * (e.g. its init starts), and the engine's callback records the moment;
 * `armvm run` prints the time since the VM started. Reading offset 0
 * returns how many marks were made. Any other access is logged and ignored.
 * Described in the device tree as compatible = "armvm,bootmark".
 */
#ifndef ARMVM_DEV_BOOTMARK_H
#define ARMVM_DEV_BOOTMARK_H

#include "dev/device.h"

#define BOOTMARK_REG_MARK 0x0

/* Called on each mark with the value the guest wrote and the mark's index
 * (0 for the first). Runs on the vCPU thread that wrote. */
struct bootmark_sink {
	void *ctx;
	void (*marked)(void *ctx, uint64_t value, unsigned index);
};

struct bootmark {
	struct mmio_region region;
	struct dev_host host;
	struct bootmark_sink sink;
	unsigned count;              /* marks made so far */
	uint32_t bad_accesses;       /* guest accesses ignored as invalid */
};

void bootmark_init(struct bootmark *b, uint64_t base,
		   const struct dev_host *host, const struct bootmark_sink *sink);

uint64_t bootmark_read(void *dev, uint64_t offset, unsigned size);
void bootmark_write(void *dev, uint64_t offset, unsigned size, uint64_t value);

/* Saved state (dev_state.h; as pl011_save/pl011_load): the mark count. */
int bootmark_save(const struct bootmark *b, void *buf, size_t len);
int bootmark_load(struct bootmark *b, const void *buf, size_t len);

#endif
