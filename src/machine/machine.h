/* SPDX-License-Identifier: MIT */
/*
 * What a guest machine is made of: the description both engines fill in
 * from their configuration, and that the device-tree builder (fdt_build.h)
 * and the kernel loader (loader.h) consume. Freestanding: no libc.
 */
#ifndef ARMVM_MACHINE_MACHINE_H
#define ARMVM_MACHINE_MACHINE_H

#include <stdbool.h>
#include <stdint.h>

#include "machine/board.h"
#include "machine/memmap.h"

enum machine_arch {
	MACHINE_ARCH_AARCH64 = 0,   /* guest EL1 runs AArch64 */
	MACHINE_ARCH_AARCH32 = 1,   /* guest EL1 runs AArch32 */
};

/* Longest kernel command line, with its NUL: Linux's COMMAND_LINE_SIZE
 * (arch/arm64 and arch/arm asm/setup.h). */
#define MACHINE_CMDLINE_MAX_AARCH64 2048
#define MACHINE_CMDLINE_MAX_AARCH32 1024

/* Most vCPUs the device tree describes (GICv2 can route to 8 only). */
#define MACHINE_MAX_CPUS        64
#define MACHINE_MAX_CPUS_GICV2  8

struct machine_desc {
	enum machine_arch arch;
	unsigned nr_cpus;            /* 1..MACHINE_MAX_CPUS */

	uint64_t ram_base;           /* normally VIRT_RAM_BASE */
	uint64_t ram_size;

	unsigned gic_version;        /* 0 (none: no GIC, timer or IRQs), 2 or 3 */
	/* GIC placement; 0 = the QEMU virt defaults from memmap.h. */
	uint64_t gic_dist_base;
	uint64_t gic_cpu_base;       /* GICv2 CPU interface */
	uint64_t gic_redist_base;    /* GICv3: one 128 KiB frame per vCPU */
	/* A GICv3 ITS at VIRT_GIC_ITS_BASE (only with gic_version 3) and a
	 * PMUv3 on PPI VIRT_PPI_PMU (only with a GIC): the nodes QEMU virt
	 * writes when the machine has them. */
	bool its;
	bool pmu;

	/* Its devices (board.h); the first PL011 is also /chosen stdout-path. */
	struct board board;

	/* PSCI conduit: false = "hvc" (both engines), true = "smc". */
	bool psci_smc;

	const char *cmdline;         /* NULL or "" = no bootargs */
	uint64_t initrd_start;       /* gpa; initrd_end == 0 = no initrd */
	uint64_t initrd_end;         /* gpa one past the last byte */
};

/* Fill *m with a default machine: QEMU virt addresses, one vCPU, GICv3,
 * PL011 + PL031, 128 MiB of RAM at VIRT_RAM_BASE, no virtio, no initrd. */
void machine_desc_default(struct machine_desc *m, enum machine_arch arch);

/*
 * MPIDR affinity value (Aff2.Aff1.Aff0, as in the device tree's cpu reg) of
 * vCPU `index`, the way KVM assigns it on reset: 16 vCPUs per Aff0 cluster.
 * The EL2 engine programs VMPIDR_EL2 with the same value so the device tree
 * matches on both engines.
 */
uint64_t machine_cpu_mpidr(unsigned index);

static inline uint64_t machine_virtio_base(unsigned n)
{
	return VIRT_MMIO_BASE + (uint64_t)n * VIRT_MMIO_STRIDE;
}

static inline unsigned machine_virtio_spi(unsigned n)
{
	return VIRT_SPI_MMIO_FIRST + n;
}

#endif
