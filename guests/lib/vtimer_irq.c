/* SPDX-License-Identifier: MIT */
/* The virtual-timer interrupt handler shared by the timer and wfi guests. */
#include "gic.h"
#include "guest.h"
#include "vtimer.h"

volatile unsigned vtimer_irqs_taken;
volatile unsigned vtimer_last_intid;
volatile uint32_t vtimer_last_ctl;

static void vtimer_irq(void)
{
	unsigned intid;
	uint32_t iar = gic_ack(&intid);

	if (intid == GIC_INTID_SPURIOUS)
		return;
	if (intid == VTIMER_INTID) {
		vtimer_last_ctl = cntv_ctl_read();
		cntv_ctl_write(0);
	}
	vtimer_last_intid = intid;
	gic_eoi(iar);
	vtimer_irqs_taken++;
}

bool vtimer_irq_setup(void)
{
	if (!gic_init())
		return false;
	gic_enable_ppi(VTIMER_INTID, VTIMER_PRIORITY);
	irq_handler = vtimer_irq;
	return true;
}
