/* SPDX-License-Identifier: MIT */
/*
 * The EL1 physical timer of a vCPU, emulated (Arm ARM D11 "The Generic
 * Timer"). CNTHCTL_EL2.EL1PCEN is clear, so the guest's CNTP_CTL, CNTP_CVAL
 * and CNTP_TVAL accesses (AArch64 MRS/MSR, AArch32 MRC/MCR and MRRC/MCRR)
 * trap to EL2 and land here; the guest reads the physical counter itself
 * (EL1PCTEN), so comparisons are against CNTPCT_EL0 as it sees it.
 * The timer's output (ENABLE, !IMASK, count >= CVAL) is a level on PPI 30:
 * the run loop samples it before every entry and on WFI wake-ups and
 * drives the vGIC line; while it is armed but not yet met, the EL2 timer
 * (CNTHP) is set to its deadline so the guest is interrupted on time.
 * The functions are pure (no register access): unit-tested natively.
 */
#ifndef ARMVM_EL2_PTIMER_H
#define ARMVM_EL2_PTIMER_H

#include <stdbool.h>
#include <stdint.h>

struct ptimer {
	uint64_t ctl;       /* ENABLE and IMASK as the guest wrote them */
	uint64_t cval;      /* CNTP_CVAL */
};

/* Reset: disabled, CVAL 0 (architecturally UNKNOWN). */
void ptimer_reset(struct ptimer *t);

/* CNTP_CTL as read at count `now`: ISTATUS set when the condition is met. */
uint64_t ptimer_read_ctl(const struct ptimer *t, uint64_t now);
void ptimer_write_ctl(struct ptimer *t, uint64_t value);

/* CNTP_TVAL: CVAL - now, a signed 32-bit value (zero-extended here);
 * a write sets CVAL = now + the sign-extended low 32 bits. */
uint64_t ptimer_read_tval(const struct ptimer *t, uint64_t now);
void ptimer_write_tval(struct ptimer *t, uint64_t now, uint64_t value);

/* The interrupt output: enabled, not masked and count >= CVAL. */
bool ptimer_output(const struct ptimer *t, uint64_t now);

/* The count at which the output rises, UINT64_MAX when disabled or masked. */
uint64_t ptimer_deadline(const struct ptimer *t);

#endif
