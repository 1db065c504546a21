/* SPDX-License-Identifier: MIT */
/*
 * Guest registers in the guest's own view, mapped onto KVM's arm64 core
 * registers (struct kvm_regs, accessed with KVM_{GET,SET}_ONE_REG).
 *
 * An AArch32 guest's registers live in the AArch64 registers as the Arm ARM
 * maps them for an exception taken from AArch32 to AArch64 (D1.20.1): the
 * map is src/arch/aarch32.h's, shared with the EL2 engine. R15 = PC,
 * CPSR = PSTATE, and SPSR_svc/abt/und/irq/fiq = KVM's spsr[].
 */
#include <errno.h>
#include <stddef.h>
#include <sys/ioctl.h>

#include "arch/aarch32.h"
#include "arch/psr.h"
#include "kvm/vm_internal.h"

#define CORE_OFF(field) KVM_REG_ARM_CORE_REG(field)
#define CORE_X(n)       CORE_OFF(regs.regs[n])

static uint64_t core_reg_id(uint64_t off)
{
	return KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | off;
}

static int core_get(struct armvm_vcpu *v, uint64_t off, uint64_t *val,
		    struct armvm_error *err)
{
	struct kvm_one_reg r = { .id = core_reg_id(off), .addr = (uint64_t)(uintptr_t)val };
	if (ioctl(v->fd, KVM_GET_ONE_REG, &r) < 0)
		return armvm_fail_errno(err, ARMVM_E_KVM, errno, "KVM_GET_ONE_REG");
	return 0;
}

static int core_set(struct armvm_vcpu *v, uint64_t off, uint64_t val,
		    struct armvm_error *err)
{
	struct kvm_one_reg r = { .id = core_reg_id(off), .addr = (uint64_t)(uintptr_t)&val };
	if (ioctl(v->fd, KVM_SET_ONE_REG, &r) < 0)
		return armvm_fail_errno(err, ARMVM_E_KVM, errno, "KVM_SET_ONE_REG");
	return 0;
}

/* KVM keeps the banked SPSRs of the AArch32 modes in kvm_regs.spsr[]. */
static int aa32_spsr_index(unsigned mode)
{
	switch (mode) {
	case PSR_AA32_MODE_SVC: return KVM_SPSR_SVC;
	case PSR_AA32_MODE_ABT: return KVM_SPSR_ABT;
	case PSR_AA32_MODE_UND: return KVM_SPSR_UND;
	case PSR_AA32_MODE_IRQ: return KVM_SPSR_IRQ;
	case PSR_AA32_MODE_FIQ: return KVM_SPSR_FIQ;
	default: return -1;
	}
}

#define AA32_SPSR 16    /* not a register number: the mode's SPSR */

/* What each banked register of the API is: a mode and a register number
 * (or its SPSR), by enum offset from ARMVM_REG_SP_USR. */
static const struct { uint8_t mode, n; } aa32_banked[] = {
	{ PSR_AA32_MODE_USR, 13 }, { PSR_AA32_MODE_USR, 14 },
	{ PSR_AA32_MODE_SVC, 13 }, { PSR_AA32_MODE_SVC, 14 }, { PSR_AA32_MODE_SVC, AA32_SPSR },
	{ PSR_AA32_MODE_ABT, 13 }, { PSR_AA32_MODE_ABT, 14 }, { PSR_AA32_MODE_ABT, AA32_SPSR },
	{ PSR_AA32_MODE_UND, 13 }, { PSR_AA32_MODE_UND, 14 }, { PSR_AA32_MODE_UND, AA32_SPSR },
	{ PSR_AA32_MODE_IRQ, 13 }, { PSR_AA32_MODE_IRQ, 14 }, { PSR_AA32_MODE_IRQ, AA32_SPSR },
	{ PSR_AA32_MODE_FIQ, 13 }, { PSR_AA32_MODE_FIQ, 14 }, { PSR_AA32_MODE_FIQ, AA32_SPSR },
	{ PSR_AA32_MODE_FIQ, 8 }, { PSR_AA32_MODE_FIQ, 9 }, { PSR_AA32_MODE_FIQ, 10 },
	{ PSR_AA32_MODE_FIQ, 11 }, { PSR_AA32_MODE_FIQ, 12 },
};
_Static_assert(sizeof(aa32_banked) / sizeof(aa32_banked[0]) ==
	       ARMVM_REG_R12_FIQ - ARMVM_REG_SP_USR + 1,
	       "one entry per banked register of enum armvm_reg");

/* Resolve an AArch32 register to its core register offset. */
static int aa32_locate(struct armvm_vcpu *v, enum armvm_reg reg, uint64_t *off,
		       struct armvm_error *err)
{
	if (reg == ARMVM_REG_R15) { *off = CORE_OFF(regs.pc); return 0; }
	if (reg == ARMVM_REG_CPSR) { *off = CORE_OFF(regs.pstate); return 0; }
	if (reg >= ARMVM_REG_SP_USR && reg <= ARMVM_REG_R12_FIQ) {
		unsigned mode = aa32_banked[reg - ARMVM_REG_SP_USR].mode;
		unsigned n = aa32_banked[reg - ARMVM_REG_SP_USR].n;
		if (n == AA32_SPSR)
			*off = CORE_OFF(spsr[aa32_spsr_index(mode)]);
		else
			*off = CORE_X(aarch32_xreg_index(mode, n));
		return 0;
	}
	if (reg < ARMVM_REG_R0 || reg > ARMVM_REG_R14)
		return armvm_fail(err, ARMVM_E_INVAL, "register %d is not an "
				  "AArch32 register", (int)reg);
	unsigned n = reg - ARMVM_REG_R0;
	if (n < 8) { *off = CORE_X(n); return 0; }   /* never banked */

