// SPDX-License-Identifier: MIT
/* Native tests of the stage-1 walker (arch/stage1.h) against hand-built
 * translation tables in a fake guest RAM. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arch/stage1.h"
#include "arch/vmsa.h"

#define RAM_BASE 0x40000000ULL
#define RAM_SIZE (1u << 21)

static uint8_t ram[RAM_SIZE];
static uint64_t next_table;
static bool big_endian;

static int read_phys(void *ctx, uint64_t ipa, void *buf, size_t len)
{
	(void)ctx;
	if (ipa < RAM_BASE || ipa - RAM_BASE > RAM_SIZE - len)
		return -1;
	memcpy(buf, ram + (ipa - RAM_BASE), len);
	return 0;
}

static int write_phys(void *ctx, uint64_t ipa, const void *buf, size_t len)
{
	(void)ctx;
	if (ipa < RAM_BASE || ipa - RAM_BASE > RAM_SIZE - len)
		return -1;
	memcpy(ram + (ipa - RAM_BASE), buf, len);
	return 0;
}

static int setup(void **state)
{
	(void)state;
	memset(ram, 0, sizeof(ram));
	next_table = RAM_BASE;
	big_endian = false;
	return 0;
}

/* A zeroed table of `size` bytes, aligned to `align`. */
static uint64_t new_table(uint64_t size, uint64_t align)
{
	uint64_t t = (next_table + align - 1) & ~(align - 1);

	next_table = t + size;
	assert_true(next_table <= RAM_BASE + RAM_SIZE);
	return t;
}

static void put(uint64_t ipa, uint64_t v, unsigned len)
{
	for (unsigned i = 0; i < len; i++) {
		unsigned shift = big_endian ? 8 * (len - 1 - i) : 8 * i;
		ram[ipa - RAM_BASE + i] = (uint8_t)(v >> shift);
	}
}

static void put64(uint64_t table, uint64_t idx, uint64_t desc) { put(table + idx * 8, desc, 8); }
static void put32(uint64_t table, uint64_t idx, uint32_t desc) { put(table + idx * 4, desc, 4); }

#define TABLE(a)   ((a) | PTE_DESC_VALID | PTE_DESC_TABLE)
#define BLOCK(a)   ((a) | PTE_DESC_VALID | PTE_DESC_AF)
#define PAGE(a)    ((a) | PTE_DESC_VALID | PTE_DESC_TABLE | PTE_DESC_AF)

static enum stage1_fault xlate(const struct stage1_regs *r, uint64_t va, struct stage1_map *m, int *lvl)
{
	struct stage1_walk w = { .regs = r, .read_phys = read_phys, .write_phys = write_phys };

	return stage1_translate(&w, va, m, lvl);
}

static uint64_t ipa_of(const struct stage1_regs *r, uint64_t va)
{
	struct stage1_map m;
	int lvl;

	assert_int_equal(xlate(r, va, &m, &lvl), STAGE1_OK);
	return m.ipa;
}

static void expect_fault(const struct stage1_regs *r, uint64_t va, enum stage1_fault f, int level)
{
	struct stage1_map m;
	int lvl = -5;

	assert_int_equal(xlate(r, va, &m, &lvl), f);
	assert_int_equal(lvl, level);
}

static uint64_t tcr64(unsigned t0sz, unsigned tg0, unsigned t1sz, unsigned tg1, unsigned ips)
{
	return (uint64_t)t0sz << TCR_EL1_T0SZ_SHIFT | (uint64_t)tg0 << TCR_EL1_TG0_SHIFT |
	       (uint64_t)t1sz << TCR_EL1_T1SZ_SHIFT | (uint64_t)tg1 << TCR_EL1_TG1_SHIFT |
	       (uint64_t)ips << TCR_EL1_IPS_SHIFT;
}

/* 4KB granule, 48-bit VA from level 0: a page, a 2MB and a 1GB block;
 * TTBR1 with a 39-bit VA from level 1; top byte ignore; the faults. */
