/* SPDX-License-Identifier: MIT */
/*
 * A virtual CPU: one per guest CPU, pinned to one physical CPU for its
 * whole life (static partitioning): its state, the guest's register view
 * and its reset state. The world switch is switch.c, the run loop that
 * enters it and acts on its exits vcpu_run.c.
 */
#ifndef EL2_VCPU_H
#define EL2_VCPU_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/esr.h"
#include "el2/hyp_layout.h"
#include "el2/ptimer.h"
#include "el2/syndrome_probe.h"
#include "el2/vgic.h"
#include "el2/vtimer.h"

struct partition;

/* Saved by the exception vectors: the layout is fixed (hyp_layout.h). */
struct vcpu_regs {
	uint64_t x[31];
	uint64_t elr;        /* guest PC */
	uint64_t spsr;       /* guest PSTATE / CPSR */
};

/* EL1 (and EL0) system registers of the guest; for an AArch32 guest the
 * AArch64 registers hold its AArch32 state, plus the 32-bit-only ones. */
struct el1_sysregs {
	uint64_t sctlr, actlr, cpacr, ttbr0, ttbr1, tcr, esr, afsr0, afsr1;
	uint64_t far, mair, amair, vbar, contextidr, tpidr_el0, tpidrro_el0;
	uint64_t tpidr_el1, sp_el0, sp_el1, elr_el1, spsr_el1, par, cntkctl;
	uint64_t csselr, mdscr;
	/* AArch32 only */
	uint64_t spsr_abt, spsr_und, spsr_irq, spsr_fiq;
	uint64_t dacr32, ifsr32, fpexc32;
};

struct fpsimd_state {
	uint64_t v[64];      /* q0-q31 */
	uint64_t fpsr, fpcr;
};

enum vcpu_power {
	VCPU_OFF = 0,
	VCPU_ON_PENDING,     /* CPU_ON accepted, pCPU starting */
	VCPU_ON,
};

struct vcpu {
	struct vcpu_regs regs;           /* must stay first (vectors.S) */
	struct partition *part;
	unsigned index;                  /* vCPU number in the partition */
	unsigned pcpu;                   /* physical CPU it is pinned to */
	bool aarch32;                    /* its partition's EL1 is AArch32 */
	uint64_t mpidr;                  /* guest-visible MPIDR affinity */
	volatile int power;              /* enum vcpu_power */
	/* Where CPU_ON asked the vCPU to start. */
	uint64_t boot_pc;
	uint64_t boot_ctx;
	bool boot_is_primary;            /* boot CPU: gets the DTB registers */
	struct el1_sysregs sys;
	struct fpsimd_state fp;
	struct vtimer timer;
	struct ptimer ptimer;            /* emulated EL1 physical timer */
	bool ptimer_line;                /* its output as last given to the vGIC */
	uint64_t ptimer_wakeup;          /* CNTHP deadline armed for it, or UINT64_MAX */
	struct vgic_cpu vgic;
	/* Counters, printed in the stop report. */
	uint64_t exits;
	uint64_t exits_by_ec[ESR_ELx_EC_COUNT];
	/* Why a handler asked to stop the partition (EXIT_ACTION_STOP). */
	char stop_reason[96];
};

/* struct vcpu_regs offsets are hard-coded in vectors.S. */
_Static_assert(__builtin_offsetof(struct vcpu, regs) == 0, "regs first");
_Static_assert(__builtin_offsetof(struct vcpu_regs, elr) == VCPU_REGS_ELR, "ELR");
_Static_assert(__builtin_offsetof(struct vcpu_regs, spsr) == VCPU_REGS_SPSR, "SPSR");

/* Reset the vCPU's saved state to its entry: the partition's boot
 * registers for the boot vCPU, else where PSCI CPU_ON asked it to start. */
void vcpu_reset(struct vcpu *v);

static inline bool vcpu_is_aarch32(const struct vcpu *v)
{
	return v->aarch32;
}
/* Guest general register n in the guest's own view: x0-x30 for AArch64
 * (31 = xzr), r0-r14 (banked per mode) for AArch32. Inline for the
 * AArch64 case: every hypercall and MMIO exit reads and writes registers. */
uint64_t vcpu_get_reg32(const struct vcpu *v, unsigned n);
void vcpu_set_reg32(struct vcpu *v, unsigned n, uint64_t value);

/* AArch32 r0-r7 are not banked in any mode: they are x0-x7. */
#define AARCH32_UNBANKED_REGS 8

static inline uint64_t vcpu_get_reg(const struct vcpu *v, unsigned n)
{
	if (v->aarch32)
		return n < AARCH32_UNBANKED_REGS ? v->regs.x[n] & 0xffffffffULL
						 : vcpu_get_reg32(v, n);
	return n < 31 ? v->regs.x[n] : 0;    /* 31 = xzr */
}

static inline void vcpu_set_reg(struct vcpu *v, unsigned n, uint64_t value)
{
	if (v->aarch32) {
		if (n < AARCH32_UNBANKED_REGS)
			v->regs.x[n] = value & 0xffffffffULL;
		else
			vcpu_set_reg32(v, n, value);
	} else if (n < 31) {
		v->regs.x[n] = value;
	}
}
/*
 * Guest register n as an ESR syndrome numbers it (data abort ISS.SRT, CP15
 * trap Rt/Rt2). AArch64: x[n]. AArch32: the AArch64 view, x[n] itself,
 * whatever the guest's mode (the architecture), or, when the CPU reports
 * AArch32 numbers instead (QEMU's TCG; syndrome_probe.h), r[n] banked by
 * the current mode.
 */
static inline uint64_t vcpu_get_esr_reg(const struct vcpu *v, unsigned n)
{
	if (v->aarch32 && !syndrome_regs_banked)
		return n < 31 ? v->regs.x[n] & 0xffffffffULL : 0;
	return vcpu_get_reg(v, n);
}

static inline void vcpu_set_esr_reg(struct vcpu *v, unsigned n, uint64_t value)
{
	if (v->aarch32 && !syndrome_regs_banked) {
		if (n < 31)
			v->regs.x[n] = value & 0xffffffffULL;
		return;
	}
	vcpu_set_reg(v, n, value);
}

/* Step the guest PC past the trapped instruction (2 or 4 bytes); AArch32
 * also steps the IT state. */
void vcpu_skip_insn32(struct vcpu *v, unsigned len);

static inline void vcpu_skip_insn(struct vcpu *v, unsigned len)
{
	if (v->aarch32)
		vcpu_skip_insn32(v, len);
	else
		v->regs.elr += len;
}

/* The vCPU running on this pCPU, or NULL. */
struct vcpu *vcpu_current(void);

#endif
