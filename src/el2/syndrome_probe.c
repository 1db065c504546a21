/* SPDX-License-Identifier: MIT */
/* The boot-time probe of AArch32 syndrome register numbers: see
 * syndrome_probe.h. */
#include "arch/esr.h"
#include "arch/psr.h"
#include "el2/console.h"
#include "el2/el2_regs.h"
#include "el2/partition_config.h"
#include "el2/pte.h"
#include "el2/syndrome_probe.h"
#include "el2/sysreg.h"

uint64_t syndrome_probe_run(uint64_t vttbr, uint64_t hcr, uint64_t spsr, uint64_t unmapped);
extern char __hyp_start[];

/* ID_AA64PFR0_EL1.EL1: 2 = EL1 can run AArch32. */
#define ID_AA64PFR0_EL1_SHIFT   4
#define ID_AA64PFR0_EL_MASK     0xf
#define ID_AA64PFR0_EL_AARCH32  2

/* Stage 2 of the probe (VMID 0, which no partition uses): level 1, IPA
 * 1-2 GiB (the hypervisor image, where the probe instruction is) mapped
 * 1:1 as normal memory, IPA 0 (the store's target) unmapped. */
#define PROBE_S2_ENTRIES 512
static uint64_t probe_s2[PROBE_S2_ENTRIES] __attribute__((aligned(4096)));
#define PROBE_S2_GIB_SHIFT 30

static uint64_t probe_esr(void)
{
	uint64_t pfr0 = read_sysreg(id_aa64pfr0_el1);

	if (((pfr0 >> ID_AA64PFR0_EL1_SHIFT) & ID_AA64PFR0_EL_MASK) != ID_AA64PFR0_EL_AARCH32)
		return 0;
	/* The GiB the image (and the probe's instruction) is in, identity. */
	uint64_t gib = (uint64_t)(uintptr_t)__hyp_start >> PROBE_S2_GIB_SHIFT;
	uint64_t unmapped = (uint64_t)(gib == 0) << PROBE_S2_GIB_SHIFT;

	if (gib >= 4)           /* an AArch32 PC cannot reach it: no probe */
		return 0;

	probe_s2[gib] = (gib << PROBE_S2_GIB_SHIFT) | PTE_VALID |
				     PTE_TYPE_BLOCK | PTE_S2_MEMATTR_NORMAL_WB |
				     PTE_S2_S2AP_RW | PTE_SH_INNER | PTE_AF;
	dsb_ish();
	/* EL1 AArch32 (RW clear), stage 2 on, nothing routed to EL2 but the
	 * abort: SVC mode with A, I and F masked. */
	return syndrome_probe_run((uint64_t)(uintptr_t)probe_s2, HCR_EL2_VM,
				  PSR_AA32_MODE_SVC | PSR_A_BIT | PSR_I_BIT | PSR_F_BIT, unmapped);
}

static const char *found_name(enum syndrome_view v)
{
	switch (v) {
	case SYNDROME_VIEW_ARCH:   return "the AArch64 view (architectural)";
	case SYNDROME_VIEW_BANKED: return "AArch32 numbers (QEMU TCG deviation)";
	default:                   return "no verdict";
	}
}

void syndrome_probe_boot(unsigned config, bool need)
{
	enum syndrome_view found = SYNDROME_VIEW_UNKNOWN, used;
	uint64_t esr = 0;

	if (need || config != EL2_AARCH32_SYNDROME_PROBE) {
		esr = probe_esr();
		found = syndrome_probe_verdict(esr);
	}
	if (config == EL2_AARCH32_SYNDROME_ARCH)
		used = SYNDROME_VIEW_ARCH;
	else if (config == EL2_AARCH32_SYNDROME_BANKED)
		used = SYNDROME_VIEW_BANKED;
	else
		used = found == SYNDROME_VIEW_UNKNOWN ? SYNDROME_VIEW_ARCH : found;
	syndrome_regs_banked = used == SYNDROME_VIEW_BANKED;
	if (!need && config == EL2_AARCH32_SYNDROME_PROBE)
		return;   /* no AArch32 guest: nothing to say */
	hyp_printf("AArch32 syndromes: probe (str lr in SVC mode) SRT %lu, ESR 0x%08lx: %s; reading %s%s\n",
		   (unsigned long)((esr >> ESR_ELx_SRT_SHIFT) & ESR_ELx_SRT_MASK),
		   (unsigned long)esr, found_name(found),
		   used == SYNDROME_VIEW_BANKED ? "r[SRT] banked by the guest's mode" : "x[SRT] (AArch64 view)",
		   config == EL2_AARCH32_SYNDROME_PROBE ? "" : " (forced by aarch32_syndrome)");
}