static void test_a64_4k(void **state)
{
	(void)state;
	uint64_t l0 = new_table(4096, 4096), l1 = new_table(4096, 4096);
	uint64_t l2 = new_table(4096, 4096), l3 = new_table(4096, 4096);
	uint64_t h1 = new_table(4096, 4096), h2 = new_table(4096, 4096);
	struct stage1_regs r = { .aarch64 = true, .sctlr = SCTLR_ELx_M,
		.tcr = tcr64(16, TCR_EL1_TG0_4K, 25, TCR_EL1_TG1_4K, 5) | TCR_EL1_TBI0,
		.ttbr0 = l0 | 1ULL << 48 /* ASID */, .ttbr1 = h1 };
	struct stage1_map m;
	int lvl;

	/* va 0x0000_8040_2030_1234: l0[1] l1[1] l2[1] l3[0x30] */
	put64(l0, 1, TABLE(l1));
	put64(l1, 1, TABLE(l2));
	put64(l2, 1, TABLE(l3));
	put64(l3, 0x30, PAGE(0x123456000ULL));
	uint64_t va = 1ULL << 39 | 1ULL << 30 | 1ULL << 21 | 0x30ULL << 12 | 0x234;
	assert_int_equal(xlate(&r, va, &m, &lvl), STAGE1_OK);
	assert_int_equal(m.ipa, 0x123456234ULL);
	assert_int_equal(m.level, 3);
	assert_int_equal(m.size, 4096 - 0x234);
	assert_true(m.el1_write && !m.el0_read && m.el1_exec && m.access_flag);
	/* Top byte ignored for TTBR0 */
	assert_int_equal(ipa_of(&r, va | 0x5aULL << 56), 0x123456234ULL);
	/* 2MB block at l2[2], 1GB block at l1[2] */
	put64(l2, 2, BLOCK(0x80000000ULL));
	put64(l1, 2, BLOCK(0xc0000000ULL));
	assert_int_equal(ipa_of(&r, 1ULL << 39 | 1ULL << 30 | 2ULL << 21 | 0x12345), 0x80012345ULL);
	assert_int_equal(ipa_of(&r, 1ULL << 39 | 2ULL << 30 | 0x3456789), 0xc3456789ULL);
	assert_int_equal(xlate(&r, 1ULL << 39 | 2ULL << 30, &m, &lvl), STAGE1_OK);
	assert_int_equal(m.level, 1);
	assert_int_equal(m.size, 1ULL << 30);
	/* Faults: invalid entry at each level, reserved encodings */
	expect_fault(&r, 0, STAGE1_FAULT_TRANSLATION, 0);
	expect_fault(&r, 1ULL << 39, STAGE1_FAULT_TRANSLATION, 1);
	expect_fault(&r, 1ULL << 39 | 1ULL << 30, STAGE1_FAULT_TRANSLATION, 2);
	expect_fault(&r, 1ULL << 39 | 1ULL << 30 | 1ULL << 21, STAGE1_FAULT_TRANSLATION, 3);
	put64(l0, 2, BLOCK(0));                          /* no level-0 blocks with 4KB */
	expect_fault(&r, 2ULL << 39, STAGE1_FAULT_TRANSLATION, 0);
	put64(l3, 0x31, 0x123457000ULL | PTE_DESC_VALID); /* level 3, type 0b01: reserved */
	expect_fault(&r, va + 0x1000, STAGE1_FAULT_TRANSLATION, 3);
	/* A table outside RAM: external abort on the walk at the next level */
	put64(l2, 3, TABLE(0x10000000ULL));
	expect_fault(&r, 1ULL << 39 | 1ULL << 30 | 3ULL << 21, STAGE1_FAULT_WALK_EXTERNAL, 3);
	/* Output beyond IPS (32 bits) */
	r.tcr = (r.tcr & ~(7ULL << TCR_EL1_IPS_SHIFT)) | 0ULL << TCR_EL1_IPS_SHIFT;
	expect_fault(&r, va, STAGE1_FAULT_ADDRESS_SIZE, 3);
	r.tcr |= 5ULL << TCR_EL1_IPS_SHIFT;
	/* Non-canonical: bits [63:48] not all equal to bit 55 (no TBI1) */
	expect_fault(&r, 0x0001000000000000ULL, STAGE1_FAULT_TRANSLATION, 0);
	r.tcr &= ~TCR_EL1_TBI0;
	expect_fault(&r, va | 0x5aULL << 56, STAGE1_FAULT_TRANSLATION, 0);
	/* TTBR1: 39-bit VA, level 1 start: 0xffffff80_4020_0000 */
	uint64_t hva = 0xffffff8000000000ULL | 1ULL << 30 | 1ULL << 21 | 0x42;
	put64(h1, 1, TABLE(h2));
	put64(h2, 1, BLOCK(0x40000000ULL) | PTE_DESC_AP_RO | PTE_DESC_UXN);
	assert_int_equal(xlate(&r, hva, &m, &lvl), STAGE1_OK);
	assert_int_equal(m.ipa, 0x40000042ULL);
	assert_int_equal(m.level, 2);
	assert_true(!m.el1_write && m.el1_exec && !m.el0_exec);
	expect_fault(&r, 0xffff000000000000ULL, STAGE1_FAULT_TRANSLATION, 0);  /* below the 39-bit region */
	r.tcr |= TCR_EL1_EPD1;
	expect_fault(&r, hva, STAGE1_FAULT_TRANSLATION, 0);
	r.tcr &= ~TCR_EL1_EPD1;
	r.tcr |= TCR_EL1_EPD0;
	expect_fault(&r, va, STAGE1_FAULT_TRANSLATION, 0);
}

/* 16KB granule: 47-bit VA from level 1 (3 levels), 48-bit from level 0
 * (2 entries), 32MB blocks at level 2. */
static void test_a64_16k(void **state)
{
	(void)state;
	uint64_t l1 = new_table(16384, 16384), l2 = new_table(16384, 16384), l3 = new_table(16384, 16384);
	uint64_t h0 = new_table(16, 16384), h1 = new_table(16384, 16384), h2 = new_table(16384, 16384);
	struct stage1_regs r = { .aarch64 = true, .sctlr = SCTLR_ELx_M,
		.tcr = tcr64(17, TCR_EL1_TG0_16K, 16, TCR_EL1_TG1_16K, 5), .ttbr0 = l1, .ttbr1 = h0 };
	struct stage1_map m;
	int lvl;

	/* 47-bit: L1 index bits [46:36], L2 [35:25], L3 [24:14] */
	uint64_t va = 5ULL << 36 | 7ULL << 25 | 9ULL << 14 | 0x3abc;
	put64(l1, 5, TABLE(l2));
	put64(l2, 7, TABLE(l3));
	put64(l3, 9, PAGE(0x7654000ULL));
	assert_int_equal(xlate(&r, va, &m, &lvl), STAGE1_OK);
	assert_int_equal(m.ipa, 0x7657abcULL);
	assert_int_equal(m.size, 16384 - 0x3abc);
	put64(l2, 8, BLOCK(0x6000000ULL));
	assert_int_equal(ipa_of(&r, 5ULL << 36 | 8ULL << 25 | 0x1234567), 0x7234567ULL);
	put64(l1, 6, BLOCK(0));                          /* no level-1 blocks with 16KB */
	expect_fault(&r, 6ULL << 36, STAGE1_FAULT_TRANSLATION, 1);
	expect_fault(&r, 1ULL << 47, STAGE1_FAULT_TRANSLATION, 0);   /* beyond 47 bits */
	/* TTBR1, 48-bit: level 0 has one index bit [47] */
	uint64_t hva = 0xffff000000000000ULL | 1ULL << 47 | 3ULL << 36 | 4ULL << 25 | 0x10;
	put64(h0, 1, TABLE(h1));
	put64(h1, 3, TABLE(h2));
	put64(h2, 4, BLOCK(0x2000000ULL) | PTE_DESC_AP_EL0);
	assert_int_equal(xlate(&r, hva, &m, &lvl), STAGE1_OK);
	assert_int_equal(m.ipa, 0x2000010ULL);
	assert_true(m.el0_read && m.el0_write && !m.el1_exec);   /* EL0-writable: PXN implied */
}

/* 64KB granule: 42-bit VA from level 2; 52-bit output (FEAT_LPA) with
 * OA[51:48] in descriptor bits [15:12], and a level-1 block. */
