/* SPDX-License-Identifier: MIT */
/*
 * The aarch64 side of gic_sysreg.h: one MRS/MSR per register (the ICH_*
 * ones go to the GICH frame on a GICv2 host: gich_v2.h). MRS/MSR name
 * the register in the instruction, hence the switch. Reads of write-only
 * registers return 0; writes to read-only ones are dropped.
 */
#include "el2/gic_sysreg.h"
#include "el2/gich_v2.h"

#define SR_READ(name) \
	({ uint64_t v_; __asm__ volatile("mrs %0, " #name : "=r"(v_)); v_; })
#define SR_WRITE(name, v) \
	__asm__ volatile("msr " #name ", %0" : : "r"((uint64_t)(v)) : "memory")

uint64_t gic_sysreg_read(enum gic_sysreg reg)
{
	/* A GICv2 host: the hypervisor interface is the GICH frame. */
	if (__builtin_expect(gich_v2_attached() && gich_v2_serves(reg), 0))
		return gich_v2_read(reg);
	switch ((unsigned)reg) {
	case GIC_SR_ICH_HCR_EL2: return SR_READ(ich_hcr_el2);
	case GIC_SR_ICH_VTR_EL2: return SR_READ(ich_vtr_el2);
	case GIC_SR_ICH_VMCR_EL2: return SR_READ(ich_vmcr_el2);
	case GIC_SR_ICH_MISR_EL2: return SR_READ(ich_misr_el2);
	case GIC_SR_ICH_EISR_EL2: return SR_READ(ich_eisr_el2);
	case GIC_SR_ICH_ELRSR_EL2: return SR_READ(ich_elrsr_el2);
	case GIC_SR_ICH_AP0R0_EL2: return SR_READ(ich_ap0r0_el2);
	case GIC_SR_ICH_AP0R0_EL2 + 1: return SR_READ(ich_ap0r1_el2);
	case GIC_SR_ICH_AP0R0_EL2 + 2: return SR_READ(ich_ap0r2_el2);
	case GIC_SR_ICH_AP0R0_EL2 + 3: return SR_READ(ich_ap0r3_el2);
	case GIC_SR_ICH_AP1R0_EL2: return SR_READ(ich_ap1r0_el2);
	case GIC_SR_ICH_AP1R0_EL2 + 1: return SR_READ(ich_ap1r1_el2);
	case GIC_SR_ICH_AP1R0_EL2 + 2: return SR_READ(ich_ap1r2_el2);
	case GIC_SR_ICH_AP1R0_EL2 + 3: return SR_READ(ich_ap1r3_el2);
	case GIC_SR_ICH_LR0_EL2: return SR_READ(ich_lr0_el2);
	case GIC_SR_ICH_LR0_EL2 + 1: return SR_READ(ich_lr1_el2);
	case GIC_SR_ICH_LR0_EL2 + 2: return SR_READ(ich_lr2_el2);
	case GIC_SR_ICH_LR0_EL2 + 3: return SR_READ(ich_lr3_el2);
	case GIC_SR_ICH_LR0_EL2 + 4: return SR_READ(ich_lr4_el2);
	case GIC_SR_ICH_LR0_EL2 + 5: return SR_READ(ich_lr5_el2);
	case GIC_SR_ICH_LR0_EL2 + 6: return SR_READ(ich_lr6_el2);
	case GIC_SR_ICH_LR0_EL2 + 7: return SR_READ(ich_lr7_el2);
	case GIC_SR_ICH_LR0_EL2 + 8: return SR_READ(ich_lr8_el2);
	case GIC_SR_ICH_LR0_EL2 + 9: return SR_READ(ich_lr9_el2);
	case GIC_SR_ICH_LR0_EL2 + 10: return SR_READ(ich_lr10_el2);
	case GIC_SR_ICH_LR0_EL2 + 11: return SR_READ(ich_lr11_el2);
	case GIC_SR_ICH_LR0_EL2 + 12: return SR_READ(ich_lr12_el2);
	case GIC_SR_ICH_LR0_EL2 + 13: return SR_READ(ich_lr13_el2);
	case GIC_SR_ICH_LR0_EL2 + 14: return SR_READ(ich_lr14_el2);
	case GIC_SR_ICH_LR0_EL2 + 15: return SR_READ(ich_lr15_el2);
	case GIC_SR_ICC_IAR1_EL1: return SR_READ(icc_iar1_el1);
	case GIC_SR_ICC_PMR_EL1: return SR_READ(icc_pmr_el1);
	case GIC_SR_ICC_BPR1_EL1: return SR_READ(icc_bpr1_el1);
	case GIC_SR_ICC_CTLR_EL1: return SR_READ(icc_ctlr_el1);
	case GIC_SR_ICC_IGRPEN1_EL1: return SR_READ(icc_igrpen1_el1);
	case GIC_SR_ICC_SRE_EL2: return SR_READ(icc_sre_el2);
	case GIC_SR_CNTV_CTL_EL0: return SR_READ(cntv_ctl_el0);
	case GIC_SR_CNTV_CVAL_EL0: return SR_READ(cntv_cval_el0);
	case GIC_SR_CNTVOFF_EL2: return SR_READ(cntvoff_el2);
	case GIC_SR_CNTHP_CTL_EL2: return SR_READ(cnthp_ctl_el2);
	case GIC_SR_CNTHP_CVAL_EL2: return SR_READ(cnthp_cval_el2);
	case GIC_SR_CNTPCT_EL0: return SR_READ(cntpct_el0);
	case GIC_SR_MPIDR_EL1: return SR_READ(mpidr_el1);
	default: return 0;
	}
}

void gic_sysreg_write(enum gic_sysreg reg, uint64_t value)
{
	if (__builtin_expect(gich_v2_attached() && gich_v2_serves(reg), 0)) {
		gich_v2_write(reg, value);
		return;
	}
	switch ((unsigned)reg) {
	case GIC_SR_ICH_HCR_EL2: SR_WRITE(ich_hcr_el2, value); break;
	case GIC_SR_ICH_VMCR_EL2: SR_WRITE(ich_vmcr_el2, value); break;
	case GIC_SR_ICH_AP0R0_EL2: SR_WRITE(ich_ap0r0_el2, value); break;
	case GIC_SR_ICH_AP0R0_EL2 + 1: SR_WRITE(ich_ap0r1_el2, value); break;
	case GIC_SR_ICH_AP0R0_EL2 + 2: SR_WRITE(ich_ap0r2_el2, value); break;
	case GIC_SR_ICH_AP0R0_EL2 + 3: SR_WRITE(ich_ap0r3_el2, value); break;
	case GIC_SR_ICH_AP1R0_EL2: SR_WRITE(ich_ap1r0_el2, value); break;
	case GIC_SR_ICH_AP1R0_EL2 + 1: SR_WRITE(ich_ap1r1_el2, value); break;
	case GIC_SR_ICH_AP1R0_EL2 + 2: SR_WRITE(ich_ap1r2_el2, value); break;
	case GIC_SR_ICH_AP1R0_EL2 + 3: SR_WRITE(ich_ap1r3_el2, value); break;
	case GIC_SR_ICH_LR0_EL2: SR_WRITE(ich_lr0_el2, value); break;
	case GIC_SR_ICH_LR0_EL2 + 1: SR_WRITE(ich_lr1_el2, value); break;
	case GIC_SR_ICH_LR0_EL2 + 2: SR_WRITE(ich_lr2_el2, value); break;
	case GIC_SR_ICH_LR0_EL2 + 3: SR_WRITE(ich_lr3_el2, value); break;
	case GIC_SR_ICH_LR0_EL2 + 4: SR_WRITE(ich_lr4_el2, value); break;
	case GIC_SR_ICH_LR0_EL2 + 5: SR_WRITE(ich_lr5_el2, value); break;
	case GIC_SR_ICH_LR0_EL2 + 6: SR_WRITE(ich_lr6_el2, value); break;
	case GIC_SR_ICH_LR0_EL2 + 7: SR_WRITE(ich_lr7_el2, value); break;
	case GIC_SR_ICH_LR0_EL2 + 8: SR_WRITE(ich_lr8_el2, value); break;
	case GIC_SR_ICH_LR0_EL2 + 9: SR_WRITE(ich_lr9_el2, value); break;
	case GIC_SR_ICH_LR0_EL2 + 10: SR_WRITE(ich_lr10_el2, value); break;
	case GIC_SR_ICH_LR0_EL2 + 11: SR_WRITE(ich_lr11_el2, value); break;
	case GIC_SR_ICH_LR0_EL2 + 12: SR_WRITE(ich_lr12_el2, value); break;
	case GIC_SR_ICH_LR0_EL2 + 13: SR_WRITE(ich_lr13_el2, value); break;
	case GIC_SR_ICH_LR0_EL2 + 14: SR_WRITE(ich_lr14_el2, value); break;
	case GIC_SR_ICH_LR0_EL2 + 15: SR_WRITE(ich_lr15_el2, value); break;
	case GIC_SR_ICC_EOIR1_EL1: SR_WRITE(icc_eoir1_el1, value); break;
	case GIC_SR_ICC_DIR_EL1: SR_WRITE(icc_dir_el1, value); break;
	case GIC_SR_ICC_SGI1R_EL1: SR_WRITE(icc_sgi1r_el1, value); break;
	case GIC_SR_ICC_PMR_EL1: SR_WRITE(icc_pmr_el1, value); break;
	case GIC_SR_ICC_BPR1_EL1: SR_WRITE(icc_bpr1_el1, value); break;
	case GIC_SR_ICC_CTLR_EL1: SR_WRITE(icc_ctlr_el1, value); break;
	case GIC_SR_ICC_IGRPEN1_EL1: SR_WRITE(icc_igrpen1_el1, value); break;
	case GIC_SR_ICC_SRE_EL2: SR_WRITE(icc_sre_el2, value); break;
	case GIC_SR_CNTV_CTL_EL0: SR_WRITE(cntv_ctl_el0, value); break;
	case GIC_SR_CNTV_CVAL_EL0: SR_WRITE(cntv_cval_el0, value); break;
	case GIC_SR_CNTVOFF_EL2: SR_WRITE(cntvoff_el2, value); break;
	case GIC_SR_CNTHP_CTL_EL2: SR_WRITE(cnthp_ctl_el2, value); break;
	case GIC_SR_CNTHP_CVAL_EL2: SR_WRITE(cnthp_cval_el2, value); break;
	default: break;
	}
}

void gic_sysreg_sync(void)
{
	__asm__ volatile("isb" : : : "memory");
}

void gic_barrier(void)
{
	__asm__ volatile("dsb sy" : : : "memory");
}
