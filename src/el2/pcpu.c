// SPDX-License-Identifier: MIT
/* Physical CPU power management: see pcpu.h. */
#include "arch/mpidr.h"
#include <stdbool.h>

#include "el2/cache.h"
#include "el2/firmware.h"
#include "el2/hyp_layout.h"
#include "el2/partition.h"
#include "el2/pcpu.h"
#include "el2/console.h"
#include "el2/psci.h"
#include "el2/sysreg.h"

/* How long a CPU_ON is retried while the target pCPU is still on its way
 * off (PSCI ALREADY_ON / ON_PENDING right after its vCPU stopped), in
 * counter ticks: one second. */
#define CPU_ON_RETRY_SECONDS 1

/* Where a pCPU powered on by pcpu_start_vcpu comes in (start.S). */
extern char secondary_entry[];

/* One EL2 stack per physical CPU; start.S takes its own. */
char hyp_stacks[HYP_MAX_CPUS * HYP_STACK_SIZE] __attribute__((aligned(4096)));

static struct vcpu *volatile assigned[HYP_MAX_CPUS];
static unsigned running_vcpus;

/* The board's CPUs in device-tree order: pCPU n is pcpu_mpidr_table[n] (start.S's
 * spin_table_entry reads it with the MMU off: cleaned to PoC). */
uint64_t pcpu_mpidr_table[HYP_MAX_CPUS];
static unsigned nr_cpus;
/* Without PSCI: spin-table release addresses, which pCPUs were released,
 * and the starts a parked pCPU has yet to take. */
static uint64_t release_addr[HYP_MAX_CPUS];
static bool released[HYP_MAX_CPUS];
static unsigned park_wake[HYP_MAX_CPUS];
extern char spin_table_entry[];

void pcpu_set_cpus(const uint64_t *mpidr, unsigned n)
{
	nr_cpus = n < HYP_MAX_CPUS ? n : HYP_MAX_CPUS;
	for (unsigned i = 0; i < nr_cpus; i++)
		pcpu_mpidr_table[i] = mpidr[i] & MPIDR_AFF_MASK;
}

void pcpu_set_spin_table(const uint64_t *addr, unsigned n)
{
	for (unsigned i = 0; i < n && i < HYP_MAX_CPUS; i++)
		release_addr[i] = addr[i];
}

/* Start pCPU `id` without PSCI: release it from the boot loader's spin
 * table the first time, wake it from its park loop later. */
static int spin_table_start(unsigned id)
{
	if (released[id]) {
		__atomic_fetch_add(&park_wake[id], 1, __ATOMIC_SEQ_CST);
		__asm__ volatile("dsb sy; sev" ::: "memory");
		return 0;
	}
	if (!release_addr[id])
		return -1;
	released[id] = true;
	dcache_clean_range(pcpu_mpidr_table, sizeof(pcpu_mpidr_table));
	*(volatile uint64_t *)(uintptr_t)release_addr[id] = (uintptr_t)spin_table_entry;
	dcache_clean_range((const void *)(uintptr_t)release_addr[id], sizeof(uint64_t));
	__asm__ volatile("dsb sy; sev" ::: "memory");
	return 0;
}

unsigned pcpu_count(void)
{
	return nr_cpus;
}

uint64_t pcpu_mpidr(unsigned id)
{
	return id < nr_cpus ? pcpu_mpidr_table[id] : 0;
}

unsigned pcpu_self(void)
{
	uint64_t m = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;

	for (unsigned i = 0; i < nr_cpus; i++)
		if (pcpu_mpidr_table[i] == m)
			return i;
	return HYP_MAX_CPUS;    /* not a CPU of the device tree */
}

uint64_t pcpu_stack_top(unsigned id)
{
	return (uint64_t)(uintptr_t)hyp_stacks + (uint64_t)(id + 1) * HYP_STACK_SIZE;
}

struct vcpu *pcpu_assigned_vcpu(unsigned id)
{
	return id < HYP_MAX_CPUS ? assigned[id] : NULL;
}

void pcpu_count_running(void)
{
	__atomic_fetch_add(&running_vcpus, 1, __ATOMIC_SEQ_CST);
}

void pcpu_uncount_running(void)
{
	__atomic_fetch_sub(&running_vcpus, 1, __ATOMIC_SEQ_CST);
}

int pcpu_start_vcpu(struct vcpu *v)
{
	unsigned id = v->pcpu;
	int64_t r = PSCI_RET_ALREADY_ON;

	pcpu_count_running();
	assigned[id] = v;
	dsb_sy();
	if (id == pcpu_self())
		return 0;
	if (!fw_psci_present()) {
		if (spin_table_start(id) == 0)
			return 0;
		hyp_printf("cannot start physical CPU %u for %s vCPU %u: no PSCI and no spin-table release address\n",
			   id, v->part->cfg->name, v->index);
		__atomic_store_n(&v->power, VCPU_OFF, __ATOMIC_SEQ_CST);
		pcpu_uncount_running();
		return -1;
	}
	uint64_t give_up = read_sysreg(cntpct_el0) +
			   CPU_ON_RETRY_SECONDS * read_sysreg(cntfrq_el0);
	do {
		r = fw_psci_cpu_on(pcpu_mpidr(id), (uintptr_t)secondary_entry, id);
		if (r != PSCI_RET_ALREADY_ON && r != PSCI_RET_ON_PENDING)
			break;
		cpu_relax();
	} while (read_sysreg(cntpct_el0) < give_up);
	if (r != PSCI_RET_SUCCESS) {
		hyp_printf("cannot power on physical CPU %u for %s vCPU %u: PSCI error %ld\n",
			   id, v->part->cfg->name, v->index, (long)r);
		__atomic_store_n(&v->power, VCPU_OFF, __ATOMIC_SEQ_CST);
		pcpu_uncount_running();
		return -1;
	}
	return 0;
}

void pcpu_retire(void)
{
	unsigned left = __atomic_sub_fetch(&running_vcpus, 1, __ATOMIC_SEQ_CST);

	if (left == 0) {
		hyp_printf("all partitions stopped; powering off\n");
		fw_psci_system_off();
	}
	if (!fw_psci_present()) {
		/* No CPU_OFF: park until a vCPU of this pCPU starts again, then
		 * come in as a freshly started pCPU does. */
		unsigned self = pcpu_self();

		released[self] = true;
		while (!__atomic_load_n(&park_wake[self], __ATOMIC_SEQ_CST))
			__asm__ volatile("wfe" ::: "memory");
		__atomic_fetch_sub(&park_wake[self], 1, __ATOMIC_SEQ_CST);
		((void (*)(uint64_t))(uintptr_t)secondary_entry)(self);
	}
	int64_t r = fw_psci_cpu_off();
	hyp_printf("physical CPU %u: firmware CPU_OFF failed (%ld); parked\n",
		   pcpu_self(), (long)r);
	for (;;)
		wfi();
}