static void test_a64_64k(void **state)
{
	(void)state;
	uint64_t l2 = new_table(65536, 65536), l3 = new_table(65536, 65536);
	uint64_t h1 = new_table(1024 * 8, 65536);   /* 52-bit VA: 10 index bits at level 1 */
	struct stage1_regs r = { .aarch64 = true, .sctlr = SCTLR_ELx_M,
		.tcr = tcr64(22, TCR_EL1_TG0_64K, 12, TCR_EL1_TG1_64K, 6), .ttbr0 = l2, .ttbr1 = h1 };
	struct stage1_map m;
	int lvl;

	/* L2 index [41:29], L3 [28:16] */
	uint64_t va = 0x1234ULL << 29 | 0x0abcULL << 16 | 0xfedc;
	put64(l2, 0x1234, TABLE(l3));
	put64(l3, 0x0abc, PAGE(0x00ffff0000ULL) | 0x3ULL << PTE_DESC_OA_51_48_SHIFT);
	assert_int_equal(xlate(&r, va, &m, &lvl), STAGE1_OK);
	assert_int_equal(m.ipa, 0x30000fffffedcULL);
	assert_int_equal(m.level, 3);
	put64(l2, 0x1235, BLOCK(0x20000000ULL));       /* 512MB block */
	assert_int_equal(ipa_of(&r, 0x1235ULL << 29 | 0x1234567), 0x21234567ULL);
	/* TTBR1: 52-bit VA (FEAT_LVA), level 1 index [51:42], a 4TB block */
	uint64_t hva = 0xfff0000000000000ULL | 5ULL << 42 | 0x123456789ULL;
	put64(h1, 5, BLOCK(0x40000000000ULL) | 1ULL << PTE_DESC_OA_51_48_SHIFT);
	assert_int_equal(xlate(&r, hva, &m, &lvl), STAGE1_OK);
	assert_int_equal(m.ipa, 0x1000000000000ULL | 0x40000000000ULL | 0x123456789ULL);
	assert_int_equal(m.level, 1);
	/* With a 48-bit IPS, OA[51:48] set is an address size fault */
	r.tcr = (r.tcr & ~(7ULL << TCR_EL1_IPS_SHIFT)) | 5ULL << TCR_EL1_IPS_SHIFT;
	expect_fault(&r, hva, STAGE1_FAULT_ADDRESS_SIZE, 1);
	expect_fault(&r, va, STAGE1_FAULT_ADDRESS_SIZE, 3);
	put64(l3, 0x0abc, PAGE(0x00ffff0000ULL));
	assert_int_equal(ipa_of(&r, va), 0xfffffedcULL);
}

/* Hierarchical permissions, HPD, WXN, the access flag, MMU off, tables in
 * big-endian order. */
static void test_a64_perms_mmu_off_endian(void **state)
{
	(void)state;
	uint64_t l1 = new_table(4096, 4096), l2 = new_table(4096, 4096);
	struct stage1_regs r = { .aarch64 = true, .sctlr = SCTLR_ELx_M,
		.tcr = tcr64(25, TCR_EL1_TG0_4K, 25, TCR_EL1_TG1_4K, 2), .ttbr0 = l1 };
	struct stage1_map m;
	int lvl;

	put64(l1, 0, TABLE(l2) | PTE_TABLE_AP_RO | PTE_TABLE_AP_NO_EL0 | PTE_TABLE_PXN);
	put64(l2, 0, (0x80000000ULL | PTE_DESC_VALID) | PTE_DESC_AP_EL0);   /* AF clear */
	assert_int_equal(xlate(&r, 0x1234, &m, &lvl), STAGE1_OK);
	assert_true(!m.el1_write && !m.el0_read && !m.el1_exec && m.el0_exec && !m.access_flag);
	r.tcr |= TCR_EL1_HPD0;
	assert_int_equal(xlate(&r, 0x1234, &m, &lvl), STAGE1_OK);
	assert_true(m.el1_write && m.el0_write && !m.el1_exec);
	r.sctlr |= SCTLR_ELx_WXN;
	assert_int_equal(xlate(&r, 0x1234, &m, &lvl), STAGE1_OK);
	assert_true(!m.el0_exec && !m.el1_exec);
	/* MMU off: flat, up to 52 bits */
	r.sctlr = 0;
	assert_int_equal(xlate(&r, 0xfedcba987654ULL, &m, &lvl), STAGE1_OK);
	assert_int_equal(m.ipa, 0xfedcba987654ULL);
	assert_int_equal(m.level, -1);
	expect_fault(&r, 1ULL << 52, STAGE1_FAULT_ADDRESS_SIZE, 0);
	/* SCTLR.EE: the walker reads descriptors big-endian */
	big_endian = true;
	put64(l1, 1, TABLE(l2));
	put64(l2, 0x1ff, BLOCK(0xa0000000ULL));
	r.sctlr = SCTLR_ELx_M | SCTLR_ELx_EE;
	r.tcr &= ~TCR_EL1_HPD0;
	assert_int_equal(ipa_of(&r, 1ULL << 30 | 0x1ffULL << 21 | 0x77), 0xa0000077ULL);
	r.sctlr = SCTLR_ELx_M;
	expect_fault(&r, 1ULL << 30 | 0x1ffULL << 21, STAGE1_FAULT_TRANSLATION, 1);
}

