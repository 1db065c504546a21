/* SPDX-License-Identifier: MIT */
/*
 * Physical GICv3 driver at EL2 (see gic.h; a GICv2 host: gic_v2.c, reached
 * from the calls below): distributor and redistributor
 * set-up, acknowledging and completing physical interrupts, SPI routing,
 * and physical SGIs between pCPUs. It knows nothing of the vGIC: what an
 * interrupt means for a guest is vgic_forward.c's business.
 */
#include <stddef.h>

#include "arch/mpidr.h"
#include "el2/gic.h"
#include "arch/gic_regs.h"
#include "el2/gic_sysreg.h"
#include "el2/spinlock.h"

#define GIC_MAX_PCPUS        8
#define GIC_DEFAULT_PRIORITY 0xA0u
#define GIC_RWP_SPINS        1000000u

static uintptr_t gicd;
static uintptr_t gicr_region;
static unsigned gic_nr_intids;
/* Each pCPU's redistributor, found by MPIDR in gic_cpu_init(). */
static struct { uint64_t mpidr; uintptr_t rd; } gic_cpus[GIC_MAX_PCPUS];
static unsigned gic_nr_cpus;
static struct spinlock gic_lock;

static inline uint32_t mmio_read32(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

static inline uint64_t mmio_read64(uintptr_t a)
{
	return *(volatile uint64_t *)a;
}

static inline void mmio_write32(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static inline void mmio_write64(uintptr_t a, uint64_t v)
{
	*(volatile uint64_t *)a = v;
}

static inline void mmio_write8(uintptr_t a, uint8_t v)
{
	*(volatile uint8_t *)a = v;
}

static inline void dsb(void)
{
	gic_barrier();
}

static void wait_rwp(uintptr_t ctlr, uint32_t bit)
{
	for (unsigned i = 0; i < GIC_RWP_SPINS && (mmio_read32(ctlr) & bit); i++)
		;
}

int gic_init(uint64_t gicd_base, uint64_t gicr_base)
{
	uint32_t pidr2, typer;

	gicd = (uintptr_t)gicd_base;
	gicr_region = (uintptr_t)gicr_base;
	spin_lock_init(&gic_lock);
	pidr2 = mmio_read32(gicd + GICD_PIDR2);
	if (((pidr2 & GIC_PIDR2_ARCHREV_MASK) >> GIC_PIDR2_ARCHREV_SHIFT) < GIC_PIDR2_ARCHREV_GICV3)
		return -1;

	mmio_write32(gicd + GICD_CTLR, 0);
	wait_rwp(gicd + GICD_CTLR, GICD_CTLR_RWP);
	typer = mmio_read32(gicd + GICD_TYPER);
	gic_nr_intids = ((typer & GICD_TYPER_ITLINES_MASK) + 1) * 32;
	if (gic_nr_intids > GIC_INTID_SPECIAL_FIRST)
		gic_nr_intids = GIC_INTID_SPECIAL_FIRST;

	for (unsigned i = GIC_NR_PRIVATE; i < gic_nr_intids; i += 32) {
		uintptr_t r = (i / 32) * 4;

		mmio_write32(gicd + GICD_ICENABLER + r, 0xFFFFFFFFu);
		mmio_write32(gicd + GICD_ICPENDR + r, 0xFFFFFFFFu);
		mmio_write32(gicd + GICD_ICACTIVER + r, 0xFFFFFFFFu);
		mmio_write32(gicd + GICD_IGROUPR + r, 0xFFFFFFFFu);
	}
	for (unsigned i = GIC_NR_PRIVATE; i < gic_nr_intids; i++)
		mmio_write8(gicd + GICD_IPRIORITYR + i, GIC_DEFAULT_PRIORITY);
	wait_rwp(gicd + GICD_CTLR, GICD_CTLR_RWP);
	/* Same bits in both security views: ARE_NS/ARE and EnableGrp1(A). */
	mmio_write32(gicd + GICD_CTLR, GICD_CTLR_NS_ARE_NS | GICD_CTLR_NS_ENABLE_G1A);
	wait_rwp(gicd + GICD_CTLR, GICD_CTLR_RWP);
	dsb();
	return 0;
}

int gic_init_v2(uint64_t gicd_base, uint64_t gicc_base, uint64_t gich_base,
		uint64_t gicv_base, unsigned maint_intid)
{
	unsigned n;

	/* The LR code and gic_ack_irq() know the maintenance PPI as 25. */
	if (maint_intid != GIC_INTID_MAINT)
		return -1;
	spin_lock_init(&gic_lock);
	if (gic_v2_dist_init((uintptr_t)gicd_base, (uintptr_t)gicc_base,
			     (uintptr_t)gich_base, &n) < 0)
		return -1;
	gicd = (uintptr_t)gicd_base;
	gic_nr_intids = n;
	gic_v2_gicv = gicv_base;
	return 0;
}

static void clear_virtual_interface(void);

static uintptr_t find_redistributor(uint32_t aff)
{
	for (uintptr_t rd = gicr_region;; rd += GICR_STRIDE) {
		uint64_t typer = mmio_read64(rd + GICR_TYPER);

		if ((uint32_t)(typer >> GICR_TYPER_AFFINITY_SHIFT) == aff)
			return rd;
		if (typer & GICR_TYPER_LAST)
			return 0;
	}
}

/* This pCPU's RD_base, or 0 before gic_cpu_init(). */
static uintptr_t this_redistributor(void)
{
	uint64_t mpidr = gic_sysreg_read(GIC_SR_MPIDR_EL1);

	for (unsigned i = 0; i < gic_nr_cpus; i++)
		if (gic_cpus[i].mpidr == mpidr)
			return gic_cpus[i].rd;
	return 0;
}

int gic_cpu_init(void)
{
	uint64_t mpidr = gic_sysreg_read(GIC_SR_MPIDR_EL1);
	uintptr_t rd;

	if (!gicd)
		return -1;
	if (gic_v2_host) {
		if (gic_v2_cpu_init(mpidr & MPIDR_AFF_MASK, GIC_INTID_MAINT) < 0)
			return -1;
		clear_virtual_interface();
		return 0;
	}
	rd = find_redistributor(mpidr_aff_packed(mpidr));
	if (!rd)
		return -1;
	spin_lock(&gic_lock);
	if (gic_nr_cpus < GIC_MAX_PCPUS) {
		gic_cpus[gic_nr_cpus].mpidr = mpidr;
		gic_cpus[gic_nr_cpus].rd = rd;
		gic_nr_cpus++;
	}
	spin_unlock(&gic_lock);

	/* Wake the redistributor. */
	mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_PROCESSORSLEEP);
	for (unsigned i = 0; i < GIC_RWP_SPINS &&
	     (mmio_read32(rd + GICR_WAKER) & GICR_WAKER_CHILDRENASLEEP); i++)
		;

	mmio_write32(rd + GICR_ICENABLER0, 0xFFFFFFFFu);
	mmio_write32(rd + GICR_ICPENDR0, 0xFFFFFFFFu);
	mmio_write32(rd + GICR_ICACTIVER0, 0xFFFFFFFFu);
	mmio_write32(rd + GICR_IGROUPR0, 0xFFFFFFFFu);
	for (unsigned i = 0; i < GIC_NR_PRIVATE; i++)
		mmio_write8(rd + GICR_IPRIORITYR0 + i, GIC_DEFAULT_PRIORITY);
	mmio_write32(rd + GICR_ISENABLER0, 1u << GIC_SGI_KICK | 1u << GIC_INTID_MAINT |
					   1u << GIC_INTID_HYPTIMER | 1u << GIC_INTID_VTIMER);
	wait_rwp(rd + GICR_CTLR, GICR_CTLR_RWP);
	dsb();

	/* System-register interface for EL2, and allowed for EL1. */
	gic_sysreg_write(GIC_SR_ICC_SRE_EL2, ICC_SRE_EL2_SRE | ICC_SRE_EL2_DFB |
					      ICC_SRE_EL2_DIB | ICC_SRE_EL2_ENABLE);
	gic_sysreg_sync();
	gic_sysreg_write(GIC_SR_ICC_PMR_EL1, ICC_PMR_OPEN);
	gic_sysreg_write(GIC_SR_ICC_BPR1_EL1, 0);
	gic_sysreg_write(GIC_SR_ICC_CTLR_EL1, ICC_CTLR_EL1_EOIMODE);
	gic_sysreg_write(GIC_SR_ICC_IGRPEN1_EL1, ICC_IGRPEN1_EL1_ENABLE);

	clear_virtual_interface();
	return 0;
}

/* A clean virtual interface; vgic_flush() turns it on per entry. */
static void clear_virtual_interface(void)
{
	uint64_t vtr = gic_sysreg_read(GIC_SR_ICH_VTR_EL2);
	unsigned nr_lrs;

	nr_lrs = (unsigned)(vtr & ICH_VTR_EL2_LISTREGS_MASK) + 1;
	gic_sysreg_write(GIC_SR_ICH_HCR_EL2, 0);
	gic_sysreg_write(GIC_SR_ICH_VMCR_EL2, 0);
	for (unsigned i = 0; i < nr_lrs && i < ICH_LR_MAX; i++)
		gic_sysreg_write(GIC_SR_ICH_LR(i), 0);
	for (unsigned i = 0; i < ICH_VTR_EL2_NR_APRS(vtr); i++) {
		gic_sysreg_write(GIC_SR_ICH_AP0R(i), 0);
		gic_sysreg_write(GIC_SR_ICH_AP1R(i), 0);
	}
	gic_sysreg_write(GIC_SR_CNTHP_CTL_EL2, 0);
	gic_sysreg_sync();
}

void gic_mask_spi(unsigned hw_intid)
{
	mmio_write32(gicd + GICD_ICENABLER + (hw_intid / 32) * 4, 1u << (hw_intid % 32));
	dsb();
}

uint32_t gic_linked_spis[GIC_INTID_SPECIAL_FIRST / 32];

void gic_deactivate_spi(unsigned hw_intid)
{
	if (hw_intid < GIC_NR_PRIVATE || hw_intid >= gic_nr_intids)
		return;
	mmio_write32(gicd + GICD_ICACTIVER + (hw_intid / 32) * 4, 1u << (hw_intid % 32));
	dsb();
}

int gic_link_spi(unsigned hw_intid)
{
	if (!gicd || hw_intid < GIC_NR_PRIVATE || hw_intid >= gic_nr_intids)
		return -1;
	__atomic_fetch_or(&gic_linked_spis[hw_intid / 32], 1u << (hw_intid % 32), __ATOMIC_SEQ_CST);
	gic_deactivate_spi(hw_intid);
	return 0;
}

void gic_unmask_spi(unsigned hw_intid)
{
	if (hw_intid < GIC_NR_PRIVATE || hw_intid >= gic_nr_intids)
		return;
	mmio_write32(gicd + GICD_ISENABLER + (hw_intid / 32) * 4, 1u << (hw_intid % 32));
}

void gic_set_ppi_active(unsigned intid, bool active)
{
	uintptr_t rd;

	if (gic_v2_host) {
		if (intid < GIC_NR_PRIVATE)
			gic_v2_set_ppi_active(intid, active);
		return;
	}
	rd = this_redistributor();
	if (!rd || intid >= GIC_NR_PRIVATE)
		return;
	mmio_write32(rd + (active ? GICR_ISACTIVER0 : GICR_ICACTIVER0), 1u << intid);
	dsb();
}

uint64_t gic_sgi1r_value(uint64_t mpidr, unsigned sgi)
{
	uint64_t aff0 = (mpidr >> MPIDR_AFF0_SHIFT) & MPIDR_AFF_FIELD_MASK;

	return ((mpidr >> MPIDR_AFF3_SHIFT) & MPIDR_AFF_FIELD_MASK) << ICC_SGI1R_AFF3_SHIFT |
	       ((mpidr >> MPIDR_AFF2_SHIFT) & MPIDR_AFF_FIELD_MASK) << ICC_SGI1R_AFF2_SHIFT |
	       ((mpidr >> MPIDR_AFF1_SHIFT) & MPIDR_AFF_FIELD_MASK) << ICC_SGI1R_AFF1_SHIFT |
	       (aff0 / 16) << ICC_SGI1R_RS_SHIFT |
	       ((uint64_t)sgi & ICC_SGI1R_INTID_MASK) << ICC_SGI1R_INTID_SHIFT |
	       1ull << (aff0 % 16);
}

void gic_send_sgi(uint64_t mpidr, unsigned sgi)
{
	if (gic_v2_host) {
		gic_v2_send_sgi(mpidr & MPIDR_AFF_MASK, sgi);
		return;
	}
	/* Memory the target will read must be visible before it is kicked. */
	dsb();
	gic_sysreg_write(GIC_SR_ICC_SGI1R_EL1, gic_sgi1r_value(mpidr, sgi));
	gic_sysreg_sync();
}

int gic_route_spi(unsigned hw_intid, uint64_t target_mpidr)
{
	if (!gicd || hw_intid < GIC_NR_PRIVATE || hw_intid >= gic_nr_intids)
		return -1;
	if (gic_v2_host) {
		gic_v2_route_spi(hw_intid, target_mpidr & MPIDR_AFF_MASK);
		gic_unmask_spi(hw_intid);
		dsb();
		return 0;
	}
	/* IROUTER's affinity fields sit where MPIDR's do; IRM = 0. */
	mmio_write64(gicd + GICD_IROUTER + 8ull * hw_intid, target_mpidr & GICD_IROUTER_AFF_MASK);
	gic_unmask_spi(hw_intid);
	dsb();
	return 0;
}
