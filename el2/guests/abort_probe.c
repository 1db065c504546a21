// SPDX-License-Identifier: MIT
/* One access that must end in a synchronous external abort: see
 * abort_probe.h. */
#include <stdint.h>

#include "io.h"
#include "abort_probe.h"

/* ESR_EL1 fields the probe checks: EC data abort (same EL), DFSC. */
#define ESR_EC_SHIFT 26
#define ESR_EC_DABT_CUR 0x25
#define ESR_DFSC_MASK 0x3f
#define ESR_DFSC_EXTABT 0x10
#define ESR_WNR (1u << 6)

int abort_probe(const char *tag, uint64_t addr, int write)
{
	guest_fault[2] = 0;
	__asm__ volatile("dsb sy" ::: "memory");
	if (write)
		*(volatile uint32_t *)addr = 0xdeadbeef;
	else
		(void)*(volatile uint32_t *)addr;
	__asm__ volatile("dsb sy" ::: "memory");
	uint64_t esr = guest_fault[0], far = guest_fault[1];

	io_puts(tag);
	io_puts(": ");
	io_puts(write ? "write " : "read ");
	io_puthex(addr);
	if (!guest_fault[2]) {
		io_puts(": NOT blocked\n");
		return 0;
	}
	int ok = (esr >> ESR_EC_SHIFT) == ESR_EC_DABT_CUR &&
		 (esr & ESR_DFSC_MASK) == ESR_DFSC_EXTABT &&
		 !!(esr & ESR_WNR) == !!write && far == addr;
	io_puts(ok ? ": external abort\n" : ": abort with unexpected syndrome\n");
	return ok;
}

