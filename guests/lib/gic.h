/* SPDX-License-Identifier: MIT */
/*
 * Just enough GIC for one CPU to take private (PPI) interrupts, on GICv2 or
 * GICv3, picked at run time from GICD_TYPER.IDbits: non-zero means GICv3,
 * zero GICv2. Not from GICD_PIDR2: at 0xFFE8 it lies outside a GICv2
 * distributor's 4 KiB (QEMU aborts the read, KVM does not claim it), and the
 * GICv2 ID registers at 0xFE8 are optional (KVM's vGICv2 reads them as 0).
 */
#ifndef GUEST_GIC_H
#define GUEST_GIC_H

#include <stdbool.h>
#include <stdint.h>

/* What gic_ack reports when nothing was pending. */
#define GIC_INTID_SPURIOUS 1023

/* Detect the version, enable the distributor and this CPU's interface.
 * Returns 2 or 3, or 0 (after printing why) when it cannot. */
int gic_init(void);
void gic_enable_ppi(unsigned intid, uint8_t priority);
bool gic_ppi_pending(unsigned intid);
/* Enable SPI `intid` (>= 32), edge-triggered, routed to this CPU. */
void gic_enable_spi_edge(unsigned intid, uint8_t priority);
/* Acknowledge the highest-priority pending interrupt: returns the raw IAR
 * value (pass it to gic_eoi) and its INTID in *intid. */
uint32_t gic_ack(unsigned *intid);
void gic_eoi(uint32_t iar);

#endif
