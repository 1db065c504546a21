/* SPDX-License-Identifier: MIT */
/*
 * The system registers the GIC and timer code reads and writes, behind one
 * small accessor: on aarch64 gic_sysreg.c turns each into MRS/MSR; the
 * native unit tests link a fake that keeps them in an array. Keeping every
 * access behind this layer is what lets the LR fill/sync logic run in
 * cmocka on x86_64.
 */
#ifndef ARMVM_EL2_GIC_SYSREG_H
#define ARMVM_EL2_GIC_SYSREG_H

#include <stdint.h>

enum gic_sysreg {
	/* Hypervisor interface. */
	GIC_SR_ICH_HCR_EL2,
	GIC_SR_ICH_VTR_EL2,
	GIC_SR_ICH_VMCR_EL2,
	GIC_SR_ICH_MISR_EL2,
	GIC_SR_ICH_EISR_EL2,
	GIC_SR_ICH_ELRSR_EL2,
	GIC_SR_ICH_AP0R0_EL2,          /* ..AP0R3: GIC_SR_ICH_AP0R0_EL2 + n */
	GIC_SR_ICH_AP0R3_EL2 = GIC_SR_ICH_AP0R0_EL2 + 3,
	GIC_SR_ICH_AP1R0_EL2,
	GIC_SR_ICH_AP1R3_EL2 = GIC_SR_ICH_AP1R0_EL2 + 3,
	GIC_SR_ICH_LR0_EL2,            /* ..LR15: GIC_SR_ICH_LR0_EL2 + n */
	GIC_SR_ICH_LR15_EL2 = GIC_SR_ICH_LR0_EL2 + 15,
	/* Physical CPU interface, as EL2 sees it. */
	GIC_SR_ICC_IAR1_EL1,
	GIC_SR_ICC_EOIR1_EL1,
	GIC_SR_ICC_DIR_EL1,
	GIC_SR_ICC_SGI1R_EL1,
	GIC_SR_ICC_PMR_EL1,
	GIC_SR_ICC_BPR1_EL1,
	GIC_SR_ICC_CTLR_EL1,
	GIC_SR_ICC_IGRPEN1_EL1,
	GIC_SR_ICC_SRE_EL2,
	/* Generic timer. */
	GIC_SR_CNTV_CTL_EL0,
	GIC_SR_CNTV_CVAL_EL0,
	GIC_SR_CNTVOFF_EL2,
	GIC_SR_CNTHP_CTL_EL2,
	GIC_SR_CNTHP_CVAL_EL2,
	GIC_SR_CNTPCT_EL0,
	/* Identification. */
	GIC_SR_MPIDR_EL1,
	GIC_SR_COUNT
};

#define GIC_SR_ICH_LR(n)   ((enum gic_sysreg)(GIC_SR_ICH_LR0_EL2 + (n)))
#define GIC_SR_ICH_AP0R(n) ((enum gic_sysreg)(GIC_SR_ICH_AP0R0_EL2 + (n)))
#define GIC_SR_ICH_AP1R(n) ((enum gic_sysreg)(GIC_SR_ICH_AP1R0_EL2 + (n)))

uint64_t gic_sysreg_read(enum gic_sysreg reg);
void gic_sysreg_write(enum gic_sysreg reg, uint64_t value);
/* Context synchronisation after writes that must take effect (ISB). */
void gic_sysreg_sync(void);
/* Full-system data barrier (DSB SY): memory and MMIO before what follows. */
void gic_barrier(void);

#endif
