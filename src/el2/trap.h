/* SPDX-License-Identifier: MIT */
/*
 * Guest exits and their handlers. trap.c dispatches a synchronous exit
 * through a table indexed by ESR_EL2.EC to one handler per kind (one file
 * each). A handler emulates the instruction and steps the PC, or injects an
 * exception into the guest, and returns what the vCPU must do next; only
 * the run loop (vcpu_run.c) acts on that, as KVM's exit handlers return to
 * its run loop. No handler leaves the pCPU or stops the partition itself.
 */
#ifndef EL2_TRAP_H
#define EL2_TRAP_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/aarch32.h"
#include "el2/vcpu.h"

enum exit_action {
	EXIT_ACTION_RESUME = 0,  /* re-enter the guest */
	EXIT_ACTION_BLOCK,       /* wait like WFI for an interrupt, then re-enter */
	EXIT_ACTION_VCPU_OFF,    /* PSCI CPU_OFF: this vCPU powers off */
	EXIT_ACTION_SYSTEM_OFF,  /* PSCI SYSTEM_OFF: the partition powers off */
	EXIT_ACTION_STOP,        /* stop the partition: v->stop_reason says why */
	EXIT_ACTION_RESET,       /* PSCI SYSTEM_RESET: restart the partition */
};

/* A synchronous exit (ESR_EL2 read here). */
enum exit_action trap_handle_sync(struct vcpu *v);
/* FIQ/SError exits: nothing a guest should cause; report and stop. */
enum exit_action trap_handle_async_fault(struct vcpu *v, unsigned kind);

/* Handlers (one file each). */
enum exit_action trap_dabt(struct vcpu *v, uint64_t esr);      /* mmio.c */
enum exit_action trap_iabt(struct vcpu *v, uint64_t esr);      /* mmio.c */
enum exit_action trap_dabt_nisv(struct vcpu *v, uint64_t esr, uint64_t far,
				uint64_t ipa);                 /* mmio_nisv.c */
enum exit_action trap_hvc_smc(struct vcpu *v, uint64_t esr);   /* vpsci.c */
enum exit_action trap_sysreg64(struct vcpu *v, uint64_t esr);  /* sysreg_trap.c */
enum exit_action trap_cp15_64(struct vcpu *v, uint64_t esr);   /* sysreg_trap.c */
enum exit_action trap_cp15_32(struct vcpu *v, uint64_t esr);   /* sysreg_trap.c */

/* Report a fatal guest exit (the reason and the vCPU state, trap_report.c)
 * and return the action that stops the partition for it. */
enum exit_action trap_fatal(struct vcpu *v, uint64_t esr, const char *why);

/* Inject into the guest (inject_fault.c): a synchronous external abort on
 * a data access / instruction fetch at virtual address `va`, or an
 * UNDEFINED instruction exception. */
void inject_dabt(struct vcpu *v, uint64_t va, bool write);
void inject_iabt(struct vcpu *v, uint64_t va);
void inject_undef(struct vcpu *v, unsigned insn_len);

/* For AArch32 traps that carry a condition (CV/COND): false when the
 * instruction's condition failed, so it must be skipped, not emulated. */
static inline bool trap_cond_passed(const struct vcpu *v, uint64_t esr)
{
	return !vcpu_is_aarch32(v) || aarch32_trap_cond_passed(esr, v->regs.spsr);
}

#endif
