/* SPDX-License-Identifier: MIT */
/*
 * AArch32 vector table (VBAR). IRQs are handled on the SVC stack: SRS saves
 * the return state there, so the IRQ-mode stack is never used, and
 * irq_dispatch() runs with the caller-saved registers preserved. Any other
 * exception is reported by unexpected_exception(kind, lr) and ends the run.
 */
#define MODE_SVC 0x13

	.arm
	.text
	.balign	32
	.global exception_vectors
exception_vectors:
	b	reset_entry
	b	undef_entry
	b	svc_entry
	b	pabt_entry
	b	dabt_entry
	b	hyp_entry
	b	irq_entry
	b	fiq_entry

/* Kinds match the vector offsets / 4. */
reset_entry:	mov	r0, #0
		b	unexpected_entry
undef_entry:	mov	r0, #1
		b	unexpected_entry
svc_entry:	mov	r0, #2
		b	unexpected_entry
pabt_entry:	mov	r0, #3
		b	unexpected_entry
dabt_entry:	mov	r0, #4
		b	unexpected_entry
hyp_entry:	mov	r0, #5
		b	unexpected_entry
fiq_entry:	mov	r0, #7
		b	unexpected_entry

/* The banked LR of the exception mode holds the return address. Continue
 * on the SVC stack: the other modes' stacks are never set up. */
unexpected_entry:
	mov	r1, lr
	cps	#MODE_SVC
	bic	sp, sp, #7
	bl	unexpected_exception
	b	cpu_halt

irq_entry:
	sub	lr, lr, #4
	srsdb	sp!, #MODE_SVC
	cps	#MODE_SVC
	push	{r0-r4, r12, lr}
	mov	r4, sp
	bic	sp, sp, #7
	bl	irq_dispatch
	mov	sp, r4
	pop	{r0-r4, r12, lr}
	rfeia	sp!

	.section .note.GNU-stack, "", %progbits
