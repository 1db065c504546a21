/* SPDX-License-Identifier: MIT */
/*
 * WFI wake-up by a pending interrupt: with IRQs masked at the CPU, arm the
 * virtual timer and WFI; after waking, the timer condition holds and the GIC
 * shows its PPI pending. Unmasking then takes the interrupt.
 */
#include <stdbool.h>

#include "gic.h"
#include "guest.h"
#include "vtimer.h"

const char guest_name[] = "wfi";

#define WFI_ROUNDS     3
#define WFI_WAIT_LIMIT 100000000u

void guest_main(void)
{
	if (!vtimer_irq_setup())
		return;

	uint32_t ticks = VTIMER_TICKS_PER_MS(cntfrq_read());
	for (unsigned round = 1; round <= WFI_ROUNDS; round++) {
		uint32_t n;

		irq_disable();
		cntv_tval_write(ticks);
		cntv_ctl_write(CNTV_CTL_ENABLE);
		/* An implementation may leave WFI early for no reason: wait
		 * until the timer condition holds. */
		for (n = 0; !(cntv_ctl_read() & CNTV_CTL_ISTATUS) && n < WFI_WAIT_LIMIT; n++)
			wfi();
		bool fired = cntv_ctl_read() & CNTV_CTL_ISTATUS;
		bool pending = gic_ppi_pending(VTIMER_INTID);
		printf("wfi: round %u: woke, timer %s, GIC INTID %u %s\n", round,
		       fired ? "fired" : "NOT fired", VTIMER_INTID,
		       pending ? "pending" : "NOT pending");

		unsigned before = vtimer_irqs_taken;
		irq_enable();
		for (n = 0; vtimer_irqs_taken == before && n < WFI_WAIT_LIMIT; n++)
			isb();
		irq_disable();
		if (vtimer_irqs_taken == before) {
			printf("wfi: round %u: no interrupt after unmasking\n", round);
			cntv_ctl_write(0);
			return;
		}
		printf("wfi: round %u: IRQ taken after unmasking, INTID %u\n", round, vtimer_last_intid);
	}
}
