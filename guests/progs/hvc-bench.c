/* SPDX-License-Identifier: MIT */
/*
 * The cheapest hypercall: GUEST_BENCH_ITERATIONS HVCs with SMCCC function
 * 0x86000001 (armvm's vendor-specific hypervisor service "null" call), timed
 * with the virtual counter. KVM answers it NOT_SUPPORTED in the kernel, as
 * does plain QEMU's firmware emulation: the same round trip, so the result
 * is not checked.
 */
#include "bench.h"
#include "guest.h"

const char guest_name[] = "hvc-bench";

#define ARMVM_SMCCC_NULL_CALL 0x86000001u

void guest_main(void)
{
	uint64_t start = cntvct_read();
	for (uint32_t i = 0; i < GUEST_BENCH_ITERATIONS; i++)
		smccc_hvc(ARMVM_SMCCC_NULL_CALL, 0, 0, 0);
	uint64_t end = cntvct_read();
	bench_report("hvc", GUEST_BENCH_ITERATIONS, end - start, cntfrq_read());
}
