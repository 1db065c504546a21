/* SPDX-License-Identifier: MIT */
/*
 * A guest that counts slowly, for the snapshot tests through the control
 * API (tests/lab/62-api-snapshot.sh: a shell must catch it mid-count; the
 * `count` guest of tests/lab/44-vm-state.sh is over in a fraction of a
 * second). CPU 0 prints "count: N" for N = 1..COUNT_TO, one per virtual-timer
 * interrupt (COUNT_TICK_MS apart), so a snapshot taken mid-count has a
 * timer armed or an interrupt in flight. Every other CPU (brought up with
 * PSCI CPU_ON) runs the same pseudo-random sequence in a register and in
 * memory and flags any disagreement: a restore that loses a register or a
 * page shows. At the end CPU 0 reports each CPU's check. A restored run
 * continues the transcript where the saved one stopped: the two outputs
 * together are exactly one uninterrupted run's.
 */
#include <stdbool.h>

#include "gic.h"
#include "guest.h"
#include "layout.h"
#include "psci.h"
#include "vtimer.h"

const char guest_name[] = "count-slow";

#define COUNT_TO       100
#define COUNT_TICK_MS  50
#define COUNT_WAIT_LIMIT 100000000u

static volatile uint64_t mirror[GUEST_MAX_CPUS];
static volatile uint32_t steps[GUEST_MAX_CPUS];
static volatile uint32_t bad[GUEST_MAX_CPUS];
static volatile uint32_t started[GUEST_MAX_CPUS];

static uint64_t next(uint64_t x)
{
	return x * 6364136223846793005ULL + 1442695040888963407ULL;
}

void secondary_main(ureg_t cpu)
{
	uint64_t x = 0x9e3779b97f4a7c15ULL * (cpu + 1);
	mirror[cpu] = x;
	started[cpu] = 1;
	for (;;) {
		x = next(x);
		mirror[cpu] = next(mirror[cpu]);
		if (mirror[cpu] != x)
			bad[cpu] = 1;
		steps[cpu]++;
	}
}

static unsigned start_secondaries(void)
{
	uint64_t self = read_mpidr() & MPIDR_HWID_MASK;
	unsigned n = 1;
	for (unsigned cpu = 1; cpu < GUEST_MAX_CPUS; cpu++) {
		sreg_t r = psci_cpu_on((self & ~0xffULL) | cpu, (uintptr_t)secondary_entry, cpu);
		if (r != PSCI_RET_SUCCESS)
			break;
		for (uint32_t w = 0; !started[cpu] && w < COUNT_WAIT_LIMIT; w++)
			;
		n++;
	}
	return n;
}

void guest_main(void)
{
	if (!vtimer_irq_setup())
		return;
	unsigned cpus = start_secondaries();
	uint32_t ticks = VTIMER_TICKS_PER_MS(cntfrq_read()) * COUNT_TICK_MS;
	uint32_t seen[GUEST_MAX_CPUS] = { 0 };
	for (unsigned n = 1; n <= COUNT_TO; n++) {
		unsigned before = vtimer_irqs_taken;
		cntv_tval_write(ticks);
		cntv_ctl_write(CNTV_CTL_ENABLE);
		for (uint32_t w = 0; vtimer_irqs_taken == before && w < COUNT_WAIT_LIMIT; w++) {
			wfi();
			irq_enable();
			isb();
			irq_disable();
		}
		if (vtimer_irqs_taken == before) {
			printf("count: no timer interrupt at %u\n", n);
			return;
		}
		printf("count: %u\n", n);
	}
	/* Every secondary went on running (its count moved since the first
	 * look) and never saw its register and memory disagree. */
	for (unsigned cpu = 1; cpu < cpus; cpu++)
		seen[cpu] = steps[cpu];
	for (unsigned cpu = 1; cpu < cpus; cpu++) {
		uint32_t w = 0;
		while (steps[cpu] == seen[cpu] && w < COUNT_WAIT_LIMIT)
			w++;
		printf("count: cpu %u %s\n", cpu, bad[cpu] ? "saw its state change" :
		       steps[cpu] == seen[cpu] ? "stopped" : "ok");
	}
}
