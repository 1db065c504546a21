/* SPDX-License-Identifier: MIT */
/*
 * EL2 exception vectors and the guest entry/exit path. TPIDR_EL2 holds the
 * running struct vcpu, whose first member is the saved x0-x30, ELR and SPSR
 * (hyp_layout.h). An exit saves them, calls vcpu_handle_exit(vcpu, kind) on
 * the pCPU's EL2 stack and, when it returns, restores them and ERETs.
 * EL1 system registers and FP/SIMD are not touched here: EL2 code never
 * uses them, so they stay live in the CPU while the vCPU owns it (see
 * switch.h for when they are switched). This is the world switch's
 * general-register half; vcpu_run.c is the C side of the loop.
 */
#include "el2/hyp_layout.h"

.macro	ventry target
	.balign	0x80
	b	\target
.endm

.macro	guest_vector kind
	.balign	0x80
	stp	x0, x1, [sp, #-16]!
	mov	x0, #\kind
	b	guest_exit
.endm

.macro	hyp_vector kind
	.balign	0x80
	stp	x0, x1, [sp, #-16]!
	mov	x0, #\kind
	b	hyp_exception
.endm

	.text
	.balign	0x800
	.global hyp_vectors
hyp_vectors:
	/* Current EL with SP_EL0: never used (EL2 runs on SP_EL2). */
	hyp_vector HYP_FAULT_SYNC
	hyp_vector HYP_FAULT_IRQ
	hyp_vector HYP_FAULT_FIQ
	hyp_vector HYP_FAULT_SERROR
	/* Current EL with SP_EL2: a fault in the hypervisor itself. */
	hyp_vector HYP_FAULT_SYNC
	hyp_vector HYP_FAULT_IRQ
	hyp_vector HYP_FAULT_FIQ
	hyp_vector HYP_FAULT_SERROR
	/* Lower EL, AArch64 guest. */
	guest_vector EXIT_SYNC
	guest_vector EXIT_IRQ
	guest_vector EXIT_FIQ
	guest_vector EXIT_SERROR
	/* Lower EL, AArch32 guest. */
	guest_vector EXIT_SYNC
	guest_vector EXIT_IRQ
	guest_vector EXIT_FIQ
	guest_vector EXIT_SERROR

/* x0 = exit kind; the guest's x0/x1 are on the stack. */
guest_exit:
	mrs	x1, tpidr_el2
	stp	x2, x3, [x1, #VCPU_REGS_X0 + 16]
	stp	x4, x5, [x1, #VCPU_REGS_X0 + 32]
	stp	x6, x7, [x1, #VCPU_REGS_X0 + 48]
	stp	x8, x9, [x1, #VCPU_REGS_X0 + 64]
	stp	x10, x11, [x1, #VCPU_REGS_X0 + 80]
	stp	x12, x13, [x1, #VCPU_REGS_X0 + 96]
	stp	x14, x15, [x1, #VCPU_REGS_X0 + 112]
	stp	x16, x17, [x1, #VCPU_REGS_X0 + 128]
	stp	x18, x19, [x1, #VCPU_REGS_X0 + 144]
	stp	x20, x21, [x1, #VCPU_REGS_X0 + 160]
	stp	x22, x23, [x1, #VCPU_REGS_X0 + 176]
	stp	x24, x25, [x1, #VCPU_REGS_X0 + 192]
	stp	x26, x27, [x1, #VCPU_REGS_X0 + 208]
	stp	x28, x29, [x1, #VCPU_REGS_X0 + 224]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x1, #VCPU_REGS_X0]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x30, x2, [x1, #VCPU_REGS_X0 + 240]
	str	x3, [x1, #VCPU_REGS_SPSR]
	mov	x2, x1
	mov	x1, x0
	mov	x0, x2
	bl	vcpu_handle_exit
	mrs	x0, tpidr_el2
	b	guest_restore

/*
 * vcpu_enter(struct vcpu *vcpu, uint64_t stack_top): first entry of a vCPU
 * on this pCPU: reset the EL2 stack (nothing below us is needed any more),
 * make vcpu current and drop into it.
 */
	.global vcpu_enter
vcpu_enter:
	mov	sp, x1
	msr	tpidr_el2, x0
guest_restore:
	ldp	x30, x2, [x0, #VCPU_REGS_X0 + 240]
	ldr	x3, [x0, #VCPU_REGS_SPSR]
	msr	elr_el2, x2
	msr	spsr_el2, x3
	ldp	x2, x3, [x0, #VCPU_REGS_X0 + 16]
	ldp	x4, x5, [x0, #VCPU_REGS_X0 + 32]
	ldp	x6, x7, [x0, #VCPU_REGS_X0 + 48]
	ldp	x8, x9, [x0, #VCPU_REGS_X0 + 64]
	ldp	x10, x11, [x0, #VCPU_REGS_X0 + 80]
	ldp	x12, x13, [x0, #VCPU_REGS_X0 + 96]
	ldp	x14, x15, [x0, #VCPU_REGS_X0 + 112]
	ldp	x16, x17, [x0, #VCPU_REGS_X0 + 128]
	ldp	x18, x19, [x0, #VCPU_REGS_X0 + 144]
	ldp	x20, x21, [x0, #VCPU_REGS_X0 + 160]
	ldp	x22, x23, [x0, #VCPU_REGS_X0 + 176]
	ldp	x24, x25, [x0, #VCPU_REGS_X0 + 192]
	ldp	x26, x27, [x0, #VCPU_REGS_X0 + 208]
	ldp	x28, x29, [x0, #VCPU_REGS_X0 + 224]
	ldp	x0, x1, [x0, #VCPU_REGS_X0]
	eret
	/* Straight-line speculation barrier after ERET. */
	dsb	nsh
	isb

/* x0 = fault kind; x30 (the interrupted code's link register) is passed
 * along for the report. */
hyp_exception:
	mov	x1, x30
	bl	hyp_fault
1:	wfi			/* hyp_fault does not return */
	b	1b
