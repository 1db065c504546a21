// SPDX-License-Identifier: MIT
/*
 * Channels between partitions (partition_config.h, struct el2_channel_end):
 * the shared memory, a page-aligned buffer of the hypervisor image mapped
 * into the stage 2 of both partitions as normal memory, and the doorbell, an
 * emulated register page: a write to RING makes the channel's SPI pending
 * (an edge) in the peer's virtual GIC, which kicks the peer's vCPU. Nothing
 * else crosses between the partitions: a guest can fill the memory and ring
 * as it likes, the peer sees only its own channel's memory and SPI.
 */
#include "el2/partition.h"
#include "arch/gic_regs.h"

int partition_channels_map(struct partition *p)
{
	const struct el2_partition_config *cfg = p->cfg;

	for (unsigned k = 0; k < cfg->nr_channels; k++) {
		const struct el2_channel_end *e = &cfg->channels[k];
		int r = stage2_map(&p->s2, e->ipa, (uint64_t)(uintptr_t)e->shm, e->size,
				   STAGE2_NORMAL_RW);
		if (r < 0)
			return r;
	}
	return 0;
}

static uint64_t bell_read(void *dev, uint64_t offset, unsigned size)
{
	const struct channel_bell *b = dev;

	if (size != 4)
		return 0;
	switch (offset) {
	case EL2_CHANNEL_REG_SIDE: return b->end->side;
	case EL2_CHANNEL_REG_SIZE: return (uint32_t)b->end->size;
	default: return 0;
	}
}

static void bell_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	const struct channel_bell *b = dev;
	struct partition *peer = &partitions[b->end->peer];

	(void)value;
	if (size != 4 || offset != EL2_CHANNEL_REG_RING)
		return;
	/* A peer going down or being rebuilt by a reset takes no interrupt
	 * (its vGIC may be under reconstruction). */
	if (__atomic_load_n(&peer->state, __ATOMIC_ACQUIRE) != PARTITION_RUNNING)
		return;
	vgic_inject(&peer->vgic, 0, GIC_NR_PRIVATE + b->end->spi);
}

void partition_channels_regions(struct partition *p)
{
	const struct el2_partition_config *cfg = p->cfg;

	for (unsigned k = 0; k < cfg->nr_channels && p->nr_regions < PARTITION_MAX_REGIONS; k++) {
		struct channel_bell *b = &p->bells[k];

		b->end = &cfg->channels[k];
		p->regions[p->nr_regions++] = (struct mmio_slot){
			.region = {
				.name = "channel", .base = b->end->ipa + EL2_CHANNEL_BELL_OFFSET,
				.size = EL2_CHANNEL_BELL_SIZE, .dev = b,
				.read = bell_read, .write = bell_write,
			},
			.lock = NULL,     /* stateless; the vGIC locks itself */
		};
	}
}
