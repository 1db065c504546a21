/* SPDX-License-Identifier: MIT */
/*
 * AArch32 isolation probe start code (SVC mode, MMU off): vectors at VBAR,
 * stacks for SVC and abort mode, and a data-abort handler that records
 * DFSR, DFAR and the mode it runs in, then resumes after the faulting (ARM)
 * instruction in SVC mode.
 *
 * It resumes by switching to SVC mode and jumping, not by an exception
 * return: QEMU 7.2 does not load SPSR_abt, as EL2 wrote it, into the
 * AArch32 view of the current SPSR when EL2 returns into abort mode (the
 * handler reads SPSR = 0 there), so SUBS PC, LR would restore a bogus CPSR.
 * The probe calls nothing that depends on the flags across the access.
 */
	.syntax	unified
	.arm
	.section .text.boot, "ax"
	.global _start
_start:
	cpsid	if
	mrc	p15, 0, r1, c1, c0, 0
	bic	r1, r1, #(1 << 13)         /* SCTLR.V = 0: vectors at VBAR */
	bic	r1, r1, #(1 << 30)         /* SCTLR.TE = 0: exceptions in ARM state */
	mcr	p15, 0, r1, c1, c0, 0
	ldr	r1, =probe32_vectors
	mcr	p15, 0, r1, c12, c0, 0
	isb
	cps	#0x17                      /* abort mode: its own stack */
	ldr	sp, =abt_stack_top
	cps	#0x13
	ldr	sp, =svc_stack_top
	bl	guest_main
1:	wfi
	b	1b

	.balign	32
probe32_vectors:
	b	unexpected                 /* reset */
	b	unexpected                 /* undefined */
	b	unexpected                 /* SVC */
	b	unexpected                 /* prefetch abort */
	b	data_abort
	b	unexpected
	b	unexpected                 /* IRQ */
	b	unexpected                 /* FIQ */

data_abort:
	push	{r0-r2}
	mrc	p15, 0, r0, c5, c0, 0      /* DFSR */
	mrc	p15, 0, r1, c6, c0, 0      /* DFAR */
	ldr	r2, =guest_fault32
	str	r0, [r2]
	str	r1, [r2, #4]
	mov	r0, #1
	str	r0, [r2, #8]
	mrs	r0, cpsr                   /* the mode the abort was taken in */
	str	r0, [r2, #12]
	sub	r0, lr, #4                 /* LR_abt = faulting insn + 8 */
	str	r0, resume_pc
	pop	{r0-r2}
	cps	#0x13
	ldr	pc, resume_pc

resume_pc:
	.word	0

unexpected:
	mrs	r0, cpsr
	mov	r1, lr
	bl	guest_unexpected32
2:	wfi
	b	2b

	.ltorg
	.bss
	.balign	8
	.skip	2048
abt_stack_top:
	.skip	8192
svc_stack_top:

	.section .note.GNU-stack, "", %progbits
