/* SPDX-License-Identifier: MIT */
/*
 * Does the window [base, base + size) hold all of [addr, addr + len)?
 * Written so that no sum can wrap: the one check every guest-physical
 * window (RAM, MMIO regions, loaders) uses, in both engines.
 */
#ifndef ARMVM_ARCH_RANGE_H
#define ARMVM_ARCH_RANGE_H

#include <stdbool.h>
#include <stdint.h>

static inline bool range_contains(uint64_t base, uint64_t size, uint64_t addr,
				  uint64_t len)
{
	return addr >= base && len <= size && addr - base <= size - len;
}

#endif
