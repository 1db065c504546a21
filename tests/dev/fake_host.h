/* SPDX-License-Identifier: MIT */
/*
 * Test doubles for the engine side of src/dev/device.h: a dev_host that
 * records interrupt-line changes and log messages, and a byte sink that
 * collects output. Header-only; include once per test program.
 */
#ifndef ARMVM_TESTS_UNIT_FAKE_HOST_H
#define ARMVM_TESTS_UNIT_FAKE_HOST_H

#include <stdio.h>
#include <string.h>

#include "dev/device.h"

struct fake_host {
	bool level[64];          /* current level per SPI */
	unsigned edges[64];      /* number of level changes per SPI */
	unsigned logs;
	char last_log[160];
	uint8_t out[4096];
	size_t out_len;
};

static inline void fake_set_irq(void *ctx, unsigned spi, bool level)
{
	struct fake_host *f = ctx;

	if (spi < 64) {
		f->level[spi] = level;
		f->edges[spi]++;
	}
}

static inline void fake_log(void *ctx, const char *dev, const char *msg)
{
	struct fake_host *f = ctx;

	f->logs++;
	snprintf(f->last_log, sizeof(f->last_log), "%s: %s", dev, msg);
}

static inline void fake_write(void *ctx, const uint8_t *buf, size_t len)
{
	struct fake_host *f = ctx;

	if (f->out_len + len <= sizeof(f->out)) {
		memcpy(f->out + f->out_len, buf, len);
		f->out_len += len;
	}
}

static inline struct dev_host fake_dev_host(struct fake_host *f)
{
	return (struct dev_host){
		.ctx = f, .set_irq = fake_set_irq, .guest_mem = NULL,
		.log = fake_log,
	};
}

static inline struct dev_byte_sink fake_sink(struct fake_host *f)
{
	return (struct dev_byte_sink){ .ctx = f, .write = fake_write };
}

#endif
