// SPDX-License-Identifier: MIT
/*
 * The world switch (see switch.h): EL2 controls for a vCPU, its EL1 system
 * registers (reset values, save, restore), and vcpu_load/vcpu_put of the
 * whole EL1/FP/timer/GIC-interface context.
 */
#include <string.h>

#include "el2/el2_regs.h"
#include "el2/partition.h"
#include "el2/switch.h"
#include "el2/sysreg.h"
#include "el2/vcpu.h"

/* SCTLR_EL1 at reset, MMU and caches off: the RES1 bits of the ARMv8.0
 * AArch64 layout; for AArch32 the architected reset value of SCTLR
 * (with SCTLR.V = 0: low vectors). */
#define SCTLR_EL1_RESET_AARCH64 0x30d00800ULL
#define SCTLR_RESET_AARCH32     0x00c50078ULL

void el1_sysregs_reset(struct el1_sysregs *s, bool aarch32)
{
	memset(s, 0, sizeof(*s));
	s->sctlr = aarch32 ? SCTLR_RESET_AARCH32 : SCTLR_EL1_RESET_AARCH64;
}

void el1_sysregs_save(struct el1_sysregs *s, bool aarch32)
{
	s->sctlr = read_sysreg(sctlr_el1);
	s->actlr = read_sysreg(actlr_el1);
	s->cpacr = read_sysreg(cpacr_el1);
	s->ttbr0 = read_sysreg(ttbr0_el1);
	s->ttbr1 = read_sysreg(ttbr1_el1);
	s->tcr = read_sysreg(tcr_el1);
	s->esr = read_sysreg(esr_el1);
	s->afsr0 = read_sysreg(afsr0_el1);
	s->afsr1 = read_sysreg(afsr1_el1);
	s->far = read_sysreg(far_el1);
	s->mair = read_sysreg(mair_el1);
	s->amair = read_sysreg(amair_el1);
	s->vbar = read_sysreg(vbar_el1);
	s->contextidr = read_sysreg(contextidr_el1);
	s->tpidr_el0 = read_sysreg(tpidr_el0);
	s->tpidrro_el0 = read_sysreg(tpidrro_el0);
	s->tpidr_el1 = read_sysreg(tpidr_el1);
	s->sp_el0 = read_sysreg(sp_el0);
	s->sp_el1 = read_sysreg(sp_el1);
	s->elr_el1 = read_sysreg(elr_el1);
	s->spsr_el1 = read_sysreg(spsr_el1);
	s->par = read_sysreg(par_el1);
	s->cntkctl = read_sysreg(cntkctl_el1);
	s->csselr = read_sysreg(csselr_el1);
	s->mdscr = read_sysreg(mdscr_el1);
	if (aarch32) {
		s->spsr_abt = read_sysreg(spsr_abt);
		s->spsr_und = read_sysreg(spsr_und);
		s->spsr_irq = read_sysreg(spsr_irq);
		s->spsr_fiq = read_sysreg(spsr_fiq);
		s->dacr32 = read_sysreg(dacr32_el2);
		s->ifsr32 = read_sysreg(ifsr32_el2);
		s->fpexc32 = read_sysreg(fpexc32_el2);
	}
}

void el1_sysregs_restore(const struct el1_sysregs *s, bool aarch32)
{
	write_sysreg(sctlr_el1, s->sctlr);
	write_sysreg(actlr_el1, s->actlr);
	write_sysreg(cpacr_el1, s->cpacr);
	write_sysreg(ttbr0_el1, s->ttbr0);
	write_sysreg(ttbr1_el1, s->ttbr1);
	write_sysreg(tcr_el1, s->tcr);
	write_sysreg(esr_el1, s->esr);
	write_sysreg(afsr0_el1, s->afsr0);
	write_sysreg(afsr1_el1, s->afsr1);
	write_sysreg(far_el1, s->far);
	write_sysreg(mair_el1, s->mair);
	write_sysreg(amair_el1, s->amair);
	write_sysreg(vbar_el1, s->vbar);
	write_sysreg(contextidr_el1, s->contextidr);
	write_sysreg(tpidr_el0, s->tpidr_el0);
	write_sysreg(tpidrro_el0, s->tpidrro_el0);
	write_sysreg(tpidr_el1, s->tpidr_el1);
	write_sysreg(sp_el0, s->sp_el0);
	write_sysreg(sp_el1, s->sp_el1);
	write_sysreg(elr_el1, s->elr_el1);
	write_sysreg(spsr_el1, s->spsr_el1);
	write_sysreg(par_el1, s->par);
	write_sysreg(cntkctl_el1, s->cntkctl);
	write_sysreg(csselr_el1, s->csselr);
	write_sysreg(mdscr_el1, s->mdscr);
	if (aarch32) {
		write_sysreg(spsr_abt, s->spsr_abt);
		write_sysreg(spsr_und, s->spsr_und);
		write_sysreg(spsr_irq, s->spsr_irq);
		write_sysreg(spsr_fiq, s->spsr_fiq);
		write_sysreg(dacr32_el2, s->dacr32);
		write_sysreg(ifsr32_el2, s->ifsr32);
		write_sysreg(fpexc32_el2, s->fpexc32);
	}
	isb();
}

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
	/* The physical counter is readable; the physical timer's registers
	 * trap and are emulated (ptimer.h, sysreg_trap.c). */
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

void vcpu_load(struct vcpu *v)
{
	vcpu_load_el2_controls(v);
	vcpu_load_state(v);
}

void vcpu_put(struct vcpu *v)
{
	bool aarch32 = vcpu_is_aarch32(v);

	vtimer_save(&v->timer);
	vgic_save(&v->vgic);
	el1_sysregs_save(&v->sys, aarch32);
	fpsimd_save(&v->fp);
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
void vcpu_full_switch(struct vcpu *v)
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
