// SPDX-License-Identifier: MIT
/*
 * Hypervisor bring-up: the boot CPU turns its MMU on, initialises the
 * physical GIC, builds every partition from the static table, then starts
 * each partition's boot vCPU on its physical CPU. Secondary pCPUs come in
 * through secondary_entry when a vCPU pinned to them is started. Either way
 * a pCPU ends here by entering its vCPU (vcpu_start, then vcpu_enter on a
 * fresh stack); from then on the exit vectors drive it (vcpu_run.h).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/mpidr.h"
#include "el2/console.h"
#include "el2/el2_regs.h"
#include "el2/firmware.h"
#include "el2/gic.h"
#include "el2/hyp_layout.h"
#include "el2/mmu.h"
#include "el2/partition.h"
#include "el2/pcpu.h"
#include "el2/phys_board.h"
#include "el2/print.h"
#include "el2/sysreg.h"
#include "el2/switch.h"
#include "el2/syndrome_probe.h"
#include "el2/uart.h"
#include "el2/vcpu_run.h"
#include "machine/memmap.h"   /* the partitions' IPA map */

extern char __hyp_start[], __hyp_end[];

#define FDT_MAGIC_BE   0xd00dfeedu     /* big-endian at offset 0 */
#define IMAGE_BASE_ALIGN 0x200000ull   /* Image: 2 MiB aligned base + text_offset */

/* The board, from its device tree (hyp_main). */
static struct phys_board board;

_Static_assert(HYP_MAX_CPUS == EL2_MAX_PCPUS, "one stack per physical CPU");

void hyp_main(uint64_t boot_dtb);
void hyp_secondary_main(unsigned cpu);
void hyp_wrong_el(unsigned el, uint64_t boot_dtb);

/*
 * The device tree: x0 from a Linux-style boot (QEMU -kernel hyp.bin, U-Boot
 * booti, the Pi firmware); booted as an ELF (x0 = 0), QEMU places it at the
 * base of RAM, the 2 MiB aligned base the image sits text_offset above.
 */
static const void *find_dtb(uint64_t boot_dtb)
{
	uintptr_t below = ((uintptr_t)__hyp_start - 1) & ~(uintptr_t)(IMAGE_BASE_ALIGN - 1);
	const uint8_t *p = (const uint8_t *)(uintptr_t)(boot_dtb ? boot_dtb : below);
	uint32_t magic = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];

	return magic == FDT_MAGIC_BE ? p : NULL;
}

/* Before anything else: we need EL2. Said on the device tree's UART with
 * the MMU off (libfdt reads the tree with aligned word and byte loads). */
void hyp_wrong_el(unsigned el, uint64_t boot_dtb)
{
	static const char msg[] = "armvm-el2: started at EL";
	static const char tail[] = ", not EL2: the hypervisor needs a boot at EL2 (QEMU: -M virt,virtualization=on); stopped\n";
	const void *fdt = find_dtb(boot_dtb);
	char err[96];

	if (!fdt)
		return;
	/* Below EL2 the GIC may well look unusable: only the UART matters. */
	(void)phys_board_parse(fdt, &board, err, sizeof(err));
	if (!board.uart_base)
		return;
	uart_set_base((uintptr_t)board.uart_base);
	uart_write(msg, sizeof(msg) - 1);
	uart_putc((char)('0' + el));
	uart_write(tail, sizeof(tail) - 1);
}

/*
 * The board from its device tree: the hypervisor's console, its RAM map,
 * its CPUs, the PSCI conduit. Returns 0, or -1 with the reason in err.
 */
static int hyp_board_init(const void *fdt, char *err, size_t errlen)
{
	if (!fdt) {
		hyp_snprintf(err, errlen, "no device tree: x0 at entry holds none (boot hyp.bin as a Linux Image)");
		return -1;
	}
	if (phys_board_parse(fdt, &board, err, errlen) < 0) {
		uart_set_base((uintptr_t)board.uart_base);   /* to say why, if it can */
		return -1;
	}
	uart_set_base((uintptr_t)board.uart_base);
	for (unsigned i = 0; i < board.nr_mem; i++)
		mmu_map_ram(board.mem[i].base, board.mem[i].size);
	pcpu_set_cpus(board.cpu_mpidr, board.nr_cpus);
	pcpu_set_spin_table(board.cpu_release_addr, board.nr_cpus);
	if (board.psci == PHYS_PSCI_HVC) {
		hyp_snprintf(err, errlen, "the board's PSCI is called by HVC, which EL2 cannot use (HVC at EL2 traps to EL2)");
		return -1;
	}
	fw_psci_set_present(board.psci == PHYS_PSCI_SMC);
	if (pcpu_self() >= HYP_MAX_CPUS) {
		hyp_snprintf(err, errlen, "the boot CPU (MPIDR 0x%lx) is not among the device tree's first %u CPUs",
			     (unsigned long)(read_sysreg(mpidr_el1) & MPIDR_AFF_MASK), board.nr_cpus);
		return -1;
	}
	return 0;
}

