/* SPDX-License-Identifier: MIT */
/*
 * The physical board the hypervisor runs on, as the boot loader's device
 * tree (x0 at entry) describes it: RAM banks, CPUs and their MPIDRs, the
 * GIC (version, register frames, maintenance interrupt), the UART, the
 * PSCI conduit. Nothing here is QEMU virt's: the partitions' view of their
 * own platform is src/machine's business, this is the host side.
 *
 * phys_board_parse() is pure (libfdt reads only; unit-tested natively).
 */
#ifndef EL2_PHYS_BOARD_H
#define EL2_PHYS_BOARD_H

#include <stddef.h>
#include <stdint.h>

#define PHYS_BOARD_MAX_MEM   8
#define PHYS_BOARD_MAX_CPUS  8

enum phys_psci_conduit {
	PHYS_PSCI_NONE = 0,   /* no /psci node: only the boot CPU is usable */
	PHYS_PSCI_SMC,
	PHYS_PSCI_HVC,        /* unusable from EL2: HVC there traps to EL2 itself */
};

struct phys_mem_bank {
	uint64_t base, size;
};

struct phys_board {
	struct phys_mem_bank mem[PHYS_BOARD_MAX_MEM];
	unsigned nr_mem;
	/* pCPU n of the partition configuration is the n-th /cpus/cpu node. */
	uint64_t cpu_mpidr[PHYS_BOARD_MAX_CPUS];
	/* enable-method = "spin-table": where to write its entry point (0: none) */
	uint64_t cpu_release_addr[PHYS_BOARD_MAX_CPUS];
	unsigned nr_cpus;
	unsigned cpus_ignored;          /* CPU nodes past PHYS_BOARD_MAX_CPUS */
	/* The GIC: version 2 (GICD, GICC, GICH, GICV) or 3 (GICD, GICR). */
	unsigned gic_version;
	uint64_t gicd_base, gicd_size;
	uint64_t gicr_base, gicr_size;  /* GICv3 */
	uint64_t gicc_base, gicc_size;  /* GICv2: physical CPU interface */
	uint64_t gich_base, gich_size;  /* GICv2: virtual interface control */
	uint64_t gicv_base, gicv_size;  /* GICv2: virtual CPU interface */
	unsigned gic_maint_intid;       /* maintenance interrupt (a PPI), 0 if none given */
	/* The generic timer's PPIs (arm,armv8-timer; 0 if no node): the
	 * EL1 virtual timer's and the EL2 physical timer's INTIDs. */
	unsigned timer_virt_intid, timer_hyp_intid;
	uint64_t uart_base;             /* a PL011, 0 if none */
	enum phys_psci_conduit psci;
};

/*
 * Fill `b` from the flattened device tree at `fdt`. Returns 0, or -1 with
 * one line naming the problem in `err` (no memory, no CPUs, no or an
 * unknown GIC, a GICv2 without virtualization extensions, ...); uart_base
 * is set even then when the tree names one. A missing UART or PSCI node is
 * not an error (uart_base 0, psci NONE).
 */
int phys_board_parse(const void *fdt, struct phys_board *b, char *err, size_t errlen);

/* The index of the CPU with affinity `mpidr` (MPIDR_EL1 Aff fields), or -1. */
int phys_board_cpu_index(const struct phys_board *b, uint64_t mpidr);

/* True when [base, base + size) lies inside one RAM bank. */
int phys_board_is_ram(const struct phys_board *b, uint64_t base, uint64_t size);

#endif
