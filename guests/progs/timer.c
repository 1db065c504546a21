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

static volatile unsigned irqs_taken;
static volatile unsigned last_intid;
static volatile uint32_t last_ctl;

static void timer_irq(void)
{
	unsigned intid;
	uint32_t iar = gic_ack(&intid);

	if (intid == GIC_INTID_SPURIOUS)
		return;
	if (intid == VTIMER_INTID) {
		last_ctl = cntv_ctl_read();
		/* Stop the timer so its level-triggered line drops before EOI. */
		cntv_ctl_write(0);
	}
	last_intid = intid;
	gic_eoi(iar);
	irqs_taken++;
}

void guest_main(void)
{
	if (!gic_init())
		return;
	gic_enable_ppi(VTIMER_INTID, VTIMER_PRIORITY);
	irq_handler = timer_irq;

	uint32_t ticks = VTIMER_TICKS_PER_MS(cntfrq_read());
	for (unsigned round = 1; round <= TIMER_ROUNDS; round++) {
		unsigned before = irqs_taken;
		uint64_t start = cntvct_read();

		cntv_tval_write(ticks);
		cntv_ctl_write(CNTV_CTL_ENABLE);
		/* WFI with IRQs masked still wakes on a pending interrupt, so
		 * none is lost between the check and the WFI. */
		for (uint32_t n = 0; irqs_taken == before && n < TIMER_WAIT_LIMIT; n++) {
			wfi();
			irq_enable();
			isb();
			irq_disable();
		}
		if (irqs_taken == before) {
			printf("timer: round %u: no interrupt\n", round);
			cntv_ctl_write(0);
			return;
		}
		bool late_enough = cntvct_read() - start >= ticks;
		printf("timer: round %u: IRQ taken, INTID %u, ISTATUS %u, %s\n", round,
		       last_intid, (unsigned)((last_ctl & CNTV_CTL_ISTATUS) != 0),
		       late_enough ? "after the deadline" : "BEFORE the deadline");
	}
}
