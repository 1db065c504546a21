/* SPDX-License-Identifier: MIT */
/*
 * The GICv2 half of the physical GIC driver (gic_v2.c), which gic.c's
 * calls dispatch to once gic_init_v2() found a GICv2: see gic.h for what
 * each call does; here only how a GICv2 does it.
 */
#ifndef ARMVM_EL2_GIC_V2_H
#define ARMVM_EL2_GIC_V2_H

#include <stdbool.h>
#include <stdint.h>

/* Set by gic_v2_dist_init(): the host GIC is a GICv2. */
extern bool gic_v2_host;
extern uintptr_t gic_v2_gicc;     /* physical CPU interface (GICC) */
extern uint64_t gic_v2_gicv;      /* GICV frame: the guests' CPU interface */

/* Reset the distributor, attach the GICH frame; *nr_intids = INTIDs the
 * GIC implements. Returns 0, or -1 when no GICv2 answers at gicd. */
int gic_v2_dist_init(uintptr_t gicd, uintptr_t gicc, uintptr_t gich, unsigned *nr_intids);
/* This CPU: its interface number, banked private interrupts, GICC on. */
int gic_v2_cpu_init(uint64_t mpidr, unsigned maint_intid);
void gic_v2_send_sgi(uint64_t mpidr, unsigned sgi);
void gic_v2_route_spi(unsigned hw_intid, uint64_t target_mpidr);
void gic_v2_set_ppi_active(unsigned intid, bool active);

#endif
