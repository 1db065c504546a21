// SPDX-License-Identifier: MIT
/*
 * Trapped system-register accesses. With HCR_EL2.IMO set, a guest causes
 * writes to ICC_SGI1R_EL1 (AArch64 MSR) or ICC_SGI1R (AArch32 MCRR p15, 0,
 * Rt, Rt2, c12): SGI generation, which the vGIC emulates; and with
 * CNTHCTL_EL2.EL1PCEN clear, accesses to the EL1 physical timer (CNTP_CTL,
 * CNTP_CVAL, CNTP_TVAL in either width), emulated by ptimer.c. Anything
 * else is UNDEFINED for the guest.
 */
#include "arch/esr.h"
#include "arch/timer.h"
#include "el2/gic_sysreg.h"
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

enum ptimer_reg { PTIMER_CTL, PTIMER_CVAL, PTIMER_TVAL };

static uint64_t counter_now(void)
{
	gic_sysreg_sync();
	return gic_sysreg_read(GIC_SR_CNTPCT_EL0);
}

static uint64_t ptimer_reg_read(const struct vcpu *v, enum ptimer_reg r)
{
	switch (r) {
	case PTIMER_CTL:  return ptimer_read_ctl(&v->ptimer, counter_now());
	case PTIMER_CVAL: return v->ptimer.cval;
	case PTIMER_TVAL: return ptimer_read_tval(&v->ptimer, counter_now());
	}
	return 0;
}

/* The new output reaches the vGIC before the guest runs again
 * (vcpu_ptimer_before_entry() at the end of every exit). */
static void ptimer_reg_write(struct vcpu *v, enum ptimer_reg r, uint64_t value)
{
	switch (r) {
	case PTIMER_CTL:  ptimer_write_ctl(&v->ptimer, value); break;
	case PTIMER_CVAL: v->ptimer.cval = value; break;
	case PTIMER_TVAL: ptimer_write_tval(&v->ptimer, counter_now(), value); break;
	}
}

enum exit_action trap_sysreg64(struct vcpu *v, uint64_t esr)
{
	unsigned rt = (esr >> ESR_ELx_SYS64_RT_SHIFT) & ESR_ELx_CP_REG_MASK;
	uint64_t enc = esr & ESR_ELx_SYS64_ENC_MASK;
	enum ptimer_reg r;

	switch (enc) {
	case CNTP_CTL_EL0_SYS64:  r = PTIMER_CTL; goto ptimer;
	case CNTP_CVAL_EL0_SYS64: r = PTIMER_CVAL; goto ptimer;
	case CNTP_TVAL_EL0_SYS64: r = PTIMER_TVAL; goto ptimer;
	default: break;
	}

	if ((esr & ESR_ELx_SYS64_ENC_MASK) == ICC_SGI1R_EL1_SYS64 &&
	    !(esr & ESR_ELx_SYS64_ISREAD)) {
		vgic_sgi1r_write(&v->part->vgic, v->index, vcpu_get_reg(v, rt));
		vcpu_skip_insn(v, 4);
		return EXIT_ACTION_RESUME;
	}
	return undef(v, esr, "system register access");
ptimer:
	if (esr & ESR_ELx_SYS64_ISREAD)
		vcpu_set_reg(v, rt, ptimer_reg_read(v, r));
	else
		ptimer_reg_write(v, r, vcpu_get_reg(v, rt));
	vcpu_skip_insn(v, 4);
	return EXIT_ACTION_RESUME;
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
		uint64_t value = vcpu_get_esr_reg(v, rt2) << 32 | vcpu_get_esr_reg(v, rt);
		vgic_sgi1r_write(&v->part->vgic, v->index, value);
		vcpu_skip_insn(v, len);
		return EXIT_ACTION_RESUME;
	}
	if (opc1 == CNTP_CVAL_CP15_OPC1 && crm == CNTP_CVAL_CP15_CRM) {
		if (esr & ESR_ELx_CP_ISREAD) {
			uint64_t cval = v->ptimer.cval;
			vcpu_set_esr_reg(v, rt, cval & 0xffffffffULL);
			vcpu_set_esr_reg(v, rt2, cval >> 32);
		} else {
			v->ptimer.cval = vcpu_get_esr_reg(v, rt2) << 32 | vcpu_get_esr_reg(v, rt);
		}
		vcpu_skip_insn(v, len);
		return EXIT_ACTION_RESUME;
	}
	return undef(v, esr, "64-bit CP15 access");
}

enum exit_action trap_cp15_32(struct vcpu *v, uint64_t esr)
{
	unsigned opc1 = (esr >> ESR_ELx_CP32_OPC1_SHIFT) & 0x7;
	unsigned opc2 = (esr >> ESR_ELx_CP32_OPC2_SHIFT) & 0x7;
	unsigned crn = (esr >> ESR_ELx_CP32_CRN_SHIFT) & ESR_ELx_CP_CRM_MASK;
	unsigned crm = (esr >> ESR_ELx_CP32_CRM_SHIFT) & ESR_ELx_CP_CRM_MASK;
	unsigned rt = (esr >> ESR_ELx_CP32_RT_SHIFT) & ESR_ELx_CP_REG_MASK;
	unsigned len = esr_insn_len(esr);
	enum ptimer_reg r;

	if (!trap_cond_passed(v, esr)) {
		vcpu_skip_insn(v, len);
		return EXIT_ACTION_RESUME;
	}
	if (opc1 != 0 || crn != CNTP_CP15_CRN || crm != CNTP_CP15_CRM ||
	    (opc2 != CNTP_CTL_CP15_OPC2 && opc2 != CNTP_TVAL_CP15_OPC2))
		return undef(v, esr, "CP15 access");
	r = opc2 == CNTP_CTL_CP15_OPC2 ? PTIMER_CTL : PTIMER_TVAL;
	if (esr & ESR_ELx_CP_ISREAD)
		vcpu_set_esr_reg(v, rt, ptimer_reg_read(v, r) & 0xffffffffULL);
	else
		ptimer_reg_write(v, r, vcpu_get_esr_reg(v, rt));
	vcpu_skip_insn(v, len);
	return EXIT_ACTION_RESUME;
}
