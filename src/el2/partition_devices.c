// SPDX-License-Identifier: MIT
/* A partition's emulated devices: host callbacks, MMIO region table, wiring. */
#include <string.h>

#include "el2/el2_regs.h"
#include "el2/partition.h"
#include "el2/partition_devices.h"
#include "el2/console.h"
#include "el2/sysreg.h"
#include "machine/fdt_build.h"
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

static void add_region(struct partition *p, const struct mmio_region *r, bool lock)
{
	struct mmio_slot *s = &p->regions[p->nr_regions++];

	s->region = *r;
	s->needs_dev_lock = lock;
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

	p->nr_regions = 0;
	p->last_region = NULL;
	add_region(p, &gicd, false);       /* the vGIC has its own lock */
	add_region(p, &gicr, false);
	if (cfg->devices & EL2_DEV_PL011) {
		struct dev_byte_sink out = { &p->console, console_guest_write };
		pl011_init(&p->uart, VIRT_UART_BASE, VIRT_SPI_UART, &p->host, &out);
		add_region(p, &p->uart.region, true);
	}
	if (cfg->devices & EL2_DEV_PL031) {
		struct pl031_clock clock = { p, rtc_seconds };
		pl031_init(&p->rtc, VIRT_RTC_BASE, VIRT_SPI_RTC, &p->host, &clock);
		add_region(p, &p->rtc.region, true);
	}
	if (cfg->devices & EL2_DEV_TESTDEV) {
		testdev_init(&p->testdev, VIRT_ARMVM_TESTDEV_BASE, &p->host);
		add_region(p, &p->testdev.region, true);
	}
	if (cfg->disk_size) {
		/* Synchronous virtio-mmio: a QueueNotify runs the queue inside
		 * the MMIO handler, under the partition's device lock. */
		struct virtio_mmio_params vp = {
			.name = "virtio-blk0", .base = machine_virtio_base(0),
			.spi = machine_virtio_spi(0), .host = &p->host, .hooks = NULL,
		};
		struct virtio_blk_backend be;
		virtio_blk_ram_backend(&p->disk_ram, (uint8_t *)(uintptr_t)cfg->disk_phys,
				       cfg->disk_size, false, "armvm-el2-disk", &be);
		virtio_blk_init(&p->disk, &vp, &be);
		add_region(p, &p->disk.transport.region, true);
	}
	if (cfg->devices & EL2_DEV_BOOTMARK) {
		struct bootmark_sink sink = { p, bootmark_marked };
		bootmark_init(&p->bootmark, VIRT_ARMVM_BOOTMARK_BASE, &p->host, &sink);
		add_region(p, &p->bootmark.region, true);
	}
}
