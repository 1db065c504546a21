/* SPDX-License-Identifier: MIT */
/*
 * SMP bring-up through PSCI: CPU 0 starts the other CPUs one at a time
 * (MPIDR Aff0 = 1, 2, 3, ... until CPU_ON answers INVALID_PARAMETERS). Each
 * prints on its own stack, signals CPU 0 and turns itself off; CPU 0 waits
 * for the signal and for AFFINITY_INFO to report the CPU off before starting
 * the next, so the transcript is the same on every run.
 */
#include <stdbool.h>

#include "guest.h"
#include "layout.h"
#include "psci.h"

const char guest_name[] = "smp";

/* Bounded waits: far longer than any engine needs, but never endless. */
#define SMP_POLL_LIMIT 200000000u

static volatile uint32_t cpu_signalled[GUEST_MAX_CPUS];

void secondary_main(ureg_t cpu)
{
	printf("cpu %u: up, mpidr aff0 %u\n", (unsigned)cpu, MPIDR_AFF0(read_mpidr()));
	dsb_sy();
	cpu_signalled[cpu] = 1;
	dsb_sy();
	sev();
	sreg_t r = psci_cpu_off();
	printf("cpu %u: CPU_OFF failed: %s\n", (unsigned)cpu, psci_ret_name(r));
}

static bool wait_signal(unsigned cpu)
{
	for (uint32_t n = 0; n < SMP_POLL_LIMIT; n++)
		if (cpu_signalled[cpu])
			return true;
	return false;
}

static sreg_t wait_off(uint64_t mpidr)
{
	sreg_t state = PSCI_AFFINITY_ON;
	for (uint32_t n = 0; n < SMP_POLL_LIMIT; n++) {
		state = psci_affinity_info(mpidr);
		if (state != PSCI_AFFINITY_ON && state != PSCI_AFFINITY_ON_PENDING)
			break;
	}
	return state;
}

void guest_main(void)
{
	uint64_t self = read_mpidr() & MPIDR_HWID_MASK;
	unsigned up = 1;

	printf("cpu 0: up, mpidr aff0 %u\n", MPIDR_AFF0(self));
	for (unsigned cpu = 1; cpu < GUEST_MAX_CPUS; cpu++) {
		uint64_t target = (self & ~0xffULL) | cpu;
		sreg_t r = psci_cpu_on(target, (uintptr_t)secondary_entry, cpu);
		if (r == PSCI_RET_INVALID_PARAMETERS)
			break;   /* no such CPU: all are up */
		if (r != PSCI_RET_SUCCESS) {
			printf("smp: CPU_ON cpu %u: %s\n", cpu, psci_ret_name(r));
			break;
		}
		if (!wait_signal(cpu)) {
			printf("smp: cpu %u did not signal\n", cpu);
			break;
		}
		sreg_t state = wait_off(target);
		if (state != PSCI_AFFINITY_OFF) {
			printf("smp: cpu %u: AFFINITY_INFO %d, not OFF\n", cpu, (int)state);
			break;
		}
		printf("smp: cpu %u is off again\n", cpu);
		up++;
	}
	printf("smp: %u CPUs came up\n", up);
}
