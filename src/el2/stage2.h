/* SPDX-License-Identifier: MIT */
/*
 * Stage-2 translation tables for one partition: 4 KiB granule, 39-bit IPA
 * space, walk starting at level 1 (VTCR_EL2.T0SZ = 25, SL0 = 1). Mappings use
 * the largest block (1 GiB, 2 MiB) that the alignment of both addresses and
 * the remaining length allow, pages (4 KiB) otherwise.
 *
 * Pure table logic: tables come from a pool the caller supplies, and the
 * pool translates between table pointers and the physical addresses the
 * MMU sees, so the same code runs at EL2 (identity map) and in the native
 * unit tests (fake physical addresses).
 */
#ifndef EL2_STAGE2_H
#define EL2_STAGE2_H

#include <stdbool.h>
#include <stdint.h>

#define STAGE2_IPA_BITS   39
#define STAGE2_START_LEVEL 1

struct stage2_pool {
	void *ctx;
	/* A zeroed, 4 KiB aligned table of 512 entries, or NULL when exhausted. */
	uint64_t *(*alloc)(void *ctx);
	uint64_t (*table_pa)(void *ctx, const uint64_t *table);
	uint64_t *(*table_va)(void *ctx, uint64_t pa);
};

struct stage2 {
	struct stage2_pool pool;
	uint64_t *root;           /* level-1 table */
	uint64_t root_pa;
};

/* Memory types for a mapping. */
enum stage2_type {
	STAGE2_NORMAL_RW,         /* RAM: write-back cacheable, read/write */
	STAGE2_NORMAL_RO,         /* ROM-like: cacheable, read-only */
	STAGE2_DEVICE_RW,         /* passthrough device: Device-nGnRE */
};

enum stage2_err {
	STAGE2_OK = 0,
	STAGE2_E_ALIGN = -1,      /* ipa, pa or size not 4 KiB aligned */
	STAGE2_E_RANGE = -2,      /* beyond the IPA space, or size 0 / wraps */
	STAGE2_E_NOMEM = -3,      /* pool exhausted */
	STAGE2_E_OVERLAP = -4,    /* part of the range is already mapped */
};

int stage2_init(struct stage2 *s2, const struct stage2_pool *pool);
/* Map [ipa, ipa + size) to [pa, pa + size). On error nothing new is
 * reachable past the failing point; the caller treats it as fatal. */
int stage2_map(struct stage2 *s2, uint64_t ipa, uint64_t pa, uint64_t size,
	       enum stage2_type type);
/* Walk the tables: true with *pa (and the block/page size in *map_size,
 * the descriptor in *desc) when ipa is mapped. */
bool stage2_translate(const struct stage2 *s2, uint64_t ipa, uint64_t *pa,
		      uint64_t *map_size, uint64_t *desc);
const char *stage2_strerror(int err);

#endif
