/* SPDX-License-Identifier: MIT */
#include "guest.h"

/* kind = vector index: origin (current EL SP0/SPx, lower EL A64/A32) * 4 +
 * type (sync, IRQ, FIQ, SError). */
void arch_describe_exception(unsigned kind, ureg_t return_addr)
{
	static const char *const origin[] = {
		"current EL SP0", "current EL SPx", "lower EL AArch64", "lower EL AArch32",
	};
	static const char *const type[] = { "synchronous", "IRQ", "FIQ", "SError" };

	printf("%s %s, ESR_EL1 0x%lx FAR_EL1 0x%lx ELR_EL1 0x%lx\n",
	       origin[(kind / 4) % 4], type[kind % 4],
	       (unsigned long)sysreg_read(esr_el1), (unsigned long)sysreg_read(far_el1),
	       (unsigned long)return_addr);
}
