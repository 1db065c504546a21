// SPDX-License-Identifier: MIT
/* EL2 stage-1 identity map with 1 GiB blocks: see mmu.h. */
#include <stdbool.h>
#include <stdint.h>

#include "el2/el2_regs.h"
#include "el2/mmu.h"
#include "el2/pte.h"
#include "el2/sysreg.h"

#define HYP_VA_BITS      39          /* start at level 1 */
#define GIB              (1ULL << 30)

static uint64_t hyp_l1_table[PT_ENTRIES] __attribute__((aligned(4096)));

static uint64_t block_entry(unsigned gib, bool normal)
{
	uint64_t pa = (uint64_t)gib * GIB;

	if (normal)
		return pa | PTE_TYPE_BLOCK | PTE_AF | PTE_SH_INNER |
		       PTE_S1_ATTRIDX(MAIR_IDX_NORMAL) | PTE_S1_AP_RW_EL2;
	return pa | PTE_TYPE_BLOCK | PTE_AF | PTE_XN |
	       PTE_S1_ATTRIDX(MAIR_IDX_DEVICE) | PTE_S1_AP_RW_EL2;
}

void mmu_build_tables(uint64_t ram_a, uint64_t ram_b)
{
	/* Before the board is known: every GiB is a device but the ones the
	 * image and the device tree are in. */
	for (unsigned i = 0; i < PT_ENTRIES; i++)
		hyp_l1_table[i] = block_entry(i, i == ram_a / GIB || i == ram_b / GIB);
	dsb_sy();
}

void mmu_map_ram(uint64_t base, uint64_t size)
{
	if (!size)
		return;
	for (uint64_t g = base / GIB; g <= (base + size - 1) / GIB && g < PT_ENTRIES; g++) {
		uint64_t e = block_entry((unsigned)g, true);

		if (hyp_l1_table[g] == e)
			continue;
		/* Break before make (Arm ARM D8.14.1): invalid, TLB flush, new. */
		hyp_l1_table[g] = 0;
		dsb_sy();
		__asm__ volatile("tlbi alle2" ::: "memory");
		dsb_ish();
		isb();
		hyp_l1_table[g] = e;
		dsb_sy();
		isb();
	}
}

void mmu_enable(void)
{
	uint64_t parange = read_sysreg(id_aa64mmfr0_el1) & ID_AA64MMFR0_PARANGE_MASK;

	if (parange > PARANGE_40BIT)
		parange = PARANGE_40BIT;
	write_sysreg(mair_el2,
		     (uint64_t)MAIR_ATTR_DEVICE_nGnRE << (8 * MAIR_IDX_DEVICE) |
		     (uint64_t)MAIR_ATTR_NORMAL_WB << (8 * MAIR_IDX_NORMAL));
	write_sysreg(tcr_el2, TCR_EL2_RES1 | TCR_EL2_T0SZ(HYP_VA_BITS) |
		     TCR_EL2_IRGN0_WBWA | TCR_EL2_ORGN0_WBWA | TCR_EL2_SH0_INNER |
		     TCR_EL2_TG0_4K | parange << TCR_EL2_PS_SHIFT);
	write_sysreg(ttbr0_el2, (uintptr_t)hyp_l1_table);
	isb();
	__asm__ volatile("tlbi alle2" ::: "memory");
	dsb_ish();
	isb();
	write_sysreg(sctlr_el2, SCTLR_EL2_RES1 | SCTLR_EL2_M | SCTLR_EL2_C |
		     SCTLR_EL2_SA | SCTLR_EL2_I);
	isb();
}
