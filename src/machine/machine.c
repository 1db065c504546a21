// SPDX-License-Identifier: MIT
/* Defaults for a machine description and the vCPU affinity numbering. */
#include <string.h>

#include "arch/mpidr.h"
#include "machine/machine.h"

/* KVM puts 16 vCPUs in each Aff0 group (arch/arm64/kvm/sys_regs.c). */
#define KVM_VCPUS_PER_AFF0 16

void machine_desc_default(struct machine_desc *m, enum machine_arch arch)
{
	memset(m, 0, sizeof(*m));
	m->arch = arch;
	m->nr_cpus = 1;
	m->ram_base = VIRT_RAM_BASE;
	m->ram_size = 128ULL << 20;
	m->gic_version = 3;
	board_add_virt(&m->board, BOARD_DEV_PL011);
	board_add_virt(&m->board, BOARD_DEV_PL031);
}

uint64_t machine_cpu_mpidr(unsigned index)
{
	uint64_t aff0 = index % KVM_VCPUS_PER_AFF0;
	uint64_t aff1 = (index / KVM_VCPUS_PER_AFF0) & MPIDR_AFF_FIELD_MASK;
	uint64_t aff2 = (index / KVM_VCPUS_PER_AFF0 / 256) & MPIDR_AFF_FIELD_MASK;

	return aff0 << MPIDR_AFF0_SHIFT | aff1 << MPIDR_AFF1_SHIFT |
	       aff2 << MPIDR_AFF2_SHIFT;
}
