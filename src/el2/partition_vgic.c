// SPDX-License-Identifier: MIT
/* A partition's virtual GIC: distributor and one redistributor per vCPU
 * (GICv3), or a GICv2 distributor on a GICv2 host, and the kick that makes
 * a vCPU on another pCPU see a new interrupt. */
#include "arch/mpidr.h"
#include "el2/gic.h"
#include "el2/partition.h"
#include "el2/pcpu.h"

static void vgic_kick(void *ctx, unsigned vcpu_id)
{
	partition_kick_vcpu(ctx, vcpu_id);
}

/* The vCPU making a GICv2 distributor access: the one on this pCPU. */
static unsigned vgic_accessing_vcpu(void *ctx)
{
	struct vcpu *v = vcpu_current();

	(void)ctx;
	return v ? v->index : 0;
}

void partition_kick_vcpu(struct partition *p, unsigned index)
{
	if (index >= p->cfg->nr_vcpus)
		return;
	struct vcpu *t = &p->vcpus[index];
	/* On our own pCPU the next vgic_flush() before entry picks it up. */
	if (__atomic_load_n(&t->power, __ATOMIC_SEQ_CST) == VCPU_ON &&
	    t->pcpu != pcpu_self())
		gic_send_sgi(pcpu_mpidr(t->pcpu), GIC_SGI_KICK);
}

int partition_vgic_setup(struct partition *p)
{
	const struct el2_partition_config *cfg = p->cfg;

	if (vgic_dist_init(&p->vgic, cfg->nr_vcpus, PARTITION_NR_SPIS) < 0)
		return -1;
	for (unsigned i = 0; i < cfg->nr_vcpus; i++)
		if (vgic_cpu_init(&p->vgic, &p->vcpus[i].vgic, i,
				  mpidr_aff_packed(p->vcpus[i].mpidr)) < 0)
			return -1;
	/* An ITS with the GICv3, as QEMU virt has (its DT node: el2-build);
	 * none on a GICv2 host, whose partitions see a GICv2. */
	if (!gic_v2_host &&
	    vgic_lpi_attach(&p->vgic, &p->lpi, p->ram.gpa, p->ram.size, p->ram.host) < 0)
		return -1;
	vgic_dist_set_kick(&p->vgic, vgic_kick, p);
	if (gic_v2_host)
		vgic_dist_use_v2(&p->vgic, vgic_accessing_vcpu);
	/* Again after a reset: a passthrough SPI the old guest left active
	 * is deactivated when it is linked again (gic_link_spi). */
	return partition_passthrough_route(p);
}
