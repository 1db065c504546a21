// SPDX-License-Identifier: MIT
/*
 * Injecting synchronous exceptions into a guest: what the CPU would have
 * done had the fault been taken to EL1 directly (Arm ARM D1.10 for AArch64,
 * G1.12 for AArch32 exception entry). The vCPU's EL1 registers are live in
 * the CPU while it runs, so they are written directly.
 */
#include "arch/aarch32.h"
#include "arch/esr.h"
#include "el2/el2_regs.h"
#include "el2/sysreg.h"
#include "el2/trap.h"

/* AArch64 vector offsets from VBAR_EL1 */
#define VEC_CURRENT_SP0   0x000
#define VEC_CURRENT_SPX   0x200
#define VEC_LOWER_A64     0x400
#define VEC_LOWER_A32     0x600
/* AArch32 vector offsets */
#define VEC32_UNDEF       0x04
#define VEC32_PABT        0x0c
#define VEC32_DABT        0x10
#define VEC32_HIGH_BASE   0xffff0000ULL
/* Return-address offsets the AArch32 exception entry adds to the PC */
#define LR32_DABT         8
#define LR32_PABT         4

static void inject64(struct vcpu *v, unsigned ec_low, unsigned ec_cur,
		     uint64_t iss, uint64_t far, bool il32)
{
	uint64_t spsr = v->regs.spsr;
	uint64_t off;
	bool from_el0;

	if (spsr & PSR_MODE32_BIT) {
		off = VEC_LOWER_A32;
		from_el0 = true;
	} else {
		unsigned mode = spsr & PSR_MODE_MASK;
		from_el0 = mode == PSR_MODE_EL0t;
		off = from_el0 ? VEC_LOWER_A64 :
		      mode == PSR_MODE_EL1t ? VEC_CURRENT_SP0 : VEC_CURRENT_SPX;
	}
	uint64_t esr = ((uint64_t)(from_el0 ? ec_low : ec_cur) << ESR_ELx_EC_SHIFT) |
		       (il32 ? ESR_ELx_IL : 0) | iss;
	write_sysreg(elr_el1, v->regs.elr);
	write_sysreg(spsr_el1, spsr);
	write_sysreg(esr_el1, esr);
	write_sysreg(far_el1, far);
	v->regs.elr = read_sysreg(vbar_el1) + off;
	v->regs.spsr = PSR_MODE_EL1h | PSR_D_BIT | PSR_A_BIT | PSR_I_BIT | PSR_F_BIT;
}

/* Enter AArch32 abort or undefined mode at `vec` with LR = PC + lr_off. */
static void inject32(struct vcpu *v, unsigned mode, uint64_t vec, uint64_t lr_off)
{
	uint64_t cpsr = v->regs.spsr;
	uint64_t sctlr = read_sysreg(sctlr_el1);
	uint64_t base = (sctlr & SCTLR32_V) ? VEC32_HIGH_BASE :
			(read_sysreg(vbar_el1) & 0xffffffe0ULL);
	uint64_t ret = (v->regs.elr + lr_off) & 0xffffffffULL;

	if (mode == PSR_AA32_MODE_ABT) {
		write_sysreg(spsr_abt, cpsr);
		v->regs.x[AARCH32_X_LR_ABT] = ret;
	} else {
		write_sysreg(spsr_und, cpsr);
		v->regs.x[AARCH32_X_LR_UND] = ret;
	}
	cpsr &= ~(uint64_t)(PSR_AA32_MODE_MASK | PSR_AA32_T_BIT | PSR_AA32_E_BIT |
			    PSR_AA32_IT_MASK);
	cpsr |= PSR_MODE32_BIT | mode | PSR_I_BIT | PSR_A_BIT;
	if (sctlr & SCTLR32_TE)
		cpsr |= PSR_AA32_T_BIT;
	if (sctlr & SCTLR32_EE)
		cpsr |= PSR_AA32_E_BIT;
	v->regs.spsr = cpsr;
	v->regs.elr = base + vec;
}

/* Fault status for a synchronous external abort in the guest's format. */
static uint64_t fsr32_extabt(void)
{
	if (read_sysreg(tcr_el1) & TTBCR_EAE)
		return DFSR_LPAE | DFSR_LONG_STATUS_EXTABT;
	return DFSR_SHORT_FS_EXTABT;
}

void inject_dabt(struct vcpu *v, uint64_t va, bool write)
{
	if (vcpu_is_aarch32(v)) {
		uint64_t far = read_sysreg(far_el1);
		write_sysreg(far_el1, (far & ~0xffffffffULL) | (va & 0xffffffffULL));
		write_sysreg(esr_el1, fsr32_extabt() | (write ? DFSR_WNR : 0));
		inject32(v, PSR_AA32_MODE_ABT, VEC32_DABT, LR32_DABT);
		return;
	}
	inject64(v, ESR_ELx_EC_DABT_LOW, ESR_ELx_EC_DABT_CUR,
		 ESR_ELx_FSC_EXTABT | (write ? ESR_ELx_WNR : 0), va, true);
}

void inject_iabt(struct vcpu *v, uint64_t va)
{
	if (vcpu_is_aarch32(v)) {
		uint64_t far = read_sysreg(far_el1);
		write_sysreg(far_el1, (far & 0xffffffffULL) | (va << 32));
		write_sysreg(ifsr32_el2, fsr32_extabt());
		inject32(v, PSR_AA32_MODE_ABT, VEC32_PABT, LR32_PABT);
		return;
	}
	inject64(v, ESR_ELx_EC_IABT_LOW, ESR_ELx_EC_IABT_CUR,
		 ESR_ELx_FSC_EXTABT, va, true);
}

void inject_undef(struct vcpu *v, unsigned insn_len)
{
	if (vcpu_is_aarch32(v)) {
		/* LR_und = address of the next instruction. */
		inject32(v, PSR_AA32_MODE_UND, VEC32_UNDEF, insn_len);
		return;
	}
	inject64(v, ESR_ELx_EC_UNKNOWN, ESR_ELx_EC_UNKNOWN, 0, 0, insn_len == 4);
}
