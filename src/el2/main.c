// SPDX-License-Identifier: MIT
/*
 * Hypervisor bring-up: the boot CPU turns its MMU on, initialises the
 * physical GIC, builds every partition from the static table, then starts
 * each partition's boot vCPU on its physical CPU. Secondary pCPUs come in
 * through secondary_entry when a vCPU pinned to them is started. Either way
 * a pCPU ends here by entering its vCPU (vcpu_start, then vcpu_enter on a
 * fresh stack); from then on the exit vectors drive it (vcpu_run.h).
 */
#include <stdint.h>

#include "el2/console.h"
#include "el2/el2_regs.h"
#include "el2/firmware.h"
#include "el2/gic.h"
#include "el2/hyp_layout.h"
#include "el2/mmu.h"
#include "el2/partition.h"
#include "el2/pcpu.h"
#include "el2/print.h"
#include "el2/sysreg.h"
#include "el2/switch.h"
#include "el2/syndrome_probe.h"
#include "el2/uart.h"
#include "el2/vcpu_run.h"
#include "machine/memmap.h"

extern char __hyp_start[], __hyp_end[];

_Static_assert(HYP_MAX_CPUS == EL2_MAX_PCPUS, "one stack per physical CPU");

void hyp_main(uint64_t boot_dtb);
void hyp_secondary_main(unsigned cpu);
void hyp_wrong_el(unsigned el);

/* Before anything else: we need EL2. Said on the UART with the MMU off. */
void hyp_wrong_el(unsigned el)
{
	static const char msg[] = "armvm-el2: started at EL";
	static const char tail[] = ", not EL2: the hypervisor needs QEMU -M virt,virtualization=on; stopped\n";

	uart_write(msg, sizeof(msg) - 1);
	uart_putc((char)('0' + el));
	uart_write(tail, sizeof(tail) - 1);
}

static void per_cpu_init(void)
{
	mmu_enable();
	write_sysreg(tpidr_el2, 0);
	/* Until a vCPU is loaded: no stage-2, interrupts to EL2, no traps. */
	write_sysreg(hcr_el2, HCR_EL2_RW | HCR_EL2_IMO | HCR_EL2_FMO | HCR_EL2_AMO);
	write_sysreg(vtcr_el2, VTCR_EL2_RES1 | VTCR_EL2_T0SZ(STAGE2_IPA_BITS) |
		     VTCR_EL2_SL0_L1 | VTCR_EL2_IRGN0_WBWA | VTCR_EL2_ORGN0_WBWA |
		     VTCR_EL2_SH0_INNER | VTCR_EL2_TG0_4K |
		     (uint64_t)PARANGE_40BIT << VTCR_EL2_PS_SHIFT);
	isb();
}

void hyp_main(uint64_t boot_dtb)
{
	struct vcpu *mine = NULL;
	unsigned started = 0;

	(void)boot_dtb;   /* the QEMU virt layout is known; partitions have their own DTBs */
	mmu_build_tables();
	per_cpu_init();
	/* The boot CPU holds one running token while it starts partitions, so
	 * a guest that stops at once cannot power the machine off meanwhile. */
	pcpu_count_running();
	console_locking = true;
	hyp_printf("armvm EL2 hypervisor: image 0x%lx-0x%lx, %u partition(s), PSCI %ld.%ld\n",
		   (unsigned long)(uintptr_t)__hyp_start, (unsigned long)(uintptr_t)__hyp_end,
		   el2_nr_partitions, (long)(fw_psci_version() >> 16),
		   (long)(fw_psci_version() & 0xffff));
	if (gic_init(VIRT_GIC_DIST_BASE, VIRT_GIC_REDIST_BASE) < 0 || gic_cpu_init() < 0) {
		hyp_printf("no usable GICv3 (run QEMU with -M virt,gic-version=3); powering off\n");
		fw_psci_system_off();
	}
	bool aarch32 = false;
	for (unsigned i = 0; i < el2_nr_partitions && i < EL2_MAX_PARTITIONS; i++)
		aarch32 |= el2_partitions[i].arch != 0;
	syndrome_probe_boot(el2_aarch32_syndrome, aarch32);
	for (unsigned i = 0; i < el2_nr_partitions && i < EL2_MAX_PARTITIONS; i++) {
		const struct el2_partition_config *cfg = &el2_partitions[i];
		struct partition *p = &partitions[i];
		if (partition_init(p, i, cfg) < 0) {
			hyp_printf("partition %u (%s) not started\n", i, cfg->name);
			p->state = PARTITION_STOPPED;
			continue;
		}
		char cpus[64];
		int n = 0;
		for (unsigned c = 0; c < cfg->nr_vcpus; c++)
			n += hyp_snprintf(cpus + n, sizeof(cpus) - (size_t)n, "%s%u",
					  c ? "," : "", cfg->pcpu[c]);
		hyp_printf("partition %u (%s): %s, vCPUs on pCPUs %s, RAM 0x%lx+0x%lx at IPA 0x%lx, entry 0x%lx\n",
			   i, cfg->name, cfg->arch ? "AArch32" : "AArch64", cpus,
			   (unsigned long)cfg->ram_phys, (unsigned long)cfg->ram_size,
			   (unsigned long)cfg->ram_ipa, (unsigned long)p->boot.pc);
	}
	console_set_input(el2_console_input, el2_nr_partitions, partition_console_deliver);
	for (unsigned i = 0; i < el2_nr_partitions && i < EL2_MAX_PARTITIONS; i++) {
		struct partition *p = &partitions[i];
		struct vcpu *v = &p->vcpus[0];
		if (p->state != PARTITION_RUNNING)
			continue;
		v->power = VCPU_ON_PENDING;
		if (pcpu_start_vcpu(v) < 0) {
			p->state = PARTITION_STOPPED;
			continue;
		}
		started++;
		if (v->pcpu == pcpu_self())
			mine = v;
	}
	if (!started) {
		hyp_printf("no partition could be started; powering off\n");
		fw_psci_system_off();
	}
	if (mine) {
		pcpu_uncount_running();   /* mine holds its own count */
		vcpu_start(mine);
		vcpu_enter(mine, pcpu_stack_top(mine->pcpu));
	}
	/* The boot pCPU hosts no boot vCPU: it goes off until one needs it. */
	pcpu_retire();
}

void hyp_secondary_main(unsigned cpu)
{
	per_cpu_init();
	if (gic_cpu_init() < 0) {
		struct vcpu *v = pcpu_assigned_vcpu(cpu);
		hyp_printf("physical CPU %u: GIC CPU interface init failed\n", cpu);
		if (v) {
			hyp_printf("partition %u (%s) stopped: vCPU %u cannot run\n",
				   v->part->id, v->part->cfg->name, v->index);
			v->part->state = PARTITION_STOPPING;
			v->power = VCPU_OFF;
		}
		pcpu_retire();    /* the count its starter took */
	}
	struct vcpu *v = pcpu_assigned_vcpu(cpu);
	if (!v) {
		hyp_printf("physical CPU %u started with nothing to run\n", cpu);
		pcpu_count_running();
		pcpu_retire();
	}
	vcpu_start(v);
	vcpu_enter(v, pcpu_stack_top(v->pcpu));
}
