// SPDX-License-Identifier: MIT
/*
 * A partition's emulated devices: host callbacks, the back ends the device
 * registry connects the models to, and the MMIO region table built from the
 * partition's board (partition_config.h).
 */
#include <string.h>

#include "el2/el2_regs.h"
#include "el2/partition.h"
#include "el2/partition_devices.h"
#include "el2/console.h"
#include "el2/sysreg.h"
#include "machine/memmap.h"

/* ---- device host callbacks ------------------------------------------ */

void host_set_irq(void *ctx, unsigned spi, bool level)
{
	struct partition *p = ctx;

	vgic_set_spi_level(&p->vgic, spi, level);
}

void *host_guest_mem(void *ctx, uint64_t gpa, uint64_t len)
{
	struct partition *p = ctx;

	if (gpa < p->ram.gpa || len > p->ram.size || gpa - p->ram.gpa > p->ram.size - len)
		return NULL;
	return (uint8_t *)p->ram.host + (gpa - p->ram.gpa);
}

void host_log(void *ctx, const char *dev, const char *msg)
{
	struct partition *p = ctx;

	hyp_printf("partition %u (%s) %s: %s\n", p->id, p->cfg->name, dev, msg);
}

static void bootmark_marked(void *ctx, uint64_t value, unsigned index)
{
	struct partition *p = ctx;
	uint64_t ticks = read_sysreg(cntpct_el0) - p->start_count;
	uint64_t freq = read_sysreg(cntfrq_el0);
	/* In two steps: ticks * 1e9 overflows 64 bits after a few seconds. */
	uint64_t ns = ticks / freq * 1000000000ULL + ticks % freq * 1000000000ULL / freq;

	hyp_printf("partition %u (%s) boot mark %u (value 0x%lx) after %lu counter ticks (%lu ns)\n",
		   p->id, p->cfg->name, index, (unsigned long)value, (unsigned long)ticks,
		   (unsigned long)ns);
}

/* The guest's RTC reads the physical PL031 (QEMU's host wall clock). */
static uint64_t rtc_seconds(void *ctx)
{
	(void)ctx;
	return *(volatile uint32_t *)(uintptr_t)VIRT_RTC_BASE;
}

static void add_region(struct partition *p, const struct mmio_region *r,
		       const struct dev_lock *lock)
{
	struct mmio_slot *s = &p->regions[p->nr_regions++];

	s->region = *r;
	s->lock = lock;
}

static void dev_spin_lock(void *ctx)
{
	spin_lock(ctx);
}

static void dev_spin_unlock(void *ctx)
{
	spin_unlock(ctx);
}

struct mmio_slot *partition_find_region(struct partition *p, uint64_t ipa,
					unsigned size)
{
	/* Guests hit one device many times in a row: try the last one first.
	 * (Shared by the partition's vCPUs; a stale hint only costs a miss.) */
	struct mmio_slot *hint = __atomic_load_n(&p->last_region, __ATOMIC_RELAXED);

	if (hint && mmio_region_contains(&hint->region, ipa, size))
		return hint;
	for (unsigned i = 0; i < p->nr_regions; i++) {
		if (mmio_region_contains(&p->regions[i].region, ipa, size)) {
			__atomic_store_n(&p->last_region, &p->regions[i], __ATOMIC_RELAXED);
			return &p->regions[i];
		}
	}
	return NULL;
}

/*
 * The vGIC's two regions, then every device on the partition's board, built
 * by the device registry; a reset machine calls this again to reset them.
 */
void devices_setup(struct partition *p)
{
	const struct el2_partition_config *cfg = p->cfg;
	struct mmio_region gicd = {
		.name = "gicd", .base = VIRT_GIC_DIST_BASE, .size = VIRT_GIC_DIST_SIZE,
		.dev = &p->vgic, .read = vgic_dist_read, .write = vgic_dist_write,
	};
	struct mmio_region gicr = {
		.name = "gicr", .base = VIRT_GIC_REDIST_BASE,
		.size = VIRT_GIC_REDIST_STRIDE * cfg->nr_vcpus,
		.dev = &p->vgic, .read = vgic_redist_read, .write = vgic_redist_write,
	};
	struct mmio_region its = {
		.name = "its", .base = VIRT_GIC_ITS_BASE, .size = VIRT_GIC_ITS_SIZE,
		.dev = &p->vgic, .read = vgic_its_mmio_read, .write = vgic_its_mmio_write,
	};
	struct virtio_blk_backend disk;
	struct dev_backends be = {
		.console = { &p->console, console_guest_write },
		.clock = { p, rtc_seconds },
		.marks = { p, bootmark_marked },
		.blk = NULL,
		/* Synchronous virtio-mmio: a QueueNotify runs the queue inside
		 * the MMIO handler, under the partition's device lock. */
		.blk_name = "virtio-blk0",
	};

	if (cfg->disk_size) {
		virtio_blk_ram_backend(&p->disk_ram, (uint8_t *)(uintptr_t)cfg->disk_phys,
				       cfg->disk_size, false, "armvm-el2-disk", &disk);
		be.blk = &disk;
	}
	p->dev_lock_ops = (struct dev_lock){ &p->dev_lock, dev_spin_lock, dev_spin_unlock };
	p->nr_regions = 0;
	p->last_region = NULL;
	p->nr_devs = 0;
	p->uart = NULL;
	p->testdev = NULL;
	if (p->vgic.v2) {                  /* GICv2: no redistributors */
		gicd.read = vgic_dist_v2_read;
		gicd.write = vgic_dist_v2_write;
	}
	add_region(p, &gicd, NULL);        /* the vGIC has its own lock */
	if (!p->vgic.v2) {
		add_region(p, &gicr, NULL);
		add_region(p, &its, NULL);         /* under the vGIC's lock too */
	}
	for (unsigned i = 0; i < cfg->board.nr; i++) {
		const struct board_dev *d = &cfg->board.dev[i];
		struct dev_instance *inst = &p->devs[p->nr_devs];

		/* el2-build checked the board; a device the registry cannot
		 * build (none here) is left out, as an access to nothing. */
		if (p->nr_devs == PARTITION_MAX_DEVS ||
		    dev_instance_init(inst, d, &p->host, &be) < 0) {
			hyp_printf("partition %u (%s): %s at 0x%lx left out\n", p->id,
				   cfg->name, board_dev_type_name((enum board_dev_type)d->type),
				   (unsigned long)d->base);
			continue;
		}
		p->nr_devs++;
		if (d->type == BOARD_DEV_PL011 && !p->uart)
			p->uart = &inst->m.pl011;
		if (d->type == BOARD_DEV_TESTDEV && !p->testdev)
			p->testdev = &inst->m.testdev;
		/* An absent transport is stateless: no lock around it. */
		add_region(p, dev_instance_region(inst),
			   d->type == BOARD_DEV_VIRTIO_ABSENT ? NULL : &p->dev_lock_ops);
	}
	partition_channels_regions(p);
}
