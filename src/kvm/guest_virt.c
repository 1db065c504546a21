// SPDX-License-Identifier: MIT
/*
 * Guest memory by virtual address for the hosted engine: the vCPU's EL1
 * translation registers read with KVM_GET_ONE_REG, the shared stage-1
 * walker (arch/stage1.h) over the VM's RAM and ROM slots. Used by the
 * syndrome-less MMIO emulation (nisv.c) and offered to embedders
 * (armvm_vcpu_read_virt / armvm_vcpu_write_virt, e.g. for a debugger).
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kvm/guest_virt.h"

/* EL1 system registers (op0, op1, CRn, CRm, op2: Arm ARM D19.2) */
#define SYSREG_SCTLR_EL1 ARM64_SYS_REG(3, 0, 1, 0, 0)
#define SYSREG_TTBR0_EL1 ARM64_SYS_REG(3, 0, 2, 0, 0)
#define SYSREG_TTBR1_EL1 ARM64_SYS_REG(3, 0, 2, 0, 1)
#define SYSREG_TCR_EL1   ARM64_SYS_REG(3, 0, 2, 0, 2)

static int get_one(struct armvm_vcpu *v, uint64_t id, uint64_t *val)
{
	struct kvm_one_reg r = { .id = id, .addr = (uint64_t)(uintptr_t)val };

	return ioctl(v->fd, KVM_GET_ONE_REG, &r) < 0 ? -errno : 0;
}

int guest_virt_stage1_regs(struct armvm_vcpu *v, struct stage1_regs *regs)
{
	int r;

	memset(regs, 0, sizeof(*regs));
	regs->aarch64 = v->vm->arch == ARMVM_ARCH_AARCH64;
	if ((r = get_one(v, SYSREG_SCTLR_EL1, &regs->sctlr)) || (r = get_one(v, SYSREG_TCR_EL1, &regs->tcr)) ||
	    (r = get_one(v, SYSREG_TTBR0_EL1, &regs->ttbr0)) || (r = get_one(v, SYSREG_TTBR1_EL1, &regs->ttbr1)))
		return r;
	return 0;
}

/* Copy to or from guest RAM/ROM under the published region table, as a
 * reader (memory_map.c): a map change waits until the copy is done. */
static int copy_phys(struct armvm_vm *vm, uint64_t ipa, void *rbuf,
		     const void *wbuf, size_t len)
{
	int r = -1;

	atomic_fetch_add(&vm->table_readers, 1);
	const struct mem_region *m = mem_find(atomic_load(&vm->table), ipa, len);
	if (m) {
		uint8_t *p = (uint8_t *)m->host + (ipa - m->gpa);
		if (rbuf)
			memcpy(rbuf, p, len);
		else
			memcpy(p, wbuf, len);
		r = 0;
	}
	atomic_fetch_sub(&vm->table_readers, 1);
	return r;
}

int guest_virt_read_phys(void *ctx, uint64_t ipa, void *buf, size_t len)
{
	return copy_phys(ctx, ipa, buf, NULL, len);
}

int guest_virt_write_phys(void *ctx, uint64_t ipa, const void *buf, size_t len)
{
	/* ROM too: a debugger plants breakpoints in firmware */
	return copy_phys(ctx, ipa, NULL, buf, len);
}

static int copy_virt(struct armvm_vcpu *v, uint64_t va, void *rbuf, const void *wbuf, size_t len,
		     size_t *done, struct armvm_error *err)
{
	struct stage1_regs regs;
	int r;

	*done = 0;
	if (!v)
		return armvm_fail(err, ARMVM_E_INVAL, "NULL vCPU");
	if (!vcpu_state_accessible(v))
		return armvm_fail(err, ARMVM_E_STATE, "vCPU %u is running on another thread; "
				  "stop it before reading its memory", v->index);
	if ((r = guest_virt_stage1_regs(v, &regs)))
		return armvm_fail_errno(err, ARMVM_E_KVM, -r, "KVM_GET_ONE_REG (translation registers)");
	struct stage1_walk w = { .regs = &regs, .read_phys = guest_virt_read_phys,
				 .write_phys = guest_virt_write_phys, .ctx = v->vm };
	*done = rbuf ? stage1_read_virt(&w, va, rbuf, len) : stage1_write_virt(&w, va, wbuf, len);
	if (*done < len)
		return armvm_fail(err, ARMVM_E_RANGE, "guest virtual address 0x%llx is not mapped to memory",
				  (unsigned long long)(va + *done));
	return 0;
}

int armvm_vcpu_read_virt(struct armvm_vcpu *vcpu, uint64_t va, void *buf, size_t len,
			 size_t *done, struct armvm_error *err)
{
	size_t n;
	int r = copy_virt(vcpu, va, buf, NULL, len, &n, err);

	if (done)
		*done = n;
	return r;
}

int armvm_vcpu_write_virt(struct armvm_vcpu *vcpu, uint64_t va, const void *buf, size_t len,
			  size_t *done, struct armvm_error *err)
{
	size_t n;
	int r = copy_virt(vcpu, va, NULL, buf, len, &n, err);

	if (done)
		*done = n;
	return r;
}
