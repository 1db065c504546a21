/* SPDX-License-Identifier: MIT */
/* The EL1 virtual timer (Arm ARM D11 "The Generic Timer"). */
#ifndef GUEST_VTIMER_H
#define GUEST_VTIMER_H

#include "machine/memmap.h"

#define CNTV_CTL_ENABLE   (1u << 0)
#define CNTV_CTL_IMASK    (1u << 1)
#define CNTV_CTL_ISTATUS  (1u << 2)

/* The virtual timer's PPI on `virt`: INTID 27. */
#define VTIMER_INTID      GIC_PPI_INTID(VIRT_PPI_TIMER_VIRT)
#define VTIMER_PRIORITY   0xa0

/* Timer interval of the guests: 1 ms, whatever the counter frequency. */
#define VTIMER_TICKS_PER_MS(freq) ((freq) / 1000)

#endif
