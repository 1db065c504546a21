/* SPDX-License-Identifier: MIT */
/*
 * Entry, EL2 vectors and EL1 guest vectors of the vGIC hardware-emulation
 * test image. QEMU starts it at EL2 (virtualization=on, no EL3). An
 * exception from the guest saves x0-x30, ELR_EL2 and SPSR_EL2 in a frame on
 * the EL2 stack and calls hyp_exception(frame, kind); an IRQ at EL2 itself
 * calls hyp_exception(frame, HARNESS_EXC_EL2_IRQ).
 */
#include "harness.h"

	.section .text.boot, "ax"
	.global _start
_start:
	mrs	x0, CurrentEL
	cmp	x0, #(2 << 2)
	b.ne	hang
	ldr	x0, =hyp_stack_top
	mov	sp, x0
	adr	x0, el2_vectors
	msr	vbar_el2, x0
	isb
	ldr	x0, =__bss_start
	ldr	x1, =__bss_end
1:	cmp	x0, x1
	b.hs	2f
	str	xzr, [x0], #8
	b	1b
2:	bl	hyp_main
hang:	wfe
	b	hang

/* Secondary pCPU started by PSCI CPU_ON at EL2: own stack, same vectors. */
	.global	secondary_entry
secondary_entry:
	ldr	x0, =secondary_stack_top
	mov	sp, x0
	adr	x0, el2_vectors
	msr	vbar_el2, x0
	isb
	bl	hyp_secondary
	b	hang

/* Save the interrupted context as struct harness_frame and call C. */
.macro	el2_entry kind
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	mrs	x0, elr_el2
	stp	x30, x0, [sp, #16 * 15]
	mrs	x0, spsr_el2
	str	x0, [sp, #16 * 16]
	mov	x0, sp
	mov	x1, #\kind
	bl	hyp_exception
	b	el2_return
.endm

	.balign	2048
el2_vectors:
	.balign 0x80			/* current EL, SP0 */
	b	hang
	.balign 0x80
	b	hang
	.balign 0x80
	b	hang
	.balign 0x80
	b	hang
	.balign 0x80			/* current EL, SPx: sync */
	b	hang
	.balign 0x80			/* current EL, SPx: IRQ */
	el2_entry HARNESS_EXC_EL2_IRQ
	.balign 0x80
	b	hang
	.balign 0x80
	b	hang
	.balign 0x80			/* lower EL, AArch64: sync */
	el2_entry HARNESS_EXC_GUEST_SYNC
	.balign 0x80			/* lower EL, AArch64: IRQ */
	el2_entry HARNESS_EXC_GUEST_IRQ
	.balign 0x80
	b	hang
	.balign 0x80
	b	hang

el2_return:
	ldr	x0, [sp, #16 * 16]
	msr	spsr_el2, x0
	ldp	x30, x0, [sp, #16 * 15]
	msr	elr_el2, x0
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	add	sp, sp, #FRAME_SIZE
	eret

/* ---- the EL1 guest ---- */
	.global	guest_entry
guest_entry:
	ldr	x0, =guest_stack_top
	mov	sp, x0
	adr	x0, guest_vectors
	msr	vbar_el1, x0
	isb
	bl	guest_main
	b	hang

/* IRQ: save the caller-saved registers and call guest_irq(). */
.macro	guest_irq_entry
	sub	sp, sp, #(16 * 10)
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x30, [sp, #16 * 9]
	bl	guest_irq
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x30, [sp, #16 * 9]
	add	sp, sp, #(16 * 10)
	eret
.endm

	.balign	2048
guest_vectors:
	.balign 0x80
	b	hang
	.balign 0x80
	b	hang
	.balign 0x80
	b	hang
	.balign 0x80
	b	hang
	.balign 0x80			/* current EL, SPx: sync */
	b	hang
	.balign 0x80			/* current EL, SPx: IRQ */
	guest_irq_entry
	.balign 0x80
	b	hang
	.balign 0x80
	b	hang
