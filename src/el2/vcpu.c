// SPDX-License-Identifier: MIT
/* A vCPU's register view and reset state: see vcpu.h. */
#include <string.h>

#include "arch/aarch32.h"
#include "arch/psr.h"
#include "el2/partition.h"
#include "el2/switch.h"
#include "el2/sysreg.h"
#include "el2/vcpu.h"

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

void vcpu_reset(struct vcpu *v)
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
	ptimer_reset(&v->ptimer);
	v->ptimer_line = false;
	v->ptimer_wakeup = UINT64_MAX;
}
