// SPDX-License-Identifier: MIT
/*
 * The physical GICv2 (with the virtualization extensions: GICH, GICV) as
 * EL2 drives it, behind gic.h's interface: gic.c dispatches here when
 * gic_v2_init() found one. Differences from the GICv3 driver (IHI 0048B):
 * the CPU interface is memory-mapped (GICC), SGIs go through GICD_SGIR to
 * CPU interface numbers (each CPU reads its own from the banked
 * GICD_ITARGETSR0), SPIs are routed by GICD_ITARGETSR, and the banked
 * GICD registers for INTIDs 0-31 replace the redistributors. Everything
 * is group 0 (no security extensions seen from here: a GIC that has them
 * and booted us non-secure ignores the IGROUPR writes and uses its NS view
 * of GICC_CTLR, whose Enable and EOImodeNS bits are set too).
 */
#include "el2/gic.h"
#include "arch/gic_regs.h"
#include "el2/gich_v2.h"
#include "el2/spinlock.h"

#define GIC_DEFAULT_PRIORITY 0xA0u

bool gic_v2_host;
uintptr_t gic_v2_gicc;
uint64_t gic_v2_gicv;
static uintptr_t gicd;
static struct spinlock cpus_lock = SPINLOCK_INIT;
/* Each pCPU's CPU interface bit, found in gic_v2_cpu_init(). */
static struct { uint64_t mpidr; uint8_t mask; } cpu_if[GICV2_MAX_CPUS];
static unsigned nr_cpu_if;

static inline uint32_t rd32(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

static inline void wr32(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static inline void wr8(uintptr_t a, uint8_t v)
{
	*(volatile uint8_t *)a = v;
}

static inline uint8_t rd8(uintptr_t a)
{
	return *(volatile uint8_t *)a;
}

int gic_v2_dist_init(uintptr_t gicd_base, uintptr_t gicc, uintptr_t gich, unsigned *nr_intids)
{
	uint32_t pidr2 = rd32(gicd_base + GICD_V2_PIDR2);
	unsigned n;

	if (((pidr2 & GIC_PIDR2_ARCHREV_MASK) >> GIC_PIDR2_ARCHREV_SHIFT) != GIC_PIDR2_ARCHREV_GICV2 &&
	    ((pidr2 & GIC_PIDR2_ARCHREV_MASK) >> GIC_PIDR2_ARCHREV_SHIFT) != 1)
		return -1;
	gicd = gicd_base;
	wr32(gicd + GICD_CTLR, 0);
	n = ((rd32(gicd + GICD_TYPER) & GICD_TYPER_ITLINES_MASK) + 1) * 32;
	if (n > GIC_INTID_SPECIAL_FIRST)
		n = GIC_INTID_SPECIAL_FIRST;
	for (unsigned i = GIC_NR_PRIVATE; i < n; i += 32) {
		uintptr_t r = (i / 32) * 4;

		wr32(gicd + GICD_ICENABLER + r, 0xFFFFFFFFu);
		wr32(gicd + GICD_ICPENDR + r, 0xFFFFFFFFu);
		wr32(gicd + GICD_ICACTIVER + r, 0xFFFFFFFFu);
		wr32(gicd + GICD_IGROUPR + r, 0);
	}
	for (unsigned i = GIC_NR_PRIVATE; i < n; i++)
		wr8(gicd + GICD_IPRIORITYR + i, GIC_DEFAULT_PRIORITY);
	wr32(gicd + GICD_CTLR, GICD_CTLR_ENABLE_G0 | GICD_CTLR_ENABLE_G1);
	gic_barrier();
	gic_v2_gicc = gicc;
	gich_v2_attach(gich);
	gic_v2_host = true;
	*nr_intids = n;
	return 0;
}

int gic_v2_cpu_init(uint64_t mpidr, unsigned maint_intid)
{
	uint8_t mask;

	if (!gicd)
		return -1;
	/* Banked: this CPU's own bit. A uniprocessor GIC has RAZ ITARGETSRs
	 * (IHI 0048B 4.3.12): its one CPU interface is interface 0. */
	mask = rd8(gicd + GICD_ITARGETSR);
	if (!mask)
		mask = 1;
	spin_lock(&cpus_lock);
	for (unsigned i = 0; i <= nr_cpu_if && i < GICV2_MAX_CPUS; i++) {
		if (i == nr_cpu_if)
			nr_cpu_if++;
		else if (cpu_if[i].mpidr != mpidr)
			continue;
		cpu_if[i].mpidr = mpidr;
		cpu_if[i].mask = mask;
		break;
	}
	spin_unlock(&cpus_lock);

	wr32(gicd + GICD_ICENABLER, 0xFFFFFFFFu);
	wr32(gicd + GICD_ICPENDR, 0xFFFFFFFFu);
	wr32(gicd + GICD_ICACTIVER, 0xFFFFFFFFu);
	wr32(gicd + GICD_IGROUPR, 0);
	for (unsigned i = 0; i < GIC_NR_PRIVATE; i++)
		wr8(gicd + GICD_IPRIORITYR + i, GIC_DEFAULT_PRIORITY);
	wr32(gicd + GICD_ISENABLER, 1u << GIC_SGI_KICK | 1u << maint_intid |
				    1u << GIC_INTID_HYPTIMER | 1u << GIC_INTID_VTIMER);
	wr32(gic_v2_gicc + GICC_PMR, GICC_PMR_OPEN);
	wr32(gic_v2_gicc + GICC_BPR, 0);
	wr32(gic_v2_gicc + GICC_CTLR, GICC_CTLR_ENABLE_GRP0 | GICC_CTLR_ENABLE_GRP1 |
				      GICC_CTLR_ACKCTL | GICC_CTLR_EOIMODES | GICC_CTLR_EOIMODENS);
	gic_barrier();
	return 0;
}

static uint8_t cpu_if_mask(uint64_t mpidr)
{
	for (unsigned i = 0; i < nr_cpu_if; i++)
		if (cpu_if[i].mpidr == mpidr)
			return cpu_if[i].mask;
	/* Not initialised yet: the GIC-400 numbers CPU interfaces by Aff0. */
	return (uint8_t)(1u << (mpidr & 7));
}

void gic_v2_send_sgi(uint64_t mpidr, unsigned sgi)
{
	gic_barrier();
	wr32(gicd + GICD_SGIR, GICD_SGIR_FILTER_LIST << GICD_SGIR_TARGETFILTER_SHIFT |
			       (uint32_t)cpu_if_mask(mpidr) << GICD_SGIR_CPULIST_SHIFT |
			       (sgi & GICD_SGIR_INTID_MASK));
}

void gic_v2_route_spi(unsigned hw_intid, uint64_t target_mpidr)
{
	wr8(gicd + GICD_ITARGETSR + hw_intid, cpu_if_mask(target_mpidr));
}

void gic_v2_set_ppi_active(unsigned intid, bool active)
{
	wr32(gicd + (active ? GICD_ISACTIVER : GICD_ICACTIVER), 1u << intid);
	gic_barrier();
}
