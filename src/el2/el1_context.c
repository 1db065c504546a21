// SPDX-License-Identifier: MIT
/* EL1 system register state of a vCPU: reset values, save and restore. */
#include <string.h>

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
