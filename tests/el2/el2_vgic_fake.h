/* SPDX-License-Identifier: MIT */
/*
 * Test double for the el2 GIC's hardware edges: the system registers
 * (gic_sysreg.h) live in an array, and the two physical-GIC hooks vgic
 * calls (gic_unmask_spi, gic_set_ppi_active) record what they were asked,
 * and record_kick() counts the vGIC's kicks.
 * Header-only; include it in exactly one test program's .c file.
 */
#ifndef EL2_VGIC_FAKE_H
#define EL2_VGIC_FAKE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arch/gic_regs.h"
#include "el2/gic_sysreg.h"
#include "el2/vgic.h"

static uint64_t fake_sr[GIC_SR_COUNT];
static unsigned fake_sr_writes[GIC_SR_COUNT];
static unsigned fake_unmasked_spi[64];
static unsigned fake_nr_unmasked;
static int fake_ppi_active[32];         /* -1 cleared, 1 set, 0 untouched */
static unsigned kicks[VGIC_MAX_VCPUS];  /* record_kick() calls per vCPU */

/* A kick hook (vgic_dist_set_kick) that counts. */
static inline void record_kick(void *ctx, unsigned vcpu_id)
{
	(void)ctx;
	if (vcpu_id < VGIC_MAX_VCPUS)
		kicks[vcpu_id]++;
}

uint64_t gic_sysreg_read(enum gic_sysreg reg)
{
	return reg < GIC_SR_COUNT ? fake_sr[reg] : 0;
}

void gic_sysreg_write(enum gic_sysreg reg, uint64_t value)
{
	if (reg < GIC_SR_COUNT) {
		fake_sr[reg] = value;
		fake_sr_writes[reg]++;
	}
}

void gic_sysreg_sync(void)
{
}

void gic_barrier(void)
{
}

#ifndef EL2_VGIC_FAKE_REAL_GIC
unsigned fake_deactivated_spi[64], fake_nr_deactivated;

void gic_deactivate_spi(unsigned hw_intid)
{
	if (fake_nr_deactivated < 64)
		fake_deactivated_spi[fake_nr_deactivated++] = hw_intid;
}

void gic_unmask_spi(unsigned hw_intid)
{
	if (fake_nr_unmasked < 64)
		fake_unmasked_spi[fake_nr_unmasked++] = hw_intid;
}

void gic_set_ppi_active(unsigned intid, bool active)
{
	if (intid < 32)
		fake_ppi_active[intid] = active ? 1 : -1;
}
#endif

/* A Cortex-A57-like virtual interface: `nr_lrs` LRs, 5 priority and
 * preemption bits (QEMU's values). */
static inline void fake_reset(unsigned nr_lrs)
{
	memset(fake_sr, 0, sizeof(fake_sr));
	memset(fake_sr_writes, 0, sizeof(fake_sr_writes));
	memset(fake_ppi_active, 0, sizeof(fake_ppi_active));
	fake_nr_unmasked = 0;
	memset(fake_unmasked_spi, 0, sizeof(fake_unmasked_spi));
	fake_sr[GIC_SR_ICH_VTR_EL2] = (uint64_t)(nr_lrs - 1) |
		(4ull << ICH_VTR_EL2_PREBITS_SHIFT) | (4ull << ICH_VTR_EL2_PRIBITS_SHIFT);
}

static inline uint64_t fake_lr(unsigned n)
{
	return fake_sr[GIC_SR_ICH_LR(n)];
}

/* Play the guest: change LR n's state bits, as the CPU interface would. */
static inline void fake_lr_set_state(unsigned n, uint64_t state)
{
	fake_sr[GIC_SR_ICH_LR(n)] = (fake_sr[GIC_SR_ICH_LR(n)] & ~ICH_LR_STATE_MASK) | state;
}

#endif
