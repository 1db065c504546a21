// SPDX-License-Identifier: MIT
/* Exception-class dispatch of synchronous guest exits. */
#include "arch/aarch32.h"
#include "el2/console.h"
#include "el2/el2_regs.h"
#include "arch/esr.h"
#include "el2/gic.h"
#include "el2/partition.h"
#include "el2/print.h"
#include "el2/sysreg.h"
#include "el2/trap.h"
#include "el2/vtimer.h"

typedef void (*trap_handler)(struct vcpu *v, uint64_t esr);

static void trap_wfx(struct vcpu *v, uint64_t esr);
static void trap_unexpected(struct vcpu *v, uint64_t esr);

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

void trap_handle_sync(struct vcpu *v)
{
	uint64_t esr = read_sysreg(esr_el2);
	unsigned ec = ESR_ELx_EC(esr);
	trap_handler h = trap_table[ec];

	v->exits_by_ec[ec]++;
	(h ? h : trap_unexpected)(v, esr);
}

static void trap_unexpected(struct vcpu *v, uint64_t esr)
{
	const char *name = ec_names[ESR_ELx_EC(esr)];
	char why[64];

	hyp_snprintf(why, sizeof(why), "unhandled exception class 0x%02x (%s)",
		     (unsigned)ESR_ELx_EC(esr), name ? name : "reserved");
	trap_fatal(v, esr, why);
}

bool trap_cond_passed(const struct vcpu *v, uint64_t esr)
{
	return !vcpu_is_aarch32(v) || aarch32_trap_cond_passed(esr, v->regs.spsr);
}


/* While a vCPU waits in WFI, the EL2 timer wakes its pCPU this often (in
 * counter ticks per second / N) to collect console input. */
#define WFI_INPUT_POLL_HZ 100

void vcpu_block(struct vcpu *v)
{
	uint64_t period = read_sysreg(cntfrq_el0) / WFI_INPUT_POLL_HZ;

	while (!vgic_vcpu_has_pending(&v->vgic) && !partition_wants_down(v->part)) {
		vtimer_set_wakeup(read_sysreg(cntpct_el0) + period);
		wfi();
		vgic_forward_irq(&v->vgic);
		console_poll_input();
	}
	vtimer_set_wakeup(UINT64_MAX);
}

/*
 * WFI: block on this pCPU (physical WFI, which wakes on any physical
 * interrupt even with EL2's IRQs masked) until the vGIC has an interrupt
 * for the vCPU or the partition goes down. The vCPU's timer stays live in
 * the hardware meanwhile, so its expiry is one of those wake-ups.
 * WFE: a hint; the vCPU owns its pCPU, so there is nobody to yield to.
 */
static void trap_wfx(struct vcpu *v, uint64_t esr)
{
	if (trap_cond_passed(v, esr) && !(esr & ESR_ELx_WFx_TI_WFE))
		vcpu_block(v);
	vcpu_skip_insn(v, esr_insn_len(esr));
}

void trap_handle_async_fault(struct vcpu *v, unsigned kind)
{
	trap_fatal(v, read_sysreg(esr_el2),
		   kind == EXIT_FIQ ? "unexpected FIQ" : "SError from the guest");
}

void trap_fatal(struct vcpu *v, uint64_t esr, const char *why)
{
	struct partition *p = v->part;
	bool aarch32 = vcpu_is_aarch32(v);

	hyp_printf("partition %u (%s) vCPU %u stopped: %s\n"
		   "  ESR_EL2 0x%08lx  PC 0x%lx  %s 0x%lx  FAR 0x%lx  HPFAR 0x%lx  exits %lu\n",
		   p->id, p->cfg->name, v->index, why,
		   (unsigned long)esr, (unsigned long)v->regs.elr,
		   aarch32 ? "CPSR" : "PSTATE", (unsigned long)v->regs.spsr,
		   (unsigned long)read_sysreg(far_el2),
		   (unsigned long)read_sysreg(hpfar_el2), (unsigned long)v->exits);
	for (unsigned i = 0; i < (aarch32 ? 15u : 31u); i += 4) {
		char line[160];
		int n = 0;
		for (unsigned j = i; j < i + 4 && j < (aarch32 ? 15u : 31u); j++)
			n += hyp_snprintf(line + n, sizeof(line) - (size_t)n,
					  "  %s%02u 0x%016lx", aarch32 ? "r" : "x", j,
					  (unsigned long)vcpu_get_reg(v, j));
		hyp_printf("%s\n", line);
	}
	partition_stop(v, why);
}
