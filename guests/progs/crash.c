/* SPDX-License-Identifier: MIT */
/*
 * A guest that crashes: a load from 0x0C000000, where the memory map has
 * nothing (QEMU's platform bus window, unused by armvm). An engine must end
 * the run there as a guest crash. Should the load return, the transcript
 * says so and the guest powers off normally, which a test can tell apart.
 */
#include "guest.h"

const char guest_name[] = "crash";

#define CRASH_UNMAPPED_ADDR 0x0C000000u

void guest_main(void)
{
	printf("crash: loading from 0x%08x, where nothing is mapped\n", CRASH_UNMAPPED_ADDR);
	uint32_t v = mmio_read32(CRASH_UNMAPPED_ADDR);
	printf("crash: the load returned 0x%08x\n", v);
}
