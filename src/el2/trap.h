/* SPDX-License-Identifier: MIT */
/*
 * Synchronous exits from a guest, dispatched through a table indexed by
 * ESR_EL2.EC (trap.c), and the handlers behind it. A handler either
 * emulates the instruction and steps the PC, injects an exception into the
 * guest, or stops the partition with a report.
 */
#ifndef EL2_TRAP_H
#define EL2_TRAP_H

#include <stdint.h>

#include "el2/vcpu.h"

void trap_handle_sync(struct vcpu *v);
/* Wait like WFI: until the vGIC has an interrupt for the vCPU or its
 * partition goes down (WFI traps, PSCI CPU_SUSPEND). */
void vcpu_block(struct vcpu *v);
/* FIQ/SError exits: nothing a guest should cause; report and stop. */
void trap_handle_async_fault(struct vcpu *v, unsigned kind);

/* Handlers (one file each). */
void trap_dabt(struct vcpu *v, uint64_t esr);          /* mmio.c */
void trap_iabt(struct vcpu *v, uint64_t esr);          /* mmio.c */
void trap_hvc_smc(struct vcpu *v, uint64_t esr);       /* vpsci.c */
void trap_sysreg64(struct vcpu *v, uint64_t esr);      /* sysreg_trap.c */
void trap_cp15_64(struct vcpu *v, uint64_t esr);       /* sysreg_trap.c */
void trap_cp15_32(struct vcpu *v, uint64_t esr);       /* sysreg_trap.c */

/* Stop the partition with a report naming the reason and the vCPU state. */
void trap_fatal(struct vcpu *v, uint64_t esr, const char *why) __attribute__((noreturn));

/* Inject into the guest (inject.c): a synchronous external abort on a data
 * access / instruction fetch at virtual address `va`, or an UNDEFINED
 * instruction exception. */
void inject_dabt(struct vcpu *v, uint64_t va, bool write);
void inject_iabt(struct vcpu *v, uint64_t va);
void inject_undef(struct vcpu *v, unsigned insn_len);

/* For AArch32 traps that carry a condition (CV/COND): false when the
 * instruction's condition failed, so it must be skipped, not emulated. */
bool trap_cond_passed(const struct vcpu *v, uint64_t esr);

#endif