/* AArch32 short-descriptor: sections, supersections, small and large
 * pages, TTBCR.N splitting the space, PD0/PD1, AP with and without AFE. */
static void test_a32_short(void **state)
{
	(void)state;
	uint64_t t0 = new_table(4096, 4096);            /* N = 2: 4KB TTBR0 table for 0..1GB */
	uint64_t t1 = new_table(16384, 16384), l2 = new_table(1024, 1024);
	struct stage1_regs r = { .sctlr = SCTLR_ELx_M, .tcr = 2, .ttbr0 = t0 | 0x4a, .ttbr1 = t1 | 0x59 };
	struct stage1_map m;
	int lvl;

	/* 0x123xxxxx: section (TTBR0), domain 3, AP = 0b011 */
	put32(t0, 0x123, 0x87600000u | 2 | 3u << SD_L1_DOMAIN_SHIFT | 3u << SD_L1_AP01_SHIFT | SD_L1_XN);
	assert_int_equal(xlate(&r, 0x12345678, &m, &lvl), STAGE1_OK);
	assert_int_equal(m.ipa, 0x87645678ULL);
	assert_int_equal(m.level, 1);
	assert_int_equal(m.domain, 3);
	assert_int_equal(m.size, 0x100000 - 0x45678);
	assert_true(m.el1_write && m.el0_write && !m.el0_exec && !m.el1_exec);
	/* 0xc1xxxxxx: supersection (TTBR1) with PA[39:32] = 0xa5, AP = 0b101 */
	for (unsigned i = 0; i < 16; i++)
		put32(t1, 0xc10 + i, 0x33000000u | 2 | SD_L1_SUPERSECTION | 5u << SD_L1_SUPER_PA_35_32_SHIFT |
				     0xau << SD_L1_SUPER_PA_39_36_SHIFT | SD_L1_AP2 | 1u << SD_L1_AP01_SHIFT);
	assert_int_equal(ipa_of(&r, 0xc1abcdef), 0xa533abcdefULL);
	assert_int_equal(xlate(&r, 0xc1abcdef, &m, &lvl), STAGE1_OK);
	assert_true(m.el1_read && !m.el1_write && !m.el0_read && m.el1_exec);
	assert_int_equal(m.domain, 0);
	/* 0xc20xxxxx: page table, small page and large page */
	put32(t1, 0xc20, (uint32_t)l2 | SD_L1_TYPE_TABLE | 5u << SD_L1_DOMAIN_SHIFT);
	put32(l2, 0x34, 0x55555000u | 2 | 2u << SD_L2_AP01_SHIFT);
	for (unsigned i = 0; i < 16; i++)
		put32(l2, 0x40 + i, 0x66660000u | 1 | 3u << SD_L2_AP01_SHIFT | SD_L2_LARGE_XN);
	assert_int_equal(xlate(&r, 0xc2034abc, &m, &lvl), STAGE1_OK);
	assert_int_equal(m.ipa, 0x55555abcULL);
	assert_int_equal(m.level, 2);
	assert_int_equal(m.domain, 5);
	assert_true(m.el1_write && m.el0_read && !m.el0_write);
	assert_int_equal(ipa_of(&r, 0xc204abcd), 0x6666abcdULL);
	assert_int_equal(xlate(&r, 0xc204abcd, &m, &lvl), STAGE1_OK);
	assert_int_equal(m.size, 0x10000 - 0xabcd);
	assert_false(m.el0_exec);
	/* Faults */
	expect_fault(&r, 0x00100000, STAGE1_FAULT_TRANSLATION, 1);
	expect_fault(&r, 0xc2035000, STAGE1_FAULT_TRANSLATION, 2);
	put32(t1, 0xc30, 0x12345000u | SD_L1_TYPE_TABLE);   /* a page table outside RAM */
	expect_fault(&r, 0xc3000000, STAGE1_FAULT_WALK_EXTERNAL, 2);
	r.tcr |= TTBCR_PD0;
	expect_fault(&r, 0x12345678, STAGE1_FAULT_TRANSLATION, 1);
	assert_int_equal(ipa_of(&r, 0xc2034abc), 0x55555abcULL);
	r.tcr |= TTBCR_PD1;
	expect_fault(&r, 0xc2034abc, STAGE1_FAULT_TRANSLATION, 1);
	/* SCTLR.AFE: AP[0] is the access flag, AP[2:1] the simplified model */
	r.tcr = 2;
	r.sctlr |= SCTLR_AFE;
	assert_int_equal(xlate(&r, 0x12345678, &m, &lvl), STAGE1_OK);   /* AP = 0b011 */
	assert_true(m.access_flag && m.el0_write);
	assert_int_equal(xlate(&r, 0xc2034abc, &m, &lvl), STAGE1_OK);   /* AP = 0b010 */
	assert_true(!m.access_flag && m.el0_write);
	/* N = 0: TTBR0 translates everything */
	r.tcr = 0;
	r.ttbr0 = t1;
	assert_int_equal(ipa_of(&r, 0xc2034abc), 0x55555abcULL);
	/* MMU off: flat 32-bit; nothing above 4GB */
	r.sctlr = 0;
	assert_int_equal(ipa_of(&r, 0xfffff000), 0xfffff000ULL);
	expect_fault(&r, 1ULL << 32, STAGE1_FAULT_ADDRESS_SIZE, 0);
}

