/* SPDX-License-Identifier: MIT */
/* FNV-1a 64 over test-device accesses; see docs/testdev.md. Header-only so
 * device, guests and tests share one definition. */
#ifndef ARMVM_DEV_TESTDEV_HASH_H
#define ARMVM_DEV_TESTDEV_HASH_H

#include <stdint.h>

#define TESTDEV_HASH_INIT  0xcbf29ce484222325ULL
#define TESTDEV_HASH_PRIME 0x100000001b3ULL

static inline uint64_t testdev_hash_u64(uint64_t h, uint64_t v)
{
	for (int i = 0; i < 8; i++) {
		h ^= (uint8_t)(v >> (8 * i));
		h *= TESTDEV_HASH_PRIME;
	}
	return h;
}

static inline uint64_t testdev_hash_access(uint64_t h, int is_write,
					   unsigned size, uint64_t offset,
					   uint64_t value)
{
	h = testdev_hash_u64(h, ((uint64_t)(is_write != 0) << 63) |
				((uint64_t)size << 56) | offset);
	return testdev_hash_u64(h, value);
}

#endif