	/* R8-R14 depend on the current mode. */
	uint64_t cpsr;
	int r = core_get(v, CORE_OFF(regs.pstate), &cpsr, err);
	if (r < 0)
		return r;
	uint32_t mode = (uint32_t)cpsr & PSR_AA32_MODE_MASK;
	int x = aarch32_xreg_index(mode, n);
	if (x == AARCH32_NO_XREG)
		return armvm_fail(err, ARMVM_E_STATE, "CPSR mode 0x%x has no banked "
				  "registers an EL1 guest can use", mode);
	*off = CORE_X(x);
	return 0;
}

/* Resolve an AArch64 register to its core register offset. */
static int aa64_locate(struct armvm_vcpu *v, enum armvm_reg reg, uint64_t *off,
		       struct armvm_error *err)
{
	switch (reg) {
	case ARMVM_REG_PC:       *off = CORE_OFF(regs.pc); return 0;
	case ARMVM_REG_PSTATE:   *off = CORE_OFF(regs.pstate); return 0;
	case ARMVM_REG_SP_EL0:   *off = CORE_OFF(regs.sp); return 0;
	case ARMVM_REG_SP_EL1:   *off = CORE_OFF(sp_el1); return 0;
	case ARMVM_REG_ELR_EL1:  *off = CORE_OFF(elr_el1); return 0;
	case ARMVM_REG_SPSR_EL1: *off = CORE_OFF(spsr[KVM_SPSR_EL1]); return 0;
	case ARMVM_REG_SP: {
		uint64_t pstate;
		int r = core_get(v, CORE_OFF(regs.pstate), &pstate, err);
		if (r < 0)
			return r;
		*off = (pstate & PSR_MODE_MASK) == PSR_MODE_EL1h ? CORE_OFF(sp_el1)
								 : CORE_OFF(regs.sp);
		return 0;
	}
	default:
		if (reg >= ARMVM_REG_X0 && reg <= ARMVM_REG_X30) {
			*off = CORE_X(reg - ARMVM_REG_X0);
			return 0;
		}
		return armvm_fail(err, ARMVM_E_INVAL, "register %d is not an "
				  "AArch64 register", (int)reg);
	}
}

static int locate(struct armvm_vcpu *v, enum armvm_reg reg, uint64_t *off,
		  struct armvm_error *err)
{
	if (!vcpu_state_accessible(v))
		return armvm_fail(err, ARMVM_E_STATE, "vCPU %u is running on another "
				  "thread; stop or pause it before touching its registers",
				  v->index);
	if (v->vm->arch == ARMVM_ARCH_AARCH32)
		return aa32_locate(v, reg, off, err);
	return aa64_locate(v, reg, off, err);
}

int armvm_reg_get(struct armvm_vcpu *vcpu, enum armvm_reg reg, uint64_t *value,
		  struct armvm_error *err)
{
	uint64_t off;
	int r = locate(vcpu, reg, &off, err);
	if (r < 0)
		return r;
	r = core_get(vcpu, off, value, err);
	if (r == 0 && vcpu->vm->arch == ARMVM_ARCH_AARCH32)
		*value &= 0xffffffffu;
	return r;
}

int armvm_reg_set(struct armvm_vcpu *vcpu, enum armvm_reg reg, uint64_t value,
		  struct armvm_error *err)
{
	uint64_t off;
	int r = locate(vcpu, reg, &off, err);
	if (r < 0)
		return r;
	if (vcpu->vm->arch == ARMVM_ARCH_AARCH32 && value > 0xffffffffu)
		return armvm_fail(err, ARMVM_E_RANGE, "value 0x%llx does not fit "
				  "AArch32 register %s", (unsigned long long)value,
				  armvm_reg_name(reg));
	return core_set(vcpu, off, value, err);
}

static const char *const aa32_banked_names[] = {
	"sp_usr", "lr_usr", "sp_svc", "lr_svc", "spsr_svc", "sp_abt", "lr_abt",
	"spsr_abt", "sp_und", "lr_und", "spsr_und", "sp_irq", "lr_irq",
	"spsr_irq", "sp_fiq", "lr_fiq", "spsr_fiq", "r8_fiq", "r9_fiq",
	"r10_fiq", "r11_fiq", "r12_fiq",
};

const char *armvm_reg_name(enum armvm_reg reg)
{
	static const char *const x[] = {
		"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10",
		"x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19", "x20",
		"x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28", "x29", "x30",
		"sp", "pc", "pstate", "sp_el0", "sp_el1", "elr_el1", "spsr_el1",
	};
	static const char *const r[] = {
		"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10",
		"r11", "r12", "r13", "r14", "r15", "cpsr",
	};
	if ((unsigned)reg <= ARMVM_REG_SPSR_EL1)
		return x[reg];
	if (reg >= ARMVM_REG_R0 && reg <= ARMVM_REG_CPSR)
		return r[reg - ARMVM_REG_R0];
	if (reg >= ARMVM_REG_SP_USR && reg <= ARMVM_REG_R12_FIQ)
		return aa32_banked_names[reg - ARMVM_REG_SP_USR];
	return "?";
}
