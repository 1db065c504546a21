/* SPDX-License-Identifier: MIT */
/*
 * EL1 system registers by name, in the guest's own view. KVM keeps an
 * AArch32 guest's CP15 registers in the AArch64 registers they are
 * architecturally mapped to (Arm ARM DDI 0487, G8.2 "General system control
 * registers": e.g. DFAR is FAR_EL1[31:0], IFAR is FAR_EL1[63:32], TTBCR is
 * TCR_EL1[31:0], TTBCR2 TCR_EL1[63:32], PRRR/MAIR0 MAIR_EL1[31:0], DFSR
 * ESR_EL1[31:0]) or, for the ones without an EL1 home, in the *32_EL2
 * registers (DACR32_EL2, IFSR32_EL2, FPEXC32_EL2): one table maps each
 * name onto a KVM register id and a bit field of it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kvm/vcpu_state.h"
#include "kvm/vm_internal.h"

enum width { A64, A32, BOTH };

struct sysreg_map {
	const char *name;
	uint64_t id;            /* KVM register id (0: FPSCR, built from FPSR/FPCR) */
	uint8_t shift, bits;    /* the field of the KVM register */
	uint8_t width;          /* enum width: which guests have this name */
};

#define R64(e, id)            [ARMVM_SYSREG_##e] = { #e, id, 0, 64, A64 }
#define R32(e, id, sh, b)     [ARMVM_SYSREG_##e] = { #e, id, sh, b, A32 }
#define RT(e, id, b)          [ARMVM_SYSREG_##e] = { #e, id, 0, b, BOTH }

#define SCTLR_EL1       ARM64_SYS_REG(3, 0, 1, 0, 0)
#define ACTLR_EL1       ARM64_SYS_REG(3, 0, 1, 0, 1)
#define CPACR_EL1       ARM64_SYS_REG(3, 0, 1, 0, 2)
#define TTBR0_EL1       ARM64_SYS_REG(3, 0, 2, 0, 0)
#define TTBR1_EL1       ARM64_SYS_REG(3, 0, 2, 0, 1)
#define TCR_EL1         ARM64_SYS_REG(3, 0, 2, 0, 2)
#define AFSR0_EL1       ARM64_SYS_REG(3, 0, 5, 1, 0)
#define AFSR1_EL1       ARM64_SYS_REG(3, 0, 5, 1, 1)
#define ESR_EL1         ARM64_SYS_REG(3, 0, 5, 2, 0)
#define FAR_EL1         ARM64_SYS_REG(3, 0, 6, 0, 0)
#define PAR_EL1         ARM64_SYS_REG(3, 0, 7, 4, 0)
#define MAIR_EL1        ARM64_SYS_REG(3, 0, 10, 2, 0)
#define AMAIR_EL1       ARM64_SYS_REG(3, 0, 10, 3, 0)
#define VBAR_EL1        ARM64_SYS_REG(3, 0, 12, 0, 0)
#define CONTEXTIDR_EL1  ARM64_SYS_REG(3, 0, 13, 0, 1)
#define TPIDR_EL1       ARM64_SYS_REG(3, 0, 13, 0, 4)
#define TPIDR_EL0       ARM64_SYS_REG(3, 3, 13, 0, 2)
#define TPIDRRO_EL0     ARM64_SYS_REG(3, 3, 13, 0, 3)
#define CNTKCTL_EL1     ARM64_SYS_REG(3, 0, 14, 1, 0)
#define CSSELR_EL1      ARM64_SYS_REG(3, 2, 0, 0, 0)
#define MDSCR_EL1       ARM64_SYS_REG(2, 0, 0, 2, 2)
#define MIDR_EL1        ARM64_SYS_REG(3, 0, 0, 0, 0)
#define MPIDR_EL1       ARM64_SYS_REG(3, 0, 0, 0, 5)
#define DACR32_EL2      ARM64_SYS_REG(3, 4, 3, 0, 0)
#define IFSR32_EL2      ARM64_SYS_REG(3, 4, 5, 0, 1)
#define FPEXC32_EL2     ARM64_SYS_REG(3, 4, 5, 3, 0)

