// SPDX-License-Identifier: MIT
/*
 * The FP/SIMD register file of a vCPU (KVM core registers fp_regs.vregs,
 * fpsr, fpcr): V0-V31 for AArch64 guests; an AArch32 guest's D0-D31 are
 * their halves (D2n = Vn[63:0], D2n+1 = Vn[127:64]) and its FPSCR is split
 * between FPSR and FPCR, as the architecture maps them.
 */
#include <errno.h>
#include <stddef.h>
#include <sys/ioctl.h>

#include "kvm/vm_internal.h"

static uint64_t fp_id(uint64_t size, uint64_t off)
{
	return KVM_REG_ARM64 | size | KVM_REG_ARM_CORE | off;
}

static int one_reg(struct armvm_vcpu *v, bool set, uint64_t id, void *val, struct armvm_error *err)
{
	struct kvm_one_reg r = { .id = id, .addr = (uint64_t)(uintptr_t)val };

	if (ioctl(v->fd, set ? KVM_SET_ONE_REG : KVM_GET_ONE_REG, &r) < 0)
		return armvm_fail_errno(err, ARMVM_E_KVM, errno, set ? "KVM_SET_ONE_REG" : "KVM_GET_ONE_REG");
	return 0;
}

static int fp_access(struct armvm_vcpu *v, struct armvm_fp *fp, bool set, struct armvm_error *err)
{
	int r;

	if (!v || !fp)
		return armvm_fail(err, ARMVM_E_INVAL, "NULL vCPU or FP state");
	if (!vcpu_state_accessible(v))
		return armvm_fail(err, ARMVM_E_STATE, "vCPU %u is running on another thread; "
				  "stop or pause it before touching its registers", v->index);
	for (unsigned i = 0; i < 32; i++)
		if ((r = one_reg(v, set, fp_id(KVM_REG_SIZE_U128, KVM_REG_ARM_CORE_REG(fp_regs.vregs[i])),
				 fp->v[i], err)))
			return r;
	if ((r = one_reg(v, set, fp_id(KVM_REG_SIZE_U32, KVM_REG_ARM_CORE_REG(fp_regs.fpsr)), &fp->fpsr, err)))
		return r;
	return one_reg(v, set, fp_id(KVM_REG_SIZE_U32, KVM_REG_ARM_CORE_REG(fp_regs.fpcr)), &fp->fpcr, err);
}

int armvm_fp_get(struct armvm_vcpu *vcpu, struct armvm_fp *fp, struct armvm_error *err)
{
	return fp_access(vcpu, fp, false, err);
}

int armvm_fp_set(struct armvm_vcpu *vcpu, const struct armvm_fp *fp, struct armvm_error *err)
{
	struct armvm_fp copy = *fp;

	return fp_access(vcpu, &copy, true, err);
}
