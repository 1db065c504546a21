// SPDX-License-Identifier: MIT
/*
 * Trapped system-register accesses. With HCR_EL2.IMO set, the only ones a
 * guest normally causes are writes to ICC_SGI1R_EL1 (AArch64 MSR) or
 * ICC_SGI1R (AArch32 MCRR p15, 0, Rt, Rt2, c12): SGI generation, which the
 * vGIC emulates. Anything else is UNDEFINED for the guest.
 */
#include "arch/esr.h"
#include "el2/partition.h"
#include "el2/console.h"
#include "el2/trap.h"


/* Reports of injected UNDEFINEDs per partition before going quiet. */
#define UNDEF_REPORTS_MAX 4

static enum exit_action undef(struct vcpu *v, uint64_t esr, const char *what)
{
	struct partition *p = v->part;

	if (p->undef_reports < UNDEF_REPORTS_MAX) {
		p->undef_reports++;
		if (dev_log_limit_take(&p->log_limit))
			hyp_printf("partition %u (%s) vCPU %u: %s not emulated (ESR 0x%08lx): UNDEFINED injected\n",
				   p->id, p->cfg->name, v->index, what, (unsigned long)esr);
	}
	inject_undef(v, esr_insn_len(esr));
	return EXIT_ACTION_RESUME;
}

enum exit_action trap_sysreg64(struct vcpu *v, uint64_t esr)
{
	unsigned rt = (esr >> ESR_ELx_SYS64_RT_SHIFT) & ESR_ELx_CP_REG_MASK;

	if ((esr & ESR_ELx_SYS64_ENC_MASK) == ICC_SGI1R_EL1_SYS64 &&
	    !(esr & ESR_ELx_SYS64_ISREAD)) {
		vgic_sgi1r_write(&v->part->vgic, v->index, vcpu_get_reg(v, rt));
		vcpu_skip_insn(v, 4);
		return EXIT_ACTION_RESUME;
	}
	return undef(v, esr, "system register access");
}

enum exit_action trap_cp15_64(struct vcpu *v, uint64_t esr)
{
	unsigned opc1 = (esr >> ESR_ELx_CP64_OPC1_SHIFT) & ESR_ELx_CP64_OPC1_MASK;
	unsigned crm = (esr >> ESR_ELx_CP64_CRM_SHIFT) & ESR_ELx_CP_CRM_MASK;
	unsigned rt = (esr >> ESR_ELx_CP64_RT_SHIFT) & ESR_ELx_CP_REG_MASK;
	unsigned rt2 = (esr >> ESR_ELx_CP64_RT2_SHIFT) & ESR_ELx_CP_REG_MASK;
	unsigned len = esr_insn_len(esr);

	if (!trap_cond_passed(v, esr)) {
		vcpu_skip_insn(v, len);
		return EXIT_ACTION_RESUME;
	}
	if (opc1 == ICC_SGI1R_CP15_OPC1 && crm == ICC_SGI1R_CP15_CRM &&
	    !(esr & ESR_ELx_CP_ISREAD)) {
		uint64_t value = vcpu_get_reg(v, rt2) << 32 | vcpu_get_reg(v, rt);
		vgic_sgi1r_write(&v->part->vgic, v->index, value);
		vcpu_skip_insn(v, len);
		return EXIT_ACTION_RESUME;
	}
	return undef(v, esr, "64-bit CP15 access");
}

enum exit_action trap_cp15_32(struct vcpu *v, uint64_t esr)
{
	if (!trap_cond_passed(v, esr)) {
		vcpu_skip_insn(v, esr_insn_len(esr));
		return EXIT_ACTION_RESUME;
	}
	return undef(v, esr, "CP15 access");
}