static const struct sysreg_map sysregs[] = {
	R64(SCTLR_EL1, SCTLR_EL1), R64(ACTLR_EL1, ACTLR_EL1), R64(CPACR_EL1, CPACR_EL1),
	R64(TTBR0_EL1, TTBR0_EL1), R64(TTBR1_EL1, TTBR1_EL1), R64(TCR_EL1, TCR_EL1),
	R64(ESR_EL1, ESR_EL1), R64(AFSR0_EL1, AFSR0_EL1), R64(AFSR1_EL1, AFSR1_EL1),
	R64(FAR_EL1, FAR_EL1), R64(PAR_EL1, PAR_EL1), R64(MAIR_EL1, MAIR_EL1),
	R64(AMAIR_EL1, AMAIR_EL1), R64(VBAR_EL1, VBAR_EL1), R64(CONTEXTIDR_EL1, CONTEXTIDR_EL1),
	R64(TPIDR_EL0, TPIDR_EL0), R64(TPIDRRO_EL0, TPIDRRO_EL0), R64(TPIDR_EL1, TPIDR_EL1),
	R64(CNTKCTL_EL1, CNTKCTL_EL1), R64(CSSELR_EL1, CSSELR_EL1), R64(MDSCR_EL1, MDSCR_EL1),
	R64(MIDR_EL1, MIDR_EL1), R64(MPIDR_EL1, MPIDR_EL1),

	R32(SCTLR, SCTLR_EL1, 0, 32), R32(ACTLR, ACTLR_EL1, 0, 32), R32(CPACR, CPACR_EL1, 0, 32),
	R32(TTBR0, TTBR0_EL1, 0, 64), R32(TTBR1, TTBR1_EL1, 0, 64),
	R32(TTBCR, TCR_EL1, 0, 32), R32(TTBCR2, TCR_EL1, 32, 32),
	R32(DACR, DACR32_EL2, 0, 32),
	R32(DFSR, ESR_EL1, 0, 32), R32(IFSR, IFSR32_EL2, 0, 32),
	R32(ADFSR, AFSR0_EL1, 0, 32), R32(AIFSR, AFSR1_EL1, 0, 32),
	R32(DFAR, FAR_EL1, 0, 32), R32(IFAR, FAR_EL1, 32, 32),
	R32(PAR, PAR_EL1, 0, 64),
	R32(PRRR, MAIR_EL1, 0, 32), R32(NMRR, MAIR_EL1, 32, 32),
	R32(MAIR0, MAIR_EL1, 0, 32), R32(MAIR1, MAIR_EL1, 32, 32),
	R32(AMAIR0, AMAIR_EL1, 0, 32), R32(AMAIR1, AMAIR_EL1, 32, 32),
	R32(VBAR, VBAR_EL1, 0, 32), R32(CONTEXTIDR, CONTEXTIDR_EL1, 0, 32),
	R32(TPIDRURW, TPIDR_EL0, 0, 32), R32(TPIDRURO, TPIDRRO_EL0, 0, 32),
	R32(TPIDRPRW, TPIDR_EL1, 0, 32),
	R32(CNTKCTL, CNTKCTL_EL1, 0, 32), R32(CSSELR, CSSELR_EL1, 0, 32),
	R32(MIDR, MIDR_EL1, 0, 32), R32(MPIDR, MPIDR_EL1, 0, 32),
	R32(FPEXC, FPEXC32_EL2, 0, 32), R32(FPSCR, 0, 0, 32),

	/* KVM's names: its TIMER_CNT and TIMER_CVAL macros carry each other's
	 * encodings (asm/kvm.h), so only the macros are used. */
	RT(CNTV_CTL, KVM_REG_ARM_TIMER_CTL, 32), RT(CNTV_CVAL, KVM_REG_ARM_TIMER_CVAL, 64),
	RT(CNTVCT, KVM_REG_ARM_TIMER_CNT, 64),
	RT(CNTP_CTL, KVM_REG_ARM_PTIMER_CTL, 32), RT(CNTP_CVAL, KVM_REG_ARM_PTIMER_CVAL, 64),
};

#define FPSR_ID (KVM_REG_ARM64 | KVM_REG_SIZE_U32 | KVM_REG_ARM_CORE | KVM_REG_ARM_CORE_REG(fp_regs.fpsr))
#define FPCR_ID (KVM_REG_ARM64 | KVM_REG_SIZE_U32 | KVM_REG_ARM_CORE | KVM_REG_ARM_CORE_REG(fp_regs.fpcr))
/* FPSCR's bits that live in FPSR (cumulative flags, NZCV, QC) and in FPCR
 * (controls): Arm ARM, "FPSCR" in G8 and "FPSR"/"FPCR" in C5. */
#define FPSCR_FPSR_MASK 0xf800009fu
#define FPSCR_FPCR_MASK 0x07ff9f00u

