/* SPDX-License-Identifier: MIT */
/*
 * Reporting a guest's invalid device accesses, shared by the device models:
 * count every one, log the first DEV_LOG_LIMIT through dev_host.log so a
 * guest hammering a bad register cannot flood the host's log. Header-only
 * so each engine's freestanding build needs no extra object.
 */
#ifndef ARMVM_DEV_DEV_LOG_H
#define ARMVM_DEV_DEV_LOG_H

#include <stdint.h>

#include "dev/device.h"
#include "machine/strbuf.h"

#define DEV_LOG_LIMIT 8

/* "<what> at offset 0x.. size N ignored", counted in *count. */
static inline void dev_log_bad_access(const struct dev_host *host,
				      const char *dev, uint32_t *count,
				      const char *what, uint64_t offset,
				      unsigned size)
{
	char msg[96];
	struct strbuf sb;

	if (++*count > DEV_LOG_LIMIT || !host->log)
		return;
	strbuf_init(&sb, msg, sizeof(msg));
	strbuf_puts(&sb, what);
	strbuf_puts(&sb, " at offset ");
	strbuf_hex(&sb, offset);
	strbuf_puts(&sb, " size ");
	strbuf_dec(&sb, size);
	strbuf_puts(&sb, " ignored");
	if (*count == DEV_LOG_LIMIT)
		strbuf_puts(&sb, " (further ones not logged)");
	host->log(host->ctx, dev, msg);
}

#endif
