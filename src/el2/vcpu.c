// SPDX-License-Identifier: MIT
/*
 * vCPU life cycle on its pinned pCPU: reset and first entry, the exit path,
 * and leaving the pCPU. See vcpu.h for the world-switch policy.
 */
#include <string.h>

#include "arch/aarch32.h"
#include "el2/console.h"
#include "el2/el2_regs.h"
#include "el2/gic.h"
#include "el2/partition.h"
#include "el2/pcpu.h"
#include "el2/print.h"
#include "el2/sysreg.h"
#include "el2/trap.h"
#include "el2/vcpu.h"

void vcpu_enter(struct vcpu *v, uint64_t stack_top) __attribute__((noreturn));

/*
 * Traps every guest gets: WFI, SMC; interrupts and SErrors to EL2. WFE is
 * trapped too unless the configuration says trap_wfe = off: the vCPU owns
 * its pCPU, so a trapped WFE is only a hint (skipped), and a guest whose
 * spinlocks wait with WFE may prefer to keep those exits away.
 */
#define HCR_GUEST (HCR_EL2_VM | HCR_EL2_SWIO | HCR_EL2_FMO | HCR_EL2_IMO | \
		   HCR_EL2_AMO | HCR_EL2_FB | HCR_EL2_BSU_IS | HCR_EL2_TWI | \
		   HCR_EL2_TSC)

/* PMCR_EL0.N: the event counters the guest may use (MDCR_EL2.HPMN). */
#define PMCR_N_SHIFT 11
#define PMCR_N_MASK  0x1f

struct vcpu *vcpu_current(void)
{
	return (struct vcpu *)(uintptr_t)read_sysreg(tpidr_el2);
}

uint64_t vcpu_get_reg32(const struct vcpu *v, unsigned n)
{
	int x = aarch32_xreg_index((unsigned)v->regs.spsr, n);

	if (x == AARCH32_NO_XREG)
		return n == AARCH32_REG_PC ? v->regs.elr : 0;
	return v->regs.x[x] & 0xffffffffULL;
}

void vcpu_set_reg32(struct vcpu *v, unsigned n, uint64_t value)
{
	int x = aarch32_xreg_index((unsigned)v->regs.spsr, n);

	if (x != AARCH32_NO_XREG)
		v->regs.x[x] = value & 0xffffffffULL;
}

void vcpu_skip_insn32(struct vcpu *v, unsigned len)
{
	v->regs.elr = (v->regs.elr + len) & 0xffffffffULL;
	v->regs.spsr = aarch32_advance_it(v->regs.spsr);
}

static void vcpu_reset_regs(struct vcpu *v)
{
	struct partition *p = v->part;
	bool aarch32 = vcpu_is_aarch32(v);

	memset(&v->regs, 0, sizeof(v->regs));
	if (v->boot_is_primary) {
		for (unsigned i = 0; i < 4; i++)
			v->regs.x[i] = p->boot.r[i];
		v->regs.elr = p->boot.pc;
		v->regs.spsr = p->boot.pstate;
	} else {
		/* PSCI CPU_ON: context id in x0/r0, the caller's width, masked. */
		v->regs.x[0] = v->boot_ctx;
		if (aarch32) {
			v->regs.elr = v->boot_pc & ~1ULL;
			v->regs.spsr = PSR_MODE32_BIT | PSR_AA32_MODE_SVC | PSR_A_BIT |
				       PSR_I_BIT | PSR_F_BIT | ((v->boot_pc & 1) ? PSR_AA32_T_BIT : 0);
		} else {
			v->regs.elr = v->boot_pc;
			v->regs.spsr = PSR_MODE_EL1h | PSR_D_BIT | PSR_A_BIT | PSR_I_BIT | PSR_F_BIT;
		}
	}
	el1_sysregs_reset(&v->sys, aarch32);
	memset(&v->fp, 0, sizeof(v->fp));
	vtimer_init(&v->timer, p->cntvoff);
}

/* EL2 controls for this vCPU's partition. */
static void vcpu_load_el2_controls(struct vcpu *v)
{
	uint64_t hcr = HCR_GUEST | (vcpu_is_aarch32(v) ? 0 : HCR_EL2_RW) |
		       (v->part->cfg->no_wfe_trap ? 0 : HCR_EL2_TWE);
	uint64_t pmcr_n = (read_sysreg(pmcr_el0) >> PMCR_N_SHIFT) & PMCR_N_MASK;

	write_sysreg(hcr_el2, hcr);
	write_sysreg(vttbr_el2, v->part->vttbr);
	write_sysreg(vmpidr_el2, VMPIDR_RES1 | v->mpidr);
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	write_sysreg(cptr_el2, CPTR_EL2_RES1);
	/* The physical counter is readable; the physical timer is not
	 * virtualised, so its registers trap (and are UNDEFINED). */
	write_sysreg(cnthctl_el2, CNTHCTL_EL2_EL1PCTEN);
	write_sysreg(mdcr_el2, pmcr_n & MDCR_EL2_HPMN_MASK);
	isb();
	/* Nothing of an earlier guest on this pCPU may survive in the TLBs. */
	__asm__ volatile("tlbi vmalls12e1\n\tdsb nsh\n\tisb" ::: "memory");
}

