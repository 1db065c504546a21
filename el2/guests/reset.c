// SPDX-License-Identifier: MIT
/*
 * SYSTEM_RESET guest: CPU 0 boots, checks that its image came back fresh
 * (an initialised variable it changed before the reset must read its
 * initial value again), starts CPU 1 and waits in WFI; CPU 1 asks for
 * SYSTEM_RESET. The hypervisor must take CPU 0 down, reload the image and
 * restart CPU 0 on its own pCPU: the boot line repeats until the test
 * ends the run.
 */
#include <stdint.h>

#include "io.h"

#define PSCI_CPU_ON_64      0xC4000003UL
#define PSCI_SYSTEM_RESET   0x84000009UL
#define GENERATION_AT_LOAD  7u

static volatile uint32_t generation = GENERATION_AT_LOAD;

void guest_main(void)
{
	io_puts("reset: boot, generation ");
	io_putdec(generation);
	io_puts(generation == GENERATION_AT_LOAD ? " (fresh image)\n" : " (STALE RAM)\n");
	generation = GENERATION_AT_LOAD + 1;
	int64_t r = io_hvc(PSCI_CPU_ON_64, 1, (uintptr_t)guest_secondary_entry, 1);
	if (r != 0) {
		io_puts("reset: CPU_ON failed\n");
		io_system_off();
	}
	for (;;)
		__asm__ volatile("wfi");
}

void guest_secondary(uint64_t context)
{
	io_puts("reset: cpu ");
	io_putdec(context);
	io_puts(" requests SYSTEM_RESET\n");
	io_hvc(PSCI_SYSTEM_RESET, 0, 0, 0);
	io_puts("reset: SYSTEM_RESET returned\n");
	io_system_off();
}