static void hyp_board_report(void)
{
	char mem[160];
	int n = 0;

	for (unsigned i = 0; i < board.nr_mem; i++)
		n += hyp_snprintf(mem + n, sizeof(mem) - (size_t)n, "%s0x%lx+0x%lx", i ? ", " : "",
				  (unsigned long)board.mem[i].base, (unsigned long)board.mem[i].size);
	hyp_printf("board: %u CPUs, RAM %s, GICv%u at 0x%lx, UART 0x%lx, PSCI %s\n",
		   board.nr_cpus, mem, board.gic_version, (unsigned long)board.gicd_base,
		   (unsigned long)board.uart_base,
		   board.psci == PHYS_PSCI_SMC ? "by SMC" :
		   board.cpu_release_addr[board.nr_cpus - 1] ? "none (spin-table CPUs, parked when idle)" :
		   "none (boot CPU only)");
	if (board.cpus_ignored)
		hyp_printf("board: %u more CPUs ignored (at most %u)\n", board.cpus_ignored,
			   PHYS_BOARD_MAX_CPUS);
}

/* A partition's CPUs and RAM must exist on this board, its RAM clear of
 * the hypervisor. Says why not. */
static bool partition_fits_board(unsigned i, const struct el2_partition_config *cfg)
{
	uint64_t hs = (uintptr_t)__hyp_start, he = (uintptr_t)__hyp_end;

	for (unsigned c = 0; c < cfg->nr_vcpus; c++) {
		if (cfg->pcpu[c] >= board.nr_cpus) {
			hyp_printf("partition %u (%s): physical CPU %u does not exist (the board has %u)\n",
				   i, cfg->name, cfg->pcpu[c], board.nr_cpus);
			return false;
		}
		if (cfg->pcpu[c] != pcpu_self() && !fw_psci_present() &&
		    !board.cpu_release_addr[cfg->pcpu[c]]) {
			hyp_printf("partition %u (%s): physical CPU %u cannot be started (no PSCI, no spin-table)\n",
				   i, cfg->name, cfg->pcpu[c]);
			return false;
		}
	}
	if (!phys_board_is_ram(&board, cfg->ram_phys, cfg->ram_size) ||
	    (cfg->ram_phys < he && hs < cfg->ram_phys + cfg->ram_size) ||
	    (cfg->disk_size && !phys_board_is_ram(&board, cfg->disk_phys, cfg->disk_size))) {
		hyp_printf("partition %u (%s): RAM 0x%lx+0x%lx is not free RAM of this board\n",
			   i, cfg->name, (unsigned long)cfg->ram_phys, (unsigned long)cfg->ram_size);
		return false;
	}
	return true;
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

	const void *fdt = find_dtb(boot_dtb);
	char err[128];

	mmu_build_tables((uintptr_t)__hyp_start, (uintptr_t)fdt);
	per_cpu_init();
	if (hyp_board_init(fdt, err, sizeof(err)) < 0) {
		/* The UART may be unknown: nothing can be said but by halting. */
		hyp_printf("%s; stopped\n", err);
		fw_psci_system_off();
	}
	/* The boot CPU holds one running token while it starts partitions, so
	 * a guest that stops at once cannot power the machine off meanwhile. */
	pcpu_count_running();
	console_locking = true;
	int64_t psci = fw_psci_version();
	char psci_s[16] = "none";
	if (psci >= 0)
		hyp_snprintf(psci_s, sizeof(psci_s), "%ld.%ld", (long)(psci >> 16), (long)(psci & 0xffff));
	hyp_printf("armvm EL2 hypervisor: image 0x%lx-0x%lx, %u partition(s), PSCI %s\n",
		   (unsigned long)(uintptr_t)__hyp_start, (unsigned long)(uintptr_t)__hyp_end,
		   el2_nr_partitions, psci_s);
	hyp_board_report();
	/* The PPIs the Arm BSA recommends, which gic.h and the vGIC use. */
	if ((board.gic_maint_intid && board.gic_maint_intid != GIC_INTID_MAINT) ||
	    (board.timer_virt_intid && board.timer_virt_intid != GIC_INTID_VTIMER) ||
	    (board.timer_hyp_intid && board.timer_hyp_intid != GIC_INTID_HYPTIMER)) {
		hyp_printf("the board's GIC maintenance / virtual timer / EL2 timer interrupts are INTIDs %u/%u/%u; this hypervisor takes them as %u/%u/%u; powering off\n",
			   board.gic_maint_intid, board.timer_virt_intid, board.timer_hyp_intid,
			   GIC_INTID_MAINT, GIC_INTID_VTIMER, GIC_INTID_HYPTIMER);
		fw_psci_system_off();
	}
	if ((board.gic_version == 3 ? gic_init(board.gicd_base, board.gicr_base) :
	     gic_init_v2(board.gicd_base, board.gicc_base, board.gich_base, board.gicv_base,
			 GIC_INTID_MAINT)) < 0 || gic_cpu_init() < 0) {
		hyp_printf("the GIC at 0x%lx does not answer as a GICv%u; powering off\n",
			   (unsigned long)board.gicd_base, board.gic_version);
		fw_psci_system_off();
	}
	bool aarch32 = false;
	for (unsigned i = 0; i < el2_nr_partitions && i < EL2_MAX_PARTITIONS; i++)
		aarch32 |= el2_partitions[i].arch != 0;
	syndrome_probe_boot(el2_aarch32_syndrome, aarch32);
	for (unsigned i = 0; i < el2_nr_partitions && i < EL2_MAX_PARTITIONS; i++) {
		const struct el2_partition_config *cfg = &el2_partitions[i];
		struct partition *p = &partitions[i];
		if (!partition_fits_board(i, cfg) || partition_init(p, i, cfg) < 0) {
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