/* Place the vCPU's guest-visible state on this pCPU. */
static void vcpu_load_state(struct vcpu *v)
{
	bool aarch32 = vcpu_is_aarch32(v);

	el1_sysregs_restore(&v->sys, aarch32);
	fpsimd_restore(&v->fp);
	vgic_restore(&v->vgic);
	vtimer_restore(&v->timer);
}

static void vcpu_load(struct vcpu *v)
{
	vcpu_load_el2_controls(v);
	vcpu_load_state(v);
}

/* A pattern no guest state will hold by chance. */
#define SCRUB_PATTERN 0x5a5a5a5a5a5a5000ULL

/*
 * world_switch = full: the complete switch on every exit. Save everything,
 * leave the CPU as another vCPU could (the EL1 MMU off, every other EL1
 * register and the FP/SIMD file filled with a pattern), then restore. Any
 * register the save/restore lists missed reaches the guest scrubbed, which
 * the guests' transcripts show.
 */
static void vcpu_full_switch(struct vcpu *v)
{
	struct el1_sysregs scrub;
	struct fpsimd_state fp;
	bool aarch32 = vcpu_is_aarch32(v);

	vcpu_put(v);
	el1_sysregs_reset(&scrub, aarch32);   /* SCTLR: MMU off */
	scrub.ttbr0 = scrub.ttbr1 = scrub.vbar = scrub.far = SCRUB_PATTERN;
	scrub.mair = scrub.amair = scrub.tpidr_el0 = scrub.tpidrro_el0 = SCRUB_PATTERN;
	scrub.tpidr_el1 = scrub.sp_el0 = scrub.sp_el1 = scrub.elr_el1 = SCRUB_PATTERN;
	scrub.par = SCRUB_PATTERN;
	scrub.tcr = scrub.esr = scrub.contextidr = scrub.spsr_el1 = SCRUB_PATTERN & 0xffffffff;
	scrub.spsr_abt = scrub.spsr_und = scrub.spsr_irq = scrub.spsr_fiq = SCRUB_PATTERN & 0xffffffff;
	scrub.dacr32 = scrub.ifsr32 = SCRUB_PATTERN & 0xffffffff;
	for (unsigned i = 0; i < 64; i++)
		fp.v[i] = SCRUB_PATTERN + i;
	fp.fpsr = fp.fpcr = 0;
	el1_sysregs_restore(&scrub, aarch32);
	fpsimd_restore(&fp);
	vcpu_load_state(v);
}

/* Take the vCPU's state off this pCPU into struct vcpu. */
void vcpu_put(struct vcpu *v)
{
	bool aarch32 = vcpu_is_aarch32(v);

	vtimer_save(&v->timer);
	vgic_save(&v->vgic);
	el1_sysregs_save(&v->sys, aarch32);
	fpsimd_save(&v->fp);
}

void vcpu_run(struct vcpu *v)
{
	write_sysreg(tpidr_el2, (uintptr_t)v);
	if (partition_wants_down(v->part)) {
		v->power = VCPU_OFF;
		pcpu_retire();
	}
	vcpu_reset_regs(v);
	vcpu_load(v);
	v->power = VCPU_ON;
	vgic_flush(&v->vgic);
	vcpu_enter(v, pcpu_stack_top(v->pcpu));
}

void vcpu_leave(struct vcpu *v)
{
	vcpu_put(v);
	console_guest_flush(&v->part->console);
	write_sysreg(tpidr_el2, 0);
	__atomic_store_n(&v->power, VCPU_OFF, __ATOMIC_SEQ_CST);
	pcpu_retire();
}

void vcpu_handle_exit(struct vcpu *v, unsigned kind)
{
	vgic_sync(&v->vgic);
	if (v->part->cfg->full_switch)
		vcpu_full_switch(v);
	v->exits++;
	switch (kind) {
	case EXIT_SYNC:
		trap_handle_sync(v);
		break;
	case EXIT_IRQ:
		vgic_forward_irq(&v->vgic);
		break;
	default:
		trap_handle_async_fault(v, kind);
		break;
	}
	console_poll_input();
	if (partition_wants_down(v->part))
		vcpu_leave(v);
	vgic_flush(&v->vgic);
}
