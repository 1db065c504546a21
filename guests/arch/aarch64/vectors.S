/* SPDX-License-Identifier: MIT */
/*
 * AArch64 EL1 vector table. IRQs from the current EL (SP_EL1) go to
 * irq_dispatch() with the caller-saved state preserved; anything else is
 * reported by unexpected_exception(kind, elr) and ends the run.
 */

/* Vector kinds, in table order: (origin * 4 + type). */
.macro unexpected kind
	.balign	0x80
	mov	x0, #\kind
	mrs	x1, elr_el1
	bl	unexpected_exception
	b	cpu_halt
.endm

	.text
	.balign	2048
	.global exception_vectors
exception_vectors:
	/* current EL, SP_EL0 */
	unexpected 0
	unexpected 1
	unexpected 2
	unexpected 3
	/* current EL, SP_ELx */
	unexpected 4
	.balign	0x80
	b	irq_entry
	unexpected 6
	unexpected 7
	/* lower EL, AArch64 */
	unexpected 8
	unexpected 9
	unexpected 10
	unexpected 11
	/* lower EL, AArch32 */
	unexpected 12
	unexpected 13
	unexpected 14
	unexpected 15

/* Frame: x0-x18, x29, x30, ELR_EL1, SPSR_EL1 (16-byte aligned). */
irq_entry:
	sub	sp, sp, #192
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x29, [sp, #144]
	mrs	x0, elr_el1
	stp	x30, x0, [sp, #160]
	mrs	x0, spsr_el1
	str	x0, [sp, #176]
	bl	irq_dispatch
	ldr	x0, [sp, #176]
	msr	spsr_el1, x0
	ldp	x30, x0, [sp, #160]
	msr	elr_el1, x0
	ldp	x18, x29, [sp, #144]
	ldp	x16, x17, [sp, #128]
	ldp	x14, x15, [sp, #112]
	ldp	x12, x13, [sp, #96]
	ldp	x10, x11, [sp, #80]
	ldp	x8, x9, [sp, #64]
	ldp	x6, x7, [sp, #48]
	ldp	x4, x5, [sp, #32]
	ldp	x2, x3, [sp, #16]
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #192
	eret

	.section .note.GNU-stack, "", %progbits
