// SPDX-License-Identifier: MIT
/* Partition construction, device wiring, stop and reset: see partition.h. */
#include <string.h>

#include "el2/cache.h"
#include "el2/el2_regs.h"
#include "el2/gic.h"
#include "el2/partition.h"
#include "el2/partition_devices.h"
#include "el2/pte.h"
#include "el2/pcpu.h"
#include "el2/print.h"
#include "el2/sysreg.h"
#include "machine/fdt_build.h"
#include "machine/memmap.h"

struct partition partitions[EL2_MAX_PARTITIONS];

/* How long SYSTEM_RESET waits for the other vCPUs to leave (polls). */
#define RESET_WAIT_POLLS 100000000u

/* ---- stage-2 table pool: identity-mapped static tables --------------- */

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

static void vgic_kick(void *ctx, unsigned vcpu_id)
{
	partition_kick_vcpu(ctx, vcpu_id);
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

static uint32_t gic_affinity(uint64_t mpidr)
{
	return (uint32_t)(mpidr & 0xffffff) | (uint32_t)((mpidr >> 32) & 0xff) << 24;
}

static int vgic_setup(struct partition *p)
{
	const struct el2_partition_config *cfg = p->cfg;

	if (vgic_dist_init(&p->vgic, cfg->nr_vcpus, PARTITION_NR_SPIS) < 0)
		return -1;
	for (unsigned i = 0; i < cfg->nr_vcpus; i++)
		if (vgic_cpu_init(&p->vgic, &p->vcpus[i].vgic, i,
				  gic_affinity(p->vcpus[i].mpidr)) < 0)
			return -1;
	vgic_dist_set_kick(&p->vgic, vgic_kick, p);
	return 0;
}


int partition_init(struct partition *p, unsigned id,
		   const struct el2_partition_config *cfg)
{
	struct stage2_pool pool = { p, s2_alloc, s2_table_pa, s2_table_va };
	int r;

	p->cfg = cfg;
	p->id = id;
	p->vmid = id + 1;
	p->s2_used = 0;
	p->host = (struct dev_host){ p, host_set_irq, host_guest_mem, host_log };
	p->ram = (struct guest_ram){ VIRT_RAM_BASE, cfg->ram_size,
				     (void *)(uintptr_t)cfg->ram_phys };
	if ((r = stage2_init(&p->s2, &pool)) < 0 ||
	    (r = stage2_map(&p->s2, VIRT_RAM_BASE, cfg->ram_phys, cfg->ram_size,
			    STAGE2_NORMAL_RW)) < 0) {
		hyp_printf("partition %u (%s): stage-2 setup failed: %s\n",
			   id, cfg->name, stage2_strerror(r));
		return -1;
	}
	p->vttbr = p->s2.root_pa | (uint64_t)p->vmid << VTTBR_EL2_VMID_SHIFT;
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
	if (vgic_setup(p) < 0) {
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

bool partition_wants_down(const struct partition *p)
{
	return p->state != PARTITION_RUNNING;
}

static void kick_others(struct partition *p, struct vcpu *self)
{
	for (unsigned i = 0; i < p->cfg->nr_vcpus; i++)
		if (&p->vcpus[i] != self)
			partition_kick_vcpu(p, i);
}

void partition_stop(struct vcpu *caller, const char *why)
{
	struct partition *p = caller->part;
	int expected = PARTITION_RUNNING;

	if (__atomic_compare_exchange_n(&p->state, &expected, PARTITION_STOPPING,
					false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
		console_guest_flush(&p->console);
		if (why)
			hyp_printf("partition %u (%s) stopped: %s\n", p->id, p->cfg->name, why);
		else
			hyp_printf("partition %u (%s) powered off\n", p->id, p->cfg->name);
		if (p->testdev && testdev_touched(p->testdev)) {
			char line[TESTDEV_SUMMARY_MAX];
			testdev_format_summary(p->testdev, line, sizeof(line));
			hyp_printf("partition %u (%s) %s\n", p->id, p->cfg->name, line);
		}
		kick_others(p, caller);
	}
	vcpu_leave(caller);
}

void partition_reset(struct vcpu *caller)
{
	struct partition *p = caller->part;
	int expected = PARTITION_RUNNING;

	if (!__atomic_compare_exchange_n(&p->state, &expected, PARTITION_RESETTING,
					 false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		vcpu_leave(caller);     /* it is already going down */
	console_guest_flush(&p->console);
	hyp_printf("partition %u (%s): SYSTEM_RESET\n", p->id, p->cfg->name);
	kick_others(p, caller);
	for (unsigned i = 0; i < p->cfg->nr_vcpus; i++) {
		struct vcpu *t = &p->vcpus[i];
		unsigned polls = 0;
		if (t == caller)
			continue;
		while (__atomic_load_n(&t->power, __ATOMIC_SEQ_CST) != VCPU_OFF) {
			if (++polls == RESET_WAIT_POLLS) {
				p->state = PARTITION_RUNNING;
				partition_stop(caller, "SYSTEM_RESET: another vCPU did not stop");
			}
			cpu_relax();
		}
	}
	vcpu_put(caller);
	devices_setup(p);      /* a reset machine has reset devices */
	if (vgic_setup(p) < 0 || partition_load(p) < 0) {
		p->state = PARTITION_RUNNING;
		partition_stop(caller, "SYSTEM_RESET: cannot rebuild the partition");
	}
	p->start_count = read_sysreg(cntpct_el0);
	p->cntvoff = p->start_count;
	struct vcpu *boot = &p->vcpus[0];
	if (boot != caller) {
		/* Its state was saved above and belongs to the reset partition;
		 * it is off before the boot vCPU can try to start it again. */
		__atomic_store_n(&caller->power, VCPU_OFF, __ATOMIC_SEQ_CST);
		write_sysreg(tpidr_el2, 0);
	}
	__atomic_store_n(&p->state, PARTITION_RUNNING, __ATOMIC_SEQ_CST);
	if (boot == caller)
		vcpu_run(caller);
	boot->power = VCPU_ON_PENDING;
	pcpu_count_running();
	if (pcpu_start_vcpu(boot) < 0) {
		boot->power = VCPU_OFF;
		pcpu_uncount_running();
		hyp_printf("partition %u (%s) stopped: SYSTEM_RESET cannot start the boot vCPU\n",
			   p->id, p->cfg->name);
		p->state = PARTITION_STOPPED;
	}
	pcpu_retire();
}

int partition_console_deliver(unsigned index, uint8_t byte)
{
	struct partition *p;
	int taken = 1;

	if (index >= EL2_MAX_PARTITIONS)
		return 1;
	p = &partitions[index];
	if (p->state != PARTITION_RUNNING ||
	    !p->uart)
		return 1;       /* nobody listens: the byte is dropped */
	spin_lock(&p->dev_lock);
	if (pl011_rx_space(p->uart) == 0)
		taken = 0;
	else
		pl011_receive(p->uart, &byte, 1);
	spin_unlock(&p->dev_lock);
	return taken;
}
