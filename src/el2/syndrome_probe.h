/* SPDX-License-Identifier: MIT */
/*
 * Register numbers in syndromes of exceptions from AArch32.
 *
 * The Arm ARM gives ISS.SRT of a data abort (and Rt/Rt2 of a trapped CP15
 * access) taken from AArch32 in the AArch64 view of the register (section
 * "Mapping of the general-purpose registers between the Execution
 * states"): r0-r12 and the User-mode SP/LR are X0-X14, LR_irq/SP_irq
 * X16/X17, LR_svc/SP_svc X18/X19, LR_abt/SP_abt X20/X21, LR_und/SP_und
 * X22/X23, r8_fiq-r14_fiq X24-X30. EL2 then reads x[n] and never looks at
 * the guest's mode; KVM relies on this.
 *
 * QEMU's TCG (7.2 and 10.0: target/arm/tcg/translate.c, disas_set_da_iss()
 * passes the instruction's Rt to syn_data_abort_with_iss(); the CP15 trap
 * syndromes take the instruction's Rt too) reports the AArch32 register
 * number instead: `str lr, [r0]` in SVC mode gives SRT 14, not 18. EL2 must
 * then apply the current mode's banking itself.
 *
 * At boot, when a partition is AArch32, the hypervisor runs that very
 * store at EL1 (syndrome_probe.S) and reads SRT: 18 is the architecture,
 * 14 the QEMU deviation. It says which on the console, and the register
 * accessors (vcpu_get_esr_reg) follow, unless the configuration forces one
 * (aarch32_syndrome = arch | banked).
 */
#ifndef ARMVM_EL2_SYNDROME_PROBE_H
#define ARMVM_EL2_SYNDROME_PROBE_H

#include <stdbool.h>
#include <stdint.h>

/* SRT of `str lr, [r0]` from SVC mode in each numbering. */
#define SYNDROME_PROBE_SRT_ARCH   18      /* X18 = LR_svc */
#define SYNDROME_PROBE_SRT_BANKED 14      /* r14 as encoded */

enum syndrome_view {
	SYNDROME_VIEW_UNKNOWN = 0,         /* the probe did not give a verdict */
	SYNDROME_VIEW_ARCH,
	SYNDROME_VIEW_BANKED,
};

/* Hypervisor-wide, set once at boot before any vCPU runs: true when
 * AArch32 syndrome register numbers are to be banked by the guest's mode. */
extern bool syndrome_regs_banked;

/* The verdict of the probe's ESR_EL2 (pure: unit-tested). */
enum syndrome_view syndrome_probe_verdict(uint64_t esr);

/* Decide syndrome_regs_banked from the configuration (enum
 * el2_aarch32_syndrome) and, when it says probe and `need` (an AArch32
 * partition exists), from the probe; print one line saying what was found
 * and what is used. Boot CPU, before partitions start. */
void syndrome_probe_boot(unsigned config, bool need);

#endif
