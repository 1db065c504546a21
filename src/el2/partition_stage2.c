// SPDX-License-Identifier: MIT
/* A partition's stage-2 translation: its tables come from a static pool in
 * struct partition (identity-mapped, so table PA = VA), RAM mapped at its
 * ram_ipa, its passthrough ranges (passthrough.c), VMID = id + 1. */
#include <string.h>

#include "el2/el2_regs.h"
#include "el2/gic.h"
#include "el2/partition.h"
#include "machine/memmap.h"

static uint64_t *s2_alloc(void *ctx)
{
	struct partition *p = ctx;

	if (p->s2_used == PARTITION_S2_TABLES)
		return NULL;
	uint64_t *t = p->s2_tables[p->s2_used++];
	memset(t, 0, sizeof(p->s2_tables[0]));
	return t;
}

static uint64_t s2_table_pa(void *ctx, const uint64_t *table)
{
	(void)ctx;
	return (uint64_t)(uintptr_t)table;
}

static uint64_t *s2_table_va(void *ctx, uint64_t pa)
{
	(void)ctx;
	return (uint64_t *)(uintptr_t)pa;
}

/* On a GICv2 host the guest's CPU interface (GICC, where its device tree
 * says) is the physical GICV frame, mapped (vgic.h: v2 model). */
static int partition_map_gicv(struct partition *p)
{
	if (!gic_v2_host)
		return 0;
	return stage2_map(&p->s2, VIRT_GIC_CPU_BASE, gic_v2_gicv, GICV_FRAME_SIZE,
			  STAGE2_DEVICE_RW);
}

int partition_stage2_init(struct partition *p)
{
	struct stage2_pool pool = { p, s2_alloc, s2_table_pa, s2_table_va };
	int r;

	p->s2_used = 0;
	if ((r = stage2_init(&p->s2, &pool)) < 0 ||
	    (r = stage2_map(&p->s2, p->cfg->ram_ipa, p->cfg->ram_phys, p->cfg->ram_size,
			    STAGE2_NORMAL_RW)) < 0 ||
	    (r = partition_map_gicv(p)) < 0 ||
	    (r = partition_passthrough_map(p)) < 0 ||
	    (r = partition_channels_map(p)) < 0)
		return r;
	p->vttbr = p->s2.root_pa | (uint64_t)p->vmid << VTTBR_EL2_VMID_SHIFT;
	return 0;
}
