/* SPDX-License-Identifier: MIT */
/*
 * Start code of the EL2 engine's own test guests (AArch64, EL1, MMU off):
 * entry, stacks and an EL1 vector table whose synchronous handler records
 * an abort (ESR_EL1, FAR_EL1), steps over the faulting instruction and
 * returns, so the isolation probe can try one forbidden address after
 * another. CPUs started by PSCI CPU_ON enter at guest_secondary_entry and
 * call guest_secondary(x0 = context id).
 */
	.section .text.boot, "ax"
	.global _start
_start:
	msr	daifset, #0xf
	adrp	x1, probe_vectors
	add	x1, x1, :lo12:probe_vectors
	msr	vbar_el1, x1
	isb
	adrp	x1, probe_stack_top
	add	x1, x1, :lo12:probe_stack_top
	mov	sp, x1
	bl	guest_main
1:	wfi
	b	1b

	.global guest_secondary_entry
guest_secondary_entry:
	msr	daifset, #0xf
	adrp	x1, probe_vectors
	add	x1, x1, :lo12:probe_vectors
	msr	vbar_el1, x1
	isb
	adrp	x1, secondary_stack_top
	add	x1, x1, :lo12:secondary_stack_top
	mov	sp, x1
	bl	guest_secondary
	b	1b

	.text
	.balign	0x800
probe_vectors:
	.rept	4                 /* current EL, SP_EL0 */
	.balign	0x80
	b	probe_unexpected
	.endr
	.balign	0x80              /* current EL, SP_EL1: synchronous */
	b	probe_sync
	.rept	11
	.balign	0x80
	b	probe_unexpected
	.endr

probe_sync:
	stp	x0, x1, [sp, #-32]!
	str	x2, [sp, #16]
	mrs	x0, esr_el1
	mrs	x1, far_el1
	adrp	x2, guest_fault
	add	x2, x2, :lo12:guest_fault
	stp	x0, x1, [x2]
	mov	x0, #1
	str	x0, [x2, #16]
	mrs	x0, elr_el1
	add	x0, x0, #4
	msr	elr_el1, x0
	ldr	x2, [sp, #16]
	ldp	x0, x1, [sp], #32
	eret

probe_unexpected:
	mrs	x0, esr_el1
	mrs	x1, elr_el1
	bl	guest_unexpected
2:	wfi
	b	2b

	.bss
	.balign	16
probe_stack:
	.skip	8192
probe_stack_top:
secondary_stack:
	.skip	8192
secondary_stack_top:
