// SPDX-License-Identifier: MIT
/*
 * Loading the guest image, DTB and initrd into a partition's RAM: the
 * shared boot sequence (machine/machine_boot.h) with the DTB el2-build
 * made, its result kept for vCPU 0.
 */
#include <string.h>

#include "el2/cache.h"
#include "el2/gic.h"
#include "el2/partition.h"
#include "el2/console.h"
#include "machine/machine_boot.h"

int partition_load(struct partition *p)
{
	const struct el2_partition_config *cfg = p->cfg;
	/* The same plan el2-build made when it wrote the DTB's initrd range. */
	const struct machine_boot_spec spec = {
		.arch = (enum machine_arch)cfg->arch, .ram = p->ram,
		.image = cfg->image, .image_size = cfg->image_size,
		.raw_load = cfg->raw_load,
		.initrd = cfg->initrd, .initrd_size = cfg->initrd_size,
		.dtb_max = cfg->dtb_max,
		/* The guest's device tree names the GIC model it gets. */
		.dtb = gic_v2_host ? cfg->dtb_gicv2 : cfg->dtb,
		.dtb_size = gic_v2_host ? cfg->dtb_gicv2_size : cfg->dtb_size,
		.entry = cfg->entry,
	};
	struct machine_boot_result r;

	memset(p->ram.host, 0, p->ram.size);
	if (machine_boot(&spec, &r) < 0) {
		hyp_printf("partition %u (%s): cannot load the guest: %s\n",
			   p->id, cfg->name, r.err);
		return -1;
	}
	if (cfg->initrd_size && r.layout.initrd_gpa != cfg->initrd_gpa) {
		hyp_printf("partition %u (%s): initrd planned at 0x%lx, the DTB says 0x%lx\n",
			   p->id, cfg->name, (unsigned long)r.layout.initrd_gpa,
			   (unsigned long)cfg->initrd_gpa);
		return -1;
	}
	p->boot = r.regs;
	/* The guest starts with its MMU and caches off: make what EL2 wrote
	 * through its cacheable mapping visible to non-cacheable fetches. */
	dcache_clean_range(p->ram.host, p->ram.size);
	icache_invalidate_all();
	return 0;
}
