// SPDX-License-Identifier: MIT
/* Native tests of the stage-2 table builder (src/el2/stage2.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "el2/pte.h"
#include "el2/stage2.h"

#define POOL_TABLES 16
#define FAKE_PA_BASE 0x10000000ULL   /* "physical" address of table 0 */

struct pool {
	uint64_t tables[POOL_TABLES][512] __attribute__((aligned(4096)));
	unsigned used;
	unsigned limit;
};

static uint64_t *pool_alloc(void *ctx)
{
	struct pool *p = ctx;

	if (p->used == p->limit)
		return NULL;
	memset(p->tables[p->used], 0, sizeof(p->tables[0]));
	return p->tables[p->used++];
}

static uint64_t pool_pa(void *ctx, const uint64_t *t)
{
	struct pool *p = ctx;

	return FAKE_PA_BASE + (uint64_t)(t - &p->tables[0][0]) / 512 * 4096;
}

static uint64_t *pool_va(void *ctx, uint64_t pa)
{
	struct pool *p = ctx;

	assert_true(pa >= FAKE_PA_BASE && pa < FAKE_PA_BASE + POOL_TABLES * 4096);
	assert_int_equal(pa & 0xfff, 0);
	return p->tables[(pa - FAKE_PA_BASE) / 4096];
}

static struct pool pool;

static void setup_s2(struct stage2 *s2, unsigned limit)
{
	struct stage2_pool sp = { &pool, pool_alloc, pool_pa, pool_va };

	pool.used = 0;
	pool.limit = limit;
	assert_int_equal(stage2_init(s2, &sp), STAGE2_OK);
	assert_int_equal(s2->root_pa, FAKE_PA_BASE);
}

static void test_ram_uses_2m_blocks(void **state)
{
	struct stage2 s2;
	uint64_t pa, size, desc;

	(void)state;
	setup_s2(&s2, POOL_TABLES);
	assert_int_equal(stage2_map(&s2, 0x40000000, 0x44000000, 64 << 20, STAGE2_NORMAL_RW), STAGE2_OK);
	assert_int_equal(pool.used, 2);          /* level 1 + one level-2 table */
	assert_true(stage2_translate(&s2, 0x40000000, &pa, &size, &desc));
	assert_int_equal(pa, 0x44000000);
	assert_int_equal(size, 2 << 20);
	assert_int_equal(desc & PTE_TYPE_MASK, PTE_TYPE_BLOCK);
	assert_int_equal(desc & PTE_S2_MEMATTR_MASK, PTE_S2_MEMATTR_NORMAL_WB);
	assert_int_equal(desc & PTE_S2_S2AP_RW, PTE_S2_S2AP_RW);
	assert_true(desc & PTE_AF);
	assert_true(stage2_translate(&s2, 0x43ffffff, &pa, NULL, NULL));
	assert_int_equal(pa, 0x47ffffff);
	assert_false(stage2_translate(&s2, 0x44000000, &pa, NULL, NULL));
	assert_false(stage2_translate(&s2, 0x3fffffff, &pa, NULL, NULL));
	assert_false(stage2_translate(&s2, 0x09000000, &pa, NULL, NULL));
}

static void test_1g_block(void **state)
{
	struct stage2 s2;
	uint64_t pa, size;

	(void)state;
	setup_s2(&s2, POOL_TABLES);
	assert_int_equal(stage2_map(&s2, 0x40000000, 0x80000000, 1ULL << 30, STAGE2_NORMAL_RW), STAGE2_OK);
	assert_int_equal(pool.used, 1);
	assert_true(stage2_translate(&s2, 0x7fffffff, &pa, &size, NULL));
	assert_int_equal(pa, 0xbfffffff);
	assert_int_equal(size, 1ULL << 30);
}

static void test_misaligned_pa_falls_back_to_pages(void **state)
{
	struct stage2 s2;
	uint64_t pa, size;

	(void)state;
	setup_s2(&s2, POOL_TABLES);
	/* IPA 2 MiB aligned but PA only 4 KiB aligned: no block can be used. */
	assert_int_equal(stage2_map(&s2, 0x40000000, 0x44001000, 4 << 20, STAGE2_NORMAL_RW), STAGE2_OK);
	assert_int_equal(pool.used, 4);          /* l1, l2, two l3 */
	assert_true(stage2_translate(&s2, 0x40234567, &pa, &size, NULL));
	assert_int_equal(pa, 0x44235567);
	assert_int_equal(size, 4096);
}

