// SPDX-License-Identifier: MIT
/* Building a partition from its configuration: see partition.h. */
#include <string.h>

#include "el2/partition.h"
#include "el2/partition_devices.h"
#include "el2/console.h"
#include "el2/sysreg.h"
#include "machine/memmap.h"

int partition_init(struct partition *p, unsigned id,
		   const struct el2_partition_config *cfg)
{
	int r;

	p->cfg = cfg;
	p->id = id;
	p->vmid = id + 1;
	dev_log_limit_init(&p->log_limit, DEV_LOG_VM_BUDGET);
	p->host = (struct dev_host){ p, host_set_irq, host_guest_mem, host_log,
				     &p->log_limit };
	p->ram = (struct guest_ram){ cfg->ram_ipa, cfg->ram_size,
				     (void *)(uintptr_t)cfg->ram_phys };
	if ((r = partition_stage2_init(p)) < 0) {
		hyp_printf("partition %u (%s): stage-2 setup failed: %s\n",
			   id, cfg->name, stage2_strerror(r));
		return -1;
	}
	for (unsigned i = 0; i < cfg->nr_vcpus; i++) {
		struct vcpu *v = &p->vcpus[i];
		v->part = p;
		v->index = i;
		v->pcpu = cfg->pcpu[i];
		v->aarch32 = cfg->arch == MACHINE_ARCH_AARCH32;
		v->mpidr = machine_cpu_mpidr(i);
		v->power = VCPU_OFF;
	}
	p->vcpus[0].boot_is_primary = true;
	if (partition_vgic_setup(p) < 0) {
		hyp_printf("partition %u (%s): virtual GIC setup failed\n", id, cfg->name);
		return -1;
	}
	console_guest_init(&p->console, id);
	/* The disk's contents persist across SYSTEM_RESET: copied once. */
	if (cfg->disk_size)
		memcpy((void *)(uintptr_t)cfg->disk_phys, cfg->disk, cfg->disk_size);
	devices_setup(p);
	if (partition_load(p) < 0)
		return -1;
	p->start_count = read_sysreg(cntpct_el0);
	p->cntvoff = p->start_count;
	p->state = PARTITION_RUNNING;
	return 0;
}
