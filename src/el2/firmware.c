// SPDX-License-Identifier: MIT
/* SMC calls to the firmware PSCI (SMCCC: x0 = function, x1-x3 arguments,
 * result in x0; x4-x17 may be clobbered). */
#include "el2/firmware.h"
#include "el2/console.h"
#include "el2/psci.h"
#include "el2/sysreg.h"

#define PSCI_RET_NOT_SUPPORTED (-1)

static bool psci_present;

void fw_psci_set_present(bool present)
{
	psci_present = present;
}

bool fw_psci_present(void)
{
	return psci_present;
}

static int64_t smc_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	if (!psci_present)
		return PSCI_RET_NOT_SUPPORTED;   /* an SMC with no EL3 is UNDEFINED */
	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
			   "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	return (int64_t)x0;
}

int64_t fw_psci_version(void)
{
	return smc_call(PSCI_FN_VERSION, 0, 0, 0);
}

int64_t fw_psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context)
{
	return smc_call(PSCI_FN64_CPU_ON, mpidr, entry, context);
}

int64_t fw_psci_cpu_off(void)
{
	return smc_call(PSCI_FN_CPU_OFF, 0, 0, 0);
}

void fw_psci_system_off(void)
{
	int64_t r = smc_call(PSCI_FN_SYSTEM_OFF, 0, 0, 0);

	hyp_printf(psci_present ? "firmware SYSTEM_OFF failed (%ld); halting\n" :
		   "no PSCI on this board: halting instead of powering off (%ld)\n", (long)r);
	for (;;)
		wfi();
}

void fw_psci_system_reset(void)
{
	int64_t r = smc_call(PSCI_FN_SYSTEM_RESET, 0, 0, 0);

	hyp_printf("firmware SYSTEM_RESET failed (%ld); halting\n", (long)r);
	for (;;)
		wfi();
}