static void test_mixed_blocks_and_pages(void **state)
{
	struct stage2 s2;
	uint64_t pa, size;

	(void)state;
	setup_s2(&s2, POOL_TABLES);
	/* 4 KiB + 2 MiB + 4 KiB: pages at both ends, one block in the middle. */
	assert_int_equal(stage2_map(&s2, 0x401ff000, 0x481ff000, 0x202000, STAGE2_NORMAL_RW), STAGE2_OK);
	assert_true(stage2_translate(&s2, 0x401ff000, &pa, &size, NULL));
	assert_int_equal(size, 4096);
	assert_true(stage2_translate(&s2, 0x40300000, &pa, &size, NULL));
	assert_int_equal(size, 2 << 20);
	assert_int_equal(pa, 0x48300000);
	assert_true(stage2_translate(&s2, 0x40400fff, &pa, &size, NULL));
	assert_int_equal(size, 4096);
	assert_int_equal(pa, 0x48400fff);
	assert_false(stage2_translate(&s2, 0x40401000, &pa, NULL, NULL));
}

static void test_types(void **state)
{
	struct stage2 s2;
	uint64_t desc;

	(void)state;
	setup_s2(&s2, POOL_TABLES);
	assert_int_equal(stage2_map(&s2, 0x09000000, 0x09000000, 4096, STAGE2_DEVICE_RW), STAGE2_OK);
	assert_int_equal(stage2_map(&s2, 0x00000000, 0x50000000, 2 << 20, STAGE2_NORMAL_RO), STAGE2_OK);
	assert_true(stage2_translate(&s2, 0x09000000, NULL, NULL, &desc));
	assert_int_equal(desc & PTE_S2_MEMATTR_MASK, PTE_S2_MEMATTR_DEVICE);
	assert_true(desc & PTE_XN);
	assert_int_equal(desc & PTE_TYPE_MASK, PTE_TYPE_PAGE);
	assert_true(stage2_translate(&s2, 0x1000, NULL, NULL, &desc));
	assert_int_equal(desc & PTE_S2_S2AP_RW, PTE_S2_S2AP_R);
}

static void test_errors(void **state)
{
	struct stage2 s2;

	(void)state;
	setup_s2(&s2, POOL_TABLES);
	assert_int_equal(stage2_map(&s2, 0x40000800, 0x44000000, 4096, STAGE2_NORMAL_RW), STAGE2_E_ALIGN);
	assert_int_equal(stage2_map(&s2, 0x40000000, 0x44000000, 100, STAGE2_NORMAL_RW), STAGE2_E_ALIGN);
	assert_int_equal(stage2_map(&s2, 0x40000000, 0x44000000, 0, STAGE2_NORMAL_RW), STAGE2_E_RANGE);
	assert_int_equal(stage2_map(&s2, 1ULL << 39, 0x44000000, 4096, STAGE2_NORMAL_RW), STAGE2_E_RANGE);
	assert_int_equal(stage2_map(&s2, (1ULL << 39) - 4096, 0, 8192, STAGE2_NORMAL_RW), STAGE2_E_RANGE);
	assert_int_equal(stage2_map(&s2, 0x40000000, 0x44000000, 4 << 20, STAGE2_NORMAL_RW), STAGE2_OK);
	assert_int_equal(stage2_map(&s2, 0x40200000, 0x50000000, 4096, STAGE2_NORMAL_RW), STAGE2_E_OVERLAP);
	assert_int_equal(stage2_map(&s2, 0x40000000, 0x50000000, 4 << 20, STAGE2_NORMAL_RW), STAGE2_E_OVERLAP);
	assert_string_equal(stage2_strerror(STAGE2_E_OVERLAP), "range already mapped");
}

static void test_pool_exhaustion(void **state)
{
	struct stage2 s2;

	(void)state;
	setup_s2(&s2, 2);            /* root + one more table only */
	assert_int_equal(stage2_map(&s2, 0x40000000, 0x44001000, 4096, STAGE2_NORMAL_RW), STAGE2_E_NOMEM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ram_uses_2m_blocks),
		cmocka_unit_test(test_1g_block),
		cmocka_unit_test(test_misaligned_pa_falls_back_to_pages),
		cmocka_unit_test(test_mixed_blocks_and_pages),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_pool_exhaustion),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
