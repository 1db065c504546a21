/* SPDX-License-Identifier: MIT */
/*
 * The timers' interrupt lines around guest entries (Arm ARM D11.2.4: a
 * timer's interrupt output is a level, asserted while ISTATUS is set and
 * IMASK clear, so disabling or masking the timer drops it):
 * - the virtual timer drives physical PPI 27, forwarded with the LR HW bit;
 *   when the guest disables or masks it while the virtual interrupt is
 *   still pending, that pending state goes (vgic_hw_ppi_line_low()), so a
 *   GICR_ISPENDR0 read or a later enable does not see a stale interrupt;
 * - the emulated physical timer (ptimer.h) drives virtual PPI 30 as a level
 *   the run loop samples, and arms CNTHP (the EL2 timer, PPI 26) at its
 *   deadline so a running or WFI-blocked vCPU is interrupted on time.
 */
#ifndef ARMVM_EL2_VCPU_TIMERS_H
#define ARMVM_EL2_VCPU_TIMERS_H

#include <stdint.h>

struct vcpu;

/* After vgic_sync() on an exit: drop the virtual timer's pending state if
 * its output is low now. O(1) unless the timer interrupt is live. */
void vcpu_vtimer_resample(struct vcpu *v);

/* Sample the physical timer's output into the vGIC (PPI 30); returns the
 * physical count at which it will rise, UINT64_MAX for never/already. */
uint64_t vcpu_ptimer_sample(struct vcpu *v);

/* Before entering the guest: sample, and keep CNTHP armed at the deadline.
 * O(1) while the guest does not use the physical timer. */
void vcpu_ptimer_before_entry(struct vcpu *v);

/* CNTHP was taken over (WFI blocking) or disarmed: forget what was armed. */
void vcpu_ptimer_wakeup_lost(struct vcpu *v);

#endif
