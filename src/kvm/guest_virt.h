/* SPDX-License-Identifier: MIT */
/*
 * The hosted engine's view of guest virtual memory (guest_virt.c): the
 * vCPU's stage-1 registers and guest-physical accessors over the memory
 * slots, for the shared walker (arch/stage1.h).
 */
#ifndef ARMVM_KVM_GUEST_VIRT_H
#define ARMVM_KVM_GUEST_VIRT_H

#include "arch/stage1.h"
#include "kvm/vm_internal.h"

/* SCTLR/TCR/TTBR0/TTBR1 of EL1: 0, or a negative errno. */
int guest_virt_stage1_regs(struct armvm_vcpu *v, struct stage1_regs *regs);
/* stage1_read_phys_fn / stage1_write_phys_fn over RAM and ROM (ctx: the VM). */
int guest_virt_read_phys(void *ctx, uint64_t ipa, void *buf, size_t len);
int guest_virt_write_phys(void *ctx, uint64_t ipa, const void *buf, size_t len);

#endif
