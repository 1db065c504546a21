/* SPDX-License-Identifier: MIT */
#include "guest.h"

/* kind = vector offset / 4. */
void arch_describe_exception(unsigned kind, ureg_t return_addr)
{
	static const char *const name[] = {
		"reset", "undefined instruction", "supervisor call", "prefetch abort",
		"data abort", "hyp trap", "IRQ", "FIQ",
	};

	printf("%s, DFSR 0x%x DFAR 0x%x IFSR 0x%x IFAR 0x%x LR 0x%x\n", name[kind % 8],
	       (unsigned)cp15_read(0, c5, c0, 0), (unsigned)cp15_read(0, c6, c0, 0),
	       (unsigned)cp15_read(0, c5, c0, 1), (unsigned)cp15_read(0, c6, c0, 2),
	       (unsigned)return_addr);
}
