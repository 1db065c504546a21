// SPDX-License-Identifier: MIT
/* Exception-class dispatch of synchronous guest exits. */
#include "arch/esr.h"
#include "el2/print.h"
#include "el2/sysreg.h"
#include "el2/trap.h"

typedef enum exit_action (*trap_handler)(struct vcpu *v, uint64_t esr);

static enum exit_action trap_wfx(struct vcpu *v, uint64_t esr);
static enum exit_action trap_unexpected(struct vcpu *v, uint64_t esr);

static const trap_handler trap_table[ESR_ELx_EC_COUNT] = {
	[ESR_ELx_EC_WFx]      = trap_wfx,
	[ESR_ELx_EC_CP15_32]  = trap_cp15_32,
	[ESR_ELx_EC_CP15_64]  = trap_cp15_64,
	[ESR_ELx_EC_HVC32]    = trap_hvc_smc,
	[ESR_ELx_EC_SMC32]    = trap_hvc_smc,
	[ESR_ELx_EC_HVC64]    = trap_hvc_smc,
	[ESR_ELx_EC_SMC64]    = trap_hvc_smc,
	[ESR_ELx_EC_SYS64]    = trap_sysreg64,
	[ESR_ELx_EC_IABT_LOW] = trap_iabt,
	[ESR_ELx_EC_DABT_LOW] = trap_dabt,
};

static const char *const ec_names[ESR_ELx_EC_COUNT] = {
	[ESR_ELx_EC_UNKNOWN] = "unknown reason",
	[ESR_ELx_EC_CP14_MR] = "CP14 MCR/MRC",
	[ESR_ELx_EC_CP14_LS] = "CP14 LDC/STC",
	[ESR_ELx_EC_FP_ASIMD] = "FP/SIMD access",
	[ESR_ELx_EC_CP14_64] = "CP14 MCRR/MRRC",
	[ESR_ELx_EC_ILL] = "illegal execution state",
	[ESR_ELx_EC_SVC32] = "SVC (AArch32)",
	[ESR_ELx_EC_SVC64] = "SVC (AArch64)",
	[ESR_ELx_EC_PC_ALIGN] = "PC alignment fault",
	[ESR_ELx_EC_SP_ALIGN] = "SP alignment fault",
	[ESR_ELx_EC_FP_EXC32] = "FP exception (AArch32)",
	[ESR_ELx_EC_FP_EXC64] = "FP exception (AArch64)",
	[ESR_ELx_EC_SERROR] = "SError",
	[ESR_ELx_EC_BREAKPT_LOW] = "breakpoint",
	[ESR_ELx_EC_SOFTSTP_LOW] = "software step",
	[ESR_ELx_EC_WATCHPT_LOW] = "watchpoint",
	[ESR_ELx_EC_BKPT32] = "BKPT (AArch32)",
	[ESR_ELx_EC_BRK64] = "BRK (AArch64)",
};

enum exit_action trap_handle_sync(struct vcpu *v)
{
	uint64_t esr = read_sysreg(esr_el2);
	unsigned ec = ESR_ELx_EC(esr);
	trap_handler h = trap_table[ec];

	v->exits_by_ec[ec]++;
	return (h ? h : trap_unexpected)(v, esr);
}

static enum exit_action trap_unexpected(struct vcpu *v, uint64_t esr)
{
	const char *name = ec_names[ESR_ELx_EC(esr)];
	char why[64];

	hyp_snprintf(why, sizeof(why), "unhandled exception class 0x%02x (%s)",
		     (unsigned)ESR_ELx_EC(esr), name ? name : "reserved");
	return trap_fatal(v, esr, why);
}

/*
 * WFI: the run loop blocks the vCPU (vcpu_block) once the PC has stepped
 * past the instruction. WFE: a hint; the vCPU owns its pCPU, so there is
 * nobody to yield to.
 */
static enum exit_action trap_wfx(struct vcpu *v, uint64_t esr)
{
	bool wfi = trap_cond_passed(v, esr) && !(esr & ESR_ELx_WFx_TI_WFE);

	vcpu_skip_insn(v, esr_insn_len(esr));
	return wfi ? EXIT_ACTION_BLOCK : EXIT_ACTION_RESUME;
}

enum exit_action trap_handle_async_fault(struct vcpu *v, unsigned kind)
{
	return trap_fatal(v, read_sysreg(esr_el2),
			  kind == EXIT_FIQ ? "unexpected FIQ" : "SError from the guest");
}
