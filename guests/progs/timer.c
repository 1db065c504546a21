/* SPDX-License-Identifier: MIT */
/*
 * Virtual timer interrupts through the GIC (v2 or v3): program CNTV_TVAL and
 * CNTV_CTL, take the PPI through the IRQ vector, acknowledge and EOI it,
 * a few rounds.
 */
#include <stdbool.h>

#include "gic.h"
#include "guest.h"
#include "vtimer.h"

const char guest_name[] = "timer";

#define TIMER_ROUNDS     3
/* Bound on wake-ups while waiting for one interrupt. */
#define TIMER_WAIT_LIMIT 100000000u

void guest_main(void)
{
	if (!vtimer_irq_setup())
		return;

	uint32_t ticks = VTIMER_TICKS_PER_MS(cntfrq_read());
	for (unsigned round = 1; round <= TIMER_ROUNDS; round++) {
		unsigned before = vtimer_irqs_taken;
		uint64_t start = cntvct_read();

		cntv_tval_write(ticks);
		cntv_ctl_write(CNTV_CTL_ENABLE);
		/* WFI with IRQs masked still wakes on a pending interrupt, so
		 * none is lost between the check and the WFI. */
		for (uint32_t n = 0; vtimer_irqs_taken == before && n < TIMER_WAIT_LIMIT; n++) {
			wfi();
			irq_enable();
			isb();
			irq_disable();
		}
		if (vtimer_irqs_taken == before) {
			printf("timer: round %u: no interrupt\n", round);
			cntv_ctl_write(0);
			return;
		}
		bool late_enough = cntvct_read() - start >= ticks;
		printf("timer: round %u: IRQ taken, INTID %u, ISTATUS %u, %s\n", round,
		       vtimer_last_intid, (unsigned)((vtimer_last_ctl & CNTV_CTL_ISTATUS) != 0),
		       late_enough ? "after the deadline" : "BEFORE the deadline");
	}
}
