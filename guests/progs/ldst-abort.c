/* SPDX-License-Identifier: MIT */
/*
 * A load/store no engine can emulate on a device: an exclusive load
 * (LDXR / LDREX, ESR ISV = 0) from the test device. An engine must inject a
 * synchronous external abort, which this guest takes as an unexpected
 * exception (its report shows ESR/DFSR and the address) and powers off; the
 * engine names the instruction in one line. Should the load return, the
 * transcript says so.
 */
#include "guest.h"
#include "machine/memmap.h"

const char guest_name[] = "ldst-abort";

void guest_main(void)
{
	uintptr_t a = VIRT_ARMVM_TESTDEV_BASE;
	ureg_t v;

	printf("ldst-abort: exclusive load from the test device at 0x%08x\n", (unsigned)a);
#if defined(__aarch64__)
	__asm__ volatile("ldxr %0, [%1]" : "=r"(v) : "r"(a) : "memory");
#else
	__asm__ volatile("ldrex %0, [%1]" : "=r"(v) : "r"(a) : "memory");
#endif
	printf("ldst-abort: the load returned 0x%lx\n", (unsigned long)v);
}
