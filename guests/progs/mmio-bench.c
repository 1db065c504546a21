/* SPDX-License-Identifier: MIT */
/*
 * The cheapest MMIO exit: GUEST_BENCH_ITERATIONS writes to the test device's
 * DOORBELL register, timed with the virtual counter. Needs the armvm test
 * device (found through the DTB); without it, it says so and stops.
 */
#include "bench.h"
#include "dev/testdev.h"
#include "fdt.h"
#include "guest.h"
#include "machine/memmap.h"

const char guest_name[] = "mmio-bench";

void guest_main(void)
{
	if (!fdt_contains_string("armvm,testdev")) {
		printf("bench: mmio needs the armvm test device (not in the DTB)\n");
		return;
	}
	uintptr_t doorbell = VIRT_ARMVM_TESTDEV_BASE + TESTDEV_REG_DOORBELL;
	uint64_t start = cntvct_read();
	for (uint32_t i = 0; i < GUEST_BENCH_ITERATIONS; i++)
		mmio_write32(doorbell, i);
	dsb_sy();
	uint64_t end = cntvct_read();
	bench_report("mmio", GUEST_BENCH_ITERATIONS, end - start, cntfrq_read());
}
