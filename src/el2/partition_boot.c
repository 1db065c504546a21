// SPDX-License-Identifier: MIT
/* Loading the guest image, DTB and initrd into a partition's RAM. */
#include <string.h>

#include "el2/cache.h"
#include "el2/partition.h"
#include "el2/console.h"
#include "machine/loader.h"

int partition_load(struct partition *p)
{
	const struct el2_partition_config *cfg = p->cfg;
	struct loader_image img;
	struct boot_layout layout;
	char err[128];

	memset(p->ram.host, 0, p->ram.size);
	/* The same plan el2-build made when it wrote the DTB's initrd range. */
	if (loader_load_kernel(&p->ram, (enum machine_arch)cfg->arch, cfg->image,
			       cfg->image_size, cfg->raw_load, &img, err, sizeof(err)) < 0 ||
	    loader_plan_boot(&p->ram, (enum machine_arch)cfg->arch, &img, cfg->initrd_size,
			     cfg->dtb_max, &layout, err, sizeof(err)) < 0 ||
	    loader_copy(&p->ram, layout.dtb_gpa, cfg->dtb, cfg->dtb_size, "device tree",
			err, sizeof(err)) < 0 ||
	    (cfg->initrd_size &&
	     loader_copy(&p->ram, layout.initrd_gpa, cfg->initrd, cfg->initrd_size,
			 "initrd", err, sizeof(err)) < 0)) {
		hyp_printf("partition %u (%s): cannot load the guest: %s\n",
			   p->id, cfg->name, err);
		return -1;
	}
	if (cfg->initrd_size && layout.initrd_gpa != cfg->initrd_gpa) {
		hyp_printf("partition %u (%s): initrd planned at 0x%lx, the DTB says 0x%lx\n",
			   p->id, cfg->name, (unsigned long)layout.initrd_gpa,
			   (unsigned long)cfg->initrd_gpa);
		return -1;
	}
	loader_boot_regs((enum machine_arch)cfg->arch, &img, layout.dtb_gpa, &p->boot);
	if (cfg->entry)
		p->boot.pc = cfg->entry;
	/* The guest starts with its MMU and caches off: make what EL2 wrote
	 * through its cacheable mapping visible to non-cacheable fetches. */
	dcache_clean_range(p->ram.host, p->ram.size);
	icache_invalidate_all();
	return 0;
}
