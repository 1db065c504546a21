/* SPDX-License-Identifier: MIT */
/*
 * Reporting what a guest does wrong, shared by the device models: every
 * line goes through dev_log(), within the VM's budget (struct
 * dev_log_limit); invalid accesses are counted per device and the first
 * DEV_LOG_LIMIT logged, so a guest hammering a bad register cannot flood
 * the host's log. Header-only
 * so each engine's freestanding build needs no extra object.
 */
#ifndef ARMVM_DEV_DEV_LOG_H
#define ARMVM_DEV_DEV_LOG_H

#include <stdbool.h>
#include <stdint.h>

#include "dev/device.h"
#include "machine/strbuf.h"

#define DEV_LOG_LIMIT 8

/*
 * Every line a guest can make the host print (device diagnostics, boot
 * marks, EL2 partition reports) spends one unit of its VM's budget; the
 * budget is the engine's, outside every device, so no device reset, test
 * device register or partition reset refills it. Once spent, lines are
 * counted, and the engine prints "N more suppressed" when the VM (the
 * partition) ends. Updated with atomics: vCPU and I/O threads share it.
 */
struct dev_log_limit {
	uint32_t left;           /* lines still allowed */
	uint32_t suppressed;     /* lines dropped after that */
};

#define DEV_LOG_VM_BUDGET 1024

static inline void dev_log_limit_init(struct dev_log_limit *l, uint32_t budget)
{
	l->left = budget;
	l->suppressed = 0;
}

/* Take one line from the budget: true = print it. */
static inline bool dev_log_limit_take(struct dev_log_limit *l)
{
	uint32_t left;

	if (!l)
		return true;
	left = __atomic_load_n(&l->left, __ATOMIC_RELAXED);
	while (left) {
		if (__atomic_compare_exchange_n(&l->left, &left, left - 1, false,
						__ATOMIC_RELAXED, __ATOMIC_RELAXED))
			return true;
	}
	__atomic_fetch_add(&l->suppressed, 1, __ATOMIC_RELAXED);
	return false;
}

/* Lines dropped so far (for the engine's final line). */
static inline uint32_t dev_log_limit_suppressed(const struct dev_log_limit *l)
{
	return l ? __atomic_load_n(&l->suppressed, __ATOMIC_RELAXED) : 0;
}

/* A guest-triggered diagnostic line: through host->log, within budget. */
static inline void dev_log(const struct dev_host *host, const char *dev,
			   const char *msg)
{
	if (host->log && dev_log_limit_take(host->limit))
		host->log(host->ctx, dev, msg);
}

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
	dev_log(host, dev, msg);
}

#endif