/* AArch32 long-descriptor (LPAE): the TTBR0/TTBR1 split, level-1 and
 * level-2 starts, blocks, pages and 40-bit output addresses. */
static void test_a32_lpae(void **state)
{
	(void)state;
	uint64_t l1 = new_table(32, 32), l2 = new_table(4096, 4096), l3 = new_table(4096, 4096);
	uint64_t h2 = new_table(4096, 4096);
	struct stage1_regs r = { .sctlr = SCTLR_ELx_M, .tcr = TTBCR_EAE, .ttbr0 = l1 | 7ULL << 48, .ttbr1 = h2 };
	struct stage1_map m;
	int lvl;

	/* T0SZ = T1SZ = 0: TTBR0 for all 4GB, level 1 start with 4 entries */
	put64(l1, 3, BLOCK(0xab40000000ULL));
	put64(l1, 1, TABLE(l2));
	put64(l2, 5, BLOCK(0x12600000ULL) | PTE_DESC_AP_RO);
	put64(l2, 6, TABLE(l3));
	put64(l3, 7, PAGE(0xfedcb000ULL) | PTE_DESC_UXN);
	assert_int_equal(ipa_of(&r, 0xc0123456), 0xab40123456ULL);
	assert_int_equal(xlate(&r, 0x40a12345, &m, &lvl), STAGE1_OK);
	assert_int_equal(m.ipa, 0x12612345ULL);
	assert_int_equal(m.level, 2);
	assert_false(m.el1_write);
	assert_int_equal(xlate(&r, 0x40c07abc, &m, &lvl), STAGE1_OK);
	assert_int_equal(m.ipa, 0xfedcbabcULL);
	assert_true(m.level == 3 && !m.el0_exec);
	expect_fault(&r, 0x00000000, STAGE1_FAULT_TRANSLATION, 1);
	put64(l1, 2, BLOCK(0x10000000000ULL));             /* beyond 40 bits */
	expect_fault(&r, 0x80000000, STAGE1_FAULT_ADDRESS_SIZE, 1);
	/* T0SZ = 2, T1SZ = 2: TTBR0 below 1GB, TTBR1 from 3GB (level 2 start),
	 * a fault between */
	r.tcr = TTBCR_EAE | 2 | 2u << TTBCR_T1SZ_SHIFT;
	r.ttbr0 = l2;
	assert_int_equal(ipa_of(&r, 0x00a12345), 0x12612345ULL);
	put64(h2, 0x1ff, BLOCK(0x7fe00000ULL));
	assert_int_equal(ipa_of(&r, 0xfffff000), 0x7ffff000ULL);
	expect_fault(&r, 0x40000000, STAGE1_FAULT_TRANSLATION, 0);
	expect_fault(&r, 0xbfffffff, STAGE1_FAULT_TRANSLATION, 0);
	/* T0SZ = 1, T1SZ = 0: TTBR1 takes everything from 2GB, with 32 bits */
	r.tcr = TTBCR_EAE | 1;
	r.ttbr1 = l1;
	assert_int_equal(ipa_of(&r, 0xc0123456), 0xab40123456ULL);
	r.tcr |= TTBCR_EPD1;
	expect_fault(&r, 0xc0123456, STAGE1_FAULT_TRANSLATION, 0);
}

