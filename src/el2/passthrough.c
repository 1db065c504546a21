// SPDX-License-Identifier: MIT
/*
 * Device passthrough: the physical MMIO ranges a partition owns
 * (partition_config.h, struct el2_passthrough) mapped into its stage 2 at
 * the same address with Device-nGnRE attributes, and their physical SPIs
 * given to its virtual GIC as the same SPI numbers. The vGIC's SPI
 * assignment (vgic_assign_hw_spi(), vgic_forward.c) does the interrupt
 * side: the physical SPI is routed to the pCPU of the partition's vCPU 0,
 * masked when it fires and injected as a level, and unmasked when the guest
 * deactivates the virtual one. el2-build made sure nobody else claims a
 * range or an SPI; another partition touching the range finds nothing
 * mapped there (an abort, or a stop, as its on_fault says).
 */
#include "el2/partition.h"
#include "el2/pcpu.h"
#include "el2/console.h"

int partition_passthrough_map(struct partition *p)
{
	const struct el2_partition_config *cfg = p->cfg;

	for (unsigned k = 0; k < cfg->nr_passthrough; k++) {
		const struct el2_passthrough *r = &cfg->passthrough[k];
		int e = stage2_map(&p->s2, r->base, r->base, r->size, STAGE2_DEVICE_RW);

		if (e < 0)
			return e;
		hyp_printf("partition %u (%s): passthrough 0x%lx+0x%lx, %u SPI(s) from %u\n",
			   p->id, cfg->name, (unsigned long)r->base, (unsigned long)r->size,
			   r->nr_spis, r->nr_spis ? r->spi[0] : 0);
	}
	return 0;
}

int partition_passthrough_route(struct partition *p)
{
	const struct el2_partition_config *cfg = p->cfg;
	uint64_t target = pcpu_mpidr(cfg->pcpu[0]);

	for (unsigned k = 0; k < cfg->nr_passthrough; k++) {
		const struct el2_passthrough *r = &cfg->passthrough[k];

		for (unsigned s = 0; s < r->nr_spis; s++) {
			unsigned intid = GIC_NR_PRIVATE + r->spi[s];

			if (vgic_assign_hw_spi(&p->vgic, intid, intid, target) < 0) {
				hyp_printf("partition %u (%s): cannot route physical SPI %u (INTID %u) to it\n",
					   p->id, cfg->name, r->spi[s], intid);
				return -1;
			}
		}
	}
	return 0;
}