static const struct sysreg_map *lookup(struct armvm_vcpu *v, enum armvm_sysreg reg,
				       struct armvm_error *err)
{
	if (!v) {
		armvm_fail(err, ARMVM_E_INVAL, "NULL vCPU");
		return NULL;
	}
	if ((unsigned)reg >= sizeof(sysregs) / sizeof(sysregs[0]) || !sysregs[reg].name) {
		armvm_fail(err, ARMVM_E_INVAL, "unknown system register %d", (int)reg);
		return NULL;
	}
	const struct sysreg_map *m = &sysregs[reg];
	bool a32 = v->vm->arch == ARMVM_ARCH_AARCH32;
	if ((m->width == A64 && a32) || (m->width == A32 && !a32)) {
		armvm_fail(err, ARMVM_E_INVAL, "%s is a register of %s guests, this one is %s",
			   armvm_sysreg_name(reg), a32 ? "AArch64" : "AArch32",
			   a32 ? "AArch32" : "AArch64");
		return NULL;
	}
	if (!vcpu_state_accessible(v)) {
		armvm_fail(err, ARMVM_E_STATE, "vCPU %u is running on another thread; "
			   "stop or pause it before touching its registers", v->index);
		return NULL;
	}
	return m;
}

static int kvm_reg(struct armvm_vcpu *v, bool set, uint64_t id, void *val, const char *name,
		   struct armvm_error *err)
{
	struct kvm_one_reg r = { .id = id, .addr = (uint64_t)(uintptr_t)val };
	if (ioctl(v->fd, set ? KVM_SET_ONE_REG : KVM_GET_ONE_REG, &r) == 0)
		return 0;
	if (errno == ENOENT)
		return armvm_fail(err, ARMVM_E_UNSUPPORTED, "the host's KVM does not expose %s", name);
	return armvm_fail(err, ARMVM_E_KVM, "%s %s: %s", set ? "writing" : "reading", name,
			  strerror(errno));
}

static int reg_io(struct armvm_vcpu *v, bool set, uint64_t id, uint64_t *val, const char *name,
		  struct armvm_error *err)
{
	if ((id & KVM_REG_SIZE_MASK) == KVM_REG_SIZE_U32) {
		uint32_t v32 = (uint32_t)*val;
		int r = kvm_reg(v, set, id, &v32, name, err);
		*val = v32;
		return r;
	}
	return kvm_reg(v, set, id, val, name, err);
}

/* The EL1 physical timer has ONE_REG ids only from Linux 6.4 on (before,
 * KVM answers them from no state at all): believe KVM only when it lists
 * the id. */
static int check_listed(struct armvm_vcpu *v, const struct sysreg_map *m, const char *name,
			struct armvm_error *err)
{
	if (m->id != KVM_REG_ARM_PTIMER_CTL && m->id != KVM_REG_ARM_PTIMER_CVAL)
		return 0;
	struct kvm_reg_list *list;
	int r = vcpu_reg_list(v, &list, err);
	if (r < 0)
		return r;
	bool listed = false;
	for (uint64_t i = 0; i < list->n; i++)
		listed |= list->reg[i] == m->id;
	free(list);
	return listed ? 0 : armvm_fail(err, ARMVM_E_UNSUPPORTED,
				       "the host's KVM does not expose %s (Linux 6.4+)", name);
}

static uint64_t field_mask(const struct sysreg_map *m)
{
	return m->bits == 64 ? ~0ull : ((1ull << m->bits) - 1) << m->shift;
}

int armvm_sysreg_get(struct armvm_vcpu *vcpu, enum armvm_sysreg reg, uint64_t *value,
		     struct armvm_error *err)
{
	const struct sysreg_map *m = lookup(vcpu, reg, err);
	if (!m)
		return err ? err->code : ARMVM_E_INVAL;
	if (!value)
		return armvm_fail(err, ARMVM_E_INVAL, "NULL value");
	const char *name = armvm_sysreg_name(reg);
	uint64_t raw = 0;
	int r;
	if (reg == ARMVM_SYSREG_FPSCR) {
		uint64_t fpsr = 0, fpcr = 0;
		if ((r = reg_io(vcpu, false, FPSR_ID, &fpsr, "FPSR", err)) < 0 ||
		    (r = reg_io(vcpu, false, FPCR_ID, &fpcr, "FPCR", err)) < 0)
			return r;
		*value = (fpsr & FPSCR_FPSR_MASK) | (fpcr & FPSCR_FPCR_MASK);
		return 0;
	}
	if ((r = check_listed(vcpu, m, name, err)) < 0 ||
	    (r = reg_io(vcpu, false, m->id, &raw, name, err)) < 0)
		return r;
	*value = (raw & field_mask(m)) >> m->shift;
	return 0;
}