/* Reading and writing virtual memory across pages that are not
 * contiguous physically, stopping exactly at the first hole. */
static void test_copy_virt(void **state)
{
	(void)state;
	uint64_t l1 = new_table(4096, 4096), l2 = new_table(4096, 4096), l3 = new_table(4096, 4096);
	uint64_t pa = new_table(3 * 4096, 4096);
	struct stage1_regs r = { .aarch64 = true, .sctlr = SCTLR_ELx_M,
		.tcr = tcr64(25, TCR_EL1_TG0_4K, 25, TCR_EL1_TG1_4K, 2), .ttbr0 = l1 };
	struct stage1_walk w = { .regs = &r, .read_phys = read_phys, .write_phys = write_phys };
	uint8_t out[64], in[64];

	put64(l1, 0, TABLE(l2));
	put64(l2, 0, TABLE(l3));
	put64(l3, 1, PAGE(pa + 8192));    /* va 0x1000 -> third physical page */
	put64(l3, 2, PAGE(pa));           /* va 0x2000 -> first */
	for (unsigned i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)(i * 7 + 1);
	assert_int_equal(stage1_write_virt(&w, 0x2000 - 32, in, 64), 64);
	assert_memory_equal(ram + (pa + 8192 + 4096 - 32 - RAM_BASE), in, 32);
	assert_memory_equal(ram + (pa - RAM_BASE), in + 32, 32);
	memset(out, 0, sizeof(out));
	assert_int_equal(stage1_read_virt(&w, 0x2000 - 32, out, 64), 64);
	assert_memory_equal(out, in, 64);
	/* va 0x3000 is unmapped: a read from 0x2ff0 copies 16 bytes */
	assert_int_equal(stage1_read_virt(&w, 0x3000 - 16, out, 64), 16);
	/* a page mapped to the last bytes of RAM and beyond */
	put64(l3, 3, PAGE(RAM_BASE + RAM_SIZE - 4096));
	put64(l3, 4, PAGE(RAM_BASE + RAM_SIZE));
	assert_int_equal(stage1_read_virt(&w, 0x4000 - 10, out, 64), 10);
	w.write_phys = NULL;
	assert_int_equal(stage1_write_virt(&w, 0x2000, in, 4), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_a64_4k, setup),
		cmocka_unit_test_setup(test_a64_16k, setup),
		cmocka_unit_test_setup(test_a64_64k, setup),
		cmocka_unit_test_setup(test_a64_perms_mmu_off_endian, setup),
		cmocka_unit_test_setup(test_a32_short, setup),
		cmocka_unit_test_setup(test_a32_lpae, setup),
		cmocka_unit_test_setup(test_copy_virt, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
