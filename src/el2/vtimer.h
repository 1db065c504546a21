/* SPDX-License-Identifier: MIT */
/*
 * Virtual timer of a vCPU. Guests program CNTV_CTL_EL0/CNTV_CVAL_EL0
 * directly (not trapped); EL2 owns CNTVOFF_EL2. While a vCPU is loaded its
 * timer drives physical PPI 27, which EL2 takes (HCR_EL2.IMO) and forwards
 * as virtual INTID 27 with the LR HW bit (vgic_forward.c, vgic_lr.c): the
 * physical PPI stays active until the guest deactivates the virtual one, so
 * it cannot fire again meanwhile.
 *
 * When a vCPU leaves its pCPU, vtimer_save() stores CNTV_* and disables the
 * hardware timer so it cannot fire for the next vCPU. A descheduled or
 * WFI-blocked vCPU with a saved timer is woken through the EL2 physical
 * timer CNTHP (PPI 26): the core computes the earliest vtimer_deadline()
 * over such vCPUs and calls vtimer_set_wakeup(); gic_ack_irq() reports
 * GIC_IRQ_HYPTIMER when it fires, and the core unblocks the vCPUs for which
 * vtimer_pending() is true. On vtimer_restore() an expired timer asserts
 * PPI 27 again at once, so the interrupt reaches the guest on entry.
 *
 * The core also sets CNTHCTL_EL2: EL1PCTEN (the guest reads the physical
 * counter), not EL1PCEN (its physical timer is emulated: ptimer.h).
 */
#ifndef ARMVM_EL2_VTIMER_H
#define ARMVM_EL2_VTIMER_H

#include <stdbool.h>
#include <stdint.h>

struct vtimer {
	uint64_t cntvoff;   /* CNTVOFF_EL2: virtual count = physical - cntvoff */
	uint64_t ctl;       /* saved CNTV_CTL_EL0 */
	uint64_t cval;      /* saved CNTV_CVAL_EL0 */
};

/*
 * Reset: timer disabled, CNTVOFF_EL2 = cntvoff. Give all vCPUs of a partition
 * the same cntvoff (e.g. the physical count at partition start) so their
 * virtual counters agree.
 */
void vtimer_init(struct vtimer *t, uint64_t cntvoff);

/* Load the vCPU's timer into the hardware: CNTVOFF_EL2, CNTV_CVAL, CNTV_CTL. */
void vtimer_restore(const struct vtimer *t);

/* Store CNTV_CTL/CNTV_CVAL and disable the hardware virtual timer. */
void vtimer_save(struct vtimer *t);

/*
 * On saved state: the timer condition holds now (ENABLE, !IMASK and the
 * virtual count has reached CVAL), i.e. the vCPU has a timer interrupt due.
 */
bool vtimer_pending(const struct vtimer *t);

/*
 * On saved state: the physical count (CNTPCT_EL0) at which the timer fires,
 * or UINT64_MAX when it is disabled or masked.
 */
uint64_t vtimer_deadline(const struct vtimer *t);

/* On the loaded (live) timer: its interrupt output is asserted. */
bool vtimer_output_loaded(void);

/*
 * Arm CNTHP (EL2 physical timer, PPI 26) to fire at physical count
 * `deadline`; UINT64_MAX disarms it. gic_ack_irq() disarms it when it fires.
 */
void vtimer_set_wakeup(uint64_t deadline);

/* Pure helpers (unit-tested): the same conditions on explicit values. */
bool vtimer_condition_met(uint64_t ctl, uint64_t cval, uint64_t cntvoff, uint64_t now_phys);
uint64_t vtimer_deadline_of(uint64_t ctl, uint64_t cval, uint64_t cntvoff);

#endif
