/* SPDX-License-Identifier: MIT */
/*
 * A guest to snapshot mid-count (tests/lab/44-vm-state.sh): every CPU
 * (brought up through PSCI CPU_ON) takes its virtual-timer interrupt every
 * COUNT_TICK_MS and counts them; CPU 0 prints "count N" at each of its own.
 * Every COUNT_CHECK_EVERY counts CPU 0 checks that each other CPU ticked in
 * between (waiting up to COUNT_GRACE_TICKS of its own ticks for one that
 * has not: on a loaded host a vCPU thread may go unscheduled for a while,
 * but a CPU whose timer a restore lost never ticks again), and at every count that the virtual counter did not go
 * backwards (a restore that loses the counter's offset would). A restored
 * guest carries on from the next number; its transcript joined to the
 * saved one's is one unbroken count.
 */
#include <stdbool.h>

#include "gic.h"
#include "guest.h"
#include "layout.h"
#include "psci.h"
#include "vtimer.h"

const char guest_name[] = "count";

#define COUNT_LAST        60
#define COUNT_TICK_MS     5
#define COUNT_CHECK_EVERY 10
#define COUNT_GRACE_TICKS 400   /* 2 s of CPU 0's ticks */
/* Bounded waits: far longer than any engine needs, but never endless. */
#define COUNT_WAIT_LIMIT  100000000u

static volatile unsigned ticks[GUEST_MAX_CPUS];
/* Set by each CPU once it ticks (no atomics: the MMU is off). */
static volatile unsigned ready[GUEST_MAX_CPUS];
static uint32_t period;

static unsigned this_cpu(void)
{
	return MPIDR_AFF0(read_mpidr()) % GUEST_MAX_CPUS;
}

static void tick(void)
{
	unsigned intid;
	uint32_t iar = gic_ack(&intid);

	if (intid == GIC_INTID_SPURIOUS)
		return;
	if (intid == VTIMER_INTID) {
		cntv_tval_write(period);   /* the next deadline; the line drops */
		ticks[this_cpu()]++;
	}
	gic_eoi(iar);
}

static bool start_ticking(void)
{
	if (!gic_init())
		return false;
	gic_enable_ppi(VTIMER_INTID, VTIMER_PRIORITY);
	cntv_tval_write(period);
	cntv_ctl_write(CNTV_CTL_ENABLE);
	return true;
}

void secondary_main(ureg_t cpu)
{
	if (!start_ticking())
		return;
	dsb_sy();
	ready[cpu % GUEST_MAX_CPUS] = 1;
	dsb_sy();
	irq_enable();
	for (;;)
		wfi();
}

static bool wait_tick(unsigned before)
{
	for (uint32_t n = 0; n < COUNT_WAIT_LIMIT; n++) {
		if (ticks[0] != before)
			return true;
		wfi();
		irq_enable();
		isb();
		irq_disable();
	}
	return false;
}

void guest_main(void)
{
	uint64_t self = read_mpidr() & MPIDR_HWID_MASK;
	unsigned cpus = 1;

	period = VTIMER_TICKS_PER_MS(cntfrq_read()) * COUNT_TICK_MS;
	irq_handler = tick;
	for (unsigned cpu = 1; cpu < GUEST_MAX_CPUS; cpu++) {
		sreg_t r = psci_cpu_on((self & ~0xffULL) | cpu, (uintptr_t)secondary_entry, cpu);
		if (r == PSCI_RET_INVALID_PARAMETERS)
			break;   /* no such CPU: all are up */
		if (r != PSCI_RET_SUCCESS) {
			printf("count: CPU_ON cpu %u: %s\n", cpu, psci_ret_name(r));
			return;
		}
		cpus++;
	}
	if (!start_ticking())
		return;
	for (unsigned c = 1; c < cpus; c++)
		for (uint32_t n = 0; !ready[c]; n++)
			if (n == COUNT_WAIT_LIMIT) {
				printf("count: cpu %u did not start ticking\n", c);
				return;
			}
	printf("count: %u cpus\n", cpus);

	unsigned seen[GUEST_MAX_CPUS] = { 0 };
	uint64_t last_time = cntvct_read();
	for (unsigned n = 1; n <= COUNT_LAST; n++) {
		if (!wait_tick(ticks[0])) {
			printf("count: cpu 0 stopped ticking after %u\n", n - 1);
			return;
		}
		uint64_t now = cntvct_read();
		if (now < last_time) {
			printf("count: the virtual counter went backwards after %u\n", n - 1);
			return;
		}
		last_time = now;
		printf("count %u\n", n);
		if (n % COUNT_CHECK_EVERY)
			continue;
		for (unsigned c = 1; c < cpus; c++) {
			for (unsigned g = 0; ticks[c] == seen[c] && g < COUNT_GRACE_TICKS; g++)
				if (!wait_tick(ticks[0]))
					break;
			if (ticks[c] == seen[c]) {
				printf("count: cpu %u stopped ticking before %u\n", c, n);
				return;
			}
			seen[c] = ticks[c];
		}
	}
	cntv_ctl_write(0);
	printf("count: %u cpus ticked to the end\n", cpus);
}
