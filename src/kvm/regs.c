/* SPDX-License-Identifier: MIT */
/*
 * Guest registers in the guest's own view, mapped onto KVM's arm64 core
 * registers (struct kvm_regs, accessed with KVM_{GET,SET}_ONE_REG).
 *
 * An AArch32 guest's registers live in the AArch64 registers as the Arm ARM
 * maps them for an exception taken from AArch32 to AArch64 (D1.20.1,
 * "Mapping of the AArch32 registers to the AArch64 registers"):
 *   R0-R12 (usr) = X0-X12, SP_usr = X13, LR_usr = X14, SP_hyp = X15,
 *   LR_irq = X16, SP_irq = X17, LR_svc = X18, SP_svc = X19,
 *   LR_abt = X20, SP_abt = X21, LR_und = X22, SP_und = X23,
 *   R8_fiq-R12_fiq = X24-X28, SP_fiq = X29, LR_fiq = X30,
 * R15 = PC, CPSR = PSTATE, and SPSR_svc/abt/und/irq/fiq = KVM's spsr[].
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

/* Banked AArch32 registers, by enum offset from ARMVM_REG_SP_USR. */
static const uint64_t aa32_banked[] = {
	CORE_X(13), CORE_X(14),                              /* usr */
	CORE_X(19), CORE_X(18), CORE_OFF(spsr[KVM_SPSR_SVC]), /* svc */
	CORE_X(21), CORE_X(20), CORE_OFF(spsr[KVM_SPSR_ABT]), /* abt */
	CORE_X(23), CORE_X(22), CORE_OFF(spsr[KVM_SPSR_UND]), /* und */
	CORE_X(17), CORE_X(16), CORE_OFF(spsr[KVM_SPSR_IRQ]), /* irq */
	CORE_X(29), CORE_X(30), CORE_OFF(spsr[KVM_SPSR_FIQ]), /* fiq */
	CORE_X(24), CORE_X(25), CORE_X(26), CORE_X(27), CORE_X(28), /* r8-r12 fiq */
};

/* Where R13 and R14 of the current mode live. */
static int aa32_sp_lr(uint32_t mode, unsigned *sp, unsigned *lr)
{
	switch (mode) {
	case PSR_AA32_MODE_USR: case PSR_AA32_MODE_SYS: *sp = 13; *lr = 14; return 0;
	case PSR_AA32_MODE_SVC: *sp = 19; *lr = 18; return 0;
	case PSR_AA32_MODE_ABT: *sp = 21; *lr = 20; return 0;
	case PSR_AA32_MODE_UND: *sp = 23; *lr = 22; return 0;
	case PSR_AA32_MODE_IRQ: *sp = 17; *lr = 16; return 0;
	case PSR_AA32_MODE_FIQ: *sp = 29; *lr = 30; return 0;
	default: return -1;
	}
}

/* Resolve an AArch32 register to its core register offset. */
static int aa32_locate(struct armvm_vcpu *v, enum armvm_reg reg, uint64_t *off,
		       struct armvm_error *err)
{
	if (reg == ARMVM_REG_R15) { *off = CORE_OFF(regs.pc); return 0; }
	if (reg == ARMVM_REG_CPSR) { *off = CORE_OFF(regs.pstate); return 0; }
	if (reg >= ARMVM_REG_SP_USR && reg <= ARMVM_REG_R12_FIQ) {
		*off = aa32_banked[reg - ARMVM_REG_SP_USR];
		return 0;
	}
	if (reg < ARMVM_REG_R0 || reg > ARMVM_REG_R14)
		return armvm_fail(err, ARMVM_E_INVAL, "register %d is not an "
				  "AArch32 register", (int)reg);
	unsigned n = reg - ARMVM_REG_R0;
	if (n < 8) { *off = CORE_X(n); return 0; }

	/* R8-R14 depend on the current mode. */
	uint64_t cpsr;
	int r = core_get(v, CORE_OFF(regs.pstate), &cpsr, err);
	if (r < 0)
		return r;
	uint32_t mode = (uint32_t)cpsr & PSR_AA32_MODE_MASK;
	unsigned sp, lr;
	if (aa32_sp_lr(mode, &sp, &lr) < 0)
		return armvm_fail(err, ARMVM_E_STATE, "CPSR mode 0x%x has no banked "
				  "registers an EL1 guest can use", mode);
	if (n <= 12)
		*off = CORE_X(mode == PSR_AA32_MODE_FIQ ? n + 16 : n);
	else
		*off = CORE_X(n == 13 ? sp : lr);
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
	if (atomic_load(&v->running) && !pthread_equal(v->thread, pthread_self()))
		return armvm_fail(err, ARMVM_E_STATE, "vCPU %u is running on another "
				  "thread; stop it before touching its registers",
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
