// SPDX-License-Identifier: MIT
/* Cache maintenance by VA (Arm ARM D7.5). */
#include <stdint.h>

#include "el2/cache.h"
#include "el2/sysreg.h"

/* CTR_EL0.DminLine: log2 of the smallest D-cache line, in words. */
#define CTR_DMINLINE_SHIFT 16
#define CTR_DMINLINE_MASK  0xf

void dcache_clean_range(const void *p, size_t len)
{
	uint64_t line = 4ULL << ((read_sysreg(ctr_el0) >> CTR_DMINLINE_SHIFT) &
				 CTR_DMINLINE_MASK);
	uintptr_t a = (uintptr_t)p & ~(uintptr_t)(line - 1);
	uintptr_t end = (uintptr_t)p + len;

	for (; a < end; a += line)
		__asm__ volatile("dc cvac, %0" : : "r"(a) : "memory");
	dsb_sy();
}

void icache_invalidate_all(void)
{
	__asm__ volatile("ic ialluis\n\tdsb ish\n\tisb" ::: "memory");
}
