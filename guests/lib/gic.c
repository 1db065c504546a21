/* SPDX-License-Identifier: MIT */
#include "gic.h"

#include "arch.h"
#include "console.h"
#include "layout.h"
#include "gic_regs.h"
#include "machine/memmap.h"

/* Priority mask: let through every priority numerically below this. */
#define GIC_PMR_ALLOW_ALL 0xf0
/* Bounded waits on GIC state changes; generous, never reached when the GIC
 * behaves. */
#define GIC_POLL_LIMIT    10000000u

static int gic_version;
/* Each CPU's redistributor (GICv3), by MPIDR Aff0: CPUs set up their own. */
static uintptr_t gicr_bases[GUEST_MAX_CPUS];
#define gicr_base gicr_bases[read_mpidr() % GUEST_MAX_CPUS]

static uint32_t gicd_read(unsigned off) { return mmio_read32(VIRT_GIC_DIST_BASE + off); }
static void gicd_write(unsigned off, uint32_t v) { mmio_write32(VIRT_GIC_DIST_BASE + off, v); }
static uint32_t gicc_read(unsigned off) { return mmio_read32(VIRT_GIC_CPU_BASE + off); }
static void gicc_write(unsigned off, uint32_t v) { mmio_write32(VIRT_GIC_CPU_BASE + off, v); }
static uint32_t gicr_read(unsigned off) { return mmio_read32(gicr_base + off); }
static void gicr_write(unsigned off, uint32_t v) { mmio_write32(gicr_base + off, v); }

static uint32_t mpidr_affinity_value(void)
{
	uint64_t m = read_mpidr();
	return (uint32_t)(m & 0xffffff) | (uint32_t)((m >> 32) & 0xff) << 24;
}

static bool gicv3_find_redistributor(void)
{
	uint32_t aff = mpidr_affinity_value();
	uintptr_t end = VIRT_GIC_REDIST_BASE + VIRT_GIC_REDIST_SIZE;

	for (uintptr_t rd = VIRT_GIC_REDIST_BASE; rd < end; rd += VIRT_GIC_REDIST_STRIDE) {
		if (mmio_read32(rd + GICR_TYPER_HI) == aff) {
			gicr_base = rd;
			return true;
		}
		if (mmio_read32(rd + GICR_TYPER_LO) & GICR_TYPER_LAST)
			break;
	}
	return false;
}

static int gicv3_init(void)
{
	unsigned n;

	gicd_write(GICD_CTLR, GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1A | GICD_CTLR_ENABLE_G1);
	for (n = 0; n < GIC_POLL_LIMIT && (gicd_read(GICD_CTLR) & GICD_CTLR_RWP); n++)
		;
	if (!gicv3_find_redistributor()) {
		printf("gic: no GICv3 redistributor for this CPU\n");
		return 0;
	}
	gicr_write(GICR_WAKER, gicr_read(GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
	for (n = 0; n < GIC_POLL_LIMIT && (gicr_read(GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP); n++)
		;
	if (n == GIC_POLL_LIMIT) {
		printf("gic: redistributor stays asleep\n");
		return 0;
	}
	icc_sre_write(icc_sre_read() | ICC_SRE_SRE);
	if (!(icc_sre_read() & ICC_SRE_SRE)) {
		printf("gic: GICv3 system register interface unavailable\n");
		return 0;
	}
	icc_pmr_write(GIC_PMR_ALLOW_ALL);
	icc_igrpen1_write(ICC_IGRPEN1_ENABLE);
	return 3;
}

/* GICv2: interrupts stay in group 0, signalled as IRQ (GICC_CTLR.FIQEn=0),
 * the configuration Linux uses on a GIC without security extensions. */
static int gicv2_init(void)
{
	gicd_write(GICD_CTLR, GICD_CTLR_ENABLE);
	gicc_write(GICC_PMR, GIC_PMR_ALLOW_ALL);
	gicc_write(GICC_CTLR, GICC_CTLR_ENABLE);
	return 2;
}

int gic_init(void)
{
	uint32_t typer = gicd_read(GICD_TYPER);

	gic_version = GICD_TYPER_IDBITS(typer) != 0 ? gicv3_init() : gicv2_init();
	return gic_version;
}

void gic_enable_ppi(unsigned intid, uint8_t priority)
{
	unsigned shift = 8 * (intid % 4);
	uint32_t bit = 1u << (intid % 32);

	/* Word-sized read-modify-write: byte access to the priority
	 * registers is optional for an emulated GIC. */
	if (gic_version == 3) {
		uint32_t prio = gicr_read(GICR_IPRIORITYR(intid / 4));
		gicr_write(GICR_IPRIORITYR(intid / 4),
			   (prio & ~(0xffu << shift)) | (uint32_t)priority << shift);
		gicr_write(GICR_IGROUPR0, gicr_read(GICR_IGROUPR0) | bit);
		gicr_write(GICR_ISENABLER0, bit);
	} else {
		uint32_t prio = gicd_read(GICD_IPRIORITYR(intid / 4));
		gicd_write(GICD_IPRIORITYR(intid / 4),
			   (prio & ~(0xffu << shift)) | (uint32_t)priority << shift);
		gicd_write(GICD_ISENABLER(0), bit);
	}
	dsb_sy();
}

void gic_enable_spi_edge(unsigned intid, uint8_t priority)
{
	unsigned shift = 8 * (intid % 4), cfg_shift = 2 * (intid % 16);
	uint32_t bit = 1u << (intid % 32);
	uint32_t prio = gicd_read(GICD_IPRIORITYR(intid / 4));

	/* Word-sized read-modify-writes, as for the PPIs. */
	gicd_write(GICD_IPRIORITYR(intid / 4),
		   (prio & ~(0xffu << shift)) | (uint32_t)priority << shift);
	gicd_write(GICD_ICFGR(intid / 16), gicd_read(GICD_ICFGR(intid / 16)) |
		   GICD_ICFGR_EDGE << cfg_shift);
	if (gic_version == 3) {
		uint32_t aff = mpidr_affinity_value();
		gicd_write(GICD_IGROUPR(intid / 32), gicd_read(GICD_IGROUPR(intid / 32)) | bit);
		gicd_write(GICD_IROUTER_LO(intid), aff & 0xffffff);
		gicd_write(GICD_IROUTER_HI(intid), aff >> 24);
	} else {
		uint32_t t = gicd_read(GICD_ITARGETSR(intid / 4));
		gicd_write(GICD_ITARGETSR(intid / 4), (t & ~(0xffu << shift)) | 1u << shift);
	}
	gicd_write(GICD_ISENABLER(intid / 32), bit);
	dsb_sy();
}

bool gic_ppi_pending(unsigned intid)
{
	uint32_t bit = 1u << (intid % 32);

	if (gic_version == 3)
		return gicr_read(GICR_ISPENDR0) & bit;
	return gicd_read(GICD_ISPENDR(0)) & bit;
}

uint32_t gic_ack(unsigned *intid)
{
	uint32_t iar;

	if (gic_version == 3) {
		iar = icc_iar1_read();
		*intid = ICC_IAR_INTID(iar);
	} else {
		iar = gicc_read(GICC_IAR);
		*intid = GICC_IAR_INTID(iar);
	}
	return iar;
}

void gic_eoi(uint32_t iar)
{
	if (gic_version == 3)
		icc_eoir1_write(iar);
	else
		gicc_write(GICC_EOIR, iar);
}
