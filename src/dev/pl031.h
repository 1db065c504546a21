/* SPDX-License-Identifier: MIT */
/*
 * ARM PrimeCell RTC (PL031) model. The counter (RTCDR) is the engine's
 * clock in seconds plus an offset the guest sets by writing RTCLR. The match
 * interrupt (RTCMR) is evaluated lazily: on every register access and when
 * the engine calls pl031_tick() (e.g. once a second, or when the time
 * pl031_seconds_to_match() announced has come). Not thread-safe.
 */
#ifndef ARMVM_DEV_PL031_H
#define ARMVM_DEV_PL031_H

#include "dev/device.h"

/* The engine's wall clock: seconds since the Unix epoch. */
struct pl031_clock {
	void *ctx;
	uint64_t (*seconds)(void *ctx);
};

struct pl031 {
	struct mmio_region region;
	struct dev_host host;
	struct pl031_clock clock;
	unsigned spi;

	uint32_t offset;             /* RTCDR = clock + offset (mod 2^32) */
	uint32_t last;               /* RTCDR when the match was last checked */
	uint32_t mr;
	uint32_t cr;
	uint32_t imsc;
	uint32_t ris;
	bool irq_level;
	uint32_t bad_accesses;       /* guest accesses ignored as invalid */
};

void pl031_init(struct pl031 *r, uint64_t base, unsigned spi,
		const struct dev_host *host, const struct pl031_clock *clock);

/* 32-bit accesses at aligned offsets; anything else is logged and ignored. */
uint64_t pl031_read(void *dev, uint64_t offset, unsigned size);
void pl031_write(void *dev, uint64_t offset, unsigned size, uint64_t value);

/* Re-evaluate the match interrupt against the clock. */
void pl031_tick(struct pl031 *r);
/* Seconds until RTCDR reaches RTCMR (0 = now; UINT64_MAX = never: masked). */
uint64_t pl031_seconds_to_match(struct pl031 *r);

/* Saved state (dev_state.h; as pl011_save/pl011_load): registers, the
 * offset from the engine's clock and the interrupt level. */
int pl031_save(const struct pl031 *r, void *buf, size_t len);
int pl031_load(struct pl031 *r, const void *buf, size_t len);

#endif
