// SPDX-License-Identifier: MIT
/* Stage-2 table builder: see stage2.h. */
#include <stddef.h>

#include "arch/range.h"
#include "el2/pte.h"
#include "el2/stage2.h"

#define STAGE2_GRANULE  PT_LEVEL_SIZE(3)

int stage2_init(struct stage2 *s2, const struct stage2_pool *pool)
{
	s2->pool = *pool;
	s2->root = pool->alloc(pool->ctx);
	if (!s2->root)
		return STAGE2_E_NOMEM;
	s2->root_pa = pool->table_pa(pool->ctx, s2->root);
	return STAGE2_OK;
}

static uint64_t leaf_attrs(enum stage2_type type, int level)
{
	uint64_t a = PTE_AF | (level == 3 ? PTE_TYPE_PAGE : PTE_TYPE_BLOCK);

	switch (type) {
	case STAGE2_NORMAL_RW:
		return a | PTE_S2_MEMATTR_NORMAL_WB | PTE_S2_S2AP_RW | PTE_SH_INNER;
	case STAGE2_NORMAL_RO:
		return a | PTE_S2_MEMATTR_NORMAL_WB | PTE_S2_S2AP_R | PTE_SH_INNER;
	case STAGE2_DEVICE_RW:
		return a | PTE_S2_MEMATTR_DEVICE | PTE_S2_S2AP_RW | PTE_XN;
	}
	return 0;
}

static bool is_table(uint64_t desc, int level)
{
	return level < 3 && (desc & PTE_TYPE_MASK) == PTE_TYPE_TABLE;
}

/* The next-level table under entry *e, created if the entry is empty. */
static uint64_t *next_table(struct stage2 *s2, uint64_t *e, int level, int *err)
{
	if (*e & PTE_VALID) {
		if (!is_table(*e, level)) {
			*err = STAGE2_E_OVERLAP;   /* a block already covers it */
			return NULL;
		}
		return s2->pool.table_va(s2->pool.ctx, *e & PTE_ADDR_MASK);
	}
	uint64_t *t = s2->pool.alloc(s2->pool.ctx);
	if (!t) {
		*err = STAGE2_E_NOMEM;
		return NULL;
	}
	*e = s2->pool.table_pa(s2->pool.ctx, t) | PTE_TYPE_TABLE;
	return t;
}

int stage2_map(struct stage2 *s2, uint64_t ipa, uint64_t pa, uint64_t size,
	       enum stage2_type type)
{
	const uint64_t ipa_limit = 1ULL << STAGE2_IPA_BITS;

	if ((ipa | pa | size) & (STAGE2_GRANULE - 1))
		return STAGE2_E_ALIGN;
	if (size == 0 || !range_contains(0, ipa_limit, ipa, size) || pa + size < pa)
		return STAGE2_E_RANGE;

	while (size) {
		uint64_t *table = s2->root;
		int level = STAGE2_START_LEVEL;
		int err = STAGE2_OK;

		/* Descend until a block of this level fits the remaining range. */
		for (;;) {
			uint64_t blk = PT_LEVEL_SIZE(level);
			uint64_t *e = &table[PT_INDEX(ipa, level)];
			bool fits = level == 3 ||
				(!((ipa | pa) & (blk - 1)) && size >= blk);

			if (fits) {
				if (*e & PTE_VALID)
					return STAGE2_E_OVERLAP;
				*e = (pa & PTE_ADDR_MASK) | leaf_attrs(type, level);
				ipa += blk;
				pa += blk;
				size -= blk;
				break;
			}
			table = next_table(s2, e, level, &err);
			if (!table)
				return err;
			level++;
		}
	}
	return STAGE2_OK;
}

bool stage2_translate(const struct stage2 *s2, uint64_t ipa, uint64_t *pa,
		      uint64_t *map_size, uint64_t *desc)
{
	const uint64_t *table = s2->root;

	if (ipa >> STAGE2_IPA_BITS)
		return false;
	for (int level = STAGE2_START_LEVEL; level <= 3; level++) {
		uint64_t e = table[PT_INDEX(ipa, level)];
		uint64_t blk = PT_LEVEL_SIZE(level);

		if (!(e & PTE_VALID))
			return false;
		if (!is_table(e, level)) {
			if (pa)
				*pa = (e & PTE_ADDR_MASK & ~(blk - 1)) | (ipa & (blk - 1));
			if (map_size)
				*map_size = blk;
			if (desc)
				*desc = e;
			return true;
		}
		table = s2->pool.table_va(s2->pool.ctx, e & PTE_ADDR_MASK);
	}
	return false;
}

const char *stage2_strerror(int err)
{
	switch (err) {
	case STAGE2_OK: return "ok";
	case STAGE2_E_ALIGN: return "address or size not 4 KiB aligned";
	case STAGE2_E_RANGE: return "range outside the 39-bit IPA space";
	case STAGE2_E_NOMEM: return "out of stage-2 table memory";
	case STAGE2_E_OVERLAP: return "range already mapped";
	}
	return "unknown stage-2 error";
}