int armvm_sysreg_set(struct armvm_vcpu *vcpu, enum armvm_sysreg reg, uint64_t value,
		     struct armvm_error *err)
{
	const struct sysreg_map *m = lookup(vcpu, reg, err);
	if (!m)
		return err ? err->code : ARMVM_E_INVAL;
	const char *name = armvm_sysreg_name(reg);
	if (m->bits < 64 && value >> m->bits)
		return armvm_fail(err, ARMVM_E_RANGE, "0x%llx does not fit the %u bits of %s",
				  (unsigned long long)value, m->bits, name);
	int r;
	if (reg == ARMVM_SYSREG_FPSCR) {
		uint64_t fpsr = value & FPSCR_FPSR_MASK, fpcr = value & FPSCR_FPCR_MASK;
		if ((r = reg_io(vcpu, true, FPSR_ID, &fpsr, "FPSR", err)) < 0)
			return r;
		return reg_io(vcpu, true, FPCR_ID, &fpcr, "FPCR", err);
	}
	if ((r = check_listed(vcpu, m, name, err)) < 0)
		return r;
	uint64_t raw = value;
	if (m->bits < 64 && (m->width != BOTH || m->shift)) {
		/* Half of a 64-bit register (or its low 32 bits): keep the rest. */
		if ((r = reg_io(vcpu, false, m->id, &raw, name, err)) < 0)
			return r;
		raw = (raw & ~field_mask(m)) | (value << m->shift);
	}
	return reg_io(vcpu, true, m->id, &raw, name, err);
}

const char *armvm_sysreg_name(enum armvm_sysreg reg)
{
	/* Lower case, as armvm_reg_name's; built once into a static table. */
	static const char *const lower[] = {
#define L(e, s) [ARMVM_SYSREG_##e] = s
		L(SCTLR_EL1, "sctlr_el1"), L(ACTLR_EL1, "actlr_el1"), L(CPACR_EL1, "cpacr_el1"),
		L(TTBR0_EL1, "ttbr0_el1"), L(TTBR1_EL1, "ttbr1_el1"), L(TCR_EL1, "tcr_el1"),
		L(ESR_EL1, "esr_el1"), L(AFSR0_EL1, "afsr0_el1"), L(AFSR1_EL1, "afsr1_el1"),
		L(FAR_EL1, "far_el1"), L(PAR_EL1, "par_el1"), L(MAIR_EL1, "mair_el1"),
		L(AMAIR_EL1, "amair_el1"), L(VBAR_EL1, "vbar_el1"), L(CONTEXTIDR_EL1, "contextidr_el1"),
		L(TPIDR_EL0, "tpidr_el0"), L(TPIDRRO_EL0, "tpidrro_el0"), L(TPIDR_EL1, "tpidr_el1"),
		L(CNTKCTL_EL1, "cntkctl_el1"), L(CSSELR_EL1, "csselr_el1"), L(MDSCR_EL1, "mdscr_el1"),
		L(MIDR_EL1, "midr_el1"), L(MPIDR_EL1, "mpidr_el1"),
		L(SCTLR, "sctlr"), L(ACTLR, "actlr"), L(CPACR, "cpacr"), L(TTBR0, "ttbr0"),
		L(TTBR1, "ttbr1"), L(TTBCR, "ttbcr"), L(TTBCR2, "ttbcr2"), L(DACR, "dacr"),
		L(DFSR, "dfsr"), L(IFSR, "ifsr"), L(ADFSR, "adfsr"), L(AIFSR, "aifsr"),
		L(DFAR, "dfar"), L(IFAR, "ifar"), L(PAR, "par"), L(PRRR, "prrr"), L(NMRR, "nmrr"),
		L(MAIR0, "mair0"), L(MAIR1, "mair1"), L(AMAIR0, "amair0"), L(AMAIR1, "amair1"),
		L(VBAR, "vbar"), L(CONTEXTIDR, "contextidr"), L(TPIDRURW, "tpidrurw"),
		L(TPIDRURO, "tpidruro"), L(TPIDRPRW, "tpidrprw"), L(CNTKCTL, "cntkctl"),
		L(CSSELR, "csselr"), L(MIDR, "midr"), L(MPIDR, "mpidr"), L(FPEXC, "fpexc"),
		L(FPSCR, "fpscr"),
		L(CNTV_CTL, "cntv_ctl"), L(CNTV_CVAL, "cntv_cval"), L(CNTVCT, "cntvct"),
		L(CNTP_CTL, "cntp_ctl"), L(CNTP_CVAL, "cntp_cval"),
#undef L
	};
	if ((unsigned)reg >= sizeof(lower) / sizeof(lower[0]) || !lower[reg])
		return "?";
	return lower[reg];
}
