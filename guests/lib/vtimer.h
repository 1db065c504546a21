/* SPDX-License-Identifier: MIT */
/* The EL1 virtual timer (Arm ARM D11 "The Generic Timer"). */
#ifndef GUEST_VTIMER_H
#define GUEST_VTIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "machine/memmap.h"

#define CNTV_CTL_ENABLE   (1u << 0)
#define CNTV_CTL_IMASK    (1u << 1)
#define CNTV_CTL_ISTATUS  (1u << 2)

/* The virtual timer's PPI on `virt`: INTID 27. */
#define VTIMER_INTID      GIC_PPI_INTID(VIRT_PPI_TIMER_VIRT)
#define VTIMER_PRIORITY   0xa0

/* Timer interval of the guests: 1 ms, whatever the counter frequency. */
#define VTIMER_TICKS_PER_MS(freq) ((freq) / 1000)

/*
 * The virtual-timer interrupt as the timer and wfi guests take it: GIC set
 * up with the timer PPI enabled, and an IRQ handler that acknowledges it,
 * stops the timer (so its level-triggered line drops before EOI), records
 * what it saw and EOIs. Returns false when the GIC could not be set up.
 */
bool vtimer_irq_setup(void);
extern volatile unsigned vtimer_irqs_taken;   /* interrupts handled */
extern volatile unsigned vtimer_last_intid;   /* INTID of the last one */
extern volatile uint32_t vtimer_last_ctl;     /* CNTV_CTL when the timer's came */

#endif
