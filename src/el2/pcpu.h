/* SPDX-License-Identifier: MIT */
/*
 * Physical CPUs. A pCPU is powered on (PSCI CPU_ON through the firmware)
 * only when a vCPU pinned to it starts, and powered off again when that
 * vCPU stops, so an idle pCPU costs nothing. The last vCPU to stop in the
 * whole machine powers the machine off.
 */
#ifndef EL2_PCPU_H
#define EL2_PCPU_H

#include <stdint.h>

#include "el2/vcpu.h"

/* The board's CPUs (device tree order, MPIDR affinities), set once at boot:
 * physical CPU n of the configuration is the n-th. */
void pcpu_set_cpus(const uint64_t *mpidr, unsigned n);
/*
 * Boards without PSCI: pCPU n starts when its entry point is written to
 * release_addr[n] (the device tree's spin-table, 0: cannot start), once;
 * a pCPU whose vCPU stopped then parks in the hypervisor until started
 * again (pcpu_retire()), as it cannot be powered off.
 */
void pcpu_set_spin_table(const uint64_t *release_addr, unsigned n);
unsigned pcpu_count(void);
/* MPIDR affinity of physical CPU `id` (0 for an unknown one). */
uint64_t pcpu_mpidr(unsigned id);
/* This CPU's index (its MPIDR_EL1 looked up; HYP_MAX_CPUS if unknown). */
unsigned pcpu_self(void);
/* Top of pCPU `id`'s EL2 stack. */
uint64_t pcpu_stack_top(unsigned id);

/*
 * Make vCPU v (power already VCPU_ON_PENDING) run on its pCPU: counts it
 * as running, then powers the pCPU on (or, when v's pCPU is this one, the
 * caller must start and enter v itself). Returns 0, or -1 after reporting
 * a firmware failure, with v off and uncounted again.
 */
int pcpu_start_vcpu(struct vcpu *v);

/* The vCPU pCPU `id` will run when it comes up. */
struct vcpu *pcpu_assigned_vcpu(unsigned id);

/* A vCPU stopped: drop it from the running count; power this pCPU off, or
 * the whole machine when it was the last. Never returns. */
void pcpu_retire(void) __attribute__((noreturn));

/* Take / drop one running count by hand (pcpu_start_vcpu does it for a
 * vCPU): the boot CPU's token while it starts partitions, and the count a
 * pCPU retires with when it has no vCPU to drop (main.c, hyp_fault.c). */
void pcpu_count_running(void);
void pcpu_uncount_running(void);

#endif
